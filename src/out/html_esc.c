#include "p2e_html_esc.h"

#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The length of the valid UTF-8 sequence at s (strict: no overlongs,
 * surrogates or values over U+10FFFF), or 0 when it is not one. */
static size_t sequence(const unsigned char *s, size_t left)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    if (left < n)
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* What a byte below 0x80 becomes: NULL when it stays as it is. */
static const char *ascii_ref(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t': case '\n': case '\r': return NULL;
    default: return c < 0x20 || c == 0x7F ? replacement : NULL;
    }
}

p2e_status p2e_html_text(p2e_buf *b, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* bytes copied as they are, pending */
    for (size_t i = 0; i < len;) {
        const char *ref = NULL;
        size_t n = 1;
        if (u[i] < 0x80)
            ref = ascii_ref(u[i]);
        else if (!(n = sequence(u + i, len - i)))
            ref = replacement, n = 1;
        if (!ref) {
            run += n;
            i += n;
            continue;
        }
        if ((run && p2e_buf_append(b, s + i - run, run)) || p2e_buf_puts(b, ref))
            return P2E_ERR_NOMEM;
        run = 0;
        i += n;
    }
    return run && p2e_buf_append(b, s + len - run, run) ? P2E_ERR_NOMEM : P2E_OK;
}

p2e_status p2e_html_cstr(p2e_buf *b, const char *s)
{
    return p2e_html_text(b, s, strlen(s));
}

static int unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static p2e_status percent(p2e_buf *b, const char *s, int slashes)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        int plain = unreserved(c) || (slashes && c == '/' && i > 0);
        if (i == 0 && (c == '.' || c == '/'))
            plain = 0;
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (plain ? p2e_buf_putc(b, (char)c) : p2e_buf_append(b, esc, 3))
            return P2E_ERR_NOMEM;
    }
    return P2E_OK;
}

p2e_status p2e_html_url(p2e_buf *b, const char *path)
{
    return percent(b, path, 1);
}

p2e_status p2e_html_fragment(p2e_buf *b, const char *id)
{
    return percent(b, id, 0);
}

p2e_status p2e_html_lower(p2e_buf *b, const char *s)
{
    size_t start = b->len;
    p2e_status st = p2e_html_cstr(b, s);
    for (size_t i = start; !st && i < b->len; i++)
        if (b->data[i] >= 'A' && b->data[i] <= 'Z')
            b->data[i] = (char)(b->data[i] - 'A' + 'a');
    return st;
}
