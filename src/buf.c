#include "p2e_buf.h"

#include <stdlib.h>
#include <string.h>

void p2e_text_trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

p2e_status p2e_buf_reserve(p2e_buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return P2E_OK;
    if (extra > SIZE_MAX / 2 - b->len)
        return P2E_ERR_NOMEM;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d)
        return P2E_ERR_NOMEM;
    b->data = d;
    b->cap = cap;
    return P2E_OK;
}

p2e_status p2e_buf_append(p2e_buf *b, const void *data, size_t len)
{
    p2e_status st = p2e_buf_reserve(b, len + 1);
    if (st)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return P2E_OK;
}

p2e_status p2e_buf_putc(p2e_buf *b, char c)
{
    if (b->cap - b->len < 2) {
        p2e_status st = p2e_buf_reserve(b, 2);
        if (st)
            return st;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return P2E_OK;
}

p2e_status p2e_buf_puts(p2e_buf *b, const char *s)
{
    return p2e_buf_append(b, s, strlen(s));
}

void p2e_buf_free(p2e_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* FNV-1a folded with a final mix: fast on short keys, good enough spread. */
uint64_t p2e_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

p2e_status p2e_pool_init(p2e_pool *p)
{
    memset(p, 0, sizeof *p);
    return p2e_buf_putc(&p->bytes, '\0'); /* offset 0 = "" */
}

void p2e_pool_free(p2e_pool *p)
{
    p2e_buf_free(&p->bytes);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

p2e_status p2e_pool_add(p2e_pool *p, const char *s, size_t len, p2e_str *out)
{
    if (len == 0) {
        *out = 0;
        return P2E_OK;
    }
    if (p->bytes.len + len + 1 > UINT32_MAX)
        return P2E_ERR_NOMEM;
    *out = (p2e_str)p->bytes.len;
    p2e_status st = p2e_buf_append(&p->bytes, s, len);
    if (st)
        return st;
    return p2e_buf_putc(&p->bytes, '\0');
}

static int pool_key_eq(const p2e_pool *p, uint32_t off, const char *s, size_t len)
{
    const char *k = p->bytes.data + off;
    return strncmp(k, s, len) == 0 && k[len] == '\0';
}

static p2e_status pool_grow_index(p2e_pool *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 1024;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < p->nslots; i++) {
        uint32_t v = p->slots[i];
        if (!v)
            continue;
        const char *k = p->bytes.data + v - 1;
        size_t j = p2e_hash(k, strlen(k)) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = v;
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
    return P2E_OK;
}

p2e_status p2e_pool_intern(p2e_pool *p, const char *s, size_t len, p2e_str *out)
{
    if (len == 0) {
        *out = 0;
        return P2E_OK;
    }
    if ((p->nused + 1) * 4 > p->nslots * 3) {
        p2e_status st = pool_grow_index(p);
        if (st)
            return st;
    }
    size_t j = p2e_hash(s, len) & (p->nslots - 1);
    while (p->slots[j]) {
        if (pool_key_eq(p, p->slots[j] - 1, s, len)) {
            *out = p->slots[j] - 1;
            return P2E_OK;
        }
        j = (j + 1) & (p->nslots - 1);
    }
    p2e_status st = p2e_pool_add(p, s, len, out);
    if (st)
        return st;
    p->slots[j] = *out + 1;
    p->nused++;
    return P2E_OK;
}

void p2e_map_free(p2e_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

int p2e_map_get(const p2e_map *m, const p2e_pool *pool, const char *key, size_t len, uint32_t *val)
{
    if (!m->nslots)
        return 0;
    size_t j = p2e_hash(key, len) & (m->nslots - 1);
    while (m->keys[j]) {
        if (pool_key_eq(pool, m->keys[j] - 1, key, len)) {
            *val = m->vals[j];
            return 1;
        }
        j = (j + 1) & (m->nslots - 1);
    }
    return 0;
}

static p2e_status map_grow(p2e_map *m, const p2e_pool *pool)
{
    size_t n = m->nslots ? m->nslots * 2 : 1024;
    uint32_t *keys = calloc(n, sizeof *keys);
    uint32_t *vals = calloc(n, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return P2E_ERR_NOMEM;
    }
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->keys[i])
            continue;
        const char *k = pool->bytes.data + m->keys[i] - 1;
        size_t j = p2e_hash(k, strlen(k)) & (n - 1);
        while (keys[j])
            j = (j + 1) & (n - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->nslots = n;
    return P2E_OK;
}

p2e_status p2e_map_put(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val)
{
    if ((m->nused + 1) * 4 > m->nslots * 3) {
        p2e_status st = map_grow(m, pool);
        if (st)
            return st;
    }
    const char *k = pool->bytes.data + key;
    size_t j = p2e_hash(k, strlen(k)) & (m->nslots - 1);
    while (m->keys[j])
        j = (j + 1) & (m->nslots - 1);
    m->keys[j] = key + 1;
    m->vals[j] = val;
    m->nused++;
    return P2E_OK;
}

p2e_status p2e_map_set(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val)
{
    const char *k = pool->bytes.data + key;
    size_t len = strlen(k);
    if (m->nslots) {
        size_t j = p2e_hash(k, len) & (m->nslots - 1);
        while (m->keys[j]) {
            if (pool_key_eq(pool, m->keys[j] - 1, k, len)) {
                m->vals[j] = val;
                return P2E_OK;
            }
            j = (j + 1) & (m->nslots - 1);
        }
    }
    return p2e_map_put(m, pool, key, val);
}
