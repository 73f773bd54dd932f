/*
 * sync_util.h - the fixtures and helpers shared by the programs that test
 * `pos2ecom sync` and `pos2ecom audit` (test_sync_changes.c,
 * test_sync_invariants.c, test_sync_store.c): the invariants of the sync
 * issue, each as its own test.
 *
 * Every test writes small X-Series exports to temporary files, converts
 * them with p2e_command_convert (the import a first run would upload) and
 * turns that import into a store export the way eCom would hand it back
 * (product_internal_id after `type`, the eCom-only columns, export-only
 * columns, merchant edits), then runs p2e_command_sync into a temporary
 * folder and reads ecom-update.csv, ecom-delete.csv, drift.csv,
 * exceptions.csv and summary.json back with the CSV reader.
 *
 * The expectations come from the issue and docs (README, docs/convert-rules.md,
 * shared/spec/conversion-rules.md section 1, shared/spec/ecom-import.md
 * sections 8 and 11), not from the program's output.
 *
 * Here: the POS export BASE every test starts from and the store's ids;
 * the temporary files and tables, freed by teardown after every test;
 * running convert and sync; reading the outputs and asserting on them; the
 * store's export built from an import (build_store, base_store); reading a
 * store export into the model and planning against it (read_store,
 * plan_counts, sval). Static inline functions, like testutil.h: each test
 * program includes this header once and uses what it needs.
 */
#ifndef P2E_SYNC_UTIL_H
#define P2E_SYNC_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_command.h"
#include "p2e_csvread.h"
#include "p2e_report.h"
#include "p2e_source.h"
#include "p2e_store.h"
#include "p2e_sync.h"
#include "testutil.h"

/* ---- the POS export every test starts from ----------------------------
 *
 * stove  STV-1  standard product, every synced field set
 * tee    TEE-S, TEE-M  variant product (Size), UPC on TEE-S
 * thermos THM-1 inactive standard product (written unavailable)
 *
 * Every value used by a replacement below occurs once in the text.
 */
static const char BASE[] =
    "id,handle,sku,name,description,product_category,variant_option_one_name,"
    "variant_option_one_value,retail_price,brand_name,upc,weight,weight_unit,length,width,"
    "height,dimensions_unit,active,track_inventory,outlet_tax_Main_Outlet,"
    "inventory_Main_Outlet,reorder_point_Main_Outlet,restock_level_Main_Outlet,"
    "supplier_name,supplier_code,supply_price,tags\n"
    "1,stove,STV-1,Canister Stove,<p>Light and fast.</p>,Outdoor / Camping,,,49.00,"
    "Trailhead,4006381333931,1,KG,10,5,8,CM,1,1,Sales Tax,6,2,6,Trailhead Supply,TS-1,"
    "21.50,camping;stoves\n"
    "2,tee,TEE-S,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,S,20.00,Ridgeline,96385074,"
    "0.2,KG,,,,,1,1,Sales Tax,3,2,6,Summit Apparel,SA-S,8.40,apparel\n"
    "3,tee,TEE-M,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,M,20.00,Ridgeline,,0.2,KG,"
    ",,,,1,1,Sales Tax,4,2,6,Summit Apparel,SA-M,8.40,apparel\n"
    "4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
    "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n";

/* The store's ids: products in import order get 1001, 1002, 1003. */
#define ID_STOVE "1001"
#define ID_TEE "1002"
#define ID_THERMOS "1003"

/* ---- temporary files, freed after every test ---------------------------- */

static char *temps[64];
static int ntemps;
static tu_rows *tables[32];
static int ntables;

static inline int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < ntemps; i++) {
        tu_remove_tree(temps[i]);
        free(temps[i]);
    }
    ntemps = 0;
    for (int i = 0; i < ntables; i++) {
        tu_rows_free(tables[i]);
        free(tables[i]);
    }
    ntables = 0;
    return 0;
}

static inline const char *track(char *path)
{
    assert_non_null(path);
    assert_true(ntemps < (int)(sizeof temps / sizeof temps[0]));
    temps[ntemps++] = path;
    return path;
}

static inline const char *tmp_text(const char *text)
{
    return track(tu_write_temp(text, strlen(text), ".csv"));
}

static inline const char *tmp_dir(void)
{
    return track(tu_temp_dir());
}

/* base with every pair (from, to) replaced; each `from` must occur once.
 * pairs ends with NULL. Written to a temporary file. */
static inline const char *edited(const char *base, const char *const *pairs)
{
    size_t cap = strlen(base) + 1;
    for (size_t i = 0; pairs[i]; i += 2)
        cap += strlen(pairs[i + 1]) + 1;
    char *text = malloc(cap);
    assert_non_null(text);
    strcpy(text, base);
    for (size_t i = 0; pairs[i]; i += 2) {
        char *at = strstr(text, pairs[i]);
        if (!at)
            fail_msg("'%s' not in the export", pairs[i]);
        if (strstr(at + 1, pairs[i]))
            fail_msg("'%s' occurs more than once", pairs[i]);
        size_t fl = strlen(pairs[i]), tl = strlen(pairs[i + 1]);
        memmove(at + tl, at + fl, strlen(at + fl) + 1);
        memcpy(at, pairs[i + 1], tl);
    }
    const char *path = tmp_text(text);
    free(text);
    return path;
}

static inline const char *edit1(const char *from, const char *to)
{
    const char *pairs[] = {from, to, NULL};
    return edited(BASE, pairs);
}

/* ---- running the commands ------------------------------------------------ */

typedef struct {
    const char *pos[2];         /* export(s); pos[1] may be NULL */
    const char *ecom;
    const char *previous;
    int disable_deleted;
    int audit;
    const char *images;
    const char *base_url;
} sync_call;

static inline const char *convert_to(const char *export_path, const char *images,
                                      const char *base_url)
{
    const char *dir = tmp_dir();
    const char *inputs[] = {export_path};
    const char *image_dirs[] = {images};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = dir;
    o.quiet = 1;
    o.no_xlsx = 1;
    if (images) {
        o.image_dirs = image_dirs;
        o.nimage_dirs = 1;
        o.image_base_url = base_url;
    }
    p2e_err err = {{0}};
    int code = -1;
    p2e_status st = p2e_command_convert(&o, stderr, &code, &err);
    if (st != P2E_OK)
        fail_msg("convert failed: %s", err.msg);
    assert_int_equal(code, 0);
    return dir;
}

static inline const char *sync_to(const sync_call *c)
{
    const char *dir = tmp_dir();
    const char *inputs[2] = {c->pos[0], c->pos[1]};
    const char *previous[] = {c->previous};
    const char *image_dirs[] = {c->images};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = c->pos[1] ? 2 : 1;
    o.out_dir = dir;
    o.quiet = 1;
    o.ecom_path = c->ecom;
    if (c->previous) {
        o.previous = previous;
        o.nprevious = 1;
    }
    o.disable_deleted = c->disable_deleted;
    if (c->images) {
        o.image_dirs = image_dirs;
        o.nimage_dirs = 1;
        o.image_base_url = c->base_url;
    }
    p2e_err err = {{0}};
    int code = -1;
    p2e_status st = p2e_command_sync(&o, c->audit, stderr, &code, &err);
    if (st != P2E_OK)
        fail_msg("%s failed: %s", c->audit ? "audit" : "sync", err.msg);
    assert_int_equal(code, 0);
    return dir;
}

static inline const char *sync_simple(const char *pos, const char *ecom)
{
    sync_call c = {{pos, NULL}, ecom, NULL, 0, 0, NULL, NULL};
    return sync_to(&c);
}

/* ---- reading the outputs ------------------------------------------------- */

static inline const char *in_dir(const char *dir, const char *name)
{
    static char buf[4][4200];
    static int k;
    k = (k + 1) % 4;
    return tu_join(buf[k], sizeof buf[k], dir, name);
}

static inline tu_rows *table(const char *dir, const char *name)
{
    tu_rows *t = calloc(1, sizeof *t);
    assert_non_null(t);
    assert_true(ntables < (int)(sizeof tables / sizeof tables[0]));
    tables[ntables++] = t;
    p2e_err err = {{0}};
    p2e_status st = tu_read_csv(in_dir(dir, name), NULL, NULL, t, NULL, &err);
    if (st != P2E_OK)
        fail_msg("cannot read %s/%s: %s", dir, name, err.msg);
    assert_true(t->count >= 1);
    return t;
}

static inline long col(const tu_rows *t, const char *name)
{
    for (size_t i = 0; i < t->rows[0].ncells; i++)
        if (!strcmp(t->rows[0].cell[i], name))
            return (long)i;
    return -1;
}

/* The cell of row r in column name; NULL when the file has no such column. */
static inline const char *cell(const tu_rows *t, long r, const char *name)
{
    long c = col(t, name);
    if (c < 0 || r < 0)
        return NULL;
    if ((size_t)c >= t->rows[r].ncells)
        return "";
    return t->rows[r].cell[c];
}

static inline int same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* An import/update row: product rows by product_sku, variation rows by
 * product_variation_sku, option rows by product_sku and option value
 * (sku "tee|L"), category rows by category_path. -1 when none. */
static inline long find_row(const tu_rows *t, const char *type, const char *key)
{
    for (size_t r = 1; r < t->count; r++) {
        if (!same(cell(t, (long)r, "type"), type))
            continue;
        if (!strcmp(type, "product") && same(cell(t, (long)r, "product_sku"), key))
            return (long)r;
        if (!strcmp(type, "product_variation") && same(cell(t, (long)r, "product_variation_sku"), key))
            return (long)r;
        if (!strcmp(type, "category") && same(cell(t, (long)r, "category_path"), key))
            return (long)r;
        if (!strcmp(type, "product_option")) {
            char k[512];
            snprintf(k, sizeof k, "%s|%s", cell(t, (long)r, "product_sku"),
                     cell(t, (long)r, "product_option_value"));
            if (!strcmp(k, key))
                return (long)r;
        }
    }
    return -1;
}

static inline size_t count_type(const tu_rows *t, const char *type)
{
    size_t n = 0;
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "type"), type))
            n++;
    return n;
}

static inline long find_drift(const tu_rows *t, const char *sku, const char *field)
{
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "sku"), sku) && same(cell(t, (long)r, "field"), field))
            return (long)r;
    return -1;
}

/* exceptions.csv: the row with this code and SKU (and value when given). */
static inline long find_finding(const tu_rows *t, const char *code, const char *sku,
                                const char *value)
{
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "code"), code) && same(cell(t, (long)r, "sku"), sku) &&
            (!value || same(cell(t, (long)r, "value"), value)))
            return (long)r;
    return -1;
}

static inline void assert_cell(const tu_rows *t, long r, const char *name, const char *want)
{
    if (r < 0)
        fail_msg("row not found (wanted %s=%s)", name, want);
    const char *got = cell(t, r, name);
    if (!got)
        fail_msg("no column %s (wanted '%s')", name, want);
    if (strcmp(got, want) != 0)
        fail_msg("row %ld, %s: got '%s', expected '%s'", r, name, got, want);
}

/* The drift row for (sku, field) holds the store value and the POS value. */
static inline void assert_drift(const char *dir, const char *sku, const char *field,
                                const char *ecom, const char *pos, const char *action)
{
    tu_rows *d = table(dir, "drift.csv");
    long r = find_drift(d, sku, field);
    if (r < 0)
        fail_msg("drift.csv has no row for %s %s (expected '%s' -> '%s')", sku, field, ecom, pos);
    assert_cell(d, r, "ecom_value", ecom);
    assert_cell(d, r, "pos_value", pos);
    assert_cell(d, r, "action", action);
}

static inline void assert_header_only(const char *dir, const char *name)
{
    tu_rows *t = table(dir, name);
    if (t->count != 1)
        fail_msg("%s: %zu data rows, expected none (first: %s,%s,%s)", name, t->count - 1,
                 t->rows[1].ncells > 0 ? t->rows[1].cell[0] : "",
                 t->rows[1].ncells > 1 ? t->rows[1].cell[1] : "",
                 t->rows[1].ncells > 2 ? t->rows[1].cell[2] : "");
}

/* summary.json holds "key": n (in the sync block, keys are unique). */
static inline void assert_summary(const char *dir, const char *key, long n)
{
    char *json = tu_read_file(in_dir(dir, "summary.json"), NULL);
    assert_non_null(json);
    char want[128];
    snprintf(want, sizeof want, "\"%s\": %ld", key, n);
    const char *at = strstr(json, want);
    int ok = at && (at[strlen(want)] == ',' || at[strlen(want)] == '\n');
    if (!ok) {
        const char *s = strstr(json, "\"sync\"");
        fprintf(stderr, "%s\n", s ? s : json);
    }
    free(json);
    if (!ok)
        fail_msg("summary.json lacks %s", want);
}

/* ---- the store's export, built from an import ----------------------------
 *
 * As eCom would export it after importing `import`: product_internal_id
 * after `type` (1001, 1002, ... per product, repeated on option and
 * variation rows), the eCom-only columns, source_store_id and url; then
 * edits applied, then extra rows (each a list of "column=value" cells,
 * NULL-terminated) appended after the last row.
 */
typedef struct {
    const char *key;     /* product_sku of a product row, or product_variation_sku */
    const char *column;
    const char *value;
} store_edit;

static const char *const EXTRA_COLUMNS[] = {"product_compare_to_price", "product_subtitle",
                                            "product_low_stock_notification_quantity",
                                            "source_store_id", "url"};
#define NEXTRA (sizeof EXTRA_COLUMNS / sizeof EXTRA_COLUMNS[0])

static inline void put_cell(FILE *fp, const char *v, int first)
{
    if (!first)
        fputc(',', fp);
    size_t n = strlen(v);
    int quote = strpbrk(v, ",\"\r\n") != NULL || (n && (v[0] == ' ' || v[n - 1] == ' '));
    if (!quote) {
        fputs(v, fp);
        return;
    }
    fputc('"', fp);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

static inline const char *build_store(const char *import_dir, const store_edit *edits,
                                      const char *const *const *extra)
{
    tu_rows *in = table(import_dir, "ecom-import.csv");
    const char *path = track(tu_write_temp("", 0, ".csv"));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    /* header */
    size_t nin = in->rows[0].ncells, nout = nin + 1 + NEXTRA;
    const char **head = calloc(nout, sizeof *head);
    const char **vals = calloc(nout, sizeof *vals);
    assert_non_null(head);
    assert_non_null(vals);
    head[0] = "type";
    head[1] = "product_internal_id";
    for (size_t i = 1; i < nin; i++)
        head[i + 1] = in->rows[0].cell[i];
    for (size_t i = 0; i < NEXTRA; i++)
        head[nin + 1 + i] = EXTRA_COLUMNS[i];
    for (size_t i = 0; i < nout; i++)
        put_cell(fp, head[i], i == 0);
    fputc('\n', fp);
    char ids[64][16], urls[64][64];
    const char *id_sku[64];
    size_t nids = 0;
    for (size_t r = 1; r < in->count; r++) {
        const char *type = cell(in, (long)r, "type");
        const char *sku = cell(in, (long)r, "product_sku");
        for (size_t i = 0; i < nout; i++)
            vals[i] = "";
        vals[0] = type;
        for (size_t i = 1; i < nin && i < in->rows[r].ncells; i++)
            vals[i + 1] = in->rows[r].cell[i];
        const char *id = "";
        if (!strcmp(type, "product")) {
            assert_true(nids < 64);
            snprintf(ids[nids], sizeof ids[nids], "%zu", 1001 + nids);
            snprintf(urls[nids], sizeof urls[nids], "https://shop.example/p/%zu", 1001 + nids);
            id_sku[nids] = sku;
            vals[nout - 1] = urls[nids];
            nids++;
        }
        for (size_t k = 0; k < nids; k++)
            if (strcmp(type, "category") != 0 && !strcmp(id_sku[k], sku))
                id = ids[k];
        vals[1] = id;
        vals[nout - 2] = strcmp(type, "category") ? "777" : "";
        const char *key = !strcmp(type, "product") ? sku
                          : !strcmp(type, "product_variation") ? cell(in, (long)r, "product_variation_sku")
                                                                : NULL;
        for (size_t e = 0; edits && edits[e].key; e++) {
            if (!key || strcmp(edits[e].key, key) != 0)
                continue;
            int found = 0;
            for (size_t i = 0; i < nout; i++)
                if (!strcmp(head[i], edits[e].column)) {
                    vals[i] = edits[e].value;
                    found = 1;
                }
            if (!found)
                fail_msg("store edit: no column %s", edits[e].column);
        }
        for (size_t i = 0; i < nout; i++)
            put_cell(fp, vals[i], i == 0);
        fputc('\n', fp);
    }
    for (size_t x = 0; extra && extra[x]; x++) {
        for (size_t i = 0; i < nout; i++)
            vals[i] = "";
        for (size_t c = 0; extra[x][c]; c++) {
            const char *eq = strchr(extra[x][c], '=');
            assert_non_null(eq);
            int found = 0;
            for (size_t i = 0; i < nout; i++)
                if (strlen(head[i]) == (size_t)(eq - extra[x][c]) &&
                    !strncmp(head[i], extra[x][c], (size_t)(eq - extra[x][c]))) {
                    vals[i] = eq + 1;
                    found = 1;
                }
            if (!found)
                fail_msg("extra store row: no column in '%s'", extra[x][c]);
        }
        for (size_t i = 0; i < nout; i++)
            put_cell(fp, vals[i], i == 0);
        fputc('\n', fp);
    }
    free(head);
    free(vals);
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* The store after importing BASE, with its ids. */
static inline const char *base_store(const store_edit *edits, const char *const *const *extra)
{
    const char *conv = convert_to(tmp_text(BASE), NULL, NULL);
    return build_store(conv, edits, extra);
}

/* The base URL given with image folders (the image tests, the demo store). */
#define CDN "https://cdn.example.com/p"

/* ---- the store model: reading an export, planning against it ----------- */

static inline void read_store(p2e_store *s, const char *path)
{
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_init(s), P2E_OK);
    p2e_status st = p2e_store_read(s, path, &err);
    if (st != P2E_OK)
        fail_msg("p2e_store_read(%s): %s", path, err.msg);
}

static inline p2e_sync_counts plan_counts(const p2e_store *desired, const p2e_store *live)
{
    p2e_sync plan;
    p2e_report rep;
    p2e_err err = {{0}};
    memset(&plan, 0, sizeof plan);
    assert_int_equal(p2e_report_init(&rep), P2E_OK);
    plan.desired = desired;
    plan.live = live;
    plan.live_path = "store.csv";
    assert_int_equal(p2e_sync_plan(&plan, NULL, &rep, &err), P2E_OK);
    p2e_sync_counts c = plan.counts;
    p2e_sync_free(&plan);
    p2e_report_free(&rep);
    return c;
}

static inline const char *sval(const p2e_store *s, p2e_str v)
{
    return p2e_store_str(s, v);
}

#endif
