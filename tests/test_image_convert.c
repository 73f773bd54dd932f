/*
 * test_image_convert.c - libvips's verdict on each photo (image_convert.c,
 * image_vips.c), on the committed photos of fixtures/images-convert (made
 * by tests/tools/make-photos.py; their sizes are the script's). What is
 * staged from them is read back independently by tests/safety/photos.sh.
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "p2e_image_convert.h"
#include "p2e_images.h"

#define PHOTOS "fixtures/images-convert/photos"

static p2e_images *scan(const p2e_image_opts *opts, p2e_report *rep)
{
    const char *dirs[] = {PHOTOS};
    p2e_images *im = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_report_init(rep), P2E_OK);
    assert_int_equal(p2e_images_scan_opts(&im, dirs, 1, opts, rep, &err), P2E_OK);
    return im;
}

static const p2e_image_info *get(const p2e_images *im, const char *name)
{
    for (size_t i = 0; i < p2e_images_count(im); i++) {
        const p2e_image_info *in = p2e_images_get(im, i);
        if (strcmp(in->source, name) == 0)
            return in;
    }
    fail_msg("%s not found", name);
    return NULL;
}

static int have_photos(void)
{
    struct stat sb;
    if (stat(PHOTOS, &sb) == 0)
        return 1;
    printf("[  SKIP    ] %s not found: run from the repository root\n", PHOTOS);
    return 0;
}

/* every format libvips reads here is usable, with its size from libvips */
static void test_verdicts(void **state)
{
    (void)state;
    if (!have_photos())
        return;
    p2e_report rep;
    p2e_image_opts opts = {0, 0, 0, 0};
    p2e_images *im = scan(&opts, &rep);
    static const struct {
        const char *name;
        p2e_sniff_result sniff;
        uint32_t w, h;
    } want[] = {
        {PHOTOS "/phone.heic", P2E_SNIFF_OK, 320, 240}, {PHOTOS "/studio.avif", P2E_SNIFF_OK, 320, 240},
        {PHOTOS "/scan.tif", P2E_SNIFF_OK, 320, 240},   {PHOTOS "/badge.tif", P2E_SNIFF_OK, 320, 240},
        {PHOTOS "/paint.bmp", P2E_SNIFF_OK, 240, 200},  {PHOTOS "/print.jpg", P2E_SNIFF_OK, 320, 240},
        {PHOTOS "/plain.jpg", P2E_SNIFF_OK, 320, 240},  {PHOTOS "/wide.jpg", P2E_SNIFF_OK, 2100, 400},
        {PHOTOS "/cut.jpg", P2E_SNIFF_CORRUPT, 320, 240},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const p2e_image_info *in = get(im, want[i].name);
        assert_int_equal(in->sniff, want[i].sniff);
        assert_int_equal(in->width, want[i].w);
        assert_int_equal(in->height, want[i].h);
    }
    assert_int_equal(get(im, PHOTOS "/phone.heic")->format, P2E_IMG_UNKNOWN);
    assert_string_equal(get(im, PHOTOS "/cut.jpg")->codes, "IMAGE_CORRUPT");
    assert_string_equal(get(im, PHOTOS "/plain.jpg")->codes, "");
    p2e_images_free(im);
    p2e_report_free(&rep);
}

/* the fast checks alone pass cut.jpg (its structure is whole) and refuse
 * HEIC: the decision is the library's */
static void test_fast_checks_alone(void **state)
{
    (void)state;
    if (!have_photos())
        return;
    p2e_report rep;
    p2e_images *im = scan(NULL, &rep);
    assert_int_equal(get(im, PHOTOS "/cut.jpg")->sniff, P2E_SNIFF_OK);
    assert_int_equal(get(im, PHOTOS "/phone.heic")->sniff, P2E_SNIFF_UNSUPPORTED);
    p2e_images_free(im);
    p2e_report_free(&rep);
}

/* one core or two: the same verdicts and codes */
static void test_one_core_same(void **state)
{
    (void)state;
    if (!have_photos())
        return;
    p2e_report r1, r2;
    p2e_image_opts one = {0, 0, 1, 0}, two = {0, 0, 0, 0};
    p2e_images *a = scan(&one, &r1), *b = scan(&two, &r2);
    assert_int_equal(p2e_images_count(a), p2e_images_count(b));
    for (size_t i = 0; i < p2e_images_count(a); i++) {
        const p2e_image_info *x = p2e_images_get(a, i), *y = p2e_images_get(b, i);
        assert_string_equal(x->source, y->source);
        assert_int_equal(x->sniff, y->sniff);
        assert_int_equal(x->width, y->width);
        assert_string_equal(x->codes, y->codes);
    }
    assert_int_equal(r1.count, r2.count);
    p2e_images_free(a);
    p2e_images_free(b);
    p2e_report_free(&r1);
    p2e_report_free(&r2);
}

/* photos only: a PDF is not one, even where a library could render it */
static void test_other_readable(void **state)
{
    (void)state;
    if (!have_photos())
        return;
    assert_true(p2e_images_other_readable(PHOTOS "/scan.tif", "tiff"));
    assert_true(p2e_images_other_readable(PHOTOS "/paint.bmp", "bmp"));
    assert_true(p2e_images_other_readable(PHOTOS "/phone.heic", "heic"));
    assert_false(p2e_images_other_readable("fixtures/images-findings/photos/menu.pdf", "pdf"));
    assert_false(p2e_images_other_readable(PHOTOS "/scan.tif", "text"));
    assert_false(p2e_images_other_readable(PHOTOS "/missing.tif", "tiff"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_fast_checks_alone),
        cmocka_unit_test(test_one_core_same),
        cmocka_unit_test(test_other_readable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
