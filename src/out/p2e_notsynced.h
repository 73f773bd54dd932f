/*
 * p2e_notsynced.h - not-synced.csv: per product row, the POS values that do
 * not travel to eCom (handle, supplier, supplier code, supply price, tax,
 * reorder points and restock levels of the selected outlets, tags, account
 * codes, loyalty), so nothing is lost from sight.
 *
 * Written while the export is read (a row sink of the reader), so the
 * values are never held in memory. Rows keep input order.
 *
 * Ownership: the sink owns its writer until p2e_notsynced_finish hands the
 * file to an output set, or p2e_notsynced_abandon drops it.
 */
#ifndef P2E_NOTSYNCED_H
#define P2E_NOTSYNCED_H

#include "p2e_columns.h"
#include "p2e_csvread.h"
#include "p2e_csvwrite.h"
#include "p2e_outlet.h"
#include "p2e_status.h"

typedef struct {
    p2e_csvw out;
    const p2e_outlet_set *outlets;
    int open;
} p2e_notsynced;

p2e_status p2e_notsynced_open(p2e_notsynced *ns, const char *dir, const char *name,
                              const p2e_outlet_set *outlets, p2e_err *err) P2E_MUST_CHECK;
/* One product row of file `file_name`, read with columns `cols`. */
void p2e_notsynced_row(p2e_notsynced *ns, const char *file_name, const p2e_columns *cols,
                       const p2e_row *row);
p2e_status p2e_notsynced_finish(p2e_notsynced *ns, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;
void p2e_notsynced_abandon(p2e_notsynced *ns);

#endif
