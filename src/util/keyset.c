#include "p2e_keyset.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_casefold.h"

p2e_status p2e_keyset_init(p2e_keyset *ks)
{
    memset(ks, 0, sizeof *ks);
    return p2e_pool_init(&ks->names);
}

void p2e_keyset_free(p2e_keyset *ks)
{
    p2e_pool_free(&ks->names);
    p2e_map_free(&ks->index[0]);
    p2e_map_free(&ks->index[1]);
    free(ks->ids);
    p2e_buf_free(&ks->fold);
    memset(ks, 0, sizeof *ks);
}

/* ks->fold = key as is, or its fold. */
static p2e_status lookup_name(p2e_keyset *ks, const char *key, size_t len, int folded)
{
    if (folded)
        return p2e_casefold(&ks->fold, key, len);
    ks->fold.len = 0;
    return p2e_buf_append(&ks->fold, key, len);
}

static p2e_status add_under(p2e_keyset *ks, p2e_map *index, uint32_t id, int written)
{
    uint32_t slot;
    if (!p2e_map_get(index, &ks->names, ks->fold.data, ks->fold.len, &slot)) {
        void *ids = ks->ids;
        p2e_status st = p2e_grow(&ids, &ks->cap, ks->nids + 1, sizeof *ks->ids);
        ks->ids = ids;
        if (st)
            return st;
        p2e_str s;
        st = p2e_pool_add(&ks->names, ks->fold.data, ks->fold.len, &s);
        if (!st)
            st = p2e_map_put_len(index, &ks->names, s, ks->fold.len, (uint32_t)ks->nids);
        if (st)
            return st;
        slot = (uint32_t)ks->nids++;
        ks->ids[slot] = (p2e_key_ids){0, {P2E_KEY_NO_ID, P2E_KEY_NO_ID}, P2E_KEY_NO_ID};
    }
    p2e_key_ids *k = &ks->ids[slot];
    if (written && k->nwritten < 2)
        k->written[k->nwritten] = id;
    if (written)
        k->nwritten++;
    else if (k->unwritten == P2E_KEY_NO_ID)
        k->unwritten = id;
    return P2E_OK;
}

p2e_status p2e_keyset_add(p2e_keyset *ks, const char *key, size_t len, uint32_t id, int written)
{
    if (!len)
        return P2E_OK;
    p2e_status st = P2E_OK;
    for (int folded = 0; !st && folded < 2; folded++) {
        st = lookup_name(ks, key, len, folded);
        if (!st)
            st = add_under(ks, &ks->index[folded], id, written);
    }
    return st;
}

const p2e_key_ids *p2e_keyset_find(p2e_keyset *ks, const char *key, size_t len, int folded,
                                   p2e_status *st)
{
    uint32_t slot;
    *st = len ? lookup_name(ks, key, len, folded) : P2E_OK;
    if (*st || !len || !p2e_map_get(&ks->index[folded != 0], &ks->names, ks->fold.data, ks->fold.len, &slot))
        return NULL;
    return &ks->ids[slot];
}
