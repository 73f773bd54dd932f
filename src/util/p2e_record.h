/*
 * p2e_record.h - one record of an input, as every input reader hands it
 * over: cells with their lengths, the line it starts on, and what the
 * reader found damaged about it.
 *
 * This is the type the input seam (p2e_input.h) speaks: the CSV reader
 * (p2e_csvread.h) fills it today, a workbook reader would fill it the
 * same way (its damage fields then stay 0 / -1).
 *
 * Ownership: cells are BORROWED from the reader and valid only during the
 * callback that receives the record. Each cell is NUL-terminated; its bytes
 * are exactly the field's content.
 */
#ifndef P2E_RECORD_H
#define P2E_RECORD_H

#include <stddef.h>

#include "p2e_status.h"

typedef struct {
    size_t ncells;
    const char *const *cell;
    const size_t *len;
    unsigned long line;
    int unterminated;   /* the last record ended inside an open quote */
    long nul_cell;      /* the first cell holding a NUL byte, or -1 (possible only
                         * with a forced encoding: UTF-16 text may hold U+0000) */
    unsigned long resumed; /* non-zero: a damaged record (text after a closing
                         * quote, "Lid" large); its cells are those before the
                         * bad one, and reading resumed at this line */
    int recovered;      /* read after a damaged record of the same input: a row a
                         * stray quote would have swallowed */
} p2e_row;

/* Return P2E_OK to go on; anything else stops the read and is returned.
 * P2E_ROW_STOP stops quietly (the read returns P2E_OK). */
typedef p2e_status (*p2e_row_fn)(void *ctx, const p2e_row *row);
#define P2E_ROW_STOP ((p2e_status)-1)

#endif
