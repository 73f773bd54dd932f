/*
 * test_sync_invariants.c - the invariants of `pos2ecom sync` and
 * `pos2ecom audit` that hold whatever changed:
 *   - round trip: convert, then sync against that import as the store's
 *     export: empty update (header only), no drift (also for a richer
 *     export, the demo store with its photos, and a store export with ids
 *     and export-only columns);
 *   - idempotence: applying the update to the store model
 *     (p2e_store_apply) and planning again gives nothing to create or update;
 *   - eCom-only fields in the store are never written nor reported;
 *   - a change of a not-synced POS field gives no update and no drift;
 *   - audit writes no import file; no work or temporary file is left in
 *     the output folder; the summary counts of a run with every kind of
 *     change;
 *   - the demo: samples/sync/README.md is its spec.
 *
 * The fixtures, the helpers and where the expectations come from:
 * sync_util.h.
 */
#include <dirent.h>

#include "sync_util.h"

/* ---- the invariants ------------------------------------------------------ */

static void check_roundtrip(const char *pos, const char *images, const char *base_url)
{
    const char *conv = convert_to(pos, images, base_url);
    char store[4200];
    tu_join(store, sizeof store, conv, "ecom-import.csv");
    sync_call c = {{pos, NULL}, store, NULL, 0, 0, images, base_url};
    const char *out = sync_to(&c);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-delete.csv");
    /* the update's header: the import's with product_internal_id after type */
    tu_rows *imp = table(conv, "ecom-import.csv"), *u = table(out, "ecom-update.csv");
    assert_int_equal(u->rows[0].ncells, imp->rows[0].ncells + 1);
    assert_string_equal(u->rows[0].cell[0], "type");
    assert_string_equal(u->rows[0].cell[1], "product_internal_id");
    for (size_t i = 1; i < imp->rows[0].ncells; i++)
        assert_string_equal(u->rows[0].cell[i + 1], imp->rows[0].cell[i]);
    assert_summary(out, "created", 0);
    assert_summary(out, "updated", 0);
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "ecom_only_products", 0);
    assert_summary(out, "ecom_only_variations", 0);
}

static void test_roundtrip(void **state)
{
    (void)state;
    check_roundtrip(tmp_text(BASE), NULL, NULL);
}

/* A richer export: two options (one with a space, braced in the import),
 * an untracked product, a composite, an in-store-only product. */
static void test_roundtrip_rich(void **state)
{
    (void)state;
    const char *pos = tmp_text(
        "id,handle,sku,composite_name,composite_sku,composite_quantity,name,product_category,"
        "variant_option_one_name,variant_option_one_value,variant_option_two_name,"
        "variant_option_two_value,retail_price,active,active_online,track_inventory,"
        "inventory_Main_Outlet\n"
        "1,decaf,DC-12-WB,,,,Decaf,Coffee / Whole Bean,Size,12 oz,Grind Size,Whole Bean,16.50,1,1,1,4\n"
        "2,decaf,DC-12-DR,,,,Decaf,Coffee / Whole Bean,Size,12 oz,Grind Size,Drip,16.50,1,1,1,-2\n"
        "3,decaf,DC-2LB-WB,,,,Decaf,Coffee / Whole Bean,Size,2 lb,Grind Size,Whole Bean,40.00,1,1,1,2.5\n"
        "4,wrap,SVC-WRAP,,,,Gift Wrapping,Services,,,,,5.00,1,1,0,\n"
        "5,kit,KIT-1,,,,Brew Kit,Bundles,,,,,39.00,1,1,1,0\n"
        "5,,KIT-1,Decaf,DC-12-WB,2,Brew Kit\n"
        "6,fuel,FUEL-1,,,,Fuel,Outdoor,,,,,6.00,1,0,1,9\n");
    check_roundtrip(pos, NULL, NULL);
}

/* The demo store, all outlets, with its photos. */
static void test_roundtrip_demo_store(void **state)
{
    (void)state;
    if (!tu_exists("samples/store/product-export.csv")) {
        printf("[  SKIP    ] samples/store/product-export.csv not found: run from the repository root\n");
        return;
    }
    const char *pos = "samples/store/product-export.csv";
    const char *conv = tmp_dir();
    const char *inputs[] = {pos};
    const char *images[] = {"samples/images"};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = conv;
    o.quiet = 1;
    o.no_xlsx = 1;
    o.all_outlets = 1;
    o.image_dirs = images;
    o.nimage_dirs = 1;
    o.image_base_url = CDN;
    p2e_err err = {{0}};
    int code = -1;
    assert_int_equal(p2e_command_convert(&o, stderr, &code, &err), P2E_OK);
    char store[4200];
    o.out_dir = tmp_dir();
    o.ecom_path = tu_join(store, sizeof store, conv, "ecom-import.csv");
    assert_int_equal(p2e_command_sync(&o, 0, stderr, &code, &err), P2E_OK);
    assert_header_only(o.out_dir, "ecom-update.csv");
    assert_header_only(o.out_dir, "drift.csv");
    assert_summary(o.out_dir, "unchanged", 38);
}

/* The same POS export against a store export that has ids, eCom-only
 * values and export-only columns: nothing to do. */
static void test_store_with_ids_matches(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_summary(out, "unchanged", 3);
}

/* Apply the update to the store model; planning again finds nothing to
 * create or update, and every POS product's synced fields are in the
 * store model. */
static void test_idempotence(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Canister Stove,", "Canister Stove Pro,",                      /* name */
        "49.00", "52.00",                                               /* price */
        "Sales Tax,3,", "Sales Tax,5,",                                 /* variation stock */
        "96385074", "12345670",                                         /* variation UPC */
        "KG,,,,,0,1,Sales Tax,5,", "KG,,,,,1,1,Sales Tax,5,",           /* reactivated */
        "4,thermos,",
        "5,tee,TEE-L,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,L,22.00,Ridgeline,,0.2,KG,"
        ",,,,1,1,Sales Tax,8,2,6,Summit Apparel,SA-L,8.40,apparel\n4,thermos,", /* variant added */
        "clearance\n", "clearance\n6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
                       "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n", /* created */
        NULL};
    static const store_edit edits[] = {
        {"STV-1", "product_compare_to_price", "59.00"},
        {"tee", "product_subtitle", "Soft"},
        {"THM-1", "product_name", "Retro Thermos (eCom name)"},
        {NULL, NULL, NULL}};
    const char *store_path = base_store(edits, NULL);
    const char *pos2 = edited(BASE, pairs);
    const char *out = sync_simple(pos2, store_path);
    const char *conv2 = convert_to(pos2, NULL, NULL);
    p2e_store desired, live, update;
    read_store(&desired, in_dir(conv2, "ecom-import.csv"));
    read_store(&live, store_path);
    read_store(&update, in_dir(out, "ecom-update.csv"));
    p2e_sync_counts before = plan_counts(&desired, &live);
    assert_int_equal(before.created, 1);
    assert_int_equal(before.updated, 3);
    assert_int_equal(before.variants_added, 1);
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_apply(&live, &update, &err), P2E_OK);
    p2e_sync_counts after = plan_counts(&desired, &live);
    assert_int_equal(after.created, 0);
    assert_int_equal(after.updated, 0);
    assert_int_equal(after.variants_added, 0);
    assert_int_equal(after.unchanged, desired.nproducts);
    /* the fields really arrived (a product the apply created is compared
     * here, whatever columns it was seen with) */
    for (size_t i = 0; i < desired.nproducts; i++) {
        const p2e_store_product *d = &desired.products[i];
        uint32_t l = p2e_store_find_product(&live, sval(&desired, d->f[P2E_SF_SKU]));
        assert_int_not_equal(l, P2E_STORE_NONE);
        const p2e_store_product *lp = &live.products[l];
        static const p2e_store_field f[] = {P2E_SF_NAME, P2E_SF_PRICE, P2E_SF_AVAILABLE,
                                            P2E_SF_QUANTITY, P2E_SF_UPC, P2E_SF_CATEGORY};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
            assert_string_equal(sval(&live, lp->f[f[k]]), sval(&desired, d->f[f[k]]));
        for (uint32_t v = d->first_variation; v != P2E_STORE_NONE; v = desired.variations[v].next) {
            const p2e_store_variation *dv = &desired.variations[v];
            uint32_t lv = p2e_store_find_variation(&live, l, sval(&desired, dv->f[P2E_SF_SKU]),
                                                   sval(&desired, dv->f[P2E_SF_OPTIONS]));
            assert_int_not_equal(lv, P2E_STORE_NONE);
            assert_string_equal(sval(&live, live.variations[lv].f[P2E_SF_QUANTITY]),
                                sval(&desired, dv->f[P2E_SF_QUANTITY]));
            assert_string_equal(sval(&live, live.variations[lv].f[P2E_SF_UPC]),
                                sval(&desired, dv->f[P2E_SF_UPC]));
        }
    }
    /* the eCom-only value survived the update */
    uint32_t s = p2e_store_find_product(&live, "STV-1");
    assert_string_equal(sval(&live, live.products[s].f[P2E_SF_COMPARE_TO]), "59.00");
    p2e_store_free(&desired);
    p2e_store_free(&live);
    p2e_store_free(&update);
}

/* 'Compare to' price, subtitle and low stock threshold set in the store:
 * never written, never drift, even when the product is updated. */
static void test_ecom_only_fields_kept(void **state)
{
    (void)state;
    static const store_edit edits[] = {
        {"STV-1", "product_compare_to_price", "59.00"},
        {"STV-1", "product_subtitle", "Boils in 3 minutes"},
        {"STV-1", "product_low_stock_notification_quantity", "2"},
        {"tee", "product_compare_to_price", "25.00"},
        {"TEE-S", "product_low_stock_notification_quantity", "1"},
        {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    const char *out0 = sync_simple(tmp_text(BASE), store);
    assert_header_only(out0, "ecom-update.csv");
    assert_header_only(out0, "drift.csv");
    static const char *const pairs[] = {"49.00", "52.00", "Size,S,20.00,", "Size,S,21.00,", NULL};
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_true(find_row(u, "product", "STV-1") > 0);
    assert_true(find_row(u, "product", "tee") > 0);
    assert_int_equal(col(u, "product_compare_to_price"), -1);
    assert_int_equal(col(u, "product_subtitle"), -1);
    assert_int_equal(col(u, "product_low_stock_notification_quantity"), -1);
    tu_rows *d = table(out, "drift.csv");
    for (size_t r = 1; r < d->count; r++) {
        const char *f = cell(d, (long)r, "field");
        assert_false(same(f, "product_compare_to_price"));
        assert_false(same(f, "product_subtitle"));
        assert_false(same(f, "product_low_stock_notification_quantity"));
    }
    assert_int_equal(d->count, 1 + 3); /* STV-1, tee (its first variation's price) and TEE-S prices */
    assert_drift(out, "STV-1", "product_price", "49.00", "52.00", "update");
    assert_drift(out, "TEE-S", "product_price", "20.00", "21.00", "update");
}

/* Supplier, supplier code, supply price, tags, tax, reorder point and
 * restock level changed: nothing to sync. */
static void test_not_synced_fields(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Trailhead Supply,TS-1,21.50,camping;stoves", "Basecamp Wholesale,BW-77,23.10,camping;stoves;sale",
        "Summit Apparel,SA-S,8.40,apparel", "Summit Apparel Co.,SA-S2,8.90,apparel;tees",
        "1,1,Sales Tax,6,2,6,", "1,1,Reduced Tax,6,4,12,",
        "Sales Tax,4,2,6,", "No Tax,4,,,",
        "Trailhead Supply,TS-9,14.00,clearance", ",,,",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_summary(out, "updated", 0);
    assert_summary(out, "unchanged", 3);
}

/* Audit: the same comparison, only the report. */
static void test_audit_writes_no_import(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *prev = tmp_text(BASE);
    static const char *const pairs[] = {"49.00", "52.00", NULL};
    sync_call c = {{edited(BASE, pairs), NULL}, store, prev, 1, 1, NULL, NULL};
    const char *out = sync_to(&c);
    assert_false(tu_exists(in_dir(out, "ecom-update.csv")));
    assert_false(tu_exists(in_dir(out, "ecom-delete.csv")));
    assert_false(tu_exists(in_dir(out, "ecom-import.csv")));
    assert_true(tu_exists(in_dir(out, "exceptions.csv")));
    assert_true(tu_exists(in_dir(out, "summary.json")));
    assert_true(tu_exists(in_dir(out, "report.xlsx")));
    assert_drift(out, "STV-1", "product_price", "49.00", "52.00", "update");
    assert_summary(out, "updated", 1);
}

/* No work folder or temporary file is left in the output folder: the one
 * hidden file is the record of what runs wrote (p2e_manifest.h). */
static void test_no_leftovers(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1("49.00", "52.00"), store);
    DIR *d = opendir(out);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, ".pos2ecom-manifest"))
            continue;
        if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp"))
            fail_msg("left in the output folder: %s", e->d_name);
    }
    closedir(d);
}

/* The summary counts of one run with a change of every kind. */
static void test_summary_counts(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "CM,1,1,Sales Tax,6,", "CM,0,1,Sales Tax,6,",                 /* STV-1 deactivated */
        "Size,M,20.00,", "Size,M,22.00,",                             /* TEE-M price */
        "4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
        "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
        "6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
        "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n",     /* THM-1 deleted, MUG-1 new */
        NULL};
    static const char *const gift[] = {"type=product", "product_internal_id=1099",
                                       "product_sku=GIFT-25", "product_name=Gift Card", NULL};
    static const char *const *const extra[] = {gift, NULL};
    const char *store = base_store(NULL, extra);
    sync_call c = {{edited(BASE, pairs), NULL}, store, tmp_text(BASE), 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    assert_summary(out, "created", 1);
    assert_summary(out, "updated", 2);
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 0);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "unchanged", 0);
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "ecom_only_variations", 0);
    assert_summary(out, "available", 1);
    assert_summary(out, "price", 1);
}

/* ---- the demo: samples/sync/README.md is its spec ----------------------- */

static void test_demo_week2(void **state)
{
    (void)state;
    const char *week1 = "samples/store/product-export.csv";
    const char *week2 = "samples/sync/product-export-week2.csv";
    const char *store = "samples/sync/ecom-export.csv";
    if (!tu_exists(week2) || !tu_exists(store) || !tu_exists(week1)) {
        printf("[  SKIP    ] samples/sync/ not found: run from the repository root\n");
        return;
    }
    const char *inputs[] = {week2};
    const char *outlets[] = {"Main Outlet", "Warehouse - North (MAIN)"};
    const char *previous[] = {week1};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.outlets = outlets;
    o.noutlets = 2;
    o.quiet = 1;
    o.out_dir = tmp_dir();
    o.ecom_path = store;
    o.previous = previous;
    o.nprevious = 1;
    p2e_err err = {{0}};
    int code = -1;
    if (p2e_command_sync(&o, 0, stderr, &code, &err) != P2E_OK)
        fail_msg("sync: %s", err.msg);
    const char *out = o.out_dir;
    assert_summary(out, "created", 1);
    /* 11, and 6 products whose option grid has gaps (camp-chair, coffee-club-tee,
     * insulated-tumbler, merino-base-layer-crew, ridgeline-logo-tee, trail-gloves;
     * ridgeline-day-pack was updated anyway): the store sells a missing combination
     * as the base product, so its quantity goes to 0 (issue 14, point 3) */
    assert_summary(out, "updated", 17);
    assert_summary(out, "variants_added", 1);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 1);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "unchanged", 20);
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "ecom_only_variations", 1);
    assert_summary(out, "name", 2);
    assert_summary(out, "quantity", 5 + 6);
    assert_summary(out, "available", 2);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_internal_id", "712345007");
    assert_cell(del, 1, "product_sku", "RL-HMK-01");
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(count_type(u, "product"), 12 + 6);
    assert_int_equal(count_type(u, "category"), 1);
    assert_true(find_row(u, "category", "Outdoor / Water Treatment") > 0);
    assert_cell(u, find_row(u, "product", "RL-SIT-01"), "product_internal_id", "");
    assert_cell(u, find_row(u, "product", "RL-HL-300"), "product_name", "Trail Headlamp 300");
    assert_cell(u, find_row(u, "product_variation", "RL-DPK-24-RST"), "product_quantity", "5");
    assert_int_equal(find_row(u, "product", "KK-SCOOP-WAL"), -1);
    assert_cell(u, find_row(u, "product", "camp-chair"), "product_quantity", "0");
    assert_int_equal(col(u, "product_compare_to_price"), -1);
    assert_int_equal(col(u, "product_subtitle"), -1);
    assert_int_equal(col(u, "product_low_stock_notification_quantity"), -1);
    assert_drift(out, "RL-HL-300", "product_name", "Trail Headlamp 300 (Staff Pick)", "Trail Headlamp 300",
                 "update");
    assert_drift(out, "RL-DPK-24-RST", "product_quantity", "-1", "5", "update");
    tu_rows *d = table(out, "drift.csv");
    assert_int_equal(d->count, 1 + 19 + 6);
    /* applied and planned again: nothing left */
    o.out_dir = tmp_dir();
    o.ecom_path = NULL;
    o.previous = NULL;
    o.nprevious = 0;
    o.no_xlsx = 1;
    assert_int_equal(p2e_command_convert(&o, stderr, &code, &err), P2E_OK);
    p2e_store desired, live, update;
    read_store(&desired, in_dir(o.out_dir, "ecom-import.csv"));
    read_store(&live, store);
    read_store(&update, in_dir(out, "ecom-update.csv"));
    assert_int_equal(p2e_store_apply(&live, &update, &err), P2E_OK);
    p2e_sync_counts after = plan_counts(&desired, &live);
    assert_int_equal(after.created, 0);
    assert_int_equal(after.updated, 0);
    assert_int_equal(after.variants_added, 0);
    p2e_store_free(&desired);
    p2e_store_free(&live);
    p2e_store_free(&update);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_roundtrip, teardown),
        cmocka_unit_test_teardown(test_roundtrip_rich, teardown),
        cmocka_unit_test_teardown(test_roundtrip_demo_store, teardown),
        cmocka_unit_test_teardown(test_store_with_ids_matches, teardown),
        cmocka_unit_test_teardown(test_idempotence, teardown),
        cmocka_unit_test_teardown(test_ecom_only_fields_kept, teardown),
        cmocka_unit_test_teardown(test_not_synced_fields, teardown),
        cmocka_unit_test_teardown(test_audit_writes_no_import, teardown),
        cmocka_unit_test_teardown(test_no_leftovers, teardown),
        cmocka_unit_test_teardown(test_summary_counts, teardown),
        cmocka_unit_test_teardown(test_demo_week2, teardown),
    };
    return cmocka_run_group_tests_name("sync invariants", tests, NULL, NULL);
}
