/*
 * p2e_image_vips.h - the one door to libvips: start it once, read what a
 * file is (decoding every pixel, so that a file the library cannot decode
 * is told apart however good its header looks), and write a photo the
 * store takes (oriented, sRGB, 8-bit, shrunk to fit, fixed encoder
 * settings), and report.html's small JPEG of a staged photo. No policy
 * here: image_convert.c decides what each photo needs.
 *
 * Process-wide state: libvips itself, started once by p2e_vips_start
 * (pthread_once; VIPS_INIT) with its operation cache off and one worker
 * thread per call, so that the caller's own threads bound the memory.
 * It is never shut down (the program ends instead).
 *
 * Every function may be called from several threads at once; a thread that
 * called into libvips calls p2e_vips_thread_done before it ends.
 *
 * Ownership: nothing returned needs freeing; p2e_vips_version is static.
 */
#ifndef P2E_IMAGE_VIPS_H
#define P2E_IMAGE_VIPS_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_image_sniff.h"
#include "p2e_status.h"

typedef enum {
    P2E_COLOUR_SRGB,   /* 8-bit sRGB (or RGB without a profile) */
    P2E_COLOUR_BW,     /* 8-bit greyscale */
    P2E_COLOUR_CMYK,
    P2E_COLOUR_OTHER   /* 16-bit, float, Lab, ... */
} p2e_colour;

/* The most pixels a photo's header may declare for it to be decoded:
 * above the largest camera photos (200 MP phone sensors, 16320 x 12240).
 * Decoding costs what the header claims, whatever the file holds: a
 * 26-byte GIF can claim a 42504 x 17072 canvas, 2.9 GB to decode. */
#define P2E_VIPS_MAX_PIXELS 250000000ull

typedef struct {
    int ok;                 /* decoded whole */
    int too_large;          /* declares over P2E_VIPS_MAX_PIXELS: not decoded */
    uint32_t width, height; /* as stored, before orientation */
    int orientation;        /* EXIF orientation 1..8; 1 when none */
    int alpha;              /* has a transparency channel */
    int profile;            /* an embedded ICC profile */
    p2e_colour colour;
    int personal;           /* GPS, a serial number, an owner, XMP or IPTC */
    char loader[32];        /* "jpegload", "heifload", ... */
} p2e_vips_probe;

/* Start libvips (once per process; later calls return at once). 0 when
 * it runs, -1 when it could not start. */
int p2e_vips_start(void);

/* "8.14.1": the libvips the program runs with. */
const char *p2e_vips_version(void);

/* The libvips loader that claims the file, from its first bytes only
 * ("tiffload", "heifload", ...), copied into out; 0, or -1 for none. */
int p2e_vips_loader(const char *path, char *out, size_t cap);

/* Read the header and decode every pixel; p->ok = 0 when libvips cannot. */
void p2e_vips_probe_file(const char *path, p2e_vips_probe *p);

typedef struct {
    uint32_t max_px;          /* long side after orientation; never upscaled */
    int keep_metadata;        /* else every piece of metadata is left out */
    p2e_image_format format;  /* P2E_IMG_JPEG, _PNG or _WEBP */
} p2e_vips_encode;

/* Decode src, apply its orientation, convert it to 8-bit sRGB (or grey),
 * shrink it to fit max_px, and write it to dst with fixed settings (JPEG
 * quality 90, optimised Huffman tables, no interlace; PNG compression 6;
 * WebP quality 90). *width and *height get the size written. 0, or -1. */
int p2e_vips_convert(const char *src, const char *dst, const p2e_vips_encode *e, uint32_t *width,
                     uint32_t *height);

/* The report's thumbnail of src (a staged photo): oriented, shrunk to
 * side px on its long side (never enlarged), 8-bit sRGB (grey too),
 * transparency flattened on white, written to dst as JPEG with fixed
 * settings (quality 80, optimised Huffman tables, no interlace, no
 * metadata): the same photo gives the same bytes. *width and *height get
 * the size written. 0, or -1. */
int p2e_vips_thumbnail(const char *src, const char *dst, uint32_t side, uint32_t *width,
                       uint32_t *height) P2E_MUST_CHECK;

/* Release libvips's buffers of the calling thread (before it ends). */
void p2e_vips_thread_done(void);

#endif
