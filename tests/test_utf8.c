/*
 * test_utf8.c - the one UTF-8 character counter (name and SKU lengths
 * against the store's 255-character limit, Excel's cell limit) and the cut
 * at a character boundary that goes with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_utf8.h"
#include "testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void test_chars_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(p2e_utf8_chars(S("")), 0);
    assert_int_equal(p2e_utf8_chars(S("abc")), 3);
    assert_int_equal(p2e_utf8_chars(S("caf\xC3\xA9")), 4);             /* café */
    assert_int_equal(p2e_utf8_chars(S("\xE2\x82\xAC" "5")), 2);        /* €5 */
    assert_int_equal(p2e_utf8_chars(S("\xF0\x9F\x8D\x95 pizza")), 7);  /* 🍕 pizza */
    /* only len bytes are looked at, NUL or not */
    assert_int_equal(p2e_utf8_chars("ab\0cd", 5), 5);
    assert_int_equal(p2e_utf8_chars("caf\xC3\xA9", 3), 3);
}

/* Broken text never counts short: a stray lead or Latin-1 byte is one
 * character, a stray continuation byte none (as every counter did). */
static void test_chars_on_broken_text(void **state)
{
    (void)state;
    assert_int_equal(p2e_utf8_chars(S("caf\xE9")), 4);        /* Latin-1 é */
    assert_int_equal(p2e_utf8_chars(S("\xC3")), 1);           /* cut sequence */
    assert_int_equal(p2e_utf8_chars(S("a\x80\x80")), 1);      /* stray continuations */
}

/* 255 characters of 2 bytes each are 510 bytes and still within the limit. */
static void test_chars_at_the_store_limit(void **state)
{
    (void)state;
    char s[600];
    size_t n = 0;
    for (int i = 0; i < 255; i++) {
        s[n++] = '\xC3';
        s[n++] = '\xA9';
    }
    assert_int_equal(p2e_utf8_chars(s, n), 255);
    s[n++] = 'x';
    assert_int_equal(p2e_utf8_chars(s, n), 256);
}

static void test_prefix_cuts_at_a_boundary(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9" "b\xE2\x82\xAC" "c"; /* a é b € c: 9 bytes */
    size_t len = strlen(s);
    assert_int_equal(p2e_utf8_prefix(s, len, 0), 0);
    assert_int_equal(p2e_utf8_prefix(s, len, 1), 1);
    assert_int_equal(p2e_utf8_prefix(s, len, 2), 3);
    assert_int_equal(p2e_utf8_prefix(s, len, 3), 4);
    assert_int_equal(p2e_utf8_prefix(s, len, 4), 7);
    assert_int_equal(p2e_utf8_prefix(s, len, 5), 8);
    assert_int_equal(p2e_utf8_prefix(s, len, 6), len);
    assert_int_equal(p2e_utf8_prefix(s, len, 100), len);
    assert_int_equal(p2e_utf8_prefix("", 0, 3), 0);
    /* the prefix holds exactly the characters asked for */
    for (size_t k = 0; k <= 5; k++)
        assert_int_equal(p2e_utf8_chars(s, p2e_utf8_prefix(s, len, k)), k);
}

static void test_clean_replaces_bad_bytes(void **state)
{
    (void)state;
    char *c = p2e_utf8_clean("caf\xE9 \xC3\xA9");
    assert_non_null(c);
    assert_string_equal(c, "caf\xEF\xBF\xBD \xC3\xA9");
    free(c);
    c = p2e_utf8_clean("\xED\xA0\x80"); /* a surrogate: three bad bytes */
    assert_non_null(c);
    assert_string_equal(c, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chars_counts_code_points),
        cmocka_unit_test(test_chars_on_broken_text),
        cmocka_unit_test(test_chars_at_the_store_limit),
        cmocka_unit_test(test_prefix_cuts_at_a_boundary),
        cmocka_unit_test(test_clean_replaces_bad_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
