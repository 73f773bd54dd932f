/*
 * p2e_buf.h - growable byte buffer and string pool.
 *
 * Ownership: a p2e_buf owns its bytes; p2e_buf_free releases them. A
 * p2e_pool owns every string added to it and its intern index;
 * p2e_pool_free releases both. Strings are named by a p2e_str offset that
 * stays valid while the pool lives (pointers from p2e_pool_get do not: the
 * next add may move the storage). A p2e_map owns only its slot array
 * (p2e_map_free releases it); its keys stay in the caller's pool. A
 * p2e_arena owns its blocks and every string in them; p2e_arena_free
 * releases them all at once, and until then nothing in it moves.
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

/*
 * p2e_span: a borrowed run of bytes s[0..len), not necessarily
 * NUL-terminated (a CSV cell, a row slot being built). It owns nothing;
 * it is valid as long as what s points into. The one {pointer, length}
 * pair of the project: use it rather than a struct of one's own.
 */
typedef struct {
    const char *s;
    size_t len;
} p2e_span;

/*
 * p2e_grow: make room for need items of elem bytes in the array *p, whose
 * capacity is *cap items (0 with *p NULL: nothing yet). The capacity
 * doubles from *cap, or from P2E_GROW_FIRST items, until need fits, so n
 * appends cost O(n). A size that does not fit in size_t (need * elem
 * overflows) is refused with P2E_ERR_NOMEM, as is a failed realloc; on
 * failure *p and *cap are as they were.
 */
#define P2E_GROW_FIRST 16
p2e_status p2e_grow(void **p, size_t *cap, size_t need, size_t elem) P2E_MUST_CHECK;

/* Narrow s[0..*len) to exclude leading and trailing spaces and tabs. */
void p2e_text_trim(const char **s, size_t *len);

p2e_status p2e_buf_reserve(p2e_buf *b, size_t extra) P2E_MUST_CHECK;
p2e_status p2e_buf_append(p2e_buf *b, const void *data, size_t len) P2E_MUST_CHECK;
p2e_status p2e_buf_putc(p2e_buf *b, char c) P2E_MUST_CHECK;
p2e_status p2e_buf_puts(p2e_buf *b, const char *s) P2E_MUST_CHECK;
void p2e_buf_free(p2e_buf *b);

/* A string in a pool: an offset; 0 is always the empty string. */
typedef uint32_t p2e_str;

/*
 * A slot of a hash index. ref is the key's offset + 1 (0 = empty slot);
 * hash is the low 32 bits of p2e_hash of the key, kept so that a probe
 * skips other keys without reading their bytes and growing never rehashes.
 */
typedef struct {
    uint32_t ref;
    uint32_t hash;
} p2e_pool_slot;

typedef struct {
    p2e_buf bytes;
    p2e_pool_slot *slots; /* index of interned strings, for p2e_pool_intern */
    size_t nslots;
    size_t nused;
} p2e_pool;

p2e_status p2e_pool_init(p2e_pool *p) P2E_MUST_CHECK;
void p2e_pool_free(p2e_pool *p);
/* Copy len bytes (plus a NUL) into the pool; *out names them. */
p2e_status p2e_pool_add(p2e_pool *p, const char *s, size_t len, p2e_str *out) P2E_MUST_CHECK;
/* Like add, but returns the existing copy for equal bytes (deduplicated). */
p2e_status p2e_pool_intern(p2e_pool *p, const char *s, size_t len, p2e_str *out) P2E_MUST_CHECK;

static inline const char *p2e_pool_get(const p2e_pool *p, p2e_str s)
{
    return p->bytes.data + s;
}

/* A map slot: the key as in p2e_pool_slot, and its value beside it, so a
 * lookup reads one slot rather than two arrays. */
typedef struct {
    uint32_t ref;
    uint32_t hash;
    uint32_t val;
} p2e_map_slot;

/*
 * p2e_map: string key -> uint32 value, keys held as offsets in a pool the
 * caller owns (the map never copies or frees keys). All zero (memset or
 * {0}) is an empty map. Slots sit in hash order: nothing should walk them
 * to produce output.
 */
typedef struct {
    p2e_map_slot *slots;
    size_t nslots;
    size_t nused;
} p2e_map;

/* Deterministic (no seed): the same bytes hash alike on every run and on
 * every machine of the same byte order. */
uint64_t p2e_hash(const char *s, size_t len);
void p2e_map_free(p2e_map *m);
/* Find key; returns 1 and sets *val when present, else 0. */
int p2e_map_get(const p2e_map *m, const p2e_pool *pool, const char *key, size_t len, uint32_t *val);
/* Insert key (already in pool as str) with val; key must not be present. */
p2e_status p2e_map_put(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val) P2E_MUST_CHECK;
/* Insert or overwrite the value of key (already in pool as str). */
p2e_status p2e_map_set(p2e_map *m, const p2e_pool *pool, p2e_str key, uint32_t val) P2E_MUST_CHECK;
/* As put and set, for a caller that knows the key's length (the len given
 * to p2e_pool_add or p2e_pool_intern): saves a strlen over the key. */
p2e_status p2e_map_put_len(p2e_map *m, const p2e_pool *pool, p2e_str key, size_t len, uint32_t val)
    P2E_MUST_CHECK;
p2e_status p2e_map_set_len(p2e_map *m, const p2e_pool *pool, p2e_str key, size_t len, uint32_t val)
    P2E_MUST_CHECK;

/*
 * p2e_arena: strings that never move (unlike a p2e_pool's), handed out as
 * plain pointers valid until p2e_arena_free: for structures that give
 * their callers const char * fields. Blocks of 16 KiB (a larger string
 * gets a block of its own); memory is returned only all at once. All zero
 * ({0}) is an empty arena.
 */
typedef struct p2e_arena_block p2e_arena_block;

typedef struct {
    p2e_arena_block *head;
} p2e_arena;

/* n bytes, not aligned (for text), or NULL when out of memory. */
char *p2e_arena_alloc(p2e_arena *a, size_t n);
/* A copy of s[0..len) and a NUL, or NULL when out of memory. */
const char *p2e_arena_strn(p2e_arena *a, const char *s, size_t len);
void p2e_arena_free(p2e_arena *a);

#endif
