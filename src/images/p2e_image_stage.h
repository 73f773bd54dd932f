/*
 * p2e_image_stage.h - staging the matched photos for the import: clean
 * unique names (`<slug>-<n>.<ext>`), byte-checked copies into
 * DIR/images/, their URLs, and DIR/images.csv.
 *
 * Ownership: the set is the caller's; names and URLs staged live in its
 * arena. Source folders are never written: a staging folder inside one is
 * refused before anything is made. The catalog, output set and report are
 * borrowed.
 */
#ifndef P2E_IMAGE_STAGE_H
#define P2E_IMAGE_STAGE_H

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_report.h"
#include "p2e_status.h"

typedef struct p2e_images p2e_images;

/* Copy the used images into DIR/images/ under clean unique names and, with
 * an output set, do it in a private folder that the set renames to
 * DIR/images/ when the run commits (all or nothing); with set NULL, directly.
 * With thumbnails in the scan's options (and not dry_run), each staged
 * photo also gets images/thumbs/<its name without extension>.jpg: inside
 * images/, so they are committed, replaced and removed with it.
 * With
 * a base URL, compute their URLs. Without one (NULL or ""), reports
 * IMAGE_NO_BASE_URL once when anything was staged. With dry_run, decide
 * names and URLs but write nothing. */
p2e_status p2e_images_stage(p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                            const char *base_url, int dry_run, p2e_outset *set, p2e_report *rep,
                            p2e_err *err);

/* DIR/images.csv: source,kind,width,height,bytes,crc32,handle,sku,position,
 * staged_name,url,codes (one row per file found). The file goes to set,
 * or into place at once when set is NULL. */
p2e_status p2e_images_write_csv(const p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                                const char *name, p2e_outset *set, p2e_err *err);

#endif
