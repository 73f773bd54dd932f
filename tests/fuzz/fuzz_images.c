/*
 * fuzz_images.c - the image header sniffers (p2e_image_sniff: JPEG, PNG,
 * GIF, WebP signatures and sizes, and what an unsupported file is) and the
 * streaming structure walk that checks a whole file (through
 * p2e_images_scan on a folder holding the input as its one file).
 *
 * Properties checked on every input (FUZZ_CHECK aborts):
 *   - p2e_image_sniff never reads past the bytes given (ASan: the input is
 *     also sniffed from an exact-size heap copy of each prefix length the
 *     scanner uses) and gives a size exactly when it says OK;
 *   - an empty input is corrupt, a known format never "unsupported";
 *   - the folder scan finds the one file, and its verdict agrees with the
 *     sniff: unsupported stays unsupported; a file the scan accepts has a
 *     known format and a non-zero size.
 * A PNG's IHDR carries a CRC that random mutations almost never keep
 * right, which would leave the size checks after it unexplored: an input
 * that starts like a PNG is also sniffed with its IHDR CRC recomputed.
 */
#include "fuzz_util.h"

#include <zlib.h>

#include "p2e_images.h"
#include "p2e_report.h"

static p2e_sniff_result sniff_copy(const uint8_t *data, size_t len, p2e_image_format *f,
                                   uint32_t *w, uint32_t *h)
{
    unsigned char *copy = malloc(len ? len : 1);
    FUZZ_CHECK(copy != NULL);
    if (len)
        memcpy(copy, data, len);
    p2e_sniff_result r = p2e_image_sniff(copy, len, f, w, h);
    free(copy);
    FUZZ_CHECK(r == P2E_SNIFF_OK || r == P2E_SNIFF_UNSUPPORTED || r == P2E_SNIFF_CORRUPT);
    FUZZ_CHECK((unsigned)*f <= P2E_IMG_UNKNOWN);
    if (r == P2E_SNIFF_OK)
        FUZZ_CHECK(*f != P2E_IMG_UNKNOWN && *w > 0 && *h > 0);
    else
        FUZZ_CHECK(*w == 0 && *h == 0);
    if (r == P2E_SNIFF_UNSUPPORTED)
        FUZZ_CHECK(*f == P2E_IMG_UNKNOWN);
    if (len == 0)
        FUZZ_CHECK(r == P2E_SNIFF_CORRUPT);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    p2e_image_format f;
    uint32_t w, h;
    p2e_sniff_result r = sniff_copy(data, size, &f, &w, &h);
    /* short heads, as a truncated file gives them */
    for (size_t k = 0; k < size && k < 40; k++) {
        p2e_image_format pf;
        uint32_t pw, ph;
        sniff_copy(data, k, &pf, &pw, &ph);
    }
    (void)p2e_image_ext(f);
    if (size >= 33 && memcmp(data, "\x89PNG\r\n\x1A\n", 8) == 0) {
        unsigned char *fixed = malloc(size);
        FUZZ_CHECK(fixed != NULL);
        memcpy(fixed, data, size);
        uint32_t crc = (uint32_t)crc32(0L, fixed + 12, 17);
        fixed[29] = (unsigned char)(crc >> 24);
        fixed[30] = (unsigned char)(crc >> 16);
        fixed[31] = (unsigned char)(crc >> 8);
        fixed[32] = (unsigned char)crc;
        p2e_image_format pf;
        uint32_t pw, ph;
        sniff_copy(fixed, size, &pf, &pw, &ph);
        free(fixed);
    }

    /* the whole-file check, as --images does it */
    char dir[4200], file[4300];
    fuzz_path(dir, sizeof dir, "pics");
    mkdir(dir, 0700);
    snprintf(file, sizeof file, "%s/SKU-1.jpg", dir);
    fuzz_write_file(file, data, size);
    p2e_images *im = NULL;
    p2e_report rep;
    p2e_err err = {{0}};
    FUZZ_CHECK(p2e_report_init(&rep) == P2E_OK);
    const char *dirs[] = {dir};
    p2e_status st = p2e_images_scan(&im, dirs, 1, &rep, &err);
    FUZZ_CHECK(st == P2E_OK);
    FUZZ_CHECK(p2e_images_count(im) == 1);
    const p2e_image_info *info = p2e_images_get(im, 0);
    FUZZ_CHECK(info != NULL);
    FUZZ_CHECK(info->bytes == size);
    if (r == P2E_SNIFF_UNSUPPORTED)
        FUZZ_CHECK(info->sniff == P2E_SNIFF_UNSUPPORTED);
    if (info->sniff == P2E_SNIFF_OK)
        FUZZ_CHECK(info->format != P2E_IMG_UNKNOWN && info->width > 0 && info->height > 0);
    p2e_images_free(im);
    p2e_report_free(&rep);
    return 0;
}
