/*
 * p2e_summary.h - the run's figures: summary.json, the facts of the To do
 * sheet, and the short text on standard error.
 *
 * The figures prove the accounting identity (docs/convert-rules.md): rows read =
 * written + attached + not written (per reason).
 *
 * Ownership: a p2e_summary borrows every string and array it points to; a
 * p2e_facts owns its rows and their text (p2e_facts_free).
 */
#ifndef P2E_SUMMARY_H
#define P2E_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "p2e_buf.h"
#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_images.h"
#include "p2e_outlet.h"
#include "p2e_outplan.h"
#include "p2e_pair.h"
#include "p2e_report.h"
#include "p2e_status.h"
#include "p2e_sync.h"

typedef struct {
    const char *const *inputs;
    size_t ninputs;
    p2e_accounting acc;
    size_t products, variations;      /* written */
    const p2e_outlet_set *outlets;    /* the selected ones are "used" */
    size_t per_code[P2E_CODE_COUNT];
    size_t per_sev[3];
    const char *const *outputs;       /* file names written */
    size_t noutputs;
    const char *dir;                  /* the output folder, as shown */
    const char *stage;                /* where summary.json is written */
    int dry_run;
    const p2e_outplan *folder;        /* what the commit keeps and removes in dir, or NULL */
    const p2e_sync_counts *sync;      /* sync and audit: what a sync does */
    const char *libvips;              /* its version when photos were decoded, or NULL */
    const p2e_report *rep;            /* set by p2e_summary_build: the encoding findings */
    int check;                        /* a check run: import files checked, nothing converted */
    size_t rows_checked;              /* check: the data rows of the files checked */
    const p2e_images *images;         /* --images: the staged photos, or NULL */
    const char *image_base_url;       /* --image-base-url, or NULL */
} p2e_summary;

void p2e_summary_build(p2e_summary *s, const p2e_catalog *cat, const p2e_report *rep);

p2e_status p2e_summary_write_json(const p2e_summary *s, const char *name, p2e_outset *set,
                                  p2e_err *err) P2E_MUST_CHECK;

/* The short human summary, a screen at most: what was read and written
 * ("would write" in a dry run), the outlets, the encodings assumed, the
 * sync's counts, the files; then what to do, most serious first: the
 * errors' and warnings' lines of todo.csv with their counts and actions,
 * the notes (info) in one line; then "Next:", the steps left in order
 * (fix the errors, upload the photos, import, fill in the manual
 * fields). Counts are spelled with their plurals ("1 product"). */
void p2e_summary_print(const p2e_summary *s, FILE *out);

/* The run's facts, as label/value rows of report.xlsx's To do sheet:
 * headings, files read, encodings in words, rows, outlets by name,
 * findings, a sync's counts. Every string is copied into the list. */
typedef struct {
    p2e_pair *items;
    size_t count, cap;
    p2e_arena text;
} p2e_facts;

p2e_status p2e_summary_facts(const p2e_summary *s, p2e_facts *f) P2E_MUST_CHECK;

/* One row more (value NULL: a heading; link: a sheet, or NULL). */
p2e_status p2e_facts_add(p2e_facts *f, const char *label, const char *value,
                         const char *link) P2E_MUST_CHECK;
void p2e_facts_free(p2e_facts *f);

#endif
