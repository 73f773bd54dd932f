/*
 * manualxlsx.c - manual-fields.xlsx (see p2e_manualxlsx.h): the rows of
 * manual-fields.csv as a workbook a merchant can fill in safely.
 */
#include "p2e_manualxlsx.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "p2e_buf.h"
#include "p2e_decimal.h"
#include "p2e_sheets.h"
#include "p2e_xlsx.h"

/* The columns of "Manual fields", in order; the variation SKU and the
 * option columns follow on a catalog with variants. */
enum { C_TYPE, C_SKU, C_NAME, C_PRICE, C_COMPARE, C_SUBTITLE, C_REORDER, C_THRESHOLD, C_VSKU };

static const struct {
    const char *name;
    double width;
} columns[] = {
    {"type", 18}, {"product_sku", 18}, {"product_name", 36}, {"price_pos", 11},
    {"product_compare_to_price", 16}, {"product_subtitle", 30}, {"reorder_point_pos", 11},
    {"product_low_stock_notification_quantity", 16}, {"product_variation_sku", 20},
};

#define GREY 0xE7E6E6

typedef struct {
    lxw_workbook *wb;
    lxw_worksheet *ws, *list;
    lxw_format *head, *key, *hint_price, *hint_num, *fill_price, *fill_text, *fill_int;
    const p2e_manual_cols *mc;
    lxw_row_t row;
    size_t left_out; /* rows past the sheet's 1,048,576 */
    int nomem;
    lxw_error lerr;
} manual_book;

static lxw_format *new_format(lxw_workbook *wb, const char *num, int grey, int unlocked)
{
    lxw_format *f = workbook_add_format(wb);
    if (!f)
        return NULL;
    if (num)
        format_set_num_format(f, num);
    if (grey)
        format_set_bg_color(f, GREY);
    if (unlocked)
        format_set_unlocked(f);
    return f;
}

static int make_formats(manual_book *b)
{
    b->head = new_format(b->wb, "@", 0, 0);
    if (b->head)
        format_set_bold(b->head);
    b->key = new_format(b->wb, "@", 1, 0);
    b->hint_price = new_format(b->wb, "0.00", 1, 0);
    b->hint_num = new_format(b->wb, "General", 1, 0);
    b->fill_price = new_format(b->wb, "0.00", 0, 1);
    b->fill_text = new_format(b->wb, "@", 0, 1);
    b->fill_int = new_format(b->wb, "0", 0, 1);
    lxw_format *all[] = {b->head, b->key, b->hint_price, b->hint_num, b->fill_price,
                         b->fill_text, b->fill_int};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (!all[i])
            return 0;
        lxw_format_get_xf_index(all[i]); /* numbered now, in one order */
    }
    return 1;
}

static void put_text(manual_book *b, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                     const char *s, lxw_format *fmt)
{
    p2e_buf buf = {0};
    s = p2e_xlsx_text(s, &buf, &b->nomem);
    lxw_error e = worksheet_write_string(ws, row, col, s, fmt);
    if (e && !b->lerr)
        b->lerr = e;
    p2e_buf_free(&buf);
}

static void put_number(manual_book *b, lxw_row_t row, lxw_col_t col, int64_t units, int decimals,
                       lxw_format *fmt)
{
    double scale = decimals == 2 ? 100.0 : 1e6;
    lxw_error e = worksheet_write_number(b->ws, row, col, (double)units / scale, fmt);
    if (e && !b->lerr)
        b->lerr = e;
}

static void put_blank(manual_book *b, lxw_row_t row, lxw_col_t col, lxw_format *fmt)
{
    lxw_error e = worksheet_write_blank(b->ws, row, col, fmt);
    if (e && !b->lerr)
        b->lerr = e;
}

/* One row of each sheet: the visible one with its hints and fill-in
 * cells, the hidden list with the keys and the price as text. */
static p2e_status put_row(void *ctx, const p2e_manual_row *r)
{
    manual_book *b = ctx;
    if (b->row + 1 >= LXW_ROW_MAX) { /* past what a sheet holds: in the CSV only */
        b->left_out++;
        return P2E_OK;
    }
    lxw_row_t row = ++b->row;
    const char *type = r->variation ? "product_variation" : "product";
    put_text(b, b->ws, row, C_TYPE, type, b->key);
    put_text(b, b->ws, row, C_SKU, r->product_sku, b->key);
    put_text(b, b->ws, row, C_NAME, r->name, b->key);
    put_number(b, row, C_PRICE, r->price_cents, 2, b->hint_price);
    put_blank(b, row, C_COMPARE, b->fill_price);
    if (r->variation) /* a subtitle is a product field */
        put_blank(b, row, C_SUBTITLE, b->key);
    else
        put_blank(b, row, C_SUBTITLE, b->fill_text);
    if (r->has_reorder)
        put_number(b, row, C_REORDER, r->reorder, 6, b->hint_num);
    else
        put_blank(b, row, C_REORDER, b->hint_num);
    put_blank(b, row, C_THRESHOLD, b->fill_int);
    char price[40];
    p2e_dec_format(price, r->price_cents, 2, 1);
    lxw_col_t lc = 0;
    put_text(b, b->list, row, lc++, type, b->key);
    put_text(b, b->list, row, lc++, r->product_sku, b->key);
    if (b->mc->variations) {
        put_text(b, b->ws, row, C_VSKU, r->variation_sku, b->key);
        put_text(b, b->list, row, lc++, r->variation_sku, b->key);
    }
    put_text(b, b->list, row, lc++, price, b->key);
    for (size_t j = 0; j < b->mc->noptions; j++) {
        put_text(b, b->ws, row, (lxw_col_t)(C_VSKU + 1 + j), r->value[j], b->key);
        put_text(b, b->list, row, (lxw_col_t)(lc + j), r->value[j], b->key);
    }
    return b->nomem ? P2E_ERR_NOMEM : P2E_OK;
}

static void headers(manual_book *b)
{
    size_t ncols = b->mc->variations ? C_VSKU + 1 : C_VSKU;
    for (size_t i = 0; i < ncols; i++) {
        worksheet_set_column(b->ws, (lxw_col_t)i, (lxw_col_t)i, columns[i].width, NULL);
        put_text(b, b->ws, 0, (lxw_col_t)i, columns[i].name, b->head);
    }
    lxw_col_t lc = 0;
    put_text(b, b->list, 0, lc++, "type", b->head);
    put_text(b, b->list, 0, lc++, "product_sku", b->head);
    if (b->mc->variations)
        put_text(b, b->list, 0, lc++, "product_variation_sku", b->head);
    put_text(b, b->list, 0, lc++, "price_pos", b->head);
    for (size_t j = 0; j < b->mc->noptions; j++) {
        lxw_col_t col = (lxw_col_t)(ncols + j);
        worksheet_set_column(b->ws, col, col, 16, NULL);
        put_text(b, b->ws, 0, col, b->mc->column[j], b->head);
        put_text(b, b->list, 0, (lxw_col_t)(lc + j), b->mc->column[j], b->head);
    }
    worksheet_freeze_panes(b->ws, 1, 0);
    worksheet_ignore_errors(b->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    worksheet_ignore_errors(b->list, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
}

/* Excel refuses a value the rule refuses, with the message below. A price:
 * a number >= 0 whose rounding to cents changes nothing. */
static void validations(manual_book *b)
{
    if (b->row < 1)
        return;
    lxw_data_validation price = {
        .validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA,
        .value_formula = "=AND(ISNUMBER(E2),E2>=0,ROUND(E2,2)=E2)",
        .ignore_blank = LXW_VALIDATION_ON,
        .error_title = "'Compare to' price",
        .error_message = "A price of 0 or more, with at most two decimals (19.99).",
        .input_title = "'Compare to' price",
        .input_message = "The price shown struck through; above price_pos.",
    };
    lxw_data_validation whole = {
        .validate = LXW_VALIDATION_TYPE_INTEGER,
        .criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
        .minimum_number = 0,
        .maximum_number = 2147483647,
        .ignore_blank = LXW_VALIDATION_ON,
        .error_title = "Low stock threshold",
        .error_message = "A whole number, 0 or more.",
        .input_title = "Low stock threshold",
        .input_message = "eCom e-mails you when stock falls to this; reorder_point_pos is the POS's.",
    };
    lxw_error e = worksheet_data_validation_range(b->ws, 1, C_COMPARE, b->row, C_COMPARE, &price);
    if (!e)
        e = worksheet_data_validation_range(b->ws, 1, C_THRESHOLD, b->row, C_THRESHOLD, &whole);
    if (e && !b->lerr)
        b->lerr = e;
}

static const char *const instructions[] = {
    "How to fill in manual-fields.xlsx",
    "",
    "The eCom-only fields are not in the POS export: type them in on the sheet 'Manual fields',",
    "in the white cells; the grey cells are the products as written to ecom-import.csv, and hints.",
    "",
    "product_compare_to_price: the 'Compare to' price, shown struck through; a price of 0 or more",
    "  with at most two decimals, above price_pos (the price the import writes).",
    "product_subtitle: products only (variations have none).",
    "product_low_stock_notification_quantity: the low stock threshold, a whole number 0 or more;",
    "  reorder_point_pos is the POS reorder point (summed over the chosen outlets) as a hint.",
    "",
    "Leave the cells of a field you do not set here empty. Then run:",
    "  pos2ecom fill manual-fields.xlsx -o DIR",
    "and import DIR/ecom-manual-update.csv in eCom (Catalog > Products > Import) as an update.",
    "fill checks what you typed, lists problems in DIR/fill-findings.csv, and writes only the",
    "cells you filled in. The hidden sheet 'Product list' holds the SKUs as written: keep it.",
};

static void write_instructions(manual_book *b, lxw_worksheet *ws)
{
    worksheet_set_column(ws, 0, 0, 100, NULL);
    size_t i;
    for (i = 0; i < sizeof instructions / sizeof instructions[0]; i++)
        if (*instructions[i])
            put_text(b, ws, (lxw_row_t)i, 0, instructions[i], i ? NULL : b->head);
    if (b->left_out) {
        char note[200];
        snprintf(note, sizeof note, "The catalog has %zu rows more than a sheet holds: they are in "
                 "manual-fields.csv only (fill that file for them, and run fill on it).", b->left_out);
        put_text(b, ws, (lxw_row_t)i + 1, 0, note, b->head);
    }
}

static p2e_status close_book(manual_book *b, const char *path, p2e_status st, p2e_err *err)
{
    int close_errno = 0;
    lxw_error e = p2e_xlsx_close_quietly(b->wb, &close_errno);
    if (!st && (e || b->lerr))
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot write: %s", path,
                      close_errno ? strerror(close_errno) : lxw_strerror(e ? e : b->lerr));
    return st;
}

p2e_status p2e_manualxlsx_write(const p2e_catalog *cat, const char *dir, const char *name,
                                long long created, p2e_outset *set, p2e_err *err)
{
    p2e_manual_cols mc;
    if (p2e_sheets_manual_cols(cat, &mc))
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    char path[4096];
    manual_book b;
    memset(&b, 0, sizeof b);
    b.mc = &mc;
    p2e_status st = p2e_xlsx_create(dir, name, path, sizeof path, &b.wb, err);
    if (st) {
        p2e_sheets_manual_cols_free(&mc);
        return st;
    }
    lxw_doc_properties props = {.title = "pos2ecom manual fields", .created = (time_t)created};
    workbook_set_properties(b.wb, &props);
    b.ws = workbook_add_worksheet(b.wb, P2E_MANUAL_SHEET);
    lxw_worksheet *help = workbook_add_worksheet(b.wb, "Instructions");
    b.list = workbook_add_worksheet(b.wb, P2E_MANUAL_LIST_SHEET);
    if (!b.ws || !help || !b.list || !make_formats(&b))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st) {
        headers(&b);
        st = p2e_sheets_manual_rows(cat, &mc, put_row, &b);
        if (st)
            st = p2e_fail(err, st, "out of memory");
    }
    if (!st) {
        validations(&b);
        write_instructions(&b, help);
        lxw_protection prot = {.no_select_locked_cells = 0};
        worksheet_protect(b.ws, NULL, &prot);
        worksheet_protect(b.list, NULL, &prot);
        worksheet_hide(b.list);
        worksheet_activate(b.ws);
    }
    st = close_book(&b, path, st, err);
    p2e_sheets_manual_cols_free(&mc);
    if (!st && p2e_outset_add(set, name))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (st)
        unlink(path);
    return st;
}
