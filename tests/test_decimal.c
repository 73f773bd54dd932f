/*
 * test_decimal.c - decimal numbers as micro-unit integers: parse, damage
 * detection, half-up rounding, formatting, floor. Every expected value is
 * worked out by hand from the decimal text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_decimal.h"
#include "testutil.h"

/* ---- parse -------------------------------------------------------- */

static const struct {
    const char *in;
    p2e_num_state state;
    int64_t micro; /* only checked for P2E_NUM_OK */
} parse_rows[] = {
    /* plain numbers */
    {"0", P2E_NUM_OK, 0},
    {"12", P2E_NUM_OK, 12000000},
    {"007", P2E_NUM_OK, 7000000},
    {"44.992", P2E_NUM_OK, 44992000},
    {"1.000000", P2E_NUM_OK, 1000000},
    {"0.000001", P2E_NUM_OK, 1},
    /* signs */
    {"-3.5", P2E_NUM_OK, -3500000},
    {"+2.25", P2E_NUM_OK, 2250000},
    {"-0", P2E_NUM_OK, 0},
    {"+0.0", P2E_NUM_OK, 0},
    /* spaces around (the X-Series export writes " -1") */
    {"  7.1  ", P2E_NUM_OK, 7100000},
    {" -1", P2E_NUM_OK, -1000000},
    {"\t5\t", P2E_NUM_OK, 5000000},
    /* no digits on one side of the point */
    {".5", P2E_NUM_OK, 500000},
    {"-.25", P2E_NUM_OK, -250000},
    {"5.", P2E_NUM_OK, 5000000},
    /* more than 6 decimals: truncated toward zero */
    {"0.1234567", P2E_NUM_OK, 123456},
    {"1.9999999", P2E_NUM_OK, 1999999},
    {"-1.9999999", P2E_NUM_OK, -1999999},
    {"0.0049999", P2E_NUM_OK, 4999},
    {"0.00000000000000000000000001", P2E_NUM_OK, 0},
    {"2.00000000000000000000000009", P2E_NUM_OK, 2000000},
    /* large but in range */
    {"9000000000000", P2E_NUM_OK, INT64_C(9000000000000000000)},
    {"-9000000000000.5", P2E_NUM_OK, -INT64_C(9000000000000500000)},
    {"1234567890123.456789", P2E_NUM_OK, INT64_C(1234567890123456789)},
    /* empty */
    {"", P2E_NUM_EMPTY, 0},
    {"   ", P2E_NUM_EMPTY, 0},
    {" \t ", P2E_NUM_EMPTY, 0},
    /* junk */
    {"abc", P2E_NUM_INVALID, 0},
    {"-", P2E_NUM_INVALID, 0},
    {"+", P2E_NUM_INVALID, 0},
    {".", P2E_NUM_INVALID, 0},
    {"-.", P2E_NUM_INVALID, 0},
    {"1.2.3", P2E_NUM_INVALID, 0},
    {"1,5", P2E_NUM_INVALID, 0},
    {"1 000", P2E_NUM_INVALID, 0},
    {"- 5", P2E_NUM_INVALID, 0},
    {"--5", P2E_NUM_INVALID, 0},
    {"+-5", P2E_NUM_INVALID, 0},
    {"12a", P2E_NUM_INVALID, 0},
    {"$12", P2E_NUM_INVALID, 0},
    {"0x10", P2E_NUM_INVALID, 0},
    {"1e5", P2E_NUM_INVALID, 0},
    {"316e64239", P2E_NUM_INVALID, 0},
    {"7.45E-11", P2E_NUM_INVALID, 0},
    {"inf", P2E_NUM_INVALID, 0},
    {"NaN", P2E_NUM_INVALID, 0},
    /* spreadsheet damage */
    {"7.45E+11", P2E_NUM_EXPONENT, 0},
    {"9.42E+12", P2E_NUM_EXPONENT, 0},
    {"5.21062E+12", P2E_NUM_EXPONENT, 0},
    {"1e+5", P2E_NUM_EXPONENT, 0},
    {" 7.45E+11 ", P2E_NUM_EXPONENT, 0},
    /* too large for micro units in an int64 (max 9223372036854.775807) */
    {"10000000000000", P2E_NUM_RANGE, 0},
    {"-10000000000000", P2E_NUM_RANGE, 0},
    {"99999999999999999999", P2E_NUM_RANGE, 0},
    {"123456789012345678901234567890", P2E_NUM_RANGE, 0},
    {"9300000000000.5", P2E_NUM_RANGE, 0},
    /* the largest accepted value (the limit keeps rounding from overflowing) */
    {"9223372036849.999999", P2E_NUM_OK, INT64_C(9223372036849999999)},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
        int64_t micro = INT64_C(-77777);
        const char *in = parse_rows[i].in;
        p2e_num_state st = p2e_dec_parse(in, strlen(in), &micro);
        if (st != parse_rows[i].state || (st == P2E_NUM_OK && micro != parse_rows[i].micro))
            fail_msg("parse \"%s\": state %d micro %lld, expected state %d micro %lld", in,
                     (int)st, (long long)micro, (int)parse_rows[i].state,
                     (long long)parse_rows[i].micro);
    }
}

/* Only s[0..len) is read: the rest of the buffer does not count. */
static void test_parse_uses_len(void **state)
{
    (void)state;
    int64_t micro = 0;
    assert_int_equal(p2e_dec_parse("12.5xyz", 4, &micro), P2E_NUM_OK);
    assert_int_equal(micro, 12500000);
    assert_int_equal(p2e_dec_parse("3,4", 1, &micro), P2E_NUM_OK);
    assert_int_equal(micro, 3000000);
    assert_int_equal(p2e_dec_parse("abc", 0, &micro), P2E_NUM_EMPTY);
    assert_int_equal(p2e_dec_parse("7.45E+11", 4, &micro), P2E_NUM_OK);
    assert_int_equal(micro, 7450000);
}

/* ---- damage ------------------------------------------------------- */

static const struct {
    const char *in;
    int damaged;
} damage_rows[] = {
    {"7.45E+11", 1},
    {"9.42E+12", 1},
    {"5.21062E+12", 1},
    {"7.45e+11", 1},
    {"1E+5", 1},
    {"745E+9", 1},
    {"  7.45E+11  ", 1},
    {"316e64239", 0}, /* a real SKU: no '+' */
    {"7.45E11", 0},
    {"7.45E-11", 0},
    {"7.45E+", 0},
    {"7.E+11", 0},
    {".45E+11", 0},
    {"E+11", 0},
    {"7.45E+11x", 0},
    {"7.45E+1 1", 0},
    {"-7.45E+11", 0},
    {"745000000000", 0},
    {"7.45", 0},
    {"", 0},
    {"ABC-123", 0},
};

static void test_is_damaged(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof damage_rows / sizeof damage_rows[0]; i++) {
        const char *in = damage_rows[i].in;
        if (!p2e_dec_is_damaged(in, strlen(in)) != !damage_rows[i].damaged)
            fail_msg("is_damaged(\"%s\") should be %d", in, damage_rows[i].damaged);
    }
}

/* ---- round -------------------------------------------------------- */

static const struct {
    int64_t micro;
    int decimals;
    int64_t expect;
} round_rows[] = {
    /* 2 decimals, half-up */
    {44992000, 2, 4499},  /* 44.992 -> 44.99 */
    {44995000, 2, 4500},  /* 44.995 -> 45.00 */
    {125000, 2, 13},      /* 0.125 -> 0.13 */
    {12005000, 2, 1201},  /* 12.005 -> 12.01 */
    {2675000, 2, 268},    /* 2.675 -> 2.68 (a binary double gives 2.67) */
    {1005000, 2, 101},    /* 1.005 -> 1.01 (a binary double gives 1.00) */
    {5000, 2, 1},         /* 0.005 -> 0.01 */
    {4999, 2, 0},         /* 0.004999 -> 0.00 */
    {124999, 2, 12},      /* 0.124999 -> 0.12 */
    {0, 2, 0},
    {3000000, 2, 300},
    /* negative: half away from zero */
    {-125000, 2, -13},
    {-44992000, 2, -4499},
    {-4999, 2, 0},
    /* 3 decimals */
    {453592, 3, 454},     /* 0.453592 -> 0.454 */
    {500, 3, 1},          /* 0.0005 -> 0.001 */
    {499, 3, 0},
    {2000000, 3, 2000},
    /* 0 decimals */
    {2500000, 0, 3},
    {1499999, 0, 1},
    {-2500000, 0, -3},
    /* 6 decimals: unchanged */
    {1234567, 6, 1234567},
    {-1, 6, -1},
    /* 1 and 5 decimals */
    {1250000, 1, 13},
    {15, 5, 2},
    /* the largest values p2e_dec_parse accepts do not overflow */
    {INT64_C(9223372036849999999), 2, INT64_C(922337203685000)},
    {-INT64_C(9223372036849999999), 2, -INT64_C(922337203685000)},
    {INT64_C(9223372036849999999), 0, INT64_C(9223372036850)},
};

static void test_round_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof round_rows / sizeof round_rows[0]; i++) {
        int64_t got = p2e_dec_round(round_rows[i].micro, round_rows[i].decimals);
        if (got != round_rows[i].expect)
            fail_msg("round(%lld, %d) = %lld, expected %lld", (long long)round_rows[i].micro,
                     round_rows[i].decimals, (long long)got, (long long)round_rows[i].expect);
    }
}

/* Parse then round to 2, the way prices are handled, from the text. */
static const struct {
    const char *in;
    const char *out;
} price_rows[] = {
    {"44.992", "44.99"},   {"0.125", "0.13"},   {"12.005", "12.01"}, {"2.675", "2.68"},
    {"0.005", "0.01"},     {"0.0049999", "0.00"}, {"0.0050000001", "0.01"},
    {"1.1", "1.10"},       {"5.", "5.00"},      {".5", "0.50"},     {"19.999", "20.00"},
    {"0", "0.00"},         {" 3 ", "3.00"},     {"-0.125", "-0.13"}, {"-0.004", "0.00"},
    {"999999.995", "1000000.00"},
};

static void test_parse_round_format_prices(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof price_rows / sizeof price_rows[0]; i++) {
        int64_t micro = 0;
        const char *in = price_rows[i].in;
        assert_int_equal(p2e_dec_parse(in, strlen(in), &micro), P2E_NUM_OK);
        char out[32];
        size_t n = p2e_dec_format(out, p2e_dec_round(micro, 2), 2, 1);
        if (strcmp(out, price_rows[i].out) != 0 || n != strlen(out))
            fail_msg("price \"%s\" -> \"%s\", expected \"%s\"", in, out, price_rows[i].out);
    }
}

/* ---- format ------------------------------------------------------- */

static const struct {
    int64_t units;
    int decimals;
    int fixed;
    const char *out;
} format_rows[] = {
    /* fixed */
    {4499, 2, 1, "44.99"},
    {300, 2, 1, "3.00"},
    {5, 2, 1, "0.05"},
    {50, 2, 1, "0.50"},
    {0, 2, 1, "0.00"},
    {-5, 2, 1, "-0.05"},
    {-4499, 2, 1, "-44.99"},
    {-300, 2, 1, "-3.00"},
    {7, 0, 1, "7"},
    {0, 0, 1, "0"},
    {-7, 0, 1, "-7"},
    {100, 0, 1, "100"},
    {1, 3, 1, "0.001"},
    {454, 3, 1, "0.454"},
    {1234567, 6, 1, "1.234567"},
    {100000000000, 2, 1, "1000000000.00"},
    {INT64_MAX, 6, 1, "9223372036854.775807"},
    {INT64_MIN, 6, 1, "-9223372036854.775808"},
    {INT64_MAX, 0, 1, "9223372036854775807"},
    /* trimmed */
    {2000, 3, 0, "2"},
    {454, 3, 0, "0.454"},
    {450, 3, 0, "0.45"},
    {1001, 3, 0, "1.001"},
    {0, 3, 0, "0"},
    {0, 2, 0, "0"},
    {10, 2, 0, "0.1"},
    {3048, 2, 0, "30.48"},
    {3000, 2, 0, "30"},
    {-500, 3, 0, "-0.5"},
    {-2000, 3, 0, "-2"},
    {100, 0, 0, "100"},   /* nothing to trim without decimals */
    {0, 0, 0, "0"},
    {-10, 0, 0, "-10"},
    {1000000, 6, 0, "1"},
    {INT64_MIN, 6, 0, "-9223372036854.775808"},
};

static void test_format_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof format_rows / sizeof format_rows[0]; i++) {
        char out[32];
        memset(out, 'Z', sizeof out);
        size_t n = p2e_dec_format(out, format_rows[i].units, format_rows[i].decimals,
                                  format_rows[i].fixed);
        if (memchr(out, '\0', sizeof out) == NULL || strcmp(out, format_rows[i].out) != 0 ||
            n != strlen(format_rows[i].out))
            fail_msg("format(%lld, %d, %s) = \"%.32s\" (len %zu), expected \"%s\"",
                     (long long)format_rows[i].units, format_rows[i].decimals,
                     format_rows[i].fixed ? "fixed" : "trimmed", out, n, format_rows[i].out);
    }
}

/* ---- floor -------------------------------------------------------- */

static const struct {
    int64_t micro;
    int64_t expect;
} floor_rows[] = {
    {0, 0},
    {1, 0},
    {999999, 0},
    {1000000, 1},
    {2500000, 2},
    {2999999, 2},
    {3000000, 3},
    {-1, -1},
    {-999999, -1},
    {-1000000, -1},
    {-1000001, -2},
    {-2500000, -3},
    {-3000000, -3},
    {INT64_MAX, INT64_C(9223372036854)},
    {INT64_MIN, -INT64_C(9223372036855)},
};

static void test_floor_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof floor_rows / sizeof floor_rows[0]; i++) {
        int64_t got = p2e_dec_floor(floor_rows[i].micro);
        if (got != floor_rows[i].expect)
            fail_msg("floor(%lld) = %lld, expected %lld", (long long)floor_rows[i].micro,
                     (long long)got, (long long)floor_rows[i].expect);
    }
}

/* ---- checked add -------------------------------------------------- */

/* The bound is P2E_DEC_MAX_MICRO = (9,223,372,036,854 - 1) * 10^6
 * = 9,223,372,036,853,000,000 micro units. */
#define BOUND INT64_C(9223372036853000000)
#define EAN_MICRO INT64_C(4006381333931000000) /* 4006381333931 units */

static const struct {
    int64_t acc, v;
    int ok;
    int64_t expect; /* *acc afterwards: the sum, or acc unchanged */
} add_rows[] = {
    {0, 0, 1, 0},
    {1500000, 2500000, 1, 4000000},
    {-1000000, 250000, 1, -750000},
    /* to the bound exactly, and one micro unit past it */
    {BOUND - 1, 1, 1, BOUND},
    {BOUND, 1, 0, BOUND},
    {-BOUND, -1, 0, -BOUND},
    {-BOUND + 5, -5, 1, -BOUND},
    /* the 13-digit EAN typed as a stock count: two fit, the third does not
     * (12,019,144,001,793 units is past 9,223,372,036,853) */
    {EAN_MICRO, EAN_MICRO, 1, INT64_C(8012762667862000000)},
    {INT64_C(8012762667862000000), EAN_MICRO, 0, INT64_C(8012762667862000000)},
    /* operands already out of the bound: refused, never wrapped */
    {INT64_MAX, 0, 0, INT64_MAX},
    {0, INT64_MAX, 0, 0},
    {0, INT64_MIN, 0, 0},
    {INT64_MIN, INT64_MIN, 0, INT64_MIN},
    {INT64_MAX, INT64_MIN, 0, INT64_MAX},
    /* opposite signs near the bound cancel */
    {BOUND, -BOUND, 1, 0},
};

/* Numbers as locales write them (p2e_dec_parse_local), each worked out by
 * hand from docs/convert-rules.md, "Numbers": micro units (1.0 = 1000000). */
static void test_parse_local(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int comma_file, money;
        p2e_num_state st;
        int64_t micro;
        int dec_comma, grouped, currency;
    } rows[] = {
        {"19,90", 1, 0, P2E_NUM_OK, 19900000, 1, 0, 0},
        {"19,90", 0, 0, P2E_NUM_OK, 19900000, 1, 0, 0},    /* one reading only */
        {"1.234,50", 1, 0, P2E_NUM_OK, 1234500000, 1, 1, 0},
        {"1 234,50", 1, 0, P2E_NUM_OK, 1234500000, 1, 1, 0},
        {"1\xC2\xA0" "234,50", 1, 0, P2E_NUM_OK, 1234500000, 1, 1, 0}, /* no-break space */
        {"1,234.50", 0, 0, P2E_NUM_OK, 1234500000, 0, 1, 0},
        {"1,234,567", 0, 0, P2E_NUM_OK, 1234567000000, 0, 1, 0},
        {"1,234", 1, 0, P2E_NUM_OK, 1234000, 1, 0, 0},      /* the convention's mark */
        {"1.234", 0, 0, P2E_NUM_OK, 1234000, 0, 0, 0},      /* as ever */
        {"12.50", 1, 0, P2E_NUM_OK, 12500000, 0, 0, 0},     /* a dot before 2 digits */
        {"-0,5", 1, 0, P2E_NUM_OK, -500000, 1, 0, 0},
        {"$19.90", 0, 1, P2E_NUM_OK, 19900000, 0, 0, 1},
        {"19,90 \xE2\x82\xAC", 1, 1, P2E_NUM_OK, 19900000, 1, 0, 1},
        {"EUR 19.90", 0, 1, P2E_NUM_OK, 19900000, 0, 0, 1},
        {"\xC2\xA3" "5", 0, 1, P2E_NUM_OK, 5000000, 0, 0, 1},
        {"$19.90", 0, 0, P2E_NUM_INVALID, 0, 0, 0, 0},      /* not a price column */
        {"12 34,5", 1, 0, P2E_NUM_INVALID, 0, 0, 0, 0},     /* a group of two */
        {"1.234.5", 1, 0, P2E_NUM_INVALID, 0, 0, 0, 0},
        {"1.234 567,5", 1, 0, P2E_NUM_INVALID, 0, 0, 0, 0}, /* two kinds of mark */
        {"7.45E+11", 0, 0, P2E_NUM_EXPONENT, 0, 0, 0, 0},
        {"", 1, 1, P2E_NUM_EMPTY, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t v = 0;
        p2e_dec_read how;
        p2e_num_state st = p2e_dec_parse_local(rows[i].in, strlen(rows[i].in), rows[i].comma_file,
                                               rows[i].money, &v, &how);
        if (st != rows[i].st)
            fail_msg("'%s': state %d, expected %d", rows[i].in, (int)st, (int)rows[i].st);
        assert_false(how.ambiguous);
        if (st != P2E_NUM_OK)
            continue;
        if (v != rows[i].micro)
            fail_msg("'%s': %lld, expected %lld", rows[i].in, (long long)v, (long long)rows[i].micro);
        assert_int_equal(how.decimal_comma, rows[i].dec_comma);
        assert_int_equal(how.grouped, rows[i].grouped);
        assert_int_equal(how.currency, rows[i].currency);
    }
    /* against the convention: both readings, no value */
    int64_t v = 0;
    p2e_dec_read how;
    assert_int_equal(p2e_dec_parse_local("1,234", 5, 0, 1, &v, &how), P2E_NUM_INVALID);
    assert_true(how.ambiguous);
    assert_int_equal(how.point, 1234000000);
    assert_int_equal(how.comma, 1234000);
    assert_int_equal(p2e_dec_parse_local("1.234", 5, 1, 0, &v, &how), P2E_NUM_INVALID);
    assert_true(how.ambiguous);
    assert_int_equal(how.point, 1234000);
    assert_int_equal(how.comma, 1234000000);
}

/* What one value tells of its column's decimal mark (worked out by reading
 * the text: a mark is shown when the value reads one way only and has it). */
static void test_mark_of(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        p2e_dec_mark mark;
    } rows[] = {
        {"19.90", P2E_MARK_POINT},   {"0.5", P2E_MARK_POINT},
        {"1,234.50", P2E_MARK_POINT}, {"$19.90", P2E_MARK_POINT},
        {"-12.5", P2E_MARK_POINT},   {"1.2345", P2E_MARK_POINT},
        {"19,90", P2E_MARK_COMMA},   {"1.234,50", P2E_MARK_COMMA},
        {"1 234,50", P2E_MARK_COMMA}, {"1\xC2\xA0" "234,5", P2E_MARK_COMMA},
        {"19,90 \xE2\x82\xAC", P2E_MARK_COMMA}, {"0,250", P2E_MARK_EITHER},
        {"1,234", P2E_MARK_EITHER},  {"1.234", P2E_MARK_EITHER},
        {"0.454", P2E_MARK_EITHER},  {"-1,500", P2E_MARK_EITHER},
        {"12", P2E_MARK_NONE},       {"", P2E_MARK_NONE},
        {"1 234", P2E_MARK_NONE},    {"1,234,567", P2E_MARK_NONE},
        {"1.234.567", P2E_MARK_NONE}, {"abc", P2E_MARK_NONE},
        {"7.45E+11", P2E_MARK_NONE}, {"1.2.3", P2E_MARK_NONE},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        p2e_dec_mark m = p2e_dec_mark_of(rows[i].in, strlen(rows[i].in));
        if (m != rows[i].mark)
            fail_msg("'%s': mark %d, expected %d", rows[i].in, (int)m, (int)rows[i].mark);
    }
}

/* A column that uses both marks: every value that reads two ways is
 * ambiguous, a value that reads one way is read that way. */
static void test_parse_neither(void **state)
{
    (void)state;
    int64_t v = 0;
    p2e_dec_read how;
    assert_int_equal(p2e_dec_parse_local("1,234", 5, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_INVALID);
    assert_true(how.ambiguous);
    assert_int_equal(p2e_dec_parse_local("1.234", 5, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_INVALID);
    assert_true(how.ambiguous);
    assert_int_equal(how.point, 1234000);
    assert_int_equal(how.comma, 1234000000);
    assert_int_equal(p2e_dec_parse_local("19,90", 5, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_OK);
    assert_int_equal(v, 19900000);
    assert_int_equal(p2e_dec_parse_local("19.90", 5, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_OK);
    assert_int_equal(v, 19900000);
    assert_int_equal(p2e_dec_parse_local("1.234,5", 7, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_OK);
    assert_int_equal(v, 1234500000);
    assert_int_equal(p2e_dec_parse_local("7", 1, P2E_CONV_NEITHER, 0, &v, &how), P2E_NUM_OK);
    assert_int_equal(v, 7000000);
}

static void test_add_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof add_rows / sizeof add_rows[0]; i++) {
        int64_t acc = add_rows[i].acc;
        int ok = p2e_dec_add(&acc, add_rows[i].v);
        if (ok != add_rows[i].ok || acc != add_rows[i].expect)
            fail_msg("row %zu: add(%lld, %lld) = %d with %lld, expected %d with %lld", i,
                     (long long)add_rows[i].acc, (long long)add_rows[i].v, ok, (long long)acc,
                     add_rows[i].ok, (long long)add_rows[i].expect);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_uses_len),
        cmocka_unit_test(test_is_damaged),
        cmocka_unit_test(test_round_table),
        cmocka_unit_test(test_parse_round_format_prices),
        cmocka_unit_test(test_format_table),
        cmocka_unit_test(test_floor_table),
        cmocka_unit_test(test_add_table),
        cmocka_unit_test(test_parse_local),
        cmocka_unit_test(test_mark_of),
        cmocka_unit_test(test_parse_neither),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
