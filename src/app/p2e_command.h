/*
 * p2e_command.h - the commands behind the command line.
 *
 * main() parses arguments into these option structs and calls one function;
 * everything else (reading, rules, writing, the summary) happens here.
 *
 * Ownership: options and the strings they point to are borrowed for the
 * duration of the call.
 */
#ifndef P2E_COMMAND_H
#define P2E_COMMAND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "p2e_status.h"

#define P2E_DEFAULT_OUT_DIR "pos2ecom-out"
#define P2E_DEFAULT_MAX_FIELD ((size_t)64 * 1024 * 1024)

typedef struct {
    const char *const *inputs;
    size_t ninputs;
    const char *out_dir;
    const char *const *outlets;    /* --outlet values */
    size_t noutlets;
    int all_outlets;
    const char *weight_unit;       /* "kg" when NULL */
    const char *dimension_unit;    /* "cm" when NULL */
    const char *encoding;
    const char *sheet;             /* --sheet: a workbook's sheet */
    int upc_from_sku;
    int restore_upc_zeros;         /* --restore-upc-zeros */
    int strict;
    int quiet;
    int verbose;                   /* -v: what is read and decided, on msg */
    int dry_run;                   /* read and check everything, write nothing */
    int no_xlsx;                   /* skip report.xlsx */
    int no_html;                   /* skip report.html */
    size_t max_field;
    size_t max_row;
    const char *const *image_dirs; /* --images */
    size_t nimage_dirs;
    const char *image_base_url;    /* --image-base-url */
    uint32_t max_image_px;         /* --max-image-px (0: the default) */
    int keep_metadata;             /* --keep-metadata */
    /* sync and audit */
    const char *ecom_path;         /* --ecom: the store's catalog export */
    const char *const *previous;   /* --previous: the POS export(s) of the last sync */
    size_t nprevious;
    int disable_deleted;
} p2e_convert_opts;

/* Run `convert`. *exit_code gets 0, or 3 under --strict with errors, when
 * the status is P2E_OK. The summary goes to `msg` unless quiet. */
p2e_status p2e_command_convert(const p2e_convert_opts *o, FILE *msg, int *exit_code,
                               p2e_err *err);

/* Run `sync` (audit = 0) or `audit` (audit = 1): compare the POS with the
 * store's export; sync writes ecom-update.csv, ecom-delete.csv and
 * drift.csv, audit only drift.csv; both write the report files. */
p2e_status p2e_command_sync(const p2e_convert_opts *o, int audit, FILE *msg, int *exit_code,
                            p2e_err *err);

/* How `outlets` prints: AUTO is aligned columns when out is a terminal,
 * tab-separated lines when not; TSV and JSON (an array of objects) always. */
typedef enum { P2E_OUTLETS_AUTO, P2E_OUTLETS_TSV, P2E_OUTLETS_ALIGNED, P2E_OUTLETS_JSON } p2e_outlets_format;

/* Run `outlets` (sheet: a workbook's, NULL for the first): one line per outlet to out; to msg, a line per outlet
 * with stock counts out of range (left out of its figures), the progress
 * line on a terminal, and with verbose what was read. */
p2e_status p2e_command_outlets(const char *const *inputs, size_t ninputs, const char *encoding,
                               const char *sheet, p2e_outlets_format fmt, int verbose, FILE *out, FILE *msg,
                               p2e_err *err);

/* `check`: each import file against the E-Series import format; the
 * findings go to `out` as CSV (severity,code,file,line,sku,field,value,
 * message), a count to msg. *exit_code: 3 with strict when an error was
 * found, else 0. Nothing is written to disk. */
p2e_status p2e_command_check(const char *const *inputs, size_t ninputs, int strict, int quiet,
                             FILE *out, FILE *msg, int *exit_code, p2e_err *err);

/* `fill`: the merchant's filled manual-fields.xlsx (or .csv) checked and
 * written as DIR/ecom-manual-update.csv, with DIR/fill-findings.csv; the
 * findings and a count to msg unless quiet. *exit_code: 3 with strict when
 * an error was found, else 0. */
typedef struct {
    const char *input;    /* the filled sheet */
    const char *products; /* --products: the product list's file, or NULL */
    const char *out_dir;
    int strict;
    int quiet;
} p2e_fill_cmd;

p2e_status p2e_command_fill(const p2e_fill_cmd *fo, FILE *msg, int *exit_code, p2e_err *err);

/* `check -o DIR`: the same checks, into the report files of convert
 * (exceptions.csv, summary.json, report.xlsx unless no_xlsx) written into
 * o->out_dir through the output folder (staged, committed with the
 * manifest); the count and the files to msg. Uses inputs, out_dir,
 * strict, quiet, no_xlsx. A file checked may not lie inside out_dir. */
p2e_status p2e_command_check_to(const p2e_convert_opts *o, FILE *msg, int *exit_code,
                                p2e_err *err);

#endif
