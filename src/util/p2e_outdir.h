/*
 * p2e_outdir.h - the output folder: what a run may replace there, and the
 * one step that makes a run's files its result.
 *
 * p2e_outdir_open (not in a dry run) creates the folder if missing, then:
 *  - locks it (flock on the folder itself): a second run into the same
 *    folder is refused with P2E_ERR_BUSY; the kernel drops the lock when a
 *    run ends, however it ends;
 *  - completes the commit of an earlier run that was killed in the middle
 *    of one (its journal, .pos2ecom-commit, names what was left to move);
 *  - removes the staging folders of earlier runs that died (.pos2ecom-stage.*:
 *    with the lock held, none of them belongs to a live run);
 *  - reads the manifest (.pos2ecom-manifest): every file earlier runs wrote
 *    there, with its size and modification time (to the nanosecond);
 *  - decides what the run keeps and removes there (p2e_outplan.h): it
 *    refuses (P2E_ERR_CLASH) when one of the names the run will write stands
 *    in the folder but is not in the manifest as it is now (a file or folder
 *    of the merchant's, a link, or an output edited since a run wrote it),
 *    except a regular file under a name the merchant is told to edit, which
 *    is kept (the run's file goes beside it under a dated name); and it
 *    lists the unchanged outputs of earlier runs that this command could
 *    have written and this run does not write: the commit removes them;
 *  - makes this run's staging folder, .pos2ecom-stage.<pid>.XXXXXX (mkdtemp,
 *    mode 0700). Every output is written there under its final name.
 *
 * p2e_outdir_commit syncs the staged files, gives a kept name's file its
 * dated name, writes the new manifest into the staging folder, decides
 * again (a different plan: P2E_ERR_CLASH, nothing changed), and commits.
 * One rename puts the journal in place: that is the commit point. Then each
 * output moves in (the one it replaces moves into the staging folder), the
 * earlier outputs to remove are removed (each file only while it still has
 * its recorded size and time; a folder only once empty), the journal is
 * removed, and the staging folder with the replaced outputs. A run killed
 * before the journal's rename leaves the old outputs whole; one killed after
 * it leaves a journal (its moves and removals) that the next run into the
 * folder completes before anything else.
 *
 * Ownership: p2e_outdir_open allocates the p2e_outdir; p2e_outdir_free
 * removes the staging folder unless the run committed, unlocks and frees.
 * A plan given to p2e_outdir_open_plan is the caller's (p2e_outplan_free),
 * borrowed until p2e_outdir_free, as are the names.
 */
#ifndef P2E_OUTDIR_H
#define P2E_OUTDIR_H

#include <stddef.h>

#include "p2e_outplan.h"
#include "p2e_status.h"

typedef struct p2e_outdir p2e_outdir;

/* names: every name the command can write, each marked whether this run
 * writes it and whether the merchant is told to edit it; now: the run's
 * time (seconds since 1970, UTC) for dated names; plan: filled with what
 * the commit will keep and remove (for the summary).
 * kill_at_step: test builds (P2E_FAULT_INJECTION) send themselves SIGKILL
 * at that step of the commit (1, 2, ...); 0, and any other build: never. */
p2e_status p2e_outdir_open_plan(p2e_outdir **out, const char *dir, const p2e_outname *names,
                                size_t n, long long now, int kill_at_step, p2e_outplan *plan,
                                p2e_err *err) P2E_MUST_CHECK;

/* The same for a command that writes every one of names, none editable:
 * nothing but what it writes is ever removed (earlier outputs stay). */
p2e_status p2e_outdir_open(p2e_outdir **out, const char *dir, const char *const *names, size_t n,
                           int kill_at_step, p2e_err *err) P2E_MUST_CHECK;

/* A dry run: the plan a run would make in dir as it is now (nothing locked,
 * nothing written; empty when dir cannot be read or a name is in the way). */
p2e_status p2e_outdir_preview(const char *dir, const p2e_outname *names, size_t n, long long now,
                              p2e_outplan *plan) P2E_MUST_CHECK;

/* The staging folder: write every output here, under its final name. */
const char *p2e_outdir_stage(const p2e_outdir *od);

/* Make the staged files named in names the folder's outputs, and carry out
 * the plan. Outputs of earlier runs that the plan does not remove stay, and
 * stay in the manifest while unchanged. */
p2e_status p2e_outdir_commit(p2e_outdir *od, const char *const *names, size_t n, p2e_err *err)
    P2E_MUST_CHECK;

void p2e_outdir_free(p2e_outdir *od);

#endif
