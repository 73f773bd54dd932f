#include "p2e_catalog.h"

#include <stdlib.h>
#include <string.h>

p2e_status p2e_catalog_init(p2e_catalog *c)
{
    memset(c, 0, sizeof *c);
    return p2e_pool_init(&c->pool);
}

void p2e_catalog_free(p2e_catalog *c)
{
    p2e_pool_free(&c->pool);
    free(c->variants);
    free(c->families);
    free(c->components);
    p2e_map_free(&c->family_by_key);
    p2e_map_free(&c->variant_by_sku);
    p2e_map_free(&c->variant_by_id);
    memset(c, 0, sizeof *c);
}

p2e_status p2e_catalog_intern(p2e_catalog *c, const char *s, size_t len, p2e_str *out)
{
    return p2e_pool_intern(&c->pool, s, len, out);
}

p2e_status p2e_catalog_add(p2e_catalog *c, const char *s, size_t len, p2e_str *out)
{
    return p2e_pool_add(&c->pool, s, len, out);
}

/* Grow an array of `size`-byte items so that one more fits. Items are
 * named by uint32_t indices, P2E_NONE being none: count stays below it. */
static p2e_status grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count >= P2E_NONE)
        return P2E_ERR_NOMEM;
    return p2e_grow(items, cap, count + 1, size);
}

p2e_status p2e_catalog_add_variant(p2e_catalog *c, const p2e_variant *v, uint32_t *index)
{
    p2e_status st = grow((void **)&c->variants, &c->cap_variants, c->nvariants, sizeof *v);
    if (st)
        return st;
    *index = (uint32_t)c->nvariants;
    c->variants[c->nvariants++] = *v;
    return P2E_OK;
}

p2e_status p2e_catalog_family(p2e_catalog *c, p2e_str key, uint32_t *index, int *created)
{
    const char *k = p2e_catalog_str(c, key);
    uint32_t f;
    *created = 0;
    size_t k_len = strlen(k);
    if (p2e_map_get(&c->family_by_key, &c->pool, k, k_len, &f)) {
        *index = f;
        return P2E_OK;
    }
    p2e_status st = grow((void **)&c->families, &c->cap_families, c->nfamilies,
                         sizeof *c->families);
    if (!st)
        st = p2e_map_put_len(&c->family_by_key, &c->pool, key, k_len, (uint32_t)c->nfamilies);
    if (st)
        return st;
    p2e_family *fam = &c->families[c->nfamilies];
    memset(fam, 0, sizeof *fam);
    fam->key = key;
    fam->first = fam->last = P2E_NONE;
    *index = (uint32_t)c->nfamilies++;
    *created = 1;
    return P2E_OK;
}

void p2e_catalog_family_append(p2e_catalog *c, uint32_t f, uint32_t v)
{
    p2e_family *fam = &c->families[f];
    c->variants[v].family = f;
    c->variants[v].next = P2E_NONE;
    if (fam->last == P2E_NONE)
        fam->first = v;
    else
        c->variants[fam->last].next = v;
    fam->last = v;
    fam->nrows++;
}

p2e_status p2e_catalog_add_component(p2e_catalog *c, const p2e_component *comp)
{
    p2e_status st = grow((void **)&c->components, &c->cap_components, c->ncomponents,
                         sizeof *comp);
    if (st)
        return st;
    uint32_t i = (uint32_t)c->ncomponents++;
    c->components[i] = *comp;
    c->components[i].next = P2E_NONE;
    /* append at the tail so components keep input order */
    uint32_t *link = &c->variants[comp->composite].components;
    while (*link != P2E_NONE)
        link = &c->components[*link].next;
    *link = i;
    return P2E_OK;
}

size_t p2e_category_next(const char *path, size_t len, size_t from)
{
    if (from >= len)
        return 0;
    for (size_t end = from + 1; end < len; end++)
        if (end + 3 <= len && !memcmp(path + end, " / ", 3))
            return end;
    return len;
}

void p2e_catalog_account(const p2e_catalog *c, p2e_accounting *a)
{
    memset(a, 0, sizeof *a);
    a->read = c->rows_read;
    a->attached = c->rows_attached;
    a->blank = c->rows_blank;
    a->recovered = c->rows_recovered;
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        a->not_written[k] = c->not_written_unstored[k];
    for (size_t i = 0; i < c->nvariants; i++) {
        const p2e_variant *v = &c->variants[i];
        if (v->written)
            a->written++;
        else if (v->excluded)
            a->not_written[v->excluded - 1]++;
    }
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        a->not_written_total += a->not_written[k];
}
