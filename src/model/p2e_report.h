/*
 * p2e_report.h - findings: every data problem and every change a rule made.
 *
 * A finding has a stable code (P2E_CODE_*), a severity fixed by the code, the
 * file and line of the row, its handle and SKU, the field (input column) and
 * the value. Data problems never stop a run; they end up here.
 *
 * Ownership: the report copies every string given to p2e_report_add and owns
 * the copies; p2e_report_free releases them.
 */
#ifndef P2E_REPORT_H
#define P2E_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "p2e_buf.h"
#include "p2e_catalog.h"
#include "p2e_codes.h"
#include "p2e_csvwrite.h"
#include "p2e_status.h"


#define P2E_NO_VARIANT UINT32_MAX

/* Findings about a row's values are recorded while reading, before the
 * rules decide whether the row is written; keep says which survive. */
typedef enum {
    P2E_KEEP_ALWAYS,
    P2E_KEEP_IF_WRITTEN,     /* value findings: only for written rows */
    P2E_KEEP_IF_EXCLUDED_BY, /* only if this very code excluded the row */
} p2e_keep;

/* file index of findings about files other than the exports (images) */
#define P2E_FILE_OTHER UINT32_MAX

/* Narrow fields, ordered so that nothing is padding: a findings-heavy
 * catalog holds a finding or two per row (issue 20). */
typedef struct {
    uint16_t code;       /* p2e_code */
    uint8_t keep;        /* p2e_keep: when the finding survives the variant's fate */
    uint32_t file;       /* index into the run's input files, or P2E_FILE_OTHER */
    p2e_str path;        /* with P2E_FILE_OTHER: the file's path */
    uint32_t variant;    /* catalog variant, or P2E_NO_VARIANT */
    p2e_str handle, sku, field, value, detail;
    p2e_str name;        /* the row's product name, when the reader knew it */
    unsigned long line;  /* 0: about the whole file */
} p2e_finding;

typedef struct {
    p2e_finding *items;
    size_t count, cap;
    p2e_pool strings;
} p2e_report;

p2e_status p2e_report_init(p2e_report *r) P2E_MUST_CHECK;
void p2e_report_free(p2e_report *r);

/* Strings may be NULL. detail (optional) is appended to the code's message. */
p2e_status p2e_report_add(p2e_report *r, p2e_code code, uint32_t file, unsigned long line,
                          uint32_t variant, p2e_keep keep, const char *handle,
                          const char *sku, const char *field, const char *value,
                          const char *detail) P2E_MUST_CHECK;

/* The row's product name for the finding added last (the reader knows it;
 * a row left out while reading belongs to no family that could name it). */
p2e_status p2e_report_name_last(p2e_report *r, const char *name) P2E_MUST_CHECK;

/* A finding about a file that is not an export (an image): shown with
 * `path` as its file and no line; sorted after the exports' findings. */
p2e_status p2e_report_add_path(p2e_report *r, p2e_code code, const char *path,
                               const char *handle, const char *sku, const char *field,
                               const char *value, const char *detail) P2E_MUST_CHECK;

/* The same, with a line number in that file. */
p2e_status p2e_report_add_at(p2e_report *r, p2e_code code, const char *path, unsigned long line,
                             const char *handle, const char *sku, const char *field,
                             const char *value, const char *detail) P2E_MUST_CHECK;

/* Keep only the findings for which keep_fn returns true. */
void p2e_report_filter(p2e_report *r, int (*keep_fn)(void *ctx, const p2e_finding *f), void *ctx);

/* Sort errors first, then warnings, then info; within a severity by file,
 * then line; equal keys keep the order they were added in. */
p2e_status p2e_report_sort(p2e_report *r) P2E_MUST_CHECK;

const char *p2e_code_name(p2e_code code);
p2e_severity p2e_code_severity(p2e_code code);
const char *p2e_code_message(p2e_code code);
/* What the merchant does about it, a sentence (README's "what to do"). */
const char *p2e_code_action(p2e_code code);
const char *p2e_severity_name(p2e_severity sev);

/* Count of findings per code (array of P2E_CODE_COUNT) and per severity. */
void p2e_report_count(const p2e_report *r, size_t per_code[P2E_CODE_COUNT], size_t per_sev[3]);



/* Write DIR/exceptions.csv: severity,code,file,line,handle,sku,name,field,
 * value,message,action, in the report's current order; file_names maps file
 * indexes to the names shown; name is the row's product name, from cat
 * (NULL: none). Cells a spreadsheet would run as formulas are written as
 * text. The file goes to `set`, or into place at once when set is NULL. */
p2e_status p2e_report_write_exceptions(const p2e_report *r, const p2e_catalog *cat,
                                       const char *const *file_names, const char *dir,
                                       const char *name, p2e_outset *set,
                                       p2e_err *err) P2E_MUST_CHECK;
#endif
