/*
 * fuzz_decimal.c - the number parsers: p2e_dec_parse, p2e_dec_is_damaged,
 * and the round and format functions they feed (plus p2e_unit_convert and
 * p2e_gtin_valid, which take the same cells).
 *
 * The whole input is one cell. Properties checked on every input
 * (FUZZ_CHECK aborts):
 *   - p2e_dec_is_damaged(s) holds exactly when p2e_dec_parse says
 *     P2E_NUM_EXPONENT;
 *   - a parsed value formats to text that parses back to the same value
 *     (6 decimals, fixed and trimmed);
 *   - for 0..6 decimals, p2e_dec_round is within half a unit of the value,
 *     rounds ties away from zero, and its fixed format has exactly that many
 *     decimals and parses back to the rounded value;
 *   - p2e_dec_floor is the floor;
 *   - any int64 (the first 8 bytes) formats in under 32 bytes at any
 *     number of decimals, and rounds and converts without undefined
 *     behaviour; converting to the same unit at 6 decimals is the identity
 *     (INT64_MIN aside: no parsed value comes near it);
 *   - p2e_dec_mark_of agrees with p2e_dec_parse_local: a value that shows
 *     a decimal mark reads the same under every convention, one that reads
 *     two ways is ambiguous under P2E_CONV_NEITHER;
 *   - p2e_dec_add of two int64 (the first 16 bytes) is the exact sum when
 *     that and both operands are within +-P2E_DEC_MAX_MICRO, and otherwise
 *     refuses and leaves the total as it was: never a wrapped sum.
 */
#include "fuzz_util.h"

#include "p2e_decimal.h"
#include "p2e_gtin.h"
#include "p2e_units.h"

static int64_t pow10_of(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

static int64_t parse_back(const char *s)
{
    int64_t v = 0;
    p2e_num_state st = p2e_dec_parse(s, strlen(s), &v);
    if (st != P2E_NUM_OK)
        fprintf(stderr, "formatted '%s' does not parse back (state %d)\n", s, (int)st);
    FUZZ_CHECK(st == P2E_NUM_OK);
    return v;
}

static void check_format_bounds(int64_t units, int decimals, int fixed)
{
    char out[64];
    memset(out, 'X', sizeof out);
    size_t n = p2e_dec_format(out, units, decimals, fixed);
    FUZZ_CHECK(n < 32);
    FUZZ_CHECK(strlen(out) == n);
    for (size_t i = 32; i < sizeof out; i++)
        FUZZ_CHECK(out[i] == 'X');
    if (fixed && decimals > 0) {
        const char *dot = strchr(out, '.');
        FUZZ_CHECK(dot && strlen(dot + 1) == (size_t)decimals);
    }
}

/* Products of a value and a power of ten can pass INT64_MAX near the ends
 * of the range: the harness computes them in 128 bits, so that it has no
 * undefined behaviour of its own and reports the property instead. */
__extension__ typedef __int128 i128;

static void check_value(int64_t m)
{
    char buf[64];
    /* exact round trips */
    p2e_dec_format(buf, m, 6, 0);
    FUZZ_CHECK(parse_back(buf) == m);
    p2e_dec_format(buf, m, 6, 1);
    FUZZ_CHECK(parse_back(buf) == m);
    /* rounding */
    for (int d = 0; d <= 6; d++) {
        int64_t unit = pow10_of(6 - d);
        int64_t r = p2e_dec_round(m, d);
        i128 back = (i128)r * unit;
        i128 diff = (i128)m - back;
        i128 adiff = diff < 0 ? -diff : diff;
        if (m > P2E_DEC_MAX_MICRO || m < -P2E_DEC_MAX_MICRO)
            continue; /* beyond what parse accepts round only promises to stay in range */
        FUZZ_CHECK(2 * adiff <= unit);
        if (2 * adiff == unit) /* a tie: away from zero */
            FUZZ_CHECK(m >= 0 ? back > m : back < m);
        check_format_bounds(r, d, 1);
        /* what is written must read back: the rounded value is in range */
        if (back > INT64_MAX || back < INT64_MIN)
            fprintf(stderr, "%lld rounded to %d decimals is out of the int64 micro range\n",
                    (long long)m, d);
        FUZZ_CHECK(back <= INT64_MAX && back >= INT64_MIN);
        p2e_dec_format(buf, r, d, 1);
        FUZZ_CHECK(parse_back(buf) == (int64_t)back);
        p2e_dec_format(buf, r, d, 0);
        FUZZ_CHECK(parse_back(buf) == (int64_t)back);
    }
    /* floor */
    int64_t f = p2e_dec_floor(m);
    FUZZ_CHECK((i128)f * P2E_MICRO <= m);
    FUZZ_CHECK((i128)m - (i128)f * P2E_MICRO < P2E_MICRO);
}

static void check_raw(int64_t v)
{
    static const char *const names[] = {"kg", "g", "lb", "oz", "m", "cm", "mm", "in"};
    for (int d = 0; d <= 6; d++) {
        check_format_bounds(v, d, 0);
        check_format_bounds(v, d, 1);
        (void)p2e_dec_round(v, d);
    }
    (void)p2e_dec_floor(v);
    for (int a = 0; a < 8; a++) {
        p2e_unit_kind kind = a < 4 ? P2E_UNIT_WEIGHT : P2E_UNIT_LENGTH;
        const p2e_unit *from = p2e_unit_find(names[a], kind);
        FUZZ_CHECK(from != NULL);
        for (int b = a < 4 ? 0 : 4; b < (a < 4 ? 4 : 8); b++) {
            const p2e_unit *to = p2e_unit_find(names[b], kind);
            int64_t out;
            for (int d = 0; d <= 6; d++)
                (void)p2e_unit_convert(v, from, to, d, &out);
            /* INT64_MIN has no positive counterpart: the conversion may
             * refuse it as an overflow (no parsed value comes near it) */
            if (a == b && v != INT64_MIN) {
                FUZZ_CHECK(p2e_unit_convert(v, from, to, 6, &out));
                FUZZ_CHECK(out == v);
            }
        }
    }
}

static void check_add(int64_t a, int64_t b)
{
    __extension__ __int128 exact = __extension__(__int128)a + b;
    int fits = a >= -P2E_DEC_MAX_MICRO && a <= P2E_DEC_MAX_MICRO && b >= -P2E_DEC_MAX_MICRO &&
               b <= P2E_DEC_MAX_MICRO && exact >= -P2E_DEC_MAX_MICRO && exact <= P2E_DEC_MAX_MICRO;
    int64_t acc = a;
    int ok = p2e_dec_add(&acc, b);
    FUZZ_CHECK(ok == fits);
    FUZZ_CHECK(ok ? acc == (int64_t)exact : acc == a);
}

/* p2e_dec_parse_local under both conventions, price or not: a number the
 * plain reader takes is read the same with a decimal point; a value that
 * reads two ways is invalid and names two different readings, each a
 * value format -> parse gives back; a value read is one the plain reader
 * would give for some text (checked as any other value). */
static void check_local(const char *s, size_t size, p2e_num_state plain, int64_t plain_v)
{
    for (int comma = 0; comma < 2; comma++) {
        for (int money = 0; money < 2; money++) {
            p2e_dec_read how;
            int64_t v = 0;
            p2e_num_state st = p2e_dec_parse_local(s, size, comma, money, &v, &how);
            if (!comma && plain == P2E_NUM_OK) {
                FUZZ_CHECK(st == P2E_NUM_OK && v == plain_v);
            }
            if (how.ambiguous) {
                FUZZ_CHECK(st == P2E_NUM_INVALID && how.point != how.comma);
                check_value(how.point);
                check_value(how.comma);
            }
            if (st == P2E_NUM_OK)
                check_value(v);
            FUZZ_CHECK(money || !how.currency);
        }
    }
    /* a value's mark agrees with the readings: one that shows a mark reads
     * the same under every convention; one that reads two ways is
     * ambiguous where neither mark decides */
    p2e_dec_mark mark = p2e_dec_mark_of(s, size);
    p2e_dec_read how;
    int64_t v[3] = {0, 0, 0};
    p2e_num_state st[3];
    for (int conv = 0; conv < 3; conv++)
        st[conv] = p2e_dec_parse_local(s, size, conv, 1, &v[conv], &how);
    if (mark == P2E_MARK_POINT || mark == P2E_MARK_COMMA) {
        FUZZ_CHECK(st[0] == P2E_NUM_OK && st[1] == P2E_NUM_OK && st[2] == P2E_NUM_OK);
        FUZZ_CHECK(v[0] == v[1] && v[1] == v[2]);
    }
    if (mark == P2E_MARK_EITHER)
        FUZZ_CHECK(st[2] == P2E_NUM_INVALID && how.ambiguous);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    int64_t m = 0;
    p2e_num_state st = p2e_dec_parse(s, size, &m);
    int damaged = p2e_dec_is_damaged(s, size);
    FUZZ_CHECK(damaged == (st == P2E_NUM_EXPONENT));
    if (st == P2E_NUM_OK)
        check_value(m);
    check_local(s, size, st, m);
    (void)p2e_gtin_valid(s, size);
    /* units by name, as the reader looks them up (NUL-terminated) */
    if (size < 64) {
        char name[64];
        memcpy(name, data, size);
        name[size] = '\0';
        (void)p2e_unit_find(name, P2E_UNIT_WEIGHT);
        (void)p2e_unit_find(name, P2E_UNIT_LENGTH);
    }
    if (size >= 8) {
        int64_t v;
        memcpy(&v, data, sizeof v);
        check_raw(v);
    }
    if (size >= 16) {
        int64_t a, b;
        memcpy(&a, data, sizeof a);
        memcpy(&b, data + 8, sizeof b);
        check_add(a, b);
    }
    return 0;
}
