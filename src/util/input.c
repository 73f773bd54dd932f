#include "p2e_input.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2e_csvread.h"
#include "p2e_xlsxread.h"

/* ---- the readers ----------------------------------------------------- */

#define HEAD_BYTES 64

static size_t read_head(const char *path, unsigned char *head, size_t cap);

typedef struct reader_def reader_def;

struct p2e_input {
    const reader_def *def;
    const char *path;
    p2e_input_opts opts;
    p2e_source *src;               /* CSV: the byte stream */
    p2e_xlsx *xlsx;                /* XLSX: the workbook */
    p2e_source_print print;        /* XLSX: the file's size, time and identity */
    char delim;                    /* CSV: the delimiter read with, once read */
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
                          .batch_bytes = in->opts.batch_bytes,
                          .delim_used = &in->delim};
    return p2e_csv_read(in->src, &copts, fn, ctx, in->path, err);
}

static void csv_close(p2e_input *in)
{
    p2e_source_free(in->src);
    in->src = NULL;
}

/* XLSX: an Excel workbook, told by its zip signature (src/xlsxread.c
 * says what a zip that is not a workbook is). Its print is the file's
 * size, time and identity: a second read must find the same file. */
static p2e_status xlsx_open(p2e_input *in, p2e_err *err)
{
    struct stat sb;
    if (stat(in->path, &sb) == 0) {
        in->print.size = (long long)sb.st_size;
        in->print.bytes = (unsigned long long)sb.st_size;
        in->print.mtime_sec = (long long)sb.st_mtim.tv_sec;
        in->print.mtime_nsec = (long long)sb.st_mtim.tv_nsec;
        in->print.dev = (unsigned long long)sb.st_dev;
        in->print.ino = (unsigned long long)sb.st_ino;
    }
    const p2e_source_print *first = in->opts.print;
    if (first && (first->size != in->print.size || first->mtime_sec != in->print.mtime_sec ||
                  first->mtime_nsec != in->print.mtime_nsec || first->ino != in->print.ino ||
                  first->dev != in->print.dev))
        return p2e_fail(err, P2E_ERR_READ,
                        "%s: the file changed while pos2ecom was reading it (it is read twice; "
                        "size, time or identity differ between the reads): run again once "
                        "nothing writes to it", in->path);
    p2e_xlsx_opts xo = {.sheet = in->opts.sheet,
                        .max_field = in->opts.max_field,
                        .max_row = in->opts.max_row};
    return p2e_xlsx_open(&in->xlsx, in->path, &xo, err);
}

static p2e_status xlsx_read(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err)
{
    return p2e_xlsx_read(in->xlsx, fn, ctx, err);
}

static void xlsx_close(p2e_input *in)
{
    p2e_xlsx_free(in->xlsx);
    in->xlsx = NULL;
}

/* Files that are not exports and that no reader takes: told by their
 * first bytes, each refused with one line saying what it is and what to
 * give instead. */
static const char *not_export(const unsigned char *head, size_t n)
{
    static const unsigned char ole2[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    if (n >= sizeof ole2 && !memcmp(head, ole2, sizeof ole2))
        return "this is an Excel 97-2003 workbook (.xls): open it and save it as CSV UTF-8 or as "
               "an Excel workbook (.xlsx)";
    if (n >= 5 && !memcmp(head, "%PDF-", 5))
        return "this is a PDF document, not a product export: export the products from "
               "X-Series as CSV";
    size_t i = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    static const char *const html[] = {"<!doctype html", "<html", "<head", "<!--"};
    for (size_t k = 0; k < sizeof html / sizeof html[0]; k++) {
        size_t l = strlen(html[k]);
        if (n - i >= l && !strncasecmp((const char *)head + i, html[k], l))
            return "this is a web page (HTML), not a product export: the browser saved the page "
                   "instead of the file; export the products from X-Series again and keep the "
                   "CSV file it downloads";
    }
    return NULL;
}

static int refuse_claims(const unsigned char *head, size_t n)
{
    return not_export(head, n) != NULL;
}

static p2e_status refuse_open(p2e_input *in, p2e_err *err)
{
    unsigned char head[HEAD_BYTES];
    size_t n = read_head(in->path, head, sizeof head);
    const char *what = not_export(head, n);
    return p2e_fail(err, P2E_ERR_FORMAT, "%s: %s", in->path,
                    what ? what : "not a product export");
}

static p2e_status refuse_read(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err)
{
    (void)fn;
    (void)ctx;
    return refuse_open(in, err);
}

static void refuse_close(p2e_input *in)
{
    (void)in;
}

/* The factory's table, asked in order: CSV, which takes every file, last. */
static const reader_def readers[] = {
    {"XLSX", p2e_xlsx_claims, xlsx_open, xlsx_read, xlsx_close},
    {"not an export", refuse_claims, refuse_open, refuse_read, refuse_close},
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
    unsigned char head[HEAD_BYTES];
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

const char *p2e_input_sheets(const p2e_input *in, size_t *n)
{
    *n = 0;
    return in->xlsx ? p2e_xlsx_sheets(in->xlsx, n) : NULL;
}

char p2e_input_delim(const p2e_input *in)
{
    return in->delim;
}

/* The print and the encoding are the byte stream's; a workbook's print
 * is its file's size, time and identity, and it has no encoding. */
void p2e_input_get_print(const p2e_input *in, p2e_source_print *out)
{
    if (in->src)
        p2e_source_get_print(in->src, out);
    else
        *out = in->print;
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
