/*
 * p2e_images.h - product photos from image folders: find, check, match,
 * stage, and give the import their URLs. The header the rest of the
 * program includes: the set, its accessors, and the steps, each from its
 * own module:
 *   p2e_image_sniff.h   formats by content (signatures, sizes, structure)
 *   p2e_image_scan.h    p2e_images_scan: the folder walk and file checks
 *   p2e_image_match.h   p2e_images_match: photos to SKUs and handles
 *   p2e_image_stage.h   p2e_images_stage, p2e_images_write_csv
 * (p2e_image_set.h is the set's inside, for those modules only.)
 *
 * Formats are told by content (signatures and headers), never by file
 * name.
 *
 * Ownership: p2e_images_scan allocates the set; p2e_images_free releases
 * it. Strings returned by the accessors are owned by the set and valid
 * until it is freed. The catalog and report are borrowed.
 */
#ifndef P2E_IMAGES_H
#define P2E_IMAGES_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_image_sniff.h"

/* One file found, for images.csv and the report. */
typedef struct {
    const char *source;      /* path as found */
    p2e_image_format format;
    p2e_sniff_result sniff;
    uint32_t width, height;
    uint64_t bytes;
    uint32_t crc32;
    uint32_t family;         /* matched family, or P2E_NONE */
    uint32_t variant;        /* matched variant (SKU match), or P2E_NONE */
    int position;            /* order within its key; -1 when unmatched */
    const char *staged;      /* name under DIR/images/, or "" */
    const char *url;         /* BASE/staged (percent-encoded), or "" */
    const char *codes;       /* finding codes for this file, space-separated */
} p2e_image_info;

typedef struct p2e_images p2e_images;

/* The store's limits (README, Images): the largest file it takes, and the
 * long side photos are shrunk to by default. */
#define P2E_IMAGE_MAX_BYTES 20000000u
#define P2E_IMAGE_MAX_PX 2048u
#define P2E_IMAGE_MIN_PX 200u   /* IMAGE_SMALL under this on the short side */
/* report.html's thumbnails (DIR/images/thumbs/): their long side */
#define P2E_THUMB_PX 240u

/* What staging does to photos: shrink them to max_px on the long side (0:
 * P2E_IMAGE_MAX_PX), keep or strip their metadata, whether everything
 * stays on one core (P2E_SERIAL=1), and whether each staged photo also
 * gets a thumbnail for report.html (DIR/images/thumbs/NAME.jpg, a JPEG
 * of P2E_THUMB_PX on its long side; only when that report is written). */
typedef struct {
    uint32_t max_px;
    int keep_metadata;
    int one_core;
    int thumbs;
} p2e_image_opts;

/* URLs for the import: a family's images in gallery order (n = 0 is the
 * main image; at most 18 per family, the rest are IMAGE_GALLERY_FULL), and
 * a variant's own image. NULL where there is none or
 * no base URL was given. */
size_t p2e_images_family_count(const p2e_images *im, uint32_t family);
const char *p2e_images_family_url(const p2e_images *im, uint32_t family, size_t n);
const char *p2e_images_variant_url(const p2e_images *im, uint32_t variant);

/* The same photos by their staged names under DIR/images/ (report.html
 * shows them from there, with or without a base URL); NULL where none. */
const char *p2e_images_family_staged(const p2e_images *im, uint32_t family, size_t n);
const char *p2e_images_variant_staged(const p2e_images *im, uint32_t variant);

/* Their thumbnails, by name under DIR/images/ ("thumbs/x-1.jpg"); NULL
 * where none was made (no thumbnails asked for, or no photo). */
const char *p2e_images_family_thumb(const p2e_images *im, uint32_t family, size_t n);
const char *p2e_images_variant_thumb(const p2e_images *im, uint32_t variant);

/* Every file found, in a stable order (by source path). */
size_t p2e_images_count(const p2e_images *im);
const p2e_image_info *p2e_images_get(const p2e_images *im, size_t i);

void p2e_images_free(p2e_images *im);

#include "p2e_image_match.h"
#include "p2e_image_scan.h"
#include "p2e_image_stage.h"

#endif
