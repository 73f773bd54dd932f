/*
 * p2e_prow.h - a neutral product row: the fields of one input record that
 * the reading checks (p2e_load.h) work on, whatever the input format or
 * the POS dialect that named them.
 *
 * A dialect (p2e_xseries.h for X-Series exports) fills a p2e_prow_fields
 * once per input (what each field is called there, which fields it has)
 * and a p2e_prow per record. The field list p2e_col is shared with the
 * X-Series header map (p2e_columns.h), whose column names first defined it.
 *
 * Ownership: a p2e_prow borrows its record and the cells it points to
 * (valid during the record callback only); its outlet arrays belong to
 * whoever allocated them (p2e_xseries_row_init).
 */
#ifndef P2E_PROW_H
#define P2E_PROW_H

#include <stddef.h>

#include "p2e_buf.h"
#include "p2e_record.h"

/* The fields of a product row. Notes name the X-Series columns behind a
 * field where they differ from its name. */
typedef enum {
    P2E_COL_ID,
    P2E_COL_HANDLE,
    P2E_COL_SKU,
    P2E_COL_COMPOSITE_KEY,      /* composite_handle or composite_name */
    P2E_COL_COMPOSITE_SKU,
    P2E_COL_COMPOSITE_QUANTITY,
    P2E_COL_NAME,
    P2E_COL_DESCRIPTION,
    P2E_COL_CATEGORY,           /* product_category or type */
    P2E_COL_OPT1_NAME,
    P2E_COL_OPT1_VALUE,
    P2E_COL_OPT2_NAME,
    P2E_COL_OPT2_VALUE,
    P2E_COL_OPT3_NAME,
    P2E_COL_OPT3_VALUE,
    P2E_COL_TAGS,
    P2E_COL_ACTIVE_ONLINE,
    P2E_COL_WEIGHT,
    P2E_COL_WEIGHT_UNIT,
    P2E_COL_LENGTH,
    P2E_COL_WIDTH,
    P2E_COL_HEIGHT,
    P2E_COL_DIMENSIONS_UNIT,
    P2E_COL_SUPPLY_PRICE,
    P2E_COL_RETAIL_PRICE,
    P2E_COL_LOYALTY_VALUE,
    P2E_COL_LOYALTY_VALUE_DEFAULT,
    P2E_COL_TAX_NAME,
    P2E_COL_TAX_VALUE,
    P2E_COL_ACCOUNT_CODE,
    P2E_COL_ACCOUNT_CODE_PURCHASE,
    P2E_COL_BRAND,
    P2E_COL_SUPPLIER_NAME,
    P2E_COL_SUPPLIER_CODE,
    P2E_COL_ACTIVE,
    P2E_COL_TRACK_INVENTORY,
    P2E_COL_UPC,                /* upc, ean, gtin or barcode */
    P2E_COL_COUNT
} p2e_col;

/* A field's text, borrowed. A cell straight from the record is
 * NUL-terminated at s[len]; an absent field is "". */
typedef p2e_span p2e_cell; /* the one {pointer, length} type (p2e_buf.h) */

/* What an input calls its fields, for findings. */
typedef struct {
    const char *label[P2E_COL_COUNT];   /* never NULL: the input's name, else the canonical one */
    unsigned char has[P2E_COL_COUNT];   /* the input has this field */
} p2e_prow_fields;

/* One record of an input as product fields. */
typedef struct {
    const p2e_row *rec;            /* the record: line, damage flags, raw cells */
    p2e_cell cell[P2E_COL_COUNT];  /* "" for a field the input or the record lacks */
    p2e_cell *inventory;           /* per outlet of the run's outlet set: the count */
    p2e_cell *reorder;             /* and the reorder point ("" when absent) */
    size_t noutlets;
    int width;                     /* < 0: fewer cells than the header, > 0: more */
    const char *nul_field;         /* the name of rec->nul_cell's column, or NULL
                                    * when the record is longer than the header */
} p2e_prow;

#endif
