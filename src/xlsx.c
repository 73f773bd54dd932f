#include "p2e_xlsx.h"

#include <csv.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "p2e_buf.h"
#include "p2e_decimal.h"

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

/* minizip's prototype (zip.h is not installed: zipFile is a void *,
 * uInt/uLong unsigned int/long, the zip_fileinfo is only passed on) */
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned int size_extrafield_local,
                            const void *extrafield_global, unsigned int size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            unsigned long crcForCrypting, unsigned long versionMadeBy,
                            unsigned long flagBase, int zip64);

typedef int (*zip_open_fn)(void *, const char *, const void *, const void *, unsigned int,
                           const void *, unsigned int, const char *, int, int, int, int, int,
                           int, const char *, unsigned long, unsigned long, unsigned long, int);

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
    size_t chars = 0, i = 0, keep = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars == XLSX_CELL_MAX - sizeof cut_note + 2)
            keep = i;
    if (chars <= XLSX_CELL_MAX)
        return s;
    b->len = 0;
    *nomem |= p2e_buf_append(b, s, keep) || p2e_buf_puts(b, cut_note);
    return *nomem ? "" : b->data;
}

static lxw_error write_text(copier *c, lxw_col_t col, const char *s, lxw_format *fmt)
{
    p2e_buf cut = {0};
    if (strlen(s) > XLSX_CELL_MAX)
        s = fit_cell(s, &cut, &c->nomem);
    if (!has_escape_lookalike(s)) {
        lxw_error e = worksheet_write_string(c->ws, c->row, col, s, fmt);
        p2e_buf_free(&cut);
        return e;
    }
    p2e_buf b = {0};
    for (const char *p = s; *p && !c->nomem; p++) {
        int hex = 1;
        for (int i = 1; i < 6 && hex; i++)
            hex = p[i] && (i == 1 ? p[i] == 'x'
                                  : (p[i] >= '0' && p[i] <= '9') || ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f'));
        if (*p == '_' && hex && p[6] == '_')
            c->nomem |= p2e_buf_puts(&b, "_x005F") != P2E_OK;
        c->nomem |= p2e_buf_putc(&b, *p) != P2E_OK;
    }
    lxw_error e = c->nomem ? LXW_NO_ERROR : worksheet_write_string(c->ws, c->row, col, b.data, fmt);
    p2e_buf_free(&b);
    p2e_buf_free(&cut);
    return e;
}

static lxw_format *row_format(copier *c)
{
    if (!c->spec->severity_colours || c->severity_col < 0 || (size_t)c->severity_col >= c->ncells)
        return NULL;
    const char *sev = c->cells.data + c->offs[c->severity_col];
    return !strcmp(sev, "error") ? c->b->error : !strcmp(sev, "warning") ? c->b->warning : NULL;
}

static void write_record(copier *c)
{
    if (!c->ws || (c->max_rows && c->row >= c->max_rows)) {
        finish_sheet(c);
        c->part += c->ws != NULL;
        c->ws = new_sheet(c);
        c->row = 1;
        if (!c->ws) {
            c->lerr = LXW_ERROR_MEMORY_MALLOC_FAILED;
            return;
        }
    }
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
    if (!c->nomem && !c->lerr) {
        if (!c->nheader)
            take_header(c);
        else
            write_record(c);
    }
    c->ncells = 0;
    c->cells.len = 0;
}

static p2e_status copy_csv(book *b, const p2e_xlsx_sheet *spec, size_t max_rows, p2e_err *err)
{
    copier c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.spec = spec;
    c.max_rows = max_rows ? max_rows : LXW_ROW_MAX;
    c.part = 1;
    FILE *fp = fopen(spec->csv_path, "rb");
    if (!fp)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot read back: %s", spec->csv_path, strerror(errno));
    struct csv_parser p;
    if (csv_init(&p, 0) != 0) {
        fclose(fp);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    csv_set_blk_size(&p, 256 * 1024);
    char buf[65536];
    size_t n;
    int bad = 0;
    while (!bad && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        bad = csv_parse(&p, buf, n, on_field, on_row, &c) != n;
    bad |= ferror(fp) != 0;
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(fp);
    if (bad && !c.nomem)
        c.lerr = LXW_ERROR_CREATING_TMPFILE; /* reported below as a write error */
    if (!c.ws && c.nheader && !c.lerr) {
        c.ws = new_sheet(&c); /* header only: still a sheet */
        c.row = 1;
    }
    finish_sheet(&c);
    for (size_t i = 0; i < c.nheader; i++)
        free(c.header[i]);
    p2e_buf_free(&c.cells);
    if (c.nomem)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (c.lerr)
        return p2e_fail(err, P2E_ERR_WRITE, "report.xlsx: %s", lxw_strerror(c.lerr));
    return P2E_OK;
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

p2e_status p2e_xlsx_write(const char *dir, const p2e_xlsx_pair *summary, size_t nsummary,
                          const p2e_xlsx_sheet *sheets, size_t nsheets, size_t max_rows,
                          p2e_outset *set, p2e_err *err)
{
    char path[4096], tmp[4096];
    snprintf(path, sizeof path, "%s/report.xlsx", dir);
    snprintf(tmp, sizeof tmp, "%s/.report.xlsx.%ld.tmp", dir, (long)getpid());
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
    book b;
    b.wb = workbook_new_opt(tmp, &opts);
    if (!b.wb)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create", tmp);
    /* a fixed creation time (SOURCE_DATE_EPOCH when set): the same input
     * gives a byte-identical workbook, zip entry times included */
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    lxw_doc_properties props = {.title = "pos2ecom report",
                                .created = epoch ? (time_t)strtoll(epoch, NULL, 10) : 1577836800};
    workbook_set_properties(b.wb, &props);
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    b.error = workbook_add_format(b.wb);
    format_set_bg_color(b.error, 0xFFC7CE);
    b.warning = workbook_add_format(b.wb);
    format_set_bg_color(b.warning, 0xFFEB9C);
    write_summary(&b, summary, nsummary);
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < nsheets && !st; i++)
        if (sheets[i].csv_path)
            st = copy_csv(&b, &sheets[i], max_rows, err);
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
    if (!st && p2e_outset_add(set, tmp, path))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (st)
        unlink(tmp);
    return st;
}
