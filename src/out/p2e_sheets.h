/*
 * p2e_sheets.h - the per-product report files written after the rules:
 *
 * manual-fields.csv  a fill-in sheet that is itself an E-Series partial
 *                    import: the three eCom-only fields, empty, per written
 *                    product and variation, variations identified by product
 *                    SKU, variation SKU and option values (the rows
 *                    manual-fields.xlsx holds too: p2e_sheets_manual_rows);
 * mapping.csv        per written variant, each synced field as the POS had
 *                    it and as eCom gets it, the reorder-point hint, and the
 *                    rules that changed it.
 *
 * Ownership: reads the catalog; each file is handed to the output set.
 */
#ifndef P2E_SHEETS_H
#define P2E_SHEETS_H

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_status.h"
#include "p2e_units.h"

/* manual-fields.csv's first columns; the variation SKU and option columns
 * follow on a catalog with variants. */
#define P2E_MANUAL_NKEYS 6
extern const char *const p2e_manual_head[P2E_MANUAL_NKEYS];

/* The most option columns (option names over the whole catalog). */
#define P2E_MANUAL_MAX_OPTIONS 256

/* The columns after the first six: whether the catalog has variant
 * products (then a product_variation_sku column), and its option names in
 * order of first use with their columns (product_variation_option_<Name>). */
typedef struct {
    int variations;
    size_t noptions;
    const char *option[P2E_MANUAL_MAX_OPTIONS]; /* borrowed from the catalog */
    char *column[P2E_MANUAL_MAX_OPTIONS];       /* owned */
} p2e_manual_cols;

p2e_status p2e_sheets_manual_cols(const p2e_catalog *cat, p2e_manual_cols *mc) P2E_MUST_CHECK;
void p2e_sheets_manual_cols_free(p2e_manual_cols *mc);

/* One row of the fill-in sheet (manual-fields.csv and .xlsx write the same
 * rows): a written product, then its written variations. */
typedef struct {
    int variation;
    const char *product_sku, *name, *variation_sku; /* name: product rows only */
    const char *value[P2E_MANUAL_MAX_OPTIONS];       /* per option column; "" when none */
    int64_t price_cents;  /* the price the import writes for the row */
    int has_reorder;      /* the hint for the low stock threshold: */
    int64_t reorder;      /* reorder points summed (micro units) */
} p2e_manual_row;

typedef p2e_status (*p2e_manual_fn)(void *ctx, const p2e_manual_row *row);

/* Every row in order to fn; stops at the first status fn returns. */
p2e_status p2e_sheets_manual_rows(const p2e_catalog *cat, const p2e_manual_cols *mc,
                                  p2e_manual_fn fn, void *ctx) P2E_MUST_CHECK;

p2e_status p2e_sheets_write_manual(const p2e_catalog *cat, const char *dir, const char *name,
                                   p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

p2e_status p2e_sheets_write_mapping(const p2e_catalog *cat, const p2e_unit *weight_unit,
                                    const p2e_unit *dimension_unit, const char *dir,
                                    const char *name, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
