/*
 * p2e_check.h - `pos2ecom check`: an E-Series import file checked against
 * the import format, whoever wrote it.
 *
 * The rules are one table (p2e_check_rules, check.c), each with the source
 * it rests on (a section of the format notes, or a real store export);
 * docs/import-checks.md is the same table. Every problem is one finding in
 * the report, with the file's path and the line of the row.
 *
 * Ownership: the report owns the findings; nothing else is kept.
 */
#ifndef P2E_CHECK_H
#define P2E_CHECK_H

#include <stddef.h>

#include "p2e_report.h"
#include "p2e_status.h"

typedef struct {
    p2e_code code;
    const char *rule;   /* what is checked */
    const char *source; /* where the rule comes from */
} p2e_check_rule;

extern const p2e_check_rule p2e_check_rules[];
extern const size_t p2e_check_nrules;

/* Check one import file into rep (findings carry `path`). Fails only when
 * the file cannot be read at all. *rows gets the data rows read. */
p2e_status p2e_check_file(const char *path, p2e_report *rep, size_t *rows, p2e_err *err)
    P2E_MUST_CHECK;

#endif
