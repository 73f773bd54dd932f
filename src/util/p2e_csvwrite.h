/*
 * p2e_csvwrite.h - RFC-4180 output files, written all-or-nothing.
 *
 * A writer writes into a temporary file beside its target (created
 * exclusively, never through a planted link) and renames it into
 * place only on p2e_csvw_commit, after a flush and a checked close; a failed or abandoned writer leaves no partial file and the
 * previous file untouched. Errors are sticky: the first one is returned by
 * commit.
 *
 * Quoting: a field is quoted when it holds ',', '"', CR or LF, or starts or
 * ends with a space; '"' is doubled. Records end with LF.
 *
 * Formula guard (on by default, OWASP's CSV-injection advice): a cell a
 * spreadsheet would run as a formula (it starts with TAB or CR, or with
 * = + - @ after the spaces, tabs and line breaks a spreadsheet trims, and
 * is not a signed plain number such as -3 or -1.5) is quoted and gets a
 * single quote after the opening '"'. Writers of files that an import
 * matches byte for byte (ecom-import.csv, ecom-update.csv) set
 * guard_formulas = 0 after p2e_csvw_open.
 *
 * Ownership: the writer owns its FILE and buffer; commit or abandon frees.
 */
#ifndef P2E_CSVWRITE_H
#define P2E_CSVWRITE_H

#include <stddef.h>
#include <stdio.h>

#include "p2e_buf.h"
#include "p2e_status.h"

typedef struct {
    FILE *fp;
    char *path;        /* final name */
    char *tmp;         /* temporary name */
    p2e_buf buf;
    int row_started;
    int guard_formulas;/* 1 (the default): write cells a spreadsheet would run as text */
    p2e_status status;
    int err_no;
} p2e_csvw;

p2e_status p2e_csvw_open(p2e_csvw *w, const char *dir, const char *name, p2e_err *err)
    P2E_MUST_CHECK;
void p2e_csvw_field(p2e_csvw *w, const char *s, size_t len);
void p2e_csvw_cstr(p2e_csvw *w, const char *s);
/* A whole number as a field, in decimal (line numbers, lengths: a million
 * rows make snprintf's cost show). */
void p2e_csvw_ulong(p2e_csvw *w, unsigned long v);
void p2e_csvw_end_row(p2e_csvw *w);
/* Bytes as they are, no quoting (a file that is not CSV: report.html). */
void p2e_csvw_raw(p2e_csvw *w, const char *s, size_t len);
/*
 * p2e_outset: the names of the files a run finished into its staging
 * folder (p2e_outdir.h), which become its outputs together at the commit.
 * The set owns its copies of the names; p2e_outset_free releases them.
 */
typedef struct {
    char **name;
    size_t count;
    size_t cap;        /* room in name[] (p2e_grow) */
} p2e_outset;

p2e_status p2e_outset_add(p2e_outset *set, const char *name) P2E_MUST_CHECK;
/* Move every name of src into dst (src is left empty). */
p2e_status p2e_outset_merge(p2e_outset *dst, p2e_outset *src) P2E_MUST_CHECK;
void p2e_outset_free(p2e_outset *set);

/* Commit, then add the file's name to the set. */
p2e_status p2e_csvw_finish(p2e_csvw *w, p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

/* Flush, close, rename into place. */
p2e_status p2e_csvw_commit(p2e_csvw *w, p2e_err *err) P2E_MUST_CHECK;
/* Drop the temporary file (after an error elsewhere). */
void p2e_csvw_abandon(p2e_csvw *w);

#endif
