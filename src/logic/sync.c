#include "p2e_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_ecom.h"
#include "p2e_fs.h"
#include "p2e_input.h"
#include "p2e_rules.h"

static const char *const field_names[P2E_SF_COUNT] = {
    "product_internal_id", "sku", "product_name", "product_price", "product_is_available",
    "product_is_inventory_tracked", "product_quantity", "product_description",
    "product_category_1", "product_brand", "product_upc", "product_weight", "product_length",
    "product_width", "product_height", "images", "options", "product_compare_to_price",
    "product_subtitle", "product_low_stock_notification_quantity",
};

/* Synced fields compared on product rows, and on variation rows. */
static const p2e_store_field product_fields[] = {
    P2E_SF_NAME, P2E_SF_PRICE, P2E_SF_AVAILABLE, P2E_SF_TRACKED, P2E_SF_QUANTITY,
    P2E_SF_DESCRIPTION, P2E_SF_CATEGORY, P2E_SF_BRAND, P2E_SF_UPC, P2E_SF_WEIGHT,
    P2E_SF_LENGTH, P2E_SF_WIDTH, P2E_SF_HEIGHT, P2E_SF_IMAGES, P2E_SF_OPTIONS,
};
static const p2e_store_field variation_fields[] = {
    P2E_SF_SKU, P2E_SF_PRICE, P2E_SF_AVAILABLE, P2E_SF_TRACKED, P2E_SF_QUANTITY, P2E_SF_WEIGHT,
    P2E_SF_UPC, P2E_SF_IMAGES,
};

void p2e_sync_free(p2e_sync *s)
{
    free(s->action);
    free(s->live_of);
    free(s->deleted);
    free(s->disable);
    free(s->off_variation);
    s->action = NULL;
    s->live_of = NULL;
    s->deleted = s->disable = s->off_variation = NULL;
}

static const char *dstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->desired, v);
}

static const char *lstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->live, v);
}

/* A value as a person reads it: option and image lists on one line. */
static void drift_value(p2e_csvw *drift, const char *v)
{
    if (!strchr(v, '\n')) {
        p2e_csvw_cstr(drift, v);
        return;
    }
    p2e_buf b = {0};
    for (const char *p = v; *p && !drift->status; p++) {
        if (*p == '\n' && p[1] == '\0')
            break;
        if (*p == '\n' ? p2e_buf_puts(&b, "; ") : p2e_buf_putc(&b, *p))
            drift->status = P2E_ERR_NOMEM;
    }
    p2e_csvw_field(drift, b.data ? b.data : "", b.len);
    p2e_buf_free(&b);
}

static void drift_row(p2e_csvw *drift, const char *sku, const char *field, const char *ecom,
                      const char *pos, const char *action)
{
    if (!drift)
        return;
    p2e_csvw_cstr(drift, sku);
    p2e_csvw_cstr(drift, field);
    drift_value(drift, ecom);
    drift_value(drift, pos);
    p2e_csvw_cstr(drift, action);
    p2e_csvw_end_row(drift);
}

/* Every "Name=v" of the POS's options is among the store's: extra store
 * values (of eCom-only variations) are the store's own business. */
static int options_covered(const char *pos, const char *live)
{
    for (const char *line = pos; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *eq = memchr(line, '=', len);
        size_t nl = eq ? (size_t)(eq - line) + 1 : len; /* "Name=" */
        const char *have = NULL;
        for (const char *l = live; *l;) {
            const char *le = strchr(l, '\n');
            size_t ll = le ? (size_t)(le - l) : strlen(l);
            if (ll >= nl && !memcmp(l, line, nl)) {
                have = l;
                break;
            }
            l += ll + (le != NULL);
        }
        if (!have)
            return 0;
        /* each value of the POS line must be in the store's line */
        const char *hv_end = strchr(have, '\n');
        size_t hlen = hv_end ? (size_t)(hv_end - have) : strlen(have);
        for (const char *v = line + nl; v < line + len;) {
            const char *bar = memchr(v, '|', (size_t)(line + len - v));
            size_t vl = bar ? (size_t)(bar - v) : (size_t)(line + len - v);
            int found = 0;
            for (const char *h = have + nl; h < have + hlen && !found;) {
                const char *hb = memchr(h, '|', (size_t)(have + hlen - h));
                size_t hl = hb ? (size_t)(hb - h) : (size_t)(have + hlen - h);
                found = hl == vl && !memcmp(h, v, vl);
                h += hl + 1;
            }
            if (!found)
                return 0;
            v += vl + 1;
        }
        line += len + (end != NULL);
    }
    return 1;
}

/* Does field k differ? Stock is compared only where the POS tracks it;
 * images only when image folders were given; a column the store's export
 * lacks is never compared. */
static int differs(const p2e_sync *s, p2e_store_field k, const p2e_str *d, const p2e_str *l,
                   const uint8_t *live_seen)
{
    if (k == P2E_SF_IMAGES && !s->compare_images)
        return 0;
    if (k == P2E_SF_OPTIONS)
        return s->live->has_options && !options_covered(dstr(s, d[k]), lstr(s, l[k]));
    if (!live_seen[k])
        return 0;
    if (k == P2E_SF_QUANTITY && strcmp(dstr(s, d[P2E_SF_TRACKED]), "true") != 0)
        return 0;
    return strcmp(dstr(s, d[k]), lstr(s, l[k])) != 0;
}

/* Compare one record's fields; returns how many differ. */
static size_t compare_fields(p2e_sync *s, const p2e_store_field *fields, size_t n, const p2e_str *d,
                             const p2e_str *l, const uint8_t *live_seen, const char *sku,
                             p2e_csvw *drift)
{
    size_t changed = 0;
    for (size_t i = 0; i < n; i++) {
        p2e_store_field k = fields[i];
        if (!differs(s, k, d, l, live_seen))
            continue;
        changed++;
        s->counts.updated_fields[k]++;
        drift_row(drift, sku, field_names[k], lstr(s, l[k]), dstr(s, d[k]), "update");
    }
    return changed;
}

static size_t compare_variations(p2e_sync *s, uint32_t dp, uint32_t lp, p2e_csvw *drift)
{
    const p2e_store *D = s->desired, *L = s->live;
    const uint8_t *seen = L->products[lp].seen_fields;
    size_t changed = 0;
    for (uint32_t v = D->products[dp].first_variation; v != P2E_STORE_NONE; v = D->variations[v].next) {
        const p2e_store_variation *dv = &D->variations[v];
        const char *sku = dstr(s, dv->f[P2E_SF_SKU]);
        uint32_t lv = p2e_store_find_variation(L, lp, sku, dstr(s, dv->f[P2E_SF_OPTIONS]));
        if (lv == P2E_STORE_NONE) {
            s->counts.variants_added++;
            drift_row(drift, sku, "(variation)", "", dstr(s, dv->f[P2E_SF_OPTIONS]), "add");
            changed++;
            continue;
        }
        changed += compare_fields(s, variation_fields, sizeof variation_fields / sizeof variation_fields[0],
                                  dv->f, L->variations[lv].f, seen, sku, drift);
    }
    return changed;
}

/* Live variations that no POS variant matches: reported, left alone. */
/* A variant the POS has but did not write because it is inactive. */
static int pos_inactive_variant(const p2e_sync *s, const char *sku)
{
    uint32_t vi;
    if (!s->pos || !*sku || !p2e_map_get(&s->pos->variant_by_sku, &s->pos->pool, sku, strlen(sku), &vi))
        return 0;
    return s->pos->variants[vi].excluded == P2E_CODE_INACTIVE_VARIANT + 1;
}

/* A store variation that cannot be bought: tracked with no stock (the
 * export writes negative stock as " -1", read as -1). */
static int unbuyable(const p2e_sync *s, const p2e_store_variation *lv)
{
    const char *q = lstr(s, lv->f[P2E_SF_QUANTITY]);
    return !strcmp(lstr(s, lv->f[P2E_SF_TRACKED]), "true") && (!strcmp(q, "0") || q[0] == '-');
}

static p2e_status live_only_variations(p2e_sync *s, uint32_t dp, uint32_t lp, p2e_csvw *drift,
                                       p2e_report *rep, size_t *changed)
{
    const p2e_store *D = s->desired, *L = s->live;
    for (uint32_t v = L->products[lp].first_variation; v != P2E_STORE_NONE; v = L->variations[v].next) {
        const p2e_store_variation *lv = &L->variations[v];
        const char *sku = lstr(s, lv->f[P2E_SF_SKU]);
        if (p2e_store_find_variation(D, dp, sku, lstr(s, lv->f[P2E_SF_OPTIONS])) != P2E_STORE_NONE)
            continue;
        if (pos_inactive_variant(s, sku)) {
            /* deactivated in the POS: made unbuyable (tracked, quantity 0), not
             * left on sale; a variation has no availability of its own */
            if (unbuyable(s, lv))
                continue;
            s->off_variation[v] = 1;
            s->counts.deactivated++;
            drift_row(drift, sku, field_names[P2E_SF_QUANTITY],
                      strcmp(lstr(s, lv->f[P2E_SF_TRACKED]), "true") ? "untracked"
                                                                     : lstr(s, lv->f[P2E_SF_QUANTITY]),
                      "0", "deactivate");
            (*changed)++;
            continue;
        }
        s->counts.ecom_only_variations++;
        p2e_status st = p2e_report_add_at(rep, P2E_CODE_ECOM_ONLY_VARIATION, s->live_path, lv->line, "",
                                          lstr(s, L->products[lp].f[P2E_SF_SKU]), "product_variation_sku",
                                          sku, NULL);
        if (st)
            return st;
    }
    return P2E_OK;
}

static void count_availability(p2e_sync *s, const p2e_str *d, const p2e_str *l, const uint8_t *seen)
{
    if (!seen[P2E_SF_AVAILABLE])
        return;
    int now = !strcmp(dstr(s, d[P2E_SF_AVAILABLE]), "true");
    int was = !strcmp(lstr(s, l[P2E_SF_AVAILABLE]), "true");
    if (was && !now)
        s->counts.deactivated++;
    else if (!was && now)
        s->counts.reactivated++;
}

static p2e_status plan_product(p2e_sync *s, uint32_t dp, p2e_csvw *drift, p2e_report *rep)
{
    const p2e_store *D = s->desired, *L = s->live;
    const p2e_store_product *d = &D->products[dp];
    const char *sku = dstr(s, d->f[P2E_SF_SKU]);
    uint32_t lp = p2e_store_find_product(L, sku);
    s->live_of[dp] = lp;
    if (lp == P2E_STORE_NONE) {
        s->action[dp] = P2E_SYNC_CREATE;
        s->counts.created++;
        drift_row(drift, sku, "(product)", "", dstr(s, d->f[P2E_SF_NAME]), "create");
        return P2E_OK;
    }
    const p2e_store_product *l = &L->products[lp];
    size_t changed = compare_fields(s, product_fields, sizeof product_fields / sizeof product_fields[0],
                                    d->f, l->f, l->seen_fields, sku, drift);
    p2e_status st = P2E_OK;
    if (L->has_types) {
        changed += compare_variations(s, dp, lp, drift);
        st = live_only_variations(s, dp, lp, drift, rep, &changed);
    }
    count_availability(s, d->f, l->f, l->seen_fields);
    s->action[dp] = changed ? P2E_SYNC_UPDATE : P2E_SYNC_UNCHANGED;
    if (changed)
        s->counts.updated++;
    else
        s->counts.unchanged++;
    return st;
}

/* Is a store product one the POS still has but did not write because it
 * is sold in store only? Then it is made unavailable, not deleted. */
static int pos_in_store_only(const p2e_sync *s, const char *sku)
{
    const p2e_catalog *c = s->pos;
    uint32_t i;
    if (!c || !*sku)
        return 0;
    if (p2e_map_get(&c->variant_by_sku, &c->pool, sku, strlen(sku), &i))
        return c->variants[i].excluded == P2E_CODE_IN_STORE_ONLY + 1;
    size_t len = strlen(sku);
    while (len > 7 && !memcmp(sku + len - 7, " - Base", 7))
        len -= 7; /* a variant product's SKU is its handle, maybe suffixed */
    if (!p2e_map_get(&c->family_by_key, &c->pool, sku, len, &i))
        return 0;
    uint32_t first = c->families[i].first;
    return first != P2E_NONE && c->variants[first].excluded == P2E_CODE_IN_STORE_ONLY + 1;
}

/* The SKUs of the POS rows left out while reading as a duplicate id or
 * SKU: such a row is still in the export, so its product is not deleted
 * in the POS, whatever --previous says. */
static p2e_status left_out_skus(const p2e_catalog *c, p2e_map *out)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; c && i < c->nvariants && !st; i++) {
        const p2e_variant *v = &c->variants[i];
        if (v->excluded != P2E_CODE_DUPLICATE_ID + 1 && v->excluded != P2E_CODE_DUPLICATE_SKU + 1)
            continue;
        const char *sku = p2e_catalog_str(c, v->sku);
        uint32_t ignored;
        if (*sku && !p2e_map_get(out, &c->pool, sku, strlen(sku), &ignored))
            st = p2e_map_put(out, &c->pool, v->sku, (uint32_t)i);
    }
    return st;
}

static int row_left_out(const p2e_sync *s, const p2e_map *left_out, const char *sku)
{
    uint32_t i;
    return s->pos && *sku && p2e_map_get(left_out, &s->pos->pool, sku, strlen(sku), &i);
}

/* Live products that match no POS product: deleted (per --previous),
 * still on a POS row left out, or eCom-only. */
static p2e_status plan_live_only(p2e_sync *s, p2e_csvw *drift, p2e_report *rep)
{
    const p2e_store *L = s->live;
    uint8_t *matched = calloc(L->nproducts ? L->nproducts : 1, 1);
    if (!matched)
        return P2E_ERR_NOMEM;
    p2e_map left_out = {0};
    p2e_status st = s->previous ? left_out_skus(s->pos, &left_out) : P2E_OK;
    for (size_t i = 0; i < s->desired->nproducts; i++)
        if (s->live_of[i] != P2E_STORE_NONE)
            matched[s->live_of[i]] = 1;
    for (size_t lp = 0; lp < L->nproducts && !st; lp++) {
        if (matched[lp])
            continue;
        const p2e_store_product *l = &L->products[lp];
        const char *sku = lstr(s, l->f[P2E_SF_SKU]);
        if (pos_in_store_only(s, sku)) {
            if (strcmp(lstr(s, l->f[P2E_SF_AVAILABLE]), "false") != 0) {
                s->disable[lp] = 1;
                s->counts.deactivated++;
                drift_row(drift, sku, field_names[P2E_SF_AVAILABLE], lstr(s, l->f[P2E_SF_AVAILABLE]),
                          "false", "deactivate (sold in store only)");
            }
            continue;
        }
        int was_in_pos = s->previous && p2e_store_find_product(s->previous, sku) != P2E_STORE_NONE;
        int left_alone = was_in_pos && row_left_out(s, &left_out, sku);
        int deleted = was_in_pos && !left_alone;
        s->deleted[lp] = (uint8_t)deleted;
        s->disable[lp] = (uint8_t)(deleted && s->disable_deleted);
        if (deleted)
            s->counts.to_delete++;
        else
            s->counts.ecom_only_products++;
        drift_row(drift, sku, "(product)", lstr(s, l->f[P2E_SF_NAME]), "",
                  deleted      ? (s->disable_deleted ? "delete (made unavailable)" : "delete")
                  : left_alone ? "none: its POS row is left out"
                               : "none: eCom-only or deleted in POS");
        p2e_code code = deleted      ? P2E_CODE_DELETED_IN_POS
                        : left_alone ? P2E_CODE_NOT_DELETED_ROW_LEFT_OUT
                                     : P2E_CODE_ECOM_ONLY_PRODUCT;
        st = p2e_report_add_at(rep, code, s->live_path, l->line, "", sku, "product_sku",
                               lstr(s, l->f[P2E_SF_NAME]), NULL);
    }
    free(matched);
    p2e_map_free(&left_out);
    return st;
}

/* In a sync, MANUAL_FIELDS matters only for products the store gets new:
 * the others had their eCom-only fields filled already. */
typedef struct {
    const p2e_sync *s;
    const p2e_report *rep;
} keep_ctx;

static int keep_finding(void *ctx, const p2e_finding *f)
{
    const keep_ctx *k = ctx;
    if (f->code != P2E_CODE_MANUAL_FIELDS)
        return 1;
    uint32_t dp = p2e_store_find_product(k->s->desired, p2e_pool_get(&k->rep->strings, f->sku));
    return dp == P2E_STORE_NONE || k->s->action[dp] == P2E_SYNC_CREATE;
}

p2e_status p2e_sync_plan(p2e_sync *s, p2e_csvw *drift, p2e_report *rep, p2e_err *err)
{
    size_t nd = s->desired->nproducts, nl = s->live->nproducts;
    memset(&s->counts, 0, sizeof s->counts);
    s->action = calloc(nd ? nd : 1, sizeof *s->action);
    s->live_of = calloc(nd ? nd : 1, sizeof *s->live_of);
    s->deleted = calloc(nl ? nl : 1, sizeof *s->deleted);
    s->disable = calloc(nl ? nl : 1, sizeof *s->disable);
    s->off_variation = calloc(s->live->nvariations ? s->live->nvariations : 1, 1);
    if (!s->action || !s->live_of || !s->deleted || !s->disable || !s->off_variation)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (drift) {
        const char *head[] = {"sku", "field", "ecom_value", "pos_value", "action"};
        for (size_t i = 0; i < 5; i++)
            p2e_csvw_cstr(drift, head[i]);
        p2e_csvw_end_row(drift);
    }
    p2e_status st = P2E_OK;
    for (size_t dp = 0; dp < nd && !st; dp++)
        st = plan_product(s, (uint32_t)dp, drift, rep);
    if (!st)
        st = plan_live_only(s, drift, rep);
    keep_ctx kc = {s, rep};
    if (!st)
        p2e_report_filter(rep, keep_finding, &kc);
    if (st)
        return p2e_fail(err, st, "out of memory");
    return P2E_OK;
}

/* ---- loading what a sync compares ------------------------------------------ */

/* An older POS export, converted the same way, as a store: it says which
 * products the POS had before (deleted = there before, not now). */
static p2e_status load_previous(const p2e_sync_sources *src, p2e_store *previous, p2e_err *err)
{
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    char dir[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/previous", src->work);
    p2e_reader_init(&rd);
    p2e_status st = p2e_catalog_init(&cat) || p2e_report_init(&rep) ? P2E_ERR_NOMEM : P2E_OK;
    if (st)
        p2e_fail(err, st, "out of memory");
    if (!st)
        st = p2e_reader_scan(&rd, src->previous, src->nprevious, src->ro, &rep, err);
    if (!st)
        st = p2e_outlet_set_select(&rd.outlets, NULL, 0, 1, err);
    if (!st)
        st = p2e_reader_load(&rd, &cat, src->ro, &rep, err);
    if (!st)
        st = p2e_rules_apply(&cat, &rep, err);
    if (!st)
        st = p2e_fs_mkdir_p(dir, err);
    if (!st)
        st = p2e_ecom_write_import(&cat, NULL, dir, P2E_SYNC_DESIRED, NULL, err);
    /* gone before its import is read back: the two are never held at once */
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    snprintf(path, sizeof path, "%s/%s", dir, P2E_SYNC_DESIRED);
    previous->keys_only = 1; /* only p2e_store_find_product asks it anything */
    if (!st)
        st = p2e_store_read(previous, path, err);
    (void)p2e_fs_remove_tree(dir); /* scratch: the work folder goes anyway */
    return st;
}

p2e_status p2e_sync_load(const p2e_sync_sources *src, p2e_store *desired, p2e_store *live,
                         p2e_store *previous, p2e_err *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", src->work, P2E_SYNC_DESIRED);
    /* The previous export first: its whole catalog is held only while it is
     * converted, and then beside the POS catalog alone, not beside the two
     * stores as well (the largest moment of a sync, issue 20). */
    p2e_status st = src->nprevious ? load_previous(src, previous, err) : P2E_OK;
    if (!st)
        st = p2e_ecom_write_import(src->pos, src->images, src->work, P2E_SYNC_DESIRED, NULL, err);
    if (!st)
        st = p2e_store_read(desired, path, err);
    live->max_field = src->ro->max_field; /* --max-field-size holds for the store's file too */
    if (!st)
        st = p2e_store_read(live, src->live_path, err);
    return st;
}
