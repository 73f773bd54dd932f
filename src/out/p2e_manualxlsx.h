/*
 * p2e_manualxlsx.h - manual-fields.xlsx: the fill-in sheet as a workbook,
 * the twin of manual-fields.csv (the same rows: p2e_sheets_manual_rows).
 *
 * Sheet "Manual fields" (first, header row frozen, protected without a
 * password): per written product and variation its keys and hints, locked
 * and grey (type, product_sku, product_name, price_pos, reorder_point_pos,
 * product_variation_sku, the option values), and the three eCom-only
 * fields to fill in, unlocked, with data validation:
 * product_compare_to_price (a price >= 0 with at most two decimals),
 * product_subtitle (products only: locked and grey on variation rows),
 * product_low_stock_notification_quantity (a whole number 0..2147483647).
 * Key cells are strings with the text format '@', so a spreadsheet keeps
 * their leading zeros. Sheet "Instructions" says what to do. Sheet
 * "Product list" (hidden, protected) holds the keys as written, as text,
 * and the price: `pos2ecom fill` reads it to know the valid SKUs, to
 * restore a leading zero a spreadsheet dropped, and to compare the
 * 'Compare to' price with the price.
 *
 * Written with libxlsxwriter in constant_memory mode; the creation time is
 * fixed (the same catalog gives the same bytes).
 *
 * Ownership: everything passed in is borrowed.
 */
#ifndef P2E_MANUALXLSX_H
#define P2E_MANUALXLSX_H

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_status.h"

/* The sheets' names, as `fill` reads them. */
#define P2E_MANUAL_SHEET "Manual fields"
#define P2E_MANUAL_LIST_SHEET "Product list"

/* DIR/NAME, made exclusively (DIR is the private staging folder), its
 * name added to set. created: the workbook's creation time. */
p2e_status p2e_manualxlsx_write(const p2e_catalog *cat, const char *dir, const char *name,
                                long long created, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
