/*
 * bench/csv2xlsx.c - the benchmark's export saved as a spreadsheet would
 * save it: every record of a CSV (libcsv) into the first sheet of an .xlsx
 * (libxlsxwriter), a cell that reads as a plain number (no leading zero, at
 * most 15 digits) as a number, every other one as a string; so the reader
 * meets the mix of numeric and string cells of a workbook Excel saved.
 * constant_memory mode: rows are written as they come (strings inline).
 *
 * usage: csv2xlsx IN.csv OUT.xlsx
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
    int failed;
} ctx;

static int plain_number(const char *s, size_t n)
{
    size_t i = s[0] == '-', digits = 0, dot = 0;
    if (i >= n || (s[i] == '0' && i + 1 < n && s[i + 1] != '.'))
        return 0;
    for (; i < n; i++) {
        if (s[i] == '.' && !dot && digits)
            dot = 1;
        else if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else
            return 0;
    }
    return digits && digits <= 15 && s[n - 1] != '.';
}

static void on_field(void *f, size_t n, void *ud)
{
    ctx *c = ud;
    char *s = malloc(n + 1);
    if (!s) {
        c->failed = 1;
        return;
    }
    memcpy(s, f, n);
    s[n] = '\0';
    lxw_error e = LXW_NO_ERROR;
    if (n && plain_number(s, n))
        e = worksheet_write_number(c->ws, c->row, c->col, strtod(s, NULL), NULL);
    else if (n)
        e = worksheet_write_string(c->ws, c->row, c->col, s, NULL);
    if (e)
        c->failed = 1;
    free(s);
    c->col++;
}

static void on_record(int ch, void *ud)
{
    (void)ch;
    ctx *c = ud;
    c->row++;
    c->col = 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &wo);
    ctx c = {.ws = wb ? workbook_add_worksheet(wb, "Products") : NULL};
    struct csv_parser p;
    if (!c.ws || csv_init(&p, CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "csv2xlsx: cannot start\n");
        return 1;
    }
    char buf[1 << 16];
    size_t n;
    /* skip a UTF-8 byte-order mark */
    n = fread(buf, 1, 3, in);
    if (!(n == 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) && csv_parse(&p, buf, n, on_field, on_record, &c) != n)
        c.failed = 1;
    while (!c.failed && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_record, &c) != n)
            c.failed = 1;
    csv_fini(&p, on_field, on_record, &c);
    csv_free(&p);
    fclose(in);
    if (workbook_close(wb) != LXW_NO_ERROR || c.failed) {
        fprintf(stderr, "csv2xlsx: failed\n");
        return 1;
    }
    fprintf(stderr, "csv2xlsx: %lu rows\n", (unsigned long)c.row);
    return 0;
}
