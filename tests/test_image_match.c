/*
 * test_image_match.c - image_match.c, with casefold.c and keyset.c under
 * it: photos matched by SKU, handle, position suffix and folder; gallery
 * order; orphans and missing images; an exact name winning over a
 * case-folded one, IMAGE_AMBIGUOUS, excluded SKUs; folding beyond ASCII
 * and the fold itself; the 18-photo gallery cap; duplicates shown and
 * staged once; corrupt files never used.
 *
 * Every image is made here, byte by byte (images_util.h), in a temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_casefold.h"

#include "images_util.h"

/* ---- matching and galleries ------------------------------------------------ */

static void test_match_positions(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE "/");
    /* KEY, KEY_2 (any case), KEY-3, KEY (4), KEY_10: by position */
    static const char *const mug[] = {"mug-1.jpg", "mug-2.png", "mug-3.gif", "mug-4.webp",
                                      "mug-5.jpg"};
    assert_gallery(f, s.mug, mug, 5);
    assert_int_equal(info(f, "mug.jpg")->position, 0);
    assert_int_equal(info(f, "MUG_2.png")->position, 2);
    assert_int_equal(info(f, "mug-3.gif")->position, 3);
    assert_int_equal(info(f, "mug (4).webp")->position, 4);
    assert_int_equal(info(f, "mug_10.jpg")->position, 10);
    assert_int_equal(info(f, "mug_10.jpg")->family, s.mug);
    assert_int_equal(info(f, "mug_10.jpg")->variant, P2E_NONE);
    assert_string_equal(info(f, "mug (4).webp")->staged, "mug-4.webp");
    assert_staged_copy(f, "mug-4.webp", "mug (4).webp");
    /* the whole name is a SKU first: CUP-2 is not "cup" at position 2 */
    static const char *const cup[] = {"cup-1.jpg", "cup-2.jpg"};
    assert_gallery(f, s.cup, cup, 2);
    assert_int_equal(info(f, "CUP-2.jpg")->variant, f->cat.families[s.cup].first);
    assert_int_equal(info(f, "CUP-2.jpg")->position, 0);
    assert_int_equal(info(f, "cup-2_2.jpg")->position, 2);
    assert_staged_copy(f, "cup-1.jpg", "CUP-2.jpg");
}

static void test_match_variants(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    /* handle images, then TEE-S's, then TEE-M's (variant input order) */
    static const char *const tee[] = {"tee-1.png", "tee-2.jpg", "tee-3.jpg", "tee-4.png"};
    assert_gallery(f, s.tee, tee, 4);
    assert_staged_copy(f, "tee-2.jpg", "tee-s.jpg");
    assert_staged_copy(f, "tee-3.jpg", "TEE-M.jpg");
    assert_staged_copy(f, "tee-4.png", "TEE-M_2.png");
    assert_string_equal(p2e_images_variant_url(f->im, s.tee_s), BASE "/tee-2.jpg");
    assert_string_equal(p2e_images_variant_url(f->im, s.tee_m), BASE "/tee-3.jpg");
    assert_null(p2e_images_variant_url(f->im, s.tee_l));
    assert_null(p2e_images_variant_url(f->im, P2E_NONE));
    const p2e_image_info *in = info(f, "tee-s.jpg");
    assert_int_equal(in->family, s.tee);
    assert_int_equal(in->variant, s.tee_s);
}

static void test_match_folder(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    /* a folder named after the key: by natural name order */
    static const char *const lamp[] = {"lamp-1.png", "lamp-2.jpg", "lamp-3.gif", "lamp-4.jpg"};
    assert_gallery(f, s.lamp, lamp, 4);
    assert_staged_copy(f, "lamp-1.png", "lamp/9.png");
    assert_staged_copy(f, "lamp-2.jpg", "lamp/10.jpg");
    assert_staged_copy(f, "lamp-3.gif", "lamp/A.gif");
    assert_staged_copy(f, "lamp-4.jpg", "lamp/b.jpg");
    assert_int_equal(info(f, "lamp/9.png")->position, 0);
    assert_int_equal(info(f, "lamp/b.jpg")->position, 3);
    assert_int_equal(info(f, "lamp/b.jpg")->family, s.lamp);
}

static void test_orphans_and_missing(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 3);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_ORPHAN, "orphan.jpg");
    assert_string_equal(fstr(f, x->value), "orphan");
    assert_int_equal(x->file, P2E_FILE_OTHER);
    x = finding(f, P2E_CODE_IMAGE_ORPHAN, "gone.jpg");
    assert_string_equal(fstr(f, x->detail), "product gone is not written");
    x = finding(f, P2E_CODE_IMAGE_ORPHAN, "GONE-1.jpg");
    assert_string_equal(fstr(f, x->detail), "SKU GONE-1 is not written");
    assert_string_equal(info(f, "orphan.jpg")->codes, "IMAGE_ORPHAN");
    assert_string_equal(info(f, "orphan.jpg")->staged, "");
    assert_int_equal(info(f, "orphan.jpg")->position, -1);
    /* one IMAGE_MISSING per written family with no image, on its first row */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), 1);
    for (size_t i = 0; i < f->rep.count; i++) {
        const p2e_finding *m = &f->rep.items[i];
        if (m->code != P2E_CODE_IMAGE_MISSING)
            continue;
        assert_int_equal(m->line, 8);
        assert_int_equal(m->file, 0);
        assert_int_equal(m->keep, P2E_KEEP_ALWAYS);
        assert_string_equal(fstr(f, m->handle), "plate");
        assert_string_equal(fstr(f, m->sku), "PLT");
    }
    assert_int_equal(p2e_images_family_count(f->im, s.plate), 0);
    assert_int_equal(p2e_images_family_count(f->im, s.gone), 0);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 0);
}

/* Issue 19, point 11: CUP-1 and cup-1 each get their own photo; a name
 * that matches both only ignoring case is IMAGE_AMBIGUOUS, never a pick;
 * the same for folders and for product keys (handles). */
static void test_match_exact_case_wins(void **state)
{
    fx *f = *state;
    uint32_t upper = product(f, "cup-upper", "CUP-1", 2, 1);
    uint32_t lower = product(f, "cup-lower", "cup-1", 3, 1);
    uint32_t mug_a = product(f, "Mug", "M-A", 4, 1);
    uint32_t mug_b = product(f, "mug", "M-B", 5, 1);
    write_jpeg(f->src, "CUP-1.jpg", 300, 300, 1);
    write_jpeg(f->src, "cup-1.jpg", 300, 300, 2);
    write_jpeg(f->src, "Cup-1.jpg", 300, 300, 3);
    write_jpeg(f->src, "CUP-1/side.jpg", 300, 300, 4);
    write_jpeg(f->src, "cUP-1/back.jpg", 300, 300, 5);
    write_jpeg(f->src, "Mug.jpg", 300, 300, 6);
    write_jpeg(f->src, "MUG.jpg", 300, 300, 7);
    scan_match_stage(f, BASE);
    static const char *const up[] = {"cup-upper-1.jpg", "cup-upper-2.jpg"};
    assert_gallery(f, upper, up, 2);
    assert_staged_copy(f, "cup-upper-1.jpg", "CUP-1.jpg");
    assert_staged_copy(f, "cup-upper-2.jpg", "CUP-1/side.jpg");
    static const char *const low[] = {"cup-lower-1.jpg"};
    assert_gallery(f, lower, low, 1);
    assert_staged_copy(f, "cup-lower-1.jpg", "cup-1.jpg");
    assert_int_equal(info(f, "cup-1.jpg")->variant, f->cat.families[lower].first);
    static const char *const ma[] = {"mug-1.jpg"};
    assert_gallery(f, mug_a, ma, 1);
    assert_staged_copy(f, "mug-1.jpg", "Mug.jpg");
    assert_int_equal(p2e_images_family_count(f->im, mug_b), 0);
    /* three ambiguous photos: not used, not orphans either */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_AMBIGUOUS), 3);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "Cup-1.jpg");
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_AMBIGUOUS), P2E_SEV_WARNING);
    assert_string_equal(fstr(f, x->value), "Cup-1");
    assert_string_equal(fstr(f, x->detail), "matches SKU CUP-1 and SKU cup-1");
    x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "cUP-1/back.jpg");
    assert_string_equal(fstr(f, x->detail), "matches SKU CUP-1 and SKU cup-1");
    x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "MUG.jpg");
    assert_string_equal(fstr(f, x->detail), "matches product Mug and product mug");
    assert_string_equal(info(f, "Cup-1.jpg")->codes, "IMAGE_AMBIGUOUS");
    assert_string_equal(info(f, "Cup-1.jpg")->staged, "");
    assert_int_equal(info(f, "Cup-1.jpg")->family, P2E_NONE);
    assert_int_equal(info(f, "Cup-1.jpg")->position, -1);
}

/* A photo named exactly after an excluded SKU is not given to the written
 * SKU that differs from it only by case. */
static void test_match_exact_unwritten(void **state)
{
    fx *f = *state;
    uint32_t kept = product(f, "kept", "CUP-9", 2, 1);
    product(f, "dropped", "cup-9", 3, 0);
    write_jpeg(f->src, "cup-9.jpg", 300, 300, 1);
    write_jpeg(f->src, "Cup-9.jpg", 300, 300, 2);
    scan_match_stage(f, BASE);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_ORPHAN, "cup-9.jpg");
    assert_string_equal(fstr(f, x->detail), "SKU cup-9 is not written");
    /* only ignoring case, and only one written: CUP-9's */
    static const char *const k[] = {"kept-1.jpg"};
    assert_gallery(f, kept, k, 1);
    assert_staged_copy(f, "kept-1.jpg", "Cup-9.jpg");
}

/* Letters beyond ASCII fold like ASCII ones: Latin-1, Latin Extended-A,
 * Greek (final sigma too), Cyrillic. */
static void test_match_unicode_fold(void **state)
{
    fx *f = *state;
    uint32_t e = product(f, "cafe", "\xC3\xA9", 2, 1);                       /* é */
    uint32_t lodz = product(f, "lodz", "\xC5\x81\xC3\x93" "D\xC5\xB9", 3, 1); /* ŁÓDŹ */
    uint32_t sofia = product(f, "sofia", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", 4, 1); /* ΣΟΦΙΑ */
    uint32_t chai = product(f, "chai", "\xD0\xA7\xD0\x90\xD0\x99-1", 5, 1);   /* ЧАЙ-1 */
    uint32_t glass = product(f, "glass", "GLA\xC3\x9F", 6, 1);               /* GLAß */
    write_jpeg(f->src, "\xC3\x89.jpg", 300, 300, 1);                          /* É */
    write_jpeg(f->src, "\xC5\x82\xC3\xB3" "d\xC5\xBA.jpg", 300, 300, 2);      /* łódź */
    write_jpeg(f->src, "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1.jpg", 300, 300, 3); /* σοφια */
    write_jpeg(f->src, "\xD1\x87\xD0\xB0\xD0\xB9-1_2.jpg", 300, 300, 4);      /* чай-1_2 */
    write_jpeg(f->src, "glass.jpg", 300, 300, 5); /* ß is not "ss" (simple folding) */
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, e), 1);
    assert_int_equal(p2e_images_family_count(f->im, lodz), 1);
    assert_int_equal(p2e_images_family_count(f->im, sofia), 1);
    assert_int_equal(p2e_images_family_count(f->im, chai), 1);
    assert_int_equal(info(f, "\xD1\x87\xD0\xB0\xD0\xB9-1_2.jpg")->position, 2);
    assert_int_equal(info(f, "glass.jpg")->family, glass); /* by its handle */
    assert_int_equal(info(f, "glass.jpg")->variant, P2E_NONE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
}

/* The fold itself, code point by code point and on bytes. */
static void test_casefold(void **state)
{
    (void)state;
    static const uint32_t pairs[][2] = {
        {'A', 'a'}, {'z', 'z'}, {0xC0, 0xE0}, {0xDE, 0xFE}, {0xD7, 0xD7}, {0xDF, 0xDF},
        {0x100, 0x101}, {0x101, 0x101}, {0x130, 'i'}, {0x131, 0x131}, {0x139, 0x13A},
        {0x141, 0x142}, {0x14A, 0x14B}, {0x178, 0xFF}, {0x179, 0x17A}, {0x17D, 0x17E},
        {0x17F, 's'}, {0x386, 0x3AC}, {0x388, 0x3AD}, {0x38C, 0x3CC}, {0x38F, 0x3CE},
        {0x391, 0x3B1}, {0x3A3, 0x3C3}, {0x3A2, 0x3A2}, {0x3C2, 0x3C3}, {0x400, 0x450},
        {0x401, 0x451}, {0x410, 0x430}, {0x42F, 0x44F}, {0x460, 0x461}, {0x490, 0x491},
        {0x4C0, 0x4CF}, {0x4C1, 0x4C2}, {0x4D0, 0x4D1}, {0x1E9E, 0x1E9E}, {'1', '1'}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (p2e_fold_cp(pairs[i][0]) != pairs[i][1])
            fail_msg("U+%04X folds to U+%04X, expected U+%04X", (unsigned)pairs[i][0],
                     (unsigned)p2e_fold_cp(pairs[i][0]), (unsigned)pairs[i][1]);
    p2e_buf b = {0};
    /* "İSTANBUL ÉTÉ" -> "istanbul été"; a stray 0xFF and a cut sequence stay */
    const char *in = "\xC4\xB0STANBUL \xC3\x89T\xC3\x89 \xFF\xC3";
    assert_int_equal(p2e_casefold(&b, in, strlen(in)), P2E_OK);
    assert_string_equal(b.data, "istanbul \xC3\xA9t\xC3\xA9 \xFF\xC3");
    assert_int_equal(b.len, strlen("istanbul \xC3\xA9t\xC3\xA9 \xFF\xC3"));
    p2e_buf_free(&b);
}

/* Issue 19, point 12: a product takes 18 photos (main + 17 gallery
 * columns); the others, last in gallery order, are left out, marked in
 * images.csv, and reported once for the product with their count. */
static void test_gallery_cap(void **state)
{
    fx *f = *state;
    uint32_t big = product(f, "big", "BIG-1", 7, 1);
    uint32_t small = product(f, "small", "SM-1", 8, 1);
    write_jpeg(f->src, "BIG-1.jpg", 300, 300, 100);
    for (unsigned i = 2; i <= 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "BIG-1_%u.jpg", i);
        write_jpeg(f->src, name, 300, 300, 100 + i);
    }
    write_jpeg(f->src, "SM-1.jpg", 300, 300, 1);
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, big), 18);
    assert_url(f, big, 0, "big-1.jpg");
    assert_url(f, big, 17, "big-18.jpg");
    assert_staged_copy(f, "big-18.jpg", "BIG-1_18.jpg");
    assert_null(p2e_images_family_url(f->im, big, 18));
    assert_int_equal(p2e_images_family_count(f->im, small), 1);
    assert_string_equal(info(f, "BIG-1_19.jpg")->codes, "IMAGE_GALLERY_FULL");
    assert_string_equal(info(f, "BIG-1_20.jpg")->codes, "IMAGE_GALLERY_FULL");
    assert_string_equal(info(f, "BIG-1_20.jpg")->staged, "");
    assert_string_equal(info(f, "BIG-1_18.jpg")->codes, "");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_GALLERY_FULL), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    for (size_t i = 0; i < f->rep.count; i++) {
        const p2e_finding *x = &f->rep.items[i];
        if (x->code != P2E_CODE_IMAGE_GALLERY_FULL)
            continue;
        assert_int_equal(x->line, 7);
        assert_string_equal(fstr(f, x->sku), "BIG-1");
        assert_string_equal(fstr(f, x->value), "2");
        assert_string_equal(fstr(f, x->detail),
                            "18 of 20 photos used, the rest are marked IMAGE_GALLERY_FULL in images.csv");
    }
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_GALLERY_FULL), P2E_SEV_WARNING);
}

static void test_duplicates(void **state)
{
    fx *f = *state;
    uint32_t mug = product(f, "mug", "RL-MUG", 2, 1);
    uint32_t bowl = product(f, "bowl", "BWL", 3, 1);
    write_jpeg(f->src, "bowl.jpg", 300, 300, 1);
    write_jpeg(f->src, "copy.jpg", 300, 300, 1);   /* same bytes, matches nothing */
    write_jpeg(f->src, "mug.jpg", 300, 300, 1);    /* same bytes */
    write_jpeg(f->src, "mug_2.jpg", 300, 300, 1);  /* same bytes, same gallery */
    write_jpeg(f->src, "mug_3.jpg", 300, 300, 2);  /* same size, other bytes */
    scan_match_stage(f, BASE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_DUPLICATE), 3);
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_DUPLICATE, "mug.jpg")->value),
                        info(f, "bowl.jpg")->source);
    assert_string_equal(info(f, "mug_3.jpg")->codes, "");
    assert_string_equal(info(f, "copy.jpg")->codes, "IMAGE_DUPLICATE IMAGE_ORPHAN");
    /* mug: the shared bytes once, then mug_3; bowl: the shared file's URL */
    static const char *const mug_urls[] = {"mug-1.jpg", "mug-2.jpg"};
    assert_gallery(f, mug, mug_urls, 2);
    static const char *const bowl_urls[] = {"mug-1.jpg"};
    assert_gallery(f, bowl, bowl_urls, 1);
    assert_string_equal(info(f, "bowl.jpg")->staged, "mug-1.jpg");
    assert_string_equal(info(f, "mug_2.jpg")->staged, "mug-1.jpg");
    assert_string_equal(info(f, "copy.jpg")->staged, "");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", f->out);
    assert_int_equal(count_entries(dir), 2);
    assert_staged_copy(f, "mug-2.jpg", "mug_3.jpg");
}

static void test_corrupt_not_used(void **state)
{
    fx *f = *state;
    uint32_t chair = product(f, "camp-chair", "CHR", 2, 1);
    p2e_buf b = {0};
    jpeg(&b, 300, 300, 1);
    b.len = 120; /* SOI, JFIF and part of the tables, like samples/images */
    write_buf(f->src, "camp-chair.jpg", &b);
    write_bytes(f->src, "camp-chair_2.png", "", 0);
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, chair), 0);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 2);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    assert_int_equal(info(f, "camp-chair.jpg")->family, chair); /* shown, not used */
    assert_string_equal(info(f, "camp-chair.jpg")->staged, "");
    assert_int_equal(count_entries(f->out), 0); /* nothing to stage: no folder */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_match_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orphans_and_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_exact_case_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_exact_unwritten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_unicode_fold, setup, teardown),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test_setup_teardown(test_gallery_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_not_used, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
