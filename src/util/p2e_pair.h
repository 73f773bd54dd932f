/*
 * p2e_pair.h - a label and its value, as two columns of a sheet (the
 * run's facts in report.xlsx's To do sheet), and the sheet it links to.
 *
 * Ownership: a pair borrows its strings.
 */
#ifndef P2E_PAIR_H
#define P2E_PAIR_H

typedef struct {
    const char *label;   /* with value NULL: a heading */
    const char *value;   /* shown as a number when it is a whole one */
    const char *link;    /* a sheet of the workbook, or NULL */
} p2e_pair;

#endif
