/*
 * p2e_ecom.h - the E-Series (Ecwid new-format) catalog import file.
 *
 * Writes DIR/ecom-import.csv from a catalog the rules have decided, in the
 * column order and row order of docs/convert-rules.md, with only the
 * columns that some row uses. Two passes over the catalog: the first finds
 * the columns, option names and category paths, the second writes.
 *
 * Ownership: reads the catalog; owns nothing after it returns.
 */
#ifndef P2E_ECOM_H
#define P2E_ECOM_H

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_images.h"
#include "p2e_status.h"

/* images: the staged images' URLs, or NULL. The file goes to `set` (committed with the run's other outputs), or is
 * renamed into place at once when set is NULL. */
p2e_status p2e_ecom_write_import(const p2e_catalog *cat, const p2e_images *images, const char *dir,
                                 const char *name, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

/* "product_variation_option_Size", or "product_variation_option_{Grind Size}"
 * for a name with characters other than letters, digits and '_', into b
 * (emptied first): the header of an option's column in every file pos2ecom
 * writes for the import. */
p2e_status p2e_ecom_option_header(p2e_buf *b, const char *name) P2E_MUST_CHECK;

#endif
