/*
 * p2e_source.h - an input file as a stream of UTF-8 bytes.
 *
 * Opens plain or gzip files (zlib reads both), strips a UTF-8 BOM, and, when
 * the file is not valid UTF-8, converts it whole with iconv from
 * Windows-1252 or the encoding the user named. Validity is decided by a
 * full pre-scan at open time, so the stream never changes encoding halfway.
 *
 * Ownership: p2e_source_open allocates; p2e_source_free releases. Chunks
 * returned by p2e_source_read are borrowed and valid until the next call.
 */
#ifndef P2E_SOURCE_H
#define P2E_SOURCE_H

#include <stddef.h>

#include "p2e_status.h"

typedef struct p2e_source p2e_source;

/* encoding: NULL or "" to detect (UTF-8, else Windows-1252); any iconv name
 * to force a conversion from it; P2E_SOURCE_UTF8 when an earlier open of
 * the same file found it valid UTF-8 (skips the pre-scan). */
#define P2E_SOURCE_UTF8 "\x01utf-8"

p2e_status p2e_source_open(p2e_source **out, const char *path, const char *encoding, p2e_err *err)
    P2E_MUST_CHECK;

/* What one read of a file saw: a later read must see the same, or the file
 * changed in between (converted data would then be unchecked). */
typedef struct {
    unsigned long long bytes;      /* decompressed bytes */
    unsigned long crc;             /* their CRC-32 */
    long long size, mtime_sec, mtime_nsec;
    unsigned long long dev, ino;
} p2e_source_print;

/* The print of the whole file, read at open (every open reads the file
 * through once: the encoding pre-scan, or a checksum pass when the
 * encoding is forced). */
void p2e_source_get_print(const p2e_source *s, p2e_source_print *out);

/* p2e_source_open for a file already read once: fails (P2E_ERR_READ, one
 * line) when its size, time or identity differ from `first`, and the read
 * fails at the end of the input when its bytes differ. The second read
 * within one source (after the pre-scan) is checked the same way. */
p2e_status p2e_source_open_print(p2e_source **out, const char *path, const char *encoding,
                                 const p2e_source_print *first, p2e_err *err) P2E_MUST_CHECK;

/* Next chunk of UTF-8; *len == 0 at end of input. */
p2e_status p2e_source_read(p2e_source *s, const char **data, size_t *len, p2e_err *err)
    P2E_MUST_CHECK;

/* Whether the bytes handed over so far may hold a NUL: only a forced
 * conversion can produce one (a detected file with NUL bytes is refused at
 * open). Sticky: once true, true for the rest of the input. */
int p2e_source_may_hold_nul(const p2e_source *s);

/* The encoding the input was converted from, or NULL when it was UTF-8. */
const char *p2e_source_converted_from(const p2e_source *s);

void p2e_source_free(p2e_source *s);

/* A watcher of the reads of every source (the command line's progress):
 * after each chunk (at most 256 KB) read from a file, fn gets how many of
 * the file's bytes that chunk took (compressed bytes for a gzip file, so
 * that a whole read adds up to the file's size; the pre-scan's read and a
 * re-read count again). It is called from the thread that reads, which may
 * be csvread's parsing thread: fn must not touch what that thread's caller
 * is using, and must be quick. Set (or cleared with NULL) while no source is
 * being read; the last call wins. */
typedef void (*p2e_source_watch_fn)(void *ctx, unsigned long long bytes);
void p2e_source_watch(p2e_source_watch_fn fn, void *ctx);

#endif
