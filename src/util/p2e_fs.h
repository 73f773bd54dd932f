/*
 * p2e_fs.h - small file-system helpers that every writer shares.
 *
 * None of them follows a symbolic link it did not create: trees are walked
 * and removed with the links themselves, never their targets.
 *
 * Ownership: functions returning char * return a malloc'd string the caller
 * frees; nothing else allocates.
 */
#ifndef P2E_FS_H
#define P2E_FS_H

#include "p2e_status.h"

#include <stddef.h>

/* "dir/name" (malloc'd), or NULL when out of memory. No '/' is added when
 * dir already ends in one ("/" and "x" give "/x") or is "" (gives name). */
char *p2e_fs_join(const char *dir, const char *name);

/* The real path of a path that may not exist yet (malloc'd): its nearest
 * existing ancestor resolved (realpath), the missing names appended, "."
 * and ".." among them applied. NULL with errno set when an existing part
 * cannot be resolved, or when out of memory. */
char *p2e_fs_resolve(const char *path);

/* 1 when path is folder itself or lies below it, else 0: whole names are
 * compared ("/a/bc" is not inside "/a/b"), trailing slashes of either are
 * ignored, and every absolute path is inside "/". Plain text: give real
 * paths (realpath, p2e_fs_resolve) to compare where things are. */
int p2e_fs_is_inside(const char *path, const char *folder);

/* Read until cap bytes or the end of the file (retrying EINTR); *got is
 * how many came. 0, or an errno. */
int p2e_fs_read_full(int fd, void *buf, size_t cap, size_t *got) __attribute__((warn_unused_result));

/* Write all n bytes (retrying EINTR and short writes): 0, or an errno. */
int p2e_fs_write_full(int fd, const void *buf, size_t n) __attribute__((warn_unused_result));

/* mkdir -p: dir and its missing parents; an existing non-folder fails. */
p2e_status p2e_fs_mkdir_p(const char *dir, p2e_err *err) P2E_MUST_CHECK;

/* rm -rf of a file or folder we made; links are removed, never followed.
 * Best effort: returns 0, or the errno of the first failure. It makes
 * only system calls (no allocation, no locks), so a signal handler may
 * call it. */
int p2e_fs_remove_tree(const char *path);

/* fsync a file or folder by path: 0, or an errno. */
int p2e_fs_sync_path(const char *path) P2E_MUST_CHECK;

#endif
