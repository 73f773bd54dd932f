/*
 * test_input.c - the input seam: the factory picks the CSV reader for a
 * plain file and for a gzip one (by content, not by name), hands records
 * with their cells, lengths and lines to the callback, and refuses what it
 * cannot read with the source's own messages. Also the reading checks
 * (p2e_load) fed by hand-made neutral rows, as a second dialect would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <zlib.h>

#include "p2e_csvread.h"
#include "p2e_input.h"
#include "p2e_load.h"
#include "p2e_source.h"
#include "testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static const char csv_text[] = "sku,name\nA1,\"Tee, red\"\n\nB2,Mug\n";

/* The records of csv_text, as the CSV reader hands them over. */
static void check_records(const tu_rows *r)
{
    assert_int_equal(r->count, 3);
    assert_int_equal(r->rows[0].ncells, 2);
    assert_string_equal(r->rows[0].cell[0], "sku");
    assert_int_equal(r->rows[0].line, 1);
    assert_string_equal(r->rows[1].cell[1], "Tee, red");
    assert_int_equal(r->rows[1].len[1], 8);
    assert_int_equal(r->rows[1].line, 2);
    assert_string_equal(r->rows[2].cell[0], "B2");
    assert_int_equal(r->rows[2].line, 4);
}

static void test_pick_csv_plain_and_gzip(void **state)
{
    (void)state;
    char *plain = tu_write_temp(S(csv_text), ".csv");
    char *gz = tu_write_gz_temp(S(csv_text));
    char *gz_named_csv = tu_write_temp("", 0, ".csv");
    assert_non_null(plain);
    assert_non_null(gz);
    assert_non_null(gz_named_csv);
    assert_int_equal(rename(gz, gz_named_csv), 0); /* gzip told by content */
    assert_string_equal(p2e_input_pick(plain), "CSV");
    assert_string_equal(p2e_input_pick(gz_named_csv), "CSV");
    /* what no reader claims goes to the last one, which says why it cannot */
    assert_string_equal(p2e_input_pick("/tmp/p2e-test-no-such-file-77c1.xlsx"), "CSV");
    const char *paths[] = {plain, gz_named_csv};
    for (size_t i = 0; i < 2; i++) {
        tu_rows rows = {0};
        p2e_err err = {{0}};
        p2e_input_opts o = {0};
        assert_int_equal(p2e_input_read_file(paths[i], &o, tu_collect_row, &rows, &err), P2E_OK);
        check_records(&rows);
        tu_rows_free(&rows);
        /* and on the second thread, the same records */
        o.batch_bytes = 16;
        assert_int_equal(p2e_input_read_file(paths[i], &o, tu_collect_row, &rows, &err), P2E_OK);
        check_records(&rows);
        tu_rows_free(&rows);
    }
    unlink(plain);
    unlink(gz_named_csv);
    free(plain);
    free(gz);
    free(gz_named_csv);
}

/* Open, look at what the open found, then read: the two-pass reader's way. */
static void test_open_then_read(void **state)
{
    (void)state;
    char *path = tu_write_temp(S("sku;name\nA1;caf\xE9\n"), ".csv");
    assert_non_null(path);
    p2e_input *in;
    p2e_err err = {{0}};
    p2e_input_opts o = {0};
    assert_int_equal(p2e_input_open(&in, path, &o, &err), P2E_OK);
    assert_string_equal(p2e_input_format(in), "CSV");
    assert_string_equal(p2e_input_converted_from(in), "WINDOWS-1252");
    p2e_source_print print;
    p2e_input_get_print(in, &print);
    assert_int_equal(print.bytes, 17);
    tu_rows rows = {0};
    assert_int_equal(p2e_input_read(in, tu_collect_row, &rows, &err), P2E_OK);
    p2e_input_free(in);
    assert_int_equal(rows.count, 2);
    assert_string_equal(rows.rows[1].cell[1], "caf\xC3\xA9"); /* ';' detected */
    tu_rows_free(&rows);

    /* a second open with the first's print reads the same file */
    o.print = &print;
    assert_int_equal(p2e_input_read_file(path, &o, tu_collect_row, &rows, &err), P2E_OK);
    assert_int_equal(rows.count, 2);
    tu_rows_free(&rows);
    /* and stops when it changed in between */
    FILE *fp = fopen(path, "ab");
    assert_non_null(fp);
    fputs("B2;Mug\n", fp);
    fclose(fp);
    err.msg[0] = '\0';
    assert_int_equal(p2e_input_read_file(path, &o, tu_collect_row, &rows, &err), P2E_ERR_READ);
    assert_true(tu_contains(err.msg, path));
    tu_rows_free(&rows);
    unlink(path);
    free(path);
}

/* P2E_ROW_STOP ends the read quietly; a forced delimiter and the field
 * cap reach the CSV reader. */
static void test_stop_and_options(void **state)
{
    (void)state;
    char *path = tu_write_temp(S(csv_text), ".csv");
    assert_non_null(path);
    tu_rows rows = {0};
    rows.stop_after = 1;
    p2e_err err = {{0}};
    p2e_input_opts o = {.delim = ';'};
    assert_int_equal(p2e_input_read_file(path, &o, tu_collect_row, &rows, &err), P2E_OK);
    assert_int_equal(rows.count, 1);
    assert_int_equal(rows.rows[0].ncells, 1); /* "sku,name" is one field with ';' */
    tu_rows_free(&rows);
    rows.stop_after = 0;
    o = (p2e_input_opts){.max_field = 4};
    assert_int_equal(p2e_input_read_file(path, &o, tu_collect_row, &rows, &err), P2E_ERR_LIMIT);
    assert_true(tu_contains(err.msg, "--max-field-size"));
    tu_rows_free(&rows);
    unlink(path);
    free(path);
}

/* The seam refuses exactly as the source does: same status, same words. */
static void check_refused_like_source(const char *path)
{
    p2e_err want = {{0}}, got = {{0}};
    p2e_source *src = NULL;
    p2e_status st_src = p2e_source_open(&src, path, NULL, &want);
    assert_int_not_equal(st_src, P2E_OK);
    p2e_input *in = (p2e_input *)1;
    p2e_input_opts o = {0};
    assert_int_equal(p2e_input_open(&in, path, &o, &got), st_src);
    assert_null(in);
    assert_string_equal(got.msg, want.msg);
    tu_rows rows = {0};
    got.msg[0] = '\0';
    assert_int_equal(p2e_input_read_file(path, &o, tu_collect_row, &rows, &got), st_src);
    assert_string_equal(got.msg, want.msg);
    assert_int_equal(rows.count, 0);
}

static void test_refusals(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/export.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char *nulfile = tu_write_temp(S("a,b\n1,\0\n"), ".csv");
    assert_non_null(nulfile);
    static const unsigned char bad_gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF};
    char *gzfile = tu_write_temp(bad_gz, sizeof bad_gz, ".csv.gz");
    assert_non_null(gzfile);
    check_refused_like_source("/tmp/p2e-test-no-such-file-77c1.csv");
    check_refused_like_source(dir);
    check_refused_like_source(fifo);
    check_refused_like_source("/dev/null");
    check_refused_like_source(nulfile);
    check_refused_like_source(gzfile);
    unlink(nulfile);
    unlink(gzfile);
    free(nulfile);
    free(gzfile);
    tu_remove_tree(dir);
    free(dir);
}

/* ---- the checks, fed by a dialect of the test's own ------------------- */

typedef struct {
    p2e_catalog cat;
    p2e_report rep;
    p2e_outlet_set outlets;
    p2e_load_opts lo;
    p2e_prow_fields fields;
    p2e_load ld;
} load_fixture;

static void load_setup(load_fixture *f)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(p2e_catalog_init(&f->cat), P2E_OK);
    assert_int_equal(p2e_report_init(&f->rep), P2E_OK);
    f->lo.cat = &f->cat;
    f->lo.rep = &f->rep;
    f->lo.outlets = &f->outlets;
    f->lo.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    f->lo.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    for (int k = 0; k < P2E_COL_COUNT; k++)
        f->fields.label[k] = "field";
    f->fields.label[P2E_COL_SKU] = "Item code";
    f->fields.has[P2E_COL_SKU] = f->fields.has[P2E_COL_HANDLE] = 1;
    p2e_load_begin(&f->ld, &f->lo, 0, &f->fields);
}

static void load_teardown(load_fixture *f)
{
    p2e_load_end(&f->ld);
    p2e_catalog_free(&f->cat);
    p2e_report_free(&f->rep);
    p2e_outlet_set_free(&f->outlets);
}

/* One record of the made-up dialect: handle, sku, price. */
static p2e_status load_one(load_fixture *f, unsigned long line, const char *handle,
                           const char *sku, const char *price, int width)
{
    const char *cells[] = {handle, sku, price};
    size_t lens[] = {strlen(handle), strlen(sku), strlen(price)};
    p2e_row rec = {.ncells = 3, .cell = cells, .len = lens, .line = line, .nul_cell = -1};
    p2e_prow pr;
    memset(&pr, 0, sizeof pr);
    pr.rec = &rec;
    for (int k = 0; k < P2E_COL_COUNT; k++)
        pr.cell[k] = (p2e_cell){"", 0};
    pr.cell[P2E_COL_HANDLE] = (p2e_cell){handle, lens[0]};
    pr.cell[P2E_COL_SKU] = (p2e_cell){sku, lens[1]};
    pr.cell[P2E_COL_RETAIL_PRICE] = (p2e_cell){price, lens[2]};
    pr.width = width;
    p2e_err err = {{0}};
    return p2e_load_row(&f->ld, &pr, &err);
}

static int has_finding(const p2e_report *rep, p2e_code code, unsigned long line)
{
    for (size_t i = 0; i < rep->count; i++)
        if (rep->items[i].code == code && rep->items[i].line == line)
            return 1;
    return 0;
}

static void test_load_neutral_rows(void **state)
{
    (void)state;
    load_fixture f;
    load_setup(&f);
    assert_int_equal(load_one(&f, 2, "tee", "A1", "10", 0), P2E_OK);
    assert_int_equal(load_one(&f, 3, "tee", "A2", "10", 0), P2E_OK);
    assert_int_equal(load_one(&f, 4, "mug", "A1", "5", 0), P2E_OK);  /* duplicate sku */
    assert_int_equal(load_one(&f, 5, "cap", "", "5", 0), P2E_OK);    /* no sku */
    assert_int_equal(load_one(&f, 6, "hat", "H1", "5", 1), P2E_OK);  /* too long */
    assert_int_equal(load_one(&f, 7, "   ", "  ", "", 0), P2E_OK);   /* blank */
    assert_int_equal(f.cat.rows_read, 5);
    assert_int_equal(f.cat.rows_blank, 1);
    assert_int_equal(f.cat.nvariants, 3);   /* the duplicate is kept, excluded */
    assert_int_equal(f.cat.nfamilies, 1);   /* A1 and A2 share the handle tee */
    assert_true(has_finding(&f.rep, P2E_CODE_DUPLICATE_SKU, 4));
    assert_true(has_finding(&f.rep, P2E_CODE_MISSING_SKU, 5));
    assert_true(has_finding(&f.rep, P2E_CODE_ROW_TOO_LONG, 6));
    assert_int_equal(f.cat.not_written_unstored[P2E_CODE_MISSING_SKU], 1);
    assert_int_equal(f.cat.not_written_unstored[P2E_CODE_ROW_TOO_LONG], 1);
    load_teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pick_csv_plain_and_gzip),
        cmocka_unit_test(test_open_then_read),
        cmocka_unit_test(test_stop_and_options),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_load_neutral_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
