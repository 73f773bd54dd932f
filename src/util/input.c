#include "p2e_input.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2e_csvread.h"

/* ---- the readers ----------------------------------------------------- */

typedef struct reader_def reader_def;

struct p2e_input {
    const reader_def *def;
    const char *path;
    p2e_input_opts opts;
    p2e_source *src;               /* CSV: the byte stream */
};

/* One input format. claims: does this reader take a file whose first
 * bytes (as stored, before any decompression) are head[0..n)? NULL: it
 * takes every file, so it must be the table's last entry. */
struct reader_def {
    const char *name;
    int (*claims)(const unsigned char *head, size_t n);
    p2e_status (*open)(p2e_input *in, p2e_err *err);
    p2e_status (*read)(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err);
    void (*close)(p2e_input *in);
};

/* CSV, plain or gzip (src/source.c tells them apart by content). */
static p2e_status csv_open(p2e_input *in, p2e_err *err)
{
    return p2e_source_open_print(&in->src, in->path, in->opts.encoding, in->opts.print, err);
}

static p2e_status csv_read(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err)
{
    p2e_csv_opts copts = {.max_field = in->opts.max_field,
                          .delim = in->opts.delim,
                          .max_row = in->opts.max_row,
                          .batch_bytes = in->opts.batch_bytes};
    return p2e_csv_read(in->src, &copts, fn, ctx, in->path, err);
}

static void csv_close(p2e_input *in)
{
    p2e_source_free(in->src);
    in->src = NULL;
}

/* The factory's table, asked in order. */
static const reader_def readers[] = {
    /* XLSX READER GOES HERE (next issue): an entry such as
     *   {"XLSX", xlsx_claims, xlsx_open, xlsx_read, xlsx_close},
     * whose xlsx_claims takes a zip ("PK\3\4"); it must come before CSV,
     * which takes every file. */
    {"CSV", NULL, csv_open, csv_read, csv_close},
};

#define NREADERS (sizeof readers / sizeof readers[0])

/* The first bytes of path as stored, read the way src/source.c opens a
 * file (never blocking on a FIFO); 0 when they cannot be read, and the
 * reader that takes every file then says why. */
static size_t read_head(const char *path, unsigned char *head, size_t cap)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat sb;
    ssize_t n = 0;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        n = read(fd, head, cap);
    close(fd);
    return n > 0 ? (size_t)n : 0;
}

static const reader_def *pick(const char *path)
{
    unsigned char head[16];
    size_t nhead = 0;
    int have_head = 0;
    for (size_t i = 0; i < NREADERS; i++) {
        if (!readers[i].claims)
            return &readers[i];
        if (!have_head) {
            nhead = read_head(path, head, sizeof head);
            have_head = 1;
        }
        if (readers[i].claims(head, nhead))
            return &readers[i];
    }
    return &readers[NREADERS - 1];
}

/* ---- the seam --------------------------------------------------------- */

const char *p2e_input_pick(const char *path)
{
    return pick(path)->name;
}

p2e_status p2e_input_open(p2e_input **out, const char *path, const p2e_input_opts *opts,
                          p2e_err *err)
{
    *out = NULL;
    p2e_input *in = calloc(1, sizeof *in);
    if (!in)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    in->def = pick(path);
    in->path = path;
    in->opts = *opts;
    p2e_status st = in->def->open(in, err);
    if (st) {
        free(in);
        return st;
    }
    *out = in;
    return P2E_OK;
}

const char *p2e_input_format(const p2e_input *in)
{
    return in->def->name;
}

/* The print and the encoding are the byte stream's: a reader without
 * one (a workbook) reports none until it keeps its own. */
void p2e_input_get_print(const p2e_input *in, p2e_source_print *out)
{
    if (in->src)
        p2e_source_get_print(in->src, out);
    else
        memset(out, 0, sizeof *out);
}

const char *p2e_input_converted_from(const p2e_input *in)
{
    return in->src ? p2e_source_converted_from(in->src) : NULL;
}

p2e_status p2e_input_read(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err)
{
    return in->def->read(in, fn, ctx, err);
}

void p2e_input_free(p2e_input *in)
{
    if (!in)
        return;
    in->def->close(in);
    free(in);
}

p2e_status p2e_input_read_file(const char *path, const p2e_input_opts *opts, p2e_row_fn fn,
                               void *ctx, p2e_err *err)
{
    p2e_input *in;
    p2e_status st = p2e_input_open(&in, path, opts, err);
    if (st)
        return st;
    st = p2e_input_read(in, fn, ctx, err);
    p2e_input_free(in);
    return st;
}
