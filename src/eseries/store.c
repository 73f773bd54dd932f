#include "p2e_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "p2e_csvread.h"
#include "p2e_decimal.h"
#include "p2e_input.h"

/* Column roles beyond the plain fields. */
enum {
    R_NONE = -1,
    R_TYPE = P2E_SF_COUNT,
    R_VARIATION_SKU,
    R_IMAGE_MAIN,
    R_GALLERY,          /* product_media_gallery_image_url_N */
    R_OPTION_NAME,
    R_OPTION_VALUE,
    R_VARIATION_OPTION, /* product_variation_option_<Name> */
    R_CATEGORY_PATH,
};

static const struct {
    const char *name;
    int role;
} column_names[] = {
    {"type", R_TYPE},
    {"product_internal_id", P2E_SF_INTERNAL_ID},
    {"product_id", P2E_SF_INTERNAL_ID},
    {"product_sku", P2E_SF_SKU},
    {"sku", P2E_SF_SKU},
    {"product_variation_sku", R_VARIATION_SKU},
    {"product_name", P2E_SF_NAME},
    {"name", P2E_SF_NAME},
    {"product_price", P2E_SF_PRICE},
    {"price", P2E_SF_PRICE},
    {"product_is_available", P2E_SF_AVAILABLE},
    {"enabled", P2E_SF_AVAILABLE},
    {"product_is_inventory_tracked", P2E_SF_TRACKED},
    {"product_quantity", P2E_SF_QUANTITY},
    {"quantity", P2E_SF_QUANTITY},
    {"product_description", P2E_SF_DESCRIPTION},
    {"description", P2E_SF_DESCRIPTION},
    {"product_category_1", P2E_SF_CATEGORY},
    {"category1", P2E_SF_CATEGORY},
    {"product_brand", P2E_SF_BRAND},
    {"brand", P2E_SF_BRAND},
    {"product_upc", P2E_SF_UPC},
    {"upc", P2E_SF_UPC},
    {"product_weight", P2E_SF_WEIGHT},
    {"weight", P2E_SF_WEIGHT},
    {"product_length", P2E_SF_LENGTH},
    {"length", P2E_SF_LENGTH},
    {"product_width", P2E_SF_WIDTH},
    {"width", P2E_SF_WIDTH},
    {"product_height", P2E_SF_HEIGHT},
    {"height", P2E_SF_HEIGHT},
    {"product_media_main_image_url", R_IMAGE_MAIN},
    {"image", R_IMAGE_MAIN},
    {"product_compare_to_price", P2E_SF_COMPARE_TO},
    {"recommended_price", P2E_SF_COMPARE_TO},
    {"product_subtitle", P2E_SF_SUBTITLE},
    {"subtitle", P2E_SF_SUBTITLE},
    {"product_low_stock_notification_quantity", P2E_SF_LOW_STOCK},
    {"product_option_name", R_OPTION_NAME},
    {"product_option_value", R_OPTION_VALUE},
    {"category_path", R_CATEGORY_PATH},
};

#define GALLERY_PREFIX "product_media_gallery_image_url_"
#define VOPT_PREFIX "product_variation_option_"

typedef struct {
    int role;
    long gallery_n;       /* R_GALLERY: N */
    p2e_str option;       /* R_VARIATION_OPTION: the option name */
} column;

typedef struct {
    p2e_store *s;
    p2e_err *err;
    column *cols;
    size_t ncols;
    long by_role[R_CATEGORY_PATH + 1];
    int legacy_quantity;  /* no tracked column: empty quantity = untracked */
    char **header_names;  /* "N column(s): a, b, c" for a refusal */
    uint32_t current;     /* the last product row */
    p2e_buf tmp;
} reader;

p2e_status p2e_store_init(p2e_store *s)
{
    memset(s, 0, sizeof *s);
    if (p2e_pool_init(&s->keys))
        return P2E_ERR_NOMEM;
    return p2e_pool_init(&s->pool);
}

/* "<product>\x1f<sku>" or "<product>\x1e<combination>" into buf. */
static size_t variation_key(char *buf, size_t cap, uint32_t product, char kind, const char *text)
{
    int n = snprintf(buf, cap, "%lu%c%s", (unsigned long)product, kind, text);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Index a variation by SKU and by combination (the first one wins). */
static p2e_status index_variation(p2e_store *s, uint32_t vi)
{
    const p2e_store_variation *v = &s->variations[vi];
    const char *texts[2] = {p2e_store_str(s, v->f[P2E_SF_SKU]), p2e_store_str(s, v->f[P2E_SF_OPTIONS])};
    const char kinds[2] = {'\x1f', '\x1e'};
    char key[4096];
    for (int i = 0; i < 2; i++) {
        if (!*texts[i])
            continue;
        size_t n = variation_key(key, sizeof key, v->product, kinds[i], texts[i]);
        uint32_t have;
        if (p2e_map_get(&s->variation_by_key, &s->keys, key, n, &have))
            continue;
        p2e_str k;
        if (p2e_pool_add(&s->keys, key, n, &k) || p2e_map_put(&s->variation_by_key, &s->keys, k, vi))
            return P2E_ERR_NOMEM;
    }
    return P2E_OK;
}

void p2e_store_free(p2e_store *s)
{
    p2e_pool_free(&s->pool);
    free(s->products);
    free(s->variations);
    free(s->categories);
    p2e_map_free(&s->product_by_sku);
    p2e_map_free(&s->product_by_id);
    p2e_map_free(&s->variation_by_key);
    p2e_pool_free(&s->keys);
    memset(s, 0, sizeof *s);
}

/* Grow an array of `size`-byte items so that one more fits. */
static p2e_status grow(void **items, size_t *cap, size_t count, size_t size)
{
    return p2e_grow(items, cap, count + 1, size);
}

/* ---- header ----------------------------------------------------------- */

static p2e_status classify(reader *r, size_t i, const char *name, size_t len)
{
    column *c = &r->cols[i];
    c->role = R_NONE;
    for (size_t k = 0; k < sizeof column_names / sizeof column_names[0]; k++)
        if (strlen(column_names[k].name) == len && !strncasecmp(column_names[k].name, name, len))
            c->role = column_names[k].role;
    size_t gl = strlen(GALLERY_PREFIX), vl = strlen(VOPT_PREFIX);
    if (c->role == R_NONE && len > gl && !strncmp(name, GALLERY_PREFIX, gl)) {
        c->role = R_GALLERY;
        c->gallery_n = strtol(name + gl, NULL, 10);
    }
    if (c->role == R_NONE && len > vl && !strncmp(name, VOPT_PREFIX, vl)) {
        const char *n = name + vl;
        size_t nl = len - vl;
        if (nl >= 2 && n[0] == '{' && n[nl - 1] == '}') {
            n++;
            nl -= 2;
        }
        c->role = R_VARIATION_OPTION;
        return p2e_pool_intern(&r->s->pool, n, nl, &c->option);
    }
    if (c->role != R_NONE && c->role != R_GALLERY && c->role != R_VARIATION_OPTION &&
        r->by_role[c->role] < 0)
        r->by_role[c->role] = (long)i;
    return P2E_OK;
}

static p2e_status take_header(reader *r, const p2e_row *row)
{
    r->cols = calloc(row->ncells ? row->ncells : 1, sizeof *r->cols);
    if (!r->cols)
        return P2E_ERR_NOMEM;
    r->ncols = row->ncells;
    for (size_t k = 0; k <= R_CATEGORY_PATH; k++)
        r->by_role[k] = -1;
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < row->ncells && !st; i++)
        st = classify(r, i, row->cell[i], row->len[i]);
    r->legacy_quantity = r->by_role[P2E_SF_TRACKED] < 0;
    if (r->header_names) {
        p2e_buf b = {0};
        char count[48];
        snprintf(count, sizeof count, "%zu column(s): ", row->ncells);
        st = p2e_buf_puts(&b, count);
        for (size_t i = 0; i < row->ncells && !st && b.len < 600; i++) {
            if (i)
                st = p2e_buf_puts(&b, ", ");
            if (!st)
                st = p2e_buf_append(&b, row->cell[i], row->len[i]);
        }
        *r->header_names = b.data;
    }
    r->s->has_types |= r->by_role[R_TYPE] >= 0;
    r->s->has_options |= r->by_role[R_OPTION_NAME] >= 0 && r->by_role[R_OPTION_VALUE] >= 0;
    return st;
}

/* ---- values ----------------------------------------------------------- */

static p2e_span cell(const p2e_row *row, long i)
{
    p2e_span t = {"", 0};
    if (i >= 0 && (size_t)i < row->ncells)
        t = (p2e_span){row->cell[i], row->len[i]};
    p2e_text_trim(&t.s, &t.len);
    return t;
}

/* Canonical text of a field, so that "99.00" == "99" and "yes" == "true". */
static p2e_status normalize(reader *r, int field, p2e_span t, p2e_str *out)
{
    char num[48];
    int64_t micro;
    switch (field) {
    case P2E_SF_PRICE:
    case P2E_SF_COMPARE_TO:
        if (p2e_dec_parse(t.s, t.len, &micro) == P2E_NUM_OK) {
            p2e_dec_format(num, p2e_dec_round(micro, 2), 2, 1);
            return p2e_pool_intern(&r->s->pool, num, strlen(num), out);
        }
        break;
    case P2E_SF_QUANTITY:
    case P2E_SF_LOW_STOCK:
    case P2E_SF_WEIGHT:
    case P2E_SF_LENGTH:
    case P2E_SF_WIDTH:
    case P2E_SF_HEIGHT:
        if (p2e_dec_parse(t.s, t.len, &micro) == P2E_NUM_OK) {
            p2e_dec_format(num, micro, 6, 0);
            return p2e_pool_intern(&r->s->pool, num, strlen(num), out);
        }
        break;
    case P2E_SF_AVAILABLE:
    case P2E_SF_TRACKED:
        if (t.len) {
            int yes = (t.len == 4 && !strncasecmp(t.s, "true", 4)) || (t.len == 3 && !strncasecmp(t.s, "yes", 3)) ||
                      (t.len == 1 && (t.s[0] == '1' || t.s[0] == 'Y' || t.s[0] == 'y'));
            return p2e_pool_intern(&r->s->pool, yes ? "true" : "false", yes ? 4 : 5, out);
        }
        break;
    default:
        break;
    }
    return p2e_pool_intern(&r->s->pool, t.s, t.len, out);
}

/* Main image then gallery images in N order, one per line. */
static p2e_status images(reader *r, const p2e_row *row, p2e_str *out)
{
    r->tmp.len = 0;
    p2e_status st = P2E_OK;
    p2e_span main = cell(row, r->by_role[R_IMAGE_MAIN]);
    if (main.len)
        st = p2e_buf_append(&r->tmp, main.s, main.len);
    for (long n = 1; !st && n <= 1000; n++) {
        int found = 0;
        for (size_t i = 0; i < r->ncols && !st; i++) {
            if (r->cols[i].role != R_GALLERY || r->cols[i].gallery_n != n)
                continue;
            found = 1;
            p2e_span g = cell(row, (long)i);
            if (g.len) {
                st = p2e_buf_putc(&r->tmp, '\n');
                if (!st)
                    st = p2e_buf_append(&r->tmp, g.s, g.len);
            }
        }
        if (!found)
            break;
    }
    if (!st)
        st = p2e_pool_intern(&r->s->pool, r->tmp.data ? r->tmp.data : "", r->tmp.len, out);
    return st;
}

/* The fields of a product or variation row. */
static p2e_status fields(reader *r, const p2e_row *row, p2e_str *f, uint8_t *seen)
{
    p2e_status st = P2E_OK;
    for (int k = 0; k < P2E_SF_COUNT && !st; k++) {
        if (k == P2E_SF_IMAGES || k == P2E_SF_OPTIONS)
            continue;
        if (seen)
            seen[k] = r->by_role[k] >= 0;
        if (r->s->keys_only && k != P2E_SF_SKU && k != P2E_SF_INTERNAL_ID)
            continue; /* left "" */
        st = normalize(r, k, cell(row, r->by_role[k]), &f[k]);
    }
    if (!st && !r->s->keys_only)
        st = images(r, row, &f[P2E_SF_IMAGES]);
    if (seen)
        seen[P2E_SF_IMAGES] = r->by_role[R_IMAGE_MAIN] >= 0;
    if (!st && r->legacy_quantity && r->by_role[P2E_SF_QUANTITY] >= 0) {
        p2e_span q = cell(row, r->by_role[P2E_SF_QUANTITY]);
        st = p2e_pool_intern(&r->s->pool, q.len ? "true" : "false", q.len ? 4 : 5, &f[P2E_SF_TRACKED]);
    }
    return st;
}

/* ---- rows ------------------------------------------------------------- */

uint32_t p2e_store_find_product(const p2e_store *s, const char *sku)
{
    uint32_t i;
    if (sku && *sku && p2e_map_get(&s->product_by_sku, &s->pool, sku, strlen(sku), &i))
        return i;
    return P2E_STORE_NONE;
}

/* The product an option or variation row belongs to. */
static uint32_t parent_of(reader *r, const p2e_row *row)
{
    p2e_span id = cell(row, r->by_role[P2E_SF_INTERNAL_ID]);
    p2e_span sku = cell(row, r->by_role[P2E_SF_SKU]);
    uint32_t i;
    if (id.len && p2e_map_get(&r->s->product_by_id, &r->s->pool, id.s, id.len, &i))
        return i;
    if (sku.len && p2e_map_get(&r->s->product_by_sku, &r->s->pool, sku.s, sku.len, &i))
        return i;
    return P2E_STORE_NONE;
}

static p2e_status add_product(reader *r, const p2e_row *row)
{
    p2e_store *s = r->s;
    p2e_status st = grow((void **)&s->products, &s->cap_products, s->nproducts, sizeof *s->products);
    if (st)
        return st;
    p2e_store_product p;
    memset(&p, 0, sizeof p);
    p.line = (uint32_t)row->line;
    p.first_variation = P2E_STORE_NONE;
    st = fields(r, row, p.f, p.seen_fields);
    uint32_t index = (uint32_t)s->nproducts;
    const char *sku = p2e_store_str(s, p.f[P2E_SF_SKU]);
    const char *id = p2e_store_str(s, p.f[P2E_SF_INTERNAL_ID]);
    uint32_t other;
    if (!st && *sku && !p2e_map_get(&s->product_by_sku, &s->pool, sku, strlen(sku), &other))
        st = p2e_map_put(&s->product_by_sku, &s->pool, p.f[P2E_SF_SKU], index);
    if (!st && *id && !p2e_map_get(&s->product_by_id, &s->pool, id, strlen(id), &other))
        st = p2e_map_put(&s->product_by_id, &s->pool, p.f[P2E_SF_INTERNAL_ID], index);
    if (!st) {
        s->products[s->nproducts++] = p;
        r->current = index;
    }
    return st;
}

/* "Name=v1|v2\n" lines, one per option, in row order. */
static p2e_status add_option(reader *r, const p2e_row *row)
{
    uint32_t pi = parent_of(r, row);
    if (pi == P2E_STORE_NONE) {
        r->s->rows_ignored++;
        return P2E_OK;
    }
    p2e_span name = cell(row, r->by_role[R_OPTION_NAME]);
    p2e_span value = cell(row, r->by_role[R_OPTION_VALUE]);
    const char *have = p2e_store_str(r->s, r->s->products[pi].f[P2E_SF_OPTIONS]);
    p2e_buf *b = &r->tmp;
    b->len = 0;
    p2e_status st = p2e_buf_puts(b, have);
    /* same option as the last line: add the value to it */
    size_t start = 0;
    for (size_t i = 0; i + 1 < b->len; i++)
        if (b->data[i] == '\n')
            start = i + 1;
    int same = b->len > start + name.len && !strncmp(b->data + start, name.s, name.len) &&
               b->data[start + name.len] == '=';
    if (!st && same) {
        b->len--; /* drop the '\n' */
        st = p2e_buf_putc(b, '|');
    } else if (!st) {
        st = p2e_buf_append(b, name.s, name.len);
        if (!st)
            st = p2e_buf_putc(b, '=');
    }
    if (!st)
        st = p2e_buf_append(b, value.s, value.len);
    if (!st)
        st = p2e_buf_putc(b, '\n');
    if (!st)
        st = p2e_pool_intern(&r->s->pool, b->data, b->len, &r->s->products[pi].f[P2E_SF_OPTIONS]);
    return st;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The variation's combination: "Name=value\n" lines sorted by name. */
static p2e_status combination(reader *r, const p2e_row *row, p2e_str *out)
{
    char *lines[256] = {NULL};
    size_t n = 0;
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < r->ncols && n < 256 && !st; i++) {
        if (r->cols[i].role != R_VARIATION_OPTION)
            continue;
        p2e_span v = cell(row, (long)i);
        if (!v.len)
            continue;
        const char *name = p2e_store_str(r->s, r->cols[i].option);
        size_t len = strlen(name) + v.len + 3;
        lines[n] = malloc(len);
        if (!lines[n]) {
            st = P2E_ERR_NOMEM;
            break;
        }
        snprintf(lines[n], len, "%s=%.*s\n", name, (int)v.len, v.s);
        n++;
    }
    qsort(lines, n, sizeof lines[0], cmp_lines);
    r->tmp.len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!st)
            st = p2e_buf_puts(&r->tmp, lines[i]);
        free(lines[i]);
    }
    if (!st)
        st = p2e_pool_intern(&r->s->pool, r->tmp.data ? r->tmp.data : "", r->tmp.len, out);
    return st;
}

/* Append variation vi to product pi's list; the product keeps its last
 * variation so that appending stays O(1) however large the family. */
static void link_variation(p2e_store *s, uint32_t pi, uint32_t vi)
{
    p2e_store_product *p = &s->products[pi];
    if (p->first_variation == P2E_STORE_NONE)
        p->first_variation = vi;
    else
        s->variations[p->last_variation].next = vi;
    p->last_variation = vi;
    p->nvariations++;
}

static p2e_status add_variation(reader *r, const p2e_row *row)
{
    p2e_store *s = r->s;
    uint32_t pi = parent_of(r, row);
    if (pi == P2E_STORE_NONE) {
        s->rows_ignored++;
        return P2E_OK;
    }
    p2e_status st = grow((void **)&s->variations, &s->cap_variations, s->nvariations,
                         sizeof *s->variations);
    if (st)
        return st;
    p2e_store_variation v;
    memset(&v, 0, sizeof v);
    v.line = (uint32_t)row->line;
    v.product = pi;
    v.next = P2E_STORE_NONE;
    st = fields(r, row, v.f, NULL);
    static const p2e_store_field inherited[] = {P2E_SF_PRICE, P2E_SF_AVAILABLE, P2E_SF_TRACKED,
                                                P2E_SF_WEIGHT};
    for (size_t k = 0; k < sizeof inherited / sizeof inherited[0]; k++)
        if (!*p2e_store_str(s, v.f[inherited[k]]))
            v.f[inherited[k]] = s->products[pi].f[inherited[k]];
    p2e_span vsku = cell(row, r->by_role[R_VARIATION_SKU]);
    if (!st)
        st = p2e_pool_intern(&s->pool, vsku.s, vsku.len, &v.f[P2E_SF_SKU]);
    if (!st)
        st = combination(r, row, &v.f[P2E_SF_OPTIONS]);
    if (st)
        return st;
    uint32_t index = (uint32_t)s->nvariations++;
    s->variations[index] = v;
    link_variation(s, pi, index);
    return index_variation(s, index);
}

static p2e_status add_category(reader *r, const p2e_row *row)
{
    p2e_store *s = r->s;
    p2e_span path = cell(row, r->by_role[R_CATEGORY_PATH]);
    p2e_status st = grow((void **)&s->categories, &s->cap_categories, s->ncategories,
                         sizeof *s->categories);
    if (!st)
        st = p2e_pool_intern(&s->pool, path.s, path.len, &s->categories[s->ncategories]);
    if (!st)
        s->ncategories++;
    return st;
}

static p2e_status on_row(void *ctx, const p2e_row *row)
{
    reader *r = ctx;
    if (!r->cols)
        return take_header(r, row);
    r->s->rows_read++;
    if (row->resumed) { /* damaged by a stray quote: its cells are cut short */
        r->s->rows_ignored++;
        return P2E_OK;
    }
    p2e_span type = cell(row, r->by_role[R_TYPE]);
    if (r->by_role[R_TYPE] < 0 || (type.len == 7 && !memcmp(type.s, "product", 7)))
        return add_product(r, row);
    if (r->s->keys_only) /* read, not kept */
        return P2E_OK;
    if (type.len == 14 && !memcmp(type.s, "product_option", 14))
        return add_option(r, row);
    if (type.len == 17 && !memcmp(type.s, "product_variation", 17))
        return add_variation(r, row);
    if (type.len == 8 && !memcmp(type.s, "category", 8))
        return add_category(r, row);
    r->s->rows_ignored++;
    return P2E_OK;
}

/* The refusal names what is missing and what was found. */
static p2e_status wrong_columns(const char *path, const char *found, p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_FORMAT,
                    "%s: not an E-Series catalog export: no product_sku or product_internal_id "
                    "column; found %s. Export the catalog from eCom (Catalog > Products > Export)",
                    path, found && *found ? found : "no columns");
}

p2e_status p2e_store_read(p2e_store *s, const char *path, p2e_err *err)
{
    char *header_names = NULL;
    p2e_input_opts opts = {.max_field = s->max_field ? s->max_field : P2E_STORE_MAX_FIELD,
                           .batch_bytes = s->one_core ? 0 : P2E_CSV_BATCH};
    p2e_input *in;
    p2e_status st = p2e_input_open(&in, path, &opts, err);
    if (st)
        return st;
    reader r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.err = err;
    r.header_names = &header_names;
    r.current = P2E_STORE_NONE;
    st = p2e_input_read(in, on_row, &r, err);
    p2e_input_free(in);
    free(r.cols);
    p2e_buf_free(&r.tmp);
    if (st == P2E_ERR_NOMEM)
        return p2e_fail(err, st, "out of memory");
    if (!st && !r.cols)
        return p2e_fail(err, P2E_ERR_FORMAT, "%s: empty file: not an E-Series catalog export", path);
    if (!st && r.by_role[P2E_SF_SKU] < 0 && r.by_role[P2E_SF_INTERNAL_ID] < 0)
        st = wrong_columns(path, header_names, err);
    free(header_names);
    return st;
}

uint32_t p2e_store_find_variation(const p2e_store *s, uint32_t product, const char *sku,
                                  const char *combination)
{
    if (product == P2E_STORE_NONE)
        return P2E_STORE_NONE;
    char key[4096];
    uint32_t vi;
    if (sku && *sku) {
        size_t n = variation_key(key, sizeof key, product, '\x1f', sku);
        if (p2e_map_get(&s->variation_by_key, &s->keys, key, n, &vi))
            return vi;
    }
    if (combination && *combination) {
        size_t n = variation_key(key, sizeof key, product, '\x1e', combination);
        if (p2e_map_get(&s->variation_by_key, &s->keys, key, n, &vi))
            return vi;
    }
    return P2E_STORE_NONE;
}

int p2e_store_has_category(const p2e_store *s, const char *path)
{
    for (size_t i = 0; i < s->ncategories; i++)
        if (!strcmp(p2e_store_str(s, s->categories[i]), path))
            return 1;
    return 0;
}

/* ---- applying an update (the importer's behaviour, as far as known) ---- */

static p2e_status copy_str(p2e_store *dst, const p2e_store *src, p2e_str v, p2e_str *out)
{
    const char *s = p2e_store_str(src, v);
    return p2e_pool_intern(&dst->pool, s, strlen(s), out);
}

static p2e_status apply_fields(p2e_store *s, p2e_str *dst, const p2e_store *u, const p2e_str *src,
                               const uint8_t *seen, int variation)
{
    p2e_status st = P2E_OK;
    for (int k = 0; k < P2E_SF_COUNT && !st; k++) {
        if (k == P2E_SF_INTERNAL_ID || (k == P2E_SF_OPTIONS && variation))
            continue;
        if (!seen[k] && k != P2E_SF_OPTIONS && !(variation && k == P2E_SF_SKU))
            continue;
        if (k == P2E_SF_OPTIONS && !*p2e_store_str(u, src[k]))
            continue;
        st = copy_str(s, u, src[k], &dst[k]);
    }
    return st;
}

static p2e_status new_product(p2e_store *s, uint32_t *index)
{
    p2e_status st = grow((void **)&s->products, &s->cap_products, s->nproducts, sizeof *s->products);
    if (st)
        return st;
    *index = (uint32_t)s->nproducts++;
    p2e_store_product *p = &s->products[*index];
    memset(p, 0, sizeof *p);
    p->first_variation = P2E_STORE_NONE;
    return P2E_OK;
}

static p2e_status apply_variation(p2e_store *s, uint32_t pi, const p2e_store *u,
                                  const p2e_store_variation *uv, const uint8_t *seen)
{
    const char *sku = p2e_store_str(u, uv->f[P2E_SF_SKU]);
    const char *combo = p2e_store_str(u, uv->f[P2E_SF_OPTIONS]);
    uint32_t vi = p2e_store_find_variation(s, pi, sku, combo);
    p2e_status st = P2E_OK;
    if (vi == P2E_STORE_NONE) {
        st = grow((void **)&s->variations, &s->cap_variations, s->nvariations, sizeof *s->variations);
        if (st)
            return st;
        vi = (uint32_t)s->nvariations++;
        memset(&s->variations[vi], 0, sizeof s->variations[vi]);
        s->variations[vi].product = pi;
        s->variations[vi].next = P2E_STORE_NONE;
        link_variation(s, pi, vi);
        st = copy_str(s, u, uv->f[P2E_SF_OPTIONS], &s->variations[vi].f[P2E_SF_OPTIONS]);
    }
    if (!st)
        st = apply_fields(s, s->variations[vi].f, u, uv->f, seen, 1);
    if (!st)
        st = index_variation(s, vi); /* a new SKU or combination */
    return st;
}

p2e_status p2e_store_apply(p2e_store *s, const p2e_store *u, p2e_err *err)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < u->nproducts && !st; i++) {
        const p2e_store_product *up = &u->products[i];
        const char *id = p2e_store_str(u, up->f[P2E_SF_INTERNAL_ID]);
        uint32_t pi = P2E_STORE_NONE;
        if (!*id || !p2e_map_get(&s->product_by_id, &s->pool, id, strlen(id), &pi))
            pi = p2e_store_find_product(s, p2e_store_str(u, up->f[P2E_SF_SKU]));
        if (pi == P2E_STORE_NONE) {
            st = new_product(s, &pi);
            if (!st)
                memcpy(s->products[pi].seen_fields, up->seen_fields, sizeof up->seen_fields);
            if (!st)
                st = copy_str(s, u, up->f[P2E_SF_SKU], &s->products[pi].f[P2E_SF_SKU]);
            if (!st)
                st = p2e_map_put(&s->product_by_sku, &s->pool, s->products[pi].f[P2E_SF_SKU], pi);
        }
        if (!st)
            st = apply_fields(s, s->products[pi].f, u, up->f, up->seen_fields, 0);
        for (uint32_t v = up->first_variation; !st && v != P2E_STORE_NONE; v = u->variations[v].next)
            st = apply_variation(s, pi, u, &u->variations[v], up->seen_fields);
    }
    for (size_t i = 0; i < u->ncategories && !st; i++) {
        const char *path = p2e_store_str(u, u->categories[i]);
        if (p2e_store_has_category(s, path))
            continue;
        st = grow((void **)&s->categories, &s->cap_categories, s->ncategories, sizeof *s->categories);
        if (!st)
            st = copy_str(s, u, u->categories[i], &s->categories[s->ncategories]);
        if (!st)
            s->ncategories++;
    }
    if (st)
        return p2e_fail(err, st, "out of memory");
    return P2E_OK;
}
