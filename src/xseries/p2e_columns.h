/*
 * p2e_columns.h - an export's header: which column holds which field.
 *
 * Columns are found by name (case-insensitive, surrounding spaces ignored),
 * never by position; aliases of the three header generations map to one
 * field. Outlet columns are found by prefix and their keys added to an
 * outlet set shared by all input files.
 *
 * Ownership: a p2e_columns owns its arrays; p2e_columns_free releases them.
 */
#ifndef P2E_COLUMNS_H
#define P2E_COLUMNS_H

#include <stddef.h>

#include "p2e_outlet.h"
#include "p2e_prow.h"
#include "p2e_status.h"

/* The fields (p2e_col) are the neutral product row's (p2e_prow.h); this
 * module maps X-Series column names onto them. */

typedef enum {
    P2E_OUTCOL_INVENTORY,
    P2E_OUTCOL_REORDER_POINT,
    P2E_OUTCOL_RESTOCK_LEVEL,
    P2E_OUTCOL_TAX,
    P2E_OUTCOL_COUNT
} p2e_outcol;

typedef struct {
    long idx[P2E_COL_COUNT];        /* cell index, -1 when absent */
    char *name[P2E_COL_COUNT];      /* the header name used, for reports */
    /* per outlet of the shared set (by set index): cell index or -1 */
    long *outlet_idx[P2E_OUTCOL_COUNT];
    size_t noutlets;                /* entries in each outlet_idx array */
    char **header;                  /* every header name, as read */
    size_t ncols;
    /* findings about the header, for the reader to report */
    size_t *unknown;                /* indexes of unknown columns */
    size_t nunknown;
    size_t *duplicate;              /* indexes of repeated names */
    size_t nduplicate;
} p2e_columns;

/* Build from a header row; discovers outlets into set. Fails with
 * P2E_ERR_FORMAT naming the missing required columns and those found. */
p2e_status p2e_columns_init(p2e_columns *c, const char *const *cells, const size_t *lens,
                            size_t n, p2e_outlet_set *set, const char *file, p2e_err *err);

/* Grow the outlet arrays to the set's current size (new outlets: absent). */
p2e_status p2e_columns_sync_outlets(p2e_columns *c, const p2e_outlet_set *set);

void p2e_columns_free(p2e_columns *c);

/* The canonical name of a field ("retail_price"), for reports. */
const char *p2e_col_name(p2e_col col);

extern const char *const p2e_outcol_prefix[P2E_OUTCOL_COUNT];

#endif
