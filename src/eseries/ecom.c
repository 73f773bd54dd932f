#include "p2e_ecom.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_csvwrite.h"
#include "p2e_decimal.h"
#include "p2e_images.h"
#include "p2e_units.h"

/* The fixed columns, in file order; option columns follow VARIATION_SKU. */
enum {
    C_TYPE,
    C_SKU,
    C_NAME,
    C_AVAILABLE,
    C_PRICE,
    C_TRACKED,
    C_QUANTITY,
    C_DESCRIPTION,
    C_CATEGORY,
    C_BRAND,
    C_UPC,
    C_WEIGHT,
    C_LENGTH,
    C_WIDTH,
    C_HEIGHT,
    C_MAIN_IMAGE,       /* then the gallery columns, then the rest */
    C_OPTION_NAME,
    C_OPTION_TYPE,
    C_OPTION_REQUIRED,
    C_OPTION_VALUE,
    C_OPTION_DEFAULT,
    C_VARIATION_SKU,
    C_FIXED
};

static const char *const fixed_names[C_FIXED] = {
    "type", "product_sku", "product_name", "product_is_available", "product_price",
    "product_is_inventory_tracked", "product_quantity", "product_description",
    "product_category_1", "product_brand", "product_upc", "product_weight", "product_length",
    "product_width", "product_height", "product_media_main_image_url", "product_option_name",
    "product_option_type",
    "product_option_is_required", "product_option_value",
    "product_option_is_default_option_selection", "product_variation_sku",
};

/* Columns after the option columns. */
enum { T_CATEGORY_PATH, T_CATEGORY_AVAILABLE, T_COUNT };
static const char *const tail_names[T_COUNT] = {"category_path", "category_is_available"};

typedef struct {
    const p2e_catalog *cat;
    const p2e_images *images;   /* NULL: no image columns */
    size_t ngallery;            /* gallery columns: the largest gallery but its main image */
    /* option columns: names in order of first appearance */
    p2e_pool opt_names;
    p2e_map opt_index;
    size_t nopts;
    /* category paths used, parents first */
    p2e_pool cat_paths;
    p2e_map cat_seen;
    p2e_str *paths;
    size_t npaths, cap_paths;
    /* the row being built */
    p2e_span *row;
    size_t ncols;
    char num[C_FIXED][40];
    unsigned char *used;
    p2e_map seen_values;        /* option values written for the current option */
    int pass;                   /* 1: discover columns, 2: write */
    p2e_csvw *out;
    p2e_status status;
} writer;

static const char *str(const writer *w, p2e_str s)
{
    return p2e_catalog_str(w->cat, s);
}

/* Where a fixed column is: the gallery columns sit after the main image. */
static size_t at(const writer *w, size_t fixed)
{
    return fixed <= C_MAIN_IMAGE ? fixed : fixed + w->ngallery;
}

static void set_at(writer *w, size_t col, const char *s)
{
    w->row[col] = (p2e_span){s, strlen(s)};
}

static void set(writer *w, size_t fixed, const char *s)
{
    set_at(w, at(w, fixed), s);
}

static void set_bool(writer *w, size_t col, int b)
{
    set(w, col, b ? "true" : "false");
}

static void set_num(writer *w, size_t col, int64_t units, int decimals, int fixed)
{
    p2e_dec_format(w->num[col], units, decimals, fixed);
    set(w, col, w->num[col]);
}

/* Main image and gallery of a family (product row). */
static void set_family_images(writer *w, uint32_t fi)
{
    size_t n = w->images ? p2e_images_family_count(w->images, fi) : 0;
    for (size_t i = 0; i < n && i <= w->ngallery; i++) {
        const char *url = p2e_images_family_url(w->images, fi, i);
        if (url)
            set_at(w, C_MAIN_IMAGE + i, url);
    }
}

static size_t option_column(const writer *w, p2e_str name)
{
    const char *n = str(w, name);
    uint32_t k = 0;
    p2e_map_get(&w->opt_index, &w->opt_names, n, strlen(n), &k);
    return C_FIXED + w->ngallery + k;
}

static p2e_status add_option_name(writer *w, const char *name)
{
    uint32_t k;
    if (p2e_map_get(&w->opt_index, &w->opt_names, name, strlen(name), &k))
        return P2E_OK;
    p2e_str s;
    p2e_status st = p2e_pool_add(&w->opt_names, name, strlen(name), &s);
    if (!st)
        st = p2e_map_put(&w->opt_index, &w->opt_names, s, (uint32_t)w->nopts++);
    return st;
}

/* Hand a finished row to the pass: mark used columns, or write it. */
static void emit(writer *w)
{
    if (w->status)
        return;
    if (w->pass == 1) {
        for (size_t i = 0; i < w->ncols; i++)
            if (w->row[i].len)
                w->used[i] = 1;
    } else {
        for (size_t i = 0; i < w->ncols; i++)
            if (w->used[i])
                p2e_csvw_field(w->out, w->row[i].s, w->row[i].len);
        p2e_csvw_end_row(w->out);
    }
    for (size_t i = 0; i < w->ncols; i++)
        w->row[i] = (p2e_span){"", 0};
}

static void set_measures(writer *w, const p2e_variant *v, int dims)
{
    if (v->measured & P2E_MEASURED_WEIGHT)
        set_num(w, C_WEIGHT, v->weight, P2E_WEIGHT_DECIMALS, 0);
    for (int d = 0; dims && d < P2E_DIM_COUNT; d++)
        if (v->measured & P2E_MEASURED_DIM(d))
            set_num(w, C_LENGTH + (size_t)d, v->dim[d], P2E_LENGTH_DECIMALS, 0);
}

static void set_stock(writer *w, int tracked, int64_t qty)
{
    set_bool(w, C_TRACKED, tracked);
    if (tracked)
        set_num(w, C_QUANTITY, qty, 0, 1);
}

static uint32_t first_written(const writer *w, const p2e_family *f)
{
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = w->cat->variants[vi].next)
        if (w->cat->variants[vi].written)
            return vi;
    return P2E_NONE;
}

static void product_row(writer *w, const p2e_family *f)
{
    const p2e_catalog *cat = w->cat;
    const p2e_variant *fv = &cat->variants[first_written(w, f)];
    int tracked = 0;
    int64_t qty = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
        const p2e_variant *v = &cat->variants[vi];
        if (v->written && v->tracked) {
            tracked = 1;
            /* the rules kept every total within P2E_QTY_MAX: a sum past it
             * is a bug, and never a wrapped number in the import */
            if (!p2e_dec_add(&qty, v->qty) || qty > P2E_QTY_MAX)
                w->status = P2E_ERR_ACCOUNTING;
        }
    }
    set(w, C_TYPE, "product");
    set(w, C_SKU, str(w, f->product_sku));
    set(w, C_NAME, str(w, f->name));
    set_bool(w, C_AVAILABLE, f->available);
    set_num(w, C_PRICE, p2e_dec_round(fv->price, 2), 2, 1);
    if (f->grid_gap) /* a combination with no variation is sold as the base product */
        tracked = 1, qty = 0;
    set_stock(w, tracked, qty);
    set(w, C_DESCRIPTION, str(w, f->description));
    set(w, C_CATEGORY, str(w, f->category));
    set(w, C_BRAND, str(w, f->brand));
    if (!f->variant_product)
        set(w, C_UPC, str(w, fv->upc));
    set_measures(w, fv, 1);
    set_family_images(w, (uint32_t)(f - cat->families));
    emit(w);
}

/* Has this option value been written for the family already? Values are
 * interned, so equal text is an equal offset: a set of offsets will do,
 * and a family of any size costs linear time. */
static int value_seen(writer *w, const p2e_family *f, int k, uint32_t upto)
{
    p2e_str val = w->cat->variants[upto].opt_value[k];
    if (f->nrows <= 16) { /* small families: a scan is cheaper than a set */
        for (uint32_t vi = f->first; vi != upto; vi = w->cat->variants[vi].next)
            if (w->cat->variants[vi].written && w->cat->variants[vi].opt_value[k] == val)
                return 1;
        return 0;
    }
    uint32_t one;
    const char *s = str(w, val);
    if (p2e_map_get(&w->seen_values, &w->cat->pool, s, strlen(s), &one))
        return 1;
    if (p2e_map_put(&w->seen_values, &w->cat->pool, val, 1))
        w->status = P2E_ERR_NOMEM;
    return 0;
}

static void option_rows(writer *w, const p2e_family *f)
{
    const p2e_catalog *cat = w->cat;
    for (int k = 0; k < 3; k++) {
        if (!*str(w, f->opt_name[k]))
            continue;
        int first = 1;
        if (f->nrows > 16)
            p2e_map_free(&w->seen_values);
        for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
            const p2e_variant *v = &cat->variants[vi];
            if (!v->written || !*str(w, v->opt_value[k]) || value_seen(w, f, k, vi))
                continue;
            set(w, C_TYPE, "product_option");
            set(w, C_SKU, str(w, f->product_sku));
            set(w, C_OPTION_NAME, str(w, f->opt_name[k]));
            set(w, C_OPTION_TYPE, "DROPDOWNLIST");
            set_bool(w, C_OPTION_REQUIRED, 1);
            set(w, C_OPTION_VALUE, str(w, v->opt_value[k]));
            set_bool(w, C_OPTION_DEFAULT, first);
            first = 0;
            emit(w);
        }
    }
}

static void variation_rows(writer *w, const p2e_family *f)
{
    const p2e_catalog *cat = w->cat;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
        const p2e_variant *v = &cat->variants[vi];
        if (!v->written)
            continue;
        set(w, C_TYPE, "product_variation");
        set(w, C_SKU, str(w, f->product_sku));
        set(w, C_VARIATION_SKU, str(w, v->sku));
        /* no product_is_available: not a variation field (real exports leave it
         * empty on variation rows; the product's availability covers them) */
        set_num(w, C_PRICE, p2e_dec_round(v->price, 2), 2, 1);
        set_stock(w, v->tracked, v->qty);
        set(w, C_UPC, str(w, v->upc));
        set_measures(w, v, 0);
        for (int k = 0; k < 3; k++)
            if (*str(w, f->opt_name[k]))
                set_at(w, option_column(w, f->opt_name[k]), str(w, v->opt_value[k]));
        if (w->images && p2e_images_variant_url(w->images, vi))
            set(w, C_MAIN_IMAGE, p2e_images_variant_url(w->images, vi));
        emit(w);
    }
}

/* Pass 1: remember the family's option names and category paths. */
static p2e_status discover(writer *w, const p2e_family *f)
{
    p2e_status st = P2E_OK;
    for (int k = 0; k < 3 && !st && f->variant_product; k++)
        if (*str(w, f->opt_name[k]))
            st = add_option_name(w, str(w, f->opt_name[k]));
    const char *path = str(w, f->category);
    size_t len = strlen(path);
    for (size_t end = 0; !st && (end = p2e_category_next(path, len, end)) != 0;) {
        uint32_t seen;
        if (p2e_map_get(&w->cat_seen, &w->cat_paths, path, end, &seen))
            continue;
        p2e_str s;
        st = p2e_pool_add(&w->cat_paths, path, end, &s);
        if (!st)
            st = p2e_map_put(&w->cat_seen, &w->cat_paths, s, 1);
        if (!st) {
            void *p = w->paths;
            st = p2e_grow(&p, &w->cap_paths, w->npaths + 1, sizeof *w->paths);
            w->paths = p;
        }
        if (!st)
            w->paths[w->npaths++] = s;
    }
    return st;
}

static void category_rows(writer *w)
{
    for (size_t i = 0; i < w->npaths; i++) {
        set(w, C_TYPE, "category");
        size_t tail = C_FIXED + w->ngallery + w->nopts;
        set_at(w, tail + T_CATEGORY_PATH, p2e_pool_get(&w->cat_paths, w->paths[i]));
        set_at(w, tail + T_CATEGORY_AVAILABLE, "true");
        emit(w);
    }
}

static void all_rows(writer *w)
{
    for (size_t fi = 0; fi < w->cat->nfamilies && !w->status; fi++) {
        const p2e_family *f = &w->cat->families[fi];
        if (!f->written)
            continue;
        product_row(w, f);
        if (f->variant_product) {
            option_rows(w, f);
            variation_rows(w, f);
        }
    }
    category_rows(w);
}

static p2e_status prepare(writer *w)
{
    p2e_status st = p2e_pool_init(&w->opt_names);
    if (!st)
        st = p2e_pool_init(&w->cat_paths);
    for (size_t fi = 0; fi < w->cat->nfamilies && !st; fi++) {
        if (!w->cat->families[fi].written)
            continue;
        st = discover(w, &w->cat->families[fi]);
        size_t n = w->images ? p2e_images_family_count(w->images, (uint32_t)fi) : 0;
        if (n > w->ngallery + 1)
            w->ngallery = n - 1;
    }
    if (st)
        return st;
    w->ncols = C_FIXED + w->ngallery + w->nopts + T_COUNT;
    w->row = calloc(w->ncols, sizeof *w->row);
    w->used = calloc(w->ncols, 1);
    if (!w->row || !w->used)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < w->ncols; i++)
        w->row[i] = (p2e_span){"", 0};
    return P2E_OK;
}

/* "product_variation_option_Size" or "product_variation_option_{Grind Size}"
 * into b. A failed append (out of memory) is returned: the header must not
 * go out with a cut or empty option column name. */
p2e_status p2e_ecom_option_header(p2e_buf *b, const char *name)
{
    int bare = *name != '\0';
    for (const char *p = name; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            bare = 0;
    b->len = 0;
    p2e_status st = p2e_buf_puts(b, "product_variation_option_");
    if (!st && !bare)
        st = p2e_buf_putc(b, '{');
    if (!st)
        st = p2e_buf_puts(b, name);
    if (!st && !bare)
        st = p2e_buf_putc(b, '}');
    return st;
}

/* The header row; a failure to build a column name stops it there (the
 * caller abandons the file). */
static p2e_status write_header(writer *w)
{
    p2e_status st = P2E_OK;
    p2e_buf b = {0};
    w->used[C_TYPE] = w->used[C_SKU] = 1;
    size_t opts = C_FIXED + w->ngallery;
    for (size_t i = 0; i < w->ncols && !st; i++) {
        if (!w->used[i])
            continue;
        if (i <= C_MAIN_IMAGE) {
            p2e_csvw_cstr(w->out, fixed_names[i]);
        } else if (i <= C_MAIN_IMAGE + w->ngallery) {
            char name[64];
            snprintf(name, sizeof name, "product_media_gallery_image_url_%zu", i - C_MAIN_IMAGE);
            p2e_csvw_cstr(w->out, name);
        } else if (i < opts) {
            p2e_csvw_cstr(w->out, fixed_names[i - w->ngallery]);
        } else if (i < opts + w->nopts) {
            /* the pool holds names in index order: walk it */
            size_t k = i - opts, off = 1;
            for (size_t j = 0; j < k; j++)
                off += strlen(w->opt_names.bytes.data + off) + 1;
            st = p2e_ecom_option_header(&b, w->opt_names.bytes.data + off);
            if (!st)
                p2e_csvw_field(w->out, b.data, b.len);
        } else {
            p2e_csvw_cstr(w->out, tail_names[i - opts - w->nopts]);
        }
    }
    if (!st)
        p2e_csvw_end_row(w->out);
    p2e_buf_free(&b);
    return st;
}

static p2e_status fail(p2e_err *err, p2e_status st)
{
    if (st == P2E_ERR_ACCOUNTING)
        return p2e_fail(err, st, "internal error: a product's stock total is out of range in the "
                                 "import; please report this with the input");
    return p2e_fail(err, st, "out of memory");
}

p2e_status p2e_ecom_write_import(const p2e_catalog *cat, const p2e_images *images, const char *dir,
                                 const char *name, p2e_outset *set, p2e_err *err)
{
    writer w;
    memset(&w, 0, sizeof w);
    w.cat = cat;
    w.images = images;
    p2e_csvw out;
    p2e_status st = prepare(&w);
    if (!st) {
        w.pass = 1;
        all_rows(&w);
        st = w.status;
    }
    if (!st)
        st = p2e_csvw_open(&out, dir, name, err);
    else
        fail(err, st);
    if (!st) {
        out.guard_formulas = 0; /* the store matches SKUs and names byte for byte */
        w.out = &out;
        w.pass = 2;
        w.status = write_header(&w);
        if (!w.status)
            all_rows(&w);
        st = w.status ? fail(err, w.status)
             : set ? p2e_csvw_finish(&out, set, err) : p2e_csvw_commit(&out, err);
        if (w.status)
            p2e_csvw_abandon(&out);
    }
    p2e_pool_free(&w.opt_names);
    p2e_pool_free(&w.cat_paths);
    p2e_map_free(&w.opt_index);
    p2e_map_free(&w.cat_seen);
    p2e_map_free(&w.seen_values);
    free(w.paths);
    free(w.row);
    free(w.used);
    return st;
}
