/*
 * p2e_run.h - one convert, sync, audit or check run, as the command layer holds it:
 * command.c orchestrates it (read, rules, images, sync plan, write, commit)
 * and outputs.c writes its files. Nothing below the command layer sees it.
 *
 * Ownership: a p2e_run owns everything it holds except the options and the
 * environment, which it borrows; command.c initialises and frees it.
 */
#ifndef P2E_RUN_H
#define P2E_RUN_H

#include <stddef.h>

#include "p2e_catalog.h"
#include "p2e_command.h"
#include "p2e_csvwrite.h"
#include "p2e_fill.h"
#include "p2e_images.h"
#include "p2e_notsynced.h"
#include "p2e_outdir.h"
#include "p2e_profile.h"
#include "p2e_progress.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_store.h"
#include "p2e_summary.h"
#include "p2e_sync.h"

/* Modes as bits, so that a table row can name several. */
/* check -o DIR: import files checked, the report files written;
 * fill: the merchant's filled manual-fields sheet into an update (p2e_fill.h) */
typedef enum {
    P2E_RUN_CONVERT = 1,
    P2E_RUN_SYNC = 2,
    P2E_RUN_AUDIT = 4,
    P2E_RUN_CHECK = 8,
    P2E_RUN_FILL = 16,
} p2e_run_mode;

/* What the environment says, read once by the command layer. */
typedef struct {
    int one_core;          /* P2E_SERIAL=1: everything on one core */
    long long created;     /* SOURCE_DATE_EPOCH: report.xlsx's creation time */
    long long now;         /* the run's time for dated names: SOURCE_DATE_EPOCH, or the clock */
    const char *tmpdir;    /* TMPDIR: a dry-run sync's scratch folder */
    int kill_at_step;      /* P2E_FAULT_KILL_AT, test builds only */
    const char *term;      /* TERM: "dumb" turns the progress line into plain lines */
    int profile;           /* P2E_PROFILE=1: each phase's times on standard error */
} p2e_env;

typedef struct {
    p2e_run_mode mode;
    const p2e_convert_opts *o;
    const p2e_env *env;
    const char *dir;            /* the output folder */
    const char *stage;          /* where this run writes: its staging folder */
    p2e_outdir *od;             /* the output folder, locked (not in a dry run) */
    p2e_outplan outplan;        /* what the commit keeps and removes there */
    p2e_read_opts ro;
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_outset out;             /* what has been written into the stage */
    p2e_notsynced ns;
    p2e_summary sum;
    const char **names;         /* input base names by file index */
    const char **outputs;       /* the files this run writes, for the summary */
    /* sync and audit */
    char work[4096];            /* private folder for the desired import */
    p2e_store desired, live, previous;
    p2e_sync plan;
    p2e_csvw drift;
    int drift_open;
    p2e_images *images;         /* --images: found, matched, staged */
    p2e_progress progress;      /* the line on a terminal, the timings of -v */
    p2e_profile profile;        /* P2E_PROFILE=1: each phase's wall and CPU time */
    FILE *verbose;              /* -v: what is read and decided, or NULL */
    p2e_fill *fill;             /* fill: the checked sheet */
} p2e_run;

#endif
