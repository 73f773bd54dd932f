/*
 * p2e_update.h - the files a sync writes from its plan: ecom-update.csv
 * (the import that brings the store in line with the POS) and
 * ecom-delete.csv (what to delete in the store by hand).
 *
 * The update copies the blocks of created and updated products from the
 * desired import file, so that it has the layout convert writes, and adds
 * the rows only a sync knows: the store's product_internal_id, variations
 * made unbuyable, products made unavailable, and the category rows the
 * store lacks. Rules: docs/convert-rules.md, "The update file".
 *
 * Ownership: both functions borrow the plan; the file is added to set.
 */
#ifndef P2E_UPDATE_H
#define P2E_UPDATE_H

#include "p2e_csvwrite.h"
#include "p2e_status.h"
#include "p2e_sync.h"

/* ecom-update.csv: the blocks of created and updated products copied from
 * the desired import file (with product_internal_id where known), the
 * category rows the store lacks, and with disable_deleted the deleted
 * products as unavailable. */
p2e_status p2e_update_write(const p2e_sync *s, const char *desired_path, const char *dir,
                            const char *name, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

/* ecom-delete.csv: product_internal_id,product_sku,product_name of the
 * products deleted in the POS, for the merchant to delete by hand. */
p2e_status p2e_update_write_delete(const p2e_sync *s, const char *dir, const char *name,
                                   p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
