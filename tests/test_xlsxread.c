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

/* dates.xlsx: numbers whose cell format shows a date or a time are read as
 * ISO text (make-workbooks.py; 45352 is 2024-03-01 in the 1900 system,
 * 0.6041666667 of a day is 14:30:00, worked out with Python's datetime from
 * 1899-12-30); others stay numbers. */
static void test_dates(void **state)
{
    (void)state;
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "dates.xlsx", NULL, &r, &err), P2E_OK);
    assert_int_equal(r.count, 3);
    assert_cell(&r, 0, 0, "45352");               /* General */
    assert_cell(&r, 0, 1, "2024-03-01");          /* built-in 14, m/d/yyyy */
    assert_cell(&r, 0, 2, "2024-03-01 14:30:00"); /* built-in 22 */
    assert_cell(&r, 0, 3, "2024-03-01");          /* custom dd/mm/yyyy */
    assert_cell(&r, 0, 4, "45352");               /* 0.00" days": the d is quoted */
    assert_cell(&r, 0, 5, "14:30:00");            /* built-in 20, h:mm */
    assert_cell(&r, 0, 6, "2024-03-01");          /* [$-409]mmmm d, yyyy;@ */
    assert_cell(&r, 0, 7, "45352");               /* built-in 2, 0.00 */
    assert_cell(&r, 0, 8, "36:00:00");            /* [h]:mm:ss, a duration */
    assert_cell(&r, 1, 0, "1900-02-29");          /* Excel's serial 60 */
    assert_cell(&r, 1, 1, "1900-02-28");
    assert_cell(&r, 1, 2, "1900-03-01");
    assert_cell(&r, 1, 3, "1900-01-01");
    assert_cell(&r, 1, 4, "-1");                  /* no date: the number */
    assert_cell(&r, 1, 5, "2024-03-01 12:00:00"); /* a date format, a time: kept */
    assert_cell(&r, 1, 6, "06:00:00");            /* h:mm shows the time of day only */
    assert_cell(&r, 1, 7, "3000000");             /* past 9999-12-31 */
    assert_cell(&r, 1, 8, "19.9");
    /* strings that look like serials, a format index out of range, no value */
    assert_cell(&r, 2, 0, "45352");
    assert_cell(&r, 2, 1, "45352");
    assert_cell(&r, 2, 2, "45352");
    assert_cell(&r, 2, 3, "");
    tu_rows_free(&r);
}

/* dates1904.xlsx: workbookPr date1904, where serial 0 is 1904-01-01 and
 * 43890 is 2024-03-01 (Python: 1904-01-01 + 43890 days). */
static void test_dates_1904(void **state)
{
    (void)state;
    tu_rows r = {0};
    p2e_err err;
    assert_int_equal(read_all(DATA "dates1904.xlsx", NULL, &r, &err), P2E_OK);
    assert_int_equal(r.count, 1);
    assert_cell(&r, 0, 0, "2024-03-01");
    assert_cell(&r, 0, 1, "2024-03-01 14:30:00");
    assert_cell(&r, 0, 2, "1904-01-01");
    tu_rows_free(&r);
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
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_dates_1904),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
