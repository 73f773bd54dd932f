/*
 * test_units.c - weight and dimension units with exact factors
 * (1 lb = 0.45359237 kg, 1 oz = 1/16 lb, 1 in = 2.54 cm), converted from
 * micro units and rounded half-up once at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_units.h"
#include "testutil.h"

static const struct {
    const char *in;
    p2e_unit_kind kind;
    const char *name; /* NULL: not found */
} find_rows[] = {
    {"kg", P2E_UNIT_WEIGHT, "kg"},
    {"KG", P2E_UNIT_WEIGHT, "kg"},
    {"Kg", P2E_UNIT_WEIGHT, "kg"},
    {"g", P2E_UNIT_WEIGHT, "g"},
    {"G", P2E_UNIT_WEIGHT, "g"},
    {"lb", P2E_UNIT_WEIGHT, "lb"},
    {"LB", P2E_UNIT_WEIGHT, "lb"},
    {"oz", P2E_UNIT_WEIGHT, "oz"},
    {"Oz", P2E_UNIT_WEIGHT, "oz"},
    {" lb ", P2E_UNIT_WEIGHT, "lb"},
    {"  KG", P2E_UNIT_WEIGHT, "kg"},
    {"in", P2E_UNIT_LENGTH, "in"},
    {"IN", P2E_UNIT_LENGTH, "in"},
    {"In", P2E_UNIT_LENGTH, "in"},
    {"cm", P2E_UNIT_LENGTH, "cm"},
    {"CM", P2E_UNIT_LENGTH, "cm"},
    {"mm", P2E_UNIT_LENGTH, "mm"},
    {"m", P2E_UNIT_LENGTH, "m"},
    {"M", P2E_UNIT_LENGTH, "m"},
    {" cm  ", P2E_UNIT_LENGTH, "cm"},
    /* wrong kind */
    {"kg", P2E_UNIT_LENGTH, NULL},
    {"lb", P2E_UNIT_LENGTH, NULL},
    {"in", P2E_UNIT_WEIGHT, NULL},
    {"cm", P2E_UNIT_WEIGHT, NULL},
    {"m", P2E_UNIT_WEIGHT, NULL},
    {"g", P2E_UNIT_LENGTH, NULL},
    /* unknown */
    {"", P2E_UNIT_WEIGHT, NULL},
    {"   ", P2E_UNIT_LENGTH, NULL},
    {"lbs", P2E_UNIT_WEIGHT, NULL},
    {"kgs", P2E_UNIT_WEIGHT, NULL},
    {"k", P2E_UNIT_WEIGHT, NULL},
    {"k g", P2E_UNIT_WEIGHT, NULL},
    {"pound", P2E_UNIT_WEIGHT, NULL},
    {"ft", P2E_UNIT_LENGTH, NULL},
    {"inch", P2E_UNIT_LENGTH, NULL},
    {"c", P2E_UNIT_LENGTH, NULL},
    {"cmm", P2E_UNIT_LENGTH, NULL},
};

static void test_find_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof find_rows / sizeof find_rows[0]; i++) {
        const p2e_unit *u = p2e_unit_find(find_rows[i].in, find_rows[i].kind);
        if (!find_rows[i].name) {
            if (u)
                fail_msg("find(\"%s\", %d) should be NULL, got %s", find_rows[i].in,
                         (int)find_rows[i].kind, u->name);
            continue;
        }
        if (!u || strcmp(u->name, find_rows[i].name) != 0 || u->kind != find_rows[i].kind)
            fail_msg("find(\"%s\", %d) should be %s", find_rows[i].in, (int)find_rows[i].kind,
                     find_rows[i].name);
    }
}

/* The exact sizes: nanograms and nanometres. */
static void test_exact_factors(void **state)
{
    (void)state;
    assert_int_equal(p2e_unit_find("kg", P2E_UNIT_WEIGHT)->nano, INT64_C(1000000000000));
    assert_int_equal(p2e_unit_find("g", P2E_UNIT_WEIGHT)->nano, INT64_C(1000000000));
    /* 0.45359237 kg = 453.59237 g */
    assert_int_equal(p2e_unit_find("lb", P2E_UNIT_WEIGHT)->nano, INT64_C(453592370000));
    /* 1/16 of that, exactly */
    assert_int_equal(p2e_unit_find("oz", P2E_UNIT_WEIGHT)->nano * 16, INT64_C(453592370000));
    assert_int_equal(p2e_unit_find("m", P2E_UNIT_LENGTH)->nano, INT64_C(1000000000));
    assert_int_equal(p2e_unit_find("cm", P2E_UNIT_LENGTH)->nano, INT64_C(10000000));
    assert_int_equal(p2e_unit_find("mm", P2E_UNIT_LENGTH)->nano, INT64_C(1000000));
    assert_int_equal(p2e_unit_find("in", P2E_UNIT_LENGTH)->nano, INT64_C(25400000));
}

#define W P2E_UNIT_WEIGHT
#define L P2E_UNIT_LENGTH
#define M(x) ((int64_t)(x) * 1000000) /* whole units to micro */

static const struct {
    int64_t micro;
    const char *from, *to;
    p2e_unit_kind kind;
    int decimals;
    int64_t expect; /* in units of 10^-decimals */
} conv_rows[] = {
    {M(1), "lb", "kg", W, 3, 454},           /* 0.45359237 -> 0.454 */
    {M(1), "oz", "kg", W, 3, 28},            /* 0.028349523125 -> 0.028 */
    {M(16), "oz", "lb", W, 3, 1000},         /* 16 oz = 1 lb exactly */
    {M(8), "oz", "lb", W, 3, 500},           /* 0.5 lb */
    {1000500000, "g", "kg", W, 3, 1001},     /* 1000.5 g = 1.0005 kg -> 1.001 */
    {1000499999, "g", "kg", W, 3, 1000},     /* 1000.499999 g -> 1.000 */
    {M(1), "kg", "lb", W, 3, 2205},          /* 2.20462262... -> 2.205 */
    {M(1), "kg", "oz", W, 3, 35274},         /* 35.27396195... -> 35.274 */
    {M(1), "oz", "g", W, 3, 28350},          /* 28.349523125 -> 28.350 */
    {M(1), "lb", "g", W, 3, 453592},         /* 453.59237 -> 453.592 */
    {M(2), "kg", "kg", W, 3, 2000},
    {500, "kg", "kg", W, 3, 1},              /* 0.0005 exactly half -> 0.001 */
    {499, "kg", "kg", W, 3, 0},
    {M(0), "lb", "kg", W, 3, 0},
    {-M(1), "lb", "kg", W, 3, -454},         /* half away from zero, mirrored */
    {M(1), "in", "cm", L, 2, 254},           /* 2.54 */
    {M(12), "in", "cm", L, 2, 3048},         /* 30.48 */
    {M(10), "cm", "in", L, 2, 394},          /* 3.937... -> 3.94 */
    {M(1), "m", "in", L, 2, 3937},           /* 39.370078... -> 39.37 */
    {2500000, "mm", "cm", L, 2, 25},         /* 2.5 mm = 0.25 cm */
    {M(1), "m", "cm", L, 2, 10000},
    {M(1), "mm", "m", L, 2, 0},              /* 0.001 m -> 0.00 */
    {M(5), "mm", "m", L, 2, 1},              /* 0.005 m exactly half -> 0.01 */
    {M(1), "in", "mm", L, 2, 2540},          /* 25.4 */
    /* big values: the 128-bit product does not overflow */
    {M(9000000000000), "lb", "kg", W, 3, INT64_C(4082331330000000)},
    {M(9000000000000), "kg", "lb", W, 3, INT64_C(19841603596638982)},
    {INT64_MAX, "kg", "lb", W, 3, INT64_C(20334054642177459)},
    /* INT64_MAX micro kg in g at 3 dp is exactly INT64_MAX */
    {INT64_MAX, "kg", "g", W, 3, INT64_MAX},
};

static void test_convert_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof conv_rows / sizeof conv_rows[0]; i++) {
        const p2e_unit *from = p2e_unit_find(conv_rows[i].from, conv_rows[i].kind);
        const p2e_unit *to = p2e_unit_find(conv_rows[i].to, conv_rows[i].kind);
        assert_non_null(from);
        assert_non_null(to);
        int64_t out = -12345;
        int ok = p2e_unit_convert(conv_rows[i].micro, from, to, conv_rows[i].decimals, &out);
        if (!ok || out != conv_rows[i].expect)
            fail_msg("convert(%lld micro %s -> %s, %d dp) = %d, %lld; expected %lld",
                     (long long)conv_rows[i].micro, conv_rows[i].from, conv_rows[i].to,
                     conv_rows[i].decimals, ok, (long long)out, (long long)conv_rows[i].expect);
    }
}

/* A result too large for int64 is reported, never wrapped. */
static void test_convert_overflow(void **state)
{
    (void)state;
    const p2e_unit *kg = p2e_unit_find("kg", W), *g = p2e_unit_find("g", W);
    const p2e_unit *m = p2e_unit_find("m", L), *mm = p2e_unit_find("mm", L);
    int64_t out = 0;
    /* 9223372036854.775807 kg = 9223372036854775.807 g: at 4 dp over int64 */
    assert_int_equal(p2e_unit_convert(INT64_MAX, kg, g, 4, &out), 0);
    /* 9e12 kg = 9e15 g; at 6 dp 9e21 */
    assert_int_equal(p2e_unit_convert(M(9000000000000), kg, g, 6, &out), 0);
    assert_int_equal(p2e_unit_convert(M(9000000000000), m, mm, 6, &out), 0);
    assert_int_equal(p2e_unit_convert(-M(9000000000000), m, mm, 6, &out), 0);
    /* in range again */
    assert_int_equal(p2e_unit_convert(M(9000), m, mm, 2, &out), 1);
    assert_int_equal(out, INT64_C(900000000));
}

/* The dimension and weight rounding the rules name. */
static void test_decimals_constants(void **state)
{
    (void)state;
    assert_int_equal(P2E_WEIGHT_DECIMALS, 3);
    assert_int_equal(P2E_LENGTH_DECIMALS, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_table),
        cmocka_unit_test(test_exact_factors),
        cmocka_unit_test(test_convert_table),
        cmocka_unit_test(test_convert_overflow),
        cmocka_unit_test(test_decimals_constants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
