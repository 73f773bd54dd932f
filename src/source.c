#include "p2e_source.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define CHUNK (256 * 1024)

struct p2e_source {
    gzFile gz;
    const char *path;
    iconv_t cd;               /* (iconv_t)-1 when the input is UTF-8 */
    char encoding[64];
    char in[CHUNK];
    size_t in_len;            /* bytes waiting for iconv */
    char out[CHUNK * 4];
    int eof;
};

/* Incremental strict UTF-8 check: `need` continuation bytes still expected,
 * `lo`/`hi` the allowed range of the next one (rejects overlongs and
 * surrogates). Returns 0 on the first invalid byte. */
typedef struct {
    int need;
    unsigned char lo, hi;
} utf8_state;

static int utf8_feed(utf8_state *u, const unsigned char *p, size_t n, int *has_nul)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (u->need) {
            if (c < u->lo || c > u->hi)
                return 0;
            u->lo = 0x80;
            u->hi = 0xBF;
            u->need--;
            continue;
        }
        if (c < 0x80) {
            if (c == 0)
                *has_nul = 1;
            continue;
        }
        u->lo = 0x80;
        u->hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            u->need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            u->need = 2;
            if (c == 0xE0)
                u->lo = 0xA0;
            if (c == 0xED)
                u->hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            u->need = 3;
            if (c == 0xF0)
                u->lo = 0x90;
            if (c == 0xF4)
                u->hi = 0x8F;
        } else
            return 0;
    }
    return 1;
}

static p2e_status gz_read_some(p2e_source *s, char *buf, size_t cap, size_t *got, p2e_err *err)
{
    int n = gzread(s->gz, buf, (unsigned)cap);
    if (n < 0) {
        int zerr = 0;
        const char *msg = gzerror(s->gz, &zerr);
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot read: %s", s->path,
                        zerr == Z_ERRNO ? strerror(errno) : msg);
    }
    *got = (size_t)n;
    if ((size_t)n < cap && !gzeof(s->gz)) {
        /* short read without eof: zlib reports errors only on next call */
        return P2E_OK;
    }
    return P2E_OK;
}

/* Read the whole file once to decide: valid UTF-8 or not. */
static p2e_status prescan(p2e_source *s, int *valid, int *has_nul, p2e_err *err)
{
    utf8_state u = {0, 0x80, 0xBF};
    *valid = 1;
    *has_nul = 0;
    for (;;) {
        size_t got;
        p2e_status st = gz_read_some(s, s->in, CHUNK, &got, err);
        if (st)
            return st;
        if (!got)
            break;
        if (*valid && !utf8_feed(&u, (unsigned char *)s->in, got, has_nul))
            *valid = 0;
        if (!*valid && memchr(s->in, '\0', got))
            *has_nul = 1; /* the UTF-8 check stopped early: still look for NULs */
    }
    if (u.need)
        *valid = 0;
    if (gzrewind(s->gz) != 0)
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot rewind", s->path);
    return P2E_OK;
}

/* A UTF-8 BOM is dropped before anything else, also when the rest of the
 * file is then converted from another encoding. */
static p2e_status skip_bom(p2e_source *s, p2e_err *err)
{
    char head[3];
    int n = gzread(s->gz, head, sizeof head);
    if (n == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        return P2E_OK;
    if (n < 0 || gzrewind(s->gz) != 0)
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot read", s->path);
    return P2E_OK;
}

p2e_status p2e_source_open(p2e_source **out, const char *path, const char *encoding, p2e_err *err)
{
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0)
        return p2e_fail(err, P2E_ERR_OPEN, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return p2e_fail(err, P2E_ERR_OPEN, "%s: is a directory, not an export file", path);
    p2e_source *s = calloc(1, sizeof *s);
    if (!s)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    s->path = path;
    s->cd = (iconv_t)-1;
    s->gz = gzopen(path, "rb");
    if (!s->gz) {
        int e = errno;
        free(s);
        return p2e_fail(err, P2E_ERR_OPEN, "%s: cannot open: %s", path, e ? strerror(e) : "zlib error");
    }
    gzbuffer(s->gz, CHUNK);
    int forced = encoding && *encoding;
    int valid = 1, has_nul = 0;
    p2e_status st = P2E_OK;
    if (!forced)
        st = prescan(s, &valid, &has_nul, err);
    if (!st && !forced && has_nul)
        st = p2e_fail(err, P2E_ERR_FORMAT,
                      "%s: holds NUL bytes: a binary file, not a CSV product export "
                      "(for a UTF-16 file pass --encoding UTF-16)", path);
    if (!st && (forced || !valid)) {
        snprintf(s->encoding, sizeof s->encoding, "%s", forced ? encoding : "WINDOWS-1252");
        s->cd = iconv_open("UTF-8", s->encoding);
        if (s->cd == (iconv_t)-1)
            st = p2e_fail(err, P2E_ERR_ENCODING, "%s: unknown encoding '%s' (see iconv -l)", path,
                          s->encoding);
    }
    if (!st)
        st = skip_bom(s, err);
    if (st) {
        p2e_source_free(s);
        return st;
    }
    *out = s;
    return P2E_OK;
}

static p2e_status convert_chunk(p2e_source *s, const char **data, size_t *len, p2e_err *err)
{
    for (;;) {
        size_t got = 0;
        if (!s->eof) {
            p2e_status st = gz_read_some(s, s->in + s->in_len, CHUNK - s->in_len, &got, err);
            if (st)
                return st;
            if (!got)
                s->eof = 1;
            s->in_len += got;
        }
        char *ip = s->in, *op = s->out;
        size_t il = s->in_len, ol = sizeof s->out;
        size_t r = iconv(s->cd, &ip, &il, &op, &ol);
        if (r == (size_t)-1 && errno == EILSEQ)
            return p2e_fail(err, P2E_ERR_ENCODING,
                            "%s: a byte sequence is not valid %s; name the file's encoding with "
                            "--encoding (for example --encoding macintosh)",
                            s->path, s->encoding);
        if (r == (size_t)-1 && errno == EINVAL && s->eof)
            return p2e_fail(err, P2E_ERR_ENCODING, "%s: ends in the middle of a %s character",
                            s->path, s->encoding);
        memmove(s->in, ip, il);
        s->in_len = il;
        *data = s->out;
        *len = (size_t)(op - s->out);
        if (*len || s->eof)
            return P2E_OK;
    }
}

p2e_status p2e_source_read(p2e_source *s, const char **data, size_t *len, p2e_err *err)
{
    p2e_status st;
    if (s->cd != (iconv_t)-1) {
        st = convert_chunk(s, data, len, err);
    } else {
        size_t got = 0;
        st = gz_read_some(s, s->in, CHUNK, &got, err);
        *data = s->in;
        *len = got;
    }
    return st;
}

const char *p2e_source_converted_from(const p2e_source *s)
{
    return s->cd != (iconv_t)-1 ? s->encoding : NULL;
}

void p2e_source_free(p2e_source *s)
{
    if (!s)
        return;
    if (s->gz)
        gzclose(s->gz);
    if (s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    free(s);
}
