/*
 * p2e_stock.h - a product row's stock and reorder points, summed over the
 * selected outlets by the stock rules (docs/convert-rules.md), and the
 * outlets' own figures (outlets.csv).
 *
 * A problem found in several outlet cells of one row is one finding
 * (STOCK_NEGATIVE, STOCK_INVALID, STOCK_OUT_OF_RANGE), whose field lists
 * the columns and whose value names each outlet with its count
 * ("Main Outlet -3, Warehouse -1"): a merchant fixes a variant, not a cell.
 *
 * Ownership: works on the loader's current row; nothing is kept.
 */
#ifndef P2E_STOCK_H
#define P2E_STOCK_H

#include "p2e_catalog.h"
#include "p2e_load.h"
#include "p2e_status.h"

/* Every outlet's count of the row into the outlets' figures (o->stats). */
void p2e_stock_count_outlets(p2e_load *ld);

/* The row's stock (v->stock, v->stock_raw, v->stock_flags) and reorder
 * point sum (v->reorder, v->has_reorder), with their findings. */
p2e_status p2e_stock_read(p2e_load *ld, p2e_variant *v) P2E_MUST_CHECK;

#endif
