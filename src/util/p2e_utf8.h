/*
 * p2e_utf8.h - counting and cleaning UTF-8 text.
 *
 * Characters are counted the way the store and Excel count them: every
 * byte that does not continue a sequence (is not 10xxxxxx) starts one. On
 * valid UTF-8 that is the code point count; a stray byte of broken text
 * counts as one character, so a count never comes out short.
 */
#ifndef P2E_UTF8_H
#define P2E_UTF8_H

#include <stddef.h>

/* The characters of s[0..len). */
size_t p2e_utf8_chars(const char *s, size_t len);

/* The bytes of the longest prefix of s[0..len) that holds at most max
 * characters: a cut there never splits a sequence. */
size_t p2e_utf8_prefix(const char *s, size_t len, size_t max);

/* A copy of s as valid UTF-8: each byte that is not part of a valid
 * sequence (strict: no overlongs, surrogates or values over U+10FFFF)
 * becomes U+FFFD (a file name in Latin-1, say). Caller frees; NULL when
 * out of memory. */
char *p2e_utf8_clean(const char *s);

#endif
