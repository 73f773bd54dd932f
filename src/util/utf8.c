#include "p2e_utf8.h"

#include <stdlib.h>
#include <string.h>

/* Whether byte c starts a character (is not a continuation byte). */
static int starts_char(char c)
{
    return ((unsigned char)c & 0xC0) != 0x80;
}

size_t p2e_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += starts_char(s[i]);
    return n;
}

size_t p2e_utf8_prefix(const char *s, size_t len, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (starts_char(s[i]) && n++ == max)
            return i;
    return len;
}

/* The length of the valid UTF-8 sequence at p (strict: no overlongs,
 * surrogates or values over U+10FFFF), or 0. p is NUL-terminated: a NUL
 * ends a sequence as any other byte out of range does. */
static size_t utf8_seq(const unsigned char *p)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (size_t i = 1; i < n; i++, lo = 0x80, hi = 0xBF)
        if (p[i] < lo || p[i] > hi)
            return 0;
    return n;
}

char *p2e_utf8_clean(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        if (n) {
            memcpy(o, p, n);
            o += n;
            p += n;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        }
    }
    *o = '\0';
    return out;
}
