/*
 * test_status.c - p2e_strerror, p2e_status_exit_code, p2e_fail.
 * Every status's text is pinned, as libxlsxwriter pins lxw_strerror: a
 * changed message is a visible, deliberate change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_status.h"
#include "testutil.h"

static const struct {
    p2e_status status;
    const char *text;
    int exit_code;
} table[] = {
    {P2E_OK, "no error", 0},
    {P2E_ERR_USAGE, "usage error", 1},
    {P2E_ERR_OUTLETS, "outlet selection needed", 1},
    {P2E_ERR_NOMEM, "out of memory", 2},
    {P2E_ERR_OPEN, "cannot open input", 2},
    {P2E_ERR_READ, "cannot read input", 2},
    {P2E_ERR_ENCODING, "cannot convert input to UTF-8", 2},
    {P2E_ERR_FORMAT, "not a product export", 2},
    {P2E_ERR_LIMIT, "field or row too large", 2},
    {P2E_ERR_WRITE, "cannot write output", 2},
    {P2E_ERR_ACCOUNTING, "row accounting does not add up", 2},
    {P2E_ERR_CLASH, "output folder holds files pos2ecom did not write", 2},
    {P2E_ERR_BUSY, "output folder in use by another run", 2},
};
#define NTABLE (sizeof table / sizeof table[0])

static void test_table_covers_every_status(void **state)
{
    (void)state;
    assert_int_equal(NTABLE, P2E_STATUS_COUNT);
    for (size_t i = 0; i < NTABLE; i++)
        assert_int_equal(table[i].status, (p2e_status)i);
}

static void test_strerror_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++) {
        const char *got = p2e_strerror(table[i].status);
        assert_non_null(got);
        assert_string_equal(got, table[i].text);
    }
}

static void test_strerror_texts_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        for (size_t k = i + 1; k < NTABLE; k++)
            assert_string_not_equal(p2e_strerror(table[i].status),
                                    p2e_strerror(table[k].status));
}

static void test_strerror_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(p2e_strerror(P2E_STATUS_COUNT), "unknown error");
    assert_string_equal(p2e_strerror((p2e_status)(P2E_STATUS_COUNT + 1)), "unknown error");
    assert_string_equal(p2e_strerror((p2e_status)1000), "unknown error");
    assert_string_equal(p2e_strerror((p2e_status)-1), "unknown error");
}

static void test_exit_code(void **state)
{
    (void)state;
    for (size_t i = 0; i < NTABLE; i++)
        assert_int_equal(p2e_status_exit_code(table[i].status), table[i].exit_code);
    /* anything unknown is fatal, never success or usage */
    assert_int_equal(p2e_status_exit_code(P2E_STATUS_COUNT), 2);
    assert_int_equal(p2e_status_exit_code((p2e_status)1000), 2);
}

static void test_fail_formats_and_returns(void **state)
{
    (void)state;
    p2e_err err = {{0}};
    p2e_status st = p2e_fail(&err, P2E_ERR_OPEN, "%s: line %d: %zu", "a.csv", 7, (size_t)42);
    assert_int_equal(st, P2E_ERR_OPEN);
    assert_string_equal(err.msg, "a.csv: line 7: 42");
    /* a second call replaces the message */
    st = p2e_fail(&err, P2E_ERR_LIMIT, "short");
    assert_int_equal(st, P2E_ERR_LIMIT);
    assert_string_equal(err.msg, "short");
}

static void test_fail_null_err(void **state)
{
    (void)state;
    assert_int_equal(p2e_fail(NULL, P2E_ERR_WRITE, "ignored %d", 1), P2E_ERR_WRITE);
}

static void test_fail_truncates(void **state)
{
    (void)state;
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    p2e_err err;
    memset(&err, 'Z', sizeof err);
    assert_int_equal(p2e_fail(&err, P2E_ERR_FORMAT, "%s", big), P2E_ERR_FORMAT);
    assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
    assert_int_equal(err.msg[0], 'x');
    assert_int_equal(err.msg[sizeof err.msg - 2], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_covers_every_status),
        cmocka_unit_test(test_strerror_text),
        cmocka_unit_test(test_strerror_texts_distinct),
        cmocka_unit_test(test_strerror_out_of_range),
        cmocka_unit_test(test_exit_code),
        cmocka_unit_test(test_fail_formats_and_returns),
        cmocka_unit_test(test_fail_null_err),
        cmocka_unit_test(test_fail_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
