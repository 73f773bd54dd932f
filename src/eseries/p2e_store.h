/*
 * p2e_store.h - an E-Series catalog as a comparable model.
 *
 * Reads an E-Series (Ecwid) catalog CSV - a store's export, or the import
 * file pos2ecom itself writes - into products and variations whose synced
 * fields are kept as text, so that the live store and what the POS wants
 * are compared in the same shape. Rows dispatch on `type` (a file without
 * it is all product rows); the exported " -1" quirk is trimmed; option
 * column suffixes lose their braces; unknown and export-only columns are
 * ignored; any subset of columns is accepted; legacy-format exports
 * (name;sku;price;...) are read through their column aliases.
 *
 * Ownership: the store owns every string and array; p2e_store_free
 * releases them.
 */
#ifndef P2E_STORE_H
#define P2E_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_status.h"

/* Fields of a product or variation, as text. */
typedef enum {
    P2E_SF_INTERNAL_ID,
    P2E_SF_SKU,            /* product_sku, or product_variation_sku */
    P2E_SF_NAME,
    P2E_SF_PRICE,
    P2E_SF_AVAILABLE,
    P2E_SF_TRACKED,
    P2E_SF_QUANTITY,
    P2E_SF_DESCRIPTION,
    P2E_SF_CATEGORY,
    P2E_SF_BRAND,
    P2E_SF_UPC,
    P2E_SF_WEIGHT,
    P2E_SF_LENGTH,
    P2E_SF_WIDTH,
    P2E_SF_HEIGHT,
    P2E_SF_IMAGES,         /* main image, then gallery, joined by '\n' */
    P2E_SF_OPTIONS,        /* product: "Name=v1|v2\n..." in option order;
                              variation: its combination "Name=value\n..." sorted */
    P2E_SF_COMPARE_TO,     /* eCom-only: read, never written */
    P2E_SF_SUBTITLE,
    P2E_SF_LOW_STOCK,
    P2E_SF_COUNT
} p2e_store_field;

typedef struct {
    p2e_str f[P2E_SF_COUNT];
    uint32_t line;
    uint32_t first_variation;  /* index, P2E_STORE_NONE when none */
    uint32_t last_variation;
    uint32_t nvariations;
    uint8_t seen_fields[P2E_SF_COUNT]; /* the file had a column for it */
} p2e_store_product;

typedef struct {
    p2e_str f[P2E_SF_COUNT];
    uint32_t line;
    uint32_t product;
    uint32_t next;             /* next variation of the same product */
} p2e_store_variation;

#define P2E_STORE_NONE UINT32_MAX

typedef struct {
    p2e_pool pool;
    p2e_store_product *products;
    size_t nproducts, cap_products;
    p2e_store_variation *variations;
    size_t nvariations, cap_variations;
    p2e_map product_by_sku;
    p2e_map product_by_id;
    p2e_str *categories;       /* category_path of category rows */
    size_t ncategories, cap_categories;
    size_t rows_read, rows_ignored;
    /* what the file could say: without a type column there are no option
     * or variation rows to compare, whatever the catalog holds */
    int has_types;
    int has_options;           /* product_option_name and _value columns */
    size_t max_field;          /* cap on one field's bytes (0: P2E_STORE_MAX_FIELD) */
    int one_core;              /* parse on this thread too (P2E_SERIAL=1) */
    /* set before reading: keep the products' SKU and id only, every other
     * field "" and no option, variation or category rows (the previous
     * export of a sync, which is only asked which products it had) */
    int keys_only;
    /* variations by "<product>\x1f<sku>" and "<product>\x1e<combination>" */
    p2e_pool keys;
    p2e_map variation_by_key;
} p2e_store;

#define P2E_STORE_MAX_FIELD ((size_t)64 * 1024 * 1024)

p2e_status p2e_store_init(p2e_store *s) P2E_MUST_CHECK;
void p2e_store_free(p2e_store *s);

/* Read an E-Series CSV file into s. */
p2e_status p2e_store_read(p2e_store *s, const char *path, p2e_err *err) P2E_MUST_CHECK;

static inline const char *p2e_store_str(const p2e_store *s, p2e_str v)
{
    return p2e_pool_get(&s->pool, v);
}

/* Product by SKU (exact), or P2E_STORE_NONE. */
uint32_t p2e_store_find_product(const p2e_store *s, const char *sku);

/* A product's variation with this SKU, else the one with this
 * combination (P2E_SF_OPTIONS text), or P2E_STORE_NONE. */
uint32_t p2e_store_find_variation(const p2e_store *s, uint32_t product, const char *sku,
                                  const char *combination);

/* 1 when category path is among the store's category rows. */
int p2e_store_has_category(const p2e_store *s, const char *path);

/* Empty cells of a variation row mean "as the product" (price,
 * availability, tracking, weight): such cells take the product's value. */

/*
 * Apply an update file (ecom-update.csv) to the store model as the importer
 * would (by product_internal_id, else product_sku; variations by SKU, else
 * combination; fields present in the update replace the store's; new
 * products and variations are added). For tests of idempotence.
 */
p2e_status p2e_store_apply(p2e_store *s, const p2e_store *update, p2e_err *err) P2E_MUST_CHECK;

#endif
