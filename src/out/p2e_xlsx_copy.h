/*
 * p2e_xlsx_copy.h - a CSV file copied into its sheets of report.xlsx, row
 * by row (constant memory), on this thread or, for a run's several files,
 * on two threads (xlsx_copy.c says what the threads share and why that is
 * safe).
 *
 * Each column is formatted by its kind (p2e_xlsx_format.h) and sized from
 * a sample of the file's first rows, read before the sheet is made; rows
 * are filled by their "severity"; a sheet that links its "code" cells to
 * rows of another sheet (p2e_xlsx_sheet.link_sheet) links each to the row
 * its "first_line" names.
 *
 * Ownership: everything passed in is borrowed; the sheets belong to the
 * workbook.
 */
#ifndef P2E_XLSX_COPY_H
#define P2E_XLSX_COPY_H

#include <stddef.h>

#include "p2e_status.h"
#include "p2e_xlsx.h"
#include "p2e_xlsx_format.h"

/* Writes rows after a copied file's records, on its last sheet: `row` is
 * the first free row; `records` how many the file had. */
typedef void (*p2e_xlsx_tail)(lxw_worksheet *ws, lxw_row_t row, size_t records, void *ctx);

/* One file into its sheets, on this thread, then tail (if not NULL). */
p2e_status p2e_xlsx_copy_one(p2e_xlsx_book *b, const p2e_xlsx_sheet *spec, size_t max_rows,
                             p2e_xlsx_tail tail, void *ctx, p2e_err *err) P2E_MUST_CHECK;

/* Every sheet with a file, in order; on two threads unless one_core or
 * p2e_xlsx_two_threads says no. The same bytes either way. */
p2e_status p2e_xlsx_copy_all(p2e_xlsx_book *b, const p2e_xlsx_sheet *sheets, size_t nsheets,
                             size_t max_rows, int one_core, p2e_err *err) P2E_MUST_CHECK;

/* Text into a cell as Excel will show it: a literal "_xHHHH_" escaped
 * (XLSX would read it as an escaped character), a text past Excel's
 * 32,767 characters cut with a note. LXW_ERROR_MEMORY_MALLOC_FAILED when
 * out of memory. */
lxw_error p2e_xlsx_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                              lxw_format *fmt);

/* Whether s holds a literal "_xHHHH_" (a link's text must not). */
int p2e_xlsx_escape_lookalike(const char *s);

/* A new sheet's print settings and tab (the To do sheet's too). */
void p2e_xlsx_sheet_setup(lxw_worksheet *ws, unsigned tab);

#endif
