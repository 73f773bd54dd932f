/*
 * test_image_sniff.c - image_sniff.c: formats and sizes by content (JPEG
 * baseline and progressive, the SOF past 64 KiB, PNG, GIF, the three WebP
 * kinds), cut and corrupt headers, unsupported formats (BMP, TIFF, HEIC,
 * PSD, other RIFF, text) and the extension of each format.
 *
 * Every image is made here, byte by byte (images_util.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "images_util.h"

/* ---- sniffing --------------------------------------------------------------- */

static void assert_sniff(p2e_buf *b, p2e_sniff_result want, p2e_image_format fmt, uint32_t w,
                         uint32_t h)
{
    p2e_image_format gf;
    uint32_t gw, gh;
    assert_int_equal(p2e_image_sniff((const unsigned char *)b->data, b->len, &gf, &gw, &gh), want);
    assert_int_equal(gf, fmt);
    assert_int_equal(gw, w);
    assert_int_equal(gh, h);
    p2e_buf_free(b);
}

static void test_sniff_jpeg(void **state)
{
    (void)state;
    p2e_buf b = {0};
    jpeg(&b, 640, 480, 1); /* baseline, with a DHT before the SOF0 */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 640, 480);
    jpeg_head(&b, 1024, 768, 0xC2, 0); /* progressive; the head alone is enough */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 1024, 768);
    jpeg_head(&b, 300, 200, 0xC1, 70000); /* SOF beyond 64 KiB, whole file given */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 300, 200);
    put(&b, "\xFF\xD8\xFF\xE0\x00\x10JFIF\0\1\1\0\0\1\0\1\0\0\xFF\xDB\x00\x43\0\1", 26);
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0); /* cut in the DQT, no SOF */
    jpeg_head(&b, 300, 0, 0xC0, 0);                           /* height by DNL: no size */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0);
    put(&b, "\xFF\xD8\xFF\xDA\x00\x08\1\1\0\0\x3F\0", 12); /* scan before any frame */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0);
}

static void test_sniff_png_gif_webp(void **state)
{
    (void)state;
    p2e_buf b = {0};
    png(&b, 300, 200, 7);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_PNG, 300, 200);
    png(&b, 300, 200, 7);
    b.len = 20; /* cut inside IHDR */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    png(&b, 300, 200, 7);
    b.data[20] ^= 1; /* height changed: the IHDR CRC no longer fits */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    put(&b, "\x89PNG", 4); /* a signature cut short */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    gif(&b, 320, 240, 1);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_GIF, 320, 240);
    gif(&b, 0, 0, 1);
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_GIF, 0, 0);
    webp(&b, 0, 400, 300);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 400, 300);
    webp(&b, 1, 16383, 2);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 16383, 2);
    webp(&b, 2, 5000, 7000);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 5000, 7000);
    put(&b, "RIFF\x10\0\0\0WEBPABCD\0\0\0\0", 20); /* unknown first chunk */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_WEBP, 0, 0);
}

static void test_sniff_unsupported(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
    } other[] = {
        {"BM\x46\0\0\0\0\0\0\0\x36\0\0\0(\0\0\0", 18},  /* BMP */
        {"II*\0\x08\0\0\0\0\0", 10},                    /* TIFF, little-endian */
        {"MM\0*\0\0\0\x08\0\0", 10},                    /* TIFF, big-endian */
        {"\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24},  /* HEIC */
        {"8BPS\0\1\0\0\0\0\0\0", 12},                   /* PSD */
        {"RIFF\x24\0\0\0WAVEfmt ", 16},                 /* RIFF, not WebP */
        {"product photos go here\n", 23},               /* text */
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        p2e_buf b = {0};
        put(&b, other[i].data, other[i].len);
        assert_sniff(&b, P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0);
    }
    p2e_buf empty = {0};
    assert_sniff(&empty, P2E_SNIFF_CORRUPT, P2E_IMG_UNKNOWN, 0, 0);
    assert_string_equal(p2e_image_ext(P2E_IMG_JPEG), "jpg");
    assert_string_equal(p2e_image_ext(P2E_IMG_PNG), "png");
    assert_string_equal(p2e_image_ext(P2E_IMG_GIF), "gif");
    assert_string_equal(p2e_image_ext(P2E_IMG_WEBP), "webp");
    assert_string_equal(p2e_image_ext(P2E_IMG_UNKNOWN), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_jpeg),
        cmocka_unit_test(test_sniff_png_gif_webp),
        cmocka_unit_test(test_sniff_unsupported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
