/*
 * test_damage.c - what a spreadsheet did to a row (src/xseries/damage.c):
 * a row cut at the cell limit, a UPC and a SKU column that lost leading
 * zeros. Every expected value is worked out by hand (docs/convert-rules.md,
 * "Rows a spreadsheet damaged"): the limit is 32,767 characters less a
 * margin of 64, so 32,703 characters is cut and 32,702 is not; GTIN check
 * digits as in test_gtin.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "p2e_damage.h"
#include "testutil.h"

/* A record of three cells, the second `chars` characters long (each `unit`,
 * one character of `ulen` bytes), the third `last`. */
static int cut(size_t chars, const char *unit, size_t ulen, const char *last, size_t *k, size_t *n)
{
    char *big = malloc(chars * ulen + 1);
    assert_non_null(big);
    for (size_t i = 0; i < chars; i++)
        memcpy(big + i * ulen, unit, ulen);
    big[chars * ulen] = '\0';
    const char *cells[3] = {"sku-1", big, last};
    size_t lens[3] = {5, chars * ulen, strlen(last)};
    p2e_row row;
    memset(&row, 0, sizeof row);
    row.ncells = 3;
    row.cell = cells;
    row.len = lens;
    row.nul_cell = -1;
    int r = p2e_damage_truncated(&row, k, n);
    free(big);
    return r;
}

static void test_truncated(void **state)
{
    (void)state;
    size_t k = 99, n = 0;
    /* the 2017 public export's cut: 32,753 characters, later fields empty */
    assert_true(cut(32753, "a", 1, "", &k, &n));
    assert_int_equal(k, 1);
    assert_int_equal(n, 32753);
    /* the edge of the margin: 32,767 - 64 = 32,703 */
    assert_true(cut(32703, "a", 1, "", &k, &n));
    assert_false(cut(32702, "a", 1, "", &k, &n));
    /* counted in characters: 32,702 two-byte letters (65,404 bytes) are not cut */
    assert_false(cut(32702, "\xC3\xA9", 2, "", &k, &n));
    assert_true(cut(32753, "\xC3\xA9", 2, " ", &k, &n)); /* a blank later field is empty */
    assert_int_equal(n, 32753);
    /* a later field with a value: the row was not cut */
    assert_false(cut(32753, "a", 1, "19.90", &k, &n));
}

static void test_upc_zeros(void **state)
{
    (void)state;
    char out[16];
    /* 036000291452 is a UPC-A (test_gtin.c); Excel keeps 36000291452 */
    assert_true(p2e_damage_upc_zeros("36000291452", 11, out, sizeof out));
    assert_string_equal(out, "036000291452");
    /* 0012345678905 (GTIN-13) read as 12345678905: restored to 12 digits,
     * the shortest that fits, 012345678905 (0+9+8*3+...= 85 -> 5) */
    assert_true(p2e_damage_upc_zeros("12345678905", 11, out, sizeof out));
    assert_string_equal(out, "012345678905");
    /* EAN-8 00012348 lost to 12348: 4*3+3+2*3+1+0+0+0 = 22 -> 8 */
    assert_true(p2e_damage_upc_zeros("12348", 5, out, sizeof out));
    assert_string_equal(out, "00012348");
    /* 12345 as 00012345 needs check digit 8: not a lost zero, only invalid */
    assert_false(p2e_damage_upc_zeros("12345", 5, out, sizeof out));
    /* valid as written, letters, a wrong check digit of a full length */
    assert_false(p2e_damage_upc_zeros("036000291452", 12, out, sizeof out));
    assert_false(p2e_damage_upc_zeros("3600029145X", 11, out, sizeof out));
    assert_false(p2e_damage_upc_zeros("4006381333932", 13, out, sizeof out));
}

static void add(p2e_sku_zeros *z, const char *s, unsigned long line)
{
    p2e_sku_zeros_add(z, s, strlen(s), line);
}

static void test_sku_zeros(void **state)
{
    (void)state;
    p2e_sku_zeros *z = calloc(1, sizeof *z);
    assert_non_null(z);
    unsigned long line = 0;
    const char *value = NULL;
    char restored[40];
    /* 000101, 000102 (three zeros), 001103 (two): 104 (line 5) lost three,
     * 1105 (line 6) two; 77 would have lost four, which none of the 6-digit
     * SKUs starts with: a SKU of its own */
    add(z, "000101", 2);
    add(z, "000102", 3);
    add(z, "001103", 4);
    add(z, "104", 5);
    add(z, "1105", 6);
    add(z, "77", 8);
    add(z, "MUG-1", 7); /* not digits: not counted */
    add(z, "000000", 9); /* all zeros: no leading zeros of a number */
    assert_int_equal(p2e_sku_zeros_lost(z, &line, &value, restored, sizeof restored), 2);
    assert_int_equal(line, 5);
    assert_string_equal(value, "104");
    assert_string_equal(restored, "000104");
    /* the 2018 public export's shape: 13-digit EANs, some starting 0 or 00,
     * and 7-digit shop codes: these lost nothing */
    memset(z, 0, sizeof *z);
    add(z, "0936999906816", 2);
    add(z, "9369999068165", 3);
    add(z, "9369999068166", 4);
    add(z, "1022926", 5);
    assert_int_equal(p2e_sku_zeros_lost(z, &line, &value, restored, sizeof restored), 0);
    /* numbers of several lengths, none starting with 0 (the 2017 export's
     * 10642 beside 987): nothing lost */
    memset(z, 0, sizeof *z);
    add(z, "10642", 2);
    add(z, "10643", 3);
    add(z, "987", 4);
    assert_int_equal(p2e_sku_zeros_lost(z, &line, &value, restored, sizeof restored), 0);
    /* as many short ones as long ones: no majority to compare with */
    memset(z, 0, sizeof *z);
    add(z, "0101", 2);
    add(z, "101", 3);
    assert_int_equal(p2e_sku_zeros_lost(z, &line, &value, restored, sizeof restored), 0);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_upc_zeros),
        cmocka_unit_test(test_sku_zeros),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
