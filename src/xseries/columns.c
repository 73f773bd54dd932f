#include "p2e_columns.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "p2e_buf.h"

const char *const p2e_outcol_prefix[P2E_OUTCOL_COUNT] = {
    "inventory_", "reorder_point_", "restock_level_", "outlet_tax_",
};

static const struct {
    const char *name;
    p2e_col col;
} known[] = {
    {"id", P2E_COL_ID},
    {"handle", P2E_COL_HANDLE},
    {"sku", P2E_COL_SKU},
    {"composite_handle", P2E_COL_COMPOSITE_KEY},
    {"composite_name", P2E_COL_COMPOSITE_KEY},
    {"composite_sku", P2E_COL_COMPOSITE_SKU},
    {"composite_quantity", P2E_COL_COMPOSITE_QUANTITY},
    {"name", P2E_COL_NAME},
    {"description", P2E_COL_DESCRIPTION},
    {"product_category", P2E_COL_CATEGORY},
    {"type", P2E_COL_CATEGORY},
    {"variant_option_one_name", P2E_COL_OPT1_NAME},
    {"variant_option_one_value", P2E_COL_OPT1_VALUE},
    {"variant_option_two_name", P2E_COL_OPT2_NAME},
    {"variant_option_two_value", P2E_COL_OPT2_VALUE},
    {"variant_option_three_name", P2E_COL_OPT3_NAME},
    {"variant_option_three_value", P2E_COL_OPT3_VALUE},
    {"tags", P2E_COL_TAGS},
    {"active_online", P2E_COL_ACTIVE_ONLINE},
    {"weight", P2E_COL_WEIGHT},
    {"weight_unit", P2E_COL_WEIGHT_UNIT},
    {"length", P2E_COL_LENGTH},
    {"width", P2E_COL_WIDTH},
    {"height", P2E_COL_HEIGHT},
    {"dimensions_unit", P2E_COL_DIMENSIONS_UNIT},
    {"supply_price", P2E_COL_SUPPLY_PRICE},
    {"retail_price", P2E_COL_RETAIL_PRICE},
    {"loyalty_value", P2E_COL_LOYALTY_VALUE},
    {"loyalty_value_default", P2E_COL_LOYALTY_VALUE_DEFAULT},
    {"tax_name", P2E_COL_TAX_NAME},
    {"tax_value", P2E_COL_TAX_VALUE},
    {"account_code", P2E_COL_ACCOUNT_CODE},
    {"account_code_purchase", P2E_COL_ACCOUNT_CODE_PURCHASE},
    {"brand_name", P2E_COL_BRAND},
    {"supplier_name", P2E_COL_SUPPLIER_NAME},
    {"supplier_code", P2E_COL_SUPPLIER_CODE},
    {"active", P2E_COL_ACTIVE},
    {"track_inventory", P2E_COL_TRACK_INVENTORY},
    {"upc", P2E_COL_UPC},
    {"ean", P2E_COL_UPC},
    {"gtin", P2E_COL_UPC},
    {"barcode", P2E_COL_UPC},
};

const char *p2e_col_name(p2e_col col)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].col == col)
            return known[i].name;
    return "";
}

/* Header cell without surrounding spaces, as a new string. */
static char *clean_name(const char *s, size_t len)
{
    while (len && *s == ' ') {
        s++;
        len--;
    }
    while (len && s[len - 1] == ' ')
        len--;
    char *out = malloc(len + 1);
    if (out) {
        memcpy(out, s, len);
        out[len] = '\0';
    }
    return out;
}

static long find_known(const char *name)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcasecmp(known[i].name, name) == 0)
            return (long)i;
    return -1;
}

static p2e_status add_index(size_t **arr, size_t *n, size_t v)
{
    size_t *a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a)
        return P2E_ERR_NOMEM;
    a[(*n)++] = v;
    *arr = a;
    return P2E_OK;
}

/* Column i has the known name known[k]. A repeated name is a duplicate;
 * of two aliases of one field the one listed first in known[] wins (upc
 * before ean, gtin, barcode; product_category before type), and the other
 * is an unused column. */
static p2e_status take_known(p2e_columns *c, size_t k, size_t i)
{
    p2e_col col = known[k].col;
    long have = c->idx[col];
    if (have < 0) {
        c->idx[col] = (long)i;
        c->name[col] = c->header[i];
        return P2E_OK;
    }
    if (strcasecmp(c->header[have], c->header[i]) == 0)
        return add_index(&c->duplicate, &c->nduplicate, i);
    if (k < (size_t)find_known(c->header[have])) {
        c->idx[col] = (long)i;
        c->name[col] = c->header[i];
        return add_index(&c->unknown, &c->nunknown, (size_t)have);
    }
    return add_index(&c->unknown, &c->nunknown, i);
}

p2e_status p2e_columns_sync_outlets(p2e_columns *c, const p2e_outlet_set *set)
{
    if (set->count <= c->noutlets)
        return P2E_OK;
    for (int k = 0; k < P2E_OUTCOL_COUNT; k++) {
        long *a = realloc(c->outlet_idx[k], set->count * sizeof *a);
        if (!a)
            return P2E_ERR_NOMEM;
        for (size_t i = c->noutlets; i < set->count; i++)
            a[i] = -1;
        c->outlet_idx[k] = a;
    }
    c->noutlets = set->count;
    return P2E_OK;
}

/* Outlet column: prefix (any case) and a non-empty key. */
static p2e_status classify_outlet(p2e_columns *c, size_t col, p2e_outlet_set *set, int *matched)
{
    const char *name = c->header[col];
    *matched = 0;
    for (int k = 0; k < P2E_OUTCOL_COUNT; k++) {
        size_t pl = strlen(p2e_outcol_prefix[k]);
        if (strncasecmp(name, p2e_outcol_prefix[k], pl) != 0 || !name[pl])
            continue;
        size_t oi;
        p2e_status st = p2e_outlet_set_add(set, name + pl, strlen(name + pl), &oi);
        if (!st)
            st = p2e_columns_sync_outlets(c, set);
        if (st)
            return st;
        *matched = 1;
        if (c->outlet_idx[k][oi] >= 0)
            return add_index(&c->duplicate, &c->nduplicate, col);
        c->outlet_idx[k][oi] = (long)col;
        return P2E_OK;
    }
    return P2E_OK;
}

static p2e_status missing_required(const p2e_columns *c, const char *file, p2e_err *err)
{
    static const p2e_col required[] = {P2E_COL_SKU, P2E_COL_NAME, P2E_COL_RETAIL_PRICE};
    p2e_buf miss = {0}, found = {0};
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < sizeof required / sizeof required[0]; i++) {
        if (c->idx[required[i]] >= 0)
            continue;
        st = p2e_buf_puts(&miss, miss.len ? ", " : "");
        if (!st)
            st = p2e_buf_puts(&miss, p2e_col_name(required[i]));
    }
    if (!st && !miss.len)
        return P2E_OK;
    for (size_t i = 0; !st && i < c->ncols && found.len < 600; i++) {
        st = p2e_buf_puts(&found, i ? ", " : "");
        if (!st)
            st = p2e_buf_puts(&found, c->header[i]);
    }
    if (!st && c->ncols && found.len >= 600)
        st = p2e_buf_puts(&found, ", ...");
    if (st)
        p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    else
        p2e_fail(err, P2E_ERR_FORMAT,
                 "%s: not an X-Series product export: missing column(s) %s; found %zu column(s): %s",
                 file, miss.data ? miss.data : "", c->ncols, found.data ? found.data : "(none)");
    p2e_buf_free(&miss);
    p2e_buf_free(&found);
    return st ? st : P2E_ERR_FORMAT;
}

p2e_status p2e_columns_init(p2e_columns *c, const char *const *cells, const size_t *lens,
                            size_t n, p2e_outlet_set *set, const char *file, p2e_err *err)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < P2E_COL_COUNT; i++)
        c->idx[i] = -1;
    p2e_status st = p2e_columns_sync_outlets(c, set);
    c->header = calloc(n ? n : 1, sizeof *c->header);
    if (st || !c->header)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    c->ncols = n;
    for (size_t i = 0; i < n && !st; i++) {
        c->header[i] = clean_name(cells[i], lens[i]);
        if (!c->header[i])
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        long k = find_known(c->header[i]);
        if (k >= 0) {
            st = take_known(c, (size_t)k, i);
            continue;
        }
        int matched;
        st = classify_outlet(c, i, set, &matched);
        if (!st && !matched)
            st = add_index(&c->unknown, &c->nunknown, i);
    }
    if (st == P2E_ERR_LIMIT)
        return p2e_fail(err, st,
                        "%s: more than %d outlets: the header is damaged, or this is not a "
                        "product export; export the products again", file, P2E_OUTLET_MAX);
    if (st)
        return p2e_fail(err, st, "out of memory");
    return missing_required(c, file, err);
}

void p2e_columns_free(p2e_columns *c)
{
    for (size_t i = 0; i < c->ncols; i++)
        free(c->header[i]);
    free(c->header);
    for (int k = 0; k < P2E_OUTCOL_COUNT; k++)
        free(c->outlet_idx[k]);
    free(c->unknown);
    free(c->duplicate);
    memset(c, 0, sizeof *c);
}
