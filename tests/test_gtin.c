/*
 * test_gtin.c - GTIN-8/12/13/14 check digits. Each valid code below was
 * checked by hand: digits weighted 3,1,3,... from the right (check digit
 * excluded), check = (10 - sum mod 10) mod 10.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_gtin.h"
#include "testutil.h"

static const struct {
    const char *code;
    int valid;
    const char *why;
} rows[] = {
    /* UPC-A: 5*3+4+1*3+9+2*3+0+0+0+6*3+3+0*3 = 58 -> 2 */
    {"036000291452", 1, "UPC-A"},
    /* 0+9+8*3+7+6*3+5+4*3+3+2*3+1+0 = 85 -> 5 */
    {"012345678905", 1, "UPC-A, leading zero"},
    /* EAN-13: 3*3+9+3*3+3+3*3+1+8*3+3+6*3+0+0+4 = 89 -> 1 */
    {"4006381333931", 1, "EAN-13"},
    /* EAN-8: 7*3+0+5*3+8+3*3+6+9*3 = 86 -> 4 */
    {"96385074", 1, "EAN-8"},
    /* 7*3+6+5*3+4+3*3+2+1*3 = 60 -> 0 */
    {"12345670", 1, "EAN-8, check digit 0"},
    /* GTIN-14: 1*3+0+0+0+6*3+5+4*3+3+2*3+1+0+0+0 = 48 -> 2 */
    {"00012345600012", 1, "GTIN-14"},
    /* indicator 1 + 003600029145: 5*3+4+1*3+9+2*3+0+0+0+6*3+3+0+0+1*3 = 61 -> 9 */
    {"10036000291459", 1, "GTIN-14 with indicator digit"},
    /* leading zeros do not change the sum: a UPC-A padded to 13 and 14 */
    {"0036000291452", 1, "UPC-A as GTIN-13"},
    {"00036000291452", 1, "UPC-A as GTIN-14"},
    {"00000000", 1, "all zeros, GTIN-8"},
    {"000000000000", 1, "all zeros, GTIN-12"},
    /* wrong check digit */
    {"036000291453", 0, "UPC-A, check +1"},
    {"036000291451", 0, "UPC-A, check -1"},
    {"4006381333930", 0, "EAN-13, check 0"},
    {"96385075", 0, "EAN-8, check +1"},
    {"12345678", 0, "EAN-8, check 8 instead of 0"},
    {"00012345600013", 0, "GTIN-14, check +1"},
    {"036000291425", 0, "UPC-A, two digits swapped"},
    {"00000001", 0, "zeros, check 1"},
    /* wrong lengths (a valid code cut or padded) */
    {"", 0, "empty"},
    {"0", 0, "1 digit"},
    {"9638507", 0, "7 digits"},
    {"096385074", 0, "9 digits"},
    {"3600029145", 0, "10 digits"},
    {"36000291452", 0, "11 digits (UPC-A without its leading zero)"},
    {"000036000291452", 0, "15 digits"},
    {"0000000000000000000", 0, "19 digits"},
    /* non-digits */
    {"03600029145A", 0, "letter"},
    {"0360002914 2", 0, "space"},
    {" 36000291452", 0, "leading space"},
    {"-36000291452", 0, "minus sign"},
    {"0360002914/2", 0, "'/' (just below '0')"},
    {"0360002914:2", 0, "':' (just above '9')"},
    {"4006381333931\n", 0, "trailing newline"},
    {"7.45E+11", 0, "spreadsheet damage"},
    {"4.00638E+12", 0, "spreadsheet damage, 11 chars"},
    {"96385O74", 0, "letter O for zero"},
};

static void test_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int got = p2e_gtin_valid(rows[i].code, strlen(rows[i].code));
        if (!got != !rows[i].valid)
            fail_msg("gtin_valid(\"%s\") = %d, expected %d (%s)", rows[i].code, got,
                     rows[i].valid, rows[i].why);
    }
}

/* Only s[0..len) is read. */
static void test_len_bounds_the_input(void **state)
{
    (void)state;
    assert_true(p2e_gtin_valid("4006381333931XYZ", 13));
    assert_true(p2e_gtin_valid("96385074999", 8));
    assert_false(p2e_gtin_valid("4006381333931", 12));
    assert_false(p2e_gtin_valid("036000291452", 0));
}

/* Every check digit but one fails: exactly one of the ten endings is valid. */
static void test_exactly_one_check_digit(void **state)
{
    (void)state;
    const char *bodies[] = {"9638507", "03600029145", "400638133393", "1003600029145"};
    const char expect[] = {'4', '2', '1', '9'};
    for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++) {
        char code[16];
        size_t n = strlen(bodies[b]);
        memcpy(code, bodies[b], n);
        int nvalid = 0;
        for (char c = '0'; c <= '9'; c++) {
            code[n] = c;
            if (p2e_gtin_valid(code, n + 1)) {
                nvalid++;
                assert_int_equal(c, expect[b]);
            }
        }
        assert_int_equal(nvalid, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_len_bounds_the_input),
        cmocka_unit_test(test_exactly_one_check_digit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
