/*
 * p2e_image_scan.h - finding photos: the guarded walk over the image
 * folders and the check of every file found.
 *
 * The walk is recursive, skips hidden files and OS litter, follows a
 * symbolic link only to a target inside the folder given, never enters a
 * folder twice, and stops at a nesting limit. Each file is checked by
 * content (p2e_image_sniff.h: head sniff and the streaming structure walk,
 * with a crc32); a file with the same size and crc32 as an earlier one is
 * confirmed a copy byte for byte (IMAGE_DUPLICATE).
 *
 * Ownership: p2e_images_scan allocates the set (*out, NULL on failure);
 * p2e_images_free (p2e_images.h) releases it. The report is borrowed.
 */
#ifndef P2E_IMAGE_SCAN_H
#define P2E_IMAGE_SCAN_H

#include <stddef.h>

#include "p2e_images.h"
#include "p2e_report.h"
#include "p2e_status.h"

/* Walk the folders (recursively, not following symlinks out of a folder,
 * skipping hidden files and OS litter), read and check every file. Files
 * are kept in path order; a path found twice is kept once. */
p2e_status p2e_images_scan(p2e_images **out, const char *const *dirs, size_t ndirs,
                           p2e_report *rep, p2e_err *err);

/* p2e_images_scan runs the fast checks only (the four web formats, by
 * their structure), and stages bytes as they are (the unit tests of
 * matching and naming use it). With staging's options (opts not NULL;
 * max_px 0 for the default), as the commands scan, every file found is
 * then decoded by libvips (image_convert.c): one it cannot decode is
 * IMAGE_CORRUPT; a format it reads that is not one of the four web
 * formats (HEIC, AVIF, TIFF, BMP...) is used and converted when staged. */
p2e_status p2e_images_scan_opts(p2e_images **out, const char *const *dirs, size_t ndirs,
                                const p2e_image_opts *opts, p2e_report *rep, p2e_err *err);

/* The version of the image library that decodes ("8.14.1"), for
 * summary.json. */
const char *p2e_images_library(void);

#endif
