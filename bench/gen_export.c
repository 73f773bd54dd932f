/*
 * bench/gen_export.c - the store export for the benchmark generator (gen.h):
 * outlets and the header, then the product rows of each family (their
 * per-outlet fields, the injected data problems), the component rows after a
 * composite, a few families with their last variant further down the file,
 * orphan component rows, and the summary of what was written on standard
 * error. Rows are built by gen_rows.c and buffered here.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *const fixed_head[C_FIXED] = {
    "id", "handle", "sku", "composite_name", "composite_sku", "composite_quantity", "name",
    "description", "product_category", "variant_option_one_name", "variant_option_one_value",
    "variant_option_two_name", "variant_option_two_value", "variant_option_three_name",
    "variant_option_three_value", "tags", "active_online", "weight", "weight_unit", "length",
    "width", "height", "dimensions_unit", "supply_price", "retail_price", "account_code",
    "account_code_purchase", "brand_name", "supplier_name", "supplier_code", "active",
    "track_inventory",
};

/* ---- the output ------------------------------------------------------- */

static sbuf outbuf;

static void flush_out(int force)
{
    if (!outbuf.len || (!force && outbuf.len < (1u << 20)))
        return;
    if (fwrite(outbuf.d, 1, outbuf.len, stdout) != outbuf.len)
        die("cannot write to standard output");
    outbuf.len = 0;
}

/* ---- outlets ------------------------------------------------------------ */

static const char *const outlet_pool[] = {
    "Main Outlet", "Warehouse - North (MAIN)", "Pop-Up Store", "Downtown", "Mt Auburn",
    "Off-Site", "Airport Kiosk", "Seattle Flagship", "Bellingham", "Portland Pearl District",
    "Funan", "JFK", "Harbour Front", "Market Square", "Soberish Kirkwood", "Quality Graphics",
    "Basement", "Garage", "TDHCannery", "WGA Pearson",
};
static const char *const tax_names[] = {"Default Tax", "Sales Tax", "GST", "No Tax"};

static char (*outlet_name)[64];
static char (*outlet_key)[64];
static const char **outlet_tax;
static size_t noutlets;

/* ---- state across the file -------------------------------------------- */

typedef struct {
    char sku[64];
    char name[200];
} known_product;

#define RING 256
static known_product standard_ring[RING]; /* recent standard products: components */
static size_t nstandard;
static char sku_ring[RING][64];            /* recent SKUs: duplicates */
static size_t nskus;
static char last_id[40];

typedef struct {
    uint64_t due;         /* family number after which it is written */
    char *data;
    size_t len;
} deferred;

static deferred *pending;
static size_t npending, cap_pending;

static struct {
    uint64_t families, variants, components, orphans, composites, problems, split;
    uint64_t missing_components, nameless_families, option_names_differ;
    uint64_t per_problem[32];
} stats;

/* ---- problems ------------------------------------------------------------- */

enum {
    P_MISSING_SKU, P_DUPLICATE_SKU, P_DAMAGED_SKU, P_PRICE_INVALID, P_PRICE_ROUNDED,
    P_PRICE_MISSING, P_STOCK_INVALID, P_STOCK_FRACTIONAL, P_UNIT_UNKNOWN, P_UNIT_MISSING,
    P_WEIGHT_INVALID, P_DUPLICATE_ID, P_FAMILY_CONFLICT, P_OPTION_VALUE_MISSING,
    P_DUPLICATE_COMBINATION, P_ROW_SHORT, P_ROW_TOO_LONG, P_MISSING_HANDLE,
    P_SUPPLIER_DAMAGED, P_LONG_NAME, P_COUNT
};

static const char *const problem_names[P_COUNT] = {
    "missing sku", "duplicate sku", "damaged sku", "invalid price", "3-decimal price",
    "missing price", "invalid stock", "fractional stock", "unknown unit", "missing unit",
    "invalid weight", "duplicate id", "family field conflict", "missing option value",
    "duplicate combination", "short row", "row too long", "missing handle",
    "damaged supplier code", "name over 255 chars",
};

/* A problem kind that applies to variant `v` of f; some need a later row of a
 * variant product, others a standard product. */
static int pick_problem(const family *f, int v)
{
    int p = (int)below(P_COUNT);
    int variant_product = f->nopt > 0 || f->size > 1;
    if ((p == P_FAMILY_CONFLICT || p == P_DUPLICATE_COMBINATION) && (v == 0 || !f->nopt))
        p = P_PRICE_ROUNDED;
    if (p == P_OPTION_VALUE_MISSING && !variant_product)
        p = P_STOCK_FRACTIONAL;
    if (p == P_MISSING_HANDLE && f->size > 1)
        p = P_PRICE_MISSING;
    if (p == P_LONG_NAME && f->size > 1) /* a family field: on a one-row family */
        p = P_STOCK_INVALID;
    if (p == P_DUPLICATE_SKU && !nskus)
        p = P_DAMAGED_SKU;
    if (p == P_DUPLICATE_ID && !last_id[0])
        p = P_UNIT_MISSING;
    if ((p == P_UNIT_UNKNOWN || p == P_UNIT_MISSING || p == P_WEIGHT_INVALID) && f->weight < 0)
        p = P_SUPPLIER_DAMAGED;
    return p;
}

/* ---- writing rows ------------------------------------------------------- */

static void outlet_fields(const family *f, int problem)
{
    size_t bad = problem >= 0 ? below((uint32_t)noutlets) : 0;
    for (size_t o = 0; o < noutlets; o++) {
        size_t base = C_FIXED + 4 * o;
        F[base] = (fld){outlet_tax[o], strlen(outlet_tax[o])};
        if (chance(30))
            f_str(base, "No Tax");
        if (f->composite) {
            f_str(base + 1, "0");
        } else if (problem == P_STOCK_INVALID && o == bad) {
            f_str(base + 1, chance(500) ? "n/a" : "12 units");
        } else if (problem == P_STOCK_FRACTIONAL && o == bad) {
            int whole = range(0, 20);
            f_fmt(base + 1, "%d.%d", whole, range(1, 9));
        } else {
            unsigned r = below(1000);
            if (r < 70) {
                /* empty */
            } else if (r < (heavy ? 320u : 120u)) { /* heavy: a quarter negative */
                f_int(base + 1, -range(1, 8));
            } else if (r < 300) {
                f_str(base + 1, "0");
            } else {
                f_int(base + 1, (long)below(below(200) + 1));
            }
        }
        if (chance(600))
            f_int(base + 2, range(0, 10));
        if (chance(600))
            f_int(base + 3, range(5, 50));
    }
}

static void remember_sku(const char *sku)
{
    snprintf(sku_ring[nskus % RING], sizeof sku_ring[0], "%s", sku);
    nskus++;
}

/* The product row for variant v of f into F. */
static void product_row(family *f, int v, unsigned problems)
{
    row_reset();
    int problem = chance(problems) ? pick_problem(f, v) : -1;
    if (problem >= 0) {
        stats.problems++;
        stats.per_problem[problem]++;
    }
    char id[37];
    uuid(id);
    if (problem == P_DUPLICATE_ID)
        f_str(C_ID, last_id); /* last_id is rewritten only after the row is built */
    else
        f_fmt(C_ID, "%s", id);
    f_str(C_HANDLE, problem == P_MISSING_HANDLE ? "" : f->handle);

    /* sku */
    if (problem == P_MISSING_SKU)
        f_str(C_SKU, "");
    else if (problem == P_DUPLICATE_SKU)
        f_fmt(C_SKU, "%s", sku_ring[(nskus - 1 - below(nskus < RING ? (uint32_t)nskus : RING)) % RING]);
    else if (problem == P_DAMAGED_SKU) {
        int lead = range(1, 9), digits = range(10, 99); /* sequenced: one per declarator */
        f_fmt(C_SKU, "%d.%dE+%d", lead, digits, range(10, 12));
    } else if (v == 0 && f->sku_is_handle)
        f_str(C_SKU, f->handle);
    else if (f->numeric_sku)
        f_fmt(C_SKU, "08%010" PRIu64, (f->index * 7919 + 13) % 10000000000ULL);
    else if (f->size == 1)
        f_fmt(C_SKU, "%s-%s", f->brand_code, f->code);
    else
        f_fmt(C_SKU, "%s-%s-%02d", f->brand_code, f->code, v + 1);

    if (f->missing_name)
        f_str(C_NAME, "");
    else if (problem == P_LONG_NAME)
        f_fmt(C_NAME, "%s %s %s %s %s %s %s %s %s %s", f->name, f->name, f->name, f->name,
              f->name, f->name, f->name, f->name, f->name, f->name);
    else
        f_str(C_NAME, f->name);
    f_mem(C_DESC, f->desc.d ? f->desc.d : "", f->desc.len);
    if (problem == P_FAMILY_CONFLICT)
        f_fmt(C_CAT, "%s", pick_category());
    else
        f_str(C_CAT, f->category);

    for (int k = 0; k < f->nopt; k++) {
        int vv = problem == P_DUPLICATE_COMBINATION ? v - 1 : v;
        const char *name = f->opt[k]->name;
        if (v == f->name_differs_row && k == f->nopt - 1)
            name = "Colour";
        f_str(C_O1N + 2 * (size_t)k, name);
        if (!(problem == P_OPTION_VALUE_MISSING && k == f->nopt - 1))
            f_str(C_O1V + 2 * (size_t)k, opt_value(f, k, vv));
    }
    f_str(C_TAGS, f->tags);
    int online = !(f->instore || chance(10));
    int active = !(f->inactive || chance(15));
    f_str(C_ONLINE, online ? "1" : "0");

    /* weight and dimensions */
    if (problem == P_WEIGHT_INVALID) {
        f_str(C_WEIGHT, chance(500) ? "heavy" : "-2");
        f_str(C_WUNIT, f->weight_unit);
    } else if (f->weight >= 0) {
        f_hundredths(C_WEIGHT, f->weight ? f->weight + (v % 3) * 10 : 0, 0);
        f_str(C_WUNIT, problem == P_UNIT_UNKNOWN ? "STONE" : problem == P_UNIT_MISSING ? "" : f->weight_unit);
        if (problem == P_UNIT_MISSING && !f->weight)
            f_str(C_WEIGHT, "1.5");
    }
    if (f->dim[0] >= 0) {
        for (int k = 0; k < 3; k++)
            f_hundredths(C_LENGTH + (size_t)k, f->dim[k], 0);
        f_str(C_DUNIT, f->dims_unit);
    }

    f_hundredths(C_SUPPLY, f->supply, 0);
    long price = f->price + (f->nopt ? (v % 3) * 200 : 0);
    if (problem == P_PRICE_INVALID) {
        static const char *const bad[] = {"N/A", "-4.50", "12,50", "$19.99"};
        f_str(C_RETAIL, PICK(bad));
    } else if (problem == P_PRICE_ROUNDED) {
        f_fmt(C_RETAIL, "%ld.%02ld%d", price / 100, price % 100, range(1, 9));
    } else if (problem == P_PRICE_MISSING) {
        f_str(C_RETAIL, "");
    } else {
        f_hundredths(C_RETAIL, price, 1);
    }
    if (chance(100)) {
        f_str(C_ACC, "4010");
        f_str(C_ACCP, "5010");
    }
    f_str(C_BRAND, problem == P_FAMILY_CONFLICT && chance(500) ? "Other Brand" : f->brand);
    f_str(C_SUPNAME, f->supplier);
    if (problem == P_SUPPLIER_DAMAGED)
        f_str(C_SUPCODE, "7.45E+11");
    else if (*f->supplier)
        f_fmt(C_SUPCODE, "%s%d-%s%d", f->brand_code, range(1000, 9999), f->code, v);
    f_str(C_ACTIVE, active ? "1" : "0");
    f_str(C_TRACK, f->untracked ? "0" : "1");
    outlet_fields(f, problem);

    if (problem == P_ROW_SHORT)
        NF = C_FIXED + (noutlets ? 2 : 0);
    if (problem == P_ROW_TOO_LONG) {
        f_str(NCOLS, "extra");
        NF = NCOLS + 1;
    }
    if (problem != P_DUPLICATE_ID)
        memcpy(last_id, id, sizeof id);
    if (F[C_SKU].n)
        remember_sku(F[C_SKU].s);
}

/* At most cap - 1 bytes of s[0..n) into dst, never cutting a UTF-8
 * character in two: an injected over-long name is cut where the field
 * ends, and a lone lead byte would make the whole export invalid UTF-8
 * (Excel cuts text at a character, not inside one). */
static void copy_text(char *dst, size_t cap, const char *s, size_t n)
{
    if (n > cap - 1) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] continues the character before it: cut before that one */
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* A current-style component row: the composite's id and sku, empty handle,
 * the component's name/sku/quantity, fields through track_inventory only. */
static void component_row(const char *id, const char *sku, const char *name,
                          const char *comp_name, const char *comp_sku, const char *qty)
{
    row_reset();
    f_fmt(C_ID, "%s", id);
    f_fmt(C_SKU, "%s", sku);
    f_fmt(C_CNAME, "%s", comp_name);
    f_fmt(C_CSKU, "%s", comp_sku);
    f_str(C_CQTY, qty);
    f_fmt(C_NAME, "%s", name);
    NF = C_FIXED;
}

static void write_family(family *f, unsigned problems, uint64_t *left)
{
    int n = f->size;
    for (int v = 0; v < n; v++) {
        product_row(f, v, problems);
        (*left)--;
        stats.variants++;
        if (v == n - 1 && f->split_last) {
            /* the last variant shows up a few families later */
            sbuf tmp = {0};
            put_row(&tmp);
            if (npending == cap_pending) {
                cap_pending = cap_pending ? cap_pending * 2 : 16;
                pending = realloc(pending, cap_pending * sizeof *pending);
                if (!pending)
                    die("out of memory");
            }
            pending[npending++] = (deferred){f->index + (uint64_t)range(3, 40), tmp.d, tmp.len};
            stats.split++;
            continue;
        }
        put_row(&outbuf);
        if (f->composite) {
            /* the product row just written is the composite: add components */
            char id[40], sku[64], name[sizeof f->name + 8];
            copy_text(id, sizeof id, F[C_ID].s, F[C_ID].n);
            copy_text(sku, sizeof sku, F[C_SKU].s, F[C_SKU].n);
            copy_text(name, sizeof name, F[C_NAME].s, F[C_NAME].n);
            int nc = range(2, 4);
            size_t have = nstandard < RING ? nstandard : RING;
            size_t start = below((uint32_t)have);
            for (int c = 0; c < nc; c++) {
                const known_product *k = &standard_ring[(start + (size_t)c * 7) % have];
                static const char *const qty[] = {"1", "1", "2", "3", "6", "0.5"};
                int missing = chance(problems);
                if (missing) {
                    stats.missing_components++;
                    component_row(id, sku, name, "Discontinued Part", "DISC-000", "1");
                } else {
                    component_row(id, sku, name, k->name, k->sku, PICK(qty));
                }
                put_row(&outbuf);
                stats.components++;
            }
        } else if (f->size == 1 && !f->nopt && F[C_SKU].n) {
            known_product *k = &standard_ring[nstandard % RING];
            copy_text(k->sku, sizeof k->sku, F[C_SKU].s, F[C_SKU].n);
            copy_text(k->name, sizeof k->name, F[C_NAME].s, F[C_NAME].n);
            nstandard++;
        }
        flush_out(0);
    }
}

static void release_pending(uint64_t family_index, int all)
{
    size_t keep = 0;
    for (size_t i = 0; i < npending; i++) {
        if (all || pending[i].due <= family_index) {
            sb_put(&outbuf, pending[i].data, pending[i].len);
            free(pending[i].data);
        } else {
            pending[keep++] = pending[i];
        }
    }
    npending = keep;
}

/* ---- the export ----------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* outlets: names from the pool, then numbered; columns in byte order */
static void make_outlets(size_t n)
{
    noutlets = n;
    outlet_name = calloc(noutlets, sizeof *outlet_name);
    outlet_key = calloc(noutlets, sizeof *outlet_key);
    outlet_tax = calloc(noutlets, sizeof *outlet_tax);
    if (!outlet_name || !outlet_key || !outlet_tax)
        die("out of memory");
    for (size_t o = 0; o < noutlets; o++) {
        if (o < COUNT(outlet_pool))
            snprintf(outlet_name[o], sizeof outlet_name[o], "%s", outlet_pool[o]);
        else
            snprintf(outlet_name[o], sizeof outlet_name[o], "Store %03zu", o + 1);
    }
    qsort(outlet_name, noutlets, sizeof *outlet_name, cmp_str);
    for (size_t o = 0; o < noutlets; o++) {
        size_t i = 0;
        for (; outlet_name[o][i]; i++)
            outlet_key[o][i] = outlet_name[o][i] == ' ' ? '_' : outlet_name[o][i];
        outlet_key[o][i] = '\0';
        outlet_tax[o] = PICK(tax_names);
    }
}

static void write_header(void)
{
    sbuf head = {0};
    for (size_t i = 0; i < C_FIXED; i++) {
        sb_puts(&head, i ? "," : "");
        sb_puts(&head, fixed_head[i]);
    }
    static const char *const prefix[4] = {"outlet_tax_", "inventory_", "reorder_point_",
                                          "restock_level_"};
    for (size_t o = 0; o < noutlets; o++)
        for (int k = 0; k < 4; k++) {
            char col[128];
            snprintf(col, sizeof col, "%s%s", prefix[k], outlet_key[o]);
            sb_putc(&head, ',');
            put_field(&head, col, strlen(col));
        }
    sb_putc(&head, '\n');
    sb_put(&outbuf, head.d, head.len);
    free(head.d);
}

static void print_summary(uint64_t seed)
{
    fprintf(stderr,
            "gen: %" PRIu64 " product rows in %" PRIu64 " families (%" PRIu64
            " split), %" PRIu64 " composites with %" PRIu64 " component rows, %" PRIu64
            " orphan component rows, %zu outlets, seed %" PRIu64 "; problems: %" PRIu64
            " rows,",
            stats.variants, stats.families, stats.split, stats.composites, stats.components,
            stats.orphans, noutlets, seed, stats.problems);
    fprintf(stderr, " nameless families %" PRIu64 "; option names differ %" PRIu64
            "; missing components %" PRIu64 ";", stats.nameless_families,
            stats.option_names_differ, stats.missing_components);
    for (int p = 0; p < P_COUNT; p++)
        if (stats.per_problem[p])
            fprintf(stderr, " %s %" PRIu64 ";", problem_names[p], stats.per_problem[p]);
    fprintf(stderr, "\n");
}

void write_export(uint64_t nvariants, size_t n_outlets, unsigned problems, uint64_t seed)
{
    make_outlets(n_outlets);
    row_init(C_FIXED + 4 * noutlets);
    write_header();

    family f;
    memset(&f, 0, sizeof f);
    uint64_t left = nvariants, index = 0;
    while (left) {
        int size = size_of_family();
        if ((uint64_t)size > left)
            size = (int)left;
        new_family(&f, index, size, problems);
        stats.nameless_families += (uint64_t)f.missing_name;
        stats.option_names_differ += f.name_differs_row >= 0;
        if (size == 1 && !f.nopt && nstandard >= 8 && chance(40)) {
            f.composite = 1;
            stats.composites++;
        }
        write_family(&f, problems, &left);
        stats.families++;
        /* now and then an orphan component row (no composite above it) */
        if (chance(problems / 30 ? problems / 30 : 0)) {
            char id[37];
            uuid(id);
            component_row(id, "GHOST-SKU", "Ghost Bundle", "Some Part", "PART-1", "1");
            put_row(&outbuf);
            stats.orphans++;
        }
        release_pending(index, 0);
        index++;
    }
    release_pending(index, 1);
    flush_out(1);
    if (fflush(stdout) != 0)
        die("cannot write to standard output");
    free(f.desc.d);

    print_summary(seed);
    row_free();
    free(outbuf.d);
    free(pending);
    free(outlet_name);
    free(outlet_key);
    free(outlet_tax);
}
