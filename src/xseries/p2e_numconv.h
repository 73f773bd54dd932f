/*
 * p2e_numconv.h - numbers of an export as its spreadsheet's locale wrote
 * them: decimal commas and marks between thousands (1.234,50, 1 234,50),
 * currency around a price ($19.90, 19,90 €), read with p2e_dec_parse_local
 * under the input's convention (p2e_load_opts.decimal_comma), with one info
 * finding per column for each convention used (NUMBER_CONVENTION,
 * CURRENCY_STRIPPED) and both readings named for a value that reads two
 * ways (docs/convert-rules.md, "Numbers").
 *
 * Ownership: the p2e_load owns its `told` flags (freed by p2e_load_end).
 */
#ifndef P2E_NUMCONV_H
#define P2E_NUMCONV_H

#include "p2e_decimal.h"
#include "p2e_load.h"

/* A field's slot for the once-per-column findings: a p2e_col, or one of
 * an outlet's columns. */
#define P2E_NUMCONV_INVENTORY(outlet) ((size_t)P2E_COL_COUNT + 2 * (outlet))
#define P2E_NUMCONV_REORDER(outlet) ((size_t)P2E_COL_COUNT + 2 * (outlet) + 1)

/* Read s into *out (*ns as p2e_dec_parse says); a convention used the
 * first time in this column is reported (an info finding on this row,
 * field `field`, or `field` followed by `key` when key is not NULL: built
 * only then); a value that reads two ways is P2E_NUM_INVALID with both
 * readings in detail (else detail is ""). Fails only out of memory. */
p2e_status p2e_numconv_read(p2e_load *ld, size_t slot, const char *field, const char *key,
                            const char *s, size_t len, int money, int64_t *out,
                            p2e_num_state *ns, char *detail, size_t cap) P2E_MUST_CHECK;

/* The same reading with no finding (statistics, a unit's need, components). */
p2e_num_state p2e_numconv_quiet(const p2e_load *ld, const char *s, size_t len, int64_t *out);

#endif
