/*
 * p2e_outputs.h - the one table of every file a run writes: its name, the
 * modes that write it, when (always, with --images, unless --no-xlsx), its
 * writer, its sheet in report.xlsx (title, numeric columns, place), and
 * whether the merchant is told to edit it (editable: kept when edited).
 *
 * The output folder's checks, the summary's file list, the workbook's
 * sheets and the writing itself are all built from that table: a new output
 * is one new row (docs/ARCHITECTURE.md says how).
 *
 * Ownership: the lists returned point at the table's static names.
 */
#ifndef P2E_OUTPUTS_H
#define P2E_OUTPUTS_H

#include <stddef.h>

#include "p2e_run.h"
#include "p2e_status.h"

/* The most rows any run can list (the table's length). */
#define P2E_OUTPUTS_MAX 32

/* The names run r writes into the output folder, in the table's order: with
 * folders (images/) for the folder's checks, without for the summary. */
size_t p2e_outputs_plan(const p2e_run *r, int with_folders, const char **names);

/* For the output folder (p2e_outdir_open_plan): every name run r's command
 * can write, each marked whether r writes it and whether the merchant is
 * told to edit it (the table's editable rows: manual-fields.csv, and
 * manual-fields.xlsx where it is written). An earlier output among these
 * that r does not write is removed; another command's outputs are not. */
size_t p2e_outputs_names(const p2e_run *r, p2e_outname *names);

/* For the help: every name any of `modes` (p2e_run_mode bits) can write,
 * with its condition ("", "with --images", "unless --no-xlsx"). */
size_t p2e_outputs_list(unsigned modes, const char **names, const char **conds);

/* Files streamed while the run goes on (not-synced.csv while reading,
 * drift.csv while planning a sync) are opened at their phase. */
enum { P2E_OUTPUTS_READING = 1, P2E_OUTPUTS_PLANNING };
p2e_status p2e_outputs_open_streams(p2e_run *r, int phase, p2e_err *err) P2E_MUST_CHECK;

/* Write every file of the plan into r->stage (the import file and
 * manual-fields.xlsx on the second core while the rest is written on the
 * first), then report.xlsx
 * from the CSV files. Each file's name is added to r->out. */
p2e_status p2e_outputs_write(p2e_run *r, p2e_err *err) P2E_MUST_CHECK;

#endif
