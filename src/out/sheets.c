#include "p2e_sheets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_decimal.h"
#include "p2e_ecom.h"

static const char *str(const p2e_catalog *cat, p2e_str s)
{
    return p2e_catalog_str(cat, s);
}

static void put_micro(p2e_csvw *w, int64_t micro, int present)
{
    char num[40] = "";
    if (present)
        p2e_dec_format(num, micro, 6, 0);
    p2e_csvw_cstr(w, num);
}

/* ---- manual-fields.csv ------------------------------------------------ */

const char *const p2e_manual_head[P2E_MANUAL_NKEYS] = {
    "type", "product_sku", "product_name", "product_compare_to_price", "product_subtitle",
    "product_low_stock_notification_quantity"};

static int any_variant_product(const p2e_catalog *cat)
{
    for (size_t i = 0; i < cat->nfamilies; i++)
        if (cat->families[i].written && cat->families[i].variant_product)
            return 1;
    return 0;
}

/* The option names of the written variant products, in order of first use
 * (as ecom-import.csv's option columns): up to `cap`, as catalog strings. */
static size_t option_names(const p2e_catalog *cat, p2e_str *names, size_t cap)
{
    size_t n = 0;
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        const p2e_family *f = &cat->families[fi];
        for (int k = 0; f->written && f->variant_product && k < 3; k++) {
            const char *name = str(cat, f->opt_name[k]);
            size_t j = 0;
            while (j < n && strcmp(str(cat, names[j]), name))
                j++;
            if (*name && j == n && n < cap)
                names[n++] = f->opt_name[k];
        }
    }
    return n;
}

p2e_status p2e_sheets_manual_cols(const p2e_catalog *cat, p2e_manual_cols *mc)
{
    memset(mc, 0, sizeof *mc);
    mc->variations = any_variant_product(cat);
    p2e_str names[P2E_MANUAL_MAX_OPTIONS];
    mc->noptions = mc->variations ? option_names(cat, names, P2E_MANUAL_MAX_OPTIONS) : 0;
    p2e_buf b = {0};
    for (size_t j = 0; j < mc->noptions; j++) {
        mc->option[j] = str(cat, names[j]);
        b.len = 0;
        if (p2e_ecom_option_header(&b, mc->option[j]) || !(mc->column[j] = strndup(b.data, b.len))) {
            p2e_buf_free(&b);
            p2e_sheets_manual_cols_free(mc);
            return P2E_ERR_NOMEM;
        }
    }
    p2e_buf_free(&b);
    return P2E_OK;
}

void p2e_sheets_manual_cols_free(p2e_manual_cols *mc)
{
    for (size_t j = 0; j < mc->noptions; j++)
        free(mc->column[j]);
    memset(mc, 0, sizeof *mc);
}

/* The product row of family f: its price is the first written variation's
 * (what ecom-import.csv writes), its reorder hint the family's sum. */
static void product_row(const p2e_catalog *cat, const p2e_family *f, p2e_manual_row *row)
{
    memset(row, 0, sizeof *row);
    row->product_sku = str(cat, f->product_sku);
    row->name = str(cat, f->name);
    row->variation_sku = "";
    int64_t reorder = 0;
    int any = 0, priced = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
        const p2e_variant *v = &cat->variants[vi];
        if (!v->written)
            continue;
        if (!priced)
            row->price_cents = p2e_dec_round(v->price, 2), priced = 1;
        if (v->has_reorder && p2e_dec_add(&reorder, v->reorder))
            any = 1;
    }
    row->has_reorder = any && !f->reorder_range;
    row->reorder = reorder;
    for (size_t j = 0; j < P2E_MANUAL_MAX_OPTIONS; j++)
        row->value[j] = "";
}

static void variation_row(const p2e_catalog *cat, const p2e_family *f, const p2e_variant *v,
                          const p2e_manual_cols *mc, p2e_manual_row *row)
{
    memset(row, 0, sizeof *row);
    row->variation = 1;
    row->product_sku = str(cat, f->product_sku);
    row->name = "";
    row->variation_sku = str(cat, v->sku);
    row->price_cents = p2e_dec_round(v->price, 2);
    row->has_reorder = v->has_reorder && !(v->stock_flags & P2E_REORDER_RANGE);
    row->reorder = v->reorder;
    for (size_t j = 0; j < P2E_MANUAL_MAX_OPTIONS; j++) {
        row->value[j] = "";
        for (int k = 0; j < mc->noptions && k < 3; k++)
            if (!strcmp(str(cat, f->opt_name[k]), mc->option[j]))
                row->value[j] = str(cat, v->opt_value[k]);
    }
}

p2e_status p2e_sheets_manual_rows(const p2e_catalog *cat, const p2e_manual_cols *mc,
                                  p2e_manual_fn fn, void *ctx)
{
    p2e_manual_row row;
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        const p2e_family *f = &cat->families[fi];
        if (!f->written)
            continue;
        product_row(cat, f, &row);
        p2e_status st = fn(ctx, &row);
        for (uint32_t vi = f->first; !st && f->variant_product && vi != P2E_NONE;
             vi = cat->variants[vi].next) {
            if (!cat->variants[vi].written)
                continue;
            variation_row(cat, f, &cat->variants[vi], mc, &row);
            st = fn(ctx, &row);
        }
        if (st)
            return st;
    }
    return P2E_OK;
}

typedef struct {
    p2e_csvw *w;
    const p2e_manual_cols *mc;
} manual_csv;

/* A row: type, product SKU, name, the three eCom-only fields (empty: to
 * fill in), then on a catalog with variants the variation SKU and its
 * option values, which identify the variation as the store's export does. */
static p2e_status manual_csv_row(void *ctx, const p2e_manual_row *row)
{
    manual_csv *m = ctx;
    p2e_csvw_cstr(m->w, row->variation ? "product_variation" : "product");
    p2e_csvw_cstr(m->w, row->product_sku);
    p2e_csvw_cstr(m->w, row->name);
    p2e_csvw_cstr(m->w, "");
    p2e_csvw_cstr(m->w, "");
    p2e_csvw_cstr(m->w, "");
    if (m->mc->variations)
        p2e_csvw_cstr(m->w, row->variation_sku);
    for (size_t j = 0; j < m->mc->noptions; j++)
        p2e_csvw_cstr(m->w, row->value[j]);
    p2e_csvw_end_row(m->w);
    return P2E_OK;
}

p2e_status p2e_sheets_write_manual(const p2e_catalog *cat, const char *dir, const char *name,
                                   p2e_outset *set, p2e_err *err)
{
    p2e_manual_cols mc;
    if (p2e_sheets_manual_cols(cat, &mc))
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st) {
        p2e_sheets_manual_cols_free(&mc);
        return st;
    }
    for (size_t i = 0; i < P2E_MANUAL_NKEYS; i++)
        p2e_csvw_cstr(&w, p2e_manual_head[i]);
    if (mc.variations)
        p2e_csvw_cstr(&w, "product_variation_sku");
    for (size_t j = 0; j < mc.noptions; j++)
        p2e_csvw_cstr(&w, mc.column[j]);
    p2e_csvw_end_row(&w);
    manual_csv m = {&w, &mc};
    P2E_IGNORE(p2e_sheets_manual_rows(cat, &mc, manual_csv_row, &m)); /* manual_csv_row never fails: its errors stay in w */
    p2e_sheets_manual_cols_free(&mc);
    return p2e_csvw_finish(&w, set, err);
}

/* ---- mapping.csv ------------------------------------------------------ */

static const char *const mapping_head[] = {
    "file", "line", "handle", "product_sku", "variation_sku", "name", "category", "brand",
    "options", "upc", "available_pos", "available_ecom", "stock_pos", "quantity_ecom",
    "price_pos", "price_ecom", "weight_pos", "weight_ecom", "dimensions_pos",
    "dimensions_ecom", "description_bytes", "reorder_point_pos", "changes"};

typedef struct {
    p2e_csvw *w;
    const p2e_catalog *cat;
    const p2e_unit *wu, *du;
    p2e_buf changes;
    p2e_buf tmp;
} mapping_ctx;

/* Append to a scratch buffer; an allocation failure fails the file. */
static void bput(mapping_ctx *m, p2e_buf *b, const char *s)
{
    if (p2e_buf_puts(b, s))
        m->w->status = P2E_ERR_NOMEM;
}

static void change(mapping_ctx *m, const char *what)
{
    if (m->changes.len)
        bput(m, &m->changes, "; ");
    bput(m, &m->changes, what);
}

static void put_options(mapping_ctx *m, const p2e_family *f, const p2e_variant *v)
{
    m->tmp.len = 0;
    for (int k = 0; k < 3 && f->variant_product; k++) {
        if (!*str(m->cat, f->opt_name[k]))
            continue;
        if (m->tmp.len)
            bput(m, &m->tmp, "; ");
        bput(m, &m->tmp, str(m->cat, f->opt_name[k]));
        bput(m, &m->tmp, "=");
        bput(m, &m->tmp, str(m->cat, v->opt_value[k]));
    }
    p2e_csvw_field(m->w, m->tmp.data ? m->tmp.data : "", m->tmp.len);
}

static void put_stock(mapping_ctx *m, const p2e_variant *v)
{
    char num[40];
    put_micro(m->w, v->stock_raw, 1);
    if (!v->tracked) {
        p2e_csvw_cstr(m->w, "");
        change(m, "stock not tracked: no quantity");
        return;
    }
    p2e_dec_format(num, v->qty, 0, 1);
    p2e_csvw_cstr(m->w, num);
    if (v->stock_flags & P2E_STOCK_NEGATIVE)
        change(m, "negative outlet stock counted as 0");
    if (v->stock_flags & P2E_STOCK_INVALID)
        change(m, "unreadable outlet stock counted as 0");
    if (v->stock % P2E_MICRO)
        change(m, "fractional stock rounded down");
    if (v->components != P2E_NONE)
        change(m, "composite: stock from its components");
}

static void put_price(mapping_ctx *m, const p2e_variant *v)
{
    char num[40];
    p2e_csvw_cstr(m->w, str(m->cat, v->price_raw));
    p2e_dec_format(num, p2e_dec_round(v->price, 2), 2, 1);
    p2e_csvw_cstr(m->w, num);
    if (!*str(m->cat, v->price_raw))
        change(m, "empty price written as 0.00");
    else if (v->price % 10000)
        change(m, "price rounded half-up to 2 decimals");
}

/* "0.454 kg" or "25.4 x 12.7 x 5.08 cm"; empty when nothing is written;
 * vals[i] is written when bit i of `present` is set. */
static void put_measures(mapping_ctx *m, const int64_t *vals, unsigned present, int n, int decimals,
                         const p2e_unit *unit, const char *raw, const char *what)
{
    char num[40];
    int any = 0;
    m->tmp.len = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            bput(m, &m->tmp, " x ");
        if (present & (1u << i)) {
            p2e_dec_format(num, vals[i], decimals, 0);
            bput(m, &m->tmp, num);
            any = 1;
        }
    }
    p2e_csvw_cstr(m->w, raw);
    if (!any) {
        p2e_csvw_cstr(m->w, "");
        if (*raw && strspn(raw, "0. x") != strlen(raw))
            change(m, what[0] == 'w' ? "weight not written (see exceptions)"
                                     : "dimensions not written (see exceptions)");
        return;
    }
    bput(m, &m->tmp, " ");
    bput(m, &m->tmp, unit->name);
    p2e_csvw_field(m->w, m->tmp.data, m->tmp.len);
    change(m, what);
    bput(m, &m->changes, " converted to ");
    bput(m, &m->changes, unit->name);
}

static void mapping_row(mapping_ctx *m, const p2e_family *f, uint32_t vi, const char *file_name)
{
    const p2e_catalog *cat = m->cat;
    const p2e_variant *v = &cat->variants[vi];
    m->changes.len = 0;
    p2e_csvw_cstr(m->w, file_name);
    p2e_csvw_ulong(m->w, (unsigned long)v->line);
    p2e_csvw_cstr(m->w, str(cat, f->handle));
    p2e_csvw_cstr(m->w, str(cat, f->product_sku));
    p2e_csvw_cstr(m->w, f->variant_product ? str(cat, v->sku) : "");
    p2e_csvw_cstr(m->w, str(cat, f->name));
    p2e_csvw_cstr(m->w, str(cat, f->category));
    p2e_csvw_cstr(m->w, str(cat, f->brand));
    put_options(m, f, v);
    p2e_csvw_cstr(m->w, str(cat, v->upc));
    static const char *const state[2][2] = {{"active=0 online=0", "active=0 online=1"},
                                            {"active=1 online=0", "active=1 online=1"}};
    p2e_csvw_cstr(m->w, state[v->active != 0][v->online != 0]);
    p2e_csvw_cstr(m->w, f->available ? "true" : "false");
    put_stock(m, v);
    put_price(m, v);
    put_measures(m, &v->weight, v->measured & P2E_MEASURED_WEIGHT, 1, P2E_WEIGHT_DECIMALS, m->wu,
                 str(cat, v->weight_raw), "weight");
    put_measures(m, v->dim, P2E_MEASURED_DIMS(v->measured), P2E_DIM_COUNT, P2E_LENGTH_DECIMALS, m->du,
                 str(cat, v->dims_raw), "dimensions");
    p2e_csvw_ulong(m->w, (unsigned long)strlen(str(cat, f->description)));
    /* the hint for the low stock threshold: the variant's reorder points
     * summed over the chosen outlets (empty when none, or out of range) */
    put_micro(m->w, v->reorder, v->has_reorder);
    if (f->variant_product && vi == f->first && f->product_sku != f->key)
        change(m, "product SKU is the handle with ' - Base'");
    p2e_csvw_field(m->w, m->changes.data ? m->changes.data : "", m->changes.len);
    p2e_csvw_end_row(m->w);
}

p2e_status p2e_sheets_write_mapping(const p2e_catalog *cat, const p2e_unit *weight_unit,
                                    const p2e_unit *dimension_unit, const char *dir,
                                    const char *name, p2e_outset *set, p2e_err *err)
{
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st)
        return st;
    w.guard_formulas = 1;
    mapping_ctx m = {&w, cat, weight_unit, dimension_unit, {0}, {0}};
    for (size_t i = 0; i < sizeof mapping_head / sizeof mapping_head[0]; i++)
        p2e_csvw_cstr(&w, mapping_head[i]);
    p2e_csvw_end_row(&w);
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        const p2e_family *f = &cat->families[fi];
        for (uint32_t vi = f->first; f->written && vi != P2E_NONE; vi = cat->variants[vi].next)
            if (cat->variants[vi].written)
                mapping_row(&m, f, vi, cat->file_names[cat->variants[vi].file]);
    }
    p2e_buf_free(&m.changes);
    p2e_buf_free(&m.tmp);
    return p2e_csvw_finish(&w, set, err);
}
