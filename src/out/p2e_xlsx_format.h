/*
 * p2e_xlsx_format.h - how report.xlsx looks: the workbook's formats (the
 * header, a number format per kind of column, the error and warning fills,
 * links), each column's kind from its header name, widths from a sample
 * of the CSV file's first rows, print settings and tab colours.
 *
 * One table of header names says which columns are text (`@`: a SKU typed
 * again stays text), prices (two decimals), quantities (whole numbers;
 * a fractional stock shows its decimals) and counts. Every format is made
 * and numbered before any sheet is written (p2e_xlsx_formats_make): the
 * sheet copies on two threads then only read them.
 *
 * Ownership: a p2e_xlsx_book borrows its workbook; the formats belong to
 * the workbook (freed by workbook_close).
 */
#ifndef P2E_XLSX_FORMAT_H
#define P2E_XLSX_FORMAT_H

#include <stddef.h>
#include <xlsxwriter.h>

/* What a column holds, from its header name. */
typedef enum {
    P2E_COL_GENERAL, /* text or numbers as they come */
    P2E_COL_TEXT,    /* codes: SKU, UPC, handle, code, file */
    P2E_COL_INT,     /* line numbers, sizes, positions */
    P2E_COL_QTY,     /* stock and quantities: whole unless fractional */
    P2E_COL_PRICE,   /* two decimals */
    P2E_COL_COUNT,   /* how many: whole, thousands marked */
    P2E_COL_LONG,    /* sentences (message, action, changes): wrapped */
    P2E_COL_KINDS
} p2e_col_kind;

/* The formats a cell can have: a number format (a quantity is INT or DEC
 * by value), or wrapped text. */
enum { P2E_NF_GENERAL, P2E_NF_TEXT, P2E_NF_INT, P2E_NF_DEC, P2E_NF_PRICE, P2E_NF_COUNT,
       P2E_NF_WRAP, P2E_NF_COUNT_ALL };

/* Row fills, by severity. */
enum { P2E_FILL_NONE, P2E_FILL_ERROR, P2E_FILL_WARNING, P2E_FILLS };

typedef struct {
    lxw_workbook *wb;
    /* [tall]: a row of several lines aligns its cells at the top */
    lxw_format *cell[2][P2E_FILLS][P2E_NF_COUNT_ALL];
    lxw_format *link[2][P2E_FILLS];    /* a link cell (text), filled by its row */
    lxw_format *col[P2E_COL_KINDS];    /* a column's own format, for cells typed later */
    lxw_format *head;                  /* a sheet's header row */
    lxw_format *heading;               /* "About this run" */
    lxw_format *fact_count;            /* a fact's number, left-aligned */
    lxw_format *fact_link;             /* a fact that links to its sheet */
} p2e_xlsx_book;

/* Makes every format of the workbook and numbers them, in one order. */
void p2e_xlsx_formats_make(p2e_xlsx_book *b);

p2e_col_kind p2e_xlsx_col_kind(const char *header);

/* The format of one cell: its column's kind, its row's fill, whether its
 * row is tall (several lines), and whether it is written as a number
 * (value is then its text). NULL: none. */
lxw_format *p2e_xlsx_cell_format(const p2e_xlsx_book *b, p2e_col_kind kind, int fill, int tall,
                                 int number, const char *value);

/* Widths of a sheet's columns: widths[i] starts as the header's need and
 * grows to the widest of the first `rows` records of the CSV file at path
 * (in characters), capped. Reads the file on its own; a file that cannot be
 * read leaves the header widths. ncols columns at most. */
#define P2E_XLSX_SAMPLE_ROWS 200
void p2e_xlsx_sample_widths(const char *path, char *const *header, const p2e_col_kind *kinds,
                            size_t ncols, size_t rows, double *widths);

/* The lines text takes wrapped in a column this wide (a rough count: a
 * character is about one unit of width), and a row's height for them. */
int p2e_xlsx_text_lines(const char *s, double width);
double p2e_xlsx_row_height(int lines);

/* Landscape, one page wide, the header row on every printed page, the
 * sheet name and page number in the footer; the tab colour (0: none). */
void p2e_xlsx_print_setup(lxw_worksheet *ws, unsigned tab);

#endif
