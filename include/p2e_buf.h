/*
 * p2e_buf.h - growable byte buffer and string pool.
 *
 * Ownership: a p2e_buf owns its bytes; p2e_buf_free releases them. A
 * p2e_pool owns every string added to it; strings are named by a p2e_str
 * offset that stays valid while the pool lives (pointers from
 * p2e_pool_get do not: the next add may move the storage).
 */
#ifndef P2E_BUF_H
#define P2E_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_status.h"

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} p2e_buf;

/* Narrow s[0..*len) to exclude leading and trailing spaces and tabs. */
void p2e_text_trim(const char **s, size_t *len);

p2e_status p2e_buf_reserve(p2e_buf *b, size_t extra);
p2e_status p2e_buf_append(p2e_buf *b, const void *data, size_t len);
p2e_status p2e_buf_putc(p2e_buf *b, char c);
p2e_status p2e_buf_puts(p2e_buf *b, const char *s);
void p2e_buf_free(p2e_buf *b);

/* A string in a pool: an offset; 0 is always the empty string. */
typedef uint32_t p2e_str;

typedef struct {
    p2e_buf bytes;
    /* hash index for p2e_pool_intern: slots hold offset+1, 0 = empty */
    uint32_t *slots;
    size_t nslots;
    size_t nused;
} p2e_pool;

p2e_status p2e_pool_init(p2e_pool *p);
void p2e_pool_free(p2e_pool *p);
/* Copy len bytes (plus a NUL) into the pool; *out names them. */
p2e_status p2e_pool_add(p2e_pool *p, const char *s, size_t len, p2e_str *out);
/* Like add, but returns the existing copy for equal bytes (deduplicated). */
p2e_status p2e_pool_intern(p2e_pool *p, const char *s, size_t len, p2e_str *out);

static inline const char *p2e_pool_get(const p2e_pool *p, p2e_str s)
{
    return p->bytes.data + s;
}

/*
 * p2e_map: string key -> uint32 value, keys held as offsets in a pool the
 * caller owns (the map never copies or frees keys).
 */
typedef struct {
    uint32_t *keys;   /* p2e_str + 1, 0 = empty slot */
    uint32_t *vals;
    size_t nslots;
    size_t nused;
} p2e_map;

uint64_t p2e_hash(const char *s, size_t len);
void p2e_map_free(p2e_map *m);
/* Find key; returns 1 and sets *val when present, else 0. */
int p2e_map_get(const p2e_map *m, const p2e_pool *pool, const char *key, size_t len, uint32_t *val);
/* Insert key (already in pool as str) with val; key must not be present. */
p2e_status p2e_map_put(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val);
/* Insert or overwrite the value of key (already in pool as str). */
p2e_status p2e_map_set(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val);

#endif
