/*
 * test_buf.c - the string pool and the hash map: interning deduplicates
 * exactly equal bytes and nothing else (prefixes, differences past the
 * first 8-byte word, keys whose low 32 hash bits collide), offsets and
 * values survive index growth, set overwrites, and p2e_hash depends on the
 * bytes only (not on where they sit in memory). p2e_grow grows from nothing,
 * keeps what it held, and refuses a size that does not fit in size_t.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_buf.h"
#include "testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)
#define NKEYS 200000u
/* Keys searched for a 32-bit hash collision: about 18 pairs expected, so
 * any decent hash yields one. */
#define NCOLL 400000u

/* Key i of the big tests, into buf; returns its length. */
static size_t key_of(char *buf, size_t cap, unsigned i)
{
    return (size_t)snprintf(buf, cap, "sku-%u-x", i);
}

static p2e_str intern(p2e_pool *p, const char *s, size_t len)
{
    p2e_str out = 12345;
    assert_int_equal(p2e_pool_intern(p, s, len, &out), P2E_OK);
    return out;
}

static void assert_pool_str(const p2e_pool *p, p2e_str s, const char *want)
{
    assert_string_equal(p2e_pool_get(p, s), want);
}

static void test_intern_dedups_equal_strings(void **state)
{
    (void)state;
    p2e_pool p;
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    p2e_str a = intern(&p, S("hello"));
    size_t used = p.bytes.len;
    char copy[] = "xhello"; /* same bytes at another address */
    assert_int_equal(intern(&p, copy + 1, 5), a);
    assert_int_equal(intern(&p, S("hello")), a);
    assert_int_equal(p.bytes.len, used); /* nothing stored twice */
    assert_int_equal(p.nused, 1);
    assert_pool_str(&p, a, "hello");
    p2e_pool_free(&p);
}

static void test_intern_prefixes_are_distinct(void **state)
{
    (void)state;
    p2e_pool p;
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    p2e_str ab = intern(&p, S("ab"));
    p2e_str abc = intern(&p, S("abc"));
    p2e_str a = intern(&p, S("a"));
    assert_int_not_equal(ab, abc);
    assert_int_not_equal(ab, a);
    assert_int_not_equal(abc, a);
    assert_pool_str(&p, ab, "ab");
    assert_pool_str(&p, abc, "abc");
    assert_pool_str(&p, a, "a");
    /* a length shorter than the bytes given names the prefix only */
    assert_int_equal(intern(&p, "abcdef", 2), ab);
    assert_int_equal(intern(&p, "abcdef", 3), abc);
    assert_int_equal(intern(&p, "abcdef", 1), a);
    assert_int_equal(p.nused, 3);
    p2e_pool_free(&p);
}

/* Every prefix of a 40-byte string (across the 8-byte steps of the hash)
 * is its own string, and each comes back as itself. */
static void test_intern_every_prefix_length(void **state)
{
    (void)state;
    const char *text = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
    p2e_str got[41];
    p2e_pool p;
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    for (size_t n = 1; n <= 40; n++)
        got[n] = intern(&p, text, n);
    for (size_t n = 1; n <= 40; n++) {
        assert_int_equal(intern(&p, text, n), got[n]);
        assert_int_equal(strlen(p2e_pool_get(&p, got[n])), n);
        assert_memory_equal(p2e_pool_get(&p, got[n]), text, n);
    }
    assert_int_equal(p.nused, 40);
    p2e_pool_free(&p);
}

/* Strings equal in their first 8 (or 16) bytes and different after. */
static void test_intern_difference_after_8_bytes(void **state)
{
    (void)state;
    char s[32];
    p2e_str got[24];
    p2e_pool p;
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    for (size_t k = 0; k < 24; k++) {
        memset(s, 'q', 24);
        s[8 + k % 16] = (char)('A' + k / 16); /* one byte changed at 8..23 */
        got[k] = intern(&p, s, 24);
    }
    for (size_t k = 0; k < 24; k++)
        for (size_t m = k + 1; m < 24; m++)
            assert_int_not_equal(got[k], got[m]);
    for (size_t k = 0; k < 24; k++) {
        memset(s, 'q', 24);
        s[8 + k % 16] = (char)('A' + k / 16);
        assert_int_equal(intern(&p, s, 24), got[k]);
        assert_memory_equal(p2e_pool_get(&p, got[k]), s, 24);
    }
    p2e_pool_free(&p);
}

static void test_empty_string_is_zero(void **state)
{
    (void)state;
    p2e_pool p;
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    assert_int_equal(intern(&p, "", 0), 0);
    assert_int_equal(intern(&p, "abc", 0), 0);
    p2e_str out = 99;
    assert_int_equal(p2e_pool_add(&p, "abc", 0, &out), P2E_OK);
    assert_int_equal(out, 0);
    assert_pool_str(&p, 0, "");
    assert_int_equal(p.nused, 0);
    assert_int_equal(p.bytes.len, 1);
    p2e_pool_free(&p);
}

/* Offsets named before the index and the bytes grew still name the same
 * strings, and interning again finds them. */
static void test_pool_offsets_stable_after_growth(void **state)
{
    (void)state;
    p2e_pool p;
    char k[32];
    p2e_str *got = malloc(NKEYS * sizeof *got);
    assert_non_null(got);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    p2e_str first = intern(&p, S("first"));
    size_t slots_at_start = p.nslots;
    for (unsigned i = 0; i < NKEYS; i++)
        got[i] = intern(&p, k, key_of(k, sizeof k, i));
    assert_true(p.nslots > slots_at_start);
    assert_int_equal(p.nused, NKEYS + 1);
    assert_pool_str(&p, first, "first");
    assert_int_equal(intern(&p, S("first")), first);
    for (unsigned i = 0; i < NKEYS; i++) {
        size_t n = key_of(k, sizeof k, i);
        assert_string_equal(p2e_pool_get(&p, got[i]), k);
        assert_int_equal(intern(&p, k, n), got[i]);
    }
    assert_int_equal(p.nused, NKEYS + 1);
    free(got);
    p2e_pool_free(&p);
}

static void test_map_many_keys_with_growth(void **state)
{
    (void)state;
    p2e_pool p;
    p2e_map m;
    char k[32];
    uint32_t v = 0;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    assert_int_equal(p2e_map_get(&m, &p, S("sku-0-x"), &v), 0); /* empty map */
    for (unsigned i = 0; i < NKEYS; i++) {
        p2e_str s;
        size_t n = key_of(k, sizeof k, i);
        assert_int_equal(p2e_pool_add(&p, k, n, &s), P2E_OK);
        assert_int_equal(p2e_map_put(&m, &p, s, i * 7u + 3u), P2E_OK);
    }
    assert_int_equal(m.nused, NKEYS);
    assert_true(m.nslots >= NKEYS * 4 / 3);
    for (unsigned i = 0; i < NKEYS; i++) {
        size_t n = key_of(k, sizeof k, i);
        v = 0;
        assert_int_equal(p2e_map_get(&m, &p, k, n, &v), 1);
        assert_int_equal(v, i * 7u + 3u);
    }
    /* absent: a key never put, and prefixes and extensions of present ones */
    assert_int_equal(p2e_map_get(&m, &p, S("sku-200000-x"), &v), 0);
    assert_int_equal(p2e_map_get(&m, &p, S("sku-1-"), &v), 0);
    assert_int_equal(p2e_map_get(&m, &p, S("sku-1-xx"), &v), 0);
    assert_int_equal(p2e_map_get(&m, &p, S(""), &v), 0);
    p2e_map_free(&m);
    assert_int_equal(m.nslots, 0);
    assert_int_equal(p2e_map_get(&m, &p, S("sku-1-x"), &v), 0);
    p2e_pool_free(&p);
}

static void test_map_keys_prefixes_of_each_other(void **state)
{
    (void)state;
    const char *text = "abcdefghijklmnopqrstuvwxyz0123456789";
    p2e_pool p;
    p2e_map m;
    uint32_t v;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    for (size_t n = 1; n <= 36; n++) {
        p2e_str s;
        assert_int_equal(p2e_pool_add(&p, text, n, &s), P2E_OK);
        assert_int_equal(p2e_map_put(&m, &p, s, (uint32_t)(1000 + n)), P2E_OK);
    }
    for (size_t n = 1; n <= 36; n++) {
        v = 0;
        assert_int_equal(p2e_map_get(&m, &p, text, n, &v), 1);
        assert_int_equal(v, 1000 + n);
    }
    assert_int_equal(p2e_map_get(&m, &p, "abcdefghijklmnopqrstuvwxyz0123456789!", 37, &v), 0);
    assert_int_equal(p2e_map_get(&m, &p, "b", 1, &v), 0);
    assert_int_equal(m.nused, 36);
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

static void test_map_set_overwrites(void **state)
{
    (void)state;
    p2e_pool p;
    p2e_map m;
    p2e_str ab, abc;
    uint32_t v = 0;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    ab = intern(&p, S("ab"));
    abc = intern(&p, S("abc"));
    assert_int_equal(p2e_map_set(&m, &p, ab, 1), P2E_OK); /* set inserts */
    assert_int_equal(p2e_map_set(&m, &p, abc, 2), P2E_OK);
    assert_int_equal(p2e_map_set(&m, &p, ab, 10), P2E_OK); /* and overwrites */
    assert_int_equal(m.nused, 2);
    assert_int_equal(p2e_map_get(&m, &p, S("ab"), &v), 1);
    assert_int_equal(v, 10);
    assert_int_equal(p2e_map_get(&m, &p, S("abc"), &v), 1);
    assert_int_equal(v, 2);
    assert_int_equal(p2e_map_set(&m, &p, abc, 20), P2E_OK);
    assert_int_equal(p2e_map_put(&m, &p, intern(&p, S("a")), 30), P2E_OK);
    assert_int_equal(m.nused, 3);
    assert_int_equal(p2e_map_get(&m, &p, S("abc"), &v), 1);
    assert_int_equal(v, 20);
    assert_int_equal(p2e_map_get(&m, &p, S("a"), &v), 1);
    assert_int_equal(v, 30);
    assert_int_equal(p2e_map_get(&m, &p, S("ab"), &v), 1);
    assert_int_equal(v, 10);
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

/* put_len and set_len, given the length the key was pooled with, store
 * the same entries as put and set. */
static void test_map_len_forms(void **state)
{
    (void)state;
    p2e_pool p;
    p2e_map m;
    char k[32];
    uint32_t v;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    for (unsigned i = 0; i < 5000; i++) {
        size_t n = key_of(k, sizeof k, i);
        p2e_str s = intern(&p, k, n);
        if (i % 2)
            assert_int_equal(p2e_map_put_len(&m, &p, s, n, i), P2E_OK);
        else
            assert_int_equal(p2e_map_set_len(&m, &p, s, n, i), P2E_OK);
    }
    for (unsigned i = 0; i < 5000; i += 3) {
        size_t n = key_of(k, sizeof k, i);
        assert_int_equal(p2e_map_set_len(&m, &p, intern(&p, k, n), n, i + 1000000), P2E_OK);
    }
    assert_int_equal(m.nused, 5000);
    for (unsigned i = 0; i < 5000; i++) {
        size_t n = key_of(k, sizeof k, i);
        assert_int_equal(p2e_map_get(&m, &p, k, n, &v), 1);
        assert_int_equal(v, i % 3 ? i : i + 1000000);
    }
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

/* Overwrites while the map grows keep the newest value of every key. */
static void test_map_set_many_overwrites(void **state)
{
    (void)state;
    p2e_pool p;
    p2e_map m;
    char k[32];
    uint32_t v;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    for (unsigned round = 0; round < 2; round++)
        for (unsigned i = 0; i < NKEYS / 4; i++) {
            p2e_str s = intern(&p, k, key_of(k, sizeof k, i));
            assert_int_equal(p2e_map_set(&m, &p, s, i + round * NKEYS), P2E_OK);
        }
    assert_int_equal(m.nused, NKEYS / 4);
    for (unsigned i = 0; i < NKEYS / 4; i++) {
        size_t n = key_of(k, sizeof k, i);
        assert_int_equal(p2e_map_get(&m, &p, k, n, &v), 1);
        assert_int_equal(v, i + NKEYS);
    }
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

/* The empty string (offset 0) is a key like any other. */
static void test_map_empty_key(void **state)
{
    (void)state;
    p2e_pool p;
    p2e_map m;
    uint32_t v = 0;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    assert_int_equal(p2e_map_put(&m, &p, intern(&p, S("x")), 5), P2E_OK);
    assert_int_equal(p2e_map_get(&m, &p, "", 0, &v), 0);
    assert_int_equal(p2e_map_put(&m, &p, 0, 7), P2E_OK);
    assert_int_equal(p2e_map_get(&m, &p, "", 0, &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(p2e_map_get(&m, &p, "x", 1, &v), 1);
    assert_int_equal(v, 5);
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Two keys (numbers *a, *b) whose low 32 hash bits, which pick a slot,
 * are equal; returns 0 when the first NCOLL keys hold no such pair. */
static int find_slot_hash_collision(unsigned *a, unsigned *b)
{
    uint64_t *h = malloc(NCOLL * sizeof *h);
    char k[32];
    int found = 0;
    assert_non_null(h);
    for (unsigned i = 0; i < NCOLL; i++)
        h[i] = (p2e_hash(k, key_of(k, sizeof k, i)) & 0xffffffffu) << 32 | i;
    qsort(h, NCOLL, sizeof *h, cmp_u64);
    for (unsigned i = 1; i < NCOLL && !found; i++)
        if (h[i] >> 32 == h[i - 1] >> 32) {
            *a = (unsigned)(h[i - 1] & 0xffffffffu);
            *b = (unsigned)(h[i] & 0xffffffffu);
            found = 1;
        }
    free(h);
    return found;
}

/* Keys with equal low 32 hash bits are still told apart by their bytes. */
static void test_colliding_slot_hashes_stay_apart(void **state)
{
    (void)state;
    unsigned a = 0, b = 0;
    char ka[32], kb[32];
    uint32_t v = 0;
    assert_true(find_slot_hash_collision(&a, &b));
    size_t na = key_of(ka, sizeof ka, a), nb = key_of(kb, sizeof kb, b);
    assert_string_not_equal(ka, kb);
    assert_int_equal((uint32_t)p2e_hash(ka, na), (uint32_t)p2e_hash(kb, nb));

    p2e_pool p;
    p2e_map m;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_pool_init(&p), P2E_OK);
    p2e_str sa = intern(&p, ka, na);
    p2e_str sb = intern(&p, kb, nb);
    assert_int_not_equal(sa, sb);
    assert_int_equal(intern(&p, ka, na), sa);
    assert_int_equal(intern(&p, kb, nb), sb);
    assert_int_equal(p2e_map_set(&m, &p, sa, 1), P2E_OK);
    assert_int_equal(p2e_map_set(&m, &p, sb, 2), P2E_OK);
    assert_int_equal(p2e_map_set(&m, &p, sb, 3), P2E_OK);
    assert_int_equal(m.nused, 2);
    assert_int_equal(p2e_map_get(&m, &p, ka, na, &v), 1);
    assert_int_equal(v, 1);
    assert_int_equal(p2e_map_get(&m, &p, kb, nb, &v), 1);
    assert_int_equal(v, 3);
    p2e_map_free(&m);
    p2e_pool_free(&p);
}

/* Equal bytes hash alike at any alignment; the length counts even when the
 * extra bytes are NULs (the tail word pads with zeros). */
static void test_hash_equal_for_equal_bytes(void **state)
{
    (void)state;
    const char *text = "The quick brown fox jumps over the lazy dog, 0123456789!";
    char buf[80];
    for (size_t n = 0; n <= 56; n++) {
        uint64_t want = p2e_hash(text, n);
        for (size_t shift = 1; shift < 9; shift++) {
            memset(buf, '#', sizeof buf);
            memcpy(buf + shift, text, n);
            assert_int_equal(p2e_hash(buf + shift, n), want);
        }
        assert_int_equal(p2e_hash(text, n), want);
    }
    static const char zeros[16];
    for (size_t n = 0; n < 16; n++)
        assert_int_not_equal(p2e_hash(zeros, n), p2e_hash(zeros, n + 1));
    assert_int_not_equal(p2e_hash(S("ab")), p2e_hash(S("ba")));
    assert_int_not_equal(p2e_hash(S("abcdefgh1")), p2e_hash(S("abcdefgh2")));
}

/* Every byte reaches the hash: changing any one byte of a key of any
 * length up to 24 (whole words and each tail length) changes the value. */
static void test_hash_every_byte_counts(void **state)
{
    (void)state;
    char buf[24];
    for (size_t n = 1; n <= sizeof buf; n++) {
        memset(buf, 'k', n);
        uint64_t base = p2e_hash(buf, n);
        for (size_t i = 0; i < n; i++) {
            buf[i] = 'K';
            assert_int_not_equal(p2e_hash(buf, n), base);
            buf[i] = 'k';
        }
    }
}

/* The low bits pick the slot: over 65536 similar keys they fill about
 * 1 - 1/e (63%) of 65536 buckets, as random values would; a weak mix of
 * the low bits shows up as far fewer. */
static void test_hash_low_bits_spread(void **state)
{
    (void)state;
    unsigned char *hit = calloc(65536, 1);
    char k[32];
    unsigned distinct = 0;
    assert_non_null(hit);
    for (unsigned i = 0; i < 65536; i++) {
        size_t b = p2e_hash(k, key_of(k, sizeof k, i)) & 0xffff;
        distinct += !hit[b];
        hit[b] = 1;
    }
    assert_in_range(distinct, 40500, 42300);
    free(hit);
}

/* From nothing (NULL, 0): room for the first item, then doubling; the
 * items already held move with the array. */
static void test_grow_from_zero_keeps_items(void **state)
{
    (void)state;
    uint32_t *a = NULL;
    size_t cap = 0;
    void *p = a;
    assert_int_equal(p2e_grow(&p, &cap, 1, sizeof *a), P2E_OK);
    a = p;
    assert_non_null(a);
    assert_true(cap >= 1);
    size_t first = cap;
    for (uint32_t i = 0; i < 100000; i++) {
        p = a;
        assert_int_equal(p2e_grow(&p, &cap, (size_t)i + 1, sizeof *a), P2E_OK);
        a = p;
        assert_true(cap >= (size_t)i + 1);
        a[i] = i * 7u;
    }
    /* doubling: at most twice what is needed (or the first block) */
    assert_true(cap < 2 * 100000 || cap == first);
    for (uint32_t i = 0; i < 100000; i++)
        assert_int_equal(a[i], i * 7u);
    free(a);
}

/* A need within the capacity changes nothing: no realloc, same pointer. */
static void test_grow_enough_room_is_a_no_op(void **state)
{
    (void)state;
    void *p = NULL;
    size_t cap = 0;
    assert_int_equal(p2e_grow(&p, &cap, 40, 8), P2E_OK);
    void *before = p;
    size_t cap_before = cap;
    assert_int_equal(p2e_grow(&p, &cap, cap_before, 8), P2E_OK);
    assert_ptr_equal(p, before);
    assert_int_equal(cap, cap_before);
    assert_int_equal(p2e_grow(&p, &cap, 0, 8), P2E_OK);
    assert_ptr_equal(p, before);
    free(p);
}

/* need * elem past SIZE_MAX is refused before any allocation, and the
 * array is left as it was: from nothing, and with items held. */
static void test_grow_refuses_overflow(void **state)
{
    (void)state;
    void *p = NULL;
    size_t cap = 0;
    assert_int_equal(p2e_grow(&p, &cap, 2, SIZE_MAX / 2 + 1), P2E_ERR_NOMEM);
    assert_null(p);
    assert_int_equal(cap, 0);
    assert_int_equal(p2e_grow(&p, &cap, 2, SIZE_MAX), P2E_ERR_NOMEM);
    assert_null(p);
    assert_int_equal(cap, 0);

    assert_int_equal(p2e_grow(&p, &cap, 3, 16), P2E_OK);
    void *held = p;
    size_t held_cap = cap;
    assert_int_equal(p2e_grow(&p, &cap, SIZE_MAX / 16 + 1, 16), P2E_ERR_NOMEM);
    assert_int_equal(p2e_grow(&p, &cap, SIZE_MAX, 2), P2E_ERR_NOMEM);
    assert_ptr_equal(p, held);
    assert_int_equal(cap, held_cap);
    free(p);
}

/* p2e_buf on top of it: a byte buffer starts empty and grows across many
 * appends. */
static void test_buf_appends_from_zero(void **state)
{
    (void)state;
    p2e_buf b = {0};
    for (int i = 0; i < 5000; i++)
        assert_int_equal(p2e_buf_puts(&b, "abc"), P2E_OK);
    assert_int_equal(b.len, 15000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_memory_equal(b.data + 14997, "abc", 3);
    assert_int_equal(p2e_buf_reserve(&b, SIZE_MAX), P2E_ERR_NOMEM);
    assert_int_equal(b.len, 15000);
    p2e_buf_free(&b);
}

/* Arena strings stay where they were put while more (and a string larger
 * than a block) are added. */
static void test_arena_strings_never_move(void **state)
{
    (void)state;
    p2e_arena a = {0};
    const char *first = p2e_arena_strn(&a, S("first"));
    assert_non_null(first);
    const char *kept[2000];
    char buf[32];
    for (unsigned i = 0; i < 2000; i++) {
        size_t n = key_of(buf, sizeof buf, i);
        kept[i] = p2e_arena_strn(&a, buf, n);
        assert_non_null(kept[i]);
    }
    char *big = malloc(40000);
    assert_non_null(big);
    memset(big, 'x', 40000);
    const char *bigcopy = p2e_arena_strn(&a, big, 40000);
    assert_non_null(bigcopy);
    assert_int_equal(strlen(bigcopy), 40000);
    assert_string_equal(first, "first");
    for (unsigned i = 0; i < 2000; i++) {
        key_of(buf, sizeof buf, i);
        assert_string_equal(kept[i], buf);
    }
    assert_string_equal(p2e_arena_strn(&a, "abc", 0), "");
    free(big);
    p2e_arena_free(&a);
    assert_null(a.head);
    p2e_arena_free(&a); /* twice: nothing left to free */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_dedups_equal_strings),
        cmocka_unit_test(test_arena_strings_never_move),
        cmocka_unit_test(test_intern_prefixes_are_distinct),
        cmocka_unit_test(test_intern_every_prefix_length),
        cmocka_unit_test(test_intern_difference_after_8_bytes),
        cmocka_unit_test(test_empty_string_is_zero),
        cmocka_unit_test(test_pool_offsets_stable_after_growth),
        cmocka_unit_test(test_map_many_keys_with_growth),
        cmocka_unit_test(test_map_keys_prefixes_of_each_other),
        cmocka_unit_test(test_map_set_overwrites),
        cmocka_unit_test(test_map_len_forms),
        cmocka_unit_test(test_map_set_many_overwrites),
        cmocka_unit_test(test_map_empty_key),
        cmocka_unit_test(test_colliding_slot_hashes_stay_apart),
        cmocka_unit_test(test_hash_equal_for_equal_bytes),
        cmocka_unit_test(test_hash_every_byte_counts),
        cmocka_unit_test(test_hash_low_bits_spread),
        cmocka_unit_test(test_grow_from_zero_keeps_items),
        cmocka_unit_test(test_grow_enough_room_is_a_no_op),
        cmocka_unit_test(test_grow_refuses_overflow),
        cmocka_unit_test(test_buf_appends_from_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
