#include "p2e_csvread.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"

typedef struct {
    p2e_row_fn fn;
    void *ctx;
    p2e_buf cells;          /* field bytes, each followed by a NUL */
    size_t *offs;
    size_t *lens;
    const char **ptrs;
    size_t ncells, cap;
    unsigned long line;      /* line of the current position */
    unsigned long rec_line;  /* line where the current record started */
    int last_cr;            /* the previous thing seen was a record-ending CR */
    int unterminated;
    p2e_status status;       /* first failure; stops the work */
    int stopped;
    size_t max_field;
    size_t max_row;
    const char *too_long;      /* "a field" or "a row": the cap that stopped the read */
} reader;

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

/* Line breaks inside a field's data: LF, CRLF (once), bare CR. */
static unsigned long count_breaks(const char *s, size_t n)
{
    unsigned long k = 0;
    const char *end = s + n;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        k++;
    /* a CR counts unless an LF follows it (that CRLF is counted once) */
    for (const char *p = s; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        k += p + 1 == end || p[1] != '\n';
    return k;
}

static void on_field(void *data, size_t len, void *vctx)
{
    reader *r = vctx;
    if (r->status || r->stopped)
        return;
    if (r->max_field && len > r->max_field) {
        r->status = P2E_ERR_LIMIT;
        r->too_long = "a field";
        return;
    }
    if (r->ncells == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (o)
            r->offs = o;
        size_t *l = realloc(r->lens, cap * sizeof *l);
        if (l)
            r->lens = l;
        const char **p = realloc(r->ptrs, cap * sizeof *p);
        if (p)
            r->ptrs = p;
        if (!o || !l || !p) {
            r->status = P2E_ERR_NOMEM;
            return;
        }
        r->cap = cap;
    }
    if (r->max_row && r->cells.len + len > r->max_row) {
        r->status = P2E_ERR_LIMIT;
        r->too_long = "a row";
        return;
    }
    r->offs[r->ncells] = r->cells.len;
    r->lens[r->ncells] = len;
    r->ncells++;
    if (p2e_buf_reserve(&r->cells, len + 1)) {
        r->status = P2E_ERR_NOMEM;
        return;
    }
    if (len)
        memcpy(r->cells.data + r->cells.len, data, len);
    r->cells.len += len;
    r->cells.data[r->cells.len++] = '\0';
    if (len > 1 || (len == 1 && (*(char *)data == '\n' || *(char *)data == '\r')))
        r->line += count_breaks(data, len);
}

static void on_row(int term, void *vctx)
{
    reader *r = vctx;
    if (r->status || r->stopped)
        return;
    if (r->ncells == 0) {
        /* a line break outside any record (CSV_REPALL_NL) */
        if (term == '\n' && r->last_cr) {
            r->last_cr = 0; /* the LF of a CRLF: one line break, counted */
            return;
        }
        r->line++;
        r->last_cr = term == '\r';
        r->rec_line = r->line;
        return;
    }
    for (size_t i = 0; i < r->ncells; i++)
        r->ptrs[i] = r->cells.data + r->offs[i];
    p2e_row row = {r->ncells, r->ptrs, r->lens, r->rec_line, r->unterminated};
    p2e_status st = r->fn(r->ctx, &row);
    if (st == P2E_CSV_STOP)
        r->stopped = 1;
    else if (st)
        r->status = st;
    r->ncells = 0;
    r->cells.len = 0;
    if (term == '\n' || term == '\r')
        r->line++;
    r->last_cr = term == '\r';
    r->rec_line = r->line;
}

char p2e_csv_detect_delim(const char *data, size_t len)
{
    int semi = 0, tab = 0;
    for (size_t i = 0; i < len && data[i] != '\n' && data[i] != '\r'; i++) {
        if (data[i] == ',')
            return ',';
        if (data[i] == ';')
            semi = 1;
        if (data[i] == '\t')
            tab = 1;
    }
    return semi ? ';' : tab ? '\t' : ',';
}

/* libcsv's parser state for "inside a field" (FIELD_BEGUN in libcsv.c):
 * with `quoted` set, the input ended inside an open quote. libcsv's own
 * CSV_STRICT_FINI reports this only in strict mode, which would also
 * reject the stray quotes real exports contain. */
#define LIBCSV_FIELD_BEGUN 2

static p2e_status finish(reader *r, struct csv_parser *p)
{
    if (!r->status && !r->stopped) {
        r->unterminated = p->quoted && p->pstate == LIBCSV_FIELD_BEGUN;
        csv_fini(p, on_field, on_row, r);
    }
    return r->status;
}

p2e_status p2e_csv_read(p2e_source *src, const p2e_csv_opts *opts, p2e_row_fn fn, void *ctx,
                        const char *name, p2e_err *err)
{
    struct csv_parser p;
    reader r;
    memset(&r, 0, sizeof r);
    r.fn = fn;
    r.ctx = ctx;
    r.line = r.rec_line = 1;
    r.max_field = opts->max_field;
    r.max_row = opts->max_row;
    if (csv_init(&p, CSV_REPALL_NL) != 0)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    csv_set_space_func(&p, keep_spaces);
    /* libcsv grows a field's buffer by this much at a time: its default
     * (128 bytes) makes a multi-megabyte field quadratic */
    csv_set_blk_size(&p, 256 * 1024);
    p2e_status st = P2E_OK;
    int first = 1;
    while (!r.status && !r.stopped) {
        const char *data;
        size_t len;
        st = p2e_source_read(src, &data, &len, err);
        if (st || !len)
            break;
        if (first) {
            csv_set_delim(&p, (unsigned char)(opts->delim ? opts->delim : p2e_csv_detect_delim(data, len)));
            first = 0;
        }
        if (csv_parse(&p, data, len, on_field, on_row, &r) != len && !r.status && !r.stopped) {
            st = p2e_fail(err, P2E_ERR_NOMEM, "%s: CSV parser: %s", name, csv_strerror(csv_error(&p)));
            break;
        }
        if (opts->max_field && p.entry_pos > opts->max_field) {
            st = P2E_ERR_LIMIT; /* a field still open, already too long */
            r.too_long = "a field";
            break;
        }
    }
    if (!st)
        st = finish(&r, &p);
    if (st == P2E_ERR_LIMIT && r.too_long) {
        int row = r.too_long[2] == 'r';
        p2e_fail(err, st,
                 "%s: line %lu: %s is longer than %zu bytes (an unclosed quote?); "
                 "raise the limit with %s",
                 name, r.rec_line, r.too_long, row ? opts->max_row : opts->max_field,
                 row ? "--max-row-size" : "--max-field-size");
    }
    if (st == P2E_ERR_NOMEM && !err->msg[0])
        p2e_fail(err, st, "out of memory");
    csv_free(&p);
    p2e_buf_free(&r.cells);
    free(r.offs);
    free(r.lens);
    free(r.ptrs);
    return st;
}
