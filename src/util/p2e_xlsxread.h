/*
 * p2e_xlsxread.h - an Excel workbook (.xlsx) read as records: the input
 * seam's workbook reader (p2e_input.h).
 *
 * The zip is read with minizip and every XML part streamed through expat:
 * the workbook and its relationships (to find the sheet), the shared
 * strings (the one table held in memory), then the worksheet row by row,
 * never whole. Each row is handed over as a p2e_row whose cells are the
 * text a CSV export of the sheet would hold: shared and inline strings as
 * they are (with Excel's _xHHHH_ escapes decoded), numbers as Excel shows
 * them (15 significant digits, so a number that lost digits reads as
 * 7.45E+11, as in a CSV Excel saved), numbers whose cell format shows a
 * date or a time as ISO text (2024-03-01, 2024-03-01 14:30:00; the 1900 or
 * 1904 date system, styles.xml streamed too: p2e_xlsxdate.h), booleans
 * TRUE / FALSE, errors as
 * their text (#N/A), cells a row skips (B3 then E3) empty, and every row
 * at least as wide as the first.
 *
 * A zip that is not a workbook (an OpenDocument spreadsheet, a Numbers
 * document, any other archive) is refused at open with one line saying
 * what it is and what to export instead.
 *
 * Ownership: p2e_xlsx_open allocates, p2e_xlsx_free releases; path and
 * sheet are borrowed and must outlive the reader. Records are borrowed for
 * the callback only.
 */
#ifndef P2E_XLSXREAD_H
#define P2E_XLSXREAD_H

#include <stddef.h>

#include "p2e_record.h"
#include "p2e_status.h"

typedef struct p2e_xlsx p2e_xlsx;

typedef struct {
    const char *sheet;   /* the worksheet's name; NULL: the first */
    size_t max_field;    /* a cell over this many bytes is fatal (0: no cap) */
    size_t max_row;      /* likewise a row's bytes */
} p2e_xlsx_opts;

/* Whether head[0..n) starts a zip archive (the reader takes it). */
int p2e_xlsx_claims(const unsigned char *head, size_t n);

/* Open the workbook, find the sheet and read its shared strings. Fails
 * with one line (P2E_ERR_FORMAT) for a zip that is not a workbook, a
 * damaged one, or a sheet name it does not hold (the line lists them). */
p2e_status p2e_xlsx_open(p2e_xlsx **out, const char *path, const p2e_xlsx_opts *opts,
                         p2e_err *err) P2E_MUST_CHECK;

/* The name of the sheet being read. */
const char *p2e_xlsx_sheet(const p2e_xlsx *x);

/* The workbook's sheets: their number in *n, and their names quoted and
 * joined by ", " (the first 600 bytes or so), for a message. */
const char *p2e_xlsx_sheets(const p2e_xlsx *x, size_t *n);

/* Every row of the sheet, in order, to fn (P2E_ROW_STOP ends quietly).
 * Call once per open. */
p2e_status p2e_xlsx_read(p2e_xlsx *x, p2e_row_fn fn, void *ctx, p2e_err *err) P2E_MUST_CHECK;

void p2e_xlsx_free(p2e_xlsx *x);

#endif
