/*
 * p2e_catalog.h - the export as read: product rows (variants), families,
 * composite components, and the counts that account for every input row.
 *
 * Ownership: the catalog owns every string it holds (in its pool) and every
 * array; p2e_catalog_free releases all of it. Callers hold indexes and
 * p2e_str offsets, never pointers into the catalog across an add.
 */
#ifndef P2E_CATALOG_H
#define P2E_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_decimal.h"
#include "p2e_codes.h"
#include "p2e_status.h"

#define P2E_NONE UINT32_MAX

/* What the stock rules did to a row's stock (p2e_variant.stock_flags). */
enum { P2E_STOCK_NEGATIVE = 1, P2E_STOCK_INVALID = 2, P2E_STOCK_RANGE = 4,
       P2E_REORDER_RANGE = 8 /* reorder points past P2E_QTY_MAX: no hint */ };

typedef enum { P2E_DIM_LENGTH, P2E_DIM_WIDTH, P2E_DIM_HEIGHT, P2E_DIM_COUNT } p2e_dim;

/* p2e_variant.measured: which of weight and dim[] are written to the
 * import (a bit each, not a flag beside each value: a million variants
 * held at once make every byte of the struct count, issue 20). */
#define P2E_MEASURED_WEIGHT 1u
#define P2E_MEASURED_DIM(d) (2u << (d))
#define P2E_MEASURED_DIMS(m) ((unsigned)(m) >> 1) /* bit d: dim[d] */

/* Fields by size, largest last, so that the struct has no padding. */
typedef struct {
    uint32_t file;
    uint32_t line;
    uint32_t family;       /* P2E_NONE when excluded while reading */
    uint32_t next;         /* next variant of the family, input order */
    uint32_t components;   /* first component, P2E_NONE if not a composite */
    p2e_str id, sku, upc, name;
    p2e_str opt_value[3];
    /* the POS values as read, for mapping.csv and manual-fields.csv */
    p2e_str price_raw, weight_raw, dims_raw;
    uint8_t stock_flags;   /* P2E_STOCK_* */
    uint8_t has_reorder;
    uint8_t price_state;   /* p2e_num_state */
    uint8_t active;
    uint8_t online;        /* active_online != 0 (1 when absent) */
    uint8_t tracked;
    uint8_t excluded;      /* 0, or p2e_code + 1 of the rule that left it out */
    uint8_t written;
    uint8_t price_ambiguous; /* the price read two ways (NUMBER_AMBIGUOUS) */
    uint8_t measured;      /* P2E_MEASURED_* */
    int64_t price;         /* micro units; valid when price_state is OK */
    int64_t stock;         /* micro units, summed over the selected outlets */
    int64_t qty;           /* whole units to write, set by the rules */
    /* converted to the store's unit, in units of 10^-decimals; valid
     * where `measured` says so */
    int64_t weight;
    int64_t dim[P2E_DIM_COUNT];
    int64_t stock_raw;     /* micro units, the plain sum (negatives included) */
    int64_t reorder;       /* micro units: reorder points summed over the outlets */
} p2e_variant;

typedef struct {
    p2e_str key;           /* handle, or name when the handle is empty */
    p2e_str handle, name, description, category, brand;
    p2e_str opt_name[3];
    p2e_str other_opts;    /* option names of later rows not among opt_name: "\x1fA\x1fB\x1f" */
    p2e_str product_sku;   /* decided by the rules */
    uint32_t first, last;  /* variants, in input order */
    uint32_t nrows;
    uint8_t variant_product;
    uint8_t written;
    uint8_t available;
    uint8_t reorder_range;  /* its variations' reorder points sum past P2E_QTY_MAX */
    uint8_t options_capped; /* TOO_MANY_OPTIONS said: other_opts grows no more */
    uint8_t text_cleaned;   /* option value slots already reported TEXT_CLEANED (bit k) */
    uint8_t grid_gap;       /* combinations with no variation: base product not buyable */
} p2e_family;

typedef struct {
    uint32_t composite;    /* the variant it belongs to */
    uint32_t next;
    uint32_t file, line;
    p2e_str sku, key;
    int64_t quantity;      /* micro units */
    uint8_t quantity_state;
} p2e_component;

typedef struct {
    const char *const *file_names; /* borrowed: input file names by index */
    p2e_pool pool;
    p2e_variant *variants;
    size_t nvariants, cap_variants;
    p2e_family *families;
    size_t nfamilies, cap_families;
    p2e_component *components;
    size_t ncomponents, cap_components;
    p2e_map family_by_key;
    p2e_map variant_by_sku;    /* rows that passed the reading checks */
    p2e_map variant_by_id;     /* the same; freed once p2e_reader_load has read every file */
    /* accounting (docs/convert-rules.md, "Accounting") */
    size_t rows_read;
    size_t rows_attached;
    size_t rows_blank;          /* records with every cell empty: skipped */
    size_t rows_recovered;      /* rows read after a damaged quote (TEXT_AFTER_QUOTE) */
    size_t not_written_unstored[P2E_CODE_COUNT]; /* rows dropped while reading */
} p2e_catalog;

p2e_status p2e_catalog_init(p2e_catalog *c) P2E_MUST_CHECK;
void p2e_catalog_free(p2e_catalog *c);

static inline const char *p2e_catalog_str(const p2e_catalog *c, p2e_str s)
{
    return p2e_pool_get(&c->pool, s);
}

p2e_status p2e_catalog_intern(p2e_catalog *c, const char *s, size_t len, p2e_str *out)
    P2E_MUST_CHECK;
/* Store without deduplication: for long text that rarely repeats. */
p2e_status p2e_catalog_add(p2e_catalog *c, const char *s, size_t len, p2e_str *out) P2E_MUST_CHECK;

/* Append a variant (copied); *index gets its index. */
p2e_status p2e_catalog_add_variant(p2e_catalog *c, const p2e_variant *v, uint32_t *index)
    P2E_MUST_CHECK;

/* The family for key, created (with *created = 1) when new. */
p2e_status p2e_catalog_family(p2e_catalog *c, p2e_str key, uint32_t *index, int *created)
    P2E_MUST_CHECK;

/* Link variant v as the last row of family f. */
void p2e_catalog_family_append(p2e_catalog *c, uint32_t f, uint32_t v);

/* Append a component to variant `composite`'s list. */
p2e_status p2e_catalog_add_component(p2e_catalog *c, const p2e_component *comp) P2E_MUST_CHECK;

/* The levels of a category path "A / B / C": the end of the next prefix
 * ("A", then "A / B", then the whole path) after end `from` (0 to start),
 * or 0 when there is none. */
size_t p2e_category_next(const char *path, size_t len, size_t from);

/* The deepest category path written: the store states no limit, and the
 * import needs a category row per level (the path and each parent), so a
 * path of n levels costs n rows; past this it is CATEGORY_TOO_DEEP. */
#define P2E_CATEGORY_MAX_DEPTH 32

/* Totals for the summary: rows written, not written (per code). */
typedef struct {
    size_t read, written, attached, blank;
    size_t recovered;           /* of read: after a damaged quote */
    size_t not_written[P2E_CODE_COUNT];
    size_t not_written_total;
} p2e_accounting;

void p2e_catalog_account(const p2e_catalog *c, p2e_accounting *a);

#endif
