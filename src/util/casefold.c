#include "p2e_casefold.h"

#include <string.h>

/* Latin Extended-A: which letters are capitals (the lowercase is cp + 1). */
static uint32_t fold_latin_ext_a(uint32_t cp)
{
    if (cp == 0x130)
        return 'i';
    if (cp == 0x178)
        return 0xFF;
    if (cp == 0x17F)
        return 's';
    if ((cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0 && cp != 0x130)
        return cp + 1;
    if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1)
        return cp + 1;
    return cp;
}

static uint32_t fold_greek(uint32_t cp)
{
    if (cp == 0x386)
        return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A)
        return cp + 37;
    if (cp == 0x38C)
        return 0x3CC;
    if (cp == 0x38E || cp == 0x38F)
        return cp + 63;
    if ((cp >= 0x391 && cp <= 0x3A1) || (cp >= 0x3A3 && cp <= 0x3AB))
        return cp + 32;
    if (cp == 0x3C2)
        return 0x3C3;
    return cp;
}

static uint32_t fold_cyrillic(uint32_t cp)
{
    if (cp <= 0x40F)
        return cp + 80;
    if (cp <= 0x42F)
        return cp + 32;
    if (cp == 0x4C0)
        return 0x4CF;
    if (cp >= 0x4C1 && cp <= 0x4CE)
        return cp % 2 == 1 ? cp + 1 : cp;
    int paired = (cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
                 (cp >= 0x4D0 && cp <= 0x52F);
    return paired && cp % 2 == 0 ? cp + 1 : cp;
}

uint32_t p2e_fold_cp(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F)
        return fold_latin_ext_a(cp);
    if (cp >= 0x386 && cp <= 0x3C2)
        return fold_greek(cp);
    if (cp >= 0x400 && cp <= 0x52F)
        return fold_cyrillic(cp);
    return cp;
}

/* One well-formed UTF-8 sequence at s (n bytes left): its length and code
 * point, or 0 when the bytes are not one (then they are copied as they are). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    uint32_t c = len == 1 ? s[0] : s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static size_t encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12)); /* every folded code point is under 0x10000 */
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

p2e_status p2e_casefold(p2e_buf *out, const char *s, size_t len)
{
    out->len = 0;
    /* a fold never makes a letter longer (İ, ſ: 2 bytes -> 1) */
    if (p2e_buf_reserve(out, len + 1))
        return P2E_ERR_NOMEM;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        if (!n || cp >= 0x10000 || p2e_fold_cp(cp) == cp) {
            n = n ? n : 1;
            memcpy(out->data + out->len, s + i, n);
            out->len += n;
        } else {
            out->len += encode(p2e_fold_cp(cp), out->data + out->len);
        }
        i += n;
    }
    out->data[out->len] = '\0';
    return P2E_OK;
}
