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

p2e_status p2e_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return P2E_OK;
    if (elem == 0 || need > SIZE_MAX / elem)
        return P2E_ERR_NOMEM;
    size_t max = SIZE_MAX / elem; /* the most items whose bytes size_t holds */
    size_t n = *cap ? *cap : P2E_GROW_FIRST;
    while (n < need)
        n = n > max / 2 ? max : n * 2;
    if (n > max)
        n = max; /* a P2E_GROW_FIRST start over max: need still fits */
    void *q = realloc(*p, n * elem);
    if (!q)
        return P2E_ERR_NOMEM;
    *p = q;
    *cap = n;
    return P2E_OK;
}

/* A buffer's first block: most strings fit in it at once. */
#define BUF_FIRST 256

p2e_status p2e_buf_reserve(p2e_buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return P2E_OK;
    if (extra > SIZE_MAX - b->len)
        return P2E_ERR_NOMEM;
    size_t need = b->len + extra;
    if (!b->cap && need < BUF_FIRST)
        need = BUF_FIRST;
    void *d = b->data;
    p2e_status st = p2e_grow(&d, &b->cap, need, 1);
    b->data = d;
    return st;
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

/*
 * p2e_hash: 8 bytes per step (an xxHash64-style round: the multiply spreads
 * each input bit upwards, the rotate brings the high bits back down), then
 * the murmur3 finalizer so that the low bits, which pick the slot, depend
 * on every input bit. Loads go through memcpy: no alignment assumptions.
 */
#define HASH_P1 0x9E3779B185EBCA87ULL
#define HASH_P2 0xC2B2AE3D27D4EB4FULL
#define HASH_SEED 0x27D4EB2F165667C5ULL

static uint64_t load64(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return w;
}

static uint64_t load32(const char *s)
{
    uint32_t w;
    memcpy(&w, s, sizeof w);
    return w;
}

static uint64_t hash_round(uint64_t acc, uint64_t w)
{
    acc += w * HASH_P2;
    acc = (acc << 31) | (acc >> 33);
    return acc * HASH_P1;
}

/* The last 1..7 bytes as one word. Two overlapping loads (or three bytes)
 * cover them without a byte loop; they pack uniquely for a given n, and n
 * is in the seed. */
static uint64_t hash_tail(const char *s, size_t n)
{
    if (n >= 4)
        return load32(s) | load32(s + n - 4) << 32;
    return (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
           (uint64_t)(unsigned char)s[n - 1] << 16;
}

static uint64_t hash_finish(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

uint64_t p2e_hash(const char *s, size_t len)
{
    uint64_t h = HASH_SEED + len;
    size_t i = 0;
    for (; len - i >= 8; i += 8)
        h = hash_round(h, load64(s + i));
    /* no tail: s is not touched, so ("" or NULL, 0) is fine as before */
    return hash_finish(hash_round(h, i < len ? hash_tail(s + i, len - i) : 0));
}

/* The 32 bits kept per slot; the slot index is taken from them too, so a
 * grown table places keys from the stored value alone. */
static uint32_t slot_hash(const char *s, size_t len)
{
    return (uint32_t)p2e_hash(s, len);
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

/* Whether the pool string at off is exactly s[0..len). Only called when
 * the stored hash matched, so the bytes are rarely read for a miss. The
 * length test keeps memcmp inside the pool: a string of len bytes and its
 * NUL end before bytes.len, and a shorter one cannot match anyway. */
static int key_eq(const p2e_pool *p, uint32_t off, const char *s, size_t len)
{
    const char *k = p->bytes.data + off;
    return len < p->bytes.len - off && memcmp(k, s, len) == 0 && k[len] == '\0';
}

/* Growth helpers: whether one more key would pass 3/4 load, and the new
 * slot count (a power of two, so masking picks the slot). */
static int needs_growth(size_t nused, size_t nslots)
{
    return (nused + 1) * 4 > nslots * 3;
}

static size_t grown_size(size_t nslots)
{
    return nslots ? nslots * 2 : 1024;
}

static p2e_status pool_grow_index(p2e_pool *p)
{
    size_t n = grown_size(p->nslots);
    p2e_pool_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < p->nslots; i++) {
        if (!p->slots[i].ref)
            continue;
        size_t j = p->slots[i].hash & (n - 1);
        while (slots[j].ref)
            j = (j + 1) & (n - 1);
        slots[j] = p->slots[i];
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
    return P2E_OK;
}

/* The slot holding s[0..len) (hash h), or the empty slot where it goes. */
static size_t pool_find(const p2e_pool *p, const char *s, size_t len, uint32_t h)
{
    size_t mask = p->nslots - 1;
    size_t j = h & mask;
    while (p->slots[j].ref &&
           !(p->slots[j].hash == h && key_eq(p, p->slots[j].ref - 1, s, len)))
        j = (j + 1) & mask;
    return j;
}

p2e_status p2e_pool_intern(p2e_pool *p, const char *s, size_t len, p2e_str *out)
{
    if (len == 0) {
        *out = 0;
        return P2E_OK;
    }
    if (needs_growth(p->nused, p->nslots)) {
        p2e_status st = pool_grow_index(p);
        if (st)
            return st;
    }
    uint32_t h = slot_hash(s, len);
    size_t j = pool_find(p, s, len, h);
    if (p->slots[j].ref) {
        *out = p->slots[j].ref - 1;
        return P2E_OK;
    }
    p2e_status st = p2e_pool_add(p, s, len, out);
    if (st)
        return st;
    p->slots[j].ref = *out + 1;
    p->slots[j].hash = h;
    p->nused++;
    return P2E_OK;
}

void p2e_map_free(p2e_map *m)
{
    free(m->slots);
    memset(m, 0, sizeof *m);
}

/* As pool_find, over a map whose keys live in pool. */
static size_t map_find(const p2e_map *m, const p2e_pool *pool, const char *s, size_t len,
                       uint32_t h)
{
    size_t mask = m->nslots - 1;
    size_t j = h & mask;
    while (m->slots[j].ref &&
           !(m->slots[j].hash == h && key_eq(pool, m->slots[j].ref - 1, s, len)))
        j = (j + 1) & mask;
    return j;
}

/* The first empty slot from h's home: put's key is known to be absent. */
static size_t map_free_slot(const p2e_map *m, uint32_t h)
{
    size_t mask = m->nslots - 1;
    size_t j = h & mask;
    while (m->slots[j].ref)
        j = (j + 1) & mask;
    return j;
}

int p2e_map_get(const p2e_map *m, const p2e_pool *pool, const char *key, size_t len, uint32_t *val)
{
    if (!m->nslots)
        return 0;
    size_t j = map_find(m, pool, key, len, slot_hash(key, len));
    if (!m->slots[j].ref)
        return 0;
    *val = m->slots[j].val;
    return 1;
}

/* Slots are moved whole in index order, with their stored hashes. */
static p2e_status map_grow(p2e_map *m)
{
    size_t n = grown_size(m->nslots);
    p2e_map_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].ref)
            continue;
        size_t j = m->slots[i].hash & (n - 1);
        while (slots[j].ref)
            j = (j + 1) & (n - 1);
        slots[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
    return P2E_OK;
}

/* Insert an absent key whose hash is known. */
static p2e_status map_insert(p2e_map *m, p2e_str key, uint32_t h, uint32_t val)
{
    if (needs_growth(m->nused, m->nslots)) {
        p2e_status st = map_grow(m);
        if (st)
            return st;
    }
    size_t j = map_free_slot(m, h);
    m->slots[j].ref = key + 1;
    m->slots[j].hash = h;
    m->slots[j].val = val;
    m->nused++;
    return P2E_OK;
}

p2e_status p2e_map_put_len(p2e_map *m, const p2e_pool *pool, p2e_str key, size_t len, uint32_t val)
{
    return map_insert(m, key, slot_hash(pool->bytes.data + key, len), val);
}

p2e_status p2e_map_set_len(p2e_map *m, const p2e_pool *pool, p2e_str key, size_t len, uint32_t val)
{
    const char *k = pool->bytes.data + key;
    uint32_t h = slot_hash(k, len);
    if (m->nslots) {
        size_t j = map_find(m, pool, k, len, h);
        if (m->slots[j].ref) {
            m->slots[j].val = val;
            return P2E_OK;
        }
    }
    return map_insert(m, key, h, val);
}

p2e_status p2e_map_put(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val)
{
    return p2e_map_put_len(m, pool, key, strlen(pool->bytes.data + key), val);
}

p2e_status p2e_map_set(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val)
{
    return p2e_map_set_len(m, pool, key, strlen(pool->bytes.data + key), val);
}

/* ---- arena: strings that never move ------------------------------------ */

#define ARENA_BLOCK 16384

struct p2e_arena_block {
    p2e_arena_block *next;
    size_t used, cap;
    char data[];
};

char *p2e_arena_alloc(p2e_arena *a, size_t n)
{
    p2e_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        p2e_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        a->head = b = nb;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

const char *p2e_arena_strn(p2e_arena *a, const char *s, size_t len)
{
    char *p = p2e_arena_alloc(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void p2e_arena_free(p2e_arena *a)
{
    p2e_arena_block *b = a->head;
    while (b) {
        p2e_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
