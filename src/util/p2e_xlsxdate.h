/*
 * p2e_xlsxdate.h - dates a workbook stores as numbers: which number
 * formats show a date or a time (built-in ids 14-22 and 45-47, or a custom
 * format code with date or time letters), and a serial day number of the
 * 1900 or 1904 date system as ISO text (2024-03-01, 2024-03-01 14:30:00).
 * Pure functions of their arguments, used by src/util/xlsxread.c.
 *
 * Ownership: nothing here allocates; the caller owns every buffer.
 */
#ifndef P2E_XLSXDATE_H
#define P2E_XLSXDATE_H

#include <stddef.h>

typedef enum {
    P2E_XF_NUMBER = 0, /* not a date: the number as Excel shows it */
    P2E_XF_DATE,       /* a date: 2024-03-01 (with its time when it has one) */
    P2E_XF_TIME,       /* a time of day: 14:30:00 (the day dropped, as Excel shows it) */
    P2E_XF_DATETIME,   /* both: 2024-03-01 14:30:00 */
    P2E_XF_ELAPSED     /* [h]:mm:ss, a duration: 36:00:00 */
} p2e_xf_kind;

/* What a number format shows: a built-in id (code NULL), or a custom
 * format's code (its first section; quoted text, escapes, colours and
 * locale tags are not letters of the format). */
p2e_xf_kind p2e_xlsx_fmt_kind(unsigned id, const char *code);

/* The serial number s (days since the system's epoch, the fraction the
 * time of day) as ISO text in out; kind as p2e_xlsx_fmt_kind said, never
 * P2E_XF_NUMBER. Returns 0 (out untouched) when s is no date Excel shows
 * (negative, past 9999-12-31); else the text's length. The 1900 system
 * keeps Excel's 1900-02-29 (serial 60), as Excel shows it. */
size_t p2e_xlsx_date_text(double s, p2e_xf_kind kind, int date1904, char *out, size_t cap);

#endif
