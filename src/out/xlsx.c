#include "p2e_xlsx.h"

#include <csv.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "p2e_buf.h"
#include "p2e_decimal.h"
#include "p2e_utf8.h"

/*
 * Deflate level 1 for the workbook's zip entries.
 *
 * libxlsxwriter compresses every part at Z_DEFAULT_COMPRESSION and has no
 * option to change it. The sheets' XML is about three times the CSV it
 * copies, and deflating it at the default level was half of a convert's
 * run (a 132 MB export: 10.2 s, 45% of the CPU in deflate). Level 1 makes
 * that run 7.7 s for a file of 42 MB instead of 34 MB.
 *
 * libxlsxwriter.so calls minizip's zipOpenNewFileInZip4_64 (in
 * libminizip.so.1) through its PLT, so this definition in the executable
 * interposes it: the linker exports it to the dynamic symbol table because
 * a shared library on the link line references it. It changes the level
 * only and passes every other argument on to the real function (the next
 * definition after ours, dlsym(RTLD_NEXT)). Nothing else in the program
 * writes zip files. Where interposition does not happen (a libxlsxwriter
 * with minizip built in, or a static one) this is never called and the
 * workbook is the same valid file, only slower to write and smaller.
 * tests/test_xlsx.c checks the level from the entries' header flags.
 */
#define ZIP_LEVEL 1
#define ZIP_DEFLATED 8          /* Z_DEFLATED */
#define ZIP_INTERNALERROR (-104)

typedef int (*zip_open_fn)(void *, const char *, const void *, const void *, unsigned int,
                           const void *, unsigned int, const char *, int, int, int, int, int,
                           int, const char *, unsigned long, unsigned long, unsigned long, int);

/* minizip's prototype (zip.h is not installed: zipFile is a void *,
 * uInt/uLong unsigned int/long, the zip_fileinfo is only passed on) */
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned int size_extrafield_local,
                            const void *extrafield_global, unsigned int size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy,
                            unsigned long flagBase, int zip64)
{
    /* looked up on every call (a few per workbook): no shared state */
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    zip_open_fn real;
    memcpy(&real, &sym, sizeof real); /* ISO C has no object-to-function pointer cast */
    if (!sym || real == zipOpenNewFileInZip4_64)
        return ZIP_INTERNALERROR;
    if (method == ZIP_DEFLATED && !raw)
        level = ZIP_LEVEL;
    return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel,
                strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64);
}

typedef struct {
    lxw_workbook *wb;
    lxw_format *head, *error, *warning;
} book;

/* Reading one CSV into sheets, row by row. */
typedef struct {
    book *b;
    const p2e_xlsx_sheet *spec;
    size_t max_rows;
    lxw_worksheet *ws;
    int part;               /* 1, 2, ... for "Name (2)" */
    lxw_row_t row;          /* next row in the current sheet */
    p2e_buf cells;          /* current record's fields, NUL-separated */
    size_t offs[512];
    size_t ncells;
    char *header[512];
    size_t nheader;
    int numeric[512];
    long severity_col;
    lxw_error lerr;
    int nomem;
    /* the two-thread path (copy_parallel) */
    int header_pass;        /* read up to the header only */
    size_t header_rows;     /* rows that pass read */
    size_t skip;            /* rows still to skip: the header pass read them */
    int fixed;              /* on a worker thread: every sheet exists already */
    lxw_worksheet **parts;  /* fixed: the sheets made for it, in order */
    int nparts;
} copier;

static int is_number(const char *s)
{
    int64_t v;
    return *s && p2e_dec_parse(s, strlen(s), &v) == P2E_NUM_OK && s[0] != '+' && s[0] != ' ';
}

static lxw_worksheet *new_sheet(copier *c)
{
    char name[32];
    if (c->part == 1)
        snprintf(name, sizeof name, "%.31s", c->spec->title);
    else
        snprintf(name, sizeof name, "%.24s (%d)", c->spec->title, c->part);
    lxw_worksheet *ws = workbook_add_worksheet(c->b->wb, name);
    if (!ws)
        return NULL;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    for (size_t i = 0; i < c->nheader; i++) {
        size_t len = strlen(c->header[i]);
        double width = len + 4 < 12 ? 12 : (double)len + 4;
        if (!strcmp(c->header[i], "message") || !strcmp(c->header[i], "changes"))
            width = 60;
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width, NULL);
    }
    for (size_t i = 0; i < c->nheader; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, c->header[i], c->b->head);
    return ws;
}

static void finish_sheet(copier *c)
{
    if (c->ws && c->nheader)
        worksheet_autofilter(c->ws, 0, 0, c->row ? c->row - 1 : 0, (lxw_col_t)(c->nheader - 1));
}

static void take_header(copier *c)
{
    c->severity_col = -1;
    for (size_t i = 0; i < c->ncells && i < 512; i++) {
        c->header[i] = strdup(c->cells.data + c->offs[i]);
        if (!c->header[i]) {
            c->nomem = 1;
            return;
        }
        c->nheader = i + 1;
        c->numeric[i] = 0;
        for (const char *const *n = c->spec->numeric; n && *n; n++)
            if (!strcmp(*n, c->header[i]))
                c->numeric[i] = 1;
        if (!strcmp(c->header[i], "severity"))
            c->severity_col = (long)i;
    }
}

/* XLSX reads "_xHHHH_" in text as an escaped character; text that holds
 * such a sequence literally must escape its underscore as "_x005F_". */
static int has_escape_lookalike(const char *s)
{
    for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x")) {
        int hex = 1;
        for (int i = 2; i < 6 && hex; i++)
            hex = (p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f');
        if (hex && p[6] == '_')
            return 1;
    }
    return 0;
}

/* Excel holds at most 32,767 characters in a cell: a longer text is cut
 * (at a character boundary) and says so; the CSV file keeps it whole. */
#define XLSX_CELL_MAX 32767
static const char cut_note[] = " [cut: the full text is in the CSV file]";

static const char *fit_cell(const char *s, p2e_buf *b, int *nomem)
{
    size_t len = strlen(s);
    if (p2e_utf8_chars(s, len) <= XLSX_CELL_MAX)
        return s;
    /* the cut text and the note together fill the cell */
    size_t keep = p2e_utf8_prefix(s, len, XLSX_CELL_MAX - (sizeof cut_note - 1));
    b->len = 0;
    *nomem |= p2e_buf_append(b, s, keep) || p2e_buf_puts(b, cut_note);
    return *nomem ? "" : b->data;
}

const char *p2e_xlsx_text(const char *s, p2e_buf *b, int *nomem)
{
    p2e_buf cut = {0};
    if (strlen(s) > XLSX_CELL_MAX)
        s = fit_cell(s, &cut, nomem);
    if (!has_escape_lookalike(s)) {
        if (cut.data && s == cut.data) { /* the cut text becomes b's */
            p2e_buf_free(b);
            *b = cut;
        } else
            p2e_buf_free(&cut);
        return s;
    }
    b->len = 0;
    for (const char *p = s; *p && !*nomem; p++) {
        int hex = 1;
        for (int i = 1; i < 6 && hex; i++)
            hex = p[i] && (i == 1 ? p[i] == 'x'
                                  : (p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f'));
        if (*p == '_' && hex && p[6] == '_')
            *nomem |= p2e_buf_puts(b, "_x005F") != P2E_OK;
        *nomem |= p2e_buf_putc(b, *p) != P2E_OK;
    }
    p2e_buf_free(&cut);
    return *nomem || !b->data ? "" : b->data;
}

static lxw_error write_text(copier *c, lxw_col_t col, const char *s, lxw_format *fmt)
{
    p2e_buf b = {0};
    s = p2e_xlsx_text(s, &b, &c->nomem);
    lxw_error e = c->nomem ? LXW_NO_ERROR : worksheet_write_string(c->ws, c->row, col, s, fmt);
    p2e_buf_free(&b);
    return e;
}

static lxw_format *row_format(copier *c)
{
    if (!c->spec->severity_colours || c->severity_col < 0 || (size_t)c->severity_col >= c->ncells)
        return NULL;
    const char *sev = c->cells.data + c->offs[c->severity_col];
    return !strcmp(sev, "error") ? c->b->error : !strcmp(sev, "warning") ? c->b->warning : NULL;
}

/* Move on to the record's sheet: the first, or the next once one is full.
 * Returns nonzero when there is none (c->lerr says why). */
static int next_sheet(copier *c)
{
    if (c->fixed) {
        /* the sheets were made up front, counted from the file's records:
         * running out does not happen */
        if (!c->ws || c->part >= c->nparts) {
            c->lerr = LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
            return 1;
        }
        c->ws = c->parts[c->part++];
        c->row = 1;
        return 0;
    }
    finish_sheet(c);
    c->part += c->ws != NULL;
    c->ws = new_sheet(c);
    c->row = 1;
    if (!c->ws) {
        c->lerr = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return 1;
    }
    return 0;
}

static void write_record(copier *c)
{
    if ((!c->ws || (c->max_rows && c->row >= c->max_rows)) && next_sheet(c))
        return;
    lxw_format *fmt = row_format(c);
    for (size_t i = 0; i < c->ncells && i < 512; i++) {
        const char *s = c->cells.data + c->offs[i];
        lxw_error e;
        if (!*s && !fmt)
            continue;
        if (i < c->nheader && c->numeric[i] && is_number(s))
            e = worksheet_write_number(c->ws, c->row, (lxw_col_t)i, strtod(s, NULL), fmt);
        else
            e = write_text(c, (lxw_col_t)i, s, fmt);
        if (e && !c->lerr)
            c->lerr = e;
    }
    c->row++;
}

static void on_field(void *data, size_t len, void *ctx)
{
    copier *c = ctx;
    if (c->ncells < 512) {
        c->offs[c->ncells++] = c->cells.len;
        if (p2e_buf_append(&c->cells, data, len) || p2e_buf_putc(&c->cells, '\0'))
            c->nomem = 1;
    }
}

static void on_row(int term, void *ctx)
{
    copier *c = ctx;
    (void)term;
    if (c->skip) {
        c->skip--;
    } else if (!c->nomem && !c->lerr) {
        if (!c->nheader) {
            take_header(c);
            c->header_rows++;
        } else if (!c->header_pass) {
            write_record(c);
        }
    }
    c->ncells = 0;
    c->cells.len = 0;
}

static void copier_init(copier *c, book *b, const p2e_xlsx_sheet *spec, size_t max_rows)
{
    memset(c, 0, sizeof *c);
    c->b = b;
    c->spec = spec;
    c->max_rows = max_rows ? max_rows : LXW_ROW_MAX;
    c->part = 1;
}

static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, 0) != 0)
        return -1;
    csv_set_blk_size(p, 256 * 1024);
    return 0;
}

/* Parses fp into c up to its end, or in the header pass up to the header;
 * returns whether reading failed. */
static int feed(copier *c, struct csv_parser *p, FILE *fp)
{
    char buf[65536];
    size_t n;
    int bad = 0;
    while (!bad && !(c->header_pass && (c->nheader || c->nomem || c->lerr)) &&
           (n = fread(buf, 1, sizeof buf, fp)) > 0)
        bad = csv_parse(p, buf, n, on_field, on_row, c) != n;
    return bad || ferror(fp) != 0;
}

/* The end of one CSV's copy, on the calling thread: a header-only file
 * still gets its sheet, the last sheet its filter. */
static p2e_status copy_end(copier *c, int bad, p2e_err *err)
{
    if (bad && !c->nomem)
        c->lerr = LXW_ERROR_CREATING_TMPFILE; /* reported below as a write error */
    if (!c->ws && c->nheader && !c->lerr) {
        c->ws = new_sheet(c); /* header only: still a sheet */
        c->row = 1;
    }
    /* full sheets before the last one the copy reached (the parallel path) */
    for (int k = 0; k + 1 < c->part && k < c->nparts && c->nheader; k++)
        worksheet_autofilter(c->parts[k], 0, 0, (lxw_row_t)(c->max_rows - 1),
                             (lxw_col_t)(c->nheader - 1));
    finish_sheet(c);
    for (size_t i = 0; i < c->nheader; i++)
        free(c->header[i]);
    free(c->parts);
    p2e_buf_free(&c->cells);
    if (c->nomem)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (c->lerr)
        return p2e_fail(err, P2E_ERR_WRITE, "report.xlsx: %s", lxw_strerror(c->lerr));
    return P2E_OK;
}

static p2e_status copy_csv(book *b, const p2e_xlsx_sheet *spec, size_t max_rows, p2e_err *err)
{
    copier c;
    copier_init(&c, b, spec, max_rows);
    FILE *fp = fopen(spec->csv_path, "rb");
    if (!fp)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot read back: %s", spec->csv_path, strerror(errno));
    struct csv_parser p;
    if (parser_init(&p)) {
        fclose(fp);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    int bad = feed(&c, &p, fp);
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(fp);
    return copy_end(&c, bad, err);
}

/*
 * The sheets on two threads.
 *
 * Copying a CSV into its sheet is most of the workbook's time (libcsv,
 * then libxlsxwriter's per-cell allocation and XML printing), and the
 * copies are independent: in constant_memory mode each worksheet prints
 * its rows into its own temporary file. What is shared was checked in
 * libxlsxwriter 1.1.4 (source and the Debian binary):
 *   - workbook_add_worksheet changes the workbook (sheet list, names,
 *     indexes, and creates the temporary file): every sheet is created
 *     here first, on this thread, in the serial order;
 *   - lxw_format_get_xf_index numbers a format on its first use, in a
 *     hash table of the workbook: every format is numbered before (in
 *     p2e_xlsx_write, for both paths), after which it only reads;
 *   - shared strings: not used in constant_memory mode (write_string
 *     takes the inline-string branch);
 *   - otherwise worksheet_write_string/number/blank reach only the
 *     worksheet, malloc/free and stdio on the worksheet's own FILE; the
 *     library's only writable globals belong to tmpfileplus, which those
 *     never call.
 * So a worker thread calls only worksheet_write_string/number/blank, on
 * sheets no other thread touches; headers, columns and filters are set
 * here. A CSV past max_rows continues on "Name (2)" and on: those sheets
 * are made here too, in the serial order, counted from the file's records
 * (count_parts), so the worker only moves on to them. The bytes are the
 * serial path's whichever thread copies which file: tests compare them
 * (P2E_SERIAL=1 forces the serial path).
 */
typedef struct {
    copier c;
    FILE *fp;
    off_t size;
    int bad;
    int run;            /* copied by a worker */
} job;

typedef struct {
    job *jobs;
    size_t *order;      /* largest file first: the two threads end together */
    size_t n, next;
    pthread_mutex_t lock;
} pool;

static void count_record(int term, void *ctx)
{
    (void)term;
    (*(size_t *)ctx)++;
}

/* The sheets one CSV file fills: 1 + one per max_rows - 1 data records
 * past the first sheet's; 0 when the file cannot be read (the serial path
 * reports that). A file with fewer CR and LF bytes than a sheet has rows
 * fits one sheet (libcsv ends each record but the last at one); only a
 * bigger file is parsed to count its records, the way the copy will. */
static size_t count_parts(const char *path, size_t max_rows)
{
    size_t per = (max_rows ? max_rows : LXW_ROW_MAX) - 1; /* data rows a sheet holds */
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    if ((uintmax_t)sb.st_size <= per)
        return 1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    unsigned char buf[65536];
    size_t n, ends = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        for (int k = 0; k < 2; k++) /* memchr: several times a byte loop's speed */
            for (const unsigned char *q = buf; (q = memchr(q, k ? '\r' : '\n', n - (size_t)(q - buf)));
                 q++)
                ends++;
    size_t records = 0;
    int bad = ferror(fp) != 0;
    if (!bad && ends > per) {
        struct csv_parser p;
        bad = parser_init(&p) != 0;
        if (!bad) {
            rewind(fp);
            while (!bad && (n = fread(buf, 1, sizeof buf, fp)) > 0)
                bad = csv_parse(&p, buf, n, NULL, count_record, &records) != n;
            if (!bad)
                csv_fini(&p, NULL, count_record, &records);
            csv_free(&p);
        }
        bad |= ferror(fp) != 0;
    }
    fclose(fp);
    if (bad)
        return 0;
    size_t data = records ? records - 1 : 0; /* under the header */
    return data ? (data + per - 1) / per : 1;
}

/* Whether to copy on two threads, and the sheets each CSV fills (parts[i];
 * 0 for no file). */
static int plan_sheets(const p2e_xlsx_sheet *sheets, size_t nsheets, size_t max_rows,
                       size_t *parts)
{
    size_t files = 0;
    for (size_t i = 0; i < nsheets; i++) {
        parts[i] = 0;
        if (!sheets[i].csv_path)
            continue;
        if ((parts[i] = count_parts(sheets[i].csv_path, max_rows)) == 0)
            return 0;
        files++;
    }
    return files >= 2;
}

int p2e_xlsx_two_threads(const p2e_xlsx_sheet *sheets, size_t nsheets, size_t max_rows)
{
    size_t *parts = calloc(nsheets ? nsheets : 1, sizeof *parts);
    int two = parts && plan_sheets(sheets, nsheets, max_rows, parts);
    free(parts);
    return two;
}

/* A worker: parses its files again from the start, past the header. */
static void run_job(job *j)
{
    copier *c = &j->c;
    struct csv_parser p;
    if (parser_init(&p)) {
        c->nomem = 1;
        return;
    }
    c->header_pass = 0;
    c->skip = c->header_rows;
    c->fixed = 1;
    c->ncells = 0;
    c->cells.len = 0;
    rewind(j->fp);
    j->bad = feed(c, &p, j->fp);
    csv_fini(&p, on_field, on_row, c);
    csv_free(&p);
}

static void *worker(void *arg)
{
    pool *pl = arg;
    for (;;) {
        pthread_mutex_lock(&pl->lock);
        size_t i = pl->next < pl->n ? pl->order[pl->next++] : SIZE_MAX;
        pthread_mutex_unlock(&pl->lock);
        if (i == SIZE_MAX)
            return NULL;
        run_job(&pl->jobs[i]);
    }
}

/* Reads one file's header and creates its first sheet (this thread).
 * Returns nonzero when its copy cannot go on. */
static int header_pass(job *j, book *b, const p2e_xlsx_sheet *spec, size_t max_rows,
                       size_t nparts, p2e_status *st, p2e_err *err)
{
    copier *c = &j->c;
    copier_init(c, b, spec, max_rows);
    j->fp = fopen(spec->csv_path, "rb");
    if (!j->fp) {
        *st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot read back: %s", spec->csv_path,
                       strerror(errno));
        return 1;
    }
    struct csv_parser p;
    if (parser_init(&p)) {
        *st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        return 1;
    }
    c->header_pass = 1;
    j->bad = feed(c, &p, j->fp);
    if (!j->bad && !c->nheader)
        csv_fini(&p, on_field, on_row, c); /* the file is at most its header */
    csv_free(&p);
    if (!j->bad && c->nheader && !c->nomem && !c->lerr) {
        /* every sheet it fills, "Name (2)" and on, in the serial order */
        c->parts = calloc(nparts, sizeof *c->parts);
        if (!c->parts)
            c->nomem = 1;
        for (c->part = 1; c->parts && (size_t)c->part <= nparts && !c->lerr; c->part++)
            if ((c->parts[c->nparts++] = new_sheet(c)) == NULL)
                c->lerr = LXW_ERROR_MEMORY_MALLOC_FAILED;
        c->part = 1;
        c->ws = c->lerr || !c->parts ? NULL : c->parts[0];
        c->row = 1;
    }
    j->run = c->ws != NULL;
    return j->bad || c->nomem || c->lerr;
}

static int by_size(const void *a, const void *b, void *arg)
{
    const job *jobs = arg;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (jobs[x].size != jobs[y].size)
        return jobs[x].size > jobs[y].size ? -1 : 1;
    return x < y ? -1 : x > y;
}

static p2e_status copy_parallel(book *b, const p2e_xlsx_sheet *sheets, size_t nsheets,
                                size_t max_rows, const size_t *parts, p2e_err *err)
{
    pool pl;
    memset(&pl, 0, sizeof pl);
    pl.jobs = calloc(nsheets, sizeof *pl.jobs);
    pl.order = calloc(nsheets, sizeof *pl.order);
    if (!pl.jobs || !pl.order) {
        free(pl.jobs);
        free(pl.order);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    /* every sheet, in order, before any thread starts; the first file
     * that fails here ends the list (the serial path stops there too) */
    p2e_status first = P2E_OK;
    size_t njobs = 0;
    for (size_t i = 0; i < nsheets; i++) {
        if (!sheets[i].csv_path)
            continue;
        job *j = &pl.jobs[njobs++];
        struct stat sb;
        int stop = header_pass(j, b, &sheets[i], max_rows, parts[i], &first, err);
        if (j->fp && fstat(fileno(j->fp), &sb) == 0)
            j->size = sb.st_size;
        if (j->run)
            pl.order[pl.n++] = (size_t)(j - pl.jobs);
        if (stop)
            break;
    }
    qsort_r(pl.order, pl.n, sizeof *pl.order, by_size, pl.jobs);
    pthread_mutex_init(&pl.lock, NULL);
    pthread_t thread;
    int threaded = pthread_create(&thread, NULL, worker, &pl) == 0;
    worker(&pl);
    if (threaded)
        pthread_join(thread, NULL);
    pthread_mutex_destroy(&pl.lock);
    /* back on one thread: filters, and the first failure in sheet order */
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < njobs; i++) {
        job *j = &pl.jobs[i];
        p2e_err jerr = {{0}};
        p2e_status jst = copy_end(&j->c, j->bad, &jerr);
        if (j->fp)
            fclose(j->fp);
        if (!st && jst) {
            st = jst;
            *err = jerr;
        }
    }
    if (!st && first)
        st = first; /* err holds it already */
    free(pl.jobs);
    free(pl.order);
    return st;
}

static void write_summary(book *b, const p2e_xlsx_pair *rows, size_t n)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Summary");
    if (!ws)
        return;
    worksheet_set_column(ws, 0, 0, 40, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    worksheet_write_string(ws, 0, 0, "item", b->head);
    worksheet_write_string(ws, 0, 1, "value", b->head);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < n; i++) {
        worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, rows[i].label, NULL);
        if (is_number(rows[i].value) && !strchr(rows[i].value, '.'))
            worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, strtod(rows[i].value, NULL), NULL);
        else
            worksheet_write_string(ws, (lxw_row_t)(i + 1), 1, rows[i].value, NULL);
    }
}

p2e_status p2e_xlsx_write(const char *dir, const char *name, const p2e_xlsx_pair *summary, size_t nsummary,
                          const p2e_xlsx_sheet *sheets, size_t nsheets, const p2e_xlsx_opts *xo,
                          p2e_outset *set, p2e_err *err)
{
    size_t max_rows = xo->max_rows;
    /* dir is the run's private staging folder (p2e_outdir.h): the workbook
     * is made there under its final name, exclusively */
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", path, strerror(errno));
    close(fd); /* libxlsxwriter opens it by name; it stands now, and is ours */
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
    book b;
    b.wb = workbook_new_opt(path, &opts);
    if (!b.wb) {
        unlink(path);
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create", path);
    }
    /* a fixed creation time: the same input gives a byte-identical
     * workbook, zip entry times included */
    lxw_doc_properties props = {.title = "pos2ecom report", .created = (time_t)xo->created};
    workbook_set_properties(b.wb, &props);
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    b.error = workbook_add_format(b.wb);
    format_set_bg_color(b.error, 0xFFC7CE);
    b.warning = workbook_add_format(b.wb);
    format_set_bg_color(b.warning, 0xFFEB9C);
    /* a format is numbered on its first use: number them all now, in one
     * order, so no sheet copy (on whichever thread) changes the workbook */
    lxw_format_get_xf_index(b.head);
    lxw_format_get_xf_index(b.error);
    lxw_format_get_xf_index(b.warning);
    write_summary(&b, summary, nsummary);
    p2e_status st = P2E_OK;
    size_t *parts = calloc(nsheets ? nsheets : 1, sizeof *parts);
    if (!parts)
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    else if (!xo->one_core && plan_sheets(sheets, nsheets, max_rows, parts))
        st = copy_parallel(&b, sheets, nsheets, max_rows, parts, err);
    else
        for (size_t i = 0; i < nsheets && !st; i++)
            if (sheets[i].csv_path)
                st = copy_csv(&b, &sheets[i], max_rows, err);
    free(parts);
    /* libxlsxwriter prints its own lines on failure; the run says one */
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
    if (saved >= 0 && devnull >= 0)
        dup2(devnull, 2);
    errno = 0;
    lxw_error e = workbook_close(b.wb);
    int close_errno = errno;
    if (saved >= 0 && devnull >= 0)
        dup2(saved, 2);
    if (saved >= 0)
        close(saved);
    if (devnull >= 0)
        close(devnull);
    if (!st && e)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot write: %s", path,
                      close_errno ? strerror(close_errno) : lxw_strerror(e));
    if (!st && p2e_outset_add(set, name))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (st)
        unlink(path);
    return st;
}
