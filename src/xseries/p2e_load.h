/*
 * p2e_load.h - the reading checks every input dialect needs: neutral
 * product rows (p2e_prow.h) into the catalog, findings into the report.
 *
 * Duplicate SKU and id, family grouping and field conflicts, option
 * limits, NUL in a field, damaged and blank rows, composite components,
 * prices, stock per selected outlet, measures and codes, and the
 * accounting of every row not written (docs/convert-rules.md). Knows
 * nothing of column names or file formats: a dialect maps its records
 * into p2e_prow and calls p2e_load_row for each, in input order.
 *
 * Ownership: p2e_load_opts and its pointers are borrowed and must outlive
 * the load; the p2e_load owns its per-input state until p2e_load_end.
 */
#ifndef P2E_LOAD_H
#define P2E_LOAD_H

#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_catalog.h"
#include "p2e_outlet.h"
#include "p2e_prow.h"
#include "p2e_report.h"
#include "p2e_status.h"
#include "p2e_units.h"

typedef struct {
    p2e_catalog *cat;
    p2e_report *rep;
    const p2e_outlet_set *outlets; /* stock is summed over the selected ones */
    p2e_outlet_stats *stats;       /* NULL, or one per outlet of the set: counted
                                    * over every product row */
    const p2e_unit *weight_unit;   /* the store's units */
    const p2e_unit *dimension_unit;
    int upc_from_sku;
    int restore_upc_zeros;         /* write a UPC that lost its leading zeros with them */
    int decimal_comma;             /* a ';' CSV: every column's convention is the decimal
                                    * comma (1,234 is 1.234) */
    const unsigned char *marks;    /* per numeric slot (p2e_numconv.h): the decimal marks
                                    * the reader's first look saw; NULL: none */
    size_t nmarks;
    int marks_partial;             /* that look stopped before the input's end */
    /* optional: called with every product row as read (not components,
     * damaged or blank rows) */
    void (*product_row)(void *ctx, const p2e_prow *row);
    void *product_row_ctx;
} p2e_load_opts;

/* One input being loaded. Members are the loader's own: set them only
 * through p2e_load_begin. */
typedef struct {
    const p2e_load_opts *o;
    p2e_catalog *cat;
    p2e_report *rep;
    const p2e_prow_fields *fields;
    uint32_t file;                 /* the input's index in the run */
    p2e_map file_sku;              /* sku -> latest product row of this input, where
                                      variant_by_sku does not name it (load.c) */
    p2e_err *err;
    /* the row being read */
    const p2e_prow *pr;
    const p2e_row *row;            /* pr->rec */
    uint32_t vi;                   /* its variant index */
    const char *handle, *sku;      /* for findings */
    p2e_buf handle_buf, sku_buf;   /* trimmed copies of handle and sku */
    struct p2e_sku_zeros_s *sku_zeros; /* digit-only SKUs by length (p2e_damage.h) */
    struct p2e_numconv_col_s *numcols; /* per numeric slot: its convention (numconv.c) */
    size_t nnumcols;
} p2e_load;

/* Start loading input number `file`, whose fields are described by fields. */
void p2e_load_begin(p2e_load *ld, const p2e_load_opts *o, uint32_t file,
                    const p2e_prow_fields *fields);

/* One record after the header, in input order. Fails only when the run
 * cannot go on (out of memory), with err set. */
p2e_status p2e_load_row(p2e_load *ld, const p2e_prow *row, p2e_err *err);

/* After the input's last record: the findings about a whole column. */
p2e_status p2e_load_finish(p2e_load *ld, p2e_err *err) P2E_MUST_CHECK;

/* A finding about the row being loaded (its file, line, variant, handle,
 * SKU and own name), for the load and the modules it calls (stock). */
p2e_status p2e_load_note(p2e_load *ld, p2e_code code, p2e_keep keep, const char *field,
                         const char *value, const char *detail) P2E_MUST_CHECK;

/* A cell as a NUL-terminated string: cells are NUL-terminated already,
 * but a trimmed view is not, so it is copied into tmp (cut) when needed. */
const char *p2e_load_cstr(p2e_cell v, char *tmp, size_t tmplen);

/* Release the input's state (the catalog keeps what was loaded). */
void p2e_load_end(p2e_load *ld);

#endif
