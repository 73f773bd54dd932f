#include "p2e_decimal.h"

#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_space((*s)[*len - 1]))
        (*len)--;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int p2e_dec_is_damaged(const char *s, size_t len)
{
    trim(&s, &len);
    size_t i = 0, digits = 0;
    while (i < len && is_digit(s[i])) {
        i++;
        digits++;
    }
    if (!digits)
        return 0;
    if (i < len && s[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < len && is_digit(s[i])) {
            i++;
            frac++;
        }
        if (!frac)
            return 0;
    }
    if (i + 2 > len || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+')
        return 0;
    i += 2;
    size_t exp = 0;
    while (i < len && is_digit(s[i])) {
        i++;
        exp++;
    }
    return exp > 0 && i == len;
}

p2e_num_state p2e_dec_parse(const char *s, size_t len, int64_t *micro)
{
    trim(&s, &len);
    if (!len)
        return P2E_NUM_EMPTY;
    if (p2e_dec_is_damaged(s, len))
        return P2E_NUM_EXPONENT;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
    }
    int64_t whole = 0, frac = 0;
    int ndig = 0, nfrac = 0;
    const int64_t limit = P2E_DEC_MAX_MICRO / P2E_MICRO; /* the largest whole part */
    for (; i < len && is_digit(s[i]); i++, ndig++) {
        if (whole > (limit - (s[i] - '0')) / 10)
            return P2E_NUM_RANGE;
        whole = whole * 10 + (s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && is_digit(s[i]); i++, ndig++) {
            if (nfrac < 6) {
                frac = frac * 10 + (s[i] - '0');
                nfrac++;
            }
        }
    }
    if (i != len || ndig == 0)
        return P2E_NUM_INVALID;
    for (; nfrac < 6; nfrac++)
        frac *= 10;
    if (whole == limit && frac > 0)
        return P2E_NUM_RANGE;

    int64_t v = whole * P2E_MICRO + frac;
    *micro = neg ? -v : v;
    return P2E_NUM_OK;
}

int64_t p2e_dec_round(int64_t micro, int decimals)
{
    int64_t div = 1;
    for (int d = decimals; d < 6; d++)
        div *= 10;
    if (div == 1)
        return micro;
    /* quotient and remainder first: no addition that could overflow */
    int64_t q = micro / div, rem = micro % div;
    if (rem >= div / 2)
        q++;
    else if (rem <= -(div / 2))
        q--;
    /* at the very edge of the range the rounded value must stay one that
     * micro units can hold: there it is rounded toward zero instead */
    if (q > INT64_MAX / div)
        q = INT64_MAX / div;
    else if (q < INT64_MIN / div)
        q = INT64_MIN / div;
    return q;
}

int p2e_dec_add(int64_t *acc, int64_t v)
{
    int64_t a = *acc;
    /* both bounds are far from the int64 limits: test before adding */
    if (a > P2E_DEC_MAX_MICRO || a < -P2E_DEC_MAX_MICRO || v > P2E_DEC_MAX_MICRO ||
        v < -P2E_DEC_MAX_MICRO)
        return 0;
    if ((v > 0 && a > P2E_DEC_MAX_MICRO - v) || (v < 0 && a < -P2E_DEC_MAX_MICRO - v))
        return 0;
    *acc = a + v;
    return 1;
}

int64_t p2e_dec_floor(int64_t micro)
{
    int64_t q = micro / P2E_MICRO;
    if (micro % P2E_MICRO != 0 && micro < 0)
        q--;
    return q;
}

size_t p2e_dec_format(char *out, int64_t units, int decimals, int fixed)
{
    char tmp[32];
    int neg = units < 0;
    uint64_t u = neg ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
    size_t n = 0;
    int d = 0;
    /* digits, least significant first */
    do {
        if (d == decimals && decimals > 0)
            tmp[n++] = '.';
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        d++;
    } while (u || d <= decimals);
    size_t len = 0;
    if (neg)
        out[len++] = '-';
    while (n)
        out[len++] = tmp[--n];
    out[len] = '\0';
    if (!fixed && decimals > 0) {
        while (out[len - 1] == '0')
            out[--len] = '\0';
        if (out[len - 1] == '.')
            out[--len] = '\0';
    }
    if (len == 2 && out[0] == '-' && out[1] == '0')
        memmove(out, out + 1, len--);
    return len;
}

/* A space between groups of thousands: ASCII, no-break (U+00A0) or narrow
 * no-break (U+202F), as spreadsheets in French locales write them.
 * Returns its length in bytes, 0 when s[i] starts none. */
static size_t group_space(const char *s, size_t len, size_t i)
{
    if (s[i] == ' ')
        return 1;
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* The value read with `dec` as the decimal mark and the other mark or
 * spaces between groups of three digits: the plain form (digits, one
 * '.') in out, or 0 when it does not read that way. *grouped: thousands
 * marks were used. */
static int reading(const char *s, size_t len, char dec, char *out, size_t cap, int *grouped)
{
    char other = dec == '.' ? ',' : '.';
    size_t n = 0, i = 0, group = 0;
    int groups = 0, sep = 0; /* sep: the group mark seen (1 other, 2 space) */
    if (i < len && (s[i] == '-' || s[i] == '+'))
        out[n++] = s[i++];
    for (; i < len; i++) {
        size_t sp = group_space(s, len, i);
        if (is_digit(s[i])) {
            if (n + 2 >= cap)
                return 0;
            out[n++] = s[i];
            group++;
        } else if (s[i] == other || sp) {
            int kind = sp ? 2 : 1;
            if ((sep && sep != kind) || group == 0 || group > 3 || (groups && group != 3))
                return 0;
            sep = kind;
            groups++;
            group = 0;
            i += sp ? sp - 1 : 0;
        } else if (s[i] == dec) {
            break;
        } else {
            return 0;
        }
    }
    if (groups && group != 3)
        return 0;
    if (i < len) { /* the decimal mark: digits only after it */
        if (i + 1 == len)
            return 0;
        out[n++] = '.';
        for (i++; i < len; i++) {
            if (!is_digit(s[i]) || n + 1 >= cap)
                return 0;
            out[n++] = s[i];
        }
    }
    out[n] = '\0';
    *grouped = groups > 0;
    return n > 0 && is_digit(out[n - 1]);
}

/* A currency sign or ISO code before or after the number, with spaces
 * between: $19.90, 19,90 €, EUR 19.90, £5. */
static int strip_currency(const char **s, size_t *len)
{
    static const char *const signs[] = {"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5", "US$"};
    int stripped = 0;
    for (int side = 0; side < 2; side++) {
        const char *p = *s;
        size_t n = *len, cut = 0;
        for (size_t k = 0; k < sizeof signs / sizeof signs[0] && !cut; k++) {
            size_t m = strlen(signs[k]);
            if (n > m && !memcmp(side ? p + n - m : p, signs[k], m))
                cut = m;
        }
        if (!cut && n > 3) {
            const char *c = side ? p + n - 3 : p;
            int code = 1;
            for (int k = 0; k < 3; k++)
                code &= c[k] >= 'A' && c[k] <= 'Z';
            size_t next = side ? n - 4 : 3; /* the byte beside the code */
            if (code && (p[next] == ' ' || is_digit(p[next]) || p[next] == '-'))
                cut = 3;
        }
        if (!cut)
            continue;
        if (!side)
            p += cut;
        n -= cut;
        trim(&p, &n);
        *s = p;
        *len = n;
        stripped = 1;
    }
    return stripped;
}

p2e_num_state p2e_dec_parse_local(const char *s, size_t len, int decimal_comma, int money,
                                  int64_t *micro, p2e_dec_read *how)
{
    memset(how, 0, sizeof *how);
    trim(&s, &len);
    if (money && len && strip_currency(&s, &len))
        how->currency = 1;
    if (!decimal_comma || !memchr(s, '.', len)) { /* the hot path: a plain number */
        p2e_num_state st = p2e_dec_parse(s, len, micro);
        if (st == P2E_NUM_OK || st == P2E_NUM_EMPTY || st == P2E_NUM_EXPONENT)
            return st;
    }
    /* the plain form, as ever: a decimal point (1.234 is ambiguous only
     * where the convention is a decimal comma) */
    char a[64], b[64];
    int ga = 0, gb = 0;
    int ra = reading(s, len, '.', a, sizeof a, &ga);
    int rb = reading(s, len, ',', b, sizeof b, &gb);
    int plain = ra && !ga;
    if (plain && !(decimal_comma && rb && strcmp(a, b)))
        return p2e_dec_parse(s, len, micro);
    if (!ra && !rb)
        return p2e_dec_parse(s, len, micro); /* empty, damaged, invalid: as the plain reader says */
    int64_t va = 0, vb = 0;
    if (ra && p2e_dec_parse(a, strlen(a), &va) != P2E_NUM_OK)
        ra = 0;
    if (rb && p2e_dec_parse(b, strlen(b), &vb) != P2E_NUM_OK)
        rb = 0;
    if (ra && rb && va != vb) {
        /* 1,234: a thousands comma or a decimal comma; the convention
         * decides only where its decimal mark is the one written (never
         * with P2E_CONV_NEITHER, which is neither 0 nor 1) */
        int comma_written = memchr(s, ',', len) != NULL;
        if (decimal_comma == comma_written) {
            ra = !decimal_comma;
            rb = decimal_comma;
        } else {
            how->ambiguous = 1;
            how->point = va;
            how->comma = vb;
            return P2E_NUM_INVALID;
        }
    }
    if (!ra && !rb)
        return P2E_NUM_RANGE;
    *micro = ra ? va : vb;
    how->decimal_comma = !ra && memchr(s, ',', len) != NULL;
    how->grouped = ra ? ga : gb;
    return P2E_NUM_OK;
}

/* The plain form's hot case without the two readings: no comma, no
 * group space, at most one '.'. Returns -1 when the full test is needed. */
static int mark_quick(const char *s, size_t len)
{
    size_t dots = 0, dot = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == ',' || b == ' ' || b == 0xC2 || b == 0xE2)
            return -1;
        if (b == '.') {
            dots++;
            dot = i;
        }
    }
    if (!dots)
        return P2E_MARK_NONE; /* 12: no decimal mark to tell */
    int64_t v;
    if (dots > 1 || p2e_dec_parse(s, len, &v) != P2E_NUM_OK)
        return -1;
    /* 19.90, 0.5: a '.' not before exactly three digits is no thousands mark */
    return len - dot - 1 != 3 ? P2E_MARK_POINT : -1;
}

p2e_dec_mark p2e_dec_mark_of(const char *s, size_t len)
{
    trim(&s, &len);
    if (len && !(is_digit(s[len - 1]) && (is_digit(s[0]) || s[0] == '-' || s[0] == '+')))
        (void)strip_currency(&s, &len); /* only where something else than a digit ends it */
    int quick = mark_quick(s, len);
    if (quick >= 0)
        return (p2e_dec_mark)quick;
    char a[64], b[64];
    int ga = 0, gb = 0;
    int64_t va = 0, vb = 0;
    int ra = reading(s, len, '.', a, sizeof a, &ga) && p2e_dec_parse(a, strlen(a), &va) == P2E_NUM_OK;
    int rb = reading(s, len, ',', b, sizeof b, &gb) && p2e_dec_parse(b, strlen(b), &vb) == P2E_NUM_OK;
    if (ra && rb)
        return va != vb ? P2E_MARK_EITHER : P2E_MARK_NONE; /* 1,234 / 1 234 */
    if (ra) /* 19.90, 1,234.50; but 1,234,567 shows no decimal mark */
        return memchr(s, '.', len) ? P2E_MARK_POINT : P2E_MARK_NONE;
    if (rb) /* 19,90, 1.234,50; but 1.234.567 shows none */
        return memchr(s, ',', len) ? P2E_MARK_COMMA : P2E_MARK_NONE;
    return P2E_MARK_NONE;
}
