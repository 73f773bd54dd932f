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

/* "dir/name" (malloc'd), or NULL when out of memory. */
char *p2e_fs_join(const char *dir, const char *name);

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
