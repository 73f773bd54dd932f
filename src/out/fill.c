/*
 * fill.c - the filled manual-fields sheet checked and turned into a
 * partial import (see p2e_fill.h).
 *
 * Two reads through the input seam: the product list (its entries, in the
 * order pos2ecom wrote them, indexed by product SKU and variation SKU, and
 * by those SKUs without their leading zeros), then the filled sheet, whose
 * rows are matched to entries (or, without a list, become entries). The
 * update is written from the entries, in order.
 */
#include "p2e_fill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"
#include "p2e_input.h"
#include "p2e_manualxlsx.h"

enum { F_COMPARE, F_SUBTITLE, F_THRESHOLD, F_COUNT };
static const char *const fill_cols[F_COUNT] = {"product_compare_to_price", "product_subtitle",
                                               "product_low_stock_notification_quantity"};

#define OPTION_PREFIX "product_variation_option_"
#define MAX_OPTIONS 256
#define AMBIGUOUS UINT32_MAX

typedef struct {
    int variation;
    p2e_str psku, vsku, price; /* price: the list's text, 0 (empty) when unknown */
    size_t values;             /* first of noptions option values in vals */
    p2e_str fill[F_COUNT];     /* 0: not filled */
    int seen;                  /* a filled row named it */
} entry;

struct p2e_fill {
    p2e_pool pool;
    entry *e;
    size_t n, cap;
    p2e_str *vals;
    size_t nvals, capvals;
    char *optcol[MAX_OPTIONS];  /* the option columns' names, in order */
    size_t noptions;
    p2e_map products, variations;   /* SKU -> entry */
    p2e_map bare_p, bare_v;         /* SKU without its leading zeros -> entry, or AMBIGUOUS */
    p2e_fill_counts counts;
};

/* The columns of one file's header that reading needs. */
typedef struct {
    long type, psku, vsku, price, fill[F_COUNT];
    long opt[MAX_OPTIONS]; /* per option of the fill: its column here, or -1 */
    int have_header;
} layout;

typedef struct {
    p2e_fill *f;
    p2e_report *rep;
    const char *path;
    int workbook;
    int listed;
    layout lay;
    p2e_err *err;
} reading;

/* ---- cells -------------------------------------------------------------- */

static const char *cell(const p2e_row *r, long col, size_t *len)
{
    if (col < 0 || (size_t)col >= r->ncells) {
        *len = 0;
        return "";
    }
    *len = r->len[col];
    return r->cell[col];
}

/* A key as the merchant's spreadsheet left it: spaces around trimmed, and
 * the quote manual-fields.csv's formula guard put before = + - @ removed. */
static void key_text(const char **s, size_t *n)
{
    p2e_text_trim(s, n);
    if (*n > 1 && (*s)[0] == '\'' && strchr("=+-@", (*s)[1]))
        (*s)++, (*n)--;
}

static int all_digits(const char *s, size_t n)
{
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* A price: digits, then at most two decimals that count (19.9, 19.90,
 * 19.900); no sign, no exponent, no comma. *cents gets the value. */
static int parse_price(const char *s, size_t n, long long *cents)
{
    size_t i = 0;
    long long v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i < 13)
        v = v * 10 + (s[i++] - '0');
    if (!i || (i < n && s[i] != '.'))
        return 0;
    long long frac = 0;
    size_t d = 0;
    if (i < n) {
        i++;
        if (i == n)
            return 0;
        for (; i < n; i++, d++) {
            if (s[i] < '0' || s[i] > '9' || (d >= 2 && s[i] != '0'))
                return 0;
            if (d < 2)
                frac = frac * 10 + (s[i] - '0');
        }
    }
    if (d == 1)
        frac *= 10;
    *cents = v * 100 + frac;
    return 1;
}

/* A whole number from 0 to 2147483647 (leading zeros allowed). */
static int parse_whole(const char *s, size_t n, long long *out)
{
    if (!all_digits(s, n))
        return 0;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > 2147483647LL)
            return 0;
    }
    *out = v;
    return 1;
}

/* ---- findings ----------------------------------------------------------- */

static void cell_name(char *out, size_t cap, long col, unsigned long line)
{
    char letters[8];
    size_t k = sizeof letters - 1;
    letters[k] = '\0';
    for (long c = col + 1; c > 0 && k > 0; c = (c - 1) / 26)
        letters[--k] = (char)('A' + (c - 1) % 26);
    snprintf(out, cap, "%s%lu", letters + k, line);
}

/* A finding at a row; in a workbook the detail names the cell (E5). */
static p2e_status add(reading *rd, p2e_code code, unsigned long line, long col, const char *sku,
                      const char *field, const char *value, size_t vlen, const char *detail)
{
    char where[48] = "", text[512];
    if (rd->workbook && col >= 0)
        cell_name(where, sizeof where, col, line);
    snprintf(text, sizeof text, "%s%s%s%s", *where ? "cell '" P2E_MANUAL_SHEET "'!" : "", where,
             *where && detail ? "; " : "", detail ? detail : "");
    char *v = strndup(value ? value : "", value ? vlen : 0);
    if (!v)
        return P2E_ERR_NOMEM;
    p2e_status st = p2e_report_add_at(rd->rep, code, rd->path, line, NULL, sku, field, v,
                                      *text ? text : NULL);
    free(v);
    return st;
}

/* ---- the product list ----------------------------------------------------- */

static p2e_status new_entry(p2e_fill *f, uint32_t *idx)
{
    if (f->n >= AMBIGUOUS - 1 || p2e_grow((void **)&f->e, &f->cap, f->n + 1, sizeof *f->e) ||
        p2e_grow((void **)&f->vals, &f->capvals, f->nvals + f->noptions + 1, sizeof *f->vals))
        return P2E_ERR_NOMEM;
    *idx = (uint32_t)f->n++;
    memset(&f->e[*idx], 0, sizeof f->e[*idx]);
    f->e[*idx].values = f->nvals;
    for (size_t j = 0; j < f->noptions; j++)
        f->vals[f->nvals++] = 0;
    return P2E_OK;
}

/* Index an entry by its key, and by the key without its leading zeros
 * when it is all digits (two keys that meet there are ambiguous). */
static p2e_status index_key(p2e_fill *f, int variation, p2e_str key, uint32_t idx)
{
    const char *s = p2e_pool_get(&f->pool, key);
    size_t n = strlen(s);
    uint32_t old;
    p2e_map *m = variation ? &f->variations : &f->products;
    if (!n || p2e_map_get(m, &f->pool, s, n, &old))
        return P2E_OK;
    p2e_status st = p2e_map_put_len(m, &f->pool, key, n, idx);
    if (st || !all_digits(s, n) || s[0] != '0')
        return st;
    size_t z = strspn(s, "0");
    z -= z == n; /* "000": "0" */
    p2e_str bare;
    m = variation ? &f->bare_v : &f->bare_p;
    st = p2e_pool_intern(&f->pool, s + z, n - z, &bare);
    s = NULL; /* the pool may have moved */
    if (!st)
        st = p2e_map_get(m, &f->pool, p2e_pool_get(&f->pool, bare), n - z, &old)
                 ? p2e_map_set_len(m, &f->pool, bare, n - z, AMBIGUOUS)
                 : p2e_map_put_len(m, &f->pool, bare, n - z, idx);
    return st;
}

static p2e_status take_header(reading *rd, const p2e_row *r, int filled)
{
    layout *l = &rd->lay;
    p2e_fill *f = rd->f;
    l->type = l->psku = l->vsku = l->price = -1;
    for (int k = 0; k < F_COUNT; k++)
        l->fill[k] = -1;
    for (size_t j = 0; j < MAX_OPTIONS; j++)
        l->opt[j] = -1;
    for (size_t i = 0; i < r->ncells; i++) {
        const char *s = r->cell[i];
        size_t n = r->len[i];
        long *slot = !strcmp(s, "type") ? &l->type : !strcmp(s, "product_sku") ? &l->psku
                   : !strcmp(s, "product_variation_sku") ? &l->vsku
                   : !strcmp(s, "price_pos") ? &l->price : NULL;
        for (int k = 0; k < F_COUNT && !slot; k++)
            if (!strcmp(s, fill_cols[k]))
                slot = &l->fill[k];
        if (slot && *slot < 0)
            *slot = (long)i;
        if (slot || n <= strlen(OPTION_PREFIX) || strncmp(s, OPTION_PREFIX, strlen(OPTION_PREFIX)))
            continue;
        size_t j = 0;
        while (j < f->noptions && strcmp(f->optcol[j], s))
            j++;
        if (j == f->noptions && f->n == 0 && j < MAX_OPTIONS) { /* the list's columns come first */
            if (!(f->optcol[j] = strdup(s)))
                return P2E_ERR_NOMEM;
            f->noptions++;
        }
        if (j < f->noptions && l->opt[j] < 0)
            l->opt[j] = (long)i;
    }
    int fills = l->fill[0] >= 0 || l->fill[1] >= 0 || l->fill[2] >= 0;
    if (l->psku < 0 || (filled && !fills))
        return p2e_fail(rd->err, P2E_ERR_FORMAT,
                        "%s: no %s column: not a manual-fields sheet (give manual-fields.xlsx or "
                        "manual-fields.csv as pos2ecom wrote it)",
                        rd->path, l->psku < 0 ? "product_sku" : "product_compare_to_price");
    l->have_header = 1;
    return P2E_OK;
}

static int row_is_variation(const reading *rd, const p2e_row *r, int *bad)
{
    size_t n;
    const char *t = cell(r, rd->lay.type, &n);
    p2e_text_trim(&t, &n);
    *bad = !(n == 0 || (n == 7 && !memcmp(t, "product", 7)) ||
             (n == 17 && !memcmp(t, "product_variation", 17)));
    return n == 17;
}

/* The keys and option values of a row into entry idx. */
static p2e_status set_keys(reading *rd, const p2e_row *r, uint32_t idx, int variation)
{
    p2e_fill *f = rd->f;
    size_t n;
    const char *s = cell(r, rd->lay.psku, &n);
    key_text(&s, &n);
    p2e_status st = p2e_pool_intern(&f->pool, s, n, &f->e[idx].psku);
    s = cell(r, variation ? rd->lay.vsku : -1, &n);
    key_text(&s, &n);
    if (!st)
        st = p2e_pool_intern(&f->pool, s, n, &f->e[idx].vsku);
    s = cell(r, rd->lay.price, &n);
    p2e_text_trim(&s, &n);
    if (!st)
        st = p2e_pool_intern(&f->pool, s, n, &f->e[idx].price);
    for (size_t j = 0; !st && variation && j < f->noptions; j++) {
        s = cell(r, rd->lay.opt[j], &n);
        key_text(&s, &n);
        st = p2e_pool_intern(&f->pool, s, n, &f->vals[f->e[idx].values + j]);
    }
    f->e[idx].variation = variation;
    return st;
}

static p2e_status list_row(void *ctx, const p2e_row *r)
{
    reading *rd = ctx;
    if (!rd->lay.have_header)
        return take_header(rd, r, 0);
    int bad, variation = row_is_variation(rd, r, &bad);
    uint32_t idx;
    if (bad)
        return P2E_OK;
    p2e_status st = new_entry(rd->f, &idx);
    if (!st)
        st = set_keys(rd, r, idx, variation);
    if (!st)
        st = index_key(rd->f, variation, variation ? rd->f->e[idx].vsku : rd->f->e[idx].psku, idx);
    return st;
}

/* ---- the filled sheet ----------------------------------------------------- */

/* The entry a listed row names: its SKU as read, else the SKU whose
 * leading zeros a spreadsheet dropped (said). NO entry: said why. */
static p2e_status find_listed(reading *rd, const p2e_row *r, int variation, uint32_t *idx)
{
    p2e_fill *f = rd->f;
    long col = variation ? rd->lay.vsku : rd->lay.psku;
    const char *field = variation ? "product_variation_sku" : "product_sku";
    size_t n;
    const char *s = cell(r, col, &n);
    key_text(&s, &n);
    *idx = AMBIGUOUS;
    if (n && p2e_map_get(variation ? &f->variations : &f->products, &f->pool, s, n, idx))
        return P2E_OK;
    size_t z = strspn(s, "0");
    z -= z == n && n;
    if (all_digits(s, n) && p2e_map_get(variation ? &f->bare_v : &f->bare_p, &f->pool, s + z,
                                        n - z, idx) && *idx != AMBIGUOUS) {
        char d[300];
        snprintf(d, sizeof d, "restored to %s",
                 p2e_pool_get(&f->pool, variation ? f->e[*idx].vsku : f->e[*idx].psku));
        return add(rd, P2E_CODE_FILL_LEADING_ZERO_RESTORED, r->line, col, NULL, field, s, n, d);
    }
    *idx = AMBIGUOUS;
    const char *why = !n ? "no SKU"
                    : memchr(s, 'E', n) && all_digits(s, 1) ? "a spreadsheet turned it into a number and lost digits"
                                                            : NULL;
    return add(rd, P2E_CODE_FILL_UNKNOWN_SKU, r->line, col, NULL, field, s, n, why);
}

/* Without a list the row becomes an entry of its own, keys as read. */
static p2e_status find_unlisted(reading *rd, const p2e_row *r, int variation, uint32_t *idx)
{
    p2e_fill *f = rd->f;
    p2e_status st = new_entry(f, idx);
    if (!st)
        st = set_keys(rd, r, *idx, variation);
    if (st)
        return st;
    entry *e = &f->e[*idx];
    uint32_t old;
    const char *key = p2e_pool_get(&f->pool, variation ? e->vsku : e->psku);
    if (!*key || !*p2e_pool_get(&f->pool, e->psku)) { /* nothing to match it by */
        long col = *key ? rd->lay.psku : variation ? rd->lay.vsku : rd->lay.psku;
        f->nvals = e->values;
        f->n--;
        *idx = AMBIGUOUS;
        return add(rd, P2E_CODE_FILL_UNKNOWN_SKU, r->line, col, NULL,
                   col == rd->lay.vsku ? "product_variation_sku" : "product_sku", "", 0, "no SKU");
    }
    if (p2e_map_get(variation ? &f->variations : &f->products, &f->pool, key, strlen(key), &old)) {
        f->nvals = e->values; /* a second row for the same key: the first one stands */
        f->n--;
        *idx = old;
        return P2E_OK;
    }
    return index_key(f, variation, variation ? e->vsku : e->psku, *idx);
}

static p2e_status check_compare(reading *rd, const p2e_row *r, const entry *e, long long cents,
                                const char *s, size_t n)
{
    long long price;
    const char *p = p2e_pool_get(&rd->f->pool, e->price);
    if (!*p || !parse_price(p, strlen(p), &price) || cents > price)
        return P2E_OK;
    char d[80];
    snprintf(d, sizeof d, "the price is %lld.%02lld", price / 100, price % 100);
    return add(rd, P2E_CODE_FILL_COMPARE_TO_NOT_ABOVE, r->line, rd->lay.fill[F_COMPARE],
               p2e_pool_get(&rd->f->pool, e->variation ? e->vsku : e->psku), fill_cols[F_COMPARE],
               s, n, d);
}

/* One filled cell: checked, and kept in the entry when the store takes it. */
static p2e_status take_cell(reading *rd, const p2e_row *r, uint32_t idx, int k)
{
    p2e_fill *f = rd->f;
    size_t n;
    const char *s = cell(r, rd->lay.fill[k], &n), *raw = s;
    size_t rawn = n;
    p2e_text_trim(&s, &n);
    if (!n)
        return P2E_OK;
    const char *sku = p2e_pool_get(&f->pool, f->e[idx].variation ? f->e[idx].vsku : f->e[idx].psku);
    char num[40];
    long long v;
    p2e_status st = P2E_OK;
    if (k == F_SUBTITLE) {
        if (f->e[idx].variation)
            return add(rd, P2E_CODE_FILL_SUBTITLE_ON_VARIATION, r->line, rd->lay.fill[k], sku,
                       fill_cols[k], raw, rawn, NULL);
        return p2e_pool_add(&f->pool, raw, rawn, &f->e[idx].fill[k]);
    }
    if (k == F_COMPARE ? !parse_price(s, n, &v) : !parse_whole(s, n, &v))
        return add(rd, P2E_CODE_FILL_INVALID_NUMBER, r->line, rd->lay.fill[k], sku, fill_cols[k],
                   raw, rawn,
                   k == F_COMPARE ? "a price of 0 or more with at most two decimals, a dot before them"
                                  : "a whole number from 0 to 2147483647");
    if (k == F_COMPARE) {
        snprintf(num, sizeof num, "%lld.%02lld", v / 100, v % 100);
        st = check_compare(rd, r, &f->e[idx], v, s, n);
    } else
        snprintf(num, sizeof num, "%lld", v);
    if (!st)
        st = p2e_pool_add(&f->pool, num, strlen(num), &f->e[idx].fill[k]);
    return st;
}

static int row_has_fill(const reading *rd, const p2e_row *r)
{
    for (int k = 0; k < F_COUNT; k++) {
        size_t n;
        const char *s = cell(r, rd->lay.fill[k], &n);
        p2e_text_trim(&s, &n);
        if (n)
            return 1;
    }
    return 0;
}

static p2e_status filled_row(void *ctx, const p2e_row *r)
{
    reading *rd = ctx;
    if (!rd->lay.have_header)
        return take_header(rd, r, 1);
    rd->f->counts.rows_read++;
    if (!row_has_fill(rd, r))
        return P2E_OK;
    rd->f->counts.rows_filled++;
    int bad, variation = row_is_variation(rd, r, &bad);
    size_t n;
    const char *t = cell(r, rd->lay.type, &n);
    if (bad)
        return add(rd, P2E_CODE_IMPORT_ROW_TYPE, r->line, rd->lay.type, NULL, "type", t, n, NULL);
    uint32_t idx;
    p2e_status st = rd->listed ? find_listed(rd, r, variation, &idx)
                               : find_unlisted(rd, r, variation, &idx);
    if (st || idx == AMBIGUOUS)
        return st;
    entry *e = &rd->f->e[idx];
    if (e->seen) {
        const char *sku = p2e_pool_get(&rd->f->pool, variation ? e->vsku : e->psku);
        return add(rd, P2E_CODE_IMPORT_DUPLICATE_SKU, r->line, variation ? rd->lay.vsku : rd->lay.psku,
                   sku, variation ? "product_variation_sku" : "product_sku", sku, strlen(sku),
                   "a second filled row for it: the first is written");
    }
    e->seen = 1;
    for (int k = 0; !st && k < F_COUNT; k++)
        st = take_cell(rd, r, idx, k);
    return st;
}

/* ---- reading -------------------------------------------------------------- */

static p2e_status read_sheet(reading *rd, const char *path, const char *sheet, p2e_row_fn fn)
{
    p2e_input_opts io;
    memset(&io, 0, sizeof io);
    io.max_field = (size_t)64 * 1024 * 1024;
    io.max_row = io.max_field;
    io.sheet = sheet;
    memset(&rd->lay, 0, sizeof rd->lay);
    rd->path = path;
    rd->workbook = !strcmp(p2e_input_pick(path), "XLSX");
    p2e_status st = p2e_input_read_file(path, &io, fn, rd, rd->err);
    if (!st && !rd->lay.have_header)
        st = p2e_fail(rd->err, P2E_ERR_FORMAT, "%s: empty: not a manual-fields sheet", path);
    if (st == P2E_ERR_NOMEM && !rd->err->msg[0])
        st = p2e_fail(rd->err, st, "out of memory");
    return st;
}

p2e_status p2e_fill_read(p2e_fill **out, const p2e_fill_opts *o, p2e_report *rep, p2e_err *err)
{
    p2e_fill *f = calloc(1, sizeof *f);
    if (!f || p2e_pool_init(&f->pool)) {
        free(f);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    *out = f;
    reading rd = {f, rep, o->path, 0, 0, {0}, err};
    const char *list = o->products;
    if (!list && !strcmp(p2e_input_pick(o->path), "XLSX"))
        list = o->path;
    p2e_status st = P2E_OK;
    if (list) {
        int xlsx = !strcmp(p2e_input_pick(list), "XLSX");
        st = read_sheet(&rd, list, xlsx ? P2E_MANUAL_LIST_SHEET : NULL, list_row);
        rd.listed = f->counts.listed = 1;
    }
    int xlsx = !strcmp(p2e_input_pick(o->path), "XLSX");
    if (!st)
        st = read_sheet(&rd, o->path, xlsx ? P2E_MANUAL_SHEET : NULL, filled_row);
    if (!st && !list)
        st = p2e_report_add_at(rep, P2E_CODE_FILL_NO_PRODUCT_LIST, o->path, 0, NULL, NULL, NULL,
                               NULL, NULL);
    if (st && !err->msg[0])
        st = p2e_fail(err, st, "out of memory");
    return st;
}

/* ---- writing -------------------------------------------------------------- */

typedef struct {
    p2e_fill *f;
    p2e_csvw *w;
    int used[F_COUNT];
    int variations;
    unsigned char opt_used[MAX_OPTIONS]; /* an option a written variation has a value for */
} writing;

static int entry_filled(const entry *e)
{
    return e->fill[F_COMPARE] || e->fill[F_SUBTITLE] || e->fill[F_THRESHOLD];
}

static void put_row(writing *wr, const entry *e, int bare)
{
    p2e_fill *f = wr->f;
    p2e_csvw_cstr(wr->w, e->variation ? "product_variation" : "product");
    p2e_csvw_cstr(wr->w, p2e_pool_get(&f->pool, e->psku));
    if (wr->variations) {
        p2e_csvw_cstr(wr->w, e->variation ? p2e_pool_get(&f->pool, e->vsku) : "");
        for (size_t j = 0; j < f->noptions; j++)
            if (wr->opt_used[j])
                p2e_csvw_cstr(wr->w, e->variation ? p2e_pool_get(&f->pool, f->vals[e->values + j]) : "");
    }
    for (int k = 0; k < F_COUNT; k++)
        if (wr->used[k])
            p2e_csvw_cstr(wr->w, bare ? "" : p2e_pool_get(&f->pool, e->fill[k]));
    p2e_csvw_end_row(wr->w);
}

p2e_status p2e_fill_write(p2e_fill *f, const char *dir, const char *name, p2e_outset *set,
                          p2e_err *err)
{
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st)
        return st;
    w.guard_formulas = 0; /* an import: the store matches keys byte for byte */
    writing wr;
    memset(&wr, 0, sizeof wr);
    wr.f = f;
    wr.w = &w;
    for (size_t i = 0; i < f->n; i++) {
        const entry *e = &f->e[i];
        for (int k = 0; k < F_COUNT; k++)
            wr.used[k] |= e->fill[k] != 0;
        if (!e->variation || !entry_filled(e))
            continue;
        wr.variations = 1;
        for (size_t j = 0; j < f->noptions; j++)
            wr.opt_used[j] |= f->vals[e->values + j] != 0;
    }
    p2e_csvw_cstr(&w, "type");
    p2e_csvw_cstr(&w, "product_sku");
    if (wr.variations) {
        p2e_csvw_cstr(&w, "product_variation_sku");
        for (size_t j = 0; j < f->noptions; j++)
            if (wr.opt_used[j])
                p2e_csvw_cstr(&w, f->optcol[j]);
    }
    for (int k = 0; k < F_COUNT; k++)
        if (wr.used[k])
            p2e_csvw_cstr(&w, fill_cols[k]);
    p2e_csvw_end_row(&w);
    p2e_str last = 0; /* the product SKU of the last product row written */
    int any = 0;
    for (size_t i = 0; i < f->n; i++) {
        const entry *e = &f->e[i];
        if (!entry_filled(e))
            continue;
        if (e->variation && (!any || last != e->psku)) {
            /* a variation's rows follow its product's row */
            entry product = *e;
            product.variation = 0;
            put_row(&wr, &product, 1);
        }
        put_row(&wr, e, 0);
        last = e->psku; /* interned: equal SKUs, equal offsets */
        any = 1;
        for (int k = 0; k < F_COUNT; k++)
            f->counts.cells += e->fill[k] != 0;
        if (e->variation)
            f->counts.variations++;
        else
            f->counts.products++;
    }
    return p2e_csvw_finish(&w, set, err);
}

void p2e_fill_get_counts(const p2e_fill *f, p2e_fill_counts *c)
{
    *c = f->counts;
}

void p2e_fill_free(p2e_fill *f)
{
    if (!f)
        return;
    for (size_t j = 0; j < f->noptions; j++)
        free(f->optcol[j]);
    p2e_map_free(&f->products);
    p2e_map_free(&f->variations);
    p2e_map_free(&f->bare_p);
    p2e_map_free(&f->bare_v);
    p2e_pool_free(&f->pool);
    free(f->e);
    free(f->vals);
    free(f);
}
