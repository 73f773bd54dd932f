/*
 * p2e_image_sniff.h - image formats told by content: JPEG, PNG, GIF and
 * WebP signatures and pixel sizes from a file's first bytes, what an
 * unsupported file is, and the streaming structure walk that tells a
 * complete file from a truncated one.
 *
 * Pure functions over the bytes they are handed: no I/O, no allocation,
 * no global state; nothing here reads past data + len.
 *
 * Ownership: strings returned are static; a p2e_image_walk is the
 * caller's (on its stack) and holds no pointer into the data fed to it.
 */
#ifndef P2E_IMAGE_SNIFF_H
#define P2E_IMAGE_SNIFF_H

#include <stddef.h>
#include <stdint.h>

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

/* "jpeg", "png", "gif", "webp" ("" for P2E_IMG_UNKNOWN): images.csv's kind. */
const char *p2e_image_format_name(p2e_image_format format);

/* What a file p2e_image_sniff calls unsupported is, from its first bytes,
 * for images.csv and the report: "bmp", "tiff", "heic", "avif",
 * "iso-media", "psd", "pdf", "ico", "text" or "unknown". */
const char *p2e_image_other_kind(const unsigned char *data, size_t len);

/*
 * The structure walk: one state machine per format, fed the whole file in
 * pieces of any size (p2e_image_walk_feed as often as needed). It finds
 * the JPEG frame size wherever the SOF is (not only in the first 64 KiB)
 * and follows JPEG up to EOI, PNG chunk by chunk to IEND, GIF block by
 * block to the trailer, WebP by its RIFF length. After a successful
 * finish, width and height hold a JPEG's frame size.
 */
typedef struct {
    /* private to image_sniff.c, but for width and height (see above) */
    p2e_image_format fmt;
    int step;              /* what the bytes being collected are */
    int mode;              /* VS_COLLECT, or scanning JPEG entropy-coded data */
    unsigned char hdr[16];
    size_t need, fill;
    uint64_t skip;         /* bytes to pass over before the next step */
    uint64_t rest;         /* JPEG: rest of the SOF segment after its size */
    uint64_t min_total;    /* WebP: file length the RIFF header promises */
    uint32_t width, height;
    int marker;            /* JPEG: marker of the segment being read */
    int sof, sos;
    int stop_at_size;      /* sniffing a head: stop once the size is known */
    int done;
    const char *bad;       /* why the data is corrupt, or NULL */
} p2e_image_walk;

void p2e_image_walk_init(p2e_image_walk *s, p2e_image_format fmt);
void p2e_image_walk_feed(p2e_image_walk *s, const unsigned char *p, size_t n);
/* NULL when the total bytes fed were a complete image, else why not. */
const char *p2e_image_walk_finish(const p2e_image_walk *s, uint64_t total);

#endif
