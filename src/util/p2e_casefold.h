/*
 * p2e_casefold.h - a small, locale-independent case fold for UTF-8 keys
 * (photo names against SKUs and handles).
 *
 * Folded: ASCII A-Z; Latin-1 Supplement (À-Þ but ×); Latin Extended-A
 * (Ā-ž, Ÿ -> ÿ, İ -> i, ſ -> s); Greek (Ά-Ώ, Α-Ϋ, final ς -> σ); Cyrillic
 * (Ѐ-Я, and the paired letters Ѡ-ԯ). Each letter maps to one letter (simple
 * folding: ß stays ß); other code points, and bytes that are not valid
 * UTF-8, are copied as they are. No Unicode normalisation: a decomposed é
 * (e + U+0301, as macOS may name files) does not equal a composed one.
 *
 * Ownership: the caller owns out.
 */
#ifndef P2E_CASEFOLD_H
#define P2E_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_status.h"

/* The folded form of one code point. */
uint32_t p2e_fold_cp(uint32_t cp);

/* out = the folded s[0..len), NUL-terminated (out->len excludes the NUL). */
p2e_status p2e_casefold(p2e_buf *out, const char *s, size_t len) P2E_MUST_CHECK;

/* ASCII only, whatever the locale: for file extensions and slugs. */
static inline int p2e_ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int p2e_ascii_digit(int c)
{
    return c >= '0' && c <= '9';
}

#endif
