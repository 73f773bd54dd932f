/*
 * p2e_outlet.h - the outlets of an export and the user's choice of them.
 *
 * Outlets are discovered from column prefixes (inventory_, reorder_point_,
 * restock_level_, outlet_tax_); the rest of the column name is the key
 * ("Warehouse_-_North_(MAIN)"). A person names an outlet as the POS shows it
 * ("Warehouse - North (MAIN)") or by its key, in any case; spaces and '_'
 * are the same.
 *
 * Ownership: the set owns its key strings; p2e_outlet_set_free releases them.
 */
#ifndef P2E_OUTLET_H
#define P2E_OUTLET_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_csvwrite.h"
#include "p2e_decimal.h"
#include "p2e_status.h"

#define P2E_OUTLET_MAX 4096

typedef struct {
    char *key;        /* column suffix, as in the header */
    int selected;
} p2e_outlet;

typedef struct {
    p2e_outlet *items;
    size_t count;
    size_t cap;
    size_t nselected;
} p2e_outlet_set;

/* Per-outlet figures of `pos2ecom outlets` and outlets.csv, over every
 * product row. A count beyond +-P2E_QTY_MAX (what the store holds), or
 * one that would take the total past what a scaled decimal holds, is not
 * counted: it is counted in out_of_range, and the first one's place kept,
 * so that a total is always a true sum, never a wrapped one. */
typedef struct {
    size_t rows_in_stock;          /* rows with inventory > 0 */
    int64_t positive_total;        /* micro units */
    size_t rows_negative;
    size_t out_of_range;           /* counts left out of the figures */
    uint32_t first_file;           /* where the first of them is */
    unsigned long first_line;
} p2e_outlet_stats;

/* Count one parsed inventory cell (ns and micro from p2e_dec_parse) of
 * file:line. Returns 0 when it was out of range and left out. */
int p2e_outlet_stats_count(p2e_outlet_stats *s, p2e_num_state ns, int64_t micro, uint32_t file,
                           unsigned long line);

void p2e_outlet_set_free(p2e_outlet_set *set);

/* Add key (len bytes) if new; *index gets its position. */
p2e_status p2e_outlet_set_add(p2e_outlet_set *set, const char *key, size_t len, size_t *index)
    P2E_MUST_CHECK;

/* Index of the outlet a person's name or key designates, or -1. */
long p2e_outlet_set_find(const p2e_outlet_set *set, const char *name);

/* The name as a person would type it: the key with '_' read as a space. */
void p2e_outlet_display_name(const char *key, char *out, size_t outlen);

/*
 * Apply the user's choice. names: the --outlet arguments, each may hold a
 * comma-separated list; all: --all-outlets. With no choice and one outlet,
 * that outlet. With no choice and several, or an unknown name, fails with
 * P2E_ERR_OUTLETS and a message listing the outlets and the option to pass.
 */
p2e_status p2e_outlet_set_select(p2e_outlet_set *set, const char *const *names, size_t nnames,
                                 int all, p2e_err *err) P2E_MUST_CHECK;

/* outlets.csv into dir under name: per outlet its name as a person types
 * it, its key, whether it was summed, and the figures of stats (one per
 * outlet of set); the name is added to out. */
p2e_status p2e_outlet_write_csv(const p2e_outlet_set *set, const p2e_outlet_stats *stats,
                                const char *dir, const char *name, p2e_outset *out, p2e_err *err)
    P2E_MUST_CHECK;

#endif
