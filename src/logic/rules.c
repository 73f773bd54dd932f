#include "p2e_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_utf8.h"

#define MAX_TEXT_CHARS 255

static const char *const opt_value_col[3] = {
    "variant_option_one_value", "variant_option_two_value", "variant_option_three_value"};

typedef struct {
    p2e_catalog *cat;
    p2e_report *rep;
    /* combinations seen in the current family */
    p2e_pool combos;
    p2e_map seen;
    int64_t family_qty;         /* whole units over its tracked written variations */
    int no_values;              /* the family has options or rows but no option value */
    p2e_buf key;                /* scratch: a row's combination */
    p2e_map categories_told;    /* paths CATEGORY_LEVEL_SEPARATOR was reported for */
} rules_ctx;

static const char *str(const rules_ctx *r, p2e_str s)
{
    return p2e_catalog_str(r->cat, s);
}

static p2e_status note(rules_ctx *r, p2e_code code, uint32_t vi, const p2e_family *f,
                       const char *field, const char *value)
{
    const p2e_variant *v = &r->cat->variants[vi];
    return p2e_report_add(r->rep, code, v->file, v->line, vi, P2E_KEEP_ALWAYS, str(r, f->handle),
                          str(r, v->sku), field, value, NULL);
}

static void exclude(p2e_variant *v, p2e_code code)
{
    v->excluded = (uint8_t)(code + 1);
    v->written = 0;
}

/* floor(stock) of a row, 0 when negative (cannot be: negatives are 0). */
static int64_t own_units(const p2e_variant *v)
{
    return p2e_dec_floor(v->stock);
}

/* A component that cannot give a composite its stock: not in the export,
 * a quantity that is not a positive number, or a tracked stock out of range. */
static p2e_status missing_component(rules_ctx *r, uint32_t vi, const p2e_component *comp,
                                    const char *detail)
{
    const p2e_catalog *cat = r->cat;
    const p2e_variant *v = &cat->variants[vi];
    return p2e_report_add(r->rep, P2E_CODE_COMPOSITE_MISSING_COMPONENT, comp->file, comp->line, vi,
                          P2E_KEEP_IF_WRITTEN, str(r, cat->families[v->family].handle),
                          str(r, v->sku), "composite_sku", str(r, comp->sku), detail);
}

/* floor(units / quantity), quantity in micro units (> 0); at most one past
 * P2E_QTY_MAX, which is all the caller needs to know. */
static int64_t units_allowed(int64_t units, int64_t quantity)
{
    if (units <= 0)
        return 0;
    __extension__ __int128 allows = (__extension__(__int128)units * P2E_MICRO) / quantity;
    return allows > P2E_QTY_MAX ? P2E_QTY_MAX + 1 : (int64_t)allows;
}

/* Stock a composite's components allow; reports the missing ones. */
static p2e_status composite_qty(rules_ctx *r, uint32_t vi, int64_t *qty)
{
    p2e_catalog *cat = r->cat;
    int64_t best = -1;
    int missing = 0;
    for (uint32_t k = cat->variants[vi].components; k != P2E_NONE; k = cat->components[k].next) {
        const p2e_component *comp = &cat->components[k];
        const char *sku = str(r, comp->sku);
        uint32_t ci;
        int found = p2e_map_get(&cat->variant_by_sku, &cat->pool, sku, strlen(sku), &ci);
        int bad = !found || comp->quantity_state != P2E_NUM_OK || comp->quantity <= 0;
        int range = !bad && cat->variants[ci].tracked && (cat->variants[ci].stock_flags & P2E_STOCK_RANGE);
        if (bad || range) {
            p2e_status st = missing_component(r, vi, comp, range ? "its stock is out of range" : NULL);
            if (st)
                return st;
            missing = 1;
            continue;
        }
        const p2e_variant *cv = &cat->variants[ci];
        if (!cv->tracked)
            continue;
        int64_t allows = units_allowed(own_units(cv), comp->quantity);
        if (best < 0 || allows < best)
            best = allows;
    }
    *qty = missing ? 0 : best < 0 ? own_units(&cat->variants[vi]) : best;
    return P2E_OK;
}

static p2e_status quantities(rules_ctx *r)
{
    p2e_catalog *cat = r->cat;
    for (size_t i = 0; i < cat->nvariants; i++) {
        p2e_variant *v = &cat->variants[i];
        if (v->family == P2E_NONE)
            continue;
        v->qty = own_units(v);
        if (v->components == P2E_NONE)
            continue;
        p2e_status st = composite_qty(r, (uint32_t)i, &v->qty);
        if (!st && v->qty > P2E_QTY_MAX && !(v->stock_flags & P2E_STOCK_RANGE)) {
            /* components of tiny quantities: more bundles than the store holds */
            v->stock_flags |= P2E_STOCK_RANGE;
            st = p2e_report_add(r->rep, P2E_CODE_STOCK_OUT_OF_RANGE, v->file, v->line,
                                (uint32_t)i, P2E_KEEP_IF_EXCLUDED_BY,
                                str(r, cat->families[v->family].handle), str(r, v->sku),
                                "composite_quantity", "over 2147483647",
                                "its components allow more");
        }
        if (st)
            return st;
    }
    return P2E_OK;
}

/* The row's values for the family's named options, joined by \x1f. */
static p2e_status combination_key(rules_ctx *r, const p2e_family *f, const p2e_variant *v,
                                  p2e_buf *key)
{
    key->len = 0;
    p2e_status st = p2e_buf_putc(key, '\x1e'); /* never empty: the pool maps "" to 0 */
    for (int k = 0; k < 3 && !st; k++) {
        if (!*str(r, f->opt_name[k]))
            continue;
        st = p2e_buf_puts(key, str(r, v->opt_value[k]));
        if (!st)
            st = p2e_buf_putc(key, '\x1f');
    }
    return st;
}

/* Has an earlier written row of the family the same combination? key
 * gets the row's combination either way. */
static p2e_status is_duplicate(rules_ctx *r, const p2e_family *f, const p2e_variant *v,
                               p2e_buf *key, int *dup)
{
    p2e_status st = combination_key(r, f, v, key);
    uint32_t seen;
    *dup = !st && p2e_map_get(&r->seen, &r->combos, key->data, key->len, &seen);
    return st;
}

static p2e_status remember_combination(rules_ctx *r, const p2e_buf *key)
{
    p2e_str k;
    p2e_status st = p2e_pool_add(&r->combos, key->data, key->len, &k);
    if (!st)
        st = p2e_map_put_len(&r->seen, &r->combos, k, key->len, 1);
    return st;
}

/* Does the row's quantity keep its product's total (the sum over its
 * tracked written variations) within what the store holds? */
static int family_total_fits(rules_ctx *r, const p2e_family *f, const p2e_variant *v)
{
    if (!f->variant_product || !v->tracked)
        return 1;
    int64_t total = r->family_qty;
    if (!p2e_dec_add(&total, v->qty) || total > P2E_QTY_MAX)
        return 0;
    r->family_qty = total;
    return 1;
}

static void reset_combinations(rules_ctx *r)
{
    r->family_qty = 0;
    p2e_map_free(&r->seen);
    r->combos.bytes.len = 1;
}

static const char *const opt_name_col[3] = {
    "variant_option_one_name", "variant_option_two_name", "variant_option_three_name"};

/* The first named option's slot, or -1. */
static int first_named(const rules_ctx *r, const p2e_family *f)
{
    for (int k = 0; k < 3; k++)
        if (*str(r, f->opt_name[k]))
            return k;
    return -1;
}

/* Equal ignoring ASCII case: the store names a variation's column after
 * the option (product_variation_option_Color), and two options whose
 * columns differ only in case are not safe to tell apart. */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static int name_taken(const rules_ctx *r, const p2e_family *f, int upto, const char *name)
{
    for (int j = 0; j < 3; j++)
        if (j != upto && *str(r, f->opt_name[j]) && same_name(str(r, f->opt_name[j]), name))
            return 1;
    return 0;
}

/* The same option name in two slots (Color, Color) would merge two options
 * into one and lose a value of each variation: the later slot becomes
 * "Color 2" (or the first free number), and that is said. */
static p2e_status rename_options(rules_ctx *r, p2e_family *f)
{
    p2e_status st = P2E_OK;
    for (int k = 1; k < 3 && !st; k++) {
        const char *name = str(r, f->opt_name[k]);
        int dup = 0;
        for (int j = 0; j < k && !dup; j++)
            dup = *name && same_name(str(r, f->opt_name[j]), name);
        if (!dup)
            continue;
        char renamed[300];
        for (int n = 2; n < 10; n++) {
            snprintf(renamed, sizeof renamed, "%.280s %d", name, n);
            if (!name_taken(r, f, k, renamed))
                break;
        }
        char detail[340];
        snprintf(detail, sizeof detail, "written as %s", renamed);
        const p2e_variant *v = &r->cat->variants[f->first];
        st = p2e_report_add(r->rep, P2E_CODE_OPTION_NAME_RENAMED, v->file, v->line, f->first,
                            P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku), opt_name_col[k],
                            name, detail);
        if (!st)
            st = p2e_catalog_intern(r->cat, renamed, strlen(renamed), &f->opt_name[k]);
    }
    return st;
}

/* Has the row a value for one of the family's named options? */
static int has_value(const rules_ctx *r, const p2e_family *f, const p2e_variant *v)
{
    for (int k = 0; k < 3; k++)
        if (*str(r, f->opt_name[k]) && *str(r, v->opt_value[k]))
            return 1;
    return 0;
}

/* A row that cannot be a variation: no option value (a variation is a set
 * of option values). In a variant product the finding names the options;
 * in a family with no value at all, only its first written row is kept, as
 * a standard product. */
static p2e_status no_value(rules_ctx *r, p2e_family *f, uint32_t vi)
{
    p2e_variant *v = &r->cat->variants[vi];
    p2e_buf names = {0};
    p2e_status st = P2E_OK;
    const char *field = opt_value_col[0];
    for (int k = 2; k >= 0 && !st; k--)
        if (*str(r, f->opt_name[k]))
            field = opt_value_col[k];
    for (int k = 0; k < 3 && !st; k++) {
        if (!*str(r, f->opt_name[k]))
            continue;
        st = p2e_buf_puts(&names, names.len ? ", " : "no value for ");
        if (!st)
            st = p2e_buf_puts(&names, str(r, f->opt_name[k]));
    }
    exclude(v, P2E_CODE_VARIANT_WITHOUT_OPTION_VALUE);
    if (!st)
        st = p2e_report_add(r->rep, P2E_CODE_VARIANT_WITHOUT_OPTION_VALUE, v->file, v->line, vi,
                            P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku), field, "",
                            f->variant_product ? names.data
                                               : "no row of the product has an option value; "
                                                 "its first row is written as a standard product");
    p2e_buf_free(&names);
    return st;
}

/* Rule 3 of "Order of the checks", for one row. */
static p2e_status row_rules(rules_ctx *r, p2e_family *f, uint32_t vi, int family_active)
{
    p2e_variant *v = &r->cat->variants[vi];
    if (!v->online) {
        exclude(v, P2E_CODE_IN_STORE_ONLY_VARIANT);
        return note(r, P2E_CODE_IN_STORE_ONLY_VARIANT, vi, f, "active_online", "0");
    }
    if (family_active && !v->active) {
        exclude(v, P2E_CODE_INACTIVE_VARIANT);
        return note(r, P2E_CODE_INACTIVE_VARIANT, vi, f, "active", "0");
    }
    if (v->price_state != P2E_NUM_OK) {
        exclude(v, v->price_ambiguous ? P2E_CODE_NUMBER_AMBIGUOUS : P2E_CODE_PRICE_INVALID);
        return P2E_OK; /* its finding was recorded while reading */
    }
    if (v->tracked && (v->stock_flags & P2E_STOCK_RANGE)) {
        exclude(v, P2E_CODE_STOCK_OUT_OF_RANGE);
        return P2E_OK; /* its finding was recorded with the stock */
    }
    if (f->variant_product ? !has_value(r, f, v) : f->written)
        return no_value(r, f, vi);
    int dup = 0;
    p2e_status st = f->variant_product ? is_duplicate(r, f, v, &r->key, &dup) : P2E_OK;
    if (st || dup) {
        exclude(v, P2E_CODE_DUPLICATE_COMBINATION);
        return st ? st : note(r, P2E_CODE_DUPLICATE_COMBINATION, vi, f, NULL, NULL);
    }
    if (!family_total_fits(r, f, v)) {
        char num[40];
        p2e_dec_format(num, v->qty, 0, 1);
        exclude(v, P2E_CODE_STOCK_OUT_OF_RANGE);
        return p2e_report_add(r->rep, P2E_CODE_STOCK_OUT_OF_RANGE, v->file, v->line, vi,
                              P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku), "inventory", num,
                              "the product's stock over its variations would pass it");
    }
    if (f->variant_product)
        st = remember_combination(r, &r->key);
    v->written = 1;
    f->written = 1;
    for (int k = 0; k < 3 && !st && f->variant_product; k++)
        if (*str(r, f->opt_name[k]) && !*str(r, v->opt_value[k]))
            st = note(r, P2E_CODE_OPTION_VALUE_MISSING, vi, f, opt_value_col[k], "");
    return st;
}

#define GRID_LISTED 20 /* missing combinations named in the finding */

/* The distinct values of each option among the written variations. */
typedef struct {
    p2e_str *vals[3];
    size_t n[3], cap[3];
    p2e_map seen[3];
} grid_values;

static p2e_status grid_collect(rules_ctx *r, const p2e_family *f, grid_values *g)
{
    const p2e_catalog *cat = r->cat;
    p2e_status st = P2E_OK;
    for (uint32_t vi = f->first; vi != P2E_NONE && !st; vi = cat->variants[vi].next) {
        const p2e_variant *v = &cat->variants[vi];
        for (int k = 0; k < 3 && !st && v->written; k++) {
            const char *s = str(r, v->opt_value[k]);
            uint32_t one;
            if (!*str(r, f->opt_name[k]) || !*s ||
                p2e_map_get(&g->seen[k], &cat->pool, s, strlen(s), &one))
                continue;
            st = p2e_map_put(&g->seen[k], &cat->pool, v->opt_value[k], 1);
            void *p = g->vals[k];
            if (!st)
                st = p2e_grow(&p, &g->cap[k], g->n[k] + 1, sizeof *g->vals[k]);
            g->vals[k] = p;
            if (!st)
                g->vals[k][g->n[k]++] = v->opt_value[k];
        }
    }
    return st;
}

/* The key combination_key gives the combination at odometer position at[]. */
static p2e_status grid_key(rules_ctx *r, const p2e_family *f, const grid_values *g,
                           const size_t *at, p2e_buf *key, p2e_buf *shown)
{
    key->len = shown->len = 0;
    p2e_status st = p2e_buf_putc(key, '\x1e');
    for (int k = 0; k < 3 && !st; k++) {
        if (!*str(r, f->opt_name[k]))
            continue;
        const char *val = g->n[k] ? str(r, g->vals[k][at[k]]) : "";
        st = p2e_buf_puts(key, val);
        if (!st)
            st = p2e_buf_putc(key, '\x1f');
        if (!st && g->n[k])
            st = p2e_buf_puts(shown, shown->len ? " / " : "");
        if (!st && g->n[k])
            st = p2e_buf_puts(shown, val);
    }
    return st;
}

/* Combinations of the written variations' option values that no variation
 * has. The store sells such a combination as the base product, at its
 * price and stock (ecom-import.md §4: a variation "inherits ... quantity
 * values from the main product"): the family is marked so that the base
 * product is written tracked with quantity 0, and the gaps are said once. */
static p2e_status variant_grid(rules_ctx *r, p2e_family *f)
{
    const p2e_catalog *cat = r->cat;
    grid_values g;
    memset(&g, 0, sizeof g);
    p2e_status st = grid_collect(r, f, &g);
    uint64_t total = 1, complete = 0;
    for (int k = 0; k < 3; k++)
        if (g.n[k] && total <= UINT64_MAX / g.n[k])
            total *= g.n[k];
        else if (g.n[k])
            total = UINT64_MAX;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
        const p2e_variant *v = &cat->variants[vi];
        int full = v->written;
        for (int k = 0; k < 3 && full; k++)
            full = !g.n[k] || *str(r, v->opt_value[k]);
        complete += (uint64_t)full;
    }
    p2e_buf key = {0}, shown = {0}, list = {0};
    size_t at[3] = {0, 0, 0}, listed = 0;
    if (!st && complete < total) {
        f->grid_gap = 1;
        for (int done = 0; !done && !st && listed < GRID_LISTED;) {
            uint32_t one;
            st = grid_key(r, f, &g, at, &key, &shown);
            if (!st && !p2e_map_get(&r->seen, &r->combos, key.data, key.len, &one)) {
                st = p2e_buf_puts(&list, list.len ? "; " : "");
                if (!st)
                    st = p2e_buf_puts(&list, shown.data);
                listed++;
            }
            done = 1;
            for (int k = 2; k >= 0 && done; k--) {
                if (!g.n[k])
                    continue;
                if (++at[k] < g.n[k])
                    done = 0;
                else
                    at[k] = 0;
            }
        }
        uint64_t missing = total - complete;
        char more[64] = "";
        if (missing > listed)
            snprintf(more, sizeof more, "; and %llu more", (unsigned long long)(missing - listed));
        if (!st && *more)
            st = p2e_buf_puts(&list, more);
        char detail[160];
        snprintf(detail, sizeof detail,
                 "%llu of %llu combinations have no variation; the base product is written "
                 "tracked with quantity 0 so that they cannot be bought",
                 (unsigned long long)missing, (unsigned long long)total);
        const p2e_variant *v = &cat->variants[f->first];
        if (!st)
            st = p2e_report_add(r->rep, P2E_CODE_INCOMPLETE_VARIANT_GRID, v->file, v->line, f->first,
                                P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku), NULL,
                                list.data, detail);
    }
    for (int k = 0; k < 3; k++) {
        free(g.vals[k]);
        p2e_map_free(&g.seen[k]);
    }
    p2e_buf_free(&key);
    p2e_buf_free(&shown);
    p2e_buf_free(&list);
    return st;
}

/* Exclude every row of the family with code, one finding per row. */
static p2e_status exclude_family(rules_ctx *r, p2e_family *f, p2e_code code, const char *field,
                                 const char *value, int per_row)
{
    p2e_status st = P2E_OK;
    for (uint32_t vi = f->first; vi != P2E_NONE && !st; vi = r->cat->variants[vi].next) {
        exclude(&r->cat->variants[vi], code);
        if (per_row || vi == f->first)
            st = note(r, code, vi, f, field, value);
    }
    return st;
}

/* A category path deeper than P2E_CATEGORY_MAX_DEPTH is not written: the
 * import would need a row per level, each holding its whole parent path,
 * which costs the square of the path's length. The finding shows the path
 * up to that depth. */
static p2e_status category_depth(rules_ctx *r, p2e_family *f)
{
    const char *path = str(r, f->category);
    size_t len = strlen(path), end = 0, cut = 0, depth = 0;
    while ((end = p2e_category_next(path, len, end)) != 0)
        if (++depth == P2E_CATEGORY_MAX_DEPTH)
            cut = end;
    if (depth <= P2E_CATEGORY_MAX_DEPTH)
        return P2E_OK;
    p2e_buf value = {0};
    char detail[96];
    snprintf(detail, sizeof detail, "%zu levels; at most %d are written", depth,
             P2E_CATEGORY_MAX_DEPTH);
    p2e_status st = p2e_buf_append(&value, path, cut);
    if (!st)
        st = p2e_buf_puts(&value, " / ...");
    uint32_t first = f->first;
    const p2e_variant *v = &r->cat->variants[first];
    if (!st)
        st = p2e_report_add(r->rep, P2E_CODE_CATEGORY_TOO_DEEP, v->file, v->line, first,
                            P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku), "product_category",
                            value.data, detail);
    f->category = 0; /* the empty string: the product is written without it */
    p2e_buf_free(&value);
    return st;
}

/* A level holding '/' (not the ' / ' between levels) or ';' is written
 * unchanged, as one level: the store splits a path only at ' / '
 * (ecom-import.md §6). Said once per category path. */
static p2e_status category_separator(rules_ctx *r, p2e_family *f)
{
    const char *path = str(r, f->category);
    size_t len = strlen(path), start = 0, end = 0;
    uint32_t told;
    const char *level = NULL;
    size_t level_len = 0;
    while (!level && (end = p2e_category_next(path, len, end)) != 0) {
        size_t from = start ? start + 3 : 0;
        for (size_t i = from; i < end && !level; i++)
            if (path[i] == '/' || path[i] == ';')
                level = path + from, level_len = end - from;
        start = end;
    }
    if (!level || p2e_map_get(&r->categories_told, &r->cat->pool, path, len, &told))
        return P2E_OK;
    p2e_status st = p2e_map_put_len(&r->categories_told, &r->cat->pool, f->category, len, 1);
    char detail[320];
    snprintf(detail, sizeof detail, "the level '%.*s'", (int)(level_len < 255 ? level_len : 255), level);
    const p2e_variant *v = &r->cat->variants[f->first];
    if (!st)
        st = p2e_report_add(r->rep, P2E_CODE_CATEGORY_LEVEL_SEPARATOR, v->file, v->line, f->first,
                            P2E_KEEP_ALWAYS, str(r, f->handle), str(r, v->sku),
                            "product_category", path, detail);
    return st;
}

/* The product's low stock hint: its written variations' reorder points,
 * summed; past what the store holds it is left empty, and said. */
static p2e_status family_reorder(rules_ctx *r, p2e_family *f)
{
    int64_t sum = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = r->cat->variants[vi].next) {
        const p2e_variant *v = &r->cat->variants[vi];
        if (v->written && (v->stock_flags & P2E_REORDER_RANGE)) {
            f->reorder_range = 1; /* the variation's own finding says why */
            return P2E_OK;
        }
        if (!v->written || !v->has_reorder)
            continue;
        if (!p2e_dec_add(&sum, v->reorder) || sum > P2E_QTY_MAX_MICRO) {
            f->reorder_range = 1;
            return note(r, P2E_CODE_REORDER_POINT_OUT_OF_RANGE, f->first, f, "reorder_point",
                        "over 2147483647");
        }
    }
    return P2E_OK;
}

static p2e_status family_rules(rules_ctx *r, uint32_t fi)
{
    p2e_family *f = &r->cat->families[fi];
    p2e_catalog *cat = r->cat;
    if (!*str(r, f->name))
        return exclude_family(r, f, P2E_CODE_MISSING_NAME, "name", "", 0);
    int online = 0, active = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = cat->variants[vi].next) {
        online |= cat->variants[vi].online;
        active |= cat->variants[vi].online && cat->variants[vi].active;
    }
    if (!online)
        return exclude_family(r, f, P2E_CODE_IN_STORE_ONLY, "active_online", "0", 1);
    p2e_status st = rename_options(r, f);
    if (st)
        return st;
    /* a variation is a set of option values: without one, no variant product */
    int named = first_named(r, f);
    f->variant_product = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE && !f->variant_product; vi = cat->variants[vi].next)
        f->variant_product = (uint8_t)has_value(r, f, &cat->variants[vi]);
    r->no_values = !f->variant_product && (named >= 0 || f->nrows > 1);
    f->available = (uint8_t)active;
    reset_combinations(r);
    for (uint32_t vi = f->first; vi != P2E_NONE && !st; vi = cat->variants[vi].next)
        st = row_rules(r, f, vi, active);
    if (st || !f->written)
        return st;
    uint32_t first = f->first;
    if (r->no_values) {
        uint32_t w = f->first;
        while (!cat->variants[w].written)
            w = cat->variants[w].next;
        st = note(r, P2E_CODE_NO_OPTION_VALUES, w, f, named >= 0 ? opt_name_col[named] : "handle",
                  named >= 0 ? str(r, f->opt_name[named]) : str(r, f->key));
    }
    if (!st && f->variant_product)
        st = variant_grid(r, f);
    if (!st && !active)
        st = note(r, P2E_CODE_INACTIVE_PRODUCT, first, f, "active", "0");
    if (!st)
        st = family_reorder(r, f);
    if (!st)
        st = category_depth(r, f);
    if (!st)
        st = category_separator(r, f);
    const char *name = str(r, f->name);
    if (!st && p2e_utf8_chars(name, strlen(name)) > MAX_TEXT_CHARS)
        st = note(r, P2E_CODE_NAME_TOO_LONG, first, f, "name", str(r, f->name));
    return st;
}

static int sku_taken(const rules_ctx *r, const char *sku)
{
    uint32_t vi;
    return p2e_map_get(&r->cat->variant_by_sku, &r->cat->pool, sku, strlen(sku), &vi) &&
           r->cat->variants[vi].written;
}

/* A variant product's SKU: its key, with " - Base" while that is taken. */
static p2e_status product_skus(rules_ctx *r)
{
    p2e_catalog *cat = r->cat;
    p2e_buf b = {0};
    p2e_status st = P2E_OK;
    for (size_t fi = 0; fi < cat->nfamilies && !st; fi++) {
        p2e_family *f = &cat->families[fi];
        if (!f->written)
            continue;
        if (!f->variant_product) { /* its one written row */
            uint32_t vi = f->first;
            while (!cat->variants[vi].written)
                vi = cat->variants[vi].next;
            f->product_sku = cat->variants[vi].sku;
            continue;
        }
        b.len = 0;
        st = p2e_buf_puts(&b, str(r, f->key));
        int suffixed = 0;
        while (!st && sku_taken(r, b.data)) {
            st = p2e_buf_puts(&b, " - Base");
            suffixed = 1;
        }
        if (!st)
            st = p2e_catalog_intern(cat, b.data, b.len, &f->product_sku);
        if (!st && suffixed)
            st = note(r, P2E_CODE_SKU_BASE_SUFFIX, f->first, f, "handle", str(r, f->key));
    }
    /* MANUAL_FIELDS per product, under the product's SKU, by which a sync
     * tells the products the store gets new; p2e_rules_collapse_manual
     * makes them one finding for the run */
    for (size_t fi = 0; fi < cat->nfamilies && !st; fi++) {
        const p2e_family *f = &cat->families[fi];
        if (f->written)
            st = p2e_report_add(r->rep, P2E_CODE_MANUAL_FIELDS, cat->variants[f->first].file,
                                cat->variants[f->first].line, f->first, P2E_KEEP_ALWAYS,
                                str(r, f->handle), str(r, f->product_sku), NULL, NULL, NULL);
    }
    p2e_buf_free(&b);
    return st;
}

static int keep_finding(void *ctx, const p2e_finding *f)
{
    const p2e_catalog *cat = ctx;
    if (f->keep == P2E_KEEP_ALWAYS || f->variant == P2E_NO_VARIANT)
        return 1;
    const p2e_variant *v = &cat->variants[f->variant];
    if (f->keep == P2E_KEEP_IF_WRITTEN)
        return v->written;
    return v->excluded == f->code + 1;
}

p2e_status p2e_rules_apply(p2e_catalog *cat, p2e_report *rep, p2e_err *err)
{
    rules_ctx r;
    memset(&r, 0, sizeof r);
    r.cat = cat;
    r.rep = rep;
    p2e_status st = p2e_pool_init(&r.combos);
    if (!st)
        st = quantities(&r);
    for (size_t fi = 0; fi < cat->nfamilies && !st; fi++)
        st = family_rules(&r, (uint32_t)fi);
    if (!st)
        st = product_skus(&r);
    if (!st)
        p2e_report_filter(rep, keep_finding, cat);
    p2e_map_free(&r.seen);
    p2e_map_free(&r.categories_told);
    p2e_pool_free(&r.combos);
    p2e_buf_free(&r.key);
    if (st)
        return p2e_fail(err, st, "out of memory");
    return P2E_OK;
}

/* ---- MANUAL_FIELDS: one finding for the run -------------------------------------- */

static int not_manual(void *ctx, const p2e_finding *f)
{
    (void)ctx;
    return f->code != P2E_CODE_MANUAL_FIELDS;
}

/* Written variations of the product variant vi belongs to (0 for a
 * standard product). */
static size_t product_variations(const p2e_catalog *cat, uint32_t vi)
{
    if (vi >= cat->nvariants || cat->variants[vi].family >= cat->nfamilies)
        return 0;
    const p2e_family *f = &cat->families[cat->variants[vi].family];
    size_t n = 0;
    for (uint32_t w = f->first; f->variant_product && w != P2E_NONE; w = cat->variants[w].next)
        n += cat->variants[w].written;
    return n;
}

p2e_status p2e_rules_collapse_manual(const p2e_catalog *cat, p2e_report *rep)
{
    size_t products = 0, variations = 0;
    for (size_t i = 0; i < rep->count; i++)
        if (rep->items[i].code == P2E_CODE_MANUAL_FIELDS) {
            products++;
            variations += product_variations(cat, rep->items[i].variant);
        }
    if (!products)
        return P2E_OK;
    p2e_report_filter(rep, not_manual, NULL);
    char value[96];
    if (variations)
        snprintf(value, sizeof value, "%zu product%s and %zu variation%s", products,
                 products == 1 ? "" : "s", variations, variations == 1 ? "" : "s");
    else
        snprintf(value, sizeof value, "%zu product%s", products, products == 1 ? "" : "s");
    return p2e_report_add_at(rep, P2E_CODE_MANUAL_FIELDS, "", 0, "", "",
                             "product_compare_to_price product_subtitle "
                             "product_low_stock_notification_quantity",
                             value, NULL);
}
