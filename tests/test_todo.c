/*
 * test_todo: todo.csv lists one line per finding code, errors first, then
 * warnings, then info, the bigger count first within a severity, then by
 * code name; each line points at the first row of exceptions.csv holding
 * that code. Every code has an action sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "p2e_todo.h"
#include "testutil.h"

static void add(p2e_report *r, p2e_code code, unsigned long line)
{
    assert_int_equal(p2e_report_add(r, code, 0, line, P2E_NO_VARIANT, P2E_KEEP_ALWAYS, NULL,
                                    NULL, NULL, NULL, NULL),
                     P2E_OK);
}

static void test_order_counts_and_first_lines(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    add(&r, P2E_CODE_PRICE_ROUNDED, 1);  /* info */
    add(&r, P2E_CODE_STOCK_NEGATIVE, 2); /* warning */
    add(&r, P2E_CODE_MISSING_SKU, 3);    /* error */
    add(&r, P2E_CODE_PRICE_ROUNDED, 4);
    add(&r, P2E_CODE_GTIN_INVALID, 5);   /* warning */
    add(&r, P2E_CODE_GTIN_INVALID, 6);
    add(&r, P2E_CODE_DUPLICATE_SKU, 7);  /* error */
    add(&r, P2E_CODE_IMAGE_MISSING, 8);  /* info */
    add(&r, P2E_CODE_PRICE_ROUNDED, 9);
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    /* exceptions.csv after the sort (line 1 is its header):
     * 2 MISSING_SKU (3), 3 DUPLICATE_SKU (7), 4 STOCK_NEGATIVE (2),
     * 5 GTIN_INVALID (5), 6 GTIN_INVALID (6), 7 PRICE_ROUNDED (1),
     * 8 PRICE_ROUNDED (4), 9 IMAGE_MISSING (8), 10 PRICE_ROUNDED (9) */
    p2e_todo_line lines[P2E_CODE_COUNT];
    size_t n = p2e_todo_lines(&r, lines);
    assert_int_equal(n, 6);
    /* errors, one each: by name */
    assert_int_equal(lines[0].code, P2E_CODE_DUPLICATE_SKU);
    assert_int_equal(lines[0].count, 1);
    assert_int_equal(lines[0].first_line, 3);
    assert_int_equal(lines[1].code, P2E_CODE_MISSING_SKU);
    assert_int_equal(lines[1].first_line, 2);
    /* warnings: two GTIN_INVALID before one STOCK_NEGATIVE */
    assert_int_equal(lines[2].code, P2E_CODE_GTIN_INVALID);
    assert_int_equal(lines[2].count, 2);
    assert_int_equal(lines[2].first_line, 5);
    assert_int_equal(lines[3].code, P2E_CODE_STOCK_NEGATIVE);
    assert_int_equal(lines[3].first_line, 4);
    /* info: three PRICE_ROUNDED before one IMAGE_MISSING */
    assert_int_equal(lines[4].code, P2E_CODE_PRICE_ROUNDED);
    assert_int_equal(lines[4].count, 3);
    assert_int_equal(lines[4].first_line, 7);
    assert_int_equal(lines[5].code, P2E_CODE_IMAGE_MISSING);
    assert_int_equal(lines[5].first_line, 9);

    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_outset set = {0};
    p2e_err err = {{0}};
    assert_int_equal(p2e_todo_write(&r, dir, "todo.csv", &set, &err), P2E_OK);
    assert_int_equal(set.count, 1);
    p2e_outset_free(&set);
    char path[512];
    char *text = tu_read_file(tu_join(path, sizeof path, dir, "todo.csv"), NULL);
    assert_non_null(text);
    const char *first_lines =
        "severity,code,count,action,message,first_line\n"
        "error,DUPLICATE_SKU,1,Give each variant its own SKU in the POS and export again.,"
        "SKU already used by an earlier row; this row is not written,3\n"
        "error,MISSING_SKU,1,Give these variants a SKU in the POS and export again.,"
        "empty SKU; not written (eCom could never match it again),2\n";
    assert_memory_equal(text, first_lines, strlen(first_lines));
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

static void test_empty_report_header_only(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    p2e_todo_line lines[P2E_CODE_COUNT];
    assert_int_equal(p2e_todo_lines(&r, lines), 0);
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_outset set = {0};
    p2e_err err = {{0}};
    assert_int_equal(p2e_todo_write(&r, dir, "todo.csv", &set, &err), P2E_OK);
    p2e_outset_free(&set);
    char path[512];
    char *text = tu_read_file(tu_join(path, sizeof path, dir, "todo.csv"), NULL);
    assert_non_null(text);
    assert_string_equal(text, "severity,code,count,action,message,first_line\n");
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

/* An action is a sentence the merchant can follow on its own. */
static void test_every_code_has_an_action(void **state)
{
    (void)state;
    for (int c = 0; c < P2E_CODE_COUNT; c++) {
        const char *a = p2e_code_action((p2e_code)c);
        size_t n = strlen(a);
        if (n < 12 || a[0] < 'A' || a[0] > 'Z' || a[n - 1] != '.')
            fail_msg("%s: action \"%s\" is not a sentence", p2e_code_name((p2e_code)c), a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_counts_and_first_lines),
        cmocka_unit_test(test_empty_report_header_only),
        cmocka_unit_test(test_every_code_has_an_action),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
