#include "p2e_source.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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
    int fd;                   /* owned by gz; for fstat at the end */
    p2e_source_print want;    /* what the whole read must see */
    unsigned long long got;   /* bytes read so far by the main read */
    unsigned long crc;        /* and their CRC-32 */
    int verified;             /* the end of the input has been checked */
    int saw_nul;              /* a converted chunk held a NUL (U+0000) */
    long long at;             /* the file's bytes read so far (gzoffset), for the watcher */
};

/* The watcher of every read (p2e_source_watch): set before any source is
 * opened, so that a reading thread started later sees it. */
static p2e_source_watch_fn watch_fn;
static void *watch_ctx;

void p2e_source_watch(p2e_source_watch_fn fn, void *ctx)
{
    watch_fn = fn;
    watch_ctx = ctx;
}

/* Back to the start of the file; the watcher counts the next read again. */
static int rewind_gz(p2e_source *s)
{
    s->at = 0;
    return gzrewind(s->gz);
}

/* Tell the watcher how far into the file (compressed bytes for gzip) this
 * read went; a rewind goes back without telling. One lseek per 256 KB
 * chunk, only when watched. */
static void tell_watcher(p2e_source *s)
{
    if (!watch_fn)
        return;
    long long now = (long long)gzoffset(s->gz);
    if (now > s->at)
        watch_fn(watch_ctx, (unsigned long long)(now - s->at));
    if (now >= 0)
        s->at = now;
}

/* What a pre-scan learns about a file's bytes. */
typedef struct {
    int need;                 /* continuation bytes still expected */
    unsigned char lead;       /* the byte that started the sequence */
    size_t lead_at;           /* and its offset */
    size_t offset;            /* bytes seen */
    int bom;                  /* the file starts with a UTF-8 BOM */
    unsigned char lo, hi;     /* allowed range of the next one (no overlongs, surrogates) */
    size_t multibyte;         /* valid multi-byte sequences */
    size_t invalid;           /* bytes that break UTF-8 */
    size_t bad_at;            /* offset of the first invalid byte; its line is */
    unsigned char bad_byte;   /* counted only if a message needs it (line_at) */
    int has_nul;
    size_t high[128];         /* how often each byte 0x80-0xFF occurs */
    size_t *pairs;            /* [a*128+b]: upper-half byte a+0x80 right before b+0x80
                               * (NULL: not counted) */
    unsigned char last;       /* the last byte of the previous chunk */
} scan_state;

static void scan_invalid(scan_state *u, unsigned char c, size_t at)
{
    if (!u->invalid++) {
        u->bad_at = at;
        u->bad_byte = c;
    }
    u->need = 0;
}

/* Strict UTF-8 check that goes on after an error, counting. */
static void scan_feed(scan_state *u, const unsigned char *p, size_t n)
{
    if (u->offset == 0 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        u->bom = 1;
    size_t base = u->offset;
    u->offset += n;
    for (size_t i = 0; i < n; i++) {
        /* most bytes are ASCII: skip 8 at a time while no byte is high or NUL */
        while (!u->need && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
            if ((w & highs) || ((w - ones) & ~w & highs))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = p[i];
        if (u->need) {
            if (c >= u->lo && c <= u->hi) {
                u->lo = 0x80;
                u->hi = 0xBF;
                if (--u->need == 0)
                    u->multibyte++;
                continue;
            }
            scan_invalid(u, u->lead, u->lead_at);
            /* the byte that broke the sequence starts afresh below */
        }
        if (c < 0x80) {
            u->has_nul |= c == 0;
            continue;
        }
        u->high[c - 0x80]++;
        unsigned char prev = i ? p[i - 1] : u->last;
        if (u->pairs && prev >= 0x80 && (i || base))
            u->pairs[(prev - 0x80) * 128 + (c - 0x80)]++;
        u->lo = 0x80;
        u->hi = 0xBF;
        u->lead = c;
        u->lead_at = base + i;
        if (c >= 0xC2 && c <= 0xDF)
            u->need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            u->need = 2;
            u->lo = c == 0xE0 ? 0xA0 : 0x80;
            u->hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            u->need = 3;
            u->lo = c == 0xF0 ? 0x90 : 0x80;
            u->hi = c == 0xF4 ? 0x8F : 0xBF;
        } else
            scan_invalid(u, c, base + i);
    }
    if (n)
        u->last = p[n - 1];
}

static p2e_status gz_read_some(p2e_source *s, char *buf, size_t cap, size_t *got, p2e_err *err)
{
    int n = gzread(s->gz, buf, (unsigned)cap);
    int zerr = 0;
    const char *msg = gzerror(s->gz, &zerr);
    /* a truncated stream reads as a short end unless the error is asked for */
    if (n < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
        if (zerr == Z_ERRNO)
            return p2e_fail(err, P2E_ERR_READ, "%s: cannot read: %s", s->path, strerror(errno));
        return p2e_fail(err, P2E_ERR_READ,
                        "%s: cannot read: the compressed file is damaged or incomplete (%s); "
                        "download or export it again", s->path, msg);
    }
    *got = (size_t)n;
    tell_watcher(s);
    return P2E_OK;
}

static void stat_print(const struct stat *sb, p2e_source_print *p)
{
    p->size = (long long)sb->st_size;
    p->mtime_sec = (long long)sb->st_mtim.tv_sec;
    p->mtime_nsec = (long long)sb->st_mtim.tv_nsec;
    p->dev = (unsigned long long)sb->st_dev;
    p->ino = (unsigned long long)sb->st_ino;
}

static int same_stat(const p2e_source_print *a, const p2e_source_print *b)
{
    return a->size == b->size && a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec &&
           a->dev == b->dev && a->ino == b->ino;
}

static p2e_status changed(const p2e_source *s, p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_READ,
                    "%s: the file changed while pos2ecom was reading it (it is read twice; size, "
                    "time or content differ between the reads): run again once nothing writes "
                    "to it", s->path);
}

/* ---- Windows-1252 or Mac Roman ---------------------------------------- */

/* How much a character counts as evidence of plausible product text: the
 * letters of Western European languages and the punctuation word
 * processors put in (curly quotes, dashes, the ellipsis, degrees, trade
 * marks) count; the math, Greek and spacing accents that fill Mac Roman's
 * upper half, and the rarer symbols of Windows-1252, count nothing. */
static int char_weight(unsigned cp)
{
    static const char lower[] = "\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2\u00e4\u00e1\u00e3"
                                "\u00e5\u00e7\u00f1\u00f6\u00f4\u00f3\u00f2\u00fc\u00fb"
                                "\u00fa\u00f9\u00ed\u00ec\u00ee\u00ef\u00f8\u00e6\u0153\u00df";
    static const unsigned punct[] = {0x2019, 0x2018, 0x201C, 0x201D, 0x2013, 0x2014, 0x2026,
                                     0x2022, 0x00B0, 0x2122, 0x00AE, 0x00A9, 0x00A0, 0x00BD,
                                     0x00BC, 0x00BE, 0x00D7, 0x20AC, 0x00A3};
    static const unsigned upper[] = {0xC9, 0xC8, 0xC0, 0xC4, 0xD6, 0xDC, 0xC7, 0xD1, 0xD8,
                                     0xC5, 0xC6, 0xD3, 0xC1, 0xCD, 0xDA, 0xA2, 0xA5, 0xA7,
                                     0xB1, 0xB5, 0xBF, 0xA1, 0xAB, 0xBB};
    for (const char *p = lower; *p; p += 2) /* each a two-byte UTF-8 letter */
        if ((((unsigned)(unsigned char)p[0] & 0x1F) << 6 | ((unsigned char)p[1] & 0x3F)) == cp)
            return 3;
    for (size_t i = 0; i < sizeof punct / sizeof punct[0]; i++)
        if (punct[i] == cp)
            return 2;
    for (size_t i = 0; i < sizeof upper / sizeof upper[0]; i++)
        if (upper[i] == cp)
            return 1;
    return 0;
}

/* The upper half of `enc` as code points; 0 when a byte is not a
 * character there (Windows-1252 leaves five undefined). */
static int legacy_table(const char *enc, unsigned cp[128])
{
    iconv_t cd = iconv_open("UTF-32LE", enc);
    if (cd == (iconv_t)-1)
        return -1;
    for (unsigned b = 0; b < 128; b++) {
        char in = (char)(b + 0x80);
        unsigned char out[4];
        char *ip = &in, *op = (char *)out;
        size_t il = 1, ol = sizeof out;
        cp[b] = 0;
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 0)
            cp[b] = out[0] | (unsigned)out[1] << 8 | (unsigned)out[2] << 16;
    }
    iconv_close(cd);
    return 0;
}

/* Whether code point c is what Windows-1252 shows for a UTF-8
 * continuation byte (0x80-0xBF): with a lead letter before it (Â, Ã, â),
 * a UTF-8 character read once as the wrong encoding, the mark of text
 * that passed through this encoding. */
static int continuation_look(unsigned c, const unsigned *win)
{
    if (c >= 0xA0 && c <= 0xBF)
        return 1;
    for (unsigned b = 0; b < 32; b++)
        if (win[b] && win[b] == c)
            return 1;
    return 0;
}

static int is_lower_letter(unsigned c)
{
    return c >= 0xDF && c <= 0xFF && c != 0xF7;
}

static int is_upper_letter(unsigned c)
{
    return c >= 0xC0 && c <= 0xDE && c != 0xD7;
}

/* The score of the file's upper-half bytes read as `enc` (cp): each
 * character by its weight; each pair of them that reads as a UTF-8
 * character seen through this encoding (mojibake that the file carried
 * in, "Â" before a no-break space) counts for, and a lower-case accented
 * letter right before an upper-case one (no language writes that)
 * against. -1 when a byte is not a character of enc. */
static long legacy_score(const unsigned *cp, const unsigned *win, const scan_state *u)
{
    long score = 0;
    for (unsigned b = 0; b < 128; b++) {
        if (!u->high[b])
            continue;
        if (!cp[b])
            return -1;
        score += (long)u->high[b] * char_weight(cp[b]);
    }
    if (!u->pairs)
        return score;
    for (unsigned a = 0; a < 128; a++) {
        if (!u->high[a])
            continue;
        for (unsigned b = 0; b < 128; b++) {
            size_t n = u->pairs[a * 128 + b];
            if (!n)
                continue;
            if (cp[a] >= 0xC2 && cp[a] <= 0xF4 && continuation_look(cp[b], win))
                score += 4 * (long)n;
            else if (is_lower_letter(cp[a]) && is_upper_letter(cp[b]))
                score -= 3 * (long)n;
        }
    }
    return score;
}

/* A file that is not UTF-8: Windows-1252 (Excel for Windows) or Mac Roman
 * (Excel for Mac). Windows-1252 unless Mac Roman reads the bytes as
 * clearly more plausible text (over twice the score, and by more than a
 * letter or two: a short file says little), or Windows-1252 cannot read
 * them at all (a byte it leaves undefined) and Mac Roman can. */
static const char *guess_legacy(const scan_state *u)
{
    unsigned win[128], mac[128];
    if (legacy_table("WINDOWS-1252", win) || legacy_table("MACINTOSH", mac))
        return "WINDOWS-1252";
    long ws = legacy_score(win, win, u);
    long ms = legacy_score(mac, win, u);
    if (ws < 0)
        return ms > 0 ? "MACINTOSH" : "WINDOWS-1252";
    return ms >= 2 * ws + 4 ? "MACINTOSH" : "WINDOWS-1252";
}

/* Read the whole file once: its checksum, and with `scan` its encoding. */
static p2e_status prescan(p2e_source *s, scan_state *u, int scan, p2e_err *err)
{
    size_t *pairs = u->pairs;
    memset(u, 0, sizeof *u);
    u->pairs = pairs;
    unsigned long crc = crc32(0L, Z_NULL, 0);
    unsigned long long bytes = 0;
    for (;;) {
        size_t got;
        p2e_status st = gz_read_some(s, s->in, CHUNK, &got, err);
        if (st)
            return st;
        if (!got)
            break;
        crc = crc32_z(crc, (const Bytef *)s->in, got);
        bytes += got;
        if (scan)
            scan_feed(u, (unsigned char *)s->in, got);
    }
    s->want.crc = crc;
    s->want.bytes = bytes;
    if (u->need)
        scan_invalid(u, u->lead, u->lead_at);
    if (u->bom)
        u->multibyte--; /* a BOM says nothing about the text */
    if (rewind_gz(s) != 0)
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot rewind", s->path);
    return P2E_OK;
}

/* The line of the byte at offset `at`: 1 + the line breaks before it (LF,
 * CRLF and bare CR one each). Reads the file again from the start: only a
 * refusal needs it, and the scan stays free of per-byte line counting. */
static p2e_status line_at(p2e_source *s, size_t at, unsigned long *line, p2e_err *err)
{
    unsigned long n = 1;
    int last_cr = 0;
    size_t pos = 0;
    while (pos < at) {
        size_t got;
        p2e_status st = gz_read_some(s, s->in, CHUNK, &got, err);
        if (st)
            return st;
        if (!got)
            break;
        for (size_t i = 0; i < got && pos < at; i++, pos++) {
            char c = s->in[i];
            n += c == '\r' || (c == '\n' && !last_cr);
            last_cr = c == '\r';
        }
    }
    *line = n;
    if (rewind_gz(s) != 0)
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot rewind", s->path);
    return P2E_OK;
}

/* A BOM is dropped before anything else: a UTF-8 one also when the rest
 * of the file is then converted from another encoding; a UTF-16 or UTF-32
 * one (bom_len 2 or 4) when it chose the encoding. */
static p2e_status skip_bom(p2e_source *s, size_t bom_len, p2e_err *err)
{
    char head[4];
    size_t want = bom_len ? bom_len : 3;
    int n = gzread(s->gz, head, (unsigned)want);
    if (n == (int)want && (bom_len || memcmp(head, "\xEF\xBB\xBF", 3) == 0)) {
        s->crc = crc32_z(s->crc, (const Bytef *)head, want);
        s->got = want;
        return P2E_OK;
    }
    if (n < 0 || rewind_gz(s) != 0)
        return p2e_fail(err, P2E_ERR_READ, "%s: cannot read", s->path);
    return P2E_OK;
}

/* The encoding a Unicode byte-order mark names (Excel's "Unicode text" is
 * UTF-16LE with one), and its length; NULL when the file has none. UTF-32
 * is asked first: its LE mark starts with UTF-16LE's. */
static const char *unicode_bom(p2e_source *s, size_t *len)
{
    unsigned char h[4];
    int n = gzread(s->gz, h, sizeof h);
    if (rewind_gz(s) != 0 || n < 2)
        return NULL;
    static const struct {
        const char *name;
        size_t len;
        unsigned char b[4];
    } boms[] = {{"UTF-32LE", 4, {0xFF, 0xFE, 0, 0}},
                {"UTF-32BE", 4, {0, 0, 0xFE, 0xFF}},
                {"UTF-16LE", 2, {0xFF, 0xFE, 0, 0}},
                {"UTF-16BE", 2, {0xFE, 0xFF, 0, 0}}};
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
        if ((size_t)n >= boms[i].len && !memcmp(h, boms[i].b, boms[i].len)) {
            *len = boms[i].len;
            return boms[i].name;
        }
    return NULL;
}

/* Open path for reading without ever blocking: a FIFO or a device given
 * as the export would hang the run (a FIFO's open waits for a writer,
 * /dev/zero never ends), so only a regular file is read, checked on the
 * opened file itself (fstat), not on a name that could change meanwhile. */
static p2e_status open_regular(const char *path, int *fd_out, struct stat *sb, p2e_err *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return p2e_fail(err, P2E_ERR_OPEN, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, sb) != 0) {
        int e = errno;
        close(fd);
        return p2e_fail(err, P2E_ERR_OPEN, "%s: cannot open: %s", path, strerror(e));
    }
    if (!S_ISREG(sb->st_mode)) {
        close(fd);
        if (S_ISDIR(sb->st_mode))
            return p2e_fail(err, P2E_ERR_OPEN, "%s: is a directory, not an export file", path);
        return p2e_fail(err, P2E_ERR_OPEN,
                        "%s: is not a regular file (a pipe, device or socket): give the path of "
                        "the export file itself", path);
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        int e = errno;
        close(fd);
        return p2e_fail(err, P2E_ERR_OPEN, "%s: cannot open: %s", path, strerror(e));
    }
    *fd_out = fd;
    return P2E_OK;
}

p2e_status p2e_source_open(p2e_source **out, const char *path, const char *encoding, p2e_err *err)
{
    return p2e_source_open_print(out, path, encoding, NULL, err);
}

p2e_status p2e_source_open_print(p2e_source **out, const char *path, const char *encoding,
                                 const p2e_source_print *first, p2e_err *err)
{
    struct stat sb;
    int fd = -1;
    *out = NULL;
    p2e_status st0 = open_regular(path, &fd, &sb, err);
    if (st0)
        return st0;
    p2e_source *s = calloc(1, sizeof *s);
    if (!s) {
        close(fd);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    s->path = path;
    s->cd = (iconv_t)-1;
    s->fd = fd;
    s->crc = crc32(0L, Z_NULL, 0);
    stat_print(&sb, &s->want);
    if (first && !same_stat(first, &s->want)) {
        close(fd);
        p2e_status stc = changed(s, err);
        free(s);
        return stc;
    }
    s->gz = gzdopen(fd, "rb");
    if (!s->gz) {
        close(fd);
        free(s);
        return p2e_fail(err, P2E_ERR_NOMEM, "%s: cannot open: out of memory", path);
    }
    gzbuffer(s->gz, CHUNK);
    int known_utf8 = encoding && !strcmp(encoding, P2E_SOURCE_UTF8);
    int forced = encoding && *encoding && !known_utf8;
    size_t bom_len = 0;
    const char *bom_enc = forced || known_utf8 ? NULL : unicode_bom(s, &bom_len);
    if (bom_enc) {
        forced = 1;
        encoding = bom_enc;
    }
    scan_state u;
    memset(&u, 0, sizeof u);
    p2e_status st = P2E_OK;
    int scan = !forced && !known_utf8;
    if (scan && !(u.pairs = calloc(128 * 128, sizeof *u.pairs)))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st && (!first || scan)) /* a second open of a converted file decides again */
        st = prescan(s, &u, scan, err);
    if (!st && first && scan && (s->want.bytes != first->bytes || s->want.crc != first->crc))
        st = changed(s, err);
    if (first)
        s->want = *first; /* read once already: this read must see the same */
    if (!st && !forced && u.has_nul)
        st = p2e_fail(err, P2E_ERR_FORMAT,
                      "%s: holds NUL bytes: a binary file, not a CSV product export; export "
                      "the products again, or save the file from the spreadsheet as CSV UTF-8",
                      path);
    /* Mostly valid UTF-8 (at least twice as many good multi-byte sequences
     * as bad bytes) is a damaged UTF-8 file: converting it whole from
     * Windows-1252 would garble every accent. A legacy file has few or no
     * sequences that happen to be valid UTF-8. */
    if (!st && !forced && u.invalid && u.multibyte >= 2 && u.multibyte >= 2 * u.invalid) {
        unsigned long line = 0;
        st = line_at(s, u.bad_at, &line, err);
        if (!st)
            st = p2e_fail(err, P2E_ERR_ENCODING,
                          "%s: line %lu: byte 0x%02X is not valid UTF-8, though the rest of the "
                          "file is UTF-8: the file is damaged. Re-save it as UTF-8, or name its "
                          "encoding with --encoding if it is not UTF-8",
                          path, line, u.bad_byte);
    }
    if (!st && (forced || u.invalid)) {
        snprintf(s->encoding, sizeof s->encoding, "%s", forced ? encoding : guess_legacy(&u));
        s->cd = iconv_open("UTF-8", s->encoding);
        if (s->cd == (iconv_t)-1)
            st = p2e_fail(err, P2E_ERR_ENCODING, "%s: unknown encoding '%s' (see iconv -l)", path,
                          s->encoding);
    }
    free(u.pairs);
    if (!st)
        st = skip_bom(s, bom_len, err);
    if (st) {
        p2e_source_free(s);
        return st;
    }
    *out = s;
    return P2E_OK;
}

/* The main read: every byte into the checksum; at the end, the bytes, the
 * checksum and the file's size and time must be those of the first read. */
static p2e_status read_checked(p2e_source *s, char *buf, size_t cap, size_t *got, p2e_err *err)
{
    p2e_status st = gz_read_some(s, buf, cap, got, err);
    if (st)
        return st;
    if (*got) {
        s->crc = crc32_z(s->crc, (const Bytef *)buf, *got);
        s->got += *got;
        return P2E_OK;
    }
    if (s->verified)
        return P2E_OK;
    s->verified = 1;
    struct stat sb;
    p2e_source_print now;
    memset(&now, 0, sizeof now);
    if (fstat(s->fd, &sb) == 0)
        stat_print(&sb, &now);
    if (!same_stat(&now, &s->want) || s->got != s->want.bytes || s->crc != s->want.crc)
        return changed(s, err);
    return P2E_OK;
}

static p2e_status convert_chunk(p2e_source *s, const char **data, size_t *len, p2e_err *err)
{
    for (;;) {
        size_t got = 0;
        if (!s->eof) {
            p2e_status st = read_checked(s, s->in + s->in_len, CHUNK - s->in_len, &got, err);
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
        s->saw_nul |= *len && memchr(s->out, 0, *len) != NULL;
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
        st = read_checked(s, s->in, CHUNK, &got, err);
        *data = s->in;
        *len = got;
    }
    return st;
}

int p2e_source_may_hold_nul(const p2e_source *s)
{
    return s->saw_nul;
}

void p2e_source_get_print(const p2e_source *s, p2e_source_print *out)
{
    *out = s->want;
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
