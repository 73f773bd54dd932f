/*
 * testutil.h - small helpers shared by the cmocka test programs.
 * Include after <cmocka.h>'s prerequisites (stdarg, stddef, setjmp, stdint).
 * Include it after p2e_csvread.h, p2e_source.h or <zlib.h> to get the CSV
 * row collector, the source reader or the gzip writer defined at the end.
 */
#ifndef P2E_TESTUTIL_H
#define P2E_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

/* The shared folder with the public fixtures: $P2E_SHARED, else ../shared
 * relative to the repository root (tests run from the root). */
static inline const char *tu_shared_dir(void)
{
    const char *env = getenv("P2E_SHARED");
    return env && *env ? env : "../shared";
}

/* Path of a public fixture (xseries/ or ecom/ file) into buf; returns 1 when
 * the file exists, else prints a visible skip notice and returns 0. */
static inline int tu_public_file(char *buf, size_t len, const char *rel)
{
    struct stat sb;
    snprintf(buf, len, "%s/fixtures-public/%s", tu_shared_dir(), rel);
    if (stat(buf, &sb) == 0)
        return 1;
    printf("[  SKIP    ] %s not found (no ../shared here): test skipped\n", buf);
    return 0;
}

/* Write bytes to a fresh temporary file; returns its malloc'ed path. */
static inline char *tu_write_temp(const void *data, size_t len, const char *suffix)
{
    char tmpl[] = "/tmp/p2e-test-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    if (write(fd, data, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    size_t n = strlen(tmpl) + strlen(suffix) + 1;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s%s", tmpl, suffix);
    if (rename(tmpl, path) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

/* A fresh temporary directory; returns its malloc'ed path. */
static inline char *tu_temp_dir(void)
{
    char tmpl[] = "/tmp/p2e-dir-XXXXXX";
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

/* Remove a directory tree made by a test (rm -rf). */
static inline void tu_remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* The whole content of a file, malloc'ed and NUL-terminated (*len without
 * the NUL); NULL when it cannot be read. */
static inline char *tu_read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    fclose(fp);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

/* 1 when path exists (any kind of file). */
static inline int tu_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Number of entries in a directory other than . and .. (-1 on error). */
static inline int tu_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* path = dir + "/" + name, into buf. */
static inline const char *tu_join(char *buf, size_t len, const char *dir, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
    return buf;
}

/* 1 when needle occurs in haystack. */
static inline int tu_contains(const char *haystack, const char *needle)
{
    return haystack && needle && strstr(haystack, needle) != NULL;
}

#endif

/* ---- CSV helpers: available when p2e_csvread.h was included first ---- */
/* ---- opening a source: when p2e_source.h (or p2e_csvread.h) came first ---- */
#if defined(P2E_SOURCE_H) && !defined(P2E_TESTUTIL_OPEN)
#define P2E_TESTUTIL_OPEN
/* Open path as p2e_source_open does; *converted (when non-NULL) gets a
 * malloc'ed copy of the encoding it was converted from, or NULL. */
static inline p2e_status tu_open_source(const char *path, const char *encoding,
                                        p2e_source **src, char **converted, p2e_err *err)
{
    if (converted)
        *converted = NULL;
    err->msg[0] = '\0';
    p2e_status st = p2e_source_open(src, path, encoding, err);
    if (!st && converted && p2e_source_converted_from(*src))
        *converted = strdup(p2e_source_converted_from(*src));
    return st;
}
#endif

#if defined(P2E_CSVREAD_H) && !defined(P2E_TESTUTIL_CSV)
#define P2E_TESTUTIL_CSV

/* A record copied out of the reader's callback (cells are borrowed there). */
typedef struct {
    size_t ncells;
    char **cell;          /* each NUL-terminated copy */
    size_t *len;
    unsigned long line;
    int unterminated;
    long nul_cell;
    unsigned long resumed;
    int recovered;
} tu_row;

typedef struct {
    tu_row *rows;
    size_t count, cap;
    size_t stop_after;    /* return P2E_CSV_STOP after this many rows (0: never) */
    size_t fail_after;    /* return fail_with after this many rows (0: never) */
    p2e_status fail_with;
} tu_rows;

static inline p2e_status tu_collect_row(void *ctx, const p2e_row *row)
{
    tu_rows *r = ctx;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        tu_row *rows = realloc(r->rows, cap * sizeof *rows);
        if (!rows)
            return P2E_ERR_NOMEM;
        r->rows = rows;
        r->cap = cap;
    }
    tu_row *t = &r->rows[r->count];
    t->ncells = row->ncells;
    t->line = row->line;
    t->unterminated = row->unterminated;
    t->nul_cell = row->nul_cell;
    t->resumed = row->resumed;
    t->recovered = row->recovered;
    t->cell = calloc(row->ncells ? row->ncells : 1, sizeof *t->cell);
    t->len = calloc(row->ncells ? row->ncells : 1, sizeof *t->len);
    if (!t->cell || !t->len) {
        free(t->cell);
        free(t->len);
        return P2E_ERR_NOMEM;
    }
    for (size_t i = 0; i < row->ncells; i++) {
        t->len[i] = row->len[i];
        t->cell[i] = malloc(row->len[i] + 1);
        if (!t->cell[i])
            return P2E_ERR_NOMEM;
        memcpy(t->cell[i], row->cell[i], row->len[i]);
        t->cell[i][row->len[i]] = '\0';
    }
    r->count++;
    if (r->fail_after && r->count == r->fail_after)
        return r->fail_with;
    if (r->stop_after && r->count == r->stop_after)
        return P2E_CSV_STOP;
    return P2E_OK;
}

static inline void tu_rows_free(tu_rows *r)
{
    for (size_t i = 0; i < r->count; i++) {
        for (size_t k = 0; k < r->rows[i].ncells; k++)
            free(r->rows[i].cell[k]);
        free(r->rows[i].cell);
        free(r->rows[i].len);
    }
    free(r->rows);
    r->rows = NULL;
    r->count = r->cap = 0;
}

/* Non-zero: tu_read_csv parses on a second thread with batches of this
 * many bytes, whatever opts say (a test group sets it to run every case
 * both ways). */
static size_t tu_csv_batch_bytes;

/* Open path (encoding as for p2e_source_open) and read every record into
 * out. *converted (when non-NULL) gets a malloc'ed copy of
 * p2e_source_converted_from, or NULL. Returns the first failure. */
static inline p2e_status tu_read_csv(const char *path, const char *encoding,
                                     const p2e_csv_opts *opts, tu_rows *out, char **converted,
                                     p2e_err *err)
{
    p2e_csv_opts use = {0};
    if (opts)
        use = *opts;
    if (tu_csv_batch_bytes)
        use.batch_bytes = tu_csv_batch_bytes;
    p2e_source *src = NULL;
    p2e_status st = tu_open_source(path, encoding, &src, converted, err);
    if (st)
        return st;
    st = p2e_csv_read(src, &use, tu_collect_row, out, path, err);
    p2e_source_free(src);
    return st;
}

/* Write data to a temporary file with suffix, read it as above, remove it. */
static inline p2e_status tu_parse_bytes(const void *data, size_t len, const char *encoding,
                                        const p2e_csv_opts *opts, tu_rows *out,
                                        char **converted, p2e_err *err)
{
    char *path = tu_write_temp(data, len, ".csv");
    if (!path)
        return P2E_ERR_WRITE;
    p2e_status st = tu_read_csv(path, encoding, opts, out, converted, err);
    unlink(path);
    free(path);
    return st;
}
#endif

/* ---- source helpers: available when p2e_source.h was included first ---- */
#if defined(P2E_SOURCE_H) && !defined(P2E_TESTUTIL_SOURCE)
#define P2E_TESTUTIL_SOURCE

/* Every byte p2e_source_read gives for path, concatenated (malloc'ed, NUL
 * added); *converted as in tu_read_csv. Returns the first failure, from
 * the open or from a read. */
static inline p2e_status tu_source_slurp(const char *path, const char *encoding, char **data,
                                         size_t *len, char **converted, p2e_err *err)
{
    p2e_source *src = NULL;
    *data = NULL;
    *len = 0;
    p2e_status st = tu_open_source(path, encoding, &src, converted, err);
    if (st)
        return st;
    size_t cap = 1024, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        p2e_source_free(src);
        return P2E_ERR_NOMEM;
    }
    for (;;) {
        const char *chunk;
        size_t clen = 0;
        st = p2e_source_read(src, &chunk, &clen, err);
        if (st || clen == 0)
            break;
        while (n + clen + 1 > cap)
            cap *= 2;
        char *b = realloc(buf, cap);
        if (!b) {
            st = P2E_ERR_NOMEM;
            break;
        }
        buf = b;
        memcpy(buf + n, chunk, clen);
        n += clen;
    }
    buf[n] = '\0';
    p2e_source_free(src);
    *data = buf;
    *len = n;
    return st;
}
#endif

/* ---- gzip helper: available when <zlib.h> was included first ---- */
#if defined(ZLIB_H) && !defined(P2E_TESTUTIL_GZ)
#define P2E_TESTUTIL_GZ

/* Write data gzip-compressed (zlib's gzwrite) to a fresh temporary file
 * named *.csv.gz; returns its malloc'ed path. */
static inline char *tu_write_gz_temp(const void *data, size_t len)
{
    char *path = tu_write_temp("", 0, ".csv.gz");
    if (!path)
        return NULL;
    gzFile gz = gzopen(path, "wb9");
    if (!gz || (len && gzwrite(gz, data, (unsigned)len) != (int)len)) {
        if (gz)
            gzclose(gz);
        free(path);
        return NULL;
    }
    if (gzclose(gz) != Z_OK) {
        free(path);
        return NULL;
    }
    return path;
}
#endif
