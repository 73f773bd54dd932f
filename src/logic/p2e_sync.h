/*
 * p2e_sync.h - keeping a live E-Series store in line with the POS, by the
 * one-way sync rules: what the POS wants (the import pos2ecom would write,
 * read back as a p2e_store) is compared with the store's export.
 *
 * POS changes flow to eCom; nothing flows back. Only synced fields are
 * compared and written, so eCom-only fields ('Compare to' price, subtitle,
 * low stock threshold) survive. eCom-only products and variations are
 * reported, never changed. A field the store's export has no column for is
 * not compared (exports may hold a subset of columns).
 *
 * Ownership: the plan borrows the stores; its own arrays are freed by
 * p2e_sync_free.
 */
#ifndef P2E_SYNC_H
#define P2E_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_images.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_status.h"
#include "p2e_store.h"

typedef enum { P2E_SYNC_UNCHANGED, P2E_SYNC_CREATE, P2E_SYNC_UPDATE } p2e_sync_action;

typedef struct {
    size_t created, updated, unchanged;
    size_t variants_added, deactivated, reactivated;
    size_t to_delete, ecom_only_products, ecom_only_variations;
    size_t updated_fields[P2E_SF_COUNT];  /* products and variations with this field changed */
} p2e_sync_counts;

typedef struct {
    const p2e_store *desired;    /* from the POS export(s) */
    const p2e_store *live;       /* the store's export */
    const p2e_store *previous;   /* an older POS export's import, or NULL */
    const p2e_catalog *pos;      /* the POS export as read, for variants and products
                                    that are in the POS but not written; may be NULL */
    const char *live_path;       /* for findings */
    int compare_images;          /* only when image folders were given */
    int disable_deleted;
    uint8_t *action;             /* per desired product: p2e_sync_action */
    uint32_t *live_of;           /* per desired product: matched live product */
    uint8_t *deleted;            /* per live product: deleted in the POS */
    uint8_t *disable;            /* per live product: write it as unavailable */
    uint8_t *off_variation;      /* per live variation: POS variant inactive: unavailable */
    p2e_sync_counts counts;
} p2e_sync;

/* The desired import's name in the scratch folder. */
#define P2E_SYNC_DESIRED "ecom-import.csv"

/* What a sync compares, as the command gives it. */
typedef struct {
    const p2e_catalog *pos;        /* the POS export, converted */
    const p2e_images *images;      /* its photos, or NULL */
    const char *work;              /* a private scratch folder */
    const char *live_path;         /* the store's export (--ecom) */
    const char *const *previous;   /* the POS export(s) of the last sync (--previous) */
    size_t nprevious;
    const p2e_read_opts *ro;       /* how exports are read */
} p2e_sync_sources;

/* The three stores a sync compares: desired, the import convert would
 * write for pos (written into work and read back, so both go through the
 * same rules); live, the store's export; previous, the exports of the last
 * sync converted the same way (left empty without any). */
p2e_status p2e_sync_load(const p2e_sync_sources *src, p2e_store *desired, p2e_store *live,
                         p2e_store *previous, p2e_err *err) P2E_MUST_CHECK;

/* Compare; drift rows (sku,field,ecom_value,pos_value,action) go to drift
 * when not NULL; eCom-only and deleted products become findings. */
p2e_status p2e_sync_plan(p2e_sync *s, p2e_csvw *drift, p2e_report *rep, p2e_err *err)
    P2E_MUST_CHECK;

void p2e_sync_free(p2e_sync *s);

#endif
