/*
 * p2e_xlsx.h - report.xlsx, built from the run's CSV files.
 *
 * Each sheet but Summary and Outlets is a copy of a CSV file the run wrote
 * (read back from its temporary file), so the workbook and the CSV files
 * can never disagree. Written with libxlsxwriter in constant_memory mode:
 * memory stays flat whatever the catalog size. Codes, SKUs, UPCs and
 * handles stay text (with Excel's "number stored as text" check off);
 * columns listed as numeric are written as numbers where they parse.
 * A sheet past Excel's row limit continues on "Name (2)". The CSV files
 * are copied on two threads (see p2e_xlsx_two_threads); the bytes are the
 * same either way, and P2E_SERIAL=1 in the environment keeps the copies
 * on one thread.
 *
 * Ownership: everything passed in is borrowed.
 */
#ifndef P2E_XLSX_H
#define P2E_XLSX_H

#include <stddef.h>

#include "p2e_buf.h"
#include "p2e_csvwrite.h"
#include "p2e_pair.h"
#include "p2e_status.h"

typedef p2e_pair p2e_xlsx_pair;

typedef struct {
    const char *title;       /* sheet name */
    const char *csv_path;    /* temporary CSV to copy; NULL: sheet skipped */
    const char *const *numeric; /* header names written as numbers; NULL-terminated */
    int severity_colours;    /* colour rows by their "severity" column */
} p2e_xlsx_sheet;

typedef struct {
    size_t max_rows;   /* rows per sheet before it continues (0: Excel's limit) */
    int one_core;      /* copy the sheets on this thread only */
    long long created; /* the workbook's creation time (fixed: same bytes every run) */
} p2e_xlsx_opts;

/* Rows of the Summary sheet, then the sheets, into DIR/report.xlsx, made
 * exclusively (DIR is a private staging folder; a name standing there
 * fails), its name added to set. */
p2e_status p2e_xlsx_write(const char *dir, const char *name, const p2e_xlsx_pair *summary, size_t nsummary,
                          const p2e_xlsx_sheet *sheets, size_t nsheets, const p2e_xlsx_opts *opts,
                          p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

/* Text as a workbook cell must hold it: a "_xHHHH_" in it escaped (XLSX
 * would read it as a character), and past Excel's 32,767 characters cut
 * with a note. Returns s itself, or the text in b (the caller frees b);
 * an allocation failure sets *nomem and returns "". */
const char *p2e_xlsx_text(const char *s, p2e_buf *b, int *nomem);

/* Whether p2e_xlsx_write, not held to one core, would copy these sheets on
 * two threads: two CSV files or more, all readable. Reads the files (a
 * file that may fill more than one sheet is parsed, to count them). */
int p2e_xlsx_two_threads(const p2e_xlsx_sheet *sheets, size_t nsheets, size_t max_rows);

#endif
