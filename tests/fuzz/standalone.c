/*
 * standalone.c - a main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput once per file named on the command line (a folder
 * means every regular file in it). Used by tests/fuzz/replay.sh so that
 * make check replays every recorded crash with gcc and ASan/UBSan, with no
 * clang needed.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, fp);
        len += got;
        if (got == 0)
            break;
    }
    if (!buf || ferror(fp)) {
        fprintf(stderr, "%s: cannot read\n", path);
        rc = 1;
    }
    fclose(fp);
    if (!rc) {
        /* an exact-size copy, so ASan sees any read past the end */
        uint8_t *exact = malloc(len ? len : 1);
        if (!exact) {
            fprintf(stderr, "out of memory\n");
            rc = 1;
        } else {
            if (len)
                memcpy(exact, buf, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
            printf("ok %s (%zu bytes)\n", path, len);
        }
    }
    free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            DIR *d = opendir(argv[i]);
            if (!d) {
                perror(argv[i]);
                rc = 1;
                continue;
            }
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                size_t nl = strlen(e->d_name);
                if (e->d_name[0] == '.' || (nl > 3 && !strcmp(e->d_name + nl - 3, ".md")))
                    continue; /* hidden files and notes are not inputs */
                char path[4096];
                int n = snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
                if (n > 0 && (size_t)n < sizeof path)
                    rc |= run_file(path);
            }
            closedir(d);
        } else {
            rc |= run_file(argv[i]);
        }
    }
    return rc;
}
