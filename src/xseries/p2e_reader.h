/*
 * p2e_reader.h - X-Series product exports into a p2e_catalog.
 *
 * The driver of three modules: each file is opened through the input seam
 * (p2e_input.h, which picks the reader by what the file is), its records
 * are mapped by the X-Series dialect (p2e_columns.h for the header,
 * p2e_xseries.h for the rows) and checked into the catalog by p2e_load.h.
 *
 * Reading is two passes per file. p2e_reader_scan reads each file's header
 * (and checks its encoding) so that every outlet of every file is known
 * before the user's outlet choice is applied; p2e_reader_load then reads
 * the rows into the catalog, applying the reading checks of
 * docs/convert-rules.md and recording findings in the report.
 *
 * Ownership: the reader owns its per-file state (columns, names); the paths
 * given to p2e_reader_scan are borrowed and must outlive the reader.
 */
#ifndef P2E_READER_H
#define P2E_READER_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_catalog.h"
#include "p2e_columns.h"
#include "p2e_csvread.h"
#include "p2e_outlet.h"
#include "p2e_report.h"
#include "p2e_status.h"
#include "p2e_units.h"

typedef struct {
    const char *encoding;          /* NULL: detect */
    const char *sheet;             /* a workbook's sheet (--sheet); NULL: the first */
    const p2e_unit *weight_unit;   /* the store's units */
    const p2e_unit *dimension_unit;
    int upc_from_sku;
    int restore_upc_zeros;
    size_t max_field;              /* 0: no cap */
    size_t max_row;                /* 0: no cap */
    int one_core;                  /* parse and load on one thread (P2E_SERIAL=1) */
} p2e_read_opts;

typedef struct {
    const char *path;
    const char *base;              /* file name without folders, for reports: valid
                                    * UTF-8 (U+FFFD for bytes of another encoding) */
    char *base_utf8;               /* owns base */
    p2e_source_print print;        /* what pass 1 read: pass 2 must read the same */
    p2e_columns cols;
    int has_header;
    int utf8;                      /* pass 1 found it valid UTF-8 */
    char from[32];                 /* the encoding it was converted from, or "" */
    const char *format;            /* the reader the input seam picked ("CSV", "XLSX") */
    char delim;                    /* CSV: the delimiter of its header; 0 for a workbook */
    unsigned char *marks;          /* per header column: the decimal marks pass 1 saw in
                                    * its first rows (P2E_NUMCONV_SEEN_*), owned */
    int marks_partial;             /* pass 1 stopped looking before the last row */
} p2e_input_file;

typedef struct {
    p2e_input_file *files;
    size_t nfiles;
    p2e_outlet_set outlets;
    p2e_outlet_stats *stats;       /* filled by load when want_stats */
    int want_stats;
    int tax_reported;              /* TAX_INCLUSIVE_PRICES said once per run */
    /* optional: called with every product row as read (not-synced.csv) */
    void (*row_sink)(void *ctx, const char *file_name, const p2e_columns *cols,
                     const p2e_row *row);
    void *row_sink_ctx;
} p2e_reader;

void p2e_reader_init(p2e_reader *rd);
void p2e_reader_free(p2e_reader *rd);

/* Pass 1: headers, outlets, encodings of all files. */
p2e_status p2e_reader_scan(p2e_reader *rd, const char *const *paths, size_t npaths,
                           const p2e_read_opts *opts, p2e_report *rep, p2e_err *err);

/* Pass 2: every row of every file into cat, stock summed over the outlets
 * selected in rd->outlets. Once per catalog: at the end, cat's id map is
 * freed (nothing after the reading checks looks an id up). */
p2e_status p2e_reader_load(p2e_reader *rd, p2e_catalog *cat, const p2e_read_opts *opts,
                           p2e_report *rep, p2e_err *err);

#endif
