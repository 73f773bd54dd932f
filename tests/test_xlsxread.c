/*
 * test_xlsxread.c - the workbook reader (src/util/xlsxread.c) through the
 * input seam: the factory tells a workbook by content, cells come out as
 * the text a CSV export of the sheet would hold (values worked out by hand
 * from tests/tools/make-workbooks.py, which builds tests/data/xlsx/), and
 * what is not an export is refused with one line saying what it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_csvread.h"
#include "p2e_input.h"
#include "testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)
#define DATA "tests/data/xlsx/"

static p2e_status read_all(const char *path, const char *sheet, tu_rows *rows, p2e_err *err)
{
    p2e_input_opts o = {.sheet = sheet};
    memset(err, 0, sizeof *err);
    return p2e_input_read_file(path, &o, tu_collect_row, rows, err);
}

static void assert_cell(const tu_rows *r, size_t row, size_t col, const char *want)
{
    assert_true(row < r->count);
    assert_true(col < r->rows[row].ncells);
    assert_string_equal(r->rows[row].cell[col], want);
    assert_int_equal(r->rows[row].len[col], strlen(want));
}

/* corners.xlsx, sheet Products (--sheet): every kind of cell. */
static void test_corner_cells(void **state)
{
    (void)state;
    assert_string_equal(p2e_input_pick(DATA "corners.xlsx"), "XLSX");
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "corners.xlsx", "Products", &r, &err), P2E_OK);
    assert_int_equal(r.count, 5);
    assert_cell(&r, 0, 0, "sku");
    assert_cell(&r, 0, 4, "active");
    /* inline string; rich text runs joined without the phonetic run */
    assert_cell(&r, 1, 0, "A-1");
    assert_cell(&r, 1, 1, "Caf\xC3\xA9 mug");
    /* 19.899999999999999 shown with 15 significant digits */
    assert_cell(&r, 1, 2, "19.9");
    assert_cell(&r, 1, 3, "9300000000001");
    assert_cell(&r, 1, 4, "TRUE");
    /* row 3 has B3 and E3 only: A, C, D are empty, the row is full width */
    assert_int_equal(r.rows[2].line, 3);
    assert_int_equal(r.rows[2].ncells, 5);
    assert_cell(&r, 2, 0, "");
    assert_cell(&r, 2, 1, "line\r\nbreak _x0041_");
    assert_cell(&r, 2, 2, "");
    assert_cell(&r, 2, 3, "");
    assert_cell(&r, 2, 4, "FALSE");
    /* row 4 is absent; row 5: a number past 15 digits as Excel shows it
     * (NUMBER_DAMAGED downstream), an error value, a formula's result */
    assert_int_equal(r.rows[3].line, 5);
    assert_cell(&r, 3, 0, "1.23456789012346E+18");
    assert_cell(&r, 3, 1, "#N/A");
    assert_cell(&r, 3, 2, "2");
    assert_cell(&r, 3, 3, "745000000000");
    /* cells without a reference follow the one before */
    assert_cell(&r, 4, 0, "x");
    assert_cell(&r, 4, 1, "y");
    assert_cell(&r, 4, 2, "");
    tu_rows_free(&r);
}

/* Without --sheet the first sheet is read. */
static void test_first_sheet(void **state)
{
    (void)state;
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "corners.xlsx", NULL, &r, &err), P2E_OK);
    assert_int_equal(r.count, 1);
    assert_cell(&r, 0, 0, "not this one");
    tu_rows_free(&r);
}

/* A sheet the workbook does not hold: the message lists those it does. */
static void test_no_such_sheet(void **state)
{
    (void)state;
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "corners.xlsx", "Stock", &r, &err), P2E_ERR_FORMAT);
    assert_true(tu_contains(err.msg, "'Stock'"));
    assert_true(tu_contains(err.msg, "'Notes', 'Products'"));
    tu_rows_free(&r);
}

/* No shared strings part; a text cell keeps its leading zeros. */
static void test_inline_only(void **state)
{
    (void)state;
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "inline.xlsx", NULL, &r, &err), P2E_OK);
    assert_int_equal(r.count, 2);
    assert_cell(&r, 1, 0, "00123");
    tu_rows_free(&r);
}

static void expect_refusal(const char *path, const char *says)
{
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(path, NULL, &r, &err), P2E_ERR_FORMAT);
    assert_int_equal(r.count, 0);
    if (!tu_contains(err.msg, says))
        fail_msg("%s: message '%s' lacks '%s'", path, err.msg, says);
    /* no refusal suggests an option */
    assert_false(tu_contains(err.msg, "--"));
    assert_null(strchr(err.msg, '\n'));
    tu_rows_free(&r);
}

/* Zips that are not workbooks, and a damaged one. */
static void test_not_workbooks(void **state)
{
    (void)state;
    expect_refusal(DATA "spreadsheet.ods", "OpenDocument spreadsheet (.ods)");
    expect_refusal(DATA "document.numbers", "Apple Numbers document");
    expect_refusal(DATA "archive.zip", "zip archive, not a product export");
    expect_refusal(DATA "bad-shared-index.xlsx", "workbook is damaged");
    char *cut = tu_write_temp(S("PK\3\4\x14\0\0\0\x08\0"), ".xlsx");
    assert_non_null(cut);
    expect_refusal(cut, "damaged or incomplete");
    unlink(cut);
    free(cut);
}

/* Files that are not exports, told by their first bytes, whatever their
 * name: one line each, saying what the file is and what to do. */
static void test_not_exports(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t n;
        const char *says;
    } cases[] = {
        {S("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), "Excel 97-2003 workbook (.xls)"},
        {S("%PDF-1.7\n%\xE2\xE3\n"), "PDF document"},
        {S("\n  <!DOCTYPE html>\n<html><body>sku,name</body></html>\n"), "web page (HTML)"},
        {S("\xEF\xBB\xBF<html lang=\"en\">\n"), "web page (HTML)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tu_write_temp(cases[i].bytes, cases[i].n, ".csv");
        assert_non_null(path);
        expect_refusal(path, cases[i].says);
        unlink(path);
        free(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corner_cells),
        cmocka_unit_test(test_first_sheet),
        cmocka_unit_test(test_no_such_sheet),
        cmocka_unit_test(test_inline_only),
        cmocka_unit_test(test_not_workbooks),
        cmocka_unit_test(test_not_exports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
