/*
 * fuzz_images.c - the image format module (p2e_image_sniff.h: JPEG, PNG,
 * GIF, WebP signatures and sizes, what an unsupported file is, and the
 * streaming structure walk that tells complete from truncated), then the
 * folder scan (p2e_images_scan on a folder holding the input as its one
 * file) against it.
 *
 * The first part uses p2e_image_sniff.h alone: pure functions over bytes
 * (no I/O, no allocation), so only image_sniff.o is linked for it.
 *
 * Properties checked on every input (FUZZ_CHECK aborts):
 *   - p2e_image_sniff never reads past the bytes given (ASan: the input is
 *     also sniffed from an exact-size heap copy of each prefix length the
 *     scanner uses) and gives a size exactly when it says OK;
 *   - an empty input is corrupt, a known format never "unsupported";
 *   - the structure walk gives the same verdict whether the file is fed
 *     whole or in small pieces;
 *   - the folder scan finds the one file, and its verdict and size are the
 *     ones the format module gives for those bytes (what the scanner
 *     adds is I/O, crc32 and bookkeeping: never another verdict);
 *   - with libvips deciding (issue 17), a file it accepts is converted as
 *     staging does (p2e_vips_convert: oriented, sRGB, shrunk; to JPEG, or
 *     PNG with transparency; an input of odd length keeps its metadata,
 *     an even one has it stripped), which must succeed: staging a photo the decode
 *     accepted is never allowed to fail; the result is within the size
 *     asked, decodes again, is 8-bit sRGB or grey, upright, and without
 *     personal metadata unless kept. Its thumbnail for report.html
 *     (p2e_vips_thumbnail) succeeds too: an RGB JPEG within 240 px, upright,
 *     without metadata, and the same bytes when made twice.
 * A PNG's IHDR carries a CRC that random mutations almost never keep
 * right, which would leave the size checks after it unexplored: an input
 * that starts like a PNG is also sniffed with its IHDR CRC recomputed.
 */
#include "fuzz_util.h"

#include <zlib.h>

#include "p2e_image_sniff.h"
#include "p2e_image_vips.h"
#include "p2e_images.h"
#include "p2e_report.h"

#define HEAD_BYTES (64 * 1024) /* what image_scan.c sniffs first */

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

/* The walk over the whole input, fed at once and in pieces of 1..7 bytes:
 * the same verdict and size either way. */
static const char *walk_whole(const uint8_t *data, size_t size, p2e_image_format f, uint32_t *w,
                              uint32_t *h)
{
    p2e_image_walk once, pieces;
    p2e_image_walk_init(&once, f);
    p2e_image_walk_init(&pieces, f);
    p2e_image_walk_feed(&once, data, size);
    for (size_t at = 0, k = 1; at < size; at += k, k = k % 7 + 1)
        p2e_image_walk_feed(&pieces, data + at, size - at < k ? size - at : k);
    const char *why = p2e_image_walk_finish(&once, size);
    const char *why2 = p2e_image_walk_finish(&pieces, size);
    FUZZ_CHECK((why == NULL) == (why2 == NULL));
    FUZZ_CHECK(!why || !why2 || strcmp(why, why2) == 0);
    FUZZ_CHECK(once.width == pieces.width && once.height == pieces.height);
    *w = once.width;
    *h = once.height;
    return why;
}

/* What the scan must say of a file holding these bytes, from the format
 * module alone (the order image_scan.c's classify follows). */
static p2e_sniff_result expected_verdict(const uint8_t *data, size_t size, p2e_image_format *f,
                                         uint32_t *w, uint32_t *h)
{
    size_t head = size < HEAD_BYTES ? size : HEAD_BYTES;
    *w = *h = 0;
    *f = P2E_IMG_UNKNOWN;
    if (size == 0)
        return P2E_SNIFF_CORRUPT;
    p2e_sniff_result r = p2e_image_sniff(data, head, f, w, h);
    if (r == P2E_SNIFF_UNSUPPORTED)
        return r;
    if (r == P2E_SNIFF_CORRUPT && (*f != P2E_IMG_JPEG || head < 3))
        return r;
    uint32_t ww, wh;
    if (walk_whole(data, size, *f, &ww, &wh))
        return P2E_SNIFF_CORRUPT;
    if (*f == P2E_IMG_JPEG) { /* the frame header may lie past the head */
        *w = ww;
        *h = wh;
    }
    return P2E_SNIFF_OK;
}

/* The file read back by libvips: decoded whole, its probe. */
static void probe_ok(const char *path, p2e_vips_probe *p)
{
    p2e_vips_probe_file(path, p);
    FUZZ_CHECK(p->ok);
    FUZZ_CHECK(p->colour == P2E_COLOUR_SRGB || p->colour == P2E_COLOUR_BW);
    FUZZ_CHECK(p->orientation == 1); /* applied to the pixels, the tag gone */
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* What staging and report.html's thumbnails do with a photo libvips
 * accepted (see the header comment). A small max_px keeps runs fast; it
 * still takes the shrink paths. */
static void convert_and_thumb(const char *src, uint8_t opt)
{
    char staged[4200], thumb[4200], again[4200];
    fuzz_path(staged, sizeof staged, "staged");
    fuzz_path(thumb, sizeof thumb, "thumb.jpg");
    fuzz_path(again, sizeof again, "again.jpg");
    unlink(staged);
    unlink(thumb);
    unlink(again);
    p2e_vips_probe src_probe;
    p2e_vips_probe_file(src, &src_probe);
    FUZZ_CHECK(src_probe.ok);
    p2e_vips_encode e = {48, opt & 1, src_probe.alpha ? P2E_IMG_PNG : P2E_IMG_JPEG};
    uint32_t w, h, tw, th;
    FUZZ_CHECK(p2e_vips_convert(src, staged, &e, &w, &h) == 0);
    FUZZ_CHECK(w > 0 && h > 0 && w <= 48 && h <= 48);
    p2e_vips_probe p;
    probe_ok(staged, &p);
    FUZZ_CHECK(p.width == w && p.height == h);
    FUZZ_CHECK(strcmp(p.loader, e.format == P2E_IMG_PNG ? "pngload" : "jpegload") == 0);
    if (!e.keep_metadata)
        FUZZ_CHECK(!p.personal);
    FUZZ_CHECK(p2e_vips_thumbnail(staged, thumb, P2E_THUMB_PX, &tw, &th) == 0);
    FUZZ_CHECK(tw > 0 && th > 0 && tw <= P2E_THUMB_PX && th <= P2E_THUMB_PX);
    FUZZ_CHECK(tw <= w && th <= h); /* never enlarged */
    probe_ok(thumb, &p);
    FUZZ_CHECK(strcmp(p.loader, "jpegload") == 0 && p.colour == P2E_COLOUR_SRGB);
    FUZZ_CHECK(!p.personal && !p.profile && p.orientation == 1 && !p.alpha);
    FUZZ_CHECK(p.width == tw && p.height == th);
    FUZZ_CHECK(p2e_vips_thumbnail(staged, again, P2E_THUMB_PX, &tw, &th) == 0);
    FUZZ_CHECK(same_file(thumb, again));
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

    p2e_image_format ef;
    uint32_t ew, eh;
    p2e_sniff_result expect = expected_verdict(data, size, &ef, &ew, &eh);
    if (expect == P2E_SNIFF_OK)
        FUZZ_CHECK(ef != P2E_IMG_UNKNOWN && ew > 0 && eh > 0);

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
    FUZZ_CHECK(info->sniff == expect);
    if (info->sniff == P2E_SNIFF_OK)
        FUZZ_CHECK(info->format == ef && info->width == ew && info->height == eh);
    p2e_images_free(im);
    p2e_report_free(&rep);

    /* the same with libvips deciding (issue 17): it never rescues what the
     * fast checks found broken; what it accepts keeps the header's size, or
     * is another format it reads, with a size */
    p2e_image_opts opts = {0, 0, 1, 0};
    FUZZ_CHECK(p2e_report_init(&rep) == P2E_OK);
    st = p2e_images_scan_opts(&im, dirs, 1, &opts, &rep, &err);
    FUZZ_CHECK(st == P2E_OK);
    FUZZ_CHECK(p2e_images_count(im) == 1);
    info = p2e_images_get(im, 0);
    FUZZ_CHECK(info->bytes == size);
    if (expect == P2E_SNIFF_CORRUPT)
        FUZZ_CHECK(info->sniff == P2E_SNIFF_CORRUPT);
    if (info->sniff == P2E_SNIFF_OK && expect == P2E_SNIFF_OK)
        FUZZ_CHECK(info->format == ef && info->width == ew && info->height == eh);
    if (info->sniff == P2E_SNIFF_OK && expect != P2E_SNIFF_OK)
        FUZZ_CHECK(info->format == P2E_IMG_UNKNOWN && info->width > 0 && info->height > 0);
    int accepted = info->sniff == P2E_SNIFF_OK;
    p2e_images_free(im);
    p2e_report_free(&rep);
    if (accepted)
        convert_and_thumb(file, (uint8_t)(size & 1)); /* a format's first bytes are fixed */
    return 0;
}
