#include "p2e_sync.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_csvread.h"
#include "p2e_source.h"

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
    P2E_SF_PRICE, P2E_SF_AVAILABLE, P2E_SF_TRACKED, P2E_SF_QUANTITY, P2E_SF_WEIGHT,
    P2E_SF_UPC, P2E_SF_IMAGES,
};

void p2e_sync_free(p2e_sync *s)
{
    free(s->action);
    free(s->live_of);
    free(s->deleted);
    s->action = NULL;
    s->live_of = NULL;
    s->deleted = NULL;
}

static const char *dstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->desired, v);
}

static const char *lstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->live, v);
}

static void drift_row(p2e_csvw *drift, const char *sku, const char *field, const char *ecom,
                      const char *pos, const char *action)
{
    if (!drift)
        return;
    p2e_csvw_cstr(drift, sku);
    p2e_csvw_cstr(drift, field);
    p2e_csvw_cstr(drift, ecom);
    p2e_csvw_cstr(drift, pos);
    p2e_csvw_cstr(drift, action);
    p2e_csvw_end_row(drift);
}

/* Does field k differ? Stock is compared only where the POS tracks it;
 * images only when image folders were given; a column the store's export
 * lacks is never compared. */
static int differs(const p2e_sync *s, p2e_store_field k, const p2e_str *d, const p2e_str *l,
                   const uint8_t *live_seen)
{
    if (k == P2E_SF_IMAGES && !s->compare_images)
        return 0;
    if (k != P2E_SF_OPTIONS && k != P2E_SF_IMAGES && !live_seen[k])
        return 0;
    if (k == P2E_SF_IMAGES && !live_seen[k])
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
static p2e_status live_only_variations(p2e_sync *s, uint32_t dp, uint32_t lp, p2e_report *rep)
{
    const p2e_store *D = s->desired, *L = s->live;
    for (uint32_t v = L->products[lp].first_variation; v != P2E_STORE_NONE; v = L->variations[v].next) {
        const p2e_store_variation *lv = &L->variations[v];
        const char *sku = lstr(s, lv->f[P2E_SF_SKU]);
        if (p2e_store_find_variation(D, dp, sku, lstr(s, lv->f[P2E_SF_OPTIONS])) != P2E_STORE_NONE)
            continue;
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
    changed += compare_variations(s, dp, lp, drift);
    count_availability(s, d->f, l->f, l->seen_fields);
    s->action[dp] = changed ? P2E_SYNC_UPDATE : P2E_SYNC_UNCHANGED;
    if (changed)
        s->counts.updated++;
    else
        s->counts.unchanged++;
    return live_only_variations(s, dp, lp, rep);
}

/* Live products that match no POS product: deleted (per --previous) or
 * eCom-only. */
static p2e_status plan_live_only(p2e_sync *s, p2e_csvw *drift, p2e_report *rep)
{
    const p2e_store *L = s->live;
    uint8_t *matched = calloc(L->nproducts ? L->nproducts : 1, 1);
    if (!matched)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < s->desired->nproducts; i++)
        if (s->live_of[i] != P2E_STORE_NONE)
            matched[s->live_of[i]] = 1;
    p2e_status st = P2E_OK;
    for (size_t lp = 0; lp < L->nproducts && !st; lp++) {
        if (matched[lp])
            continue;
        const p2e_store_product *l = &L->products[lp];
        const char *sku = lstr(s, l->f[P2E_SF_SKU]);
        int was_in_pos = s->previous && p2e_store_find_product(s->previous, sku) != P2E_STORE_NONE;
        s->deleted[lp] = (uint8_t)was_in_pos;
        if (was_in_pos)
            s->counts.to_delete++;
        else
            s->counts.ecom_only_products++;
        drift_row(drift, sku, "(product)", lstr(s, l->f[P2E_SF_NAME]), "",
                  was_in_pos ? (s->disable_deleted ? "delete (made unavailable)" : "delete")
                             : "none: eCom-only or deleted in POS");
        st = p2e_report_add_at(rep, was_in_pos ? P2E_CODE_DELETED_IN_POS : P2E_CODE_ECOM_ONLY_PRODUCT,
                               s->live_path, l->line, "", sku, "product_sku", lstr(s, l->f[P2E_SF_NAME]),
                               NULL);
    }
    free(matched);
    return st;
}

p2e_status p2e_sync_plan(p2e_sync *s, p2e_csvw *drift, p2e_report *rep, p2e_err *err)
{
    size_t nd = s->desired->nproducts, nl = s->live->nproducts;
    memset(&s->counts, 0, sizeof s->counts);
    s->action = calloc(nd ? nd : 1, sizeof *s->action);
    s->live_of = calloc(nd ? nd : 1, sizeof *s->live_of);
    s->deleted = calloc(nl ? nl : 1, sizeof *s->deleted);
    if (!s->action || !s->live_of || !s->deleted)
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
    if (st)
        return p2e_fail(err, st, "out of memory");
    return P2E_OK;
}

/* ---- ecom-update.csv -------------------------------------------------- */

typedef struct {
    const p2e_sync *s;
    p2e_csvw *out;
    long type_col, sku_col, path_col;
    int header_done;
    size_t ncols;
} update_ctx;

static int keep_row(update_ctx *u, const p2e_row *row, const char **id)
{
    const char *type = u->type_col >= 0 && (size_t)u->type_col < row->ncells ? row->cell[u->type_col] : "";
    *id = "";
    if (!strcmp(type, "category")) {
        const char *path = u->path_col >= 0 && (size_t)u->path_col < row->ncells ? row->cell[u->path_col] : "";
        return !p2e_store_has_category(u->s->live, path);
    }
    const char *sku = u->sku_col >= 0 && (size_t)u->sku_col < row->ncells ? row->cell[u->sku_col] : "";
    uint32_t dp = p2e_store_find_product(u->s->desired, sku);
    if (dp == P2E_STORE_NONE || u->s->action[dp] == P2E_SYNC_UNCHANGED)
        return 0;
    uint32_t lp = u->s->live_of[dp];
    if (lp != P2E_STORE_NONE)
        *id = lstr(u->s, u->s->live->products[lp].f[P2E_SF_INTERNAL_ID]);
    return 1;
}

/* Copy a desired row, with product_internal_id inserted after `type`. */
static void copy_row(update_ctx *u, const p2e_row *row, const char *id)
{
    for (size_t i = 0; i < u->ncols; i++) {
        if (i < row->ncells)
            p2e_csvw_field(u->out, row->cell[i], row->len[i]);
        else
            p2e_csvw_field(u->out, "", 0);
        if ((long)i == u->type_col)
            p2e_csvw_cstr(u->out, id);
    }
    p2e_csvw_end_row(u->out);
}

static p2e_status update_row(void *ctx, const p2e_row *row)
{
    update_ctx *u = ctx;
    if (!u->header_done) {
        u->header_done = 1;
        u->ncols = row->ncells;
        u->type_col = u->sku_col = u->path_col = -1;
        for (size_t i = 0; i < row->ncells; i++) {
            if (!strcmp(row->cell[i], "type"))
                u->type_col = (long)i;
            if (!strcmp(row->cell[i], "product_sku"))
                u->sku_col = (long)i;
            if (!strcmp(row->cell[i], "category_path"))
                u->path_col = (long)i;
        }
        copy_row(u, row, "product_internal_id");
        return P2E_OK;
    }
    const char *id;
    if (keep_row(u, row, &id))
        copy_row(u, row, id);
    return P2E_OK;
}

/* With --disable-deleted: a product row making each deleted product unavailable. */
static void disabled_rows(update_ctx *u)
{
    const p2e_store *L = u->s->live;
    for (size_t lp = 0; lp < L->nproducts; lp++) {
        if (!u->s->deleted[lp])
            continue;
        for (size_t i = 0; i < u->ncols; i++) {
            const char *v = "";
            if ((long)i == u->type_col)
                v = "product";
            else if ((long)i == u->sku_col)
                v = lstr(u->s, L->products[lp].f[P2E_SF_SKU]);
            p2e_csvw_cstr(u->out, v);
            if ((long)i == u->type_col)
                p2e_csvw_cstr(u->out, lstr(u->s, L->products[lp].f[P2E_SF_INTERNAL_ID]));
        }
        p2e_csvw_end_row(u->out);
    }
}

p2e_status p2e_sync_write_update(const p2e_sync *s, const char *desired_path, const char *dir,
                                 p2e_outset *set, p2e_err *err)
{
    p2e_csvw out;
    p2e_status st = p2e_csvw_open(&out, dir, "ecom-update.csv", err);
    if (st)
        return st;
    update_ctx u;
    memset(&u, 0, sizeof u);
    u.s = s;
    u.out = &out;
    p2e_source *src;
    st = p2e_source_open(&src, desired_path, NULL, err);
    if (!st) {
        p2e_csv_opts opts = {0, ','};
        st = p2e_csv_read(src, &opts, update_row, &u, desired_path, err);
        p2e_source_free(src);
    }
    if (!st && s->disable_deleted)
        disabled_rows(&u);
    if (st) {
        p2e_csvw_abandon(&out);
        return st;
    }
    return p2e_csvw_finish(&out, set, err);
}

p2e_status p2e_sync_write_delete(const p2e_sync *s, const char *dir, p2e_outset *set, p2e_err *err)
{
    p2e_csvw out;
    p2e_status st = p2e_csvw_open(&out, dir, "ecom-delete.csv", err);
    if (st)
        return st;
    p2e_csvw_cstr(&out, "product_internal_id");
    p2e_csvw_cstr(&out, "product_sku");
    p2e_csvw_cstr(&out, "product_name");
    p2e_csvw_end_row(&out);
    const p2e_store *L = s->live;
    for (size_t lp = 0; lp < L->nproducts; lp++) {
        if (!s->deleted[lp])
            continue;
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_INTERNAL_ID]));
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_SKU]));
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_NAME]));
        p2e_csvw_end_row(&out);
    }
    return p2e_csvw_finish(&out, set, err);
}
