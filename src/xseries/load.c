#include "p2e_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "p2e_damage.h"
#include "p2e_decimal.h"
#include "p2e_gtin.h"
#include "p2e_numconv.h"
#include "p2e_stock.h"
#include "p2e_utf8.h"

#define MAX_TEXT_CHARS 255

typedef p2e_load load_ctx;

typedef p2e_cell cell_t;

static cell_t cell(const load_ctx *c, p2e_col col)
{
    return c->pr->cell[col];
}

static cell_t trimmed(cell_t v)
{
    p2e_text_trim(&v.s, &v.len);
    return v;
}

static int is_false(cell_t v)
{
    v = trimmed(v);
    return (v.len == 1 && v.s[0] == '0') || (v.len == 5 && strncasecmp(v.s, "false", 5) == 0);
}

static const char *col_label(const load_ctx *c, p2e_col col)
{
    return c->fields->label[col];
}

/* A finding about the current row. value may be NULL. */
p2e_status p2e_load_note(load_ctx *c, p2e_code code, p2e_keep keep, const char *field,
                         const char *value, const char *detail)
{
    p2e_status st = p2e_report_add(c->rep, code, c->file, c->row->line, c->vi, keep, c->handle,
                                   c->sku, field, value, detail);
    cell_t name = c->pr->cell[P2E_COL_NAME]; /* cells are NUL-terminated */
    return st || !name.s ? st : p2e_report_name_last(c->rep, name.s);
}

const char *p2e_load_cstr(cell_t v, char *tmp, size_t tmplen)
{
    if (v.s[v.len] == '\0')
        return v.s;
    size_t n = v.len < tmplen - 1 ? v.len : tmplen - 1;
    memcpy(tmp, v.s, n);
    tmp[n] = '\0';
    return tmp;
}

/* A trimmed cell as a whole NUL-terminated string in buf (never cut). */
static const char *whole(p2e_buf *buf, cell_t v)
{
    buf->len = 0;
    if (p2e_buf_append(buf, v.s, v.len))
        return "";
    return buf->data;
}

static p2e_status intern(load_ctx *c, cell_t v, p2e_str *out)
{
    return p2e_catalog_intern(c->cat, v.s, v.len, out);
}

/* Bytes of the control character at s (C0, DEL, or C1 in UTF-8), or 0. */
static size_t control_len(const char *s, size_t len)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x20 || b == 0x7f)
        return 1;
    if (b == 0xc2 && len > 1 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
        return 2;
    return 0;
}

/* Short text as the store shows it on one line: every run of control
 * characters (line breaks, tabs, ...) with the spaces around it becomes one
 * space, and leading and trailing spaces go. *out points into b when that
 * changed anything (*changed = 1), else at v trimmed. */
static p2e_status clean_text(cell_t v, p2e_buf *b, cell_t *out, int *changed)
{
    b->len = 0;
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < v.len && !st;) {
        size_t j = i;
        int ctl = 0;
        for (size_t m; j < v.len && ((m = control_len(v.s + j, v.len - j)) || v.s[j] == ' ');)
            ctl |= m != 0, j += m ? m : 1;
        if (j > i) {
            st = ctl ? p2e_buf_putc(b, ' ') : p2e_buf_append(b, v.s + i, j - i);
            i = j;
        } else {
            st = p2e_buf_putc(b, v.s[i++]);
        }
    }
    size_t start = 0, end = b->len;
    while (start < end && b->data[start] == ' ')
        start++;
    while (end > start && b->data[end - 1] == ' ')
        end--;
    *out = (cell_t){b->data ? b->data + start : "", end - start};
    *changed = !st && (out->len != v.len || memcmp(out->s, v.s, v.len) != 0);
    if (!st && b->data)
        b->data[end] = '\0';
    return st;
}

/* The cell at col cleaned (clean_text) into b; says TEXT_CLEANED when
 * report is set and the text changed. */
static p2e_status cleaned_cell(load_ctx *c, p2e_col col, p2e_buf *b, int report, cell_t *out);
static p2e_status intern_clean(load_ctx *c, p2e_col col, int report, p2e_str *out);

static p2e_status read_price(load_ctx *c, p2e_variant *v)
{
    cell_t x = cell(c, P2E_COL_RETAIL_PRICE);
    char tmp[128];
    const char *field = col_label(c, P2E_COL_RETAIL_PRICE);
    char why[300];
    p2e_num_state ns;
    p2e_status st = p2e_numconv_read(c, P2E_COL_RETAIL_PRICE, field, NULL, x.s, x.len, 1,
                                     &v->price, &ns, why, sizeof why);
    v->price_state = (uint8_t)ns;
    if (!st)
        st = intern(c, trimmed(x), &v->price_raw);
    if (st)
        return st;
    if (ns == P2E_NUM_EMPTY) {
        v->price = 0;
        v->price_state = P2E_NUM_OK;
        return p2e_load_note(c, P2E_CODE_PRICE_MISSING, P2E_KEEP_IF_WRITTEN, field, "", NULL);
    }
    if (ns == P2E_NUM_OK && v->price < 0)
        v->price_state = P2E_NUM_INVALID;
    v->price_ambiguous = *why != '\0'; /* only a value read two ways has a why */
    if (v->price_state != P2E_NUM_OK)
        return p2e_load_note(c, *why ? P2E_CODE_NUMBER_AMBIGUOUS : P2E_CODE_PRICE_INVALID,
                    P2E_KEEP_IF_EXCLUDED_BY, field, p2e_load_cstr(x, tmp, sizeof tmp), *why ? why : NULL);
    if (v->price % 10000)
        return p2e_load_note(c, P2E_CODE_PRICE_ROUNDED, P2E_KEEP_IF_WRITTEN, field,
                    p2e_load_cstr(trimmed(x), tmp, sizeof tmp), NULL);
    return P2E_OK;
}

/* One measured value: parse, check, convert to the store unit. */
static p2e_status read_measure(load_ctx *c, p2e_col col, const p2e_unit *from, const p2e_unit *to,
                               int decimals, p2e_variant *v, unsigned bit, int64_t *out)
{
    cell_t x = cell(c, col);
    char tmp[128], why[300];
    int64_t micro;
    v->measured &= (uint8_t)~bit;
    p2e_num_state ns;
    p2e_status st = p2e_numconv_read(c, col, col_label(c, col), NULL, x.s, x.len, 0, &micro, &ns,
                                     why, sizeof why);
    if (st || ns == P2E_NUM_EMPTY || !from)
        return st;
    if (ns != P2E_NUM_OK || micro < 0 || !p2e_unit_convert(micro, from, to, decimals, out))
        return p2e_load_note(c, *why ? P2E_CODE_NUMBER_AMBIGUOUS : P2E_CODE_NUMBER_INVALID,
                    P2E_KEEP_IF_WRITTEN, col_label(c, col), p2e_load_cstr(x, tmp, sizeof tmp),
                    *why ? why : NULL);
    v->measured |= (uint8_t)bit;
    return P2E_OK;
}

/* The unit of a group of values; reports a missing or unknown unit once.
 * Returns the unit to convert from, or NULL when the values are dropped. */
static const p2e_unit *read_unit(load_ctx *c, p2e_col unit_col, const p2e_col *vals, size_t nvals,
                                 const p2e_unit *store, p2e_unit_kind kind, p2e_status *st)
{
    int nonzero = 0;
    for (size_t i = 0; i < nvals; i++) {
        cell_t v = cell(c, vals[i]);
        int64_t micro;
        p2e_num_state ns = p2e_numconv_quiet(c, vals[i], v.s, v.len, &micro);
        nonzero |= ns != P2E_NUM_EMPTY && !(ns == P2E_NUM_OK && micro == 0);
    }
    if (!nonzero)
        return store; /* nothing, or zeros: no unit needed */
    cell_t u = trimmed(cell(c, unit_col));
    char tmp[128];
    if (!u.len) {
        *st = p2e_load_note(c, P2E_CODE_UNIT_MISSING, P2E_KEEP_IF_WRITTEN, col_label(c, unit_col), "",
                   store->name);
        return store;
    }
    const p2e_unit *from = p2e_unit_find(p2e_load_cstr(u, tmp, sizeof tmp), kind);
    if (!from)
        *st = p2e_load_note(c, P2E_CODE_UNIT_UNKNOWN, P2E_KEEP_IF_WRITTEN, col_label(c, unit_col),
                   p2e_load_cstr(u, tmp, sizeof tmp), NULL);
    return from;
}

/* "v1 x v2 x v3 UNIT" as the POS had it, for mapping.csv ("" when empty). */
static p2e_status raw_measure(load_ctx *c, const p2e_col *vals, size_t nvals, p2e_col unit_col,
                              p2e_str *out)
{
    p2e_buf b = {0};
    p2e_status st = P2E_OK;
    int any = 0;
    for (size_t i = 0; i < nvals && !st; i++) {
        cell_t v = trimmed(cell(c, vals[i]));
        any |= v.len > 0;
        if (i)
            st = p2e_buf_puts(&b, " x ");
        if (!st)
            st = p2e_buf_append(&b, v.s, v.len);
    }
    cell_t u = trimmed(cell(c, unit_col));
    if (!st && u.len)
        st = p2e_buf_putc(&b, ' ');
    if (!st)
        st = p2e_buf_append(&b, u.s, u.len);
    if (!st)
        st = any ? p2e_catalog_intern(c->cat, b.data, b.len, out) : P2E_OK;
    p2e_buf_free(&b);
    return st;
}

static p2e_status read_measures(load_ctx *c, p2e_variant *v)
{
    static const p2e_col wcols[] = {P2E_COL_WEIGHT};
    static const p2e_col dcols[] = {P2E_COL_LENGTH, P2E_COL_WIDTH, P2E_COL_HEIGHT};
    const p2e_load_opts *o = c->o;
    p2e_status st = raw_measure(c, wcols, 1, P2E_COL_WEIGHT_UNIT, &v->weight_raw);
    if (!st)
        st = raw_measure(c, dcols, 3, P2E_COL_DIMENSIONS_UNIT, &v->dims_raw);
    if (st)
        return st;
    const p2e_unit *wu = read_unit(c, P2E_COL_WEIGHT_UNIT, wcols, 1, o->weight_unit,
                                   P2E_UNIT_WEIGHT, &st);
    if (!st)
        st = read_measure(c, P2E_COL_WEIGHT, wu, o->weight_unit, P2E_WEIGHT_DECIMALS, v,
                          P2E_MEASURED_WEIGHT, &v->weight);
    const p2e_unit *du = st ? NULL
                            : read_unit(c, P2E_COL_DIMENSIONS_UNIT, dcols, 3, o->dimension_unit,
                                        P2E_UNIT_LENGTH, &st);
    for (int d = 0; d < P2E_DIM_COUNT && !st; d++)
        st = read_measure(c, dcols[d], du, o->dimension_unit, P2E_LENGTH_DECIMALS, v,
                          P2E_MEASURED_DIM(d), &v->dim[d]);
    return st;
}

static p2e_status read_codes(load_ctx *c, p2e_variant *v)
{
    char tmp[300];
    p2e_status st = P2E_OK;
    cell_t sup = trimmed(cell(c, P2E_COL_SUPPLIER_CODE));
    if (p2e_dec_is_damaged(sup.s, sup.len))
        st = p2e_load_note(c, P2E_CODE_NOT_SYNCED_DAMAGED, P2E_KEEP_ALWAYS, col_label(c, P2E_COL_SUPPLIER_CODE),
                  p2e_load_cstr(sup, tmp, sizeof tmp), NULL);
    const char *full_sku = p2e_catalog_str(c->cat, v->sku);
    if (!st && p2e_utf8_chars(full_sku, strlen(full_sku)) > MAX_TEXT_CHARS)
        st = p2e_load_note(c, P2E_CODE_SKU_TOO_LONG, P2E_KEEP_IF_WRITTEN, "sku", full_sku, NULL);
    if (st)
        return st;
    if (!c->fields->has[P2E_COL_UPC]) {
        if (c->o->upc_from_sku && p2e_gtin_valid(full_sku, strlen(full_sku)))
            v->upc = v->sku;
        return P2E_OK;
    }
    cell_t upc = trimmed(cell(c, P2E_COL_UPC));
    const char *field = col_label(c, P2E_COL_UPC);
    if (!upc.len)
        return P2E_OK;
    if (p2e_dec_is_damaged(upc.s, upc.len))
        return p2e_load_note(c, P2E_CODE_NUMBER_DAMAGED, P2E_KEEP_IF_WRITTEN, field, p2e_load_cstr(upc, tmp, sizeof tmp), NULL);
    int lost;
    st = p2e_damage_upc(c, upc.s, upc.len, field, tmp, sizeof tmp, &lost);
    if (lost && c->o->restore_upc_zeros)
        upc = (cell_t){tmp, strlen(tmp)};
    if (!st && !lost && !p2e_gtin_valid(upc.s, upc.len))
        st = p2e_load_note(c, P2E_CODE_GTIN_INVALID, P2E_KEEP_IF_WRITTEN, field, p2e_load_cstr(upc, tmp, sizeof tmp), NULL);
    return st ? st : intern(c, upc, &v->upc);
}

/* Everything about a product row that the rules need later. */
static p2e_status read_values(load_ctx *c, p2e_variant *v)
{
    v->active = !is_false(cell(c, P2E_COL_ACTIVE));
    v->online = !is_false(cell(c, P2E_COL_ACTIVE_ONLINE));
    v->tracked = !is_false(cell(c, P2E_COL_TRACK_INVENTORY));
    p2e_status st = P2E_OK;
    static const p2e_col opt_values[3] = {P2E_COL_OPT1_VALUE, P2E_COL_OPT2_VALUE, P2E_COL_OPT3_VALUE};
    for (int k = 0; k < 3 && !st; k++)
        st = intern_clean(c, opt_values[k], 0, &v->opt_value[k]); /* said per family */
    if (!st && !v->tracked)
        st = p2e_load_note(c, P2E_CODE_UNTRACKED_INVENTORY, P2E_KEEP_IF_WRITTEN,
                  col_label(c, P2E_COL_TRACK_INVENTORY), "0", NULL);
    if (!st)
        st = read_price(c, v);
    if (!st)
        st = p2e_stock_read(c, v);
    if (!st)
        st = read_measures(c, v);
    if (!st)
        st = read_codes(c, v);
    return st;
}

/* Category path with ` / `-separated levels trimmed and empty levels dropped. */
static p2e_status normalize_category(load_ctx *c, cell_t v, p2e_str *out)
{
    p2e_buf b = {0}, clean = {0};
    int changed;
    p2e_status st = clean_text(v, &clean, &v, &changed);
    while (!st) {
        const char *sep = NULL;
        for (size_t i = 0; i + 3 <= v.len; i++)
            if (memcmp(v.s + i, " / ", 3) == 0) {
                sep = v.s + i;
                break;
            }
        cell_t level = trimmed((cell_t){v.s, sep ? (size_t)(sep - v.s) : v.len});
        if (level.len) {
            if (b.len)
                st = p2e_buf_append(&b, " / ", 3);
            if (!st)
                st = p2e_buf_append(&b, level.s, level.len);
        }
        if (!sep)
            break;
        v.len -= (size_t)(sep + 3 - v.s);
        v.s = sep + 3;
    }
    if (!st)
        st = p2e_catalog_intern(c->cat, b.data ? b.data : "", b.len, out);
    p2e_buf_free(&b);
    p2e_buf_free(&clean);
    return st;
}

static const p2e_col family_opt_names[3] = {P2E_COL_OPT1_NAME, P2E_COL_OPT2_NAME, P2E_COL_OPT3_NAME};

static p2e_status cleaned_cell(load_ctx *c, p2e_col col, p2e_buf *b, int report, cell_t *out)
{
    cell_t raw = cell(c, col);
    int changed = 0;
    p2e_status st = clean_text(raw, b, out, &changed);
    if (!st && changed && report) {
        char tmp[256];
        st = p2e_load_note(c, P2E_CODE_TEXT_CLEANED, P2E_KEEP_ALWAYS, col_label(c, col),
                  p2e_load_cstr(raw, tmp, sizeof tmp), out->s);
    }
    return st;
}

static p2e_status intern_clean(load_ctx *c, p2e_col col, int report, p2e_str *out)
{
    p2e_buf b = {0};
    cell_t v;
    p2e_status st = cleaned_cell(c, col, &b, report, &v);
    if (!st)
        st = intern(c, v, out);
    p2e_buf_free(&b);
    return st;
}

static p2e_status family_fields(load_ctx *c, p2e_family *f)
{
    p2e_status st = intern(c, trimmed(cell(c, P2E_COL_HANDLE)), &f->handle);
    if (!st)
        st = intern_clean(c, P2E_COL_NAME, 1, &f->name);
    cell_t desc = cell(c, P2E_COL_DESCRIPTION);
    if (!st) /* long and unique: stored, not deduplicated (hashing it costs more) */
        st = p2e_catalog_add(c->cat, desc.s, desc.len, &f->description);
    if (!st)
        st = normalize_category(c, cell(c, P2E_COL_CATEGORY), &f->category);
    if (!st) { /* only to say it: normalize_category cleans too */
        p2e_buf b = {0};
        cell_t ignored;
        st = cleaned_cell(c, P2E_COL_CATEGORY, &b, 1, &ignored);
        p2e_buf_free(&b);
    }
    if (!st)
        st = intern_clean(c, P2E_COL_BRAND, 1, &f->brand);
    for (int k = 0; k < 3 && !st; k++)
        st = intern_clean(c, family_opt_names[k], 1, &f->opt_name[k]);
    return st;
}

static int same(const load_ctx *c, p2e_str s, cell_t v)
{
    const char *have = p2e_catalog_str(c->cat, s);
    return strlen(have) == v.len && memcmp(have, v.s, v.len) == 0;
}

/* Option names of this row and of its family together: more than three
 * distinct names cannot all become eCom options. */
/* Is v among the names of a "\x1fA\x1fB\x1f" list? */
static int in_name_list(const char *list, cell_t v)
{
    for (const char *p = strchr(list, '\x1f'); p && p[1]; p = strchr(p + 1, '\x1f'))
        if (!strncmp(p + 1, v.s, v.len) && p[1 + v.len] == '\x1f')
            return 1;
    return 0;
}

/* Option names over all the family's rows so far: more than three
 * distinct names cannot all become eCom options. The names beyond the
 * first row's are kept on the family, so rows that each add one count;
 * past three it is said once, and no more names are kept. */
static p2e_status too_many_options(load_ctx *c, uint32_t fi)
{
    p2e_family *f = &c->cat->families[fi];
    if (f->options_capped) /* said once; keeping every later name would cost n^2 */
        return P2E_OK;
    const char *others = p2e_catalog_str(c->cat, f->other_opts);
    size_t names = 0;
    for (int k = 0; k < 3; k++)
        names += *p2e_catalog_str(c->cat, f->opt_name[k]) != '\0';
    for (const char *p = others; *p; p++)
        names += *p == '\x1f';
    names -= *others != '\0'; /* n names have n + 1 separators */
    p2e_buf list = {0};
    p2e_status st = p2e_buf_puts(&list, *others ? others : "\x1f");
    int grew = 0;
    for (int k = 0; k < 3 && !st; k++) {
        cell_t v = trimmed(cell(c, family_opt_names[k]));
        int known = !v.len || in_name_list(list.data, v);
        for (int j = 0; j < 3 && !known; j++)
            known = same(c, f->opt_name[j], v);
        if (known)
            continue;
        grew = 1;
        st = p2e_buf_append(&list, v.s, v.len);
        if (!st)
            st = p2e_buf_putc(&list, '\x1f');
        if (!st && ++names > 3) {
            char tmp[256];
            f->options_capped = 1;
            grew = 0; /* the list keeps the three names it had */
            st = p2e_load_note(c, P2E_CODE_TOO_MANY_OPTIONS, P2E_KEEP_ALWAYS,
                      col_label(c, family_opt_names[k]), p2e_load_cstr(v, tmp, sizeof tmp), NULL);
            break;
        }
    }
    if (!st && grew)
        st = p2e_catalog_intern(c->cat, list.data, list.len, &c->cat->families[fi].other_opts);
    p2e_buf_free(&list);
    return st;
}

/* A later row of a family: warn where a family field differs. */
static p2e_status family_conflicts(load_ctx *c, uint32_t fi)
{
    static const p2e_col cols[] = {P2E_COL_NAME, P2E_COL_DESCRIPTION, P2E_COL_CATEGORY, P2E_COL_BRAND};
    p2e_status st = P2E_OK;
    char tmp[256];
    for (size_t k = 0; k < sizeof cols / sizeof cols[0] && !st; k++) {
        const p2e_family *f = &c->cat->families[fi];
        p2e_str have = cols[k] == P2E_COL_NAME ? f->name
                     : cols[k] == P2E_COL_DESCRIPTION ? f->description
                     : cols[k] == P2E_COL_BRAND ? f->brand : f->category;
        cell_t v = cell(c, cols[k]);
        int differs;
        if (cols[k] == P2E_COL_CATEGORY) {
            p2e_str norm;
            st = normalize_category(c, v, &norm);
            differs = norm != c->cat->families[fi].category;
        } else if (cols[k] == P2E_COL_DESCRIPTION) {
            differs = !same(c, have, v);
        } else { /* name and brand are kept cleaned */
            p2e_buf b = {0};
            cell_t cv;
            st = cleaned_cell(c, cols[k], &b, 0, &cv);
            differs = !st && !same(c, have, cv);
            p2e_buf_free(&b);
        }
        if (!st && differs)
            st = p2e_load_note(c, P2E_CODE_FAMILY_FIELD_CONFLICT, P2E_KEEP_ALWAYS, col_label(c, cols[k]),
                      p2e_load_cstr(v, tmp, sizeof tmp), NULL);
    }
    for (int k = 0; k < 3 && !st; k++) {
        p2e_buf b = {0};
        cell_t v;
        st = cleaned_cell(c, family_opt_names[k], &b, 0, &v);
        int differs = !st && !same(c, c->cat->families[fi].opt_name[k], v);
        p2e_buf_free(&b);
        if (differs) {
            v = trimmed(cell(c, family_opt_names[k]));
            st = p2e_load_note(c, P2E_CODE_OPTION_NAMES_DIFFER, P2E_KEEP_ALWAYS,
                      col_label(c, family_opt_names[k]), p2e_load_cstr(v, tmp, sizeof tmp), NULL);
            return st ? st : too_many_options(c, fi);
        }
    }
    return st;
}

static p2e_status join_family(load_ctx *c, uint32_t vi)
{
    cell_t handle = trimmed(cell(c, P2E_COL_HANDLE));
    p2e_status st = P2E_OK;
    p2e_str key;
    if (!handle.len) {
        st = p2e_load_note(c, P2E_CODE_MISSING_HANDLE, P2E_KEEP_ALWAYS, col_label(c, P2E_COL_HANDLE), "", NULL);
        if (!st)
            st = intern(c, cell(c, P2E_COL_NAME), &key);
    } else {
        st = intern(c, handle, &key);
    }
    uint32_t fi = 0;
    int created;
    if (!st)
        st = p2e_catalog_family(c->cat, key, &fi, &created);
    if (!st && created)
        st = family_fields(c, &c->cat->families[fi]);
    else if (!st)
        st = family_conflicts(c, fi);
    if (!st)
        p2e_catalog_family_append(c->cat, fi, vi);
    static const p2e_col values[3] = {P2E_COL_OPT1_VALUE, P2E_COL_OPT2_VALUE, P2E_COL_OPT3_VALUE};
    for (int k = 0; k < 3 && !st; k++) { /* once per family and column */
        if (c->cat->families[fi].text_cleaned & (1u << k))
            continue;
        p2e_buf b = {0};
        cell_t v;
        int changed = 0;
        st = clean_text(cell(c, values[k]), &b, &v, &changed);
        if (!st && changed) {
            st = cleaned_cell(c, values[k], &b, 1, &v);
            c->cat->families[fi].text_cleaned |= (uint8_t)(1u << k);
        }
        p2e_buf_free(&b);
    }
    return st;
}

/* The product row of this file with this SKU that a component row
 * belongs to: the last one read. A row that passed the reading checks is
 * the one variant_by_sku names (they put it there), so file_sku holds only
 * the others (rows left out as duplicates, and a SKU's row read after one
 * of those): a third map of every SKU would cost a million slots on a
 * large export (issue 20). */
static p2e_status note_file_sku(load_ctx *c, p2e_str s, cell_t sku, p2e_code excluded)
{
    uint32_t at;
    if (!excluded && !p2e_map_get(&c->file_sku, &c->cat->pool, sku.s, sku.len, &at))
        return P2E_OK;
    return p2e_map_set_len(&c->file_sku, &c->cat->pool, s, sku.len, c->vi);
}

static int find_file_sku(const load_ctx *c, cell_t sku, uint32_t *vi)
{
    if (p2e_map_get(&c->file_sku, &c->cat->pool, sku.s, sku.len, vi))
        return 1;
    return p2e_map_get(&c->cat->variant_by_sku, &c->cat->pool, sku.s, sku.len, vi) &&
           c->cat->variants[*vi].file == c->file;
}

static p2e_status add_component(load_ctx *c)
{
    cell_t sku = trimmed(cell(c, P2E_COL_SKU));
    uint32_t parent;
    char tmp[256];
    c->handle = "";
    c->sku = p2e_load_cstr(sku, tmp, sizeof tmp);
    if (!sku.len || !find_file_sku(c, sku, &parent)) {
        c->cat->not_written_unstored[P2E_CODE_COMPONENT_ORPHAN]++;
        cell_t csku = trimmed(cell(c, P2E_COL_COMPOSITE_SKU));
        char t2[256];
        return p2e_load_note(c, P2E_CODE_COMPONENT_ORPHAN, P2E_KEEP_ALWAYS,
                    col_label(c, P2E_COL_COMPOSITE_SKU), p2e_load_cstr(csku, t2, sizeof t2), NULL);
    }
    p2e_component comp = {0};
    comp.composite = parent;
    comp.file = c->file;
    comp.line = (uint32_t)c->row->line;
    cell_t q = cell(c, P2E_COL_COMPOSITE_QUANTITY);
    comp.quantity_state = (uint8_t)p2e_numconv_quiet(c, P2E_COL_COMPOSITE_QUANTITY, q.s, q.len,
                                                         &comp.quantity);
    p2e_status st = intern(c, trimmed(cell(c, P2E_COL_COMPOSITE_SKU)), &comp.sku);
    if (!st)
        st = intern(c, trimmed(cell(c, P2E_COL_COMPOSITE_KEY)), &comp.key);
    if (!st)
        st = p2e_catalog_add_component(c->cat, &comp);
    if (!st)
        c->cat->rows_attached++;
    return st;
}

/* The reading checks; returns the code that excludes the row, or 0. */
static p2e_status reading_checks(load_ctx *c, p2e_variant *v, p2e_code *excluded)
{
    char tmp[256];
    *excluded = 0;
    cell_t id = trimmed(cell(c, P2E_COL_ID));
    uint32_t other;
    if (id.len && p2e_map_get(&c->cat->variant_by_id, &c->cat->pool, id.s, id.len, &other)) {
        *excluded = P2E_CODE_DUPLICATE_ID;
        return p2e_load_note(c, P2E_CODE_DUPLICATE_ID, P2E_KEEP_ALWAYS, col_label(c, P2E_COL_ID),
                    p2e_load_cstr(id, tmp, sizeof tmp), NULL);
    }
    const char *sku = p2e_catalog_str(c->cat, v->sku); /* whole: c->sku may be cut for reports */
    size_t sku_len = strlen(sku);
    if (p2e_map_get(&c->cat->variant_by_sku, &c->cat->pool, sku, sku_len, &other)) {
        *excluded = P2E_CODE_DUPLICATE_SKU;
        return p2e_load_note(c, P2E_CODE_DUPLICATE_SKU, P2E_KEEP_ALWAYS, "sku", sku, NULL);
    }
    /* added, not interned: an id is unique, and only this map looks it up */
    p2e_status st = p2e_catalog_add(c->cat, id.s, id.len, &v->id);
    if (!st && id.len)
        st = p2e_map_put(&c->cat->variant_by_id, &c->cat->pool, v->id, c->vi);
    if (!st)
        st = p2e_map_put_len(&c->cat->variant_by_sku, &c->cat->pool, v->sku, sku_len, c->vi);
    return st;
}

static p2e_status add_product_row(load_ctx *c)
{
    const p2e_row *row = c->row;
    p2e_status st = P2E_OK;
    cell_t sku = trimmed(cell(c, P2E_COL_SKU));
    c->handle = whole(&c->handle_buf, trimmed(cell(c, P2E_COL_HANDLE)));
    c->sku = whole(&c->sku_buf, sku);
    if (c->pr->width < 0)
        st = p2e_load_note(c, P2E_CODE_ROW_SHORT, P2E_KEEP_ALWAYS, NULL, NULL, NULL);
    if (!st && c->o->stats)
        p2e_stock_count_outlets(c);
    if (!st && c->o->product_row)
        c->o->product_row(c->o->product_row_ctx, c->pr);
    p2e_code drop = 0;
    if (!sku.len)
        drop = P2E_CODE_MISSING_SKU;
    else if (p2e_dec_is_damaged(sku.s, sku.len))
        drop = P2E_CODE_NUMBER_DAMAGED;
    else if (c->sku_zeros)
        p2e_sku_zeros_add(c->sku_zeros, sku.s, sku.len, row->line);
    if (st || drop) {
        if (!st) {
            c->cat->not_written_unstored[drop]++;
            st = p2e_load_note(c, drop, P2E_KEEP_ALWAYS, "sku", c->sku, NULL);
        }
        return st;
    }
    p2e_variant v;
    memset(&v, 0, sizeof v);
    v.file = c->file;
    v.line = (uint32_t)row->line;
    v.family = v.next = v.components = P2E_NONE;
    c->vi = (uint32_t)c->cat->nvariants;
    st = intern(c, sku, &v.sku);
    p2e_code excluded = 0;
    if (!st)
        st = reading_checks(c, &v, &excluded);
    if (!st)
        st = note_file_sku(c, v.sku, sku, excluded);
    if (!st && !excluded)
        st = read_values(c, &v);
    v.excluded = (uint8_t)(excluded ? excluded + 1 : 0);
    uint32_t vi;
    if (!st)
        st = p2e_catalog_add_variant(c->cat, &v, &vi);
    if (!st && !excluded)
        st = join_family(c, vi);
    return st;
}

/* The cell as text with each NUL shown as U+2400 (a NUL would cut it). */
static const char *nul_shown(p2e_buf *buf, const char *s, size_t len)
{
    buf->len = 0;
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < len && !st; i++)
        st = s[i] ? p2e_buf_putc(buf, s[i]) : p2e_buf_puts(buf, "\xE2\x90\x80");
    return st || !buf->data ? "" : buf->data;
}

/* A NUL byte inside a field: every C-string step after the parser would cut
 * the value there (MUG<NUL>-1 would become MUG), so the row is not read. */
static p2e_status nul_row(load_ctx *c, const p2e_row *row)
{
    size_t k = (size_t)row->nul_cell;
    char field[64];
    const char *name = c->pr->nul_field;
    if (!name) {
        snprintf(field, sizeof field, "column %zu", k + 1);
        name = field;
    }
    p2e_buf value = {0};
    c->handle = nul_shown(&c->handle_buf, cell(c, P2E_COL_HANDLE).s, cell(c, P2E_COL_HANDLE).len);
    c->sku = nul_shown(&c->sku_buf, cell(c, P2E_COL_SKU).s, cell(c, P2E_COL_SKU).len);
    c->cat->not_written_unstored[P2E_CODE_NUL_IN_FIELD]++;
    p2e_status st = p2e_load_note(c, P2E_CODE_NUL_IN_FIELD, P2E_KEEP_ALWAYS, name,
                         nul_shown(&value, row->cell[k], row->len[k]), NULL);
    p2e_buf_free(&value);
    return st;
}

/* Text after a closing quote: the row's cells are those before the bad
 * one, so it is not written; the rows after it are read as usual. */
static p2e_status bad_quote_row(load_ctx *c, const p2e_row *row)
{
    cell_t sku = trimmed(cell(c, P2E_COL_SKU));
    c->handle = whole(&c->handle_buf, trimmed(cell(c, P2E_COL_HANDLE)));
    c->sku = whole(&c->sku_buf, sku);
    char resumed[64];
    snprintf(resumed, sizeof resumed, "%lu", row->resumed);
    c->cat->not_written_unstored[P2E_CODE_TEXT_AFTER_QUOTE]++;
    return p2e_load_note(c, P2E_CODE_TEXT_AFTER_QUOTE, P2E_KEEP_ALWAYS, NULL, resumed,
                "reading resumed at that line");
}

static int all_empty(const p2e_row *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        for (size_t k = 0; k < row->len[i]; k++)
            if (row->cell[i][k] != ' ' && row->cell[i][k] != '\t')
                return 0;
    return 1;
}

static int is_component(const load_ctx *c)
{
    return trimmed(cell(c, P2E_COL_COMPOSITE_KEY)).len || trimmed(cell(c, P2E_COL_COMPOSITE_SKU)).len;
}

p2e_status p2e_load_row(p2e_load *c, const p2e_prow *pr, p2e_err *err)
{
    const p2e_row *row = pr->rec;
    c->pr = pr;
    c->err = err;
    c->row = row;
    c->vi = P2E_NO_VARIANT;
    c->handle = c->sku = "";
    if (row->resumed) {
        c->cat->rows_read++;
        p2e_status st = bad_quote_row(c, row);
        if (st == P2E_ERR_NOMEM)
            p2e_fail(c->err, st, "out of memory");
        return st;
    }
    if (all_empty(row)) {
        c->cat->rows_blank++;
        return P2E_OK;
    }
    c->cat->rows_read++;
    c->cat->rows_recovered += row->recovered != 0;
    p2e_status st;
    size_t cut, chars;
    if (row->unterminated) {
        /* the open quote swallowed the rest of the file: nothing in it can be trusted */
        c->cat->not_written_unstored[P2E_CODE_UNTERMINATED_QUOTE]++;
        st = p2e_load_note(c, P2E_CODE_UNTERMINATED_QUOTE, P2E_KEEP_ALWAYS, NULL, NULL, NULL);
    } else if (row->nul_cell >= 0) {
        st = nul_row(c, row);
    } else if (p2e_damage_truncated(row, &cut, &chars)) {
        st = p2e_damage_truncated_row(c, cut, chars);
    } else if (pr->width > 0) {
        c->cat->not_written_unstored[P2E_CODE_ROW_TOO_LONG]++;
        st = p2e_load_note(c, P2E_CODE_ROW_TOO_LONG, P2E_KEEP_ALWAYS, NULL, NULL, NULL);
    } else if (is_component(c)) {
        st = add_component(c);
    } else {
        st = add_product_row(c);
    }
    if (st == P2E_ERR_NOMEM)
        p2e_fail(c->err, st, "out of memory");
    return st;
}

void p2e_load_begin(p2e_load *ld, const p2e_load_opts *o, uint32_t file,
                    const p2e_prow_fields *fields)
{
    memset(ld, 0, sizeof *ld);
    ld->o = o;
    ld->cat = o->cat;
    ld->rep = o->rep;
    ld->fields = fields;
    ld->file = file;
    ld->sku_zeros = calloc(1, sizeof *ld->sku_zeros); /* NULL: the column is not checked */
}

p2e_status p2e_load_finish(p2e_load *ld, p2e_err *err)
{
    p2e_status st = p2e_damage_sku_column(ld);
    if (!st)
        st = p2e_numconv_finish(ld);
    return st ? p2e_fail(err, st, "out of memory") : P2E_OK;
}

void p2e_load_end(p2e_load *ld)
{
    free(ld->sku_zeros);
    p2e_numconv_free(ld);
    ld->sku_zeros = NULL;
    p2e_map_free(&ld->file_sku);
    p2e_buf_free(&ld->handle_buf);
    p2e_buf_free(&ld->sku_buf);
}
