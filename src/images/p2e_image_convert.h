/*
 * p2e_image_convert.h - what each photo needs before the store takes it,
 * and doing it on both cores:
 *   - decode: every file found is decoded by libvips (p2e_image_vips.h);
 *     one it cannot decode is IMAGE_CORRUPT, however good its header. Each
 *     usable file gets its plan: copied as it is (a web-format photo within
 *     the limits, upright, without location or personal metadata), cleaned
 *     (a JPEG that only carries such metadata: its metadata segments left
 *     out, its pixels untouched), or encoded again (another format, CMYK
 *     or 16-bit, an EXIF orientation, over --max-image-px or over the
 *     store's 20 MB): JPEG, or PNG when it has transparency; JPEG, PNG and
 *     WebP keep their format.
 *   - process: the staging of the named files, each written beside its
 *     final name and renamed into place; with thumbnails asked for, each
 *     staged photo's thumbnail for report.html made from it (in the same
 *     job, on the same core) into DIR/images/thumbs/.
 *
 * Ownership: the set is the caller's; nothing here keeps memory after a
 * call returns. The report is borrowed; findings are added on the calling
 * thread only, in file order.
 */
#ifndef P2E_IMAGE_CONVERT_H
#define P2E_IMAGE_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_images.h"
#include "p2e_report.h"
#include "p2e_status.h"

/* 1 when a file that is not one of the four web formats (kind from
 * p2e_image_other_kind) is a photo libvips reads: HEIC, AVIF, TIFF, BMP
 * and other bitmap formats; not PDF, text or vector drawings. */
int p2e_images_other_readable(const char *path, const char *kind);

/* Decode every usable file (not the byte copies: they share their first
 * copy's verdict), on two threads unless opts.one_core; IMAGE_CORRUPT for
 * what cannot be decoded, IMAGE_SMALL for other formats under the
 * minimum; the plan of each. */
p2e_status p2e_images_decode(p2e_images *im, p2e_report *rep, p2e_err *err);

/* Stage files[0..n) (indexes into the set, each with its staged name set)
 * into dir, as planned. With dry_run, nothing is written. Reports
 * IMAGE_CONVERTED and IMAGE_RESIZED per file and IMAGE_METADATA_REMOVED
 * once, with the count. */
p2e_status p2e_images_process(p2e_images *im, const char *dir, const uint32_t *files, size_t n,
                              int dry_run, p2e_report *rep, p2e_err *err);

#endif
