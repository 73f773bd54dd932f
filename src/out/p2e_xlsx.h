/*
 * p2e_xlsx.h - report.xlsx, built from the run's CSV files.
 *
 * The first sheet, "To do", is a copy of todo.csv (what the merchant must
 * do, most serious first; each code links to its first row in the
 * Exceptions sheet), then the run's facts (files read, rows, outlets,
 * encodings, files written). Each other sheet is a copy of a CSV file the
 * run wrote (read back from its staged file), so the workbook and the CSV
 * files can never disagree. Written with libxlsxwriter in constant_memory
 * mode: memory stays flat whatever the catalog size. Codes, SKUs, UPCs and
 * handles are text (format `@`, with Excel's "number stored as text" check
 * off); columns listed as numeric are written as numbers where they parse,
 * formatted by kind (p2e_xlsx_format.h). Rows of errors and warnings are
 * filled, tabs coloured, every sheet prints landscape one page wide with
 * its header row on each page. A sheet past Excel's row limit continues on
 * "Name (2)". The CSV files are copied on two threads (see
 * p2e_xlsx_two_threads); the bytes are the same either way, and
 * P2E_SERIAL=1 in the environment keeps the copies on one thread.
 *
 * Module files: xlsx.c (the workbook, the To do sheet), xlsx_copy.c (a CSV
 * into sheets, the two threads), xlsx_format.c (formats, widths, print
 * settings), xlsx_zip.c (the deflate level).
 *
 * Ownership: everything passed in is borrowed.
 */
#ifndef P2E_XLSX_H
#define P2E_XLSX_H

#include <stddef.h>
#include <xlsxwriter.h>

#include "p2e_buf.h"
#include "p2e_csvwrite.h"
#include "p2e_pair.h"
#include "p2e_status.h"

typedef p2e_pair p2e_xlsx_pair;

/* Tab colours (0xRRGGBB; README's report.xlsx row says what they mean). */
#define P2E_TAB_ERRORS 0xC00000    /* To do, Exceptions: the run has errors */
#define P2E_TAB_WARNINGS 0xFFC000  /* warnings, no errors */
#define P2E_TAB_CLEAN 0x00B050     /* neither */
#define P2E_TAB_TO_FILL 0x4472C4   /* Manual fields: to fill in by hand */
#define P2E_TAB_CHANGES 0xED7D31   /* Drift: what differs in the store */
#define P2E_TAB_REFERENCE 0xA5A5A5 /* the rest: to look things up */

/* The tab colour of a sheet of findings with these counts. */
unsigned p2e_xlsx_tab_for(size_t errors, size_t warnings);

typedef struct {
    const char *title;       /* sheet name */
    const char *csv_path;    /* staged CSV to copy; NULL: sheet skipped */
    const char *const *numeric; /* header names written as numbers; NULL-terminated */
    int severity_colours;    /* fill rows by their "severity" column */
    unsigned tab;            /* tab colour; 0: none */
    const char *link_sheet;  /* the "code" cells link to this sheet's row "first_line" */
} p2e_xlsx_sheet;

/* The first sheet: todo.csv, a blank row, the facts. */
typedef struct {
    const char *csv_path;    /* todo.csv; NULL: the sheet holds the facts only */
    const char *link_sheet;  /* where the codes link to (the Exceptions sheet) */
    unsigned tab;
    const p2e_xlsx_pair *facts;
    size_t nfacts;
} p2e_xlsx_todo;

#define P2E_XLSX_TODO_TITLE "To do"

typedef struct {
    size_t max_rows;   /* rows per sheet before it continues (0: Excel's limit) */
    int one_core;      /* copy the sheets on this thread only */
    long long created; /* the workbook's creation time (fixed: same bytes every run) */
} p2e_xlsx_opts;

/* The To do sheet, then the sheets, into DIR/NAME, made exclusively (DIR
 * is a private staging folder; a name standing there fails), its name
 * added to set. */
p2e_status p2e_xlsx_write(const char *dir, const char *name, const p2e_xlsx_todo *todo,
                          const p2e_xlsx_sheet *sheets, size_t nsheets, const p2e_xlsx_opts *opts,
                          p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

/* A new workbook at dir/name (path receives it, cap bytes): the file is
 * created exclusively (never one that stands, never through a link), then
 * opened by libxlsxwriter in constant-memory mode with its temporary files
 * in dir. On failure nothing is left behind. */
p2e_status p2e_xlsx_create(const char *dir, const char *name, char *path, size_t cap,
                           lxw_workbook **wb, p2e_err *err) P2E_MUST_CHECK;

/* workbook_close with standard error silenced: libxlsxwriter prints its own
 * lines on failure, and the run says one. *close_errno: errno after it. */
lxw_error p2e_xlsx_close_quietly(lxw_workbook *wb, int *close_errno);

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
