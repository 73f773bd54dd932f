#include "p2e_report.h"

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    p2e_severity sev;
    const char *text;
    const char *action;
} codes[P2E_CODE_COUNT] = {
#define P2E_CODE_ROW(name, sev, text, action) {#name, P2E_SEV_##sev, text, action},
    P2E_CODES(P2E_CODE_ROW)
#undef P2E_CODE_ROW
};

const char *p2e_code_name(p2e_code code)
{
    return (unsigned)code < P2E_CODE_COUNT ? codes[code].name : "UNKNOWN";
}

p2e_severity p2e_code_severity(p2e_code code)
{
    return (unsigned)code < P2E_CODE_COUNT ? codes[code].sev : P2E_SEV_ERROR;
}

const char *p2e_code_message(p2e_code code)
{
    return (unsigned)code < P2E_CODE_COUNT ? codes[code].text : "";
}

const char *p2e_code_action(p2e_code code)
{
    return (unsigned)code < P2E_CODE_COUNT ? codes[code].action : "";
}

const char *p2e_severity_name(p2e_severity sev)
{
    static const char *const names[] = {"error", "warning", "info"};
    return (unsigned)sev < 3 ? names[sev] : "error";
}

p2e_status p2e_report_init(p2e_report *r)
{
    memset(r, 0, sizeof *r);
    return p2e_pool_init(&r->strings);
}

void p2e_report_free(p2e_report *r)
{
    free(r->items);
    p2e_pool_free(&r->strings);
    memset(r, 0, sizeof *r);
}

static p2e_status copy_str(p2e_report *r, const char *s, p2e_str *out)
{
    return p2e_pool_intern(&r->strings, s ? s : "", s ? strlen(s) : 0, out);
}

p2e_status p2e_report_name_last(p2e_report *r, const char *name)
{
    return r->count ? copy_str(r, name, &r->items[r->count - 1].name) : P2E_OK;
}

p2e_status p2e_report_add(p2e_report *r, p2e_code code, uint32_t file, unsigned long line,
                          uint32_t variant, p2e_keep keep, const char *handle,
                          const char *sku, const char *field, const char *value,
                          const char *detail)
{
    void *items = r->items;
    p2e_status st = p2e_grow(&items, &r->cap, r->count + 1, sizeof *r->items);
    r->items = items;
    if (st)
        return st;
    p2e_finding *f = &r->items[r->count];
    memset(f, 0, sizeof *f);
    f->code = code;
    f->file = file;
    f->line = line;
    f->variant = variant;
    f->keep = keep;
    st = copy_str(r, handle, &f->handle);
    if (!st)
        st = copy_str(r, sku, &f->sku);
    if (!st)
        st = copy_str(r, field, &f->field);
    if (!st)
        st = copy_str(r, value, &f->value);
    if (!st)
        st = copy_str(r, detail, &f->detail);
    if (!st)
        st = copy_str(r, NULL, &f->name);
    if (!st)
        r->count++;
    return st;
}

p2e_status p2e_report_add_path(p2e_report *r, p2e_code code, const char *path,
                               const char *handle, const char *sku, const char *field,
                               const char *value, const char *detail)
{
    return p2e_report_add_at(r, code, path, 0, handle, sku, field, value, detail);
}

p2e_status p2e_report_add_at(p2e_report *r, p2e_code code, const char *path, unsigned long line,
                             const char *handle, const char *sku, const char *field,
                             const char *value, const char *detail)
{
    p2e_status st = p2e_report_add(r, code, P2E_FILE_OTHER, line, P2E_NO_VARIANT,
                                   P2E_KEEP_ALWAYS, handle, sku, field, value, detail);
    if (!st)
        st = copy_str(r, path, &r->items[r->count - 1].path);
    return st;
}

void p2e_report_filter(p2e_report *r, int (*keep_fn)(void *ctx, const p2e_finding *f), void *ctx)
{
    size_t out = 0;
    for (size_t i = 0; i < r->count; i++)
        if (keep_fn(ctx, &r->items[i]))
            r->items[out++] = r->items[i];
    r->count = out;
}

_Static_assert(P2E_CODE_COUNT <= UINT16_MAX, "p2e_finding.code is 16 bits");

/* Stable order: by severity, then file (other files grouped per interned
 * path), then line. */
static int before(const p2e_finding *a, const p2e_finding *b)
{
    p2e_severity sa = p2e_code_severity(a->code), sb = p2e_code_severity(b->code);
    if (sa != sb)
        return sa < sb;
    if (a->file != b->file)
        return a->file < b->file;
    if (a->path != b->path)
        return a->path < b->path;
    return a->line < b->line;
}

/* Merge sort of positions, not of findings: two arrays of 4 bytes per
 * finding instead of a second copy of every finding, at the moment the
 * run's memory peaks (issue 20). Stable, O(n log n). Returns the array
 * holding the order: perm[k] = the finding that goes to place k. */
static uint32_t *sort_positions(const p2e_finding *items, uint32_t *src, uint32_t *dst, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = before(&items[src[j]], &items[src[i]]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

/* Move each finding to its place, one cycle of the permutation at a time;
 * a place done is marked perm[k] = k. */
static void apply_positions(p2e_finding *items, uint32_t *perm, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (perm[i] == i)
            continue;
        p2e_finding first = items[i];
        size_t k = i;
        while (perm[k] != i) {
            size_t from = perm[k];
            items[k] = items[from];
            perm[k] = (uint32_t)k;
            k = from;
        }
        items[k] = first;
        perm[k] = (uint32_t)k;
    }
}

p2e_status p2e_report_sort(p2e_report *r)
{
    size_t n = r->count;
    if (n < 2)
        return P2E_OK;
    if (n > UINT32_MAX || n > SIZE_MAX / (2 * sizeof(uint32_t)))
        return P2E_ERR_NOMEM;
    uint32_t *pos = malloc(2 * n * sizeof *pos);
    if (!pos)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        pos[i] = (uint32_t)i;
    apply_positions(r->items, sort_positions(r->items, pos, pos + n, n), n);
    free(pos);
    return P2E_OK;
}

void p2e_report_count(const p2e_report *r, size_t per_code[P2E_CODE_COUNT], size_t per_sev[3])
{
    memset(per_code, 0, P2E_CODE_COUNT * sizeof *per_code);
    memset(per_sev, 0, 3 * sizeof *per_sev);
    for (size_t i = 0; i < r->count; i++) {
        per_code[r->items[i].code]++;
        per_sev[p2e_code_severity(r->items[i].code)]++;
    }
}

/* The name of variant v's family (the name the store shows), or NULL. */
static const char *variant_family_name(const p2e_catalog *cat, uint32_t v)
{
    if (v >= cat->nvariants || cat->variants[v].family >= cat->nfamilies)
        return NULL;
    return p2e_catalog_str(cat, cat->families[cat->variants[v].family].name);
}

/* The product name a finding is about: its variant's family's, else its
 * row's own (a row left out while reading), else that of the family of its
 * handle; or none. (A row left out while reading
 * belongs to no family. Its SKU names no product either: a duplicate SKU
 * is the earlier row's.) */
static const char *finding_name(const p2e_report *r, const p2e_catalog *cat,
                                const p2e_finding *f)
{
    if (!cat)
        return p2e_pool_get(&r->strings, f->name);
    const char *name = f->variant == P2E_NO_VARIANT ? NULL : variant_family_name(cat, f->variant);
    const char *own = p2e_pool_get(&r->strings, f->name);
    if (!name && *own)
        name = own;
    uint32_t i;
    const char *handle = p2e_pool_get(&r->strings, f->handle);
    if (!name && *handle && p2e_map_get(&cat->family_by_key, &cat->pool, handle, strlen(handle), &i) &&
        i < cat->nfamilies)
        name = p2e_catalog_str(cat, cat->families[i].name);
    return name ? name : "";
}

p2e_status p2e_report_write_exceptions(const p2e_report *r, const p2e_catalog *cat,
                                       const char *const *file_names, const char *dir,
                                       const char *name, p2e_outset *set, p2e_err *err)
{
    static const char *const header[] = {"severity", "code", "file", "line", "handle", "sku",
                                         "name", "field", "value", "message", "action"};
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st)
        return st;
    w.guard_formulas = 1;
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        p2e_csvw_cstr(&w, header[i]);
    p2e_csvw_end_row(&w);
    p2e_buf msg = {0};
    for (size_t i = 0; i < r->count; i++) {
        const p2e_finding *f = &r->items[i];
        char line[32] = "";
        if (f->line)
            snprintf(line, sizeof line, "%lu", f->line);
        const char *detail = p2e_pool_get(&r->strings, f->detail);
        msg.len = 0;
        if (p2e_buf_puts(&msg, p2e_code_message(f->code)) ||
            (*detail && (p2e_buf_puts(&msg, " (") || p2e_buf_puts(&msg, detail) ||
                         p2e_buf_puts(&msg, ")")))) {
            w.status = P2E_ERR_NOMEM;
            break;
        }
        p2e_csvw_cstr(&w, p2e_severity_name(p2e_code_severity(f->code)));
        p2e_csvw_cstr(&w, p2e_code_name(f->code));
        p2e_csvw_cstr(&w, f->file == P2E_FILE_OTHER ? p2e_pool_get(&r->strings, f->path)
                                                   : file_names[f->file]);
        p2e_csvw_cstr(&w, line);
        p2e_csvw_cstr(&w, p2e_pool_get(&r->strings, f->handle));
        p2e_csvw_cstr(&w, p2e_pool_get(&r->strings, f->sku));
        p2e_csvw_cstr(&w, finding_name(r, cat, f));
        p2e_csvw_cstr(&w, p2e_pool_get(&r->strings, f->field));
        p2e_csvw_cstr(&w, p2e_pool_get(&r->strings, f->value));
        p2e_csvw_field(&w, msg.data, msg.len);
        p2e_csvw_cstr(&w, p2e_code_action(f->code));
        p2e_csvw_end_row(&w);
    }
    p2e_buf_free(&msg);
    return set ? p2e_csvw_finish(&w, set, err) : p2e_csvw_commit(&w, err);
}
