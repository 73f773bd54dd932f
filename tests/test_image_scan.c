/*
 * test_image_scan.c - image_scan.c: the walk and the content checks. Each
 * file's format, size, bytes and crc32; corrupt, unsupported, small and
 * misnamed files and their findings; hidden files and litter left out; a
 * missing folder or a file given as the folder; symlink loops, links out
 * of the folder (not followed) and a link inside it (a duplicate).
 *
 * Every image is made here, byte by byte (images_util.h), in a temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "images_util.h"

/* ---- scanning: content checks ---------------------------------------------- */

static void make_check_files(const fx *f)
{
    p2e_buf b = {0};
    write_png(f->src, "good.png", 300, 300, 1);
    png(&b, 300, 300, 2);
    b.len -= 12; /* no IEND: cut at the end of the data */
    write_buf(f->src, "trunc.png", &b);
    write_bytes(f->src, "empty.jpg", "", 0);
    write_bytes(f->src, "pic.bmp", "BM\x46\0\0\0\0\0\0\0\x36\0\0\0", 14);
    write_bytes(f->src, "pic.tif", "II*\0\x08\0\0\0\0\0", 10);
    write_text(f->src, "notes.txt", "shoot the mugs again\n");
    write_png(f->src, "wrong.jpg", 250, 250, 3);
    write_gif(f->src, "small.gif", 50, 40, 4);
    jpeg_head(&b, 640, 480, 0xC0, 140000); /* SOF past 64 KiB */
    jpeg_scan(&b, 5);
    put(&b, "\xFF\xD9", 2);
    write_buf(f->src, "big.jpg", &b);
    jpeg_head(&b, 640, 480, 0xC0, 0);
    jseg(&b, 0xE2, "\xFF\xD8\xFF\xD9", 4); /* an EOI inside a segment does not count */
    jpeg_scan(&b, 6);                      /* and the data stops: no EOI */
    write_buf(f->src, "cut.jpg", &b);
    webp(&b, 1, 300, 300);
    write_buf(f->src, "good.webp", &b);
    webp(&b, 0, 300, 300);
    b.len -= 2; /* shorter than the RIFF length */
    write_buf(f->src, "cut.webp", &b);
    gif(&b, 300, 300, 7);
    b.len -= 1; /* no trailer */
    write_buf(f->src, "cut.gif", &b);
}

static void make_litter(const fx *f)
{
    write_png(f->src, ".hidden.png", 300, 300, 9);
    write_png(f->src, "._good.png", 300, 300, 9);
    write_text(f->src, ".DS_Store", "litter");
    write_text(f->src, "Thumbs.db", "litter");
    write_text(f->src, "desktop.ini", "litter");
    write_png(f->src, "__MACOSX/._good.png", 300, 300, 9);
    write_png(f->src, "__MACOSX/good.png", 300, 300, 9);
    write_png(f->src, ".git/x.png", 300, 300, 9);
}

static void test_scan_checks(void **state)
{
    fx *f = *state;
    make_check_files(f);
    make_litter(f);
    scan(f);
    static const struct {
        const char *rel;
        p2e_sniff_result sniff;
        p2e_image_format fmt;
        uint32_t w, h;
        const char *codes;
    } want[] = {
        /* in path order */
        {"big.jpg", P2E_SNIFF_OK, P2E_IMG_JPEG, 640, 480, ""},
        {"cut.gif", P2E_SNIFF_CORRUPT, P2E_IMG_GIF, 300, 300, "IMAGE_CORRUPT"},
        {"cut.jpg", P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0, "IMAGE_CORRUPT"},
        {"cut.webp", P2E_SNIFF_CORRUPT, P2E_IMG_WEBP, 300, 300, "IMAGE_CORRUPT"},
        {"empty.jpg", P2E_SNIFF_CORRUPT, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_CORRUPT"},
        {"good.png", P2E_SNIFF_OK, P2E_IMG_PNG, 300, 300, ""},
        {"good.webp", P2E_SNIFF_OK, P2E_IMG_WEBP, 300, 300, ""},
        {"notes.txt", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"pic.bmp", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"pic.tif", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"small.gif", P2E_SNIFF_OK, P2E_IMG_GIF, 50, 40, "IMAGE_SMALL"},
        {"trunc.png", P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 300, 300, "IMAGE_CORRUPT"},
        {"wrong.jpg", P2E_SNIFF_OK, P2E_IMG_PNG, 250, 250, "IMAGE_EXTENSION"},
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(p2e_images_count(f->im), n); /* hidden files and litter not listed */
    for (size_t i = 0; i < n; i++) {
        const p2e_image_info *in = p2e_images_get(f->im, i);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", f->src, want[i].rel);
        assert_string_equal(in->source, path);
        assert_int_equal(in->sniff, want[i].sniff);
        assert_int_equal(in->format, want[i].fmt);
        if (want[i].sniff == P2E_SNIFF_OK) {
            assert_int_equal(in->width, want[i].w);
            assert_int_equal(in->height, want[i].h);
        }
        assert_string_equal(in->codes, want[i].codes);
        assert_int_equal(in->family, P2E_NONE);
        assert_int_equal(in->position, -1);
    }
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 5);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_UNSUPPORTED), 3);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_EXTENSION), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_SMALL), 1);
    assert_int_equal(f->rep.count, 10);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_UNSUPPORTED, "pic.tif");
    assert_string_equal(fstr(f, x->value), "tiff");
    assert_int_equal(x->file, P2E_FILE_OTHER);
    x = finding(f, P2E_CODE_IMAGE_EXTENSION, "wrong.jpg");
    assert_string_equal(fstr(f, x->value), "jpg");
    x = finding(f, P2E_CODE_IMAGE_SMALL, "small.gif");
    assert_string_equal(fstr(f, x->value), "50x40");
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_CORRUPT, "empty.jpg")->detail),
                        "empty file");
}

static void test_scan_size_and_crc(void **state)
{
    fx *f = *state;
    p2e_buf b = {0};
    jpeg_head(&b, 800, 600, 0xC0, 200000); /* several read chunks */
    jpeg_scan(&b, 1);
    put(&b, "\xFF\xD9", 2);
    write_bytes(f->src, "a.jpg", b.data, b.len);
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)b.data, (uInt)b.len);
    size_t len = b.len;
    p2e_buf_free(&b);
    scan(f);
    const p2e_image_info *in = info(f, "a.jpg");
    assert_int_equal(in->bytes, len);
    assert_int_equal(in->crc32, crc);
    assert_int_equal(in->width, 800);
    assert_int_equal(in->height, 600);
}

static void test_scan_bad_folder(void **state)
{
    fx *f = *state;
    char path[4096];
    const char *dirs[] = {path};
    snprintf(path, sizeof path, "%s/nope", f->src);
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_ERR_OPEN);
    assert_null(f->im);
    assert_non_null(strstr(f->err.msg, "nope"));
    write_text(f->src, "file.txt", "x");
    snprintf(path, sizeof path, "%s/file.txt", f->src);
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_ERR_OPEN);
    assert_int_equal(p2e_images_scan(&f->im, NULL, 0, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_count(f->im), 0);
}

/* ---- the walk: links ---------------------------------------------------------- */

static void test_symlinks(void **state)
{
    fx *f = *state;
    char path[4096], outside_file[4096];
    char *outside = tu_temp_dir();
    assert_non_null(outside);
    write_png(outside, "far.png", 300, 300, 1);
    write_png(f->src, "a.png", 300, 300, 2);
    write_png(f->src, "sub/b.png", 300, 300, 3);
    snprintf(path, sizeof path, "%s/sub/loop", f->src);
    assert_int_equal(symlink("..", path), 0); /* back to the root: a loop */
    snprintf(path, sizeof path, "%s/sub/self", f->src);
    assert_int_equal(symlink(".", path), 0);
    snprintf(path, sizeof path, "%s/out", f->src);
    assert_int_equal(symlink(outside, path), 0); /* a folder outside */
    snprintf(path, sizeof path, "%s/far.png", f->src);
    snprintf(outside_file, sizeof outside_file, "%s/far.png", outside);
    assert_int_equal(symlink(outside_file, path), 0); /* a file outside */
    snprintf(path, sizeof path, "%s/alias.png", f->src);
    assert_int_equal(symlink("sub/b.png", path), 0); /* a file inside: used */
    snprintf(path, sizeof path, "%s/dangling.png", f->src);
    assert_int_equal(symlink("nowhere.png", path), 0);
    scan(f);
    assert_int_equal(p2e_images_count(f->im), 3);
    assert_string_equal(info(f, "a.png")->codes, "");
    assert_string_equal(info(f, "alias.png")->codes, "");
    assert_string_equal(info(f, "sub/b.png")->codes, "IMAGE_DUPLICATE");
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_DUPLICATE, "sub/b.png")->value),
                        info(f, "alias.png")->source);
    tu_remove_tree(outside);
    free(outside);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scan_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_size_and_crc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_bad_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
