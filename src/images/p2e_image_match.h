/*
 * p2e_image_match.h - matching the photos found to the catalog's written
 * variants (by SKU) and families (by handle key), and building each
 * family's gallery.
 *
 * Keys are file names without extension: exact bytes first, then ignoring
 * case (p2e_casefold); a name that matches several only ignoring case is
 * IMAGE_AMBIGUOUS and not used. `KEY.ext` is position 0; `KEY_2`,
 * `KEY-2`, `KEY (2)` give the order; a folder named after a key holds that
 * key's images, ordered by name. A gallery holds at most 18 photos
 * (IMAGE_GALLERY_FULL for the rest).
 *
 * Ownership: the set is the caller's (p2e_images_scan made it); match
 * (re)builds its galleries in place. The catalog and report are borrowed.
 */
#ifndef P2E_IMAGE_MATCH_H
#define P2E_IMAGE_MATCH_H

#include "p2e_catalog.h"
#include "p2e_report.h"
#include "p2e_status.h"

typedef struct p2e_images p2e_images;

/* Match files to the catalog's written variants and families (after the
 * rules ran); reports IMAGE_AMBIGUOUS, IMAGE_ORPHAN and IMAGE_MISSING. */
p2e_status p2e_images_match(p2e_images *im, const p2e_catalog *cat, p2e_report *rep,
                            p2e_err *err);

#endif
