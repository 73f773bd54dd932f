/*
 * p2e_fill.h - `pos2ecom fill`: the merchant's filled manual-fields sheet
 * (manual-fields.xlsx, or manual-fields.csv) checked and turned into
 * ecom-manual-update.csv, a partial E-Series import of only the filled
 * cells.
 *
 * Both files are read through the input seam (p2e_input.h), by their
 * header names, so a workbook and a CSV read alike. The product list is
 * what pos2ecom wrote: the workbook's hidden sheet "Product list"
 * (p2e_manualxlsx.h), or the file given as `products` (a manual-fields.xlsx,
 * or a manual-fields.csv as pos2ecom wrote it). With it, a row's SKU must be
 * one of the list's (FILL_UNKNOWN_SKU), a SKU that lost its leading zeros
 * in a spreadsheet is restored (FILL_LEADING_ZERO_RESTORED), the keys
 * written are the list's own bytes, and a 'Compare to' price is compared
 * with the price (FILL_COMPARE_TO_NOT_ABOVE). Without one (a CSV alone) the
 * values are checked and the keys written as read (FILL_NO_PRODUCT_LIST).
 *
 * The update holds a row per product or variation with a filled cell (a
 * variation's product row before it, as the import wants), the key columns
 * (type, product_sku; product_variation_sku and the option columns when a
 * variation is written) and only the fill-in columns that hold a value.
 *
 * Ownership: p2e_fill_read allocates, p2e_fill_free releases; findings go
 * to the caller's report; paths are borrowed.
 */
#ifndef P2E_FILL_H
#define P2E_FILL_H

#include <stddef.h>

#include "p2e_csvwrite.h"
#include "p2e_report.h"
#include "p2e_status.h"

typedef struct {
    const char *path;     /* the filled sheet: .xlsx or .csv (told by content) */
    const char *products; /* the product list's file, or NULL: the workbook's own */
} p2e_fill_opts;

typedef struct {
    size_t rows_read;       /* data rows of the filled sheet */
    size_t rows_filled;     /* rows with a filled cell */
    size_t products, variations; /* rows written to the update (with filled cells) */
    size_t cells;           /* filled cells written */
    int listed;             /* checked against a product list */
} p2e_fill_counts;

typedef struct p2e_fill p2e_fill;

/* Read and check; findings (with the path as given and the row's line,
 * the cell in the detail for a workbook) go to rep. Fails only when a file
 * cannot be read or is not a manual-fields sheet (P2E_ERR_FORMAT). */
p2e_status p2e_fill_read(p2e_fill **out, const p2e_fill_opts *o, p2e_report *rep, p2e_err *err)
    P2E_MUST_CHECK;

/* DIR/NAME: the update, added to set. */
p2e_status p2e_fill_write(p2e_fill *f, const char *dir, const char *name, p2e_outset *set,
                          p2e_err *err) P2E_MUST_CHECK;

void p2e_fill_get_counts(const p2e_fill *f, p2e_fill_counts *c);
void p2e_fill_free(p2e_fill *f);

#endif
