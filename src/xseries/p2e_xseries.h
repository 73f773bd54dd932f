/*
 * p2e_xseries.h - the Lightspeed X-Series dialect: an export's header and
 * records as neutral product rows (p2e_prow.h).
 *
 * The header's column names, aliases and outlet prefixes are read by
 * p2e_columns (p2e_columns.h); this module turns that map into field
 * labels, each record's cells into a p2e_prow (cells by column, the
 * inventory and reorder point of every outlet of the run's set), and
 * reports what the header alone tells: unknown and repeated columns,
 * tax-inclusive prices. The checks on the rows are p2e_load's.
 *
 * Ownership: everything passed in is borrowed; a p2e_prow's outlet arrays
 * are allocated by p2e_xseries_row_init and released by
 * p2e_xseries_row_free; the cells it points to are the record's.
 */
#ifndef P2E_XSERIES_H
#define P2E_XSERIES_H

#include <stdint.h>

#include "p2e_columns.h"
#include "p2e_prow.h"
#include "p2e_record.h"
#include "p2e_report.h"
#include "p2e_status.h"

/* The labels findings use (the header's name of each field, else its
 * canonical name) and which fields the header has. */
void p2e_xseries_fields(const p2e_columns *cols, p2e_prow_fields *out);

/* Room for one row of an input with cols' outlets (after
 * p2e_columns_sync_outlets). */
p2e_status p2e_xseries_row_init(p2e_prow *pr, const p2e_columns *cols);
void p2e_xseries_row_free(p2e_prow *pr);

/* Record rec (not the header) as a product row, into pr (from
 * p2e_xseries_row_init with the same cols). */
void p2e_xseries_row(const p2e_columns *cols, const p2e_row *rec, p2e_prow *pr);

/* Findings about the header of input number file: unknown and repeated
 * columns, in header order. */
p2e_status p2e_xseries_header_findings(const p2e_columns *cols, uint32_t file, p2e_report *rep);

/* Tax-inclusive stores export tax_name / tax_value: said once per run
 * (*said is set once it has been). */
p2e_status p2e_xseries_tax_finding(const p2e_columns *cols, uint32_t file, int *said,
                                   p2e_report *rep);

#endif
