#include "p2e_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_input.h"
#include "p2e_load.h"
#include "p2e_numconv.h"
#include "p2e_utf8.h"
#include "p2e_xseries.h"

void p2e_reader_init(p2e_reader *rd)
{
    memset(rd, 0, sizeof *rd);
}

void p2e_reader_free(p2e_reader *rd)
{
    for (size_t i = 0; i < rd->nfiles; i++) {
        p2e_columns_free(&rd->files[i].cols);
        free(rd->files[i].base_utf8);
        free(rd->files[i].marks);
    }
    free(rd->files);
    free(rd->stats);
    p2e_outlet_set_free(&rd->outlets);
    memset(rd, 0, sizeof *rd);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- pass 1: the header ---------------------------------------------- */

typedef struct {
    p2e_reader *rd;
    p2e_input_file *file;
    p2e_err *err;
    long *numeric;                 /* the header indexes of the numeric columns */
    size_t nnumeric;
    size_t rows;                   /* rows looked at after the header */
} scan_ctx;

static void numeric_add(scan_ctx *s, long idx)
{
    if (idx >= 0)
        s->numeric[s->nnumeric++] = idx;
}

/* The columns whose decimal marks the look records: every field
 * p2e_numconv reads. */
static p2e_status numeric_columns(scan_ctx *s)
{
    const p2e_columns *c = &s->file->cols;
    static const p2e_col fields[] = {P2E_COL_RETAIL_PRICE, P2E_COL_WEIGHT, P2E_COL_LENGTH,
                                     P2E_COL_WIDTH, P2E_COL_HEIGHT, P2E_COL_COMPOSITE_QUANTITY};
    size_t n = sizeof fields / sizeof fields[0];
    s->numeric = malloc((n + 2 * c->noutlets) * sizeof *s->numeric);
    s->file->marks = calloc(c->ncols ? c->ncols : 1, 1);
    if (!s->numeric || !s->file->marks)
        return p2e_fail(s->err, P2E_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        numeric_add(s, c->idx[fields[i]]);
    for (size_t i = 0; i < c->noutlets; i++) {
        numeric_add(s, c->outlet_idx[P2E_OUTCOL_INVENTORY][i]);
        numeric_add(s, c->outlet_idx[P2E_OUTCOL_REORDER_POINT][i]);
    }
    return P2E_OK;
}

/* The header, then the first P2E_NUMCONV_LOOKAHEAD rows' decimal marks,
 * column by column (p2e_numconv.h). */
static p2e_status scan_row(void *vctx, const p2e_row *row)
{
    scan_ctx *s = vctx;
    if (!s->file->has_header) {
        s->file->has_header = 1;
        p2e_status st = p2e_columns_init(&s->file->cols, row->cell, row->len, row->ncells,
                                         &s->rd->outlets, s->file->path, s->err);
        return st ? st : numeric_columns(s);
    }
    if (s->rows++ == P2E_NUMCONV_LOOKAHEAD) {
        s->file->marks_partial = 1;
        return P2E_ROW_STOP;
    }
    for (size_t i = 0; i < s->nnumeric; i++) {
        size_t k = (size_t)s->numeric[i];
        if (k < row->ncells)
            s->file->marks[k] |= p2e_numconv_marks(row->cell[k], row->len[k]);
    }
    return P2E_OK;
}

/* In words: which encoding the file was read as, why, and how to choose
 * another. */
static void encoding_detail(const char *from, int forced, char *out, size_t cap)
{
    if (forced)
        snprintf(out, cap, "read as %s, as --encoding said", from);
    else if (!strncmp(from, "UTF-", 4))
        snprintf(out, cap, "read as %s, told by its byte-order mark (Excel's \"Unicode text\")",
                 from);
    else if (!strcmp(from, "MACINTOSH"))
        snprintf(out, cap, "not UTF-8: read as Mac Roman (Excel for Mac), chosen from its bytes; "
                           "if accented letters look wrong, run again with --encoding "
                           "windows-1252");
    else
        snprintf(out, cap, "not UTF-8: read as Windows-1252 (Excel for Windows), chosen from its "
                           "bytes; if accented letters look wrong, run again with --encoding "
                           "macintosh (Excel for Mac)");
}

/* A workbook whose first sheet is not the export may hold it in another
 * sheet: the refusal of its header names the sheets and --sheet. The
 * hint goes at the end, the column list before it cut to make room. */
static void other_sheets(const p2e_input *in, p2e_err *err)
{
    size_t n;
    const char *names = p2e_input_sheets(in, &n);
    if (!names || n < 2)
        return;
    char hint[800];
    int len = snprintf(hint, sizeof hint,
                       " (that is the workbook's first sheet; its %zu sheets: %s: give the "
                       "export's with --sheet NAME)", n, names);
    if (len < 0 || (size_t)len >= sizeof hint)
        return;
    size_t keep = strlen(err->msg), room = sizeof err->msg - 1 - (size_t)len;
    if (keep > room) {
        keep = room - 3;
        memcpy(err->msg + keep, "...", 3);
        keep += 3;
    }
    memcpy(err->msg + keep, hint, (size_t)len + 1);
}

static p2e_status scan_file(p2e_reader *rd, p2e_input_file *f, uint32_t index,
                            const p2e_read_opts *opts, p2e_report *rep, p2e_err *err)
{
    p2e_input *in;
    p2e_input_opts iopts = {.encoding = opts->encoding, .max_field = opts->max_field,
                            .max_row = opts->max_row, .sheet = opts->sheet};
    p2e_status st = p2e_input_open(&in, f->path, &iopts, err);
    if (st)
        return st;
    p2e_input_get_print(in, &f->print);
    const char *from = p2e_input_converted_from(in);
    f->utf8 = from == NULL;
    f->format = p2e_input_format(in);
    snprintf(f->from, sizeof f->from, "%s", from ? from : "");
    if (from) {
        char detail[256];
        encoding_detail(from, opts->encoding != NULL, detail, sizeof detail);
        st = p2e_report_add(rep, P2E_CODE_ENCODING_CONVERTED, index, 0, P2E_NO_VARIANT,
                            P2E_KEEP_ALWAYS, NULL, NULL, NULL, from, detail);
    }
    scan_ctx ctx = {rd, f, err, NULL, 0, 0};
    if (!st)
        st = p2e_input_read(in, scan_row, &ctx, err);
    free(ctx.numeric);
    f->delim = p2e_input_delim(in);
    if (st == P2E_ERR_FORMAT && f->has_header && !ctx.rows && !opts->sheet)
        other_sheets(in, err);
    p2e_input_free(in);
    if (!st && !f->has_header)
        st = p2e_fail(err, P2E_ERR_FORMAT, "%s: empty file: no header row, not a product export",
                      f->path);
    if (!st)
        st = p2e_xseries_header_findings(&f->cols, index, rep);
    if (!st)
        st = p2e_xseries_tax_finding(&f->cols, index, &rd->tax_reported, rep);
    return st;
}

p2e_status p2e_reader_scan(p2e_reader *rd, const char *const *paths, size_t npaths,
                           const p2e_read_opts *opts, p2e_report *rep, p2e_err *err)
{
    rd->files = calloc(npaths ? npaths : 1, sizeof *rd->files);
    if (!rd->files)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < npaths; i++) {
        p2e_input_file *f = &rd->files[rd->nfiles++];
        f->path = paths[i];
        f->base = f->base_utf8 = p2e_utf8_clean(base_name(paths[i]));
        if (!f->base)
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        p2e_status st = scan_file(rd, f, (uint32_t)i, opts, rep, err);
        if (st)
            return st;
    }
    for (size_t i = 0; i < rd->nfiles; i++)
        if (p2e_columns_sync_outlets(&rd->files[i].cols, &rd->outlets))
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    return P2E_OK;
}

/* ---- pass 2: the rows ------------------------------------------------- */

typedef struct {
    p2e_reader *rd;
    const p2e_input_file *file;
    p2e_load load;                 /* the checks */
    p2e_prow row;                  /* the record being read, as product fields */
    int header_seen;
    p2e_err *err;
} load_ctx;

/* The reader's row sink sees the X-Series record (not-synced.csv). */
static void product_row(void *vctx, const p2e_prow *row)
{
    const load_ctx *c = vctx;
    c->rd->row_sink(c->rd->row_sink_ctx, c->file->base, &c->file->cols, row->rec);
}

static p2e_status load_record(void *vctx, const p2e_row *rec)
{
    load_ctx *c = vctx;
    if (!c->header_seen) {
        c->header_seen = 1;
        return P2E_OK;
    }
    p2e_xseries_row(&c->file->cols, rec, &c->row);
    return p2e_load_row(&c->load, &c->row, c->err);
}

/* The first look's marks by numconv slot (p2e_numconv.h), from the
 * header columns that hold each field; NULL out of memory. */
static unsigned char *slot_marks(const p2e_input_file *f)
{
    const p2e_columns *c = &f->cols;
    unsigned char *m = calloc(P2E_NUMCONV_INVENTORY(c->noutlets), 1);
    if (!m)
        return NULL;
    for (int k = 0; k < P2E_COL_COUNT; k++)
        if (c->idx[k] >= 0 && (size_t)c->idx[k] < c->ncols)
            m[k] = f->marks[c->idx[k]];
    for (size_t i = 0; i < c->noutlets; i++) {
        long inv = c->outlet_idx[P2E_OUTCOL_INVENTORY][i];
        long reo = c->outlet_idx[P2E_OUTCOL_REORDER_POINT][i];
        if (inv >= 0 && (size_t)inv < c->ncols)
            m[P2E_NUMCONV_INVENTORY(i)] = f->marks[inv];
        if (reo >= 0 && (size_t)reo < c->ncols)
            m[P2E_NUMCONV_REORDER(i)] = f->marks[reo];
    }
    return m;
}

static p2e_status load_file(p2e_reader *rd, uint32_t index, const p2e_load_opts *lo,
                            const p2e_read_opts *opts, p2e_err *err)
{
    const p2e_input_file *f = &rd->files[index];
    /* pass 1 checked the encoding: a UTF-8 file need not be scanned again */
    p2e_input_opts iopts = {.encoding = f->utf8 ? P2E_SOURCE_UTF8 : opts->encoding,
                            .print = &f->print,
                            .max_field = opts->max_field,
                            .max_row = opts->max_row,
                            .sheet = opts->sheet,
                            .batch_bytes = opts->one_core ? 0 : P2E_CSV_BATCH};
    p2e_input *in;
    p2e_status st = p2e_input_open(&in, f->path, &iopts, err);
    if (st)
        return st;
    load_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.rd = rd;
    ctx.file = f;
    ctx.err = err;
    p2e_prow_fields fields;
    p2e_xseries_fields(&f->cols, &fields);
    p2e_load_opts flo = *lo;
    flo.decimal_comma = f->delim == ';'; /* a European locale's CSV */
    unsigned char *marks = slot_marks(f);
    if (!marks) {
        p2e_input_free(in);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    flo.marks = marks;
    flo.nmarks = P2E_NUMCONV_INVENTORY(f->cols.noutlets);
    flo.marks_partial = f->marks_partial;
    if (rd->row_sink) {
        flo.product_row = product_row;
        flo.product_row_ctx = &ctx;
    }
    st = p2e_xseries_row_init(&ctx.row, &f->cols);
    if (st) {
        p2e_input_free(in);
        return p2e_fail(err, st, "out of memory");
    }
    p2e_load_begin(&ctx.load, &flo, index, &fields);
    st = p2e_input_read(in, load_record, &ctx, err);
    if (!st)
        st = p2e_load_finish(&ctx.load, err);
    p2e_load_end(&ctx.load);
    p2e_xseries_row_free(&ctx.row);
    p2e_input_free(in);
    free(marks);
    return st;
}

p2e_status p2e_reader_load(p2e_reader *rd, p2e_catalog *cat, const p2e_read_opts *opts,
                           p2e_report *rep, p2e_err *err)
{
    if (rd->want_stats) {
        rd->stats = calloc(rd->outlets.count ? rd->outlets.count : 1, sizeof *rd->stats);
        if (!rd->stats)
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    p2e_load_opts lo = {.cat = cat,
                        .rep = rep,
                        .outlets = &rd->outlets,
                        .stats = rd->stats,
                        .weight_unit = opts->weight_unit,
                        .dimension_unit = opts->dimension_unit,
                        .upc_from_sku = opts->upc_from_sku,
                        .restore_upc_zeros = opts->restore_upc_zeros};
    for (size_t i = 0; i < rd->nfiles; i++) {
        p2e_status st = load_file(rd, (uint32_t)i, &lo, opts, err);
        if (st)
            return st;
    }
    /* Only the reading checks look ids up: the map's memory (a slot per
     * row) goes before the rules take theirs, lowering the run's peak. */
    p2e_map_free(&cat->variant_by_id);
    if (cat->rows_read == 0)
        return p2e_fail(err, P2E_ERR_FORMAT,
                        "%s: no product rows: the export%s only a header (export the products "
                        "again with a filter that includes them)",
                        rd->files[0].path, rd->nfiles > 1 ? "s hold" : " holds");
    return P2E_OK;
}
