/*
 * p2e_rules.h - the conversion rules applied to a loaded catalog.
 *
 * Decides, per docs/convert-rules.md, which rows are written and how: marks
 * variants written or excluded (with the code of the rule), computes the
 * quantity to write (composites from their components), decides each
 * family's availability and product SKU, records the findings, and drops
 * the value findings of rows that are not written.
 *
 * Ownership: works in place on the caller's catalog and report.
 */
#ifndef P2E_RULES_H
#define P2E_RULES_H

#include "p2e_catalog.h"
#include "p2e_report.h"
#include "p2e_status.h"

p2e_status p2e_rules_apply(p2e_catalog *cat, p2e_report *rep, p2e_err *err) P2E_MUST_CHECK;

/* The rules note MANUAL_FIELDS once per written product (a sync keeps
 * those of the products the store gets new); this makes them the run's one
 * MANUAL_FIELDS finding, about no file, whose value counts the products and
 * their variations ("38 products and 78 variations"). None when there were
 * none. Called once, after the last filter. */
p2e_status p2e_rules_collapse_manual(const p2e_catalog *cat, p2e_report *rep) P2E_MUST_CHECK;

#endif
