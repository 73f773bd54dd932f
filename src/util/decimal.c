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
