/*
 * p2e_images.h - product photos from image folders: find, check, match,
 * stage, and give the import their URLs.
 *
 * Formats are told by content (signatures and headers), never by file
 * name. Keys are file names without extension, matched against written
 * variants' SKUs first, then written families' handles: exact bytes first,
 * then ignoring case (p2e_casefold); a name that matches several only
 * ignoring case is IMAGE_AMBIGUOUS and not used.
 * `KEY.ext` is position 0; `KEY_2`, `KEY-2`, `KEY (2)` give the order; a
 * folder named after a key holds that key's images, ordered by name.
 *
 * Ownership: p2e_images_scan allocates the set; p2e_images_free releases
 * it. Strings returned by the accessors are owned by the set and valid
 * until it is freed. The catalog and report are borrowed.
 */
#ifndef P2E_IMAGES_H
#define P2E_IMAGES_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_report.h"
#include "p2e_status.h"

typedef enum {
    P2E_IMG_JPEG,
    P2E_IMG_PNG,
    P2E_IMG_GIF,
    P2E_IMG_WEBP,
    P2E_IMG_UNKNOWN
} p2e_image_format;

typedef enum {
    P2E_SNIFF_OK,
    P2E_SNIFF_UNSUPPORTED,   /* not one of the four formats (HEIC, TIFF, BMP, PSD, text...) */
    P2E_SNIFF_CORRUPT        /* one of the four, but empty, truncated or unreadable */
} p2e_sniff_result;

/* Format and pixel size from the first bytes of a file (the whole file
 * may be given). No allocation; never reads past data + len. */
p2e_sniff_result p2e_image_sniff(const unsigned char *data, size_t len, p2e_image_format *format,
                                 uint32_t *width, uint32_t *height);

/* "jpg", "png", "gif", "webp" ("" for P2E_IMG_UNKNOWN). */
const char *p2e_image_ext(p2e_image_format format);

/* One file found in the folders, for images.csv and the report. */
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

/* Walk the folders (recursively, not following symlinks out of a folder,
 * skipping hidden files and OS litter), read and check every file. */
p2e_status p2e_images_scan(p2e_images **out, const char *const *dirs, size_t ndirs,
                           p2e_report *rep, p2e_err *err);

/* Match files to the catalog's written variants and families (after the
 * rules ran); reports IMAGE_AMBIGUOUS, IMAGE_ORPHAN and IMAGE_MISSING. */
p2e_status p2e_images_match(p2e_images *im, const p2e_catalog *cat, p2e_report *rep,
                            p2e_err *err);

/* Copy the used images into DIR/images/ under clean unique names and, with
 * an output set, do it in a private folder that the set renames to
 * DIR/images/ when the run commits (all or nothing); with set NULL, directly.
 * With
 * a base URL, compute their URLs. Without one (NULL or ""), reports
 * IMAGE_NO_BASE_URL once when anything was staged. With dry_run, decide
 * names and URLs but write nothing. */
p2e_status p2e_images_stage(p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                            const char *base_url, int dry_run, p2e_outset *set, p2e_report *rep,
                            p2e_err *err);

/* URLs for the import: a family's images in gallery order (n = 0 is the
 * main image; at most 18 per family, the rest are IMAGE_GALLERY_FULL), and
 * a variant's own image. NULL where there is none or
 * no base URL was given. */
size_t p2e_images_family_count(const p2e_images *im, uint32_t family);
const char *p2e_images_family_url(const p2e_images *im, uint32_t family, size_t n);
const char *p2e_images_variant_url(const p2e_images *im, uint32_t variant);

/* Every file found, in a stable order (by source path). */
size_t p2e_images_count(const p2e_images *im);
const p2e_image_info *p2e_images_get(const p2e_images *im, size_t i);

/* DIR/images.csv: source,kind,width,height,bytes,crc32,handle,sku,position,
 * staged_name,url,codes (one row per file found). The file goes to set,
 * or into place at once when set is NULL. */
p2e_status p2e_images_write_csv(const p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                                p2e_outset *set, p2e_err *err);

void p2e_images_free(p2e_images *im);

#endif
