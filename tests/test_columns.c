/*
 * test_columns.c - an export's header: fields by name (any case, aliases),
 * outlet columns by prefix into a shared outlet set, unknown and repeated
 * columns, and the fatal error for missing required columns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_columns.h"
#include "testutil.h"

#define HDR(...) ((const char *const[]){__VA_ARGS__})
#define NHDR(...) (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* p2e_columns_init from C strings. */
static p2e_status init(p2e_columns *c, const char *const *names, size_t n, p2e_outlet_set *set,
                       p2e_err *err)
{
    size_t lens[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(names[i]);
    err->msg[0] = '\0';
    return p2e_columns_init(c, names, lens, n, set, "exp.csv", err);
}

#define INIT(c, set, err, ...) init((c), HDR(__VA_ARGS__), NHDR(__VA_ARGS__), (set), (err))

static void test_basic_fields(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "id", "handle", "sku", "name", "retail_price",
                          "supplier_code", "active", "track_inventory"),
                     P2E_OK);
    assert_int_equal(c.ncols, 8);
    assert_int_equal(c.idx[P2E_COL_ID], 0);
    assert_int_equal(c.idx[P2E_COL_HANDLE], 1);
    assert_int_equal(c.idx[P2E_COL_SKU], 2);
    assert_int_equal(c.idx[P2E_COL_NAME], 3);
    assert_int_equal(c.idx[P2E_COL_RETAIL_PRICE], 4);
    assert_int_equal(c.idx[P2E_COL_SUPPLIER_CODE], 5);
    assert_int_equal(c.idx[P2E_COL_ACTIVE], 6);
    assert_int_equal(c.idx[P2E_COL_TRACK_INVENTORY], 7);
    /* absent fields */
    assert_int_equal(c.idx[P2E_COL_UPC], -1);
    assert_int_equal(c.idx[P2E_COL_CATEGORY], -1);
    assert_int_equal(c.idx[P2E_COL_COMPOSITE_KEY], -1);
    assert_int_equal(c.idx[P2E_COL_WEIGHT], -1);
    assert_null(c.name[P2E_COL_UPC]);
    /* the header name used */
    assert_string_equal(c.name[P2E_COL_SKU], "sku");
    assert_string_equal(c.name[P2E_COL_RETAIL_PRICE], "retail_price");
    assert_string_equal(c.header[3], "name");
    assert_int_equal(c.nunknown, 0);
    assert_int_equal(c.nduplicate, 0);
    assert_int_equal(set.count, 0);
    p2e_columns_free(&c);
}

/* Every field of the current X-Series header by its own name. */
static void test_every_canonical_name(void **state)
{
    (void)state;
    for (int col = 0; col < P2E_COL_COUNT; col++) {
        const char *name = p2e_col_name((p2e_col)col);
        assert_true(name[0] != '\0');
        p2e_columns c;
        p2e_outlet_set set = {0};
        p2e_err err;
        const char *names[] = {"sku", "name", "retail_price", name};
        size_t n = 4;
        if (col == P2E_COL_SKU || col == P2E_COL_NAME || col == P2E_COL_RETAIL_PRICE)
            n = 3;
        assert_int_equal(init(&c, names, n, &set, &err), P2E_OK);
        if (n == 4)
            assert_int_equal(c.idx[col], 3);
        assert_int_equal(c.nunknown, 0);
        assert_int_equal(c.nduplicate, 0);
        p2e_columns_free(&c);
    }
}

static const struct {
    p2e_col col;
    const char *name;
} canonical[] = {
    {P2E_COL_ID, "id"},
    {P2E_COL_HANDLE, "handle"},
    {P2E_COL_SKU, "sku"},
    {P2E_COL_COMPOSITE_KEY, "composite_handle"},
    {P2E_COL_COMPOSITE_SKU, "composite_sku"},
    {P2E_COL_COMPOSITE_QUANTITY, "composite_quantity"},
    {P2E_COL_NAME, "name"},
    {P2E_COL_DESCRIPTION, "description"},
    {P2E_COL_CATEGORY, "product_category"},
    {P2E_COL_OPT1_NAME, "variant_option_one_name"},
    {P2E_COL_OPT1_VALUE, "variant_option_one_value"},
    {P2E_COL_OPT3_VALUE, "variant_option_three_value"},
    {P2E_COL_ACTIVE_ONLINE, "active_online"},
    {P2E_COL_WEIGHT_UNIT, "weight_unit"},
    {P2E_COL_DIMENSIONS_UNIT, "dimensions_unit"},
    {P2E_COL_RETAIL_PRICE, "retail_price"},
    {P2E_COL_BRAND, "brand_name"},
    {P2E_COL_SUPPLIER_CODE, "supplier_code"},
    {P2E_COL_TRACK_INVENTORY, "track_inventory"},
    {P2E_COL_UPC, "upc"},
};

static void test_col_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof canonical / sizeof canonical[0]; i++)
        assert_string_equal(p2e_col_name(canonical[i].col), canonical[i].name);
}

static void test_outcol_prefixes(void **state)
{
    (void)state;
    assert_string_equal(p2e_outcol_prefix[P2E_OUTCOL_INVENTORY], "inventory_");
    assert_string_equal(p2e_outcol_prefix[P2E_OUTCOL_REORDER_POINT], "reorder_point_");
    assert_string_equal(p2e_outcol_prefix[P2E_OUTCOL_RESTOCK_LEVEL], "restock_level_");
    assert_string_equal(p2e_outcol_prefix[P2E_OUTCOL_TAX], "outlet_tax_");
}

static void test_alias_type(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price", "type",
                          "composite_name"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_CATEGORY], 3);
    assert_string_equal(c.name[P2E_COL_CATEGORY], "type");
    assert_int_equal(c.idx[P2E_COL_COMPOSITE_KEY], 4);
    assert_string_equal(c.name[P2E_COL_COMPOSITE_KEY], "composite_name");
    assert_int_equal(c.nunknown, 0);
    p2e_columns_free(&c);

    assert_int_equal(INIT(&c, &set, &err, "composite_handle", "product_category", "sku", "name",
                          "retail_price"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_CATEGORY], 1);
    assert_string_equal(c.name[P2E_COL_CATEGORY], "product_category");
    assert_int_equal(c.idx[P2E_COL_COMPOSITE_KEY], 0);
    assert_string_equal(c.name[P2E_COL_COMPOSITE_KEY], "composite_handle");
    p2e_columns_free(&c);
}

static void test_alias_upc(void **state)
{
    (void)state;
    const char *aliases[] = {"upc", "ean", "gtin", "barcode", "UPC", "Barcode"};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        p2e_columns c;
        p2e_outlet_set set = {0};
        p2e_err err;
        const char *names[] = {"sku", aliases[i], "name", "retail_price"};
        assert_int_equal(init(&c, names, 4, &set, &err), P2E_OK);
        assert_int_equal(c.idx[P2E_COL_UPC], 1);
        assert_string_equal(c.name[P2E_COL_UPC], aliases[i]);
        assert_int_equal(c.nunknown, 0);
        p2e_columns_free(&c);
    }
}

/* "the UPC column is the first of upc, ean, gtin, barcode present"
 * (docs/convert-rules.md): the order of that list decides, not the
 * order of the columns in the file. */
static void test_alias_upc_precedence(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    /* in list order already */
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price", "upc", "barcode"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_UPC], 3);
    p2e_columns_free(&c);
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price", "ean", "gtin"), P2E_OK);
    assert_int_equal(c.idx[P2E_COL_UPC], 3);
    p2e_columns_free(&c);
    /* in the other order: still upc, then ean, then gtin */
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price", "barcode", "upc"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_UPC], 4);
    p2e_columns_free(&c);
    assert_int_equal(INIT(&c, &set, &err, "barcode", "gtin", "ean", "sku", "name",
                          "retail_price"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_UPC], 2);
    p2e_columns_free(&c);
}

static void test_case_and_spaces(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "SKU", "Name", "RETAIL_PRICE", " Handle ",
                          "Product_Category  ", "Variant_Option_One_Name"),
                     P2E_OK);
    assert_int_equal(c.idx[P2E_COL_SKU], 0);
    assert_int_equal(c.idx[P2E_COL_NAME], 1);
    assert_int_equal(c.idx[P2E_COL_RETAIL_PRICE], 2);
    assert_int_equal(c.idx[P2E_COL_HANDLE], 3);
    assert_int_equal(c.idx[P2E_COL_CATEGORY], 4);
    assert_int_equal(c.idx[P2E_COL_OPT1_NAME], 5);
    /* names kept as written, without the surrounding spaces */
    assert_string_equal(c.header[3], "Handle");
    assert_string_equal(c.name[P2E_COL_HANDLE], "Handle");
    assert_string_equal(c.header[4], "Product_Category");
    assert_string_equal(c.name[P2E_COL_SKU], "SKU");
    assert_int_equal(c.nunknown, 0);
    p2e_columns_free(&c);
}

/* The cells are read by length, not up to a NUL. */
static void test_cells_by_length(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    const char *cells[] = {"skuXX", "name", "retail_price_and_more", "inventory_MainYY"};
    const size_t lens[] = {3, 4, 12, 14};
    assert_int_equal(p2e_columns_init(&c, cells, lens, 4, &set, "exp.csv", &err), P2E_OK);
    assert_int_equal(c.idx[P2E_COL_SKU], 0);
    assert_int_equal(c.idx[P2E_COL_RETAIL_PRICE], 2);
    assert_string_equal(c.header[2], "retail_price");
    assert_int_equal(set.count, 1);
    assert_string_equal(set.items[0].key, "Main");
    p2e_columns_free(&c);
    p2e_outlet_set_free(&set);
}

static void test_outlets_from_all_prefixes(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price",
                          "inventory_Main_Outlet",         /* 3 */
                          "reorder_point_Main_Outlet",     /* 4 */
                          "restock_level_Main_Outlet",     /* 5 */
                          "outlet_tax_Main_Outlet",        /* 6 */
                          "inventory_Warehouse_-_North_(MAIN)", /* 7 */
                          "outlet_tax_Web_Store",          /* 8: an outlet only by its tax */
                          "INVENTORY_Web_Store",           /* 9: prefix in any case */
                          "Restock_Level_Warehouse_-_North_(MAIN)"), /* 10 */
                     P2E_OK);
    assert_int_equal(set.count, 3);
    assert_string_equal(set.items[0].key, "Main_Outlet");
    assert_string_equal(set.items[1].key, "Warehouse_-_North_(MAIN)");
    assert_string_equal(set.items[2].key, "Web_Store");
    assert_int_equal(c.noutlets, 3);
    static const long expect[P2E_OUTCOL_COUNT][3] = {
        [P2E_OUTCOL_INVENTORY] = {3, 7, 9},
        [P2E_OUTCOL_REORDER_POINT] = {4, -1, -1},
        [P2E_OUTCOL_RESTOCK_LEVEL] = {5, 10, -1},
        [P2E_OUTCOL_TAX] = {6, -1, 8},
    };
    for (int k = 0; k < P2E_OUTCOL_COUNT; k++)
        for (size_t o = 0; o < 3; o++)
            if (c.outlet_idx[k][o] != expect[k][o])
                fail_msg("outlet_idx[%d][%zu] = %ld, expected %ld", k, o, c.outlet_idx[k][o],
                         expect[k][o]);
    assert_int_equal(c.nunknown, 0);
    assert_int_equal(c.nduplicate, 0);
    p2e_columns_free(&c);
    p2e_outlet_set_free(&set);
}

/* A prefix alone, or a near miss, is not an outlet column. */
static void test_outlet_prefix_near_misses(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "retail_price", "inventory_",
                          "inventory", "outlet_tax", "inventoryMain"),
                     P2E_OK);
    assert_int_equal(set.count, 0);
    assert_int_equal(c.nunknown, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(c.unknown[i], 3 + i);
    p2e_columns_free(&c);
}

/* Two files share one outlet set: the second adds an outlet, the first's
 * columns are grown with p2e_columns_sync_outlets. */
static void test_second_header_adds_outlet(void **state)
{
    (void)state;
    p2e_columns a, b;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&a, &set, &err, "sku", "inventory_Main_Outlet", "name",
                          "retail_price"),
                     P2E_OK);
    assert_int_equal(set.count, 1);
    assert_int_equal(a.noutlets, 1);
    assert_int_equal(a.outlet_idx[P2E_OUTCOL_INVENTORY][0], 1);

    assert_int_equal(INIT(&b, &set, &err, "sku", "name", "retail_price", "inventory_Second",
                          "reorder_point_Main_Outlet", "inventory_Main_Outlet"),
                     P2E_OK);
    assert_int_equal(set.count, 2);
    assert_string_equal(set.items[1].key, "Second");
    assert_int_equal(b.noutlets, 2);
    assert_int_equal(b.outlet_idx[P2E_OUTCOL_INVENTORY][0], 5);
    assert_int_equal(b.outlet_idx[P2E_OUTCOL_INVENTORY][1], 3);
    assert_int_equal(b.outlet_idx[P2E_OUTCOL_REORDER_POINT][0], 4);
    assert_int_equal(b.outlet_idx[P2E_OUTCOL_REORDER_POINT][1], -1);
    assert_int_equal(b.outlet_idx[P2E_OUTCOL_TAX][0], -1);

    /* the first file does not know the new outlet yet */
    assert_int_equal(a.noutlets, 1);
    assert_int_equal(p2e_columns_sync_outlets(&a, &set), P2E_OK);
    assert_int_equal(a.noutlets, 2);
    for (int k = 0; k < P2E_OUTCOL_COUNT; k++)
        assert_int_equal(a.outlet_idx[k][1], -1);
    assert_int_equal(a.outlet_idx[P2E_OUTCOL_INVENTORY][0], 1);
    assert_int_equal(a.outlet_idx[P2E_OUTCOL_REORDER_POINT][0], -1);
    /* syncing again changes nothing */
    assert_int_equal(p2e_columns_sync_outlets(&a, &set), P2E_OK);
    assert_int_equal(a.noutlets, 2);
    assert_int_equal(a.outlet_idx[P2E_OUTCOL_INVENTORY][0], 1);

    p2e_columns_free(&a);
    p2e_columns_free(&b);
    p2e_outlet_set_free(&set);
}

static void test_unknown_columns(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku", "colour", "name", "retail_price", "foo",
                          "product_sku"),
                     P2E_OK);
    assert_int_equal(c.nunknown, 3);
    assert_int_equal(c.unknown[0], 1);
    assert_int_equal(c.unknown[1], 4);
    assert_int_equal(c.unknown[2], 5);
    assert_string_equal(c.header[c.unknown[0]], "colour");
    assert_string_equal(c.header[c.unknown[1]], "foo");
    assert_int_equal(c.nduplicate, 0);
    p2e_columns_free(&c);
}

static void test_duplicate_columns(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "SKU", "retail_price",
                          "inventory_A", "Inventory_A", "name"),
                     P2E_OK);
    /* the first column of a name wins */
    assert_int_equal(c.idx[P2E_COL_SKU], 0);
    assert_int_equal(c.idx[P2E_COL_NAME], 1);
    assert_int_equal(c.outlet_idx[P2E_OUTCOL_INVENTORY][0], 4);
    assert_int_equal(set.count, 1);
    assert_int_equal(c.nduplicate, 3);
    assert_int_equal(c.duplicate[0], 2);
    assert_int_equal(c.duplicate[1], 5);
    assert_int_equal(c.duplicate[2], 6);
    assert_int_equal(c.nunknown, 0);
    p2e_columns_free(&c);
    p2e_outlet_set_free(&set);
}

/* The part of the message between two markers. */
static void segment(const char *msg, const char *from, const char *to, char *out, size_t len)
{
    const char *a = strstr(msg, from);
    assert_non_null(a);
    const char *b = to ? strstr(a, to) : NULL;
    size_t n = b ? (size_t)(b - a) : strlen(a);
    if (n >= len)
        n = len - 1;
    memcpy(out, a, n);
    out[n] = '\0';
}

static void test_missing_required(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    char miss[512], found[512];
    assert_int_equal(INIT(&c, &set, &err, "handle", "Name", "price"), P2E_ERR_FORMAT);
    assert_true(tu_contains(err.msg, "exp.csv"));
    segment(err.msg, "missing", "found", miss, sizeof miss);
    segment(err.msg, "found", NULL, found, sizeof found);
    /* names the missing ones, and only those */
    assert_true(tu_contains(miss, "sku"));
    assert_true(tu_contains(miss, "retail_price"));
    assert_false(tu_contains(miss, "name"));
    /* lists what was found */
    assert_true(tu_contains(found, "handle"));
    assert_true(tu_contains(found, "Name"));
    assert_true(tu_contains(found, "price"));
    p2e_columns_free(&c);

    /* one missing */
    assert_int_equal(INIT(&c, &set, &err, "sku", "name", "price"), P2E_ERR_FORMAT);
    segment(err.msg, "missing", "found", miss, sizeof miss);
    assert_true(tu_contains(miss, "retail_price"));
    assert_false(tu_contains(miss, "sku"));
    p2e_columns_free(&c);

    /* all three */
    assert_int_equal(INIT(&c, &set, &err, "Artikel", "Preis"), P2E_ERR_FORMAT);
    segment(err.msg, "missing", "found", miss, sizeof miss);
    segment(err.msg, "found", NULL, found, sizeof found);
    assert_true(tu_contains(miss, "sku"));
    assert_true(tu_contains(miss, "name"));
    assert_true(tu_contains(miss, "retail_price"));
    assert_true(tu_contains(found, "Artikel"));
    assert_true(tu_contains(found, "Preis"));
    p2e_columns_free(&c);
}

/* A header of one column: a file in another delimiter, read with ','. */
static void test_missing_one_wide_column(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err;
    assert_int_equal(INIT(&c, &set, &err, "sku|name|retail_price"), P2E_ERR_FORMAT);
    assert_true(tu_contains(err.msg, "sku|name|retail_price"));
    p2e_columns_free(&c);
}

static void test_empty_header(void **state)
{
    (void)state;
    p2e_columns c;
    p2e_outlet_set set = {0};
    p2e_err err = {{0}};
    assert_int_equal(p2e_columns_init(&c, NULL, NULL, 0, &set, "empty.csv", &err),
                     P2E_ERR_FORMAT);
    assert_true(tu_contains(err.msg, "empty.csv"));
    assert_true(tu_contains(err.msg, "sku"));
    p2e_columns_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_fields),
        cmocka_unit_test(test_every_canonical_name),
        cmocka_unit_test(test_col_name),
        cmocka_unit_test(test_outcol_prefixes),
        cmocka_unit_test(test_alias_type),
        cmocka_unit_test(test_alias_upc),
        cmocka_unit_test(test_alias_upc_precedence),
        cmocka_unit_test(test_case_and_spaces),
        cmocka_unit_test(test_cells_by_length),
        cmocka_unit_test(test_outlets_from_all_prefixes),
        cmocka_unit_test(test_outlet_prefix_near_misses),
        cmocka_unit_test(test_second_header_adds_outlet),
        cmocka_unit_test(test_unknown_columns),
        cmocka_unit_test(test_duplicate_columns),
        cmocka_unit_test(test_missing_required),
        cmocka_unit_test(test_missing_one_wide_column),
        cmocka_unit_test(test_empty_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
