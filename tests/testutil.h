/*
 * testutil.h - small helpers shared by the cmocka test programs.
 * Include after <cmocka.h>'s prerequisites (stdarg, stddef, setjmp, stdint).
 */
#ifndef P2E_TESTUTIL_H
#define P2E_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The shared folder with the public fixtures: $P2E_SHARED, else ../shared
 * relative to the repository root (tests run from the root). */
static inline const char *tu_shared_dir(void)
{
    const char *env = getenv("P2E_SHARED");
    return env && *env ? env : "../shared";
}

/* Path of a public fixture (xseries/ or ecom/ file) into buf; returns 1 when
 * the file exists, else prints a visible skip notice and returns 0. */
static inline int tu_public_file(char *buf, size_t len, const char *rel)
{
    struct stat sb;
    snprintf(buf, len, "%s/fixtures-public/%s", tu_shared_dir(), rel);
    if (stat(buf, &sb) == 0)
        return 1;
    printf("[  SKIP    ] %s not found (no ../shared here): test skipped\n", buf);
    return 0;
}

/* Write bytes to a fresh temporary file; returns its malloc'ed path. */
static inline char *tu_write_temp(const void *data, size_t len, const char *suffix)
{
    char tmpl[] = "/tmp/p2e-test-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    if (write(fd, data, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    size_t n = strlen(tmpl) + strlen(suffix) + 1;
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s%s", tmpl, suffix);
    if (rename(tmpl, path) != 0) {
        free(path);
        return NULL;
    }
    return path;
}

/* A fresh temporary directory; returns its malloc'ed path. */
static inline char *tu_temp_dir(void)
{
    char tmpl[] = "/tmp/p2e-dir-XXXXXX";
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

/* Remove a directory tree made by a test (rm -rf). */
static inline void tu_remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

#endif
