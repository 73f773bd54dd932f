/*
 * p2e_outplan.h - what a run does in the output folder beside writing its
 * outputs: which files it keeps (and writes its own beside, under a dated
 * name), and which outputs of earlier runs it removes. Decided once when
 * the folder is opened (the summary says it), and again just before the
 * commit (nothing may have changed in between).
 *
 * The rules (README, Safety; p2e_outdir.h carries them out):
 *  - A name the run writes must be absent, or an unchanged output of an
 *    earlier run (the manifest); anything else is in the way
 *    (P2E_ERR_CLASH). Except a name marked editable (manual-fields.csv: the
 *    merchant is told to fill it in): a regular file standing there that is
 *    not an unchanged output (edited, or never written by pos2ecom) is the
 *    merchant's. It is kept as it is, and the run's file goes beside it as
 *    NAME-YYYYMMDD-HHMMSS.EXT (the run's time, UTC; -2, -3, ... after the
 *    time while that name is taken by anything but an unchanged output).
 *  - An output of an earlier run that this run does not write is removed
 *    when this command could have written it (a name in the list, or a
 *    dated name of an editable one) and it is unchanged since. A changed
 *    one is kept, and no longer recorded: it is the merchant's now. A folder
 *    goes when everything in it is an unchanged output; otherwise only
 *    those go, and the rest stays in it.
 *  - Any other earlier output (another command's) is left, still recorded.
 *
 * Ownership: a p2e_outplan owns its lists and strings; p2e_outplan_free
 * releases them. The p2e_outname names are borrowed. Nothing here follows
 * a link or changes the folder.
 */
#ifndef P2E_OUTPLAN_H
#define P2E_OUTPLAN_H

#include <stddef.h>

#include "p2e_manifest.h"
#include "p2e_status.h"

/* One name a command can write (a file, or a folder such as images). */
typedef struct {
    const char *name;
    int writes;   /* this run writes it */
    int editable; /* the merchant is told to edit it: kept when edited */
} p2e_outname;

typedef enum {
    P2E_KEPT_EDITED,   /* an editable output, edited since: the new one beside it */
    P2E_KEPT_FOREIGN,  /* an editable name, a file pos2ecom did not write: the same */
    P2E_KEPT_CHANGED,  /* an earlier output to remove, changed since: not removed */
    P2E_KEPT_IN_FOLDER /* in a folder to remove, not an unchanged output: it and the folder stay */
} p2e_kept_why;

typedef struct {
    char *name;  /* relative to the output folder */
    char *dated; /* EDITED, FOREIGN: where this run's file goes; else NULL */
    p2e_kept_why why;
} p2e_outkept;

typedef struct {
    p2e_outkept *kept; /* sorted by name */
    size_t nkept, capkept;
    char **removed; /* as the summary says them, sorted: "report.xlsx", "images/"
                     * (a whole folder), "images/a.jpg" (a file of a folder that stays) */
    size_t nremoved, capremoved;
    p2e_manifest doomed; /* the removals, in their order: each file with its recorded
                          * size and time, then the folders, deepest first */
} p2e_outplan;

/* Decide, for the folder dirfd and its manifest m, at the time `now`
 * (seconds since 1970, UTC). P2E_ERR_CLASH when a name the run writes is in
 * the way: `bad` gets the path, *verdict P2E_MANIFEST_FOREIGN or _CHANGED.
 * On any error the plan is left empty. */
p2e_status p2e_outplan_make(p2e_outplan *p, int dirfd, const p2e_manifest *m,
                            const p2e_outname *names, size_t n, long long now, char *bad,
                            size_t cap, int *verdict) P2E_MUST_CHECK;

/* The name the run's file `name` gets in the folder (its dated name when
 * the one standing there is kept); a pointer into p or name itself. */
const char *p2e_outplan_final(const p2e_outplan *p, const char *name);

/* Two plans that do the same. */
int p2e_outplan_same(const p2e_outplan *a, const p2e_outplan *b);

/* NAME-YYYYMMDD-HHMMSS[-N].EXT for the editable `base`? */
int p2e_outplan_is_dated(const char *name, const char *base);

void p2e_outplan_free(p2e_outplan *p);

#endif
