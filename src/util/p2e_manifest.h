/*
 * p2e_manifest.h - the record of what runs wrote into an output folder.
 *
 * One text file, .pos2ecom-manifest, written by every committing run:
 *
 *   pos2ecom-manifest 1
 *   f SIZE SECONDS.NANOSECONDS NAME     a file, its size and modification time
 *   d NAME                              a folder (its files follow as NAME/...)
 *
 * NAME is relative to the output folder. A file counts as an output of this
 * program while its size and modification time are the recorded ones: an
 * edit, a save from a spreadsheet or a replacement changes the time. A
 * folder counts while every entry in it does.
 *
 * Ownership: a p2e_manifest owns its items and their names;
 * p2e_manifest_free releases them. Nothing here follows a link.
 */
#ifndef P2E_MANIFEST_H
#define P2E_MANIFEST_H

#include <stddef.h>
#include <sys/stat.h>

#include "p2e_status.h"

typedef struct {
    char type; /* 'f' or 'd' */
    char *name;
    unsigned long long size;
    long long sec;
    long nsec;
} p2e_manifest_item;

typedef struct {
    p2e_manifest_item *items;
    size_t count, cap;
} p2e_manifest;

/* Verdicts of p2e_manifest_check. */
enum {
    P2E_MANIFEST_ABSENT,  /* nothing stands there */
    P2E_MANIFEST_OURS,    /* recorded and unchanged */
    P2E_MANIFEST_FOREIGN, /* not recorded: not written by this program */
    P2E_MANIFEST_CHANGED, /* recorded, but changed since (or unreadable) */
    P2E_MANIFEST_NOMEM
};

/* Read `file` in the folder dirfd; a missing file is an empty manifest.
 * P2E_ERR_FORMAT for a damaged one. */
p2e_status p2e_manifest_read(p2e_manifest *m, int dirfd, const char *file)
    P2E_MUST_CHECK;
/* Parse text (modified in place). */
p2e_status p2e_manifest_parse(p2e_manifest *m, char *text, size_t len)
    P2E_MUST_CHECK;
/* One line ("f SIZE SECONDS.NANOSECONDS NAME" or "d NAME", no newline; modified
 * in place) added to m: the journal's removals use the same form. */
p2e_status p2e_manifest_parse_line(p2e_manifest *m, char *line) P2E_MUST_CHECK;
void p2e_manifest_free(p2e_manifest *m);

/* Add an item (sb: the size and time of a file; NULL for a folder). */
p2e_status p2e_manifest_add(p2e_manifest *m, char type, const char *name, const struct stat *sb)
    P2E_MUST_CHECK;
/* A regular file of the recorded size and time (what lstat gave in sb). */
int p2e_manifest_same(const p2e_manifest_item *it, const struct stat *sb);

int p2e_manifest_name_ok(const char *name);
const p2e_manifest_item *p2e_manifest_find(const p2e_manifest *m, const char *name);
int p2e_manifest_is_top(const p2e_manifest_item *it);

/* What stands at `name` in the folder dirfd, against the record; `bad`
 * gets the first path (relative) that is foreign or changed. */
int p2e_manifest_check(const p2e_manifest *m, int dirfd, const char *name, char *bad, size_t cap);

/* Record the file or folder at `path` (relative to dirfd) under `name`. */
p2e_status p2e_manifest_record(p2e_manifest *m, int dirfd, const char *path, const char *name)
    P2E_MUST_CHECK;
/* Copy src's entries for name (and name/...) into dst. */
p2e_status p2e_manifest_keep(p2e_manifest *dst, const p2e_manifest *src, const char *name)
    P2E_MUST_CHECK;

/* The file's text (malloc'd). */
p2e_status p2e_manifest_format(const p2e_manifest *m, char **text, size_t *len)
    P2E_MUST_CHECK;

#endif
