/*
 * fuzz_util.h - helpers shared by the libFuzzer targets of tests/fuzz/.
 *
 * Each target that needs files works in one private temporary folder per
 * process (under $TMPDIR, else /tmp), made on first use and removed at
 * exit. Inputs are written to a fixed name in it, so nothing outside that
 * folder is ever touched.
 *
 * FUZZ_CHECK(cond) is the targets' oracle: a property that must hold for
 * every input. It aborts (a crash libFuzzer records) with the failing
 * condition on standard error.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);    \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

static char fuzz_dir[4096];

/* Remove a folder tree made by the target (no symlinks are ever made). */
static inline void fuzz_rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            if (n < 0 || (size_t)n >= sizeof sub)
                continue;
            struct stat sb;
            if (lstat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
                fuzz_rm_tree(sub);
            else
                unlink(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_dir[0])
        fuzz_rm_tree(fuzz_dir);
}

/* The process's private folder. */
static inline const char *fuzz_tmpdir(void)
{
    if (fuzz_dir[0])
        return fuzz_dir;
    const char *base = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/p2e-fuzz-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("mkdtemp");
        abort();
    }
    atexit(fuzz_cleanup);
    return fuzz_dir;
}

/* dir/name, in a static buffer per call site's own array. */
static inline void fuzz_path(char *out, size_t cap, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", fuzz_tmpdir(), name);
    if (n < 0 || (size_t)n >= cap)
        abort();
}

/* Write bytes to a file, whole, or abort (the harness itself failed). */
static inline void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        perror(path);
        abort();
    }
    if ((size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
        perror(path);
        abort();
    }
}

#endif
