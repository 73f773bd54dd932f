#include "p2e_xlsx_copy.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "p2e_buf.h"
#include "p2e_xlsx.h"
#include "p2e_decimal.h"
#include "p2e_utf8.h"

/* Reading one CSV into sheets, row by row. */
typedef struct {
    p2e_xlsx_book *b;
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
    p2e_col_kind kind[512];
    double width[512];      /* from the sample (take_header) */
    long severity_col;
    long link_col, line_col; /* "code" and "first_line" when the sheet links */
    size_t records;         /* data records copied */
    lxw_error lerr;
    int nomem;
    /* the two-thread path (copy_parallel) */
    int header_pass;        /* read up to the header only */
    size_t header_rows;     /* rows that pass read */
    size_t skip;            /* rows still to skip: the header pass read them */
    int fixed;              /* on a worker thread: every sheet exists already */
    lxw_worksheet **parts;  /* fixed: the sheets made for it, in order */
    int nparts;
    p2e_xlsx_tail tail;     /* rows after the records (p2e_xlsx_copy_one) */
    void *tail_ctx;
} copier;

static int is_number(const char *s)
{
    int64_t v;
    return *s && p2e_dec_parse(s, strlen(s), &v) == P2E_NUM_OK && s[0] != '+' && s[0] != ' ';
}

void p2e_xlsx_sheet_setup(lxw_worksheet *ws, unsigned tab)
{
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    p2e_xlsx_print_setup(ws, tab);
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
    p2e_xlsx_sheet_setup(ws, c->spec->tab);
    for (size_t i = 0; i < c->nheader; i++)
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, c->width[i], c->b->col[c->kind[i]]);
    for (size_t i = 0; i < c->nheader; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, c->header[i], c->b->head);
    return ws;
}

static void finish_sheet(copier *c)
{
    if (c->ws && c->nheader)
        worksheet_autofilter(c->ws, 0, 0, c->row ? c->row - 1 : 0, (lxw_col_t)(c->nheader - 1));
}

/* The header, and what follows from it: each column's kind and width
 * (from a sample of the file, read here: on the calling thread, before
 * any sheet of the file is made). */
static void take_header(copier *c)
{
    c->severity_col = c->link_col = c->line_col = -1;
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
        c->kind[i] = p2e_xlsx_col_kind(c->header[i]);
        if (!strcmp(c->header[i], "severity"))
            c->severity_col = (long)i;
        if (c->spec->link_sheet && !strcmp(c->header[i], "code"))
            c->link_col = (long)i;
        if (c->spec->link_sheet && !strcmp(c->header[i], "first_line"))
            c->line_col = (long)i;
    }
    p2e_xlsx_sample_widths(c->spec->csv_path, c->header, c->kind, c->nheader,
                           P2E_XLSX_SAMPLE_ROWS, c->width);
}

/* XLSX reads "_xHHHH_" in text as an escaped character; text that holds
 * such a sequence literally must escape its underscore as "_x005F_". */
int p2e_xlsx_escape_lookalike(const char *s)
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
    if (!p2e_xlsx_escape_lookalike(s)) {
        if (cut.data && s == cut.data) { /* the cut text becomes b's */
            p2e_buf_free(b);
            *b = cut;
        } else
            p2e_buf_free(&cut);
        return *nomem ? "" : s;
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

lxw_error p2e_xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                              lxw_format *fmt)
{
    p2e_buf b = {0};
    int nomem = 0;
    s = p2e_xlsx_text(s, &b, &nomem);
    lxw_error e = nomem ? LXW_ERROR_MEMORY_MALLOC_FAILED
                        : worksheet_write_string(ws, row, col, s, fmt);
    p2e_buf_free(&b);
    return e;
}

static lxw_error write_text(copier *c, lxw_col_t col, const char *s, lxw_format *fmt)
{
    lxw_error e = p2e_xlsx_write_text(c->ws, c->row, col, s, fmt);
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        c->nomem = 1;
        return LXW_NO_ERROR;
    }
    return e;
}

static int row_fill(const copier *c)
{
    if (!c->spec->severity_colours || c->severity_col < 0 || (size_t)c->severity_col >= c->ncells)
        return P2E_FILL_NONE;
    const char *sev = c->cells.data + c->offs[c->severity_col];
    return !strcmp(sev, "error")     ? P2E_FILL_ERROR
           : !strcmp(sev, "warning") ? P2E_FILL_WARNING
                                     : P2E_FILL_NONE;
}

/* The link of a "code" cell: the row of the sheet (or of its continuation
 * "Name (k)": the same rows per sheet as this copy) that the record's
 * "first_line" names, 1 being the header. Returns 0 when there is none. */
static int link_target(const copier *c, char *url, size_t cap)
{
    if (c->line_col < 0 || (size_t)c->line_col >= c->ncells)
        return 0;
    const char *line = c->cells.data + c->offs[c->line_col];
    char *end;
    errno = 0;
    unsigned long long n = strtoull(line, &end, 10);
    if (!*line || *end || errno || n < 2 || line[0] < '0' || line[0] > '9')
        return 0;
    unsigned long long per = c->max_rows - 1, data = n - 2; /* 0-based data row */
    unsigned long long part = data / per + 1, row = data % per + 2;
    if (part == 1)
        snprintf(url, cap, "internal:'%s'!A%llu", c->spec->link_sheet, row);
    else
        snprintf(url, cap, "internal:'%.24s (%llu)'!A%llu", c->spec->link_sheet, part, row);
    return 1;
}

static lxw_error write_cell(copier *c, size_t i, const char *s, int fill, int tall)
{
    lxw_col_t col = (lxw_col_t)i;
    p2e_col_kind kind = i < c->nheader ? c->kind[i] : P2E_COL_GENERAL;
    char url[160];
    if ((long)i == c->link_col && *s && !p2e_xlsx_escape_lookalike(s) && strlen(s) < 256 &&
        link_target(c, url, sizeof url))
        return worksheet_write_url_opt(c->ws, c->row, col, url, c->b->link[tall][fill], s, NULL);
    if (i < c->nheader && c->numeric[i] && is_number(s))
        return worksheet_write_number(c->ws, c->row, col, strtod(s, NULL),
                                      p2e_xlsx_cell_format(c->b, kind, fill, tall, 1, s));
    return write_text(c, col, s, p2e_xlsx_cell_format(c->b, kind, fill, tall, 0, s));
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
    int fill = row_fill(c);
    /* a row of wrapped sentences is as tall as its longest: set here, as
     * neither Excel nor LibreOffice sizes it on opening */
    int lines = 1;
    for (size_t i = 0; i < c->ncells && i < c->nheader; i++)
        if (c->kind[i] == P2E_COL_LONG) {
            int n = p2e_xlsx_text_lines(c->cells.data + c->offs[i], c->width[i]);
            lines = n > lines ? n : lines;
        }
    if (lines > 1)
        worksheet_set_row(c->ws, c->row, p2e_xlsx_row_height(lines), NULL);
    for (size_t i = 0; i < c->ncells && i < 512; i++) {
        const char *s = c->cells.data + c->offs[i];
        if (!*s && !fill)
            continue;
        lxw_error e = write_cell(c, i, s, fill, lines > 1);
        if (e && !c->lerr)
            c->lerr = e;
    }
    c->row++;
    c->records++;
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

static void copier_init(copier *c, p2e_xlsx_book *b, const p2e_xlsx_sheet *spec, size_t max_rows)
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
    if (c->tail && c->ws && !c->lerr && !c->nomem)
        c->tail(c->ws, c->row, c->records, c->tail_ctx);
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

p2e_status p2e_xlsx_copy_one(p2e_xlsx_book *b, const p2e_xlsx_sheet *spec, size_t max_rows,
                             p2e_xlsx_tail tail, void *ctx, p2e_err *err)
{
    copier c;
    copier_init(&c, b, spec, max_rows);
    c.tail = tail;
    c.tail_ctx = ctx;
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
 *     hash table of the workbook: every format is numbered before
 *     (p2e_xlsx_formats_make, for both paths), after which it only reads;
 *   - shared strings: not used in constant_memory mode (write_string
 *     takes the inline-string branch);
 *   - otherwise worksheet_write_string/number/blank reach only the
 *     worksheet, malloc/free and stdio on the worksheet's own FILE; the
 *     library's only writable globals belong to tmpfileplus, which those
 *     never call.
 *   - worksheet_write_url_opt (the To do sheet's links) adds to its
 *     worksheet's own hyperlink list; that sheet is copied on this
 *     thread anyway, before the others.
 * So a worker thread calls only worksheet_write_string/number/blank, on
 * sheets no other thread touches; headers, columns (their widths from a
 * sample read in the header pass) and filters are set here. A CSV past max_rows continues on "Name (2)" and on: those sheets
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
static int header_pass(job *j, p2e_xlsx_book *b, const p2e_xlsx_sheet *spec, size_t max_rows,
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

static p2e_status copy_parallel(p2e_xlsx_book *b, const p2e_xlsx_sheet *sheets, size_t nsheets,
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


p2e_status p2e_xlsx_copy_all(p2e_xlsx_book *b, const p2e_xlsx_sheet *sheets, size_t nsheets,
                             size_t max_rows, int one_core, p2e_err *err)
{
    p2e_status st = P2E_OK;
    size_t *parts = calloc(nsheets ? nsheets : 1, sizeof *parts);
    if (!parts)
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    else if (!one_core && plan_sheets(sheets, nsheets, max_rows, parts))
        st = copy_parallel(b, sheets, nsheets, max_rows, parts, err);
    else
        for (size_t i = 0; i < nsheets && !st; i++)
            if (sheets[i].csv_path)
                st = p2e_xlsx_copy_one(b, &sheets[i], max_rows, NULL, NULL, err);
    free(parts);
    return st;
}
