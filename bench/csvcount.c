/*
 * bench/csvcount.c - the floor for any libcsv-based reader: parse a CSV file
 * with libcsv and only count fields and records.
 *
 *   csvcount FILE      prints "records N fields M bytes B"
 *
 * Reads with fread in 256 KiB chunks and sets libcsv up as pos2ecom does
 * (src/csvread.c: CSV_REPALL_NL | CSV_STRICT_FINI, spaces kept), so the
 * difference to `pos2ecom convert` is everything pos2ecom does beyond parsing.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

typedef struct {
    unsigned long long fields, records;
} counts;

static void on_field(void *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    ((counts *)ctx)->fields++;
}

static void on_record(int term, void *ctx)
{
    (void)term;
    ((counts *)ctx)->records++;
}

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csvcount FILE\n");
        return 1;
    }
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        fprintf(stderr, "csvcount: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    static char buf[CHUNK];
    struct csv_parser p;
    if (csv_init(&p, CSV_REPALL_NL | CSV_STRICT_FINI) != 0) {
        fprintf(stderr, "csvcount: out of memory\n");
        return 2;
    }
    csv_set_space_func(&p, keep_spaces);
    counts c = {0, 0};
    unsigned long long bytes = 0;
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        bytes += n;
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n) {
            fprintf(stderr, "csvcount: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            rc = 2;
            break;
        }
    }
    if (ferror(fp)) {
        fprintf(stderr, "csvcount: %s: read error\n", argv[1]);
        rc = 2;
    }
    if (!rc && csv_fini(&p, on_field, on_record, &c) != 0) {
        fprintf(stderr, "csvcount: %s: ends inside a quoted field\n", argv[1]);
        rc = 2;
    }
    csv_free(&p);
    fclose(fp);
    printf("records %llu fields %llu bytes %llu\n", c.records, c.fields, bytes);
    return rc;
}
