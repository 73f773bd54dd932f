/*
 * test_outlet.c - the outlet set: keys from column suffixes, names as a
 * person types them, the --outlet / --all-outlets choice, and the
 * per-outlet figures of `pos2ecom outlets`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_outlet.h"
#include "testutil.h"

static void add_keys(p2e_outlet_set *set, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t idx = 999;
        assert_int_equal(p2e_outlet_set_add(set, keys[i], strlen(keys[i]), &idx), P2E_OK);
        assert_int_equal(idx, i);
    }
    assert_int_equal(set->count, n);
}

static const char *const three[] = {"Main_Outlet", "Warehouse_-_North_(MAIN)", "Web_Store"};

static void test_add_and_dedupe(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    size_t idx = 99;
    assert_int_equal(p2e_outlet_set_add(&set, "Main_Outlet", 11, &idx), P2E_OK);
    assert_int_equal(idx, 0);
    assert_int_equal(p2e_outlet_set_add(&set, "Warehouse_-_North_(MAIN)", 24, &idx), P2E_OK);
    assert_int_equal(idx, 1);
    /* the same key again: same index, no new entry */
    assert_int_equal(p2e_outlet_set_add(&set, "Main_Outlet", 11, &idx), P2E_OK);
    assert_int_equal(idx, 0);
    /* len bounds the key: "Main_OutletXYZ" cut at 11 is the same key */
    assert_int_equal(p2e_outlet_set_add(&set, "Main_OutletXYZ", 11, &idx), P2E_OK);
    assert_int_equal(idx, 0);
    /* a prefix of a key is another key */
    assert_int_equal(p2e_outlet_set_add(&set, "Main", 4, &idx), P2E_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(set.count, 3);
    /* keys are stored as given, NUL-terminated, none selected */
    assert_string_equal(set.items[0].key, "Main_Outlet");
    assert_string_equal(set.items[1].key, "Warehouse_-_North_(MAIN)");
    assert_string_equal(set.items[2].key, "Main");
    for (size_t i = 0; i < set.count; i++)
        assert_int_equal(set.items[i].selected, 0);
    assert_int_equal(set.nselected, 0);
    p2e_outlet_set_free(&set);
    assert_null(set.items);
    assert_int_equal(set.count, 0);
}

/* Many outlets: the array grows and every index stays right. */
static void test_add_many(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    char key[32];
    for (size_t i = 0; i < 100; i++) {
        size_t idx;
        snprintf(key, sizeof key, "Outlet_%zu", i);
        assert_int_equal(p2e_outlet_set_add(&set, key, strlen(key), &idx), P2E_OK);
        assert_int_equal(idx, i);
    }
    for (size_t i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "outlet %zu", i);
        assert_int_equal(p2e_outlet_set_find(&set, key), (long)i);
    }
    p2e_outlet_set_free(&set);
}

static void test_display_name(void **state)
{
    (void)state;
    char out[64];
    p2e_outlet_display_name("Warehouse_-_North_(MAIN)", out, sizeof out);
    assert_string_equal(out, "Warehouse - North (MAIN)");
    p2e_outlet_display_name("Main_Outlet", out, sizeof out);
    assert_string_equal(out, "Main Outlet");
    p2e_outlet_display_name("Shop,_Downtown", out, sizeof out);
    assert_string_equal(out, "Shop, Downtown");
    p2e_outlet_display_name("", out, sizeof out);
    assert_string_equal(out, "");
    /* a small buffer: cut, always terminated */
    p2e_outlet_display_name("Main_Outlet", out, 6);
    assert_string_equal(out, "Main ");
    p2e_outlet_display_name("Main_Outlet", out, 1);
    assert_string_equal(out, "");
}

static const struct {
    const char *name;
    long index;
} find_rows[] = {
    {"Main_Outlet", 0},
    {"Main Outlet", 0},
    {"main outlet", 0},
    {"MAIN_OUTLET", 0},
    {"  Main Outlet  ", 0},
    {"Warehouse - North (MAIN)", 1},
    {"Warehouse_-_North_(MAIN)", 1},
    {"warehouse - north (main)", 1},
    {"WAREHOUSE_-_NORTH_(main)", 1},
    {"Warehouse_-_North (MAIN)", 1},
    {"web store", 2},
    {"Main", -1},
    {"Main Outlet 2", -1},
    {"MainOutlet", -1},
    {"Warehouse North (MAIN)", -1},
    {"Warehouse - North", -1},
    {"", -1},
};

static void test_find(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    add_keys(&set, three, 3);
    for (size_t i = 0; i < sizeof find_rows / sizeof find_rows[0]; i++) {
        long got = p2e_outlet_set_find(&set, find_rows[i].name);
        if (got != find_rows[i].index)
            fail_msg("find(\"%s\") = %ld, expected %ld", find_rows[i].name, got,
                     find_rows[i].index);
    }
    p2e_outlet_set_free(&set);
}

static void test_find_empty_set(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    assert_int_equal(p2e_outlet_set_find(&set, "Main Outlet"), -1);
}

static void assert_selected(const p2e_outlet_set *set, const int *expect)
{
    size_t n = 0;
    for (size_t i = 0; i < set->count; i++) {
        if (set->items[i].selected != expect[i])
            fail_msg("outlet %zu (%s): selected %d, expected %d", i, set->items[i].key,
                     set->items[i].selected, expect[i]);
        n += expect[i] != 0;
    }
    assert_int_equal(set->nselected, n);
}

static void test_select_single_outlet_auto(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 1);
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){1});
    p2e_outlet_set_free(&set);
}

static void test_select_no_outlets(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 0, &err), P2E_OK);
    assert_int_equal(set.nselected, 0);
}

static void test_select_several_no_choice(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 0, &err), P2E_ERR_OUTLETS);
    assert_selected(&set, (const int[]){0, 0, 0});
    /* each outlet as the exact option to pass, by its display name */
    assert_true(tu_contains(err.msg, "--outlet 'Main Outlet'"));
    assert_true(tu_contains(err.msg, "--outlet 'Warehouse - North (MAIN)'"));
    assert_true(tu_contains(err.msg, "--outlet 'Web Store'"));
    assert_true(tu_contains(err.msg, "--all-outlets"));
    /* listed in the export's order */
    assert_true(strstr(err.msg, "'Main Outlet'") < strstr(err.msg, "'Warehouse - North (MAIN)'"));
    assert_true(strstr(err.msg, "'Warehouse - North (MAIN)'") < strstr(err.msg, "'Web Store'"));
    p2e_outlet_set_free(&set);
}

static void test_select_unknown_name(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    const char *names[] = {"Nowhere"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 0, &err), P2E_ERR_OUTLETS);
    assert_true(tu_contains(err.msg, "Nowhere"));
    assert_true(tu_contains(err.msg, "--outlet 'Main Outlet'"));
    assert_true(tu_contains(err.msg, "--outlet 'Warehouse - North (MAIN)'"));
    assert_true(tu_contains(err.msg, "--outlet 'Web Store'"));
    p2e_outlet_set_free(&set);
}

/* One unknown name among good ones fails the whole choice. */
static void test_select_unknown_in_list(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    const char *names[] = {"Main Outlet", "Web Store,Atlantis"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 2, 0, &err), P2E_ERR_OUTLETS);
    assert_true(tu_contains(err.msg, "Atlantis"));
    p2e_outlet_set_free(&set);
}

/* Unknown name with one outlet in the export: still an error. */
static void test_select_unknown_single_outlet(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 1);
    const char *names[] = {"Web Store"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 0, &err), P2E_ERR_OUTLETS);
    assert_true(tu_contains(err.msg, "Web Store"));
    assert_true(tu_contains(err.msg, "--outlet 'Main Outlet'"));
    p2e_outlet_set_free(&set);
}

static void test_select_by_display_name_and_key(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    const char *names[] = {"warehouse - north (main)"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){0, 1, 0});
    p2e_outlet_set_free(&set);

    add_keys(&set, three, 3);
    const char *keys[] = {"WAREHOUSE_-_NORTH_(MAIN)"};
    assert_int_equal(p2e_outlet_set_select(&set, keys, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){0, 1, 0});
    p2e_outlet_set_free(&set);
}

static void test_select_repeated_option(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    const char *names[] = {"Main Outlet", "Web Store", "main_outlet"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 3, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){1, 0, 1});
    p2e_outlet_set_free(&set);
}

static void test_select_comma_list(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    const char *names[] = {"main outlet,Warehouse_-_North_(MAIN)"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){1, 1, 0});
    p2e_outlet_set_free(&set);

    /* spaces after the commas, as people type lists */
    add_keys(&set, three, 3);
    const char *spaced[] = {"Web Store, Warehouse - North (MAIN)"};
    assert_int_equal(p2e_outlet_set_select(&set, spaced, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){0, 1, 1});
    p2e_outlet_set_free(&set);
}

/* An outlet whose own name holds a comma is found whole. */
static void test_select_name_with_comma(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    const char *keys[] = {"Main_Outlet", "Shop,_Downtown"};
    add_keys(&set, keys, 2);
    const char *names[] = {"Shop, Downtown"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){0, 1});
    p2e_outlet_set_free(&set);

    add_keys(&set, keys, 2);
    const char *bykey[] = {"shop,_downtown"};
    assert_int_equal(p2e_outlet_set_select(&set, bykey, 1, 0, &err), P2E_OK);
    assert_selected(&set, (const int[]){0, 1});
    p2e_outlet_set_free(&set);

    /* and in the no-choice message it is listed whole */
    add_keys(&set, keys, 2);
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 0, &err), P2E_ERR_OUTLETS);
    assert_true(tu_contains(err.msg, "--outlet 'Shop, Downtown'"));
    p2e_outlet_set_free(&set);
}

static void test_select_all(void **state)
{
    (void)state;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    add_keys(&set, three, 3);
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 1, &err), P2E_OK);
    assert_selected(&set, (const int[]){1, 1, 1});
    p2e_outlet_set_free(&set);

    /* --all-outlets with names too: still all */
    add_keys(&set, three, 3);
    const char *names[] = {"Web Store"};
    assert_int_equal(p2e_outlet_set_select(&set, names, 1, 1, &err), P2E_OK);
    assert_selected(&set, (const int[]){1, 1, 1});
    p2e_outlet_set_free(&set);

    /* with one outlet */
    add_keys(&set, three, 1);
    assert_int_equal(p2e_outlet_set_select(&set, NULL, 0, 1, &err), P2E_OK);
    assert_selected(&set, (const int[]){1});
    p2e_outlet_set_free(&set);
}

/* ---- figures: checked sums ------------------------------------------ */

#define M INT64_C(1000000) /* micro units per unit */

/* The case: a 13-digit EAN typed into a stock column in three
 * rows. Before, the micro total wrapped to -6427600071916.551616; now each
 * count is past 2,147,483,647 and is left out, and said. */
static void test_stats_ean_left_out(void **state)
{
    (void)state;
    p2e_outlet_stats s = {0};
    for (unsigned long line = 2; line <= 4; line++)
        assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, INT64_C(4006381333931) * M, 0, line), 0);
    assert_int_equal(s.positive_total, 0);
    assert_int_equal(s.rows_in_stock, 0);
    assert_int_equal(s.out_of_range, 3);
    assert_int_equal(s.first_line, 2);
}

/* The bounds: +-2,147,483,647 are counts; one more is not. Empty and
 * unreadable cells are no count at all; a number past the parser is out of
 * range. */
static void test_stats_bounds(void **state)
{
    (void)state;
    p2e_outlet_stats s = {0};
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, INT64_C(2147483647) * M, 1, 2), 1);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, -INT64_C(2147483647) * M, 1, 3), 1);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, INT64_C(2147483648) * M, 1, 4), 0);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, -INT64_C(2147483647) * M - 1, 1, 5), 0);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_RANGE, 0, 1, 6), 0);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_EMPTY, 0, 1, 7), 1);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_INVALID, 0, 1, 8), 1);
    assert_int_equal(p2e_outlet_stats_count(&s, P2E_NUM_OK, 2500000, 1, 9), 1); /* 2.5 */
    assert_int_equal(s.rows_in_stock, 2);
    assert_int_equal(s.positive_total, INT64_C(2147483647) * M + 2500000);
    assert_int_equal(s.rows_negative, 1);
    assert_int_equal(s.out_of_range, 3);
    assert_int_equal(s.first_file, 1);
    assert_int_equal(s.first_line, 4);
}

/* Counts each in range whose total outgrows the scaled decimal: it holds
 * 9,223,372,036,853 units, and 9,223,372,036,853 / 2,147,483,647 = 4294.97,
 * so 4294 rows at the limit are counted (9,221,294,780,218 units) and the
 * 4295th is left out, never wrapped. */
static void test_stats_total_never_wraps(void **state)
{
    (void)state;
    p2e_outlet_stats s = {0};
    for (unsigned long row = 1; row <= 4300; row++) {
        int counted = p2e_outlet_stats_count(&s, P2E_NUM_OK, INT64_C(2147483647) * M, 0, row + 1);
        assert_int_equal(counted, row <= 4294);
    }
    assert_int_equal(s.rows_in_stock, 4294);
    assert_int_equal(s.positive_total, INT64_C(9221294780218) * M);
    assert_int_equal(s.out_of_range, 6);
    assert_int_equal(s.first_line, 4296);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_dedupe),
        cmocka_unit_test(test_add_many),
        cmocka_unit_test(test_display_name),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_empty_set),
        cmocka_unit_test(test_select_single_outlet_auto),
        cmocka_unit_test(test_select_no_outlets),
        cmocka_unit_test(test_select_several_no_choice),
        cmocka_unit_test(test_select_unknown_name),
        cmocka_unit_test(test_select_unknown_in_list),
        cmocka_unit_test(test_select_unknown_single_outlet),
        cmocka_unit_test(test_select_by_display_name_and_key),
        cmocka_unit_test(test_select_repeated_option),
        cmocka_unit_test(test_select_comma_list),
        cmocka_unit_test(test_select_name_with_comma),
        cmocka_unit_test(test_select_all),
        cmocka_unit_test(test_stats_ean_left_out),
        cmocka_unit_test(test_stats_bounds),
        cmocka_unit_test(test_stats_total_never_wraps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
