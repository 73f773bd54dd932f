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

#include "p2e_report.h"
#include "p2e_status.h"

typedef struct p2e_images p2e_images;

/* Walk the folders (recursively, not following symlinks out of a folder,
 * skipping hidden files and OS litter), read and check every file. Files
 * are kept in path order; a path found twice is kept once. */
p2e_status p2e_images_scan(p2e_images **out, const char *const *dirs, size_t ndirs,
                           p2e_report *rep, p2e_err *err);

#endif
