/*
 * p2e_csvread.h - records from a p2e_source, parsed by libcsv.
 *
 * The reader hands each record to a callback as a p2e_row whose cells are
 * BORROWED: they point into the reader's row buffer and are valid only
 * during the callback. Each cell is NUL-terminated; cell bytes are exactly
 * the field's content (quotes removed, "" unescaped, spaces kept).
 *
 * With opts->batch_bytes set, libcsv parses on a second thread and hands
 * records over in batches of about that many bytes; the callback still
 * runs on the caller's thread and sees the same records in the same
 * order, so nothing but speed differs (tests compare the two).
 *
 * Line numbers are those of the line where the record starts; LF, CRLF and
 * bare CR each count as one line break, also inside quoted fields.
 *
 * A stray quote never swallows the rows after it. A quote inside an
 * unquoted field is text (12" pizza). Text after a closing quote ("Lid"
 * large) damages its record: that record is handed over flagged
 * (p2e_row.resumed), and reading starts afresh at the line after the one
 * where it began; lines that then do not read as a record with the
 * header's (the first record's) field count still belong to it, and the
 * first that does is handed over as usual.
 */
#ifndef P2E_CSVREAD_H
#define P2E_CSVREAD_H

#include <stddef.h>

#include "p2e_record.h"
#include "p2e_source.h"
#include "p2e_status.h"

/* The record type and callback are the input seam's (p2e_record.h). */
#define P2E_CSV_STOP P2E_ROW_STOP

typedef struct {
    size_t max_field;   /* a field over this many bytes is fatal (P2E_ERR_LIMIT) */
    char delim;         /* 0: detect from the header line */
    size_t max_row;     /* likewise a record's bytes (0: no cap) */
    size_t batch_bytes; /* 0: parse on this thread; else on a second one */
    char *delim_used;   /* NULL, or gets the delimiter read with (set before the
                         * read returns) */
} p2e_csv_opts;

/* A batch size that keeps the handover cost negligible and the memory
 * held by the queue at a few MB. */
#define P2E_CSV_BATCH ((size_t)1 << 20)

/* Read every record of src, calling fn for each. */
p2e_status p2e_csv_read(p2e_source *src, const p2e_csv_opts *opts, p2e_row_fn fn, void *ctx,
                        const char *name, p2e_err *err);

/* The delimiter a header line selects: ',' unless it has no comma and has a
 * ';' (then ';') or a tab (then '\t'). Looks only at the first line. */
char p2e_csv_detect_delim(const char *data, size_t len);

#endif
