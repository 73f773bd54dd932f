/*
 * check.c - an E-Series import file checked against the import format (see
 * p2e_check.h; the rules table is written out in docs/import-checks.md).
 *
 * One pass over the records: each cell is checked by its column's kind,
 * each row by its type and its place after its product; a product's option
 * rows and variation rows are gathered until the next product row, then
 * checked together (values, defaults, missing combinations).
 */
#include "p2e_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"
#include "p2e_input.h"
#include "p2e_utf8.h"

#define SRC_FILE "ecom-import.md §1 (file-level format)"

const p2e_check_rule p2e_check_rules[] = {
    {P2E_CODE_IMPORT_ENCODING, "the file is UTF-8 with no byte-order mark", SRC_FILE " and the store's exports F1, F2"},
    {P2E_CODE_IMPORT_QUOTING, "RFC 4180 quoting; every row has the header's number of fields", SRC_FILE},
    {P2E_CODE_IMPORT_UNKNOWN_COLUMN, "every column name is one the import knows (the export-only url and source_store_id are known and ignored)", "ecom-import.md §2-§4, §6 and the real export F1"},
    {P2E_CODE_IMPORT_ROW_TYPE, "type is product, product_option, product_variation or category (no type column: every row is a product)", "ecom-import.md §1.1"},
    {P2E_CODE_IMPORT_ROW_ORDER, "a product's rows are contiguous: the product, then its options, then its variations, each repeating the product's SKU or internal id", "ecom-import.md §1.1 (row grouping and order, checked on F1)"},
    {P2E_CODE_IMPORT_KEY_MISSING, "a product row has a name (create) or a SKU or internal id (update); an option row its product's key, option name and value; a variation row its product's key and at least one option value", "ecom-import.md §2, §3, §4, §8"},
    {P2E_CODE_IMPORT_BOOLEAN, "booleans are lowercase true or false", "ecom-import.md §1 (booleans)"},
    {P2E_CODE_IMPORT_DECIMAL, "decimals use a dot and no thousands separators", "ecom-import.md §1 (decimal numbers)"},
    {P2E_CODE_IMPORT_QUANTITY, "quantities and other integer columns are whole numbers (the export's \" -1\" is read as -1)", "ecom-import.md §2 (product_quantity: integer) and §1 (export quirk)"},
    {P2E_CODE_IMPORT_OPTION_VALUE, "every value in a variation's option column is one of that option's values (a product with no option rows in the file is a partial update: its options are the store's, not checked)", "ecom-import.md §4 (product_variation_option_<Name>) and §1 (column subset)"},
    {P2E_CODE_IMPORT_OPTION_DEFAULT, "at most one default value per option", "ecom-import.md §3 (exactly one true per option in F1)"},
    {P2E_CODE_IMPORT_DUPLICATE_SKU, "product SKUs are unique in the file, and so are variation SKUs", "ecom-import.md §8 (matching by SKU; unique over F1's 3,645 products)"},
    {P2E_CODE_IMPORT_TOO_LONG, "names, SKUs and each category level are at most 255 characters", "ecom-import.md §9 (limits)"},
    {P2E_CODE_IMPORT_IMAGE_URL, "image columns hold absolute http(s) URLs", "ecom-import.md §5 (images)"},
    {P2E_CODE_IMPORT_LEGACY_FORMAT, "a file whose header names no column of the new format (the semicolon legacy format) is named once, its rows not checked", "ecom-import.md §12 and the legacy export F3"},
    {P2E_CODE_IMPORT_DUPLICATE_COLUMN, "each column name is used once (product_variation_option_{Name} and _Name are one name)", "ecom-import.md §1 (header row: header names are the mapping) and §4 (braces stripped)"},
    {P2E_CODE_IMPORT_CATEGORY_ORDER, "category rows come after every product row", "ecom-import.md §1.1 and §11 (category rows at the end of F1)"},
    {P2E_CODE_IMPORT_ROW_TYPE_COLUMN, "each row type fills only its own columns: option rows the product's keys and product_option_*; variation rows the keys, product_variation_*, and price, stock, weight, dimensions, UPC, main image, shipping flag and purchase limits; category rows category_*; product rows neither product_option_*, product_variation_* nor category_* (url and source_store_id on any)", "ecom-import.md §3, §4, §6 and the real export F1 (the columns it fills per row type); docs/convert-rules.md \"Columns per row type\" (issue 14, point 6)"},
    {P2E_CODE_INCOMPLETE_VARIANT_GRID, "every combination of the values of the options the variations use has a variation, unless the base product is tracked with quantity 0 (then a missing combination cannot be bought)", "docs/convert-rules.md (issue 14, point 3) and ecom-import.md §4"},
};
const size_t p2e_check_nrules = sizeof p2e_check_rules / sizeof p2e_check_rules[0];

typedef enum { K_TEXT, K_TYPE, K_ID, K_PSKU, K_NAME, K_BOOL, K_DEC, K_INT, K_URL, K_CAT,
               K_VSKU, K_OPTNAME, K_OPTVALUE, K_OPTDEFAULT, K_VAROPT, K_QTY, K_TRACKED,
               K_UNKNOWN } kind;

static const struct {
    const char *name;
    kind k;
} known[] = {
    {"type", K_TYPE}, {"product_internal_id", K_ID}, {"product_sku", K_PSKU},
    {"product_name", K_NAME}, {"product_price", K_DEC}, {"product_compare_to_price", K_DEC},
    {"product_cost_price", K_DEC}, {"product_is_inventory_tracked", K_TRACKED},
    {"product_quantity", K_QTY}, {"product_quantity_out_of_stock_behaviour", K_TEXT},
    {"product_low_stock_notification_quantity", K_INT},
    {"product_quantity_minimum_allowed_for_purchase", K_INT},
    {"product_quantity_maximum_allowed_for_purchase", K_INT},
    {"product_is_available", K_BOOL}, {"product_media_main_image_url", K_URL},
    {"product_media_main_image_alt", K_TEXT}, {"product_description", K_TEXT},
    {"product_is_featured", K_BOOL}, {"product_is_featured_order_by", K_INT},
    {"product_brand", K_TEXT}, {"product_upc", K_TEXT}, {"product_subtitle", K_TEXT},
    {"product_ribbon_text", K_TEXT}, {"product_ribbon_color", K_TEXT},
    {"product_weight", K_DEC}, {"product_is_shipping_required", K_BOOL},
    {"product_length", K_DEC}, {"product_width", K_DEC}, {"product_height", K_DEC},
    {"product_shipping_type", K_TEXT}, {"product_shipping_fixed_rate", K_DEC},
    {"product_shipping_method_markup", K_DEC}, {"product_shipping_white_list", K_TEXT},
    {"product_shipping_black_list", K_TEXT}, {"product_shipping_white_list_countries", K_TEXT},
    {"product_shipping_black_list_countries", K_TEXT},
    {"product_shipping_preparation_time_for_shipping_in_days", K_INT},
    {"product_shipping_preparation_time_for_pickup_in_minutes", K_INT},
    {"product_shipping_preparation_time_for_local_delivery_in_minutes", K_INT},
    {"product_shipping_preparation_time_for_preorders_in_days", K_INT},
    {"product_shipping_show_delivery_date_on_the_product_page", K_BOOL},
    {"product_tax_class_code", K_TEXT}, {"product_taxable", K_BOOL},
    {"product_enabled_manual_taxes", K_TEXT}, {"product_seo_title", K_TEXT},
    {"product_seo_description", K_TEXT}, {"product_related_item_ids", K_TEXT},
    {"product_related_item_skus", K_TEXT}, {"product_related_items_random", K_BOOL},
    {"product_related_items_random_category", K_TEXT},
    {"product_related_items_random_number_of_items", K_INT},
    {"product_custom_price_enabled", K_BOOL}, {"product_subscription_enabled", K_BOOL},
    {"product_subscription_one_time_purchase_enabled", K_BOOL},
    {"product_subscription_one_time_purchase_price", K_DEC},
    {"product_subscription_price_with_signup_fee", K_DEC},
    {"product_subscription_recurring_interval", K_TEXT},
    {"product_subscription_recurring_interval_count", K_INT},
    {"product_google_product_category_code", K_INT}, {"product_price_per_unit", K_TEXT},
    {"product_units_in_product", K_TEXT}, {"product_is_review_collection_enabled", K_BOOL},
    {"product_battery_included", K_TEXT}, {"custom_url_slug", K_TEXT},
    {"product_option_name", K_OPTNAME}, {"product_option_type", K_TEXT},
    {"product_option_is_required", K_BOOL}, {"product_option_value", K_OPTVALUE},
    {"product_option_markup", K_DEC}, {"product_option_is_default_option_selection", K_OPTDEFAULT},
    {"product_option_swatch_hex_value", K_TEXT}, {"product_option_swatch_image", K_URL},
    {"product_option_swatch_selector_is_image", K_BOOL}, {"product_variation_sku", K_VSKU},
    {"category_internal_id", K_INT}, {"category_path", K_CAT}, {"category_is_available", K_BOOL},
    {"category_description", K_TEXT}, {"category_seo_title", K_TEXT},
    {"category_seo_description", K_TEXT}, {"category_image", K_URL},
    {"category_image_alt", K_TEXT}, {"category_order_by", K_INT},
    {"source_store_id", K_TEXT}, {"url", K_TEXT},
};

static const struct {
    const char *prefix;
    kind k;
} prefixed[] = {
    {"product_media_gallery_image_url_", K_URL}, {"product_media_gallery_image_alt_", K_TEXT},
    {"product_category_", K_CAT}, {"product_variation_option_", K_VAROPT},
    {"product_attribute_", K_TEXT},
};

static kind column_kind(const char *name)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(known[i].name, name))
            return known[i].k;
    for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++) {
        size_t n = strlen(prefixed[i].prefix);
        if (!strncmp(name, prefixed[i].prefix, n) && name[n])
            return prefixed[i].k;
    }
    return K_UNKNOWN;
}

enum { ROW_PRODUCT, ROW_OPTION, ROW_VARIATION, ROW_CATEGORY };

/* The columns a variation row has besides its keys and product_variation_*:
 * the ones F1 fills on variation rows, and the ones the store documents
 * per variation (ecom-import.md §4: price, weight, dimensions, UPC, image,
 * purchase limits). */
static const char *const variation_columns[] = {
    "product_price", "product_compare_to_price", "product_cost_price",
    "product_is_inventory_tracked", "product_quantity", "product_quantity_out_of_stock_behaviour",
    "product_low_stock_notification_quantity", "product_quantity_minimum_allowed_for_purchase",
    "product_quantity_maximum_allowed_for_purchase", "product_weight", "product_length",
    "product_width", "product_height", "product_upc", "product_is_shipping_required",
    "product_media_main_image_url", "product_media_main_image_alt",
};

static int starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* The row types (bits 1 << ROW_*) that have column `name`. */
static unsigned row_types_of(const char *name)
{
    const unsigned all = 0xF, product = 1u << ROW_PRODUCT, option = 1u << ROW_OPTION,
                   variation = 1u << ROW_VARIATION, category = 1u << ROW_CATEGORY;
    if (!strcmp(name, "type") || !strcmp(name, "url") || !strcmp(name, "source_store_id"))
        return all;
    if (!strcmp(name, "product_internal_id") || !strcmp(name, "product_sku"))
        return product | option | variation;
    if (starts(name, "category_"))
        return category;
    if (starts(name, "product_option_"))
        return option;
    if (starts(name, "product_variation_"))
        return variation;
    for (size_t i = 0; i < sizeof variation_columns / sizeof variation_columns[0]; i++)
        if (!strcmp(name, variation_columns[i]))
            return product | variation;
    if (starts(name, "product_") || !strcmp(name, "custom_url_slug"))
        return product;
    return all; /* an unknown column: IMPORT_UNKNOWN_COLUMN says it */
}

typedef struct {
    p2e_str name;
    p2e_str *values;
    size_t nvalues, cap;
    unsigned ndefault;
    unsigned long line;
    int used; /* a variation has a value for it */
} option;

typedef struct {
    unsigned long line;
    size_t first; /* index into vals: one p2e_str + 1 (0: empty) per variation column */
} variation;

typedef struct {
    const char *path;
    p2e_report *rep;
    p2e_err *err;
    size_t rows;
    int legacy; /* the legacy format: rows not checked */
    /* the header */
    size_t ncols;
    kind *kinds;
    unsigned *row_types; /* per column: the row types that have it */
    char **names;
    p2e_str *varopt_name; /* per column: the option name of a K_VAROPT column (in pool) */
    long col_type, col_id, col_sku, col_name, col_tracked, col_qty;
    long col_optname, col_optvalue, col_optdefault, col_vsku;
    /* the file */
    p2e_pool pool; /* SKUs, option names, values */
    p2e_map product_skus, variation_skus;
    /* the current product */
    int have_product;
    p2e_str key;       /* its SKU, else its internal id */
    unsigned long pline;
    int phase;         /* ROW_PRODUCT, ROW_OPTION, ROW_VARIATION */
    int gap_unbuyable; /* tracked with quantity 0 */
    unsigned long category_line; /* the first of the category rows since the last product row */
    option *opts;
    size_t nopts, capopts;
    variation *vars;
    size_t nvars, capvars;
    uint32_t *vals;
    size_t nvals, capvals;
    p2e_buf tmp;
} checker;

static p2e_status add(checker *c, p2e_code code, unsigned long line, const char *sku,
                      const char *field, const char *value, const char *detail)
{
    return p2e_report_add_at(c->rep, code, c->path, line, NULL, sku, field, value, detail);
}

static const char *cell(const p2e_row *r, long col, size_t *len)
{
    if (col < 0 || (size_t)col >= r->ncells) {
        *len = 0;
        return "";
    }
    *len = r->len[col];
    return r->cell[col];
}

static int is_int(const char *s, size_t n)
{
    while (n && *s == ' ') /* the export writes negatives as " -1" */
        s++, n--;
    if (n && *s == '-')
        s++, n--;
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int is_decimal(const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    if (n && *s == '-')
        s++, n--;
    size_t i = 0, digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        size_t frac = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, frac++;
        if (!frac)
            return 0;
        digits += frac;
    }
    return digits && i == n;
}

static int is_url(const char *s, size_t n)
{
    size_t p = n >= 8 && !strncmp(s, "https://", 8) ? 8 : n >= 7 && !strncmp(s, "http://", 7) ? 7 : 0;
    if (!p || p == n || s[p] == '/')
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] <= ' ')
            return 0;
    return 1;
}

static p2e_status too_long(checker *c, const p2e_row *r, size_t col, const char *s, size_t n)
{
    if (p2e_utf8_chars(s, n) <= 255)
        return P2E_OK;
    char d[64];
    snprintf(d, sizeof d, "%zu characters", p2e_utf8_chars(s, n));
    return add(c, P2E_CODE_IMPORT_TOO_LONG, r->line, NULL, c->names[col], NULL, d);
}

/* A category path: each level, split at " / ", at most 255 characters. */
static p2e_status category_levels(checker *c, const p2e_row *r, size_t col, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i + 3 <= n || start <= n; i++) {
        int sep = i + 3 <= n && !memcmp(s + i, " / ", 3);
        if (!sep && i < n)
            continue;
        p2e_status st = too_long(c, r, col, s + start, (sep ? i : n) - start);
        if (st || !sep)
            return st;
        start = i + 3;
        i += 2;
    }
    return P2E_OK;
}

static p2e_status check_cell(checker *c, const p2e_row *r, int type, size_t col)
{
    const char *s = r->cell[col];
    size_t n = r->len[col];
    if (!n)
        return P2E_OK;
    const char *f = c->names[col];
    switch (c->kinds[col]) {
    case K_BOOL: case K_TRACKED: case K_OPTDEFAULT:
        if (!(n == 4 && !memcmp(s, "true", 4)) && !(n == 5 && !memcmp(s, "false", 5)))
            return add(c, P2E_CODE_IMPORT_BOOLEAN, r->line, NULL, f, s, NULL);
        return P2E_OK;
    case K_DEC:
        return is_decimal(s, n) ? P2E_OK : add(c, P2E_CODE_IMPORT_DECIMAL, r->line, NULL, f, s, NULL);
    case K_INT: case K_QTY: case K_ID:
        return is_int(s, n) ? P2E_OK : add(c, P2E_CODE_IMPORT_QUANTITY, r->line, NULL, f, s, NULL);
    case K_URL:
        return is_url(s, n) ? P2E_OK : add(c, P2E_CODE_IMPORT_IMAGE_URL, r->line, NULL, f, s, NULL);
    case K_CAT:
        return category_levels(c, r, col, s, n);
    case K_NAME: case K_PSKU: case K_VSKU:
        return too_long(c, r, col, s, n);
    default:
        (void)type;
        return P2E_OK;
    }
}

/* Column i has the name of an earlier column: the same text, or the same
 * option with and without braces. */
static p2e_status duplicate_column(checker *c, const p2e_row *r, size_t i)
{
    for (size_t j = 0; j < i; j++) {
        int same = c->kinds[i] == K_VAROPT && c->kinds[j] == K_VAROPT
                       ? c->varopt_name[i] == c->varopt_name[j]
                       : !strcmp(c->names[i], c->names[j]);
        if (same) {
            char d[128];
            snprintf(d, sizeof d, "column %zu, the name of column %zu (%.40s)", i + 1, j + 1,
                     c->names[j]);
            return add(c, P2E_CODE_IMPORT_DUPLICATE_COLUMN, r->line, NULL, c->names[i], NULL, d);
        }
    }
    return P2E_OK;
}

static p2e_status header(checker *c, const p2e_row *r)
{
    c->ncols = r->ncells;
    c->kinds = calloc(r->ncells ? r->ncells : 1, sizeof *c->kinds);
    c->names = calloc(r->ncells ? r->ncells : 1, sizeof *c->names);
    c->varopt_name = calloc(r->ncells ? r->ncells : 1, sizeof *c->varopt_name);
    c->row_types = calloc(r->ncells ? r->ncells : 1, sizeof *c->row_types);
    if (!c->kinds || !c->names || !c->varopt_name || !c->row_types)
        return P2E_ERR_NOMEM;
    int modern = 0; /* a column the new format knows, other than the export's url */
    for (size_t i = 0; i < r->ncells && !modern; i++) {
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(r->len[i] < 127 ? r->len[i] : 127), r->cell[i]);
        modern = column_kind(name) != K_UNKNOWN && strcmp(name, "url");
    }
    if (!modern) {
        c->legacy = 1;
        return add(c, P2E_CODE_IMPORT_LEGACY_FORMAT, r->line, NULL, NULL, NULL, NULL);
    }
    long *cols[] = {&c->col_type, &c->col_id, &c->col_sku, &c->col_name, &c->col_tracked,
                    &c->col_qty, &c->col_optname, &c->col_optvalue, &c->col_optdefault,
                    &c->col_vsku};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        *cols[i] = -1;
    for (size_t i = 0; i < r->ncells; i++) {
        c->names[i] = strndup(r->cell[i], r->len[i]);
        if (!c->names[i])
            return P2E_ERR_NOMEM;
        kind k = c->kinds[i] = column_kind(c->names[i]);
        c->row_types[i] = row_types_of(c->names[i]);
        long *slot = k == K_TYPE ? &c->col_type : k == K_ID ? &c->col_id : k == K_PSKU ? &c->col_sku
                   : k == K_NAME ? &c->col_name : k == K_TRACKED ? &c->col_tracked
                   : k == K_QTY ? &c->col_qty : k == K_OPTNAME ? &c->col_optname
                   : k == K_OPTVALUE ? &c->col_optvalue : k == K_OPTDEFAULT ? &c->col_optdefault
                   : k == K_VSKU ? &c->col_vsku : NULL;
        if (slot && *slot < 0)
            *slot = (long)i;
        if (k == K_VAROPT) { /* the option name, braces removed */
            const char *o = c->names[i] + strlen("product_variation_option_");
            size_t on = strlen(o);
            if (on >= 2 && o[0] == '{' && o[on - 1] == '}')
                o++, on -= 2;
            p2e_status st = p2e_pool_intern(&c->pool, o, on, &c->varopt_name[i]);
            if (st)
                return st;
        }
        if (k == K_UNKNOWN) {
            p2e_status st = add(c, P2E_CODE_IMPORT_UNKNOWN_COLUMN, r->line, NULL, c->names[i], NULL, NULL);
            if (st)
                return st;
        }
        p2e_status st = duplicate_column(c, r, i);
        if (st)
            return st;
    }
    return P2E_OK;
}

static option *find_option(checker *c, const char *name)
{
    for (size_t i = 0; i < c->nopts; i++)
        if (!strcmp(p2e_pool_get(&c->pool, c->opts[i].name), name))
            return &c->opts[i];
    return NULL;
}

static int has_value(const checker *c, const option *o, const char *v)
{
    for (size_t i = 0; i < o->nvalues; i++)
        if (!strcmp(p2e_pool_get(&c->pool, o->values[i]), v))
            return 1;
    return 0;
}

/* The missing combinations of the options the variations use. */
static p2e_status grid(checker *c)
{
    size_t used[64], nused = 0, total = 1;
    for (size_t i = 0; i < c->nopts && nused < 64; i++)
        if (c->opts[i].used && c->opts[i].nvalues) {
            used[nused++] = i;
            total *= c->opts[i].nvalues;
            if (total > 4096)
                return P2E_OK; /* too many to list; nothing a person could read */
        }
    if (!nused)
        return P2E_OK;
    size_t idx[64] = {0}, missing = 0;
    c->tmp.len = 0;
    for (size_t n = 0; n < total; n++) {
        int found = 0;
        for (size_t v = 0; v < c->nvars && !found; v++) {
            int all = 1;
            for (size_t k = 0; k < c->ncols && all; k++) {
                if (c->kinds[k] != K_VAROPT)
                    continue;
                const char *on = p2e_pool_get(&c->pool, c->varopt_name[k]);
                uint32_t val = c->vals[c->vars[v].first + k];
                for (size_t u = 0; u < nused; u++) {
                    option *o = &c->opts[used[u]];
                    if (strcmp(p2e_pool_get(&c->pool, o->name), on))
                        continue;
                    const char *want = p2e_pool_get(&c->pool, o->values[idx[u]]);
                    if (!val || strcmp(p2e_pool_get(&c->pool, val - 1), want))
                        all = 0;
                }
            }
            found = all;
        }
        if (!found && missing++ < 20) {
            if (missing > 1 && p2e_buf_puts(&c->tmp, "; "))
                return P2E_ERR_NOMEM;
            for (size_t u = 0; u < nused; u++) {
                option *o = &c->opts[used[u]];
                if ((u && p2e_buf_puts(&c->tmp, "/")) ||
                    p2e_buf_puts(&c->tmp, p2e_pool_get(&c->pool, o->values[idx[u]])))
                    return P2E_ERR_NOMEM;
            }
        }
        for (size_t u = nused; u-- > 0;) { /* the next combination */
            if (++idx[u] < c->opts[used[u]].nvalues)
                break;
            idx[u] = 0;
        }
    }
    if (!missing || c->gap_unbuyable)
        return P2E_OK;
    if (missing > 20 && p2e_buf_puts(&c->tmp, "; ..."))
        return P2E_ERR_NOMEM;
    if (p2e_buf_putc(&c->tmp, '\0'))
        return P2E_ERR_NOMEM;
    char d[64];
    snprintf(d, sizeof d, "%zu missing; the base product is buyable", missing);
    return add(c, P2E_CODE_INCOMPLETE_VARIANT_GRID, c->pline, p2e_pool_get(&c->pool, c->key),
               NULL, c->tmp.data, d);
}

/* The gathered product: option defaults, variation values, gaps. */
static p2e_status end_product(checker *c)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < c->nopts && !st; i++)
        if (c->opts[i].ndefault > 1)
            st = add(c, P2E_CODE_IMPORT_OPTION_DEFAULT, c->opts[i].line, NULL, "product_option_name",
                     p2e_pool_get(&c->pool, c->opts[i].name), NULL);
    /* no option rows at all: a partial update of variations whose options
     * are the store's (manual-fields.csv); nothing to check them against */
    for (size_t v = 0; v < c->nvars && c->nopts && !st; v++)
        for (size_t k = 0; k < c->ncols && !st; k++) {
            uint32_t val = c->vals[c->vars[v].first + k];
            if (c->kinds[k] != K_VAROPT || !val)
                continue;
            option *o = find_option(c, p2e_pool_get(&c->pool, c->varopt_name[k]));
            if (o)
                o->used = 1;
            if (!o || !has_value(c, o, p2e_pool_get(&c->pool, val - 1)))
                st = add(c, P2E_CODE_IMPORT_OPTION_VALUE, c->vars[v].line, NULL, c->names[k],
                         p2e_pool_get(&c->pool, val - 1), o ? NULL : "no option of that name");
        }
    if (!st && c->nvars)
        st = grid(c);
    for (size_t i = 0; i < c->nopts; i++)
        free(c->opts[i].values);
    c->nopts = c->nvars = c->nvals = 0;
    c->have_product = 0;
    return st;
}

static int same_key(checker *c, const p2e_row *r)
{
    size_t n;
    const char *k = cell(r, c->col_sku, &n);
    if (!n)
        k = cell(r, c->col_id, &n);
    const char *have = p2e_pool_get(&c->pool, c->key);
    return n && strlen(have) == n && !memcmp(have, k, n);
}

static p2e_status unique_sku(checker *c, p2e_map *m, const p2e_row *r, long col)
{
    size_t n;
    const char *s = cell(r, col, &n);
    if (!n)
        return P2E_OK;
    uint32_t first;
    if (p2e_map_get(m, &c->pool, s, n, &first)) {
        char d[64];
        snprintf(d, sizeof d, "first on line %u", first);
        return add(c, P2E_CODE_IMPORT_DUPLICATE_SKU, r->line, NULL, c->names[col], s, d);
    }
    p2e_str k;
    p2e_status st = p2e_pool_add(&c->pool, s, n, &k);
    return st ? st : p2e_map_put_len(m, &c->pool, k, n, (uint32_t)r->line);
}

static p2e_status product_row(checker *c, const p2e_row *r)
{
    p2e_status st = c->have_product ? end_product(c) : P2E_OK;
    size_t nsku, nid, nname, ntr, nq;
    const char *sku = cell(r, c->col_sku, &nsku), *id = cell(r, c->col_id, &nid);
    cell(r, c->col_name, &nname);
    if (!st && !nsku && !nid && !nname)
        st = add(c, P2E_CODE_IMPORT_KEY_MISSING, r->line, NULL, "product_name", NULL,
                 "a product row needs product_name to be created, or product_sku or "
                 "product_internal_id to be updated");
    if (!st)
        st = unique_sku(c, &c->product_skus, r, c->col_sku);
    if (!st)
        st = p2e_pool_add(&c->pool, nsku ? sku : id, nsku ? nsku : nid, &c->key);
    const char *tr = cell(r, c->col_tracked, &ntr), *q = cell(r, c->col_qty, &nq);
    c->gap_unbuyable = ntr == 4 && !memcmp(tr, "true", 4) && nq && is_int(q, nq) && atol(q) <= 0;
    c->have_product = nsku || nid;
    c->pline = r->line;
    c->phase = ROW_PRODUCT;
    return st;
}

static p2e_status child_row(checker *c, const p2e_row *r, int type)
{
    const char *what = type == ROW_OPTION ? "product_option" : "product_variation";
    size_t nsku, nid;
    cell(r, c->col_sku, &nsku);
    cell(r, c->col_id, &nid);
    if (!nsku && !nid)
        return add(c, P2E_CODE_IMPORT_KEY_MISSING, r->line, NULL, "product_sku", NULL,
                   "needs its product's product_sku or product_internal_id");
    if (!c->have_product || !same_key(c, r) || c->phase > type) {
        char d[160];
        snprintf(d, sizeof d, "%s row %s", what,
                 !c->have_product || !same_key(c, r) ? "not right after its product's rows"
                                                      : "after a variation row of its product");
        return add(c, P2E_CODE_IMPORT_ROW_ORDER, r->line, NULL, "type", what, d);
    }
    c->phase = type;
    p2e_status st;
    if (type == ROW_OPTION) {
        size_t nn, nv, nd;
        const char *name = cell(r, c->col_optname, &nn), *value = cell(r, c->col_optvalue, &nv);
        const char *def = cell(r, c->col_optdefault, &nd);
        if (!nn || !nv)
            return add(c, P2E_CODE_IMPORT_KEY_MISSING, r->line, NULL,
                       !nn ? "product_option_name" : "product_option_value", NULL,
                       "an option row needs the option's name and one value");
        p2e_str ns, vs;
        if ((st = p2e_pool_intern(&c->pool, name, nn, &ns)) ||
            (st = p2e_pool_intern(&c->pool, value, nv, &vs)))
            return st;
        option *o = find_option(c, p2e_pool_get(&c->pool, ns));
        if (!o) {
            if ((st = p2e_grow((void **)&c->opts, &c->capopts, c->nopts + 1, sizeof *c->opts)))
                return st;
            o = &c->opts[c->nopts++];
            memset(o, 0, sizeof *o);
            o->name = ns;
            o->line = r->line;
        }
        if ((st = p2e_grow((void **)&o->values, &o->cap, o->nvalues + 1, sizeof *o->values)))
            return st;
        o->values[o->nvalues++] = vs;
        o->ndefault += nd == 4 && !memcmp(def, "true", 4);
        return P2E_OK;
    }
    if ((st = p2e_grow((void **)&c->vars, &c->capvars, c->nvars + 1, sizeof *c->vars)) ||
        (st = p2e_grow((void **)&c->vals, &c->capvals, c->nvals + c->ncols, sizeof *c->vals)))
        return st;
    variation *v = &c->vars[c->nvars++];
    v->line = r->line;
    v->first = c->nvals;
    int any = 0;
    for (size_t k = 0; k < c->ncols; k++) {
        uint32_t val = 0;
        if (k < r->ncells && c->kinds[k] == K_VAROPT && r->len[k]) {
            p2e_str s;
            if ((st = p2e_pool_intern(&c->pool, r->cell[k], r->len[k], &s)))
                return st;
            val = s + 1;
            any = 1;
        }
        c->vals[c->nvals++] = val;
    }
    if (!any)
        return add(c, P2E_CODE_IMPORT_KEY_MISSING, r->line, NULL, "product_variation_option_*", NULL,
                   "a variation is a set of option values: this row has none");
    return unique_sku(c, &c->variation_skus, r, c->col_vsku);
}

static p2e_status on_row(void *ctx, const p2e_row *r)
{
    checker *c = ctx;
    if (!c->kinds)
        return header(c, r);
    if (r->ncells == 1 && r->len[0] == 0)
        return P2E_OK; /* a blank line */
    c->rows++;
    if (c->legacy)
        return P2E_OK;
    p2e_status st = P2E_OK;
    if (r->unterminated || r->resumed || r->ncells != c->ncols) {
        char d[96];
        snprintf(d, sizeof d, r->unterminated ? "a quote is open to the end of the file"
                              : r->resumed    ? "text after a closing quote"
                                              : "%zu fields, the header has %zu",
                 r->ncells, c->ncols);
        if ((st = add(c, P2E_CODE_IMPORT_QUOTING, r->line, NULL, NULL, NULL, d)))
            return st;
        if (r->unterminated || r->resumed)
            return P2E_OK;
    }
    int type = ROW_PRODUCT;
    size_t tn;
    const char *t = cell(r, c->col_type, &tn);
    if (c->col_type >= 0) {
        static const char *const types[] = {"product", "product_option", "product_variation", "category"};
        type = -1;
        for (int i = 0; i < 4; i++)
            if (strlen(types[i]) == tn && !memcmp(types[i], t, tn))
                type = i;
        if (type < 0)
            return add(c, P2E_CODE_IMPORT_ROW_TYPE, r->line, NULL, "type", t, NULL);
    }
    for (size_t k = 0; k < r->ncells && k < c->ncols && !st; k++) {
        st = check_cell(c, r, type, k);
        if (!st && r->len[k] && !(c->row_types[k] & (1u << type)))
            st = add(c, P2E_CODE_IMPORT_ROW_TYPE_COLUMN, r->line, NULL, c->names[k], r->cell[k],
                     type == ROW_OPTION      ? "not a column of option rows"
                     : type == ROW_VARIATION ? "not a column of variation rows"
                     : type == ROW_CATEGORY  ? "not a column of category rows"
                                             : "not a column of product rows");
    }
    if (st)
        return st;
    if (type == ROW_PRODUCT) {
        if (c->category_line) { /* once per run of misplaced category rows */
            char d[64];
            snprintf(d, sizeof d, "before the product row on line %lu", (unsigned long)r->line);
            st = add(c, P2E_CODE_IMPORT_CATEGORY_ORDER, c->category_line, NULL, "type", "category", d);
            c->category_line = 0;
            if (st)
                return st;
        }
        return product_row(c, r);
    }
    if (type == ROW_CATEGORY) {
        if (!c->category_line)
            c->category_line = r->line;
        if (c->have_product && (st = end_product(c)))
            return st;
        return P2E_OK;
    }
    return child_row(c, r, type);
}

static int starts_with_bom(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char b[3] = {0};
    size_t n = fread(b, 1, 3, f);
    fclose(f);
    return n == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF;
}

p2e_status p2e_check_file(const char *path, p2e_report *rep, size_t *rows, p2e_err *err)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.rep = rep;
    c.err = err;
    *rows = 0;
    p2e_status st = p2e_pool_init(&c.pool);
    if (st)
        return p2e_fail(err, st, "out of memory");
    p2e_input_opts opts = {.max_field = 64u << 20, .max_row = 64u << 20};
    p2e_input *in = NULL;
    st = p2e_input_open(&in, path, &opts, err);
    if (!st) {
        const char *from = p2e_input_converted_from(in);
        if (from)
            st = add(&c, P2E_CODE_IMPORT_ENCODING, 0, NULL, NULL, from, "read as this encoding");
        else if (starts_with_bom(path))
            st = add(&c, P2E_CODE_IMPORT_ENCODING, 0, NULL, NULL, NULL, "a UTF-8 byte-order mark");
        if (!st)
            st = p2e_input_read(in, on_row, &c, err);
        if (!st && c.have_product)
            st = end_product(&c);
        p2e_input_free(in);
    }
    if (!st && !c.kinds)
        st = p2e_fail(err, P2E_ERR_FORMAT, "%s: empty file: not an E-Series import file", path);
    if (st == P2E_ERR_NOMEM)
        st = p2e_fail(err, st, "out of memory");
    *rows = c.rows;
    for (size_t i = 0; i < c.ncols; i++)
        free(c.names[i]);
    for (size_t i = 0; i < c.nopts; i++)
        free(c.opts[i].values);
    free(c.names);
    free(c.kinds);
    free(c.row_types);
    free(c.varopt_name);
    free(c.opts);
    free(c.vars);
    free(c.vals);
    p2e_buf_free(&c.tmp);
    p2e_map_free(&c.product_skus);
    p2e_map_free(&c.variation_skus);
    p2e_pool_free(&c.pool);
    return st;
}
