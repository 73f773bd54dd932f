/*
 * test_sync.c - `pos2ecom sync` and `pos2ecom audit`: the invariants of the
 * sync issue, each as its own test.
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
 * sections 8 and 11), not from the program's output:
 *   - round trip: convert, then sync against that import as the store's
 *     export: empty update (header only), no drift;
 *   - idempotence: applying the update to the store model
 *     (p2e_store_apply) and planning again gives nothing to create or update;
 *   - a change of each synced field in the POS export is carried in the
 *     right column of the right product and reported as drift (store value,
 *     POS value);
 *   - eCom-only fields in the store are never written nor reported;
 *   - a change of a not-synced POS field gives no update and no drift;
 *   - deletions with --previous, --disable-deleted, eCom-only products and
 *     variations, product_internal_id, a store export with a subset of
 *     columns, the " -1" quirk and braced option columns;
 *   - audit writes no import file;
 *   - the real E-Series export excerpts in ../shared/fixtures-public/ecom/
 *     are read with the counts their README states (skipped when absent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

static int teardown(void **state)
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

static const char *track(char *path)
{
    assert_non_null(path);
    assert_true(ntemps < (int)(sizeof temps / sizeof temps[0]));
    temps[ntemps++] = path;
    return path;
}

static const char *tmp_text(const char *text)
{
    return track(tu_write_temp(text, strlen(text), ".csv"));
}

static const char *tmp_dir(void)
{
    return track(tu_temp_dir());
}

/* base with every pair (from, to) replaced; each `from` must occur once.
 * pairs ends with NULL. Written to a temporary file. */
static const char *edited(const char *base, const char *const *pairs)
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

static const char *edit1(const char *from, const char *to)
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

static const char *convert_to(const char *export_path, const char *images, const char *base_url)
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

static const char *sync_to(const sync_call *c)
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

static const char *sync_simple(const char *pos, const char *ecom)
{
    sync_call c = {{pos, NULL}, ecom, NULL, 0, 0, NULL, NULL};
    return sync_to(&c);
}

/* ---- reading the outputs ------------------------------------------------- */

static const char *in_dir(const char *dir, const char *name)
{
    static char buf[4][4200];
    static int k;
    k = (k + 1) % 4;
    return tu_join(buf[k], sizeof buf[k], dir, name);
}

static tu_rows *table(const char *dir, const char *name)
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

static long col(const tu_rows *t, const char *name)
{
    for (size_t i = 0; i < t->rows[0].ncells; i++)
        if (!strcmp(t->rows[0].cell[i], name))
            return (long)i;
    return -1;
}

/* The cell of row r in column name; NULL when the file has no such column. */
static const char *cell(const tu_rows *t, long r, const char *name)
{
    long c = col(t, name);
    if (c < 0 || r < 0)
        return NULL;
    if ((size_t)c >= t->rows[r].ncells)
        return "";
    return t->rows[r].cell[c];
}

static int same(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* An import/update row: product rows by product_sku, variation rows by
 * product_variation_sku, option rows by product_sku and option value
 * (sku "tee|L"), category rows by category_path. -1 when none. */
static long find_row(const tu_rows *t, const char *type, const char *key)
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

static size_t count_type(const tu_rows *t, const char *type)
{
    size_t n = 0;
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "type"), type))
            n++;
    return n;
}

static long find_drift(const tu_rows *t, const char *sku, const char *field)
{
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "sku"), sku) && same(cell(t, (long)r, "field"), field))
            return (long)r;
    return -1;
}

/* exceptions.csv: the row with this code and SKU (and value when given). */
static long find_finding(const tu_rows *t, const char *code, const char *sku, const char *value)
{
    for (size_t r = 1; r < t->count; r++)
        if (same(cell(t, (long)r, "code"), code) && same(cell(t, (long)r, "sku"), sku) &&
            (!value || same(cell(t, (long)r, "value"), value)))
            return (long)r;
    return -1;
}

static void assert_cell(const tu_rows *t, long r, const char *name, const char *want)
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
static void assert_drift(const char *dir, const char *sku, const char *field, const char *ecom,
                         const char *pos, const char *action)
{
    tu_rows *d = table(dir, "drift.csv");
    long r = find_drift(d, sku, field);
    if (r < 0)
        fail_msg("drift.csv has no row for %s %s (expected '%s' -> '%s')", sku, field, ecom, pos);
    assert_cell(d, r, "ecom_value", ecom);
    assert_cell(d, r, "pos_value", pos);
    assert_cell(d, r, "action", action);
}

static void assert_header_only(const char *dir, const char *name)
{
    tu_rows *t = table(dir, name);
    if (t->count != 1)
        fail_msg("%s: %zu data rows, expected none (first: %s,%s,%s)", name, t->count - 1,
                 t->rows[1].ncells > 0 ? t->rows[1].cell[0] : "",
                 t->rows[1].ncells > 1 ? t->rows[1].cell[1] : "",
                 t->rows[1].ncells > 2 ? t->rows[1].cell[2] : "");
}

/* summary.json holds "key": n (in the sync block, keys are unique). */
static void assert_summary(const char *dir, const char *key, long n)
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

static void put_cell(FILE *fp, const char *v, int first)
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

static const char *build_store(const char *import_dir, const store_edit *edits,
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
static const char *base_store(const store_edit *edits, const char *const *const *extra)
{
    const char *conv = convert_to(tmp_text(BASE), NULL, NULL);
    return build_store(conv, edits, extra);
}

/* ---- one synced field changed in the POS --------------------------------- */

typedef struct {
    const char *from, *to;       /* the change in the POS export */
    const char *type, *key;      /* the update row that must carry it */
    const char *column, *value;  /* ... in this column */
    const char *id;              /* its product_internal_id */
    const char *drift_sku, *drift_field, *drift_ecom, *drift_pos;
} field_change;

static const char *check_change_as(const field_change *fc, const char *drift_action)
{
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1(fc->from, fc->to), store);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, fc->type, fc->key);
    if (r < 0)
        fail_msg("ecom-update.csv has no %s row for %s", fc->type, fc->key);
    assert_cell(u, r, fc->column, fc->value);
    assert_cell(u, r, "product_internal_id", fc->id);
    /* only the changed family is written */
    assert_int_equal(count_type(u, "product"), 1);
    assert_drift(out, fc->drift_sku, fc->drift_field, fc->drift_ecom, fc->drift_pos, drift_action);
    return out;
}

static const char *check_change(const field_change *fc)
{
    return check_change_as(fc, "update");
}

static void test_change_name(void **state)
{
    (void)state;
    field_change fc = {"Canister Stove,", "Canister Stove Pro,", "product", "STV-1", "product_name",
                       "Canister Stove Pro", ID_STOVE, "STV-1", "product_name", "Canister Stove",
                       "Canister Stove Pro"};
    const char *out = check_change(&fc);
    assert_summary(out, "updated", 1);
    assert_summary(out, "name", 1);
}

static void test_change_description(void **state)
{
    (void)state;
    field_change fc = {"<p>Light and fast.</p>", "\"<p>Light, fast &amp; quiet.</p>\"", "product",
                       "STV-1", "product_description", "<p>Light, fast &amp; quiet.</p>", ID_STOVE,
                       "STV-1", "product_description", "<p>Light and fast.</p>",
                       "<p>Light, fast &amp; quiet.</p>"};
    check_change(&fc);
}

static void test_change_category(void **state)
{
    (void)state;
    field_change fc = {"Outdoor / Camping", "Outdoor / Cooking", "product", "STV-1",
                       "product_category_1", "Outdoor / Cooking", ID_STOVE, "STV-1",
                       "product_category_1", "Outdoor / Camping", "Outdoor / Cooking"};
    const char *out = check_change(&fc);
    /* the new path is created; its parent is already in the store */
    tu_rows *u = table(out, "ecom-update.csv");
    assert_true(find_row(u, "category", "Outdoor / Cooking") > 0);
    assert_int_equal(find_row(u, "category", "Outdoor"), -1);
}

static void test_change_brand(void **state)
{
    (void)state;
    field_change fc = {"49.00,Trailhead,", "49.00,Trailhead Pro,", "product", "STV-1", "product_brand",
                       "Trailhead Pro", ID_STOVE, "STV-1", "product_brand", "Trailhead",
                       "Trailhead Pro"};
    check_change(&fc);
}

static void test_change_upc_standard(void **state)
{
    (void)state;
    field_change fc = {"4006381333931", "5012345678900", "product", "STV-1", "product_upc",
                       "5012345678900", ID_STOVE, "STV-1", "product_upc", "4006381333931",
                       "5012345678900"};
    check_change(&fc);
}

static void test_change_upc_variation(void **state)
{
    (void)state;
    field_change fc = {"96385074", "12345670", "product_variation", "TEE-S", "product_upc",
                       "12345670", ID_TEE, "TEE-S", "product_upc", "96385074", "12345670"};
    check_change(&fc);
}

/* A variant's SKU changed in the POS: the variation is found by its option
 * values (the fallback) and gets the new SKU; nothing is added. */
static void test_change_variation_sku(void **state)
{
    (void)state;
    field_change fc = {"TEE-M,", "TEE-MED,", "product_variation", "TEE-MED", "product_variation_sku",
                       "TEE-MED", ID_TEE, "TEE-MED", "sku", "TEE-M", "TEE-MED"};
    const char *out = check_change(&fc);
    assert_summary(out, "variants_added", 0);
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "ECOM_ONLY_VARIATION", "tee", NULL), -1);
}

/* A standard product's SKU is its key: a new SKU is a new product, the old
 * one is left alone and reported. */
static void test_change_standard_sku(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1(",STV-1,", ",STV-2,"), store);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-2");
    assert_cell(u, r, "product_internal_id", "");
    assert_cell(u, r, "product_name", "Canister Stove");
    assert_int_equal(find_row(u, "product", "STV-1"), -1);
    assert_drift(out, "STV-2", "(product)", "", "Canister Stove", "create");
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "ECOM_ONLY_PRODUCT", "STV-1", NULL) > 0);
    assert_summary(out, "created", 1);
    assert_summary(out, "ecom_only_products", 1);
}

static void test_variant_added(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "4,thermos,",
        "5,tee,TEE-L,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,L,22.00,Ridgeline,,0.2,KG,"
        ",,,,1,1,Sales Tax,8,2,6,Summit Apparel,SA-L,8.40,apparel\n4,thermos,",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    /* the whole family, with the new option value and the new variation */
    long p = find_row(u, "product", "tee");
    assert_cell(u, p, "product_internal_id", ID_TEE);
    assert_cell(u, p, "product_quantity", "15");
    long o = find_row(u, "product_option", "tee|L");
    assert_cell(u, o, "product_option_name", "Size");
    assert_cell(u, o, "product_internal_id", ID_TEE);
    assert_true(find_row(u, "product_option", "tee|S") > 0);
    long v = find_row(u, "product_variation", "TEE-L");
    assert_cell(u, v, "product_variation_option_Size", "L");
    assert_cell(u, v, "product_price", "22.00");
    assert_cell(u, v, "product_quantity", "8");
    assert_cell(u, v, "product_internal_id", ID_TEE);
    assert_true(find_row(u, "product_variation", "TEE-S") > 0);
    assert_true(find_row(u, "product_variation", "TEE-M") > 0);
    assert_int_equal(count_type(u, "product"), 1);
    tu_rows *d = table(out, "drift.csv");
    long dr = find_drift(d, "TEE-L", "(variation)");
    assert_true(dr > 0);
    assert_cell(d, dr, "action", "add");
    assert_drift(out, "tee", "product_quantity", "7", "15", "update");
    assert_summary(out, "variants_added", 1);
    assert_summary(out, "updated", 1);
    assert_summary(out, "created", 0);
}

static void test_deactivated(void **state)
{
    (void)state;
    field_change fc = {"CM,1,1,Sales Tax,6,", "CM,0,1,Sales Tax,6,", "product", "STV-1",
                       "product_is_available", "false", ID_STOVE, "STV-1", "product_is_available",
                       "true", "false"};
    const char *out = check_change(&fc);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 0);
}

static void test_reactivated(void **state)
{
    (void)state;
    field_change fc = {"KG,,,,,0,1,Sales Tax,5,", "KG,,,,,1,1,Sales Tax,5,", "product", "THM-1",
                       "product_is_available", "true", ID_THERMOS, "THM-1", "product_is_available",
                       "false", "true"};
    const char *out = check_change(&fc);
    assert_summary(out, "reactivated", 1);
    assert_summary(out, "deactivated", 0);
}

/* Every variant of a family deactivated: the product and its variations
 * become unavailable. */
static void test_deactivated_family(void **state)
{
    (void)state;
    static const char *const pairs[] = {"KG,,,,,1,1,Sales Tax,3,", "KG,,,,,0,1,Sales Tax,3,",
                                        "KG,,,,,1,1,Sales Tax,4,", "KG,,,,,0,1,Sales Tax,4,", NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product", "tee"), "product_is_available", "false");
    assert_cell(u, find_row(u, "product_variation", "TEE-S"), "product_is_available", "false");
    assert_cell(u, find_row(u, "product_variation", "TEE-M"), "product_is_available", "false");
    assert_drift(out, "tee", "product_is_available", "true", "false", "update");
    assert_summary(out, "deactivated", 1);
}

/* One variant deactivated in an active family: the POS no longer sells
 * it, so eCom must not either. It is not an eCom-only variation. */
static void test_deactivated_variant(void **state)
{
    (void)state;
    field_change fc = {"KG,,,,,1,1,Sales Tax,4,", "KG,,,,,0,1,Sales Tax,4,", "product_variation",
                       "TEE-M", "product_is_available", "false", ID_TEE, "TEE-M",
                       "product_is_available", "true", "false"};
    const char *out = check_change_as(&fc, "deactivate");
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "ECOM_ONLY_VARIATION", "tee", "TEE-M"), -1);
}

static void test_change_stock(void **state)
{
    (void)state;
    field_change fc = {"Sales Tax,6,", "Sales Tax,9,", "product", "STV-1", "product_quantity", "9",
                       ID_STOVE, "STV-1", "product_quantity", "6", "9"};
    const char *out = check_change(&fc);
    assert_summary(out, "quantity", 1);
}

static void test_change_stock_variation(void **state)
{
    (void)state;
    field_change fc = {"Sales Tax,3,", "Sales Tax,5,", "product_variation", "TEE-S",
                       "product_quantity", "5", ID_TEE, "TEE-S", "product_quantity", "3", "5"};
    const char *out = check_change(&fc);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product", "tee"), "product_quantity", "9");
    assert_drift(out, "tee", "product_quantity", "7", "9", "update");
}

static void test_change_price(void **state)
{
    (void)state;
    field_change fc = {"49.00", "52.5", "product", "STV-1", "product_price", "52.50", ID_STOVE,
                       "STV-1", "product_price", "49.00", "52.50"};
    const char *out = check_change(&fc);
    assert_summary(out, "price", 1);
}

static void test_change_price_variation(void **state)
{
    (void)state;
    field_change fc = {"Size,M,20.00,", "Size,M,22.00,", "product_variation", "TEE-M",
                       "product_price", "22.00", ID_TEE, "TEE-M", "product_price", "20.00",
                       "22.00"};
    check_change(&fc);
}

static void test_change_weight(void **state)
{
    (void)state;
    field_change fc = {"4006381333931,1,KG,", "4006381333931,1250,G,", "product", "STV-1",
                       "product_weight", "1.25", ID_STOVE, "STV-1", "product_weight", "1", "1.25"};
    check_change(&fc);
}

static void test_change_dimensions(void **state)
{
    (void)state;
    field_change fc = {"KG,10,5,8,CM", "KG,12,6,9,CM", "product", "STV-1", "product_length", "12",
                       ID_STOVE, "STV-1", "product_length", "10", "12"};
    const char *out = check_change(&fc);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-1");
    assert_cell(u, r, "product_width", "6");
    assert_cell(u, r, "product_height", "9");
    assert_drift(out, "STV-1", "product_width", "5", "6", "update");
    assert_drift(out, "STV-1", "product_height", "8", "9", "update");
}

/* ---- images ---------------------------------------------------------------- */

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_chunk(FILE *fp, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char head[8], crc[4];
    be32(head, len);
    memcpy(head + 4, type, 4);
    uLong c = crc32(0L, (const Bytef *)type, 4);
    if (len)
        c = crc32(c, data, len);
    be32(crc, (uint32_t)c);
    fwrite(head, 1, 8, fp);
    if (len)
        fwrite(data, 1, len, fp);
    fwrite(crc, 1, 4, fp);
}

/* A valid w x 1 RGB PNG of one colour. */
static void write_png(const char *dir, const char *name, uint32_t w, unsigned char r,
                      unsigned char g, unsigned char b)
{
    char path[4200];
    unsigned char ihdr[13], raw[64], z[256];
    assert_true(w >= 1 && 1 + 3 * w <= sizeof raw);
    be32(ihdr, w);
    be32(ihdr + 4, 1);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;
    raw[0] = 0;   /* filter: none */
    for (uint32_t i = 0; i < w; i++) {
        raw[1 + 3 * i] = r;
        raw[2 + 3 * i] = g;
        raw[3 + 3 * i] = b;
    }
    uLongf zlen = sizeof z;
    assert_int_equal(compress(z, &zlen, raw, 1 + 3 * w), Z_OK);
    FILE *fp = fopen(tu_join(path, sizeof path, dir, name), "wb");
    assert_non_null(fp);
    fwrite("\x89PNG\r\n\x1A\n", 1, 8, fp);
    put_chunk(fp, "IHDR", ihdr, 13);
    put_chunk(fp, "IDAT", z, (uint32_t)zlen);
    put_chunk(fp, "IEND", NULL, 0);
    assert_int_equal(fclose(fp), 0);
}

#define CDN "https://cdn.example.com/p"

/* A second photo for the stove: its complete image list is written; the
 * tee, whose images did not change, is not. */
static void test_change_images(void **state)
{
    (void)state;
    const char *im1 = tmp_dir(), *im2 = tmp_dir();
    write_png(im1, "stove.png", 1, 255, 0, 0);
    write_png(im1, "tee.png", 1, 0, 255, 0);
    write_png(im2, "stove.png", 1, 255, 0, 0);
    write_png(im2, "stove_2.png", 2, 0, 0, 255);
    write_png(im2, "tee.png", 1, 0, 255, 0);
    const char *pos = tmp_text(BASE);
    const char *conv = convert_to(pos, im1, CDN);
    const char *store = build_store(conv, NULL, NULL);
    /* same photos: nothing to do */
    sync_call same_photos = {{pos, NULL}, store, NULL, 0, 0, im1, CDN};
    const char *out0 = sync_to(&same_photos);
    assert_header_only(out0, "ecom-update.csv");
    assert_header_only(out0, "drift.csv");
    /* one more photo of the stove */
    sync_call c = {{pos, NULL}, store, NULL, 0, 0, im2, CDN};
    const char *out = sync_to(&c);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "STV-1");
    assert_cell(u, r, "product_media_main_image_url", CDN "/stove-1.png");
    assert_cell(u, r, "product_media_gallery_image_url_1", CDN "/stove-2.png");
    assert_cell(u, r, "product_internal_id", ID_STOVE);
    assert_int_equal(count_type(u, "product"), 1);
    /* image lists are shown on one line, "; "-separated */
    assert_drift(out, "STV-1", "images", CDN "/stove-1.png", CDN "/stove-1.png; " CDN "/stove-2.png",
                 "update");
}

/* Without image folders the store's images are not compared. */
static void test_images_not_compared_without_folders(void **state)
{
    (void)state;
    const char *im1 = tmp_dir();
    write_png(im1, "stove.png", 1, 255, 0, 0);
    const char *pos = tmp_text(BASE);
    const char *store = build_store(convert_to(pos, im1, CDN), NULL, NULL);
    const char *out = sync_simple(pos, store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
}

/* ---- the invariants ------------------------------------------------------ */

static void check_roundtrip(const char *pos, const char *images, const char *base_url)
{
    const char *conv = convert_to(pos, images, base_url);
    char store[4200];
    tu_join(store, sizeof store, conv, "ecom-import.csv");
    sync_call c = {{pos, NULL}, store, NULL, 0, 0, images, base_url};
    const char *out = sync_to(&c);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-delete.csv");
    /* the update's header: the import's with product_internal_id after type */
    tu_rows *imp = table(conv, "ecom-import.csv"), *u = table(out, "ecom-update.csv");
    assert_int_equal(u->rows[0].ncells, imp->rows[0].ncells + 1);
    assert_string_equal(u->rows[0].cell[0], "type");
    assert_string_equal(u->rows[0].cell[1], "product_internal_id");
    for (size_t i = 1; i < imp->rows[0].ncells; i++)
        assert_string_equal(u->rows[0].cell[i + 1], imp->rows[0].cell[i]);
    assert_summary(out, "created", 0);
    assert_summary(out, "updated", 0);
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "ecom_only_products", 0);
    assert_summary(out, "ecom_only_variations", 0);
}

static void test_roundtrip(void **state)
{
    (void)state;
    check_roundtrip(tmp_text(BASE), NULL, NULL);
}

/* A richer export: two options (one with a space, braced in the import),
 * an untracked product, a composite, an in-store-only product. */
static void test_roundtrip_rich(void **state)
{
    (void)state;
    const char *pos = tmp_text(
        "id,handle,sku,composite_name,composite_sku,composite_quantity,name,product_category,"
        "variant_option_one_name,variant_option_one_value,variant_option_two_name,"
        "variant_option_two_value,retail_price,active,active_online,track_inventory,"
        "inventory_Main_Outlet\n"
        "1,decaf,DC-12-WB,,,,Decaf,Coffee / Whole Bean,Size,12 oz,Grind Size,Whole Bean,16.50,1,1,1,4\n"
        "2,decaf,DC-12-DR,,,,Decaf,Coffee / Whole Bean,Size,12 oz,Grind Size,Drip,16.50,1,1,1,-2\n"
        "3,decaf,DC-2LB-WB,,,,Decaf,Coffee / Whole Bean,Size,2 lb,Grind Size,Whole Bean,40.00,1,1,1,2.5\n"
        "4,wrap,SVC-WRAP,,,,Gift Wrapping,Services,,,,,5.00,1,1,0,\n"
        "5,kit,KIT-1,,,,Brew Kit,Bundles,,,,,39.00,1,1,1,0\n"
        "5,,KIT-1,Decaf,DC-12-WB,2,Brew Kit\n"
        "6,fuel,FUEL-1,,,,Fuel,Outdoor,,,,,6.00,1,0,1,9\n");
    check_roundtrip(pos, NULL, NULL);
}

/* The demo store, all outlets, with its photos. */
static void test_roundtrip_demo_store(void **state)
{
    (void)state;
    if (!tu_exists("samples/store/product-export.csv")) {
        printf("[  SKIP    ] samples/store/product-export.csv not found: run from the repository root\n");
        return;
    }
    const char *pos = "samples/store/product-export.csv";
    const char *conv = tmp_dir();
    const char *inputs[] = {pos};
    const char *images[] = {"samples/images"};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = conv;
    o.quiet = 1;
    o.no_xlsx = 1;
    o.all_outlets = 1;
    o.image_dirs = images;
    o.nimage_dirs = 1;
    o.image_base_url = CDN;
    p2e_err err = {{0}};
    int code = -1;
    assert_int_equal(p2e_command_convert(&o, stderr, &code, &err), P2E_OK);
    char store[4200];
    o.out_dir = tmp_dir();
    o.ecom_path = tu_join(store, sizeof store, conv, "ecom-import.csv");
    assert_int_equal(p2e_command_sync(&o, 0, stderr, &code, &err), P2E_OK);
    assert_header_only(o.out_dir, "ecom-update.csv");
    assert_header_only(o.out_dir, "drift.csv");
    assert_summary(o.out_dir, "unchanged", 38);
}

/* The same POS export against a store export that has ids, eCom-only
 * values and export-only columns: nothing to do. */
static void test_store_with_ids_matches(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_summary(out, "unchanged", 3);
}

static void read_store(p2e_store *s, const char *path)
{
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_init(s), P2E_OK);
    p2e_status st = p2e_store_read(s, path, &err);
    if (st != P2E_OK)
        fail_msg("p2e_store_read(%s): %s", path, err.msg);
}

static p2e_sync_counts plan_counts(const p2e_store *desired, const p2e_store *live)
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

static const char *sval(const p2e_store *s, p2e_str v)
{
    return p2e_store_str(s, v);
}

/* Apply the update to the store model; planning again finds nothing to
 * create or update, and every POS product's synced fields are in the
 * store model. */
static void test_idempotence(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Canister Stove,", "Canister Stove Pro,",                      /* name */
        "49.00", "52.00",                                               /* price */
        "Sales Tax,3,", "Sales Tax,5,",                                 /* variation stock */
        "96385074", "12345670",                                         /* variation UPC */
        "KG,,,,,0,1,Sales Tax,5,", "KG,,,,,1,1,Sales Tax,5,",           /* reactivated */
        "4,thermos,",
        "5,tee,TEE-L,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,L,22.00,Ridgeline,,0.2,KG,"
        ",,,,1,1,Sales Tax,8,2,6,Summit Apparel,SA-L,8.40,apparel\n4,thermos,", /* variant added */
        "clearance\n", "clearance\n6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
                       "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n", /* created */
        NULL};
    static const store_edit edits[] = {
        {"STV-1", "product_compare_to_price", "59.00"},
        {"tee", "product_subtitle", "Soft"},
        {"THM-1", "product_name", "Retro Thermos (eCom name)"},
        {NULL, NULL, NULL}};
    const char *store_path = base_store(edits, NULL);
    const char *pos2 = edited(BASE, pairs);
    const char *out = sync_simple(pos2, store_path);
    const char *conv2 = convert_to(pos2, NULL, NULL);
    p2e_store desired, live, update;
    read_store(&desired, in_dir(conv2, "ecom-import.csv"));
    read_store(&live, store_path);
    read_store(&update, in_dir(out, "ecom-update.csv"));
    p2e_sync_counts before = plan_counts(&desired, &live);
    assert_int_equal(before.created, 1);
    assert_int_equal(before.updated, 3);
    assert_int_equal(before.variants_added, 1);
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_apply(&live, &update, &err), P2E_OK);
    p2e_sync_counts after = plan_counts(&desired, &live);
    assert_int_equal(after.created, 0);
    assert_int_equal(after.updated, 0);
    assert_int_equal(after.variants_added, 0);
    assert_int_equal(after.unchanged, desired.nproducts);
    /* the fields really arrived (a product the apply created is compared
     * here, whatever columns it was seen with) */
    for (size_t i = 0; i < desired.nproducts; i++) {
        const p2e_store_product *d = &desired.products[i];
        uint32_t l = p2e_store_find_product(&live, sval(&desired, d->f[P2E_SF_SKU]));
        assert_int_not_equal(l, P2E_STORE_NONE);
        const p2e_store_product *lp = &live.products[l];
        static const p2e_store_field f[] = {P2E_SF_NAME, P2E_SF_PRICE, P2E_SF_AVAILABLE,
                                            P2E_SF_QUANTITY, P2E_SF_UPC, P2E_SF_CATEGORY};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
            assert_string_equal(sval(&live, lp->f[f[k]]), sval(&desired, d->f[f[k]]));
        for (uint32_t v = d->first_variation; v != P2E_STORE_NONE; v = desired.variations[v].next) {
            const p2e_store_variation *dv = &desired.variations[v];
            uint32_t lv = p2e_store_find_variation(&live, l, sval(&desired, dv->f[P2E_SF_SKU]),
                                                   sval(&desired, dv->f[P2E_SF_OPTIONS]));
            assert_int_not_equal(lv, P2E_STORE_NONE);
            assert_string_equal(sval(&live, live.variations[lv].f[P2E_SF_QUANTITY]),
                                sval(&desired, dv->f[P2E_SF_QUANTITY]));
            assert_string_equal(sval(&live, live.variations[lv].f[P2E_SF_UPC]),
                                sval(&desired, dv->f[P2E_SF_UPC]));
        }
    }
    /* the eCom-only value survived the update */
    uint32_t s = p2e_store_find_product(&live, "STV-1");
    assert_string_equal(sval(&live, live.products[s].f[P2E_SF_COMPARE_TO]), "59.00");
    p2e_store_free(&desired);
    p2e_store_free(&live);
    p2e_store_free(&update);
}

/* 'Compare to' price, subtitle and low stock threshold set in the store:
 * never written, never drift, even when the product is updated. */
static void test_ecom_only_fields_kept(void **state)
{
    (void)state;
    static const store_edit edits[] = {
        {"STV-1", "product_compare_to_price", "59.00"},
        {"STV-1", "product_subtitle", "Boils in 3 minutes"},
        {"STV-1", "product_low_stock_notification_quantity", "2"},
        {"tee", "product_compare_to_price", "25.00"},
        {"TEE-S", "product_low_stock_notification_quantity", "1"},
        {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    const char *out0 = sync_simple(tmp_text(BASE), store);
    assert_header_only(out0, "ecom-update.csv");
    assert_header_only(out0, "drift.csv");
    static const char *const pairs[] = {"49.00", "52.00", "Size,S,20.00,", "Size,S,21.00,", NULL};
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_true(find_row(u, "product", "STV-1") > 0);
    assert_true(find_row(u, "product", "tee") > 0);
    assert_int_equal(col(u, "product_compare_to_price"), -1);
    assert_int_equal(col(u, "product_subtitle"), -1);
    assert_int_equal(col(u, "product_low_stock_notification_quantity"), -1);
    tu_rows *d = table(out, "drift.csv");
    for (size_t r = 1; r < d->count; r++) {
        const char *f = cell(d, (long)r, "field");
        assert_false(same(f, "product_compare_to_price"));
        assert_false(same(f, "product_subtitle"));
        assert_false(same(f, "product_low_stock_notification_quantity"));
    }
    assert_int_equal(d->count, 1 + 3); /* STV-1, tee (its first variation's price) and TEE-S prices */
    assert_drift(out, "STV-1", "product_price", "49.00", "52.00", "update");
    assert_drift(out, "TEE-S", "product_price", "20.00", "21.00", "update");
}

/* Supplier, supplier code, supply price, tags, tax, reorder point and
 * restock level changed: nothing to sync. */
static void test_not_synced_fields(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Trailhead Supply,TS-1,21.50,camping;stoves", "Basecamp Wholesale,BW-77,23.10,camping;stoves;sale",
        "Summit Apparel,SA-S,8.40,apparel", "Summit Apparel Co.,SA-S2,8.90,apparel;tees",
        "1,1,Sales Tax,6,2,6,", "1,1,Reduced Tax,6,4,12,",
        "Sales Tax,4,2,6,", "No Tax,4,,,",
        "Trailhead Supply,TS-9,14.00,clearance", ",,,",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
    assert_summary(out, "updated", 0);
    assert_summary(out, "unchanged", 3);
}

/* THM-1 is in --previous but no longer in the export: deleted in the POS. */
static void test_deleted_with_previous(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    const char *store = base_store(NULL, NULL);
    sync_call c = {{now, NULL}, store, prev, 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->rows[0].ncells, 3);
    assert_string_equal(del->rows[0].cell[0], "product_internal_id");
    assert_string_equal(del->rows[0].cell[1], "product_sku");
    assert_string_equal(del->rows[0].cell[2], "product_name");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_internal_id", ID_THERMOS);
    assert_cell(del, 1, "product_sku", "THM-1");
    assert_cell(del, 1, "product_name", "Retro Thermos");
    assert_header_only(out, "ecom-update.csv");
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "DELETED_IN_POS", "THM-1", NULL) > 0);
    assert_int_equal(find_finding(e, "ECOM_ONLY_PRODUCT", "THM-1", NULL), -1);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "ecom_only_products", 0);
    assert_summary(out, "unchanged", 2);
}

/* --disable-deleted: the deleted product also goes into the update,
 * unavailable, keyed by its internal id. */
static void test_disable_deleted(void **state)
{
    (void)state;
    const char *prev = tmp_text(BASE);
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    static const store_edit edits[] = {{"THM-1", "product_is_available", "true"}, {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    sync_call c = {{now, NULL}, store, prev, 1, 0, NULL, NULL};
    const char *out = sync_to(&c);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "THM-1");
    assert_cell(u, r, "product_internal_id", ID_THERMOS);
    assert_cell(u, r, "product_is_available", "false");
    assert_int_equal(count_type(u, "product"), 1);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_sku", "THM-1");
}

/* Sold in store only from now on (active_online 1 -> 0): the product still
 * exists in the POS, so it is not deleted; it is no longer sold online
 * (shared/spec/conversion-rules.md section 1), i.e. made unavailable. */
static void test_in_store_only_not_deleted(void **state)
{
    (void)state;
    static const char week1[] =
        "id,handle,sku,name,retail_price,active,active_online,track_inventory,inventory_Main_Outlet\n"
        "1,alpha,A-1,Alpha,10.00,1,1,1,5\n"
        "2,fuel,FUEL-1,Fuel Canister,6.00,1,1,1,9\n";
    const char *prev = tmp_text(week1);
    const char *store = build_store(convert_to(prev, NULL, NULL), NULL, NULL);
    const char *now = tmp_text(
        "id,handle,sku,name,retail_price,active,active_online,track_inventory,inventory_Main_Outlet\n"
        "1,alpha,A-1,Alpha,10.00,1,1,1,5\n"
        "2,fuel,FUEL-1,Fuel Canister,6.00,1,0,1,9\n");
    sync_call c = {{now, NULL}, store, prev, 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    assert_header_only(out, "ecom-delete.csv");
    tu_rows *e = table(out, "exceptions.csv");
    assert_int_equal(find_finding(e, "DELETED_IN_POS", "FUEL-1", NULL), -1);
    tu_rows *u = table(out, "ecom-update.csv");
    long r = find_row(u, "product", "FUEL-1");
    assert_cell(u, r, "product_internal_id", "1002");
    assert_cell(u, r, "product_is_available", "false");
}

/* Without --previous a store product that matches nothing is reported as
 * eCom-only (or deleted in the POS) and left alone. */
static void test_ecom_only_product(void **state)
{
    (void)state;
    static const char *const gift[] = {"type=product", "product_internal_id=1099",
                                       "product_sku=GIFT-25", "product_name=Gift Card",
                                       "product_price=25.00", "product_is_available=true", NULL};
    static const char *const *const extra[] = {gift, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    tu_rows *e = table(out, "exceptions.csv");
    long f = find_finding(e, "ECOM_ONLY_PRODUCT", "GIFT-25", NULL);
    assert_true(f > 0);
    assert_cell(e, f, "file", store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "ecom-delete.csv");
    tu_rows *d = table(out, "drift.csv");
    long r = find_drift(d, "GIFT-25", "(product)");
    assert_true(r > 0);
    assert_true(tu_contains(cell(d, r, "action"), "eCom-only"));
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "to_delete", 0);
    /* a product removed from the POS, without --previous: the same */
    const char *now = edit1("4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
                            "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
                            "");
    const char *out2 = sync_simple(now, store);
    tu_rows *e2 = table(out2, "exceptions.csv");
    assert_true(find_finding(e2, "ECOM_ONLY_PRODUCT", "THM-1", NULL) > 0);
    assert_header_only(out2, "ecom-delete.csv");
    assert_header_only(out2, "ecom-update.csv");
    assert_summary(out2, "ecom_only_products", 2);
}

static const char *const TEE_XL[] = {"type=product_variation", "product_internal_id=" ID_TEE,
                                     "product_sku=tee", "product_variation_sku=TEE-XL",
                                     "product_variation_option_Size=XL", "product_price=22.00",
                                     "product_is_available=true", "product_is_inventory_tracked=true",
                                     "product_quantity=2", NULL};
static const char *const TEE_XL_OPTION[] = {"type=product_option", "product_internal_id=" ID_TEE,
                                            "product_sku=tee", "product_option_name=Size",
                                            "product_option_type=DROPDOWNLIST",
                                            "product_option_is_required=true",
                                            "product_option_value=XL",
                                            "product_option_is_default_option_selection=false", NULL};

/* A variation added in eCom is reported ... */
static void test_ecom_only_variation_reported(void **state)
{
    (void)state;
    static const char *const *const extra[] = {TEE_XL_OPTION, TEE_XL, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    tu_rows *e = table(out, "exceptions.csv");
    assert_true(find_finding(e, "ECOM_ONLY_VARIATION", "tee", "TEE-XL") > 0);
    assert_summary(out, "ecom_only_variations", 1);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(find_row(u, "product_variation", "TEE-XL"), -1);
}

/* ... and left alone: the update does not rewrite the family's options
 * without the eCom-only value (that would take it away from the store). */
static void test_ecom_only_variation_left_alone(void **state)
{
    (void)state;
    static const char *const *const extra[] = {TEE_XL_OPTION, TEE_XL, NULL};
    const char *store = base_store(NULL, extra);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "ecom-update.csv");
    assert_header_only(out, "drift.csv");
}

/* Updated families carry the store's id on every row; created ones none. */
static void test_internal_id_copied(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "Size,S,20.00,", "Size,S,21.00,",
        "clearance\n", "clearance\n6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
                       "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n",
        NULL};
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edited(BASE, pairs), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(col(u, "product_internal_id"), 1);
    size_t tee_rows = 0;
    for (size_t r = 1; r < u->count; r++) {
        const char *type = cell(u, (long)r, "type");
        const char *sku = cell(u, (long)r, "product_sku");
        if (same(sku, "tee")) {
            assert_cell(u, (long)r, "product_internal_id", ID_TEE);
            tee_rows++;
        } else if (same(type, "product")) {
            assert_string_equal(sku, "MUG-1");
            assert_cell(u, (long)r, "product_internal_id", "");
        }
    }
    assert_int_equal(tee_rows, 1 + 2 + 2); /* product, 2 options, 2 variations */
    assert_drift(out, "MUG-1", "(product)", "", "Enamel Mug", "create");
    assert_summary(out, "created", 1);
    assert_summary(out, "updated", 1);
    assert_summary(out, "unchanged", 2);
}

/* A store export with a subset of columns (no type, no price): price is
 * not compared, the name is. */
static const char SUBSET_STORE[] =
    "product_internal_id,product_sku,product_name,product_category_1,url\n"
    "1001,STV-1,Canister Stove,Outdoor / Camping,https://shop.example/p/1001\n"
    "1003,THM-1,Retro Thermos,Outdoor / Hydration,https://shop.example/p/1003\n";

#define TEE_ROWS                                                                           \
    "2,tee,TEE-S,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,S,20.00,Ridgeline,96385074,"  \
    "0.2,KG,,,,,1,1,Sales Tax,3,2,6,Summit Apparel,SA-S,8.40,apparel\n"                     \
    "3,tee,TEE-M,Logo Tee,<p>Organic cotton.</p>,Apparel,Size,M,20.00,Ridgeline,,0.2,KG,"   \
    ",,,,1,1,Sales Tax,4,2,6,Summit Apparel,SA-M,8.40,apparel\n"

static void test_subset_columns(void **state)
{
    (void)state;
    const char *store = tmp_text(SUBSET_STORE);
    static const char *const price[] = {TEE_ROWS, "", "49.00", "52.00", NULL};
    const char *out = sync_simple(edited(BASE, price), store);
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(find_row(u, "product", "STV-1"), -1);
    assert_int_equal(find_drift(table(out, "drift.csv"), "STV-1", "product_price"), -1);
    assert_summary(out, "updated", 0);
    static const char *const name[] = {TEE_ROWS, "", "Canister Stove,", "Canister Stove Pro,", NULL};
    const char *out2 = sync_simple(edited(BASE, name), store);
    tu_rows *u2 = table(out2, "ecom-update.csv");
    long r = find_row(u2, "product", "STV-1");
    assert_cell(u2, r, "product_name", "Canister Stove Pro");
    assert_cell(u2, r, "product_internal_id", "1001");
    assert_drift(out2, "STV-1", "product_name", "Canister Stove", "Canister Stove Pro", "update");
    assert_summary(out2, "updated", 1);
}

/* Nothing changed against a subset export without category rows: the
 * update holds no family, so it holds no category rows either. */
static void test_subset_no_stray_category_rows(void **state)
{
    (void)state;
    const char *store = tmp_text(SUBSET_STORE);
    static const char *const no_tee[] = {TEE_ROWS, "", NULL};
    const char *out = sync_simple(edited(BASE, no_tee), store);
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-update.csv");
}

/* A subset export with no option or variation columns says nothing about
 * a family's options and variations: they are not compared. */
static void test_subset_variant_family(void **state)
{
    (void)state;
    const char *store = tmp_text("product_internal_id,product_sku,product_name\n"
                                 "1001,STV-1,Canister Stove\n"
                                 "1002,tee,Logo Tee\n"
                                 "1003,THM-1,Retro Thermos\n");
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "drift.csv");
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "updated", 0);
}

/* The export quirks: " -1" quantities (quoted, leading space), braces
 * around option column suffixes, export-only columns, columns in another
 * order. */
static const char QUIRK_POS[] =
    "id,handle,sku,name,product_category,variant_option_one_name,variant_option_one_value,"
    "retail_price,active,track_inventory,inventory_Main_Outlet\n"
    "1,beans,HB-WB,House Blend,Coffee,Grind Size,Whole Bean,15.00,1,1,-3\n"
    "2,beans,HB-DR,House Blend,Coffee,Grind Size,Drip,15.00,1,1,4\n";

static const char QUIRK_STORE[] =
    "type,product_internal_id,product_sku,product_name,product_price,product_is_inventory_tracked,"
    "product_quantity,product_quantity_out_of_stock_behaviour,product_is_available,"
    "product_category_1,product_option_name,product_option_type,product_option_is_required,"
    "product_option_value,product_option_markup,product_option_is_default_option_selection,"
    "product_variation_option_{Grind Size},product_variation_sku,category_internal_id,"
    "category_path,category_is_available,source_store_id,url\n"
    "product,2001,beans,House Blend,15.00,true,\" -1\",SHOW,true,Coffee,,,,,,,,,,,,9,https://s/p/2001\n"
    "product_option,2001,beans,,,,,,,,Grind Size,DROPDOWNLIST,true,Whole Bean,0.00,true,,,,,,9,\n"
    "product_option,2001,beans,,,,,,,,Grind Size,DROPDOWNLIST,true,Drip,0.00,false,,,,,,9,\n"
    "product_variation,2001,beans,,15.00,true,\" -1\",SHOW,true,,,,,,,,Whole Bean,,,,,9,"
    "https://s/p/2001/variation=1\n"
    "product_variation,2001,beans,,15.00,true,0,SHOW,true,,,,,,,,Drip,HB-DR,,,,9,"
    "https://s/p/2001/variation=2\n"
    "category,,,,,,,,,,,,,,,,,,3001,Coffee,true,9,https://s/c/3001\n";

static void test_store_quirks(void **state)
{
    (void)state;
    const char *store_path = tmp_text(QUIRK_STORE);
    p2e_store s;
    read_store(&s, store_path);
    assert_int_equal(s.nproducts, 1);
    assert_int_equal(s.nvariations, 2);
    assert_int_equal(s.ncategories, 1);
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_QUANTITY]), "-1");
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_INTERNAL_ID]), "2001");
    assert_string_equal(sval(&s, s.products[0].f[P2E_SF_OPTIONS]), "Grind Size=Whole Bean|Drip\n");
    uint32_t v = s.products[0].first_variation;
    assert_int_not_equal(v, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_QUANTITY]), "-1");
    assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_OPTIONS]), "Grind Size=Whole Bean\n");
    /* found by its option values though the store has no SKU for it */
    assert_int_equal(p2e_store_find_variation(&s, 0, "HB-WB", "Grind Size=Whole Bean\n"), v);
    p2e_store_free(&s);
    const char *out = sync_simple(tmp_text(QUIRK_POS), store_path);
    tu_rows *d = table(out, "drift.csv");
    assert_int_equal(find_drift(d, "HB-WB", "(variation)"), -1);
    assert_int_equal(find_drift(d, "HB-DR", "(variation)"), -1);
    assert_int_equal(find_drift(d, "beans", "options"), -1);
    assert_drift(out, "beans", "product_quantity", "-1", "4", "update");
    assert_drift(out, "HB-WB", "product_quantity", "-1", "0", "update");
    assert_drift(out, "HB-DR", "product_quantity", "0", "4", "update");
    tu_rows *u = table(out, "ecom-update.csv");
    assert_cell(u, find_row(u, "product_variation", "HB-DR"), "product_quantity", "4");
    assert_cell(u, find_row(u, "product", "beans"), "product_internal_id", "2001");
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "ecom_only_variations", 0);
}

/* Real exports leave variation cells empty where the variation inherits
 * the product's value (shared/spec/ecom-import.md, section 11, note 5):
 * an empty cell is not a difference. */
static void test_variation_empty_cells_inherit(void **state)
{
    (void)state;
    static const store_edit edits[] = {
        {"TEE-S", "product_is_available", ""}, {"TEE-M", "product_is_available", ""},
        {"TEE-S", "product_weight", ""},       {"TEE-M", "product_weight", ""},
        {NULL, NULL, NULL}};
    const char *store = base_store(edits, NULL);
    const char *out = sync_simple(tmp_text(BASE), store);
    assert_header_only(out, "drift.csv");
    assert_header_only(out, "ecom-update.csv");
}

/* Audit: the same comparison, only the report. */
static void test_audit_writes_no_import(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *prev = tmp_text(BASE);
    static const char *const pairs[] = {"49.00", "52.00", NULL};
    sync_call c = {{edited(BASE, pairs), NULL}, store, prev, 1, 1, NULL, NULL};
    const char *out = sync_to(&c);
    assert_false(tu_exists(in_dir(out, "ecom-update.csv")));
    assert_false(tu_exists(in_dir(out, "ecom-delete.csv")));
    assert_false(tu_exists(in_dir(out, "ecom-import.csv")));
    assert_true(tu_exists(in_dir(out, "exceptions.csv")));
    assert_true(tu_exists(in_dir(out, "summary.json")));
    assert_true(tu_exists(in_dir(out, "report.xlsx")));
    assert_drift(out, "STV-1", "product_price", "49.00", "52.00", "update");
    assert_summary(out, "updated", 1);
}

/* No work folder or temporary file is left in the output folder: the one
 * hidden file is the record of what runs wrote (p2e_manifest.h). */
static void test_no_leftovers(void **state)
{
    (void)state;
    const char *store = base_store(NULL, NULL);
    const char *out = sync_simple(edit1("49.00", "52.00"), store);
    DIR *d = opendir(out);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, ".pos2ecom-manifest"))
            continue;
        if (e->d_name[0] == '.' || strstr(e->d_name, ".tmp"))
            fail_msg("left in the output folder: %s", e->d_name);
    }
    closedir(d);
}

/* The summary counts of one run with a change of every kind. */
static void test_summary_counts(void **state)
{
    (void)state;
    static const char *const pairs[] = {
        "CM,1,1,Sales Tax,6,", "CM,0,1,Sales Tax,6,",                 /* STV-1 deactivated */
        "Size,M,20.00,", "Size,M,22.00,",                             /* TEE-M price */
        "4,thermos,THM-1,Retro Thermos,<p>Old stock.</p>,Outdoor / Hydration,,,39.00,"
        "Ridgeline,,0.9,KG,,,,,0,1,Sales Tax,5,2,6,Trailhead Supply,TS-9,14.00,clearance\n",
        "6,mug,MUG-1,Enamel Mug,<p>Enamel.</p>,Outdoor / Camping,,,"
        "12.00,Ridgeline,,0.3,KG,,,,,1,1,Sales Tax,11,2,6,,,,\n",     /* THM-1 deleted, MUG-1 new */
        NULL};
    static const char *const gift[] = {"type=product", "product_internal_id=1099",
                                       "product_sku=GIFT-25", "product_name=Gift Card", NULL};
    static const char *const *const extra[] = {gift, NULL};
    const char *store = base_store(NULL, extra);
    sync_call c = {{edited(BASE, pairs), NULL}, store, tmp_text(BASE), 0, 0, NULL, NULL};
    const char *out = sync_to(&c);
    assert_summary(out, "created", 1);
    assert_summary(out, "updated", 2);
    assert_summary(out, "variants_added", 0);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 0);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "unchanged", 0);
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "ecom_only_variations", 0);
    assert_summary(out, "available", 1);
    assert_summary(out, "price", 1);
}

/* ---- the demo: samples/sync/README.md is its spec ----------------------- */

static void test_demo_week2(void **state)
{
    (void)state;
    const char *week1 = "samples/store/product-export.csv";
    const char *week2 = "samples/sync/product-export-week2.csv";
    const char *store = "samples/sync/ecom-export.csv";
    if (!tu_exists(week2) || !tu_exists(store) || !tu_exists(week1)) {
        printf("[  SKIP    ] samples/sync/ not found: run from the repository root\n");
        return;
    }
    const char *inputs[] = {week2};
    const char *outlets[] = {"Main Outlet", "Warehouse - North (MAIN)"};
    const char *previous[] = {week1};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.outlets = outlets;
    o.noutlets = 2;
    o.quiet = 1;
    o.out_dir = tmp_dir();
    o.ecom_path = store;
    o.previous = previous;
    o.nprevious = 1;
    p2e_err err = {{0}};
    int code = -1;
    if (p2e_command_sync(&o, 0, stderr, &code, &err) != P2E_OK)
        fail_msg("sync: %s", err.msg);
    const char *out = o.out_dir;
    assert_summary(out, "created", 1);
    assert_summary(out, "updated", 11);
    assert_summary(out, "variants_added", 1);
    assert_summary(out, "deactivated", 1);
    assert_summary(out, "reactivated", 1);
    assert_summary(out, "to_delete", 1);
    assert_summary(out, "unchanged", 26);
    assert_summary(out, "ecom_only_products", 1);
    assert_summary(out, "ecom_only_variations", 1);
    assert_summary(out, "name", 2);
    assert_summary(out, "quantity", 5);
    assert_summary(out, "available", 2);
    tu_rows *del = table(out, "ecom-delete.csv");
    assert_int_equal(del->count, 2);
    assert_cell(del, 1, "product_internal_id", "712345007");
    assert_cell(del, 1, "product_sku", "RL-HMK-01");
    tu_rows *u = table(out, "ecom-update.csv");
    assert_int_equal(count_type(u, "product"), 12);
    assert_int_equal(count_type(u, "category"), 1);
    assert_true(find_row(u, "category", "Outdoor / Water Treatment") > 0);
    assert_cell(u, find_row(u, "product", "RL-SIT-01"), "product_internal_id", "");
    assert_cell(u, find_row(u, "product", "RL-HL-300"), "product_name", "Trail Headlamp 300");
    assert_cell(u, find_row(u, "product_variation", "RL-DPK-24-RST"), "product_quantity", "5");
    assert_int_equal(find_row(u, "product", "KK-SCOOP-WAL"), -1);
    assert_int_equal(find_row(u, "product", "camp-chair"), -1);
    assert_int_equal(col(u, "product_compare_to_price"), -1);
    assert_int_equal(col(u, "product_subtitle"), -1);
    assert_int_equal(col(u, "product_low_stock_notification_quantity"), -1);
    assert_drift(out, "RL-HL-300", "product_name", "Trail Headlamp 300 (Staff Pick)", "Trail Headlamp 300",
                 "update");
    assert_drift(out, "RL-DPK-24-RST", "product_quantity", "-1", "5", "update");
    tu_rows *d = table(out, "drift.csv");
    assert_int_equal(d->count, 1 + 19);
    /* applied and planned again: nothing left */
    o.out_dir = tmp_dir();
    o.ecom_path = NULL;
    o.previous = NULL;
    o.nprevious = 0;
    o.no_xlsx = 1;
    assert_int_equal(p2e_command_convert(&o, stderr, &code, &err), P2E_OK);
    p2e_store desired, live, update;
    read_store(&desired, in_dir(o.out_dir, "ecom-import.csv"));
    read_store(&live, store);
    read_store(&update, in_dir(out, "ecom-update.csv"));
    assert_int_equal(p2e_store_apply(&live, &update, &err), P2E_OK);
    p2e_sync_counts after = plan_counts(&desired, &live);
    assert_int_equal(after.created, 0);
    assert_int_equal(after.updated, 0);
    assert_int_equal(after.variants_added, 0);
    p2e_store_free(&desired);
    p2e_store_free(&live);
    p2e_store_free(&update);
}

/* ---- the real E-Series exports -------------------------------------------- */

static size_t option_values(const p2e_store *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nproducts; i++)
        for (const char *p = sval(s, s->products[i].f[P2E_SF_OPTIONS]); *p; p++)
            n += *p == '|' || *p == '\n';
    return n;
}

static void test_public_cranks(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_new_format_export_excerpt_cranks.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.rows_read, 67);
    assert_int_equal(s.rows_ignored, 0);
    assert_int_equal(s.nproducts, 5);
    assert_int_equal(option_values(&s), 23);
    assert_int_equal(s.nvariations, 29);
    assert_int_equal(s.ncategories, 10);
    uint32_t p = p2e_store_find_product(&s, "196261000450 - Base");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "809003298");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_PRICE]), "99.00");
    assert_true(s.products[p].seen_fields[P2E_SF_COMPARE_TO]);
    /* the " -1" variation */
    int found = 0;
    for (size_t v = 0; v < s.nvariations; v++)
        if (!strcmp(sval(&s, s.variations[v].f[P2E_SF_SKU]), "841269137065")) {
            assert_string_equal(sval(&s, s.variations[v].f[P2E_SF_QUANTITY]), "-1");
            found = 1;
        }
    assert_true(found);
    p2e_store_free(&s);
}

static void test_public_usav(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_new_format_export_subset_usav.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.nproducts, 18);
    assert_int_equal(s.nvariations, 0);
    assert_int_equal(s.ncategories, 0);
    uint32_t p = p2e_store_find_product(&s, "98");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "189421200");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_CATEGORY]), "Bose Accessories");
    assert_false(s.products[p].seen_fields[P2E_SF_PRICE]);
    assert_true(s.products[p].seen_fields[P2E_SF_NAME]);
    for (size_t i = 0; i < s.nproducts; i++)
        assert_true(*sval(&s, s.products[i].f[P2E_SF_SKU]) != '\0');
    p2e_store_free(&s);
}

static void test_public_skunify_legacy(void **state)
{
    (void)state;
    char path[4200];
    if (!tu_public_file(path, sizeof path, "ecom/ecwid_legacy_format_export_excerpt_skunify.csv"))
        return;
    p2e_store s;
    read_store(&s, path);
    assert_int_equal(s.nproducts, 7);
    assert_int_equal(s.nvariations, 0);
    uint32_t p = p2e_store_find_product(&s, "001pb-0203");
    assert_int_not_equal(p, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_INTERNAL_ID]), "253644410");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_NAME]), "2 kleine Wölfe");
    assert_string_equal(sval(&s, s.products[p].f[P2E_SF_AVAILABLE]), "true");
    assert_true(tu_contains(sval(&s, s.products[p].f[P2E_SF_DESCRIPTION]), "\n"));
    uint32_t q = p2e_store_find_product(&s, "00008");
    assert_int_not_equal(q, P2E_STORE_NONE);
    assert_string_equal(sval(&s, s.products[q].f[P2E_SF_AVAILABLE]), "false");
    p2e_store_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_roundtrip, teardown),
        cmocka_unit_test_teardown(test_roundtrip_rich, teardown),
        cmocka_unit_test_teardown(test_roundtrip_demo_store, teardown),
        cmocka_unit_test_teardown(test_store_with_ids_matches, teardown),
        cmocka_unit_test_teardown(test_idempotence, teardown),
        cmocka_unit_test_teardown(test_change_name, teardown),
        cmocka_unit_test_teardown(test_change_description, teardown),
        cmocka_unit_test_teardown(test_change_category, teardown),
        cmocka_unit_test_teardown(test_change_brand, teardown),
        cmocka_unit_test_teardown(test_change_upc_standard, teardown),
        cmocka_unit_test_teardown(test_change_upc_variation, teardown),
        cmocka_unit_test_teardown(test_change_variation_sku, teardown),
        cmocka_unit_test_teardown(test_change_standard_sku, teardown),
        cmocka_unit_test_teardown(test_variant_added, teardown),
        cmocka_unit_test_teardown(test_deactivated, teardown),
        cmocka_unit_test_teardown(test_reactivated, teardown),
        cmocka_unit_test_teardown(test_deactivated_family, teardown),
        cmocka_unit_test_teardown(test_deactivated_variant, teardown),
        cmocka_unit_test_teardown(test_change_stock, teardown),
        cmocka_unit_test_teardown(test_change_stock_variation, teardown),
        cmocka_unit_test_teardown(test_change_price, teardown),
        cmocka_unit_test_teardown(test_change_price_variation, teardown),
        cmocka_unit_test_teardown(test_change_weight, teardown),
        cmocka_unit_test_teardown(test_change_dimensions, teardown),
        cmocka_unit_test_teardown(test_change_images, teardown),
        cmocka_unit_test_teardown(test_images_not_compared_without_folders, teardown),
        cmocka_unit_test_teardown(test_ecom_only_fields_kept, teardown),
        cmocka_unit_test_teardown(test_not_synced_fields, teardown),
        cmocka_unit_test_teardown(test_deleted_with_previous, teardown),
        cmocka_unit_test_teardown(test_disable_deleted, teardown),
        cmocka_unit_test_teardown(test_in_store_only_not_deleted, teardown),
        cmocka_unit_test_teardown(test_ecom_only_product, teardown),
        cmocka_unit_test_teardown(test_ecom_only_variation_reported, teardown),
        cmocka_unit_test_teardown(test_ecom_only_variation_left_alone, teardown),
        cmocka_unit_test_teardown(test_internal_id_copied, teardown),
        cmocka_unit_test_teardown(test_subset_columns, teardown),
        cmocka_unit_test_teardown(test_subset_no_stray_category_rows, teardown),
        cmocka_unit_test_teardown(test_subset_variant_family, teardown),
        cmocka_unit_test_teardown(test_store_quirks, teardown),
        cmocka_unit_test_teardown(test_variation_empty_cells_inherit, teardown),
        cmocka_unit_test_teardown(test_audit_writes_no_import, teardown),
        cmocka_unit_test_teardown(test_no_leftovers, teardown),
        cmocka_unit_test_teardown(test_summary_counts, teardown),
        cmocka_unit_test_teardown(test_demo_week2, teardown),
        cmocka_unit_test_teardown(test_public_cranks, teardown),
        cmocka_unit_test_teardown(test_public_usav, teardown),
        cmocka_unit_test_teardown(test_public_skunify_legacy, teardown),
    };
    return cmocka_run_group_tests_name("sync", tests, NULL, NULL);
}
