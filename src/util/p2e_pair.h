/*
 * p2e_pair.h - a label and its value, as two columns of a sheet (the
 * summary's rows in report.xlsx).
 *
 * Ownership: a pair borrows both strings.
 */
#ifndef P2E_PAIR_H
#define P2E_PAIR_H

typedef struct {
    const char *label;
    const char *value;   /* shown as a number when it is one */
} p2e_pair;

#endif
