/*
 * p2e_numconv.h - numbers of an export as its spreadsheet's locale wrote
 * them: decimal commas and marks between thousands (1.234,50, 1 234,50),
 * currency around a price ($19.90, 19,90 €), read with p2e_dec_parse_local
 * under each column's convention, with one info finding per column for
 * each convention used (NUMBER_CONVENTION, CURRENCY_STRIPPED) and both
 * readings named for a value that reads two ways (docs/convert-rules.md,
 * "Numbers").
 *
 * A column's convention: a ';'-separated file's is the decimal comma
 * (p2e_load_opts.decimal_comma). Elsewhere it is told by the column's own
 * values (p2e_dec_mark_of): a decimal comma when the values that show a
 * decimal mark all show a comma, neither when some show a comma and some a
 * point (every value that reads two ways is then NUMBER_AMBIGUOUS), else a
 * decimal point. The reader's first pass looks at the first
 * P2E_NUMCONV_LOOKAHEAD rows (p2e_load_opts.marks, per slot): for a file no
 * longer, that is every value, and a column's convention is known before
 * its first value is read. Past them (marks_partial) every value read adds
 * its mark, and p2e_numconv_finish reports a column whose values that read
 * two ways were read by a convention its later rows changed
 * (NUMBER_CONVENTION_LATE). Memory: one small record per numeric column.
 *
 * Ownership: the p2e_load owns its column records (p2e_numconv_free, called
 * by p2e_load_end).
 */
#ifndef P2E_NUMCONV_H
#define P2E_NUMCONV_H

#include "p2e_decimal.h"
#include "p2e_load.h"

/* A field's slot for the per-column state: a p2e_col, or one of an
 * outlet's columns. */
#define P2E_NUMCONV_INVENTORY(outlet) ((size_t)P2E_COL_COUNT + 2 * (outlet))
#define P2E_NUMCONV_REORDER(outlet) ((size_t)P2E_COL_COUNT + 2 * (outlet) + 1)

/* The rows the reader's first pass looks at to tell each column's decimal
 * mark before the load (bounded: the look keeps one byte per column). */
#define P2E_NUMCONV_LOOKAHEAD 10000

/* The marks a column's values showed (p2e_load_opts.marks). */
#define P2E_NUMCONV_SEEN_POINT 1
#define P2E_NUMCONV_SEEN_COMMA 2

/* The P2E_NUMCONV_SEEN_* bit one value shows (0 for none). */
unsigned char p2e_numconv_marks(const char *s, size_t len);

/* Read s into *out (*ns as p2e_dec_parse says); a convention used the
 * first time in this column is reported (an info finding on this row,
 * field `field`, or `field` followed by `key` when key is not NULL: built
 * only then); a value that reads two ways is P2E_NUM_INVALID with both
 * readings in detail (else detail is ""). Fails only out of memory. */
p2e_status p2e_numconv_read(p2e_load *ld, size_t slot, const char *field, const char *key,
                            const char *s, size_t len, int money, int64_t *out,
                            p2e_num_state *ns, char *detail, size_t cap) P2E_MUST_CHECK;

/* The same reading with no finding (statistics, a unit's need, components). */
p2e_num_state p2e_numconv_quiet(p2e_load *ld, size_t slot, const char *s, size_t len,
                                int64_t *out);

/* After the input's last row: NUMBER_CONVENTION_LATE for each column whose
 * convention changed after values that read two ways were read. */
p2e_status p2e_numconv_finish(p2e_load *ld) P2E_MUST_CHECK;

void p2e_numconv_free(p2e_load *ld);

#endif
