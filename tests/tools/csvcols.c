/*
 * csvcols - print chosen columns of a CSV file, by header name, one record
 * per line, cells joined by ','. Used by tests/golden.sh to compare
 * findings. Cells are printed raw (a test helper, not an exporter).
 * usage: csvcols FILE COLUMN...
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXC 256

static char *cells[MAXC];
static size_t ncells;
static int header_done;
static int want[MAXC];
static int nwant;
static char **names;

static void on_field(void *s, size_t len, void *ctx)
{
    (void)ctx;
    if (ncells < MAXC) {
        cells[ncells] = malloc(len + 1);
        if (!cells[ncells])
            exit(2);
        memcpy(cells[ncells], s, len);
        cells[ncells][len] = '\0';
        ncells++;
    }
}

static void on_row(int c, void *ctx)
{
    (void)c;
    (void)ctx;
    if (!header_done) {
        for (int w = 0; w < nwant; w++) {
            want[w] = -1;
            for (size_t i = 0; i < ncells; i++)
                if (!strcmp(cells[i], names[w]))
                    want[w] = (int)i;
            if (want[w] < 0) {
                fprintf(stderr, "csvcols: no column %s\n", names[w]);
                exit(2);
            }
        }
        header_done = 1;
    } else {
        for (int w = 0; w < nwant; w++)
            printf("%s%s", w ? "," : "", (size_t)want[w] < ncells ? cells[want[w]] : "");
        printf("\n");
    }
    for (size_t i = 0; i < ncells; i++)
        free(cells[i]);
    ncells = 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc - 2 > MAXC) {
        fprintf(stderr, "usage: csvcols FILE COLUMN...\n");
        return 2;
    }
    names = argv + 2;
    nwant = argc - 2;
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 2;
    }
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        csv_parse(&p, buf, n, on_field, on_row, NULL);
    csv_fini(&p, on_field, on_row, NULL);
    csv_free(&p);
    fclose(fp);
    return 0;
}
