/*
 * fuzz_xlsx.c - the workbook reader (src/util/xlsxread.c) through the
 * input seam: bytes -> temp file named .xlsx -> p2e_input_read_file, first
 * sheet, then the sheet named by the input's last byte ("Products" when
 * it is odd), with a 4 KiB field cap when that byte is a multiple of 3.
 *
 * Properties on every input: a refusal has a one-line message; every
 * record has at least one cell, cells are NUL-terminated at their length,
 * a cell holds a NUL only where the record says (nul_cell); every record
 * is as wide as the first (the reader pads); lines go up; no cell exceeds
 * the cap.
 */
#include "fuzz_util.h"

#include "p2e_input.h"

typedef struct {
    size_t rows, width, cap;
    unsigned long line;
} fuzz_seen;

static p2e_status on_row(void *ctx, const p2e_row *row)
{
    fuzz_seen *s = ctx;
    FUZZ_CHECK(row->ncells >= 1);
    if (!s->rows)
        s->width = row->ncells;
    FUZZ_CHECK(row->ncells >= s->width);
    FUZZ_CHECK(!s->rows || row->line > s->line || row->line == s->line);
    s->line = row->line;
    long nul = -1;
    for (size_t i = 0; i < row->ncells; i++) {
        FUZZ_CHECK(row->cell[i][row->len[i]] == '\0');
        FUZZ_CHECK(!s->cap || row->len[i] <= s->cap);
        if (nul < 0 && memchr(row->cell[i], 0, row->len[i]))
            nul = (long)i;
    }
    FUZZ_CHECK(nul == row->nul_cell);
    s->rows++;
    return P2E_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[4200];
    fuzz_path(in, sizeof in, "export.xlsx");
    fuzz_write_file(in, data, size);
    unsigned char opt = size ? data[size - 1] : 0;
    for (int pass = 0; pass < 2; pass++) {
        fuzz_seen seen = {0, 0, opt % 3 == 0 ? 4096 : 0, 0};
        p2e_input_opts o = {.max_field = seen.cap,
                            .sheet = pass && (opt & 1) ? "Products" : NULL};
        p2e_err err = {{0}};
        p2e_status st = p2e_input_read_file(in, &o, on_row, &seen, &err);
        if (st) {
            FUZZ_CHECK(err.msg[0] != '\0');
            FUZZ_CHECK(strchr(err.msg, '\n') == NULL);
        }
    }
    return 0;
}
