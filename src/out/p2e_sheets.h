/*
 * p2e_sheets.h - the per-product report files written after the rules:
 *
 * manual-fields.csv  a fill-in sheet that is itself an E-Series partial
 *                    import: the three eCom-only fields, empty, per written
 *                    product and variation, variations identified by product
 *                    SKU, variation SKU and option values;
 * mapping.csv        per written variant, each synced field as the POS had
 *                    it and as eCom gets it, the reorder-point hint, and the
 *                    rules that changed it.
 *
 * Ownership: reads the catalog; each file is handed to the output set.
 */
#ifndef P2E_SHEETS_H
#define P2E_SHEETS_H

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_status.h"
#include "p2e_units.h"

p2e_status p2e_sheets_write_manual(const p2e_catalog *cat, const char *dir, const char *name,
                                   p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

p2e_status p2e_sheets_write_mapping(const p2e_catalog *cat, const p2e_unit *weight_unit,
                                    const p2e_unit *dimension_unit, const char *dir,
                                    const char *name, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
