/*
 * test_sync_changes.c - `pos2ecom sync`: a change of each synced field in
 * the POS export is carried in the right column of the right product of
 * ecom-update.csv and reported as drift (store value, POS value): name,
 * description, category, brand, UPC of a product and of a variation, the
 * SKU of a variation and of a standard product, a variant added,
 * deactivation and reactivation (product, family, variant), stock, price,
 * weight, dimensions, and images (a photo added; not compared without
 * image folders).
 *
 * The fixtures, the helpers and where the expectations come from:
 * sync_util.h.
 */
#include <zlib.h>

#include "sync_util.h"

/* ---- one synced field changed in the POS --------------------------------- */

typedef struct {
    const char *from, *to;       /* the change in the POS export */
    const char *type, *key;      /* the update row that must carry it */
    const char *column, *value;  /* ... in this column */
    const char *id;              /* its product_internal_id */
    const char *drift_sku, *drift_field, *drift_ecom, *drift_pos;
} field_change;

static const char *check_change_as(const field_change *fc, const char *drift_action)
{
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1(fc->from, fc->to), store);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, fc->type, fc->key);
    if (r < 0)
        fail_msg("ecom-update.csv has no %s row for %s", fc->type, fc->key);
    assert_cell(u, r, fc->column, fc->value);
    assert_cell(u, r, "product_internal_id", fc->id);
    /* only the changed family is written */
    assert_int_equal(count_type(u, "product"), 1);
    assert_drift(out, fc->drift_sku, fc->drift_field, fc->drift_ecom, fc->drift_pos, drift_action);
    return out;
}

static const char *check_change(const field_change *fc)
{
    return check_change_as(fc, "update");
}

static void test_change_name(void **state)
{
    (void)state;
    field_change fc = {"Canister Stove,", "Canister Stove Pro,", "product", "STV-1", "product_name",
                       "Canister Stove Pro", ID_STOVE, "STV-1", "product_name", "Canister Stove",
                       "Canister Stove Pro"};
    const char *out = check_change(&fc);
    assert_summary(out, "updated", 1);
    assert_summary(out, "name", 1);
}

static void test_change_description(void **state)
{
    (void)state;
    field_change fc = {"<p>Light and fast.</p>", "\"<p>Light, fast &amp; quiet.</p>\"", "product",
                       "STV-1", "product_description", "<p>Light, fast &amp; quiet.</p>", ID_STOVE,
                       "STV-1", "product_description", "<p>Light and fast.</p>",
                       "<p>Light, fast &amp; quiet.</p>"};
    check_change(&fc);
}

static void test_change_category(void **state)
{
    (void)state;
    field_change fc = {"Outdoor / Camping", "Outdoor / Cooking", "product", "STV-1",
                       "product_category_1", "Outdoor / Cooking", ID_STOVE, "STV-1",
                       "product_category_1", "Outdoor / Camping", "Outdoor / Cooking"};
    const char *out = check_change(&fc);
    /* the new path is created; its parent is already in the store */
    tu_rows *u = table(out, "ecom-update.csv");
    assert_true(find_row(u, "category", "Outdoor / Cooking") > 0);
    assert_int_equal(find_row(u, "category", "Outdoor"), -1);
}

static void test_change_brand(void **state)
{
    (void)state;
    field_change fc = {"49.00,Trailhead,", "49.00,Trailhead Pro,", "product", "STV-1", "product_brand",
                       "Trailhead Pro", ID_STOVE, "STV-1", "product_brand", "Trailhead",
                       "Trailhead Pro"};
    check_change(&fc);
}

static void test_change_upc_standard(void **state)
{
    (void)state;
    field_change fc = {"4006381333931", "5012345678900", "product", "STV-1", "product_upc",
                       "5012345678900", ID_STOVE, "STV-1", "product_upc", "4006381333931",
                       "5012345678900"};
    check_change(&fc);
}

static void test_change_upc_variation(void **state)
{
    (void)state;
    field_change fc = {"96385074", "12345670", "product_variation", "TEE-S", "product_upc",
                       "12345670", ID_TEE, "TEE-S", "product_upc", "96385074", "12345670"};
    check_change(&fc);
}

/* A variant's SKU changed in the POS: the variation is found by its option
 * values (the fallback) and gets the new SKU; nothing is added. */
static void test_change_variation_sku(void **state)
{
    (void)state;
    field_change fc = {"TEE-M,", "TEE-MED,", "product_variation", "TEE-MED", "product_variation_sku",
                       "TEE-MED", ID_TEE, "TEE-MED", "sku", "TEE-M", "TEE-MED"};
    const char *out = check_change(&fc);
    assert_summary(out, "variants_added", 0);
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "ECOM_ONLY_VARIATION", "tee", NULL), -1);
}

/* A standard product's SKU is its key: a new SKU is a new product, the old
 * one is left alone and reported. */
static void test_change_standard_sku(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1(",STV-1,", ",STV-2,"), store);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-2");
    assert_cell(u, r, "product_internal_id", "");
    assert_cell(u, r, "product_name", "Canister Stove");
    assert_int_equal(find_row(u, "product", "STV-1"), -1);
    assert_drift(out, "STV-2", "(product)", "", "Canister Stove", "create");
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "ECOM_ONLY_PRODUCT", "STV-1", NULL) > 0);
    assert_summary(out, "created", 1);
    assert_summary(out, "ecom_only_products", 1);
}

static void test_variant_added(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "4,thermos,",
        "5,tee,TEE-L,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,L,22.00,Ridgeline,,0.2,KG,"
        ",,,,1,1,Sales Tax,8,2,6,Summit Apparel,SA-L,8.40,apparel\n4,thermos,",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    /* the whole family, with the new option value and the new variation */
    long p = find_row(u, "product", "tee");
    assert_cell(u, p, "product_internal_id", ID_TEE);
    assert_cell(u, p, "product_quantity", "15");
    long o = find_row(u, "product_option", "tee|L");
    assert_cell(u, o, "product_option_name", "Size");
    assert_cell(u, o, "product_internal_id", ID_TEE);
    assert_true(find_row(u, "product_option", "tee|S") > 0);
    long v = find_row(u, "product_variation", "TEE-L");
    assert_cell(u, v, "product_variation_option_Size", "L");
    assert_cell(u, v, "product_price", "22.00");
    assert_cell(u, v, "product_quantity", "8");
    assert_cell(u, v, "product_internal_id", ID_TEE);
    assert_true(find_row(u, "product_variation", "TEE-S") > 0);
    assert_true(find_row(u, "product_variation", "TEE-M") > 0);
    assert_int_equal(count_type(u, "product"), 1);
    tu_rows *d = table(out, "drift.csv");
    long dr = find_drift(d, "TEE-L", "(variation)");
    assert_true(dr > 0);
    assert_cell(d, dr, "action", "add");
    assert_drift(out, "tee", "product_quantity", "7", "15", "update");
    assert_summary(out, "variants_added", 1);
    assert_summary(out, "updated", 1);
    assert_summary(out, "created", 0);
}

static void test_deactivated(void **state)
{
    (void)state;
    field_change fc = {"CM,1,1,Sales Tax,6,", "CM,0,1,Sales Tax,6,", "product", "STV-1",
                       "product_is_available", "false", ID_STOVE, "STV-1", "product_is_available",
                       "true", "false"};
    const char *out = check_change(&fc);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 0);
}

static void test_reactivated(void **state)
{
    (void)state;
    field_change fc = {"KG,,,,,0,1,Sales Tax,5,", "KG,,,,,1,1,Sales Tax,5,", "product", "THM-1",
                       "product_is_available", "true", ID_THERMOS, "THM-1", "product_is_available",
                       "false", "true"};
    const char *out = check_change(&fc);
    assert_summary(out, "reactivated", 1);
    assert_summary(out, "deactivated", 0);
}

/* Every variant of a family deactivated: the product and its variations
 * become unavailable. */
static void test_deactivated_family(void **state)
{
    (void)state;
    static const char *const pairs[] = {"KG,,,,,1,1,Sales Tax,3,", "KG,,,,,0,1,Sales Tax,3,",
                                        "KG,,,,,1,1,Sales Tax,4,", "KG,,,,,0,1,Sales Tax,4,", NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product", "tee"), "product_is_available", "false");
    /* not a variation field (issue 14, point 6): the product row covers them */
    assert_cell(u, find_row(u, "product_variation", "TEE-S"), "product_is_available", "");
    assert_cell(u, find_row(u, "product_variation", "TEE-M"), "product_is_available", "");
    assert_drift(out, "tee", "product_is_available", "true", "false", "update");
    assert_summary(out, "deactivated", 1);
}

/* One variant deactivated in an active family: the POS no longer sells
 * it, so eCom must not either. It is not an eCom-only variation. A
 * variation has no availability of its own (issue 14, point 6): its row is
 * made unbuyable, tracked with quantity 0 (the store had 4 of TEE-M), and
 * its value M stays in the product's option rows, which the POS's block
 * alone no longer lists (TEE-S is the only written variant). */
static void test_deactivated_variant(void **state)
{
    (void)state;
    field_change fc = {"KG,,,,,1,1,Sales Tax,4,", "KG,,,,,0,1,Sales Tax,4,", "product_variation",
                       "TEE-M", "product_quantity", "0", ID_TEE, "TEE-M",
                       "product_quantity", "4", "0"};
    const char *out = check_change_as(&fc, "deactivate");
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "ECOM_ONLY_VARIATION", "tee", "TEE-M"), -1);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product_variation", "TEE-M");
    assert_cell(u, r, "product_is_available", "");
    assert_cell(u, r, "product_is_inventory_tracked", "true");
    assert_cell(u, r, "product_variation_option_Size", "M");
    /* the option rows: S (the default, from the POS), then M, not a default */
    assert_int_equal(count_type(u, "product_option"), 2);
    long s = find_row(u, "product_option", "tee|S");
    assert_true(s > 0);
    assert_cell(u, s, "product_option_value", "S");
    assert_cell(u, s, "product_option_is_default_option_selection", "true");
    assert_cell(u, s + 1, "product_option_value", "M");
    assert_cell(u, s + 1, "product_option_is_default_option_selection", "false");
    assert_cell(u, s + 1, "product_option_name", "Size");
    assert_cell(u, s + 1, "product_internal_id", ID_TEE);
}

/* The same, but the store already cannot sell TEE-M (tracked, quantity 0,
 * and the product's 3 is TEE-S's): nothing to write, nothing counted. */
static void test_deactivated_variant_sold_out(void **state)
{
    (void)state;
    static const store_edit edits[] = {
        {"TEE-M", "product_quantity", "0"}, {"tee", "product_quantity", "3"}, {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    const char *out = sync_simple(edit1("KG,,,,,1,1,Sales Tax,4,", "KG,,,,,0,1,Sales Tax,4,"), store);
    assert_header_only(out, "ecom-update.csv");
    assert_summary(out, "deactivated", 0);
    assert_summary(out, "unchanged", 3);
}

static void test_change_stock(void **state)
{
    (void)state;
    field_change fc = {"Sales Tax,6,", "Sales Tax,9,", "product", "STV-1", "product_quantity", "9",
                       ID_STOVE, "STV-1", "product_quantity", "6", "9"};
    const char *out = check_change(&fc);
    assert_summary(out, "quantity", 1);
}

static void test_change_stock_variation(void **state)
{
    (void)state;
    field_change fc = {"Sales Tax,3,", "Sales Tax,5,", "product_variation", "TEE-S",
                       "product_quantity", "5", ID_TEE, "TEE-S", "product_quantity", "3", "5"};
    const char *out = check_change(&fc);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product", "tee"), "product_quantity", "9");
    assert_drift(out, "tee", "product_quantity", "7", "9", "update");
}

static void test_change_price(void **state)
{
    (void)state;
    field_change fc = {"49.00", "52.5", "product", "STV-1", "product_price", "52.50", ID_STOVE,
                       "STV-1", "product_price", "49.00", "52.50"};
    const char *out = check_change(&fc);
    assert_summary(out, "price", 1);
}

static void test_change_price_variation(void **state)
{
    (void)state;
    field_change fc = {"Size,M,20.00,", "Size,M,22.00,", "product_variation", "TEE-M",
                       "product_price", "22.00", ID_TEE, "TEE-M", "product_price", "20.00",
                       "22.00"};
    check_change(&fc);
}

static void test_change_weight(void **state)
{
    (void)state;
    field_change fc = {"4006381333931,1,KG,", "4006381333931,1250,G,", "product", "STV-1",
                       "product_weight", "1.25", ID_STOVE, "STV-1", "product_weight", "1", "1.25"};
    check_change(&fc);
}

static void test_change_dimensions(void **state)
{
    (void)state;
    field_change fc = {"KG,10,5,8,CM", "KG,12,6,9,CM", "product", "STV-1", "product_length", "12",
                       ID_STOVE, "STV-1", "product_length", "10", "12"};
    const char *out = check_change(&fc);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-1");
    assert_cell(u, r, "product_width", "6");
    assert_cell(u, r, "product_height", "9");
    assert_drift(out, "STV-1", "product_width", "5", "6", "update");
    assert_drift(out, "STV-1", "product_height", "8", "9", "update");
}

/* ---- images ---------------------------------------------------------------- */

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_chunk(FILE *fp, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char head[8], crc[4];
    be32(head, len);
    memcpy(head + 4, type, 4);
    uLong c = crc32(0L, (const Bytef *)type, 4);
    if (len)
        c = crc32(c, data, len);
    be32(crc, (uint32_t)c);
    fwrite(head, 1, 8, fp);
    if (len)
        fwrite(data, 1, len, fp);
    fwrite(crc, 1, 4, fp);
}

/* A valid w x 1 RGB PNG of one colour. */
static void write_png(const char *dir, const char *name, uint32_t w, unsigned char r,
                      unsigned char g, unsigned char b)
{
    char path[4200];
    unsigned char ihdr[13], raw[64], z[256];
    assert_true(w >= 1 && 1 + 3 * w <= sizeof raw);
    be32(ihdr, w);
    be32(ihdr + 4, 1);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    raw[0] = 0;   /* filter: none */
    for (uint32_t i = 0; i < w; i++) {
        raw[1 + 3 * i] = r;
        raw[2 + 3 * i] = g;
        raw[3 + 3 * i] = b;
    }
    uLongf zlen = sizeof z;
    assert_int_equal(compress(z, &zlen, raw, 1 + 3 * w), Z_OK);
    FILE *fp = fopen(tu_join(path, sizeof path, dir, name), "wb");
    assert_non_null(fp);
    fwrite("\x89PNG\r\n\x1A\n", 1, 8, fp);
    put_chunk(fp, "IHDR", ihdr, 13);
    put_chunk(fp, "IDAT", z, (uint32_t)zlen);
    put_chunk(fp, "IEND", NULL, 0);
    assert_int_equal(fclose(fp), 0);
}

/* A second photo for the stove: its complete image list is written; the
 * tee, whose images did not change, is not. */
static void test_change_images(void **state)
{
    (void)state;
    const char *im1 = tmp_dir(), *im2 = tmp_dir();
    write_png(im1, "stove.png", 1, 255, 0, 0);
    write_png(im1, "tee.png", 1, 0, 255, 0);
    write_png(im2, "stove.png", 1, 255, 0, 0);
    write_png(im2, "stove_2.png", 2, 0, 0, 255);
    write_png(im2, "tee.png", 1, 0, 255, 0);
    const char *pos = tmp_text(BASE);
    const char *conv = convert_to(pos, im1, CDN);
    const char *store = build_store(conv, NULL, NULL);
    /* same photos: nothing to do */
    sync_call same_photos = {{pos, NULL}, store, NULL, 0, 0, im1, CDN};
    const char *out0 = sync_to(&same_photos);
    assert_header_only(out0, "ecom-update.csv");
    assert_header_only(out0, "drift.csv");
    /* one more photo of the stove */
    sync_call c = {{pos, NULL}, store, NULL, 0, 0, im2, CDN};
    const char *out = sync_to(&c);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-1");
    assert_cell(u, r, "product_media_main_image_url", CDN "/stove-1.png");
    assert_cell(u, r, "product_media_gallery_image_url_1", CDN "/stove-2.png");
    assert_cell(u, r, "product_internal_id", ID_STOVE);
    assert_int_equal(count_type(u, "product"), 1);
    /* image lists are shown on one line, "; "-separated */
    assert_drift(out, "STV-1", "images", CDN "/stove-1.png", CDN "/stove-1.png; " CDN "/stove-2.png",
                 "update");
}

/* Without image folders the store's images are not compared. */
static void test_images_not_compared_without_folders(void **state)
{
    (void)state;
    const char *im1 = tmp_dir();
    write_png(im1, "stove.png", 1, 255, 0, 0);
    const char *pos = tmp_text(BASE);
    const char *store = build_store(convert_to(pos, im1, CDN), NULL, NULL);
    const char *out = sync_simple(pos, store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_change_name, teardown),
        cmocka_unit_test_teardown(test_change_description, teardown),
        cmocka_unit_test_teardown(test_change_category, teardown),
        cmocka_unit_test_teardown(test_change_brand, teardown),
        cmocka_unit_test_teardown(test_change_upc_standard, teardown),
        cmocka_unit_test_teardown(test_change_upc_variation, teardown),
        cmocka_unit_test_teardown(test_change_variation_sku, teardown),
        cmocka_unit_test_teardown(test_change_standard_sku, teardown),
        cmocka_unit_test_teardown(test_variant_added, teardown),
        cmocka_unit_test_teardown(test_deactivated, teardown),
        cmocka_unit_test_teardown(test_reactivated, teardown),
        cmocka_unit_test_teardown(test_deactivated_family, teardown),
        cmocka_unit_test_teardown(test_deactivated_variant, teardown),
        cmocka_unit_test_teardown(test_deactivated_variant_sold_out, teardown),
        cmocka_unit_test_teardown(test_change_stock, teardown),
        cmocka_unit_test_teardown(test_change_stock_variation, teardown),
        cmocka_unit_test_teardown(test_change_price, teardown),
        cmocka_unit_test_teardown(test_change_price_variation, teardown),
        cmocka_unit_test_teardown(test_change_weight, teardown),
        cmocka_unit_test_teardown(test_change_dimensions, teardown),
        cmocka_unit_test_teardown(test_change_images, teardown),
        cmocka_unit_test_teardown(test_images_not_compared_without_folders, teardown),
    };
    return cmocka_run_group_tests_name("sync changes", tests, NULL, NULL);
}
