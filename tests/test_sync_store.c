/*
 * test_sync_store.c - `pos2ecom sync` and what the store's export holds
 * besides the POS products:
 *   - deletions with --previous, --disable-deleted, a product sold in store
 *     only from now on (not deleted), a product whose row is left out as a
 *     duplicate id or SKU (not deleted);
 *   - eCom-only products and variations (reported, left alone);
 *   - product_internal_id copied onto every row of an updated family;
 *   - a store export with a subset of columns, the " -1" quirk and braced
 *     option columns, empty variation cells that inherit the product's;
 *     the previous export's keys-only read;
 *   - the real E-Series export excerpts in ../shared/fixtures-public/ecom/
 *     are read with the counts their README states (skipped when absent).
 *
 * The fixtures, the helpers and where the expectations come from:
 * sync_util.h.
 */
#include "sync_util.h"

/* THM-1 is in --previous but no longer in the export: deleted in the POS. */
static void test_deleted_with_previous(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    const char *store = base_store(NULL, NULL);
    sync_call c = {{now, NULL}, store, prev, 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->rows[0].ncells, 3);
    assert_string_equal(del->rows[0].cell[0], "product_internal_id");
    assert_string_equal(del->rows[0].cell[1], "product_sku");
    assert_string_equal(del->rows[0].cell[2], "product_name");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_internal_id", ID_THERMOS);
    assert_cell(del, 1, "product_sku", "THM-1");
    assert_cell(del, 1, "product_name", "Retro Thermos");
    assert_header_only(out, "ecom-update.csv");
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "DELETED_IN_POS", "THM-1", NULL) > 0);
    assert_int_equal(find_finding(e, "ECOM_ONLY_PRODUCT", "THM-1", NULL), -1);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "ecom_only_products", 0);
    assert_summary(out, "unchanged", 2);
}

/* The store's THM-1 is not deleted: its POS row is left out (why: the
 * reading finding named), so NOT_DELETED_ROW_LEFT_OUT and nothing to delete. */
static void assert_thm_left_alone(const char *out, const char *why)
{
    assert_header_only(out, "ecom-delete.csv");
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, why, "THM-1", NULL) > 0);
    assert_true(find_finding(e, "NOT_DELETED_ROW_LEFT_OUT", "THM-1", NULL) > 0);
    assert_int_equal(find_finding(e, "DELETED_IN_POS", "THM-1", NULL), -1);
    assert_summary(out, "to_delete", 0);
}

/* THM-1 is in --previous and its row is still in the export, but left out
 * there: its id repeats STV-1's (DUPLICATE_ID). It is not gone from the
 * POS, so it is not deleted: NOT_DELETED_ROW_LEFT_OUT, left alone (found by
 * the L sync bench: 4 products of a million were listed for deletion). */
static void test_left_out_duplicate_id_not_deleted(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,", "1,thermos,THM-1,");
    sync_call c = {{now, NULL}, base_store(NULL, NULL), prev, 1, 0, NULL, NULL};
    const char *out = sync_to(&c);
    assert_thm_left_alone(out, "DUPLICATE_ID");
    /* --disable-deleted (set above) does not touch it either */
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(find_row(u, "product", "THM-1"), -1);
}

/* The same when the row is left out as a duplicate SKU: a new size of the
 * tee, read first, took THM-1; the thermos row is left out, so the
 * store's THM-1 stays (the DUPLICATE_SKU error says what to fix). */
static void test_left_out_duplicate_sku_not_deleted(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,",
                            "5,tee,THM-1,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,L,20.00,"
                            "Ridgeline,,0.2,KG,,,,,1,1,Sales Tax,2,2,6,Summit Apparel,SA-L,8.40,apparel\n"
                            "4,thermos,THM-1,");
    sync_call c = {{now, NULL}, base_store(NULL, NULL), prev, 0, 0, NULL, NULL};
    assert_thm_left_alone(sync_to(&c), "DUPLICATE_SKU");
}

/* --disable-deleted: the deleted product also goes into the update,
 * unavailable, keyed by its internal id. */
static void test_disable_deleted(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    static const store_edit edits[] = {{"THM-1", "product_is_available", "true"}, {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    sync_call c = {{now, NULL}, store, prev, 1, 0, NULL, NULL};
    const char *out = sync_to(&c);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "THM-1");
    assert_cell(u, r, "product_internal_id", ID_THERMOS);
    assert_cell(u, r, "product_is_available", "false");
    assert_int_equal(count_type(u, "product"), 1);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_sku", "THM-1");
}

/* The same with a new category (the stove moves to Outdoor / Cooking): the
 * deleted product's row comes before the category rows, which come after
 * every product (ecom-import.md §1.1; `pos2ecom check`,
 * IMPORT_CATEGORY_ORDER). */
static void test_disable_deleted_before_categories(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    static const char *const pairs[] = {
        "4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
        "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
        "", "Outdoor / Camping", "Outdoor / Cooking", NULL};
    static const store_edit edits[] = {{"THM-1", "product_is_available", "true"}, {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    sync_call c = {{edited(BASE, pairs), NULL}, store, prev, 1, 0, NULL, NULL};
    const char *out = sync_to(&c);
    tu_rows *u = table(out, "ecom-update.csv");
    long thermos = find_row(u, "product", "THM-1"), cat = find_row(u, "category", "Outdoor / Cooking");
    assert_true(find_row(u, "product", "STV-1") > 0);
    assert_true(thermos > 0);
    assert_true(cat > thermos);
    assert_int_equal((long)u->count - 1, cat); /* the last row */
}

/* Sold in store only from now on (active_online 1 -> 0): the product still
 * exists in the POS, so it is not deleted; it is no longer sold online
 * (shared/spec/conversion-rules.md section 1), i.e. made unavailable. */
static void test_in_store_only_not_deleted(void **state)
{
    (void)state;
    static const char week1[] =
        "id,handle,sku,name,retail_price,active,active_online,track_inventory,inventory_Main_Outlet\n"
        "1,alpha,A-1,Alpha,10.00,1,1,1,5\n"
        "2,fuel,FUEL-1,Fuel Canister,6.00,1,1,1,9\n";
    const char *prev = tmp_text(week1);
    const char *store = build_store(convert_to(prev, NULL, NULL), NULL, NULL);
    const char *now = tmp_text(
        "id,handle,sku,name,retail_price,active,active_online,track_inventory,inventory_Main_Outlet\n"
        "1,alpha,A-1,Alpha,10.00,1,1,1,5\n"
        "2,fuel,FUEL-1,Fuel Canister,6.00,1,0,1,9\n");
    sync_call c = {{now, NULL}, store, prev, 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    assert_header_only(out, "ecom-delete.csv");
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "DELETED_IN_POS", "FUEL-1", NULL), -1);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "FUEL-1");
    assert_cell(u, r, "product_internal_id", "1002");
    assert_cell(u, r, "product_is_available", "false");
}

/* Without --previous a store product that matches nothing is reported as
 * eCom-only (or deleted in the POS) and left alone. */
static void test_ecom_only_product(void **state)
{
    (void)state;
    static const char *const gift[] = {"type=product", "product_internal_id=1099",
                                       "product_sku=GIFT-25", "product_name=Gift Card",
                                       "product_price=25.00", "product_is_available=true", NULL};
    static const char *const *const extra[] = {gift, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    tu_rows *e = table(out, "exceptions.csv");
    long f = find_finding(e, "ECOM_ONLY_PRODUCT", "GIFT-25", NULL);
    assert_true(f > 0);
    assert_cell(e, f, "file", store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "ecom-delete.csv");
    tu_rows *d = table(out, "drift.csv");
    long r = find_drift(d, "GIFT-25", "(product)");
    assert_true(r > 0);
    assert_true(tu_contains(cell(d, r, "action"), "eCom-only"));
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "to_delete", 0);
    /* a product removed from the POS, without --previous: the same */
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    const char *out2 = sync_simple(now, store);
    tu_rows *e2 = table(out2, "exceptions.csv");
    assert_true(find_finding(e2, "ECOM_ONLY_PRODUCT", "THM-1", NULL) > 0);
    assert_header_only(out2, "ecom-delete.csv");
    assert_header_only(out2, "ecom-update.csv");
    assert_summary(out2, "ecom_only_products", 2);
}

static const char *const TEE_XL[] = {"type=product_variation", "product_internal_id=" ID_TEE,
                                     "product_sku=tee", "product_variation_sku=TEE-XL",
                                     "product_variation_option_Size=XL", "product_price=22.00",
                                     "product_is_available=true", "product_is_inventory_tracked=true",
                                     "product_quantity=2", NULL};
static const char *const TEE_XL_OPTION[] = {"type=product_option", "product_internal_id=" ID_TEE,
                                            "product_sku=tee", "product_option_name=Size",
                                            "product_option_type=DROPDOWNLIST",
                                            "product_option_is_required=true",
                                            "product_option_value=XL",
                                            "product_option_is_default_option_selection=false", NULL};

/* A variation added in eCom is reported ... */
static void test_ecom_only_variation_reported(void **state)
{
    (void)state;
    static const char *const *const extra[] = {TEE_XL_OPTION, TEE_XL, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "ECOM_ONLY_VARIATION", "tee", "TEE-XL") > 0);
    assert_summary(out, "ecom_only_variations", 1);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(find_row(u, "product_variation", "TEE-XL"), -1);
}

/* ... and left alone: the update does not rewrite the family's options
 * without the eCom-only value (that would take it away from the store). */
static void test_ecom_only_variation_left_alone(void **state)
{
    (void)state;
    static const char *const *const extra[] = {TEE_XL_OPTION, TEE_XL, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
}

/* Updated families carry the store's id on every row; created ones none. */
static void test_internal_id_copied(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Size,S,20.00,", "Size,S,21.00,",
        "clearance\n", "clearance\n6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
                       "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(col(u, "product_internal_id"), 1);
    size_t tee_rows = 0;
    for (size_t r = 1; r < u->count; r++) {
        const char *type = cell(u, (long)r, "type");
        const char *sku = cell(u, (long)r, "product_sku");
        if (same(sku, "tee")) {
            assert_cell(u, (long)r, "product_internal_id", ID_TEE);
            tee_rows++;
        } else if (same(type, "product")) {
            assert_string_equal(sku, "MUG-1");
            assert_cell(u, (long)r, "product_internal_id", "");
        }
    }
    assert_int_equal(tee_rows, 1 + 2 + 2); /* product, 2 options, 2 variations */
    assert_drift(out, "MUG-1", "(product)", "", "Enamel Mug", "create");
    assert_summary(out, "created", 1);
    assert_summary(out, "updated", 1);
    assert_summary(out, "unchanged", 2);
}

/* A store export with a subset of columns (no type, no price): price is
 * not compared, the name is. */
static const char SUBSET_STORE[] =
    "product_internal_id,product_sku,product_name,product_category_1,url\n"
    "1001,STV-1,Canister Stove,Outdoor / Camping,https://shop.example/p/1001\n"
    "1003,THM-1,Retro Thermos,Outdoor / Hydration,https://shop.example/p/1003\n";

#define TEE_ROWS                                                                           \
    "2,tee,TEE-S,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,S,20.00,Ridgeline,96385074,"  \
    "0.2,KG,,,,,1,1,Sales Tax,3,2,6,Summit Apparel,SA-S,8.40,apparel\n"                     \
    "3,tee,TEE-M,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,M,20.00,Ridgeline,,0.2,KG,"   \
    ",,,,1,1,Sales Tax,4,2,6,Summit Apparel,SA-M,8.40,apparel\n"

static void test_subset_columns(void **state)
{
    (void)state;
    const char *store = tmp_text(SUBSET_STORE);
    static const char *const price[] = {TEE_ROWS, "", "49.00", "52.00", NULL};
    const char *out = sync_simple(edited(BASE, price), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(find_row(u, "product", "STV-1"), -1);
    assert_int_equal(find_drift(table(out, "drift.csv"), "STV-1", "product_price"), -1);
    assert_summary(out, "updated", 0);
    static const char *const name[] = {TEE_ROWS, "", "Canister Stove,", "Canister Stove Pro,", NULL};
    const char *out2 = sync_simple(edited(BASE, name), store);
    tu_rows *u2 = table(out2, "ecom-update.csv");
    long r = find_row(u2, "product", "STV-1");
    assert_cell(u2, r, "product_name", "Canister Stove Pro");
    assert_cell(u2, r, "product_internal_id", "1001");
    assert_drift(out2, "STV-1", "product_name", "Canister Stove", "Canister Stove Pro", "update");
    assert_summary(out2, "updated", 1);
}

/* Nothing changed against a subset export without category rows: the
 * update holds no family, so it holds no category rows either. */
static void test_subset_no_stray_category_rows(void **state)
{
    (void)state;
    const char *store = tmp_text(SUBSET_STORE);
    static const char *const no_tee[] = {TEE_ROWS, "", NULL};
    const char *out = sync_simple(edited(BASE, no_tee), store);
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-update.csv");
}

/* A subset export with no option or variation columns says nothing about
 * a family's options and variations: they are not compared. */
static void test_subset_variant_family(void **state)
{
    (void)state;
    const char *store = tmp_text("product_internal_id,product_sku,product_name\n"
                                 "1001,STV-1,Canister Stove\n"
                                 "1002,tee,Logo Tee\n"
                                 "1003,THM-1,Retro Thermos\n");
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "drift.csv");
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "updated", 0);
}

/* The export quirks: " -1" quantities (quoted, leading space), braces
 * around option column suffixes, export-only columns, columns in another
 * order. */
static const char QUIRK_POS[] =
    "id,handle,sku,name,product_category,variant_option_one_name,variant_option_one_value,"
    "retail_price,active,track_inventory,inventory_Main_Outlet\n"
    "1,beans,HB-WB,House Blend,Coffee,Grind Size,Whole Bean,15.00,1,1,-3\n"
    "2,beans,HB-DR,House Blend,Coffee,Grind Size,Drip,15.00,1,1,4\n";

static const char QUIRK_STORE[] =
    "type,product_internal_id,product_sku,product_name,product_price,product_is_inventory_tracked,"
    "product_quantity,product_quantity_out_of_stock_behaviour,product_is_available,"
    "product_category_1,product_option_name,product_option_type,product_option_is_required,"
    "product_option_value,product_option_markup,product_option_is_default_option_selection,"
    "product_variation_option_{Grind Size},product_variation_sku,category_internal_id,"
    "category_path,category_is_available,source_store_id,url\n"
    "product,2001,beans,House Blend,15.00,true,\" -1\",SHOW,true,Coffee,,,,,,,,,,,,9,https://s/p/2001\n"
    "product_option,2001,beans,,,,,,,,Grind Size,DROPDOWNLIST,true,Whole Bean,0.00,true,,,,,,9,\n"
    "product_option,2001,beans,,,,,,,,Grind Size,DROPDOWNLIST,true,Drip,0.00,false,,,,,,9,\n"
    "product_variation,2001,beans,,15.00,true,\" -1\",SHOW,true,,,,,,,,Whole Bean,,,,,9,"
    "https://s/p/2001/variation=1\n"
    "product_variation,2001,beans,,15.00,true,0,SHOW,true,,,,,,,,Drip,HB-DR,,,,9,"
    "https://s/p/2001/variation=2\n"
    "category,,,,,,,,,,,,,,,,,,3001,Coffee,true,9,https://s/c/3001\n";

static void test_store_quirks(void **state)
{
    (void)state;
    const char *store_path = tmp_text(QUIRK_STORE);
    p2e_store s;
    read_store(&s, store_path);
    assert_int_equal(s.nproducts, 1);
    assert_int_equal(s.nvariations, 2);
    assert_int_equal(s.ncategories, 1);
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_QUANTITY]), "-1");
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_INTERNAL_ID]), "2001");
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_OPTIONS]), "Grind Size=Whole Bean|Drip\n");
    uint32_t v = s.products[0].first_variation;
    assert_int_not_equal(v, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_QUANTITY]), "-1");
    assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_OPTIONS]), "Grind Size=Whole Bean\n");
    /* found by its option values though the store has no SKU for it */
    assert_int_equal(p2e_store_find_variation(&s, 0, "HB-WB", "Grind Size=Whole Bean\n"), v);
    p2e_store_free(&s);
    const char *out = sync_simple(tmp_text(QUIRK_POS), store_path);
    tu_rows *d = table(out, "drift.csv");
    assert_int_equal(find_drift(d, "HB-WB", "(variation)"), -1);
    assert_int_equal(find_drift(d, "HB-DR", "(variation)"), -1);
    assert_int_equal(find_drift(d, "beans", "options"), -1);
    assert_drift(out, "beans", "product_quantity", "-1", "4", "update");
    assert_drift(out, "HB-WB", "product_quantity", "-1", "0", "update");
    assert_drift(out, "HB-DR", "product_quantity", "0", "4", "update");
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product_variation", "HB-DR"), "product_quantity", "4");
    assert_cell(u, find_row(u, "product", "beans"), "product_internal_id", "2001");
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "ecom_only_variations", 0);
}

/* The previous export of a sync is read keys only: the same product is
 * found by its SKU and keeps its id, every other field is "", and the
 * option, variation and category rows are read but not kept (the quirk
 * store above holds one of each kind: 1 product, 2 options, 2 variations,
 * 1 category, 6 rows). */
static void test_keys_only(void **state)
{
    (void)state;
    const char *store_path = tmp_text(QUIRK_STORE);
    p2e_store s;
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_init(&s), P2E_OK);
    s.keys_only = 1;
    assert_int_equal(p2e_store_read(&s, store_path, &err), P2E_OK);
    assert_int_equal(s.rows_read, 6);
    assert_int_equal(s.nproducts, 1);
    assert_int_equal(s.nvariations, 0);
    assert_int_equal(s.ncategories, 0);
    assert_int_equal(p2e_store_find_product(&s, "beans"), 0);
    assert_int_equal(p2e_store_find_product(&s, "HB-DR"), P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_INTERNAL_ID]), "2001");
    for (int k = 0; k < P2E_SF_COUNT; k++)
        if (k != P2E_SF_SKU && k != P2E_SF_INTERNAL_ID && *sval(&s, s.products[0].f[k]))
            fail_msg("field %d kept: '%s'", k, sval(&s, s.products[0].f[k]));
    p2e_store_free(&s);
}

/* Real exports leave variation cells empty where the variation inherits
 * the product's value (shared/spec/ecom-import.md, section 11, note 5):
 * an empty cell is not a difference. */
static void test_variation_empty_cells_inherit(void **state)
{
    (void)state;
    static const store_edit edits[] = {
        {"TEE-S", "product_is_available", ""}, {"TEE-M", "product_is_available", ""},
        {"TEE-S", "product_weight", ""},       {"TEE-M", "product_weight", ""},
        {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-update.csv");
}

/* ---- the real E-Series exports -------------------------------------------- */

static size_t option_values(const p2e_store *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nproducts; i++)
        for (const char *p = sval(s, s->products[i].f[P2E_SF_OPTIONS]); *p; p++)
            n += *p == '|' || *p == '\n';
    return n;
}

static void test_public_cranks(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_new_format_export_excerpt_cranks.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.rows_read, 67);
    assert_int_equal(s.rows_ignored, 0);
    assert_int_equal(s.nproducts, 5);
    assert_int_equal(option_values(&s), 23);
    assert_int_equal(s.nvariations, 29);
    assert_int_equal(s.ncategories, 10);
    uint32_t p = p2e_store_find_product(&s, "196261000450 - Base");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "809003298");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_PRICE]), "99.00");
    assert_true(s.products[p].seen_fields[P2E_SF_COMPARE_TO]);
    /* the " -1" variation */
    int found = 0;
    for (size_t v = 0; v < s.nvariations; v++)
        if (!strcmp(sval(&s, s.variations[v].f[P2E_SF_SKU]), "841269137065")) {
            assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_QUANTITY]), "-1");
            found = 1;
        }
    assert_true(found);
    p2e_store_free(&s);
}

static void test_public_usav(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_new_format_export_subset_usav.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.nproducts, 18);
    assert_int_equal(s.nvariations, 0);
    assert_int_equal(s.ncategories, 0);
    uint32_t p = p2e_store_find_product(&s, "98");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "189421200");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_CATEGORY]), "Bose Accessories");
    assert_false(s.products[p].seen_fields[P2E_SF_PRICE]);
    assert_true(s.products[p].seen_fields[P2E_SF_NAME]);
    for (size_t i = 0; i < s.nproducts; i++)
        assert_true(*sval(&s, s.products[i].f[P2E_SF_SKU]) != '\0');
    p2e_store_free(&s);
}

static void test_public_skunify_legacy(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_legacy_format_export_excerpt_skunify.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.nproducts, 7);
    assert_int_equal(s.nvariations, 0);
    uint32_t p = p2e_store_find_product(&s, "001pb-0203");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "253644410");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_NAME]), "2 kleine Wölfe");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_AVAILABLE]), "true");
    assert_true(tu_contains(sval(&s, s.products[p].f[P2E_SF_DESCRIPTION]), "\n"));
    uint32_t q = p2e_store_find_product(&s, "00008");
    assert_int_not_equal(q, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[q].f[P2E_SF_AVAILABLE]), "false");
    p2e_store_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_deleted_with_previous, teardown),
        cmocka_unit_test_teardown(test_disable_deleted, teardown),
        cmocka_unit_test_teardown(test_left_out_duplicate_id_not_deleted, teardown),
        cmocka_unit_test_teardown(test_left_out_duplicate_sku_not_deleted, teardown),
        cmocka_unit_test_teardown(test_disable_deleted_before_categories, teardown),
        cmocka_unit_test_teardown(test_in_store_only_not_deleted, teardown),
        cmocka_unit_test_teardown(test_ecom_only_product, teardown),
        cmocka_unit_test_teardown(test_ecom_only_variation_reported, teardown),
        cmocka_unit_test_teardown(test_ecom_only_variation_left_alone, teardown),
        cmocka_unit_test_teardown(test_internal_id_copied, teardown),
        cmocka_unit_test_teardown(test_subset_columns, teardown),
        cmocka_unit_test_teardown(test_subset_no_stray_category_rows, teardown),
        cmocka_unit_test_teardown(test_subset_variant_family, teardown),
        cmocka_unit_test_teardown(test_store_quirks, teardown),
        cmocka_unit_test_teardown(test_variation_empty_cells_inherit, teardown),
        cmocka_unit_test_teardown(test_keys_only, teardown),
        cmocka_unit_test_teardown(test_public_cranks, teardown),
        cmocka_unit_test_teardown(test_public_usav, teardown),
        cmocka_unit_test_teardown(test_public_skunify_legacy, teardown),
    };
    return cmocka_run_group_tests_name("sync store", tests, NULL, NULL);
}
