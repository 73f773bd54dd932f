/*
 * p2e_input.h - the input seam: one entry point that opens any input file
 * and hands its records (p2e_record.h) to a callback.
 *
 * A factory picks the reader by what the file is, in the manner of
 * Miller's record_reader_factory: one reader per input format, asked in
 * the order of a table in src/input.c, each told by the file's first
 * bytes, never its name: XLSX (src/xlsxread.c: a zip; a zip that is not a
 * workbook is refused saying what it is), then the files that are not
 * exports (an Excel 97-2003 .xls, a PDF, a web page: refused, one line
 * each), then CSV (src/csvread.c over src/source.c), which takes every
 * other file: plain text or gzip, in UTF-8, UTF-16/32 with a byte-order
 * mark, or converted from a legacy encoding. Its refusals (not found, a
 * directory, binary data, a bad encoding...) are the source's own.
 *
 * Callers that need nothing between opening and reading use
 * p2e_input_read_file; a caller that must look at what the open found
 * (the print, the encoding converted from) before the records uses
 * p2e_input_open, p2e_input_read and p2e_input_free.
 *
 * Ownership: p2e_input_open allocates, p2e_input_free releases. path and
 * the strings of p2e_input_opts are borrowed and must outlive the input;
 * records are borrowed for the callback only (p2e_record.h).
 */
#ifndef P2E_INPUT_H
#define P2E_INPUT_H

#include <stddef.h>

#include "p2e_record.h"
#include "p2e_source.h"
#include "p2e_status.h"

typedef struct {
    const char *encoding;          /* NULL: detect; P2E_SOURCE_UTF8: a first read
                                    * found it UTF-8; else an iconv name */
    const p2e_source_print *print; /* NULL, or what a first read saw: this read
                                    * must see the same (p2e_source_open_print) */
    size_t max_field;              /* a field over this many bytes is fatal (0: no cap) */
    size_t max_row;                /* likewise a record's bytes */
    char delim;                    /* CSV: 0 to detect from the header line */
    size_t batch_bytes;            /* CSV: 0 parses on this thread (P2E_CSV_BATCH) */
    const char *sheet;             /* XLSX: the worksheet's name; NULL: the first */
} p2e_input_opts;

typedef struct p2e_input p2e_input;

/* The name of the reader the factory picks for path ("CSV"). Never NULL:
 * the last reader of the table takes what no other claims. */
const char *p2e_input_pick(const char *path);

/* Open path with the reader the factory picks; fails with that reader's
 * message (and nothing allocated) when it cannot read the file. */
p2e_status p2e_input_open(p2e_input **out, const char *path, const p2e_input_opts *opts,
                          p2e_err *err);

/* The reader in use ("CSV"). */
const char *p2e_input_format(const p2e_input *in);

/* A workbook's sheets (p2e_xlsx_sheets): NULL with *n = 0 for any other
 * input. */
const char *p2e_input_sheets(const p2e_input *in, size_t *n);

/* The delimiter a CSV input was read with (',', ';' or a tab), once
 * p2e_input_read has run; 0 for a workbook or before the read. */
char p2e_input_delim(const p2e_input *in);

/* What the open read of the file (see p2e_source_get_print). */
void p2e_input_get_print(const p2e_input *in, p2e_source_print *out);

/* The encoding the input was converted from, or NULL when it was UTF-8.
 * Valid until p2e_input_free. */
const char *p2e_input_converted_from(const p2e_input *in);

/* Every record, in order, to fn (P2E_ROW_STOP from fn ends the read with
 * P2E_OK). Call once per open. */
p2e_status p2e_input_read(p2e_input *in, p2e_row_fn fn, void *ctx, p2e_err *err);

void p2e_input_free(p2e_input *in);

/* Open, read every record to fn, close. */
p2e_status p2e_input_read_file(const char *path, const p2e_input_opts *opts, p2e_row_fn fn,
                               void *ctx, p2e_err *err);

#endif
