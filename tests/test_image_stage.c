/*
 * test_image_stage.c - image_stage.c: staging the matched photos. Source
 * files left untouched and no temporary file left behind; the staged
 * extension from the content; slugs and their collisions; URLs (encoding,
 * one slash after the base, no base URL, a bad scheme); the output folder
 * inside the image folder refused; images.csv; the same names and files
 * on every run; and the demo store (samples/) end to end.
 *
 * Every image is made here, byte by byte (images_util.h), in a temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_outlet.h"
#include "p2e_reader.h"
#include "p2e_rules.h"
#include "p2e_units.h"

#include "images_util.h"

/* ---- staging ---------------------------------------------------------------- */

static void test_sources_untouched(void **state)
{
    fx *f = *state;
    shop s;
    p2e_buf before = {0}, after = {0};
    make_shop(f, &s);
    make_shop_images(f);
    list_tree(f->src, 1, &before);
    scan_match_stage(f, BASE);
    list_tree(f->src, 1, &after);
    assert_int_equal(before.len, after.len);
    assert_memory_equal(before.data, after.data, before.len);
    /* only the staged files, and no temporary file left behind */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", f->out);
    assert_int_equal(count_entries(dir), 5 + 4 + 2 + 4);
    assert_int_equal(count_entries(f->out), 1);
    p2e_buf_free(&before);
    p2e_buf_free(&after);
}

static void test_wrong_extension_staged(void **state)
{
    fx *f = *state;
    uint32_t filter = product(f, "squeeze-filter", "WF-1", 2, 1);
    write_png(f->src, "squeeze-filter.jpg", 200, 150, 1);
    write_png(f->src, "WF-1", 300, 300, 2); /* no extension at all */
    scan_match_stage(f, BASE);
    static const char *const urls[] = {"squeeze-filter-1.png", "squeeze-filter-2.png"};
    assert_gallery(f, filter, urls, 2);
    assert_string_equal(info(f, "squeeze-filter.jpg")->codes, "IMAGE_EXTENSION IMAGE_SMALL");
    assert_string_equal(info(f, "WF-1")->codes, "IMAGE_EXTENSION");
    assert_staged_copy(f, "squeeze-filter-1.png", "squeeze-filter.jpg");
}

/* ---- names and URLs ------------------------------------------------------------ */

static void make_slug_shop(fx *f, uint32_t fam[5])
{
    fam[0] = product(f, "Mug", "A1", 2, 1);
    fam[1] = product(f, "mug!", "A2", 3, 1);
    fam[2] = product(f, "mug-2", "A3", 4, 1);
    fam[3] = product(f, "Caf\xC3\xA9 Cr\xC3\xA8me  Mug", "A4", 5, 1);
    fam[4] = product(f, "\xE2\x98\x95\xE2\x98\x95", "A5", 6, 1);
    write_jpeg(f->src, "Mug.jpg", 300, 300, 1);
    write_jpeg(f->src, "MUG!.jpg", 300, 300, 2);
    write_jpeg(f->src, "mug-2.jpg", 300, 300, 3);
    write_jpeg(f->src, "Caf\xC3\xA9 Cr\xC3\xA8me  Mug.jpg", 300, 300, 4);
    write_png(f->src, "\xE2\x98\x95\xE2\x98\x95.png", 300, 300, 5);
}

static void test_slugs_and_collisions(void **state)
{
    fx *f = *state;
    uint32_t fam[5];
    make_slug_shop(f, fam);
    scan_match_stage(f, "https://cdn.example.com/shop///");
    /* "mug!" slugs to "mug", taken by "Mug"; "mug-2" is another family's own
     * slug, so it gets "mug-3" */
    static const char *const want[] = {"mug-1.jpg", "mug-3-1.jpg", "mug-2-1.jpg",
                                       "caf-cr-me-mug-1.jpg", "product-1.png"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(p2e_images_family_count(f->im, fam[i]), 1);
        assert_url(f, fam[i], 0, want[i]);
    }
}

static void test_url_encoding_single_slash(void **state)
{
    fx *f = *state;
    uint32_t fam[5];
    make_slug_shop(f, fam);
    scan_match_stage(f, BASE);
    for (size_t i = 0; i < 5; i++) {
        const char *u = p2e_images_family_url(f->im, fam[i], 0);
        assert_non_null(u);
        assert_memory_equal(u, BASE "/", sizeof BASE);
        assert_null(strstr(u + sizeof BASE - 1, "//"));
        /* only unreserved URL characters after the base */
        for (const char *p = u + sizeof BASE; *p; p++)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789-._~%ABCDEF", *p));
    }
    p2e_err err;
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, "ftp://x", 0, NULL, &f->rep, &err),
                     P2E_ERR_USAGE);
}

static void test_no_base_url(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    /* dry run: names decided, nothing written */
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, NULL, 1, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(count_entries(f->out), 0);
    assert_string_equal(info(f, "tee-s.jpg")->staged, "tee-2.jpg");
    assert_int_equal(p2e_images_family_count(f->im, s.tee), 4);
    assert_null(p2e_images_family_url(f->im, s.tee, 0));
    assert_null(p2e_images_variant_url(f->im, s.tee_m));
    assert_string_equal(info(f, "tee-s.jpg")->url, "");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 1);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, "", 0, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 2); /* once per stage call */
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_NO_BASE_URL), P2E_SEV_WARNING);
    assert_staged_copy(f, "tee-2.jpg", "tee-s.jpg");
}

static void test_output_inside_source(void **state)
{
    fx *f = *state;
    product(f, "mug", "RL-MUG", 2, 1);
    write_jpeg(f->src, "mug.jpg", 300, 300, 1);
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    char out[4096];
    snprintf(out, sizeof out, "%s/out", f->src);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, out, BASE, 0, NULL, &f->rep, &f->err),
                     P2E_ERR_USAGE);
    assert_non_null(strstr(f->err.msg, "inside the image folder"));
}

/* ---- images.csv and determinism ------------------------------------------------ */

static char *file_text(const char *dir, const char *name)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = read_all(path, &len);
    assert_non_null(s);
    return s;
}

static void test_images_csv(void **state)
{
    fx *f = *state;
    product(f, "mug", "RL-MUG", 2, 1);
    uint32_t tee = family(f, "tee", 1, 1);
    variant(f, tee, "TEE,S", 3, 1);
    p2e_buf a = {0}, b = {0};
    jpeg(&a, 300, 200, 1);
    write_bytes(f->src, "mug.jpg", a.data, a.len);
    png(&b, 64, 64, 2);
    write_bytes(f->src, "zz.png", b.data, b.len);
    write_jpeg(f->src, "TEE,S.jpg", 300, 300, 3);
    write_text(f->src, "notes.txt", "hello\n");
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_write_csv(f->im, &f->cat, f->out, "images.csv", NULL, &f->err), P2E_OK);
    char *csv = file_text(f->out, "images.csv");
    const p2e_image_info *t = info(f, "TEE,S.jpg");
    char want[8192];
    snprintf(want, sizeof want,
             "source,kind,width,height,bytes,crc32,handle,sku,position,staged_name,url,codes\n"
             "\"%s/TEE,S.jpg\",jpeg,300,300,%llu,%08lx,tee,\"TEE,S\",0,tee-1.jpg," BASE
             "/tee-1.jpg,\n"
             "%s/mug.jpg,jpeg,300,200,%zu,%08lx,mug,,0,mug-1.jpg," BASE "/mug-1.jpg,\n"
             "%s/notes.txt,text,,,6,,,,,,,IMAGE_UNSUPPORTED\n"
             "%s/zz.png,png,64,64,%zu,%08lx,,,,,,IMAGE_SMALL IMAGE_ORPHAN\n",
             f->src, (unsigned long long)t->bytes, (unsigned long)t->crc32, f->src, a.len,
             (unsigned long)crc32(0L, (const Bytef *)a.data, (uInt)a.len), f->src, f->src, b.len,
             (unsigned long)crc32(0L, (const Bytef *)b.data, (uInt)b.len));
    assert_string_equal(csv, want);
    free(csv);
    p2e_buf_free(&a);
    p2e_buf_free(&b);
}

static char *run_once(fx *f, const char *out)
{
    p2e_report rep;
    p2e_images *im = NULL;
    const char *dirs[] = {f->src};
    assert_int_equal(p2e_report_init(&rep), P2E_OK);
    assert_int_equal(p2e_images_scan(&im, dirs, 1, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_match(im, &f->cat, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(im, &f->cat, out, BASE, 0, NULL, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_write_csv(im, &f->cat, out, "images.csv", NULL, &f->err), P2E_OK);
    p2e_images_free(im);
    p2e_report_free(&rep);
    p2e_buf list = {0};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", out);
    list_tree(dir, 0, &list);
    char *csv = file_text(out, "images.csv");
    put(&list, csv, strlen(csv));
    free(csv);
    return list.data;
}

static void test_deterministic(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    char other[4096];
    snprintf(other, sizeof other, "%s/second", f->out);
    char *first = run_once(f, f->out);
    char *again = run_once(f, f->out); /* over the first run's files */
    char *second = run_once(f, other);
    /* the same staged names and sizes, the same images.csv */
    assert_non_null(strstr(first, "./tee-4.png "));
    assert_string_equal(first, second);
    assert_string_equal(first, again);
    free(first);
    free(again);
    free(second);
}

/* ---- the demo store ------------------------------------------------------------ */

static void load_samples(fx *f)
{
    const char *inputs[] = {"samples/store/product-export.csv"};
    p2e_read_opts ro;
    p2e_reader rd;
    memset(&ro, 0, sizeof ro);
    ro.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    p2e_reader_init(&rd);
    assert_int_equal(p2e_reader_scan(&rd, inputs, 1, &ro, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_outlet_set_select(&rd.outlets, NULL, 0, 1, &f->err), P2E_OK);
    assert_int_equal(p2e_reader_load(&rd, &f->cat, &ro, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_rules_apply(&f->cat, &f->rep, &f->err), P2E_OK);
    p2e_reader_free(&rd);
}

static uint32_t family_by_handle(const fx *f, const char *handle)
{
    for (size_t i = 0; i < f->cat.nfamilies; i++)
        if (strcmp(p2e_catalog_str(&f->cat, f->cat.families[i].key), handle) == 0)
            return (uint32_t)i;
    fail_msg("no family %s", handle);
    return P2E_NONE;
}

static const char *sample_url(const fx *f, const char *handle, size_t n)
{
    return p2e_images_family_url(f->im, family_by_handle(f, handle), n);
}

static void test_samples(void **state)
{
    fx *f = *state;
    struct stat sb;
    if (stat("samples/images", &sb) != 0) {
        printf("[  SKIP    ] samples/images not found: test skipped\n");
        return;
    }
    f->root = "samples/images";
    load_samples(f);
    size_t before = f->rep.count, written = 0;
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, BASE, 1, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_count(f->im), 24);
    for (size_t i = 0; i < f->cat.nfamilies; i++)
        written += f->cat.families[i].written;
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_EXTENSION), 1);
    /* stove 160x120, compass 64x64, mug-3 240x180, squeeze filter 200x150,
     * banner 320x120; the headlamp's 200x200 is not under 200 */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_SMALL), 5);
    assert_string_equal(info(f, "ridgeline-enamel-mug-3.jpg")->codes, "IMAGE_SMALL");
    assert_string_equal(info(f, "trail-headlamp-300 (2).png")->codes, "");
    assert_string_equal(info(f, "summer-sale-banner.jpg")->codes, "IMAGE_SMALL IMAGE_ORPHAN");
    assert_string_equal(info(f, "camp-chair.jpg")->codes, "IMAGE_CORRUPT");
    assert_string_equal(p2e_images_variant_url(f->im, info(f, "RL-BTL-32.jpg")->variant),
                        BASE "/wide-mouth-bottle-2.jpg");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), written - 15);
    assert_true(f->rep.count > before);
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 0), BASE "/ridgeline-enamel-mug-1.jpg");
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 1), BASE "/ridgeline-enamel-mug-2.png");
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 2), BASE "/ridgeline-enamel-mug-3.jpg");
    assert_string_equal(sample_url(f, "trail-headlamp-300", 1), BASE "/trail-headlamp-300-2.png");
    assert_string_equal(sample_url(f, "squeeze-water-filter", 0), BASE "/squeeze-water-filter-1.png");
    assert_string_equal(sample_url(f, "ceramic-pour-over-dripper", 0),
                        BASE "/ceramic-pour-over-dripper-1.jpg");
    /* folder images (back, front), then the L / Charcoal variant's photo */
    uint32_t tee = family_by_handle(f, "ridgeline-logo-tee");
    assert_int_equal(p2e_images_family_count(f->im, tee), 3);
    assert_string_equal(info(f, "ridgeline-logo-tee/back.png")->staged, "ridgeline-logo-tee-1.png");
    assert_string_equal(info(f, "ridgeline-logo-tee/front.jpg")->staged, "ridgeline-logo-tee-2.jpg");
    assert_string_equal(info(f, "RL-TEE-CHR-L.jpg")->staged, "ridgeline-logo-tee-3.jpg");
    assert_int_equal(p2e_images_family_count(f->im, family_by_handle(f, "camp-chair")), 0);
    assert_int_equal(p2e_images_family_count(f->im, family_by_handle(f, "wide-mouth-bottle")), 2);
    assert_int_equal(count_entries(f->out), 0); /* dry run */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sources_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_extension_staged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slugs_and_collisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_url_encoding_single_slash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_base_url, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_inside_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
