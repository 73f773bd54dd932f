/*
 * test_public_reader.c - read each real X-Series export of
 * ../shared/fixtures-public/xseries/ through the library and compare what
 * it finds with tests/data/xseries_facts.txt, facts computed independently
 * by tests/tools/xseries_facts.py (Python's csv and decimal modules).
 *
 * Per file (all outlets selected, rd.want_stats = 1, then the rules):
 *   records == rows read; attached component rows == component_rows -
 *   orphan_components (== COMPONENT_ORPHAN findings); composites == variants
 *   with components; each outlet's key (header order), rows in stock,
 *   positive total and negative rows; the damaged codes == NUMBER_DAMAGED
 *   findings (line, field, value); duplicate_sku_rows == DUPLICATE_SKU,
 *   empty_sku_rows == MISSING_SKU; short rows: no ROW_SHORT (component rows
 *   are not reported, and every short row of these files is one); price
 *   problems: an empty price of a written row has PRICE_MISSING (and only
 *   those), a negative or invalid one PRICE_INVALID; families == catalog
 *   families where no row was left out while reading; each row the facts
 *   note as cut at the cell limit has ROW_TRUNCATED (and no other row); the last record's
 *   start line. And `pos2ecom outlets` prints the facts' figures.
 *
 * Without ../shared (a fresh clone elsewhere) the tests print a visible
 * skip notice and pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_catalog.h"
#include "p2e_command.h"
#include "p2e_decimal.h"
#include "p2e_outlet.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_rules.h"
#include "p2e_units.h"
#include "testutil.h"

#define FACTS_PATH "tests/data/xseries_facts.txt"

#define F_2017 "xseries/vend2017_helenhhuang17-Vend_product-export.csv"
#define F_2018 "xseries/vend2018_samhiggs-data_product-export.csv"
#define F_2023 "xseries/xseries2023_maddytwang-tgc-dash_product-export.csv"
#define F_2026 "xseries/xseries2026_leobrien2-mirour2_product-export.csv"

/* ---- the facts of one file -------------------------------------------- */

#define MAX_SCALARS 64
#define MAX_OUTLETS 64
#define MAX_LIST 1024

typedef struct {
    char key[256];
    size_t in_stock, negative;
    char total[64];
} fact_outlet;

typedef struct {
    unsigned long line;
    char what[64];     /* damaged: the column; price_problem: empty|invalid|negative */
    char value[256];   /* "-" for none */
} fact_item;

typedef struct {
    struct {
        char key[64];
        long value;
    } scalar[MAX_SCALARS];
    size_t nscalar;
    fact_outlet outlet[MAX_OUTLETS];
    size_t noutlet;
    fact_item damaged[MAX_LIST];
    size_t ndamaged;
    fact_item price[MAX_LIST];
    size_t nprice;
    fact_item cutoff[MAX_LIST]; /* rows cut at the cell limit: line, sku, codepoints */
    size_t ncutoff;
} facts_t;

/* "<line> <word> <rest>" into an item. */
static void parse_item(char *s, fact_item *it)
{
    char *end;
    it->line = strtoul(s, &end, 10);
    assert_true(end != s && *end == ' ');
    s = end + 1;
    char *sp = strchr(s, ' ');
    assert_non_null(sp);
    snprintf(it->what, sizeof it->what, "%.*s", (int)(sp - s), s);
    snprintf(it->value, sizeof it->value, "%s", sp + 1);
}

/* The block `FILE base` ... `END` of the facts file. */
static void load_facts(const char *base, facts_t *f)
{
    FILE *fp = fopen(FACTS_PATH, "r");
    if (!fp)
        fail_msg("%s: cannot open (tests run from the repository root)", FACTS_PATH);
    char line[8192], want[600];
    int in_block = 0, found = 0;
    memset(f, 0, sizeof *f);
    snprintf(want, sizeof want, "FILE %s", base);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!in_block) {
            in_block = found = strcmp(line, want) == 0;
            continue;
        }
        if (strcmp(line, "END") == 0)
            break;
        char *sp = strchr(line, ' ');
        if (!sp)
            continue;
        *sp = '\0';
        char *rest = sp + 1;
        if (strncmp(rest, "cutoff_row line ", 16) == 0) {
            /* note cutoff_row line N handle H sku S description_codepoints C */
            assert_true(f->ncutoff < MAX_LIST);
            fact_item *it = &f->cutoff[f->ncutoff++];
            char sku[64];
            unsigned long cp;
            assert_int_equal(sscanf(rest + 16, "%lu handle %*s sku %63s description_codepoints %lu",
                                    &it->line, sku, &cp), 3);
            snprintf(it->what, sizeof it->what, "%s", sku);
            snprintf(it->value, sizeof it->value, "%lu characters", cp);
        } else if (strcmp(line, "note") == 0 || strcmp(line, "encoding") == 0) {
            continue;
        } else if (strcmp(line, "outlet") == 0) {
            /* key may hold spaces: the last three words are the figures */
            assert_true(f->noutlet < MAX_OUTLETS);
            fact_outlet *o = &f->outlet[f->noutlet++];
            char *w[3];
            for (int k = 2; k >= 0; k--) {
                char *p = strrchr(rest, ' ');
                assert_non_null(p);
                *p = '\0';
                w[k] = p + 1;
            }
            snprintf(o->key, sizeof o->key, "%s", rest);
            o->in_stock = strtoul(w[0], NULL, 10);
            snprintf(o->total, sizeof o->total, "%s", w[1]);
            o->negative = strtoul(w[2], NULL, 10);
        } else if (strcmp(line, "damaged") == 0) {
            assert_true(f->ndamaged < MAX_LIST);
            parse_item(rest, &f->damaged[f->ndamaged++]);
        } else if (strcmp(line, "price_problem") == 0) {
            assert_true(f->nprice < MAX_LIST);
            parse_item(rest, &f->price[f->nprice++]);
        } else {
            assert_true(f->nscalar < MAX_SCALARS);
            snprintf(f->scalar[f->nscalar].key, sizeof f->scalar[0].key, "%.63s", line);
            char *end;
            f->scalar[f->nscalar].value = strtol(rest, &end, 10);
            if (end == rest || *end)
                fail_msg("%s: '%s %s' is not a number", FACTS_PATH, line, rest);
            f->nscalar++;
        }
    }
    fclose(fp);
    if (!found)
        fail_msg("%s has no block for %s", FACTS_PATH, base);
}

static size_t fact(const facts_t *f, const char *key)
{
    for (size_t i = 0; i < f->nscalar; i++)
        if (strcmp(f->scalar[i].key, key) == 0)
            return (size_t)f->scalar[i].value;
    fail_msg("%s: no fact '%s'", FACTS_PATH, key);
    return 0;
}

/* ---- the library run ---------------------------------------------------- */

typedef struct {
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_accounting acc;
} run_t;

static void run_library(const char *path, const char *encoding, run_t *r)
{
    p2e_read_opts ro;
    p2e_err err;
    memset(&ro, 0, sizeof ro);
    memset(&err, 0, sizeof err);
    ro.encoding = encoding;
    ro.max_field = P2E_DEFAULT_MAX_FIELD;
    ro.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    assert_non_null(ro.weight_unit);
    assert_non_null(ro.dimension_unit);
    p2e_reader_init(&r->rd);
    r->rd.want_stats = 1;
    assert_int_equal(p2e_catalog_init(&r->cat), P2E_OK);
    assert_int_equal(p2e_report_init(&r->rep), P2E_OK);
    const char *paths[1] = {path};
    p2e_status st = p2e_reader_scan(&r->rd, paths, 1, &ro, &r->rep, &err);
    if (!st)
        st = p2e_outlet_set_select(&r->rd.outlets, NULL, 0, 1, &err);
    if (!st)
        st = p2e_reader_load(&r->rd, &r->cat, &ro, &r->rep, &err);
    if (!st)
        st = p2e_rules_apply(&r->cat, &r->rep, &err);
    if (st)
        fail_msg("%s: %s", path, err.msg);
    assert_int_equal(p2e_report_sort(&r->rep), P2E_OK);
    p2e_catalog_account(&r->cat, &r->acc);
}

static void run_free(run_t *r)
{
    p2e_report_free(&r->rep);
    p2e_catalog_free(&r->cat);
    p2e_reader_free(&r->rd);
}

static const char *fstr(const run_t *r, p2e_str s)
{
    return p2e_pool_get(&r->rep.strings, s);
}

static size_t count_code(const run_t *r, p2e_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < r->rep.count; i++)
        n += r->rep.items[i].code == code;
    return n;
}

static const p2e_finding *find_at(const run_t *r, p2e_code code, unsigned long line)
{
    for (size_t i = 0; i < r->rep.count; i++)
        if (r->rep.items[i].code == code && r->rep.items[i].file == 0 &&
            r->rep.items[i].line == line)
            return &r->rep.items[i];
    return NULL;
}

/* The variant read from the row starting on `line`, or P2E_NONE. */
static uint32_t variant_at(const run_t *r, unsigned long line)
{
    for (size_t i = 0; i < r->cat.nvariants; i++)
        if (r->cat.variants[i].file == 0 && r->cat.variants[i].line == line)
            return (uint32_t)i;
    return P2E_NONE;
}

/* ---- the checks ---------------------------------------------------------- */

static void check_outlets(const run_t *r, const facts_t *f)
{
    const p2e_outlet_set *set = &r->rd.outlets;
    assert_int_equal(set->count, f->noutlet);
    assert_int_equal(set->nselected, f->noutlet);
    for (size_t i = 0; i < f->noutlet; i++) {
        const fact_outlet *o = &f->outlet[i];
        char total[40];
        assert_string_equal(set->items[i].key, o->key);
        assert_int_equal(r->rd.stats[i].rows_in_stock, o->in_stock);
        p2e_dec_format(total, r->rd.stats[i].positive_total, 6, 0);
        assert_string_equal(total, o->total);
        assert_int_equal(r->rd.stats[i].rows_negative, o->negative);
    }
}

/* Every damaged code of the facts is one NUMBER_DAMAGED finding, in order;
 * one in supplier_code, which never goes to the store, NOT_SYNCED_DAMAGED. */
static void check_damaged(const run_t *r, const facts_t *f)
{
    size_t k = 0;
    for (size_t i = 0; i < r->rep.count; i++) {
        const p2e_finding *x = &r->rep.items[i];
        if (x->code != P2E_CODE_NUMBER_DAMAGED && x->code != P2E_CODE_NOT_SYNCED_DAMAGED)
            continue;
        if (k < f->ndamaged)
            assert_int_equal(x->code, strcmp(f->damaged[k].what, "supplier_code") == 0
                                          ? P2E_CODE_NOT_SYNCED_DAMAGED
                                          : P2E_CODE_NUMBER_DAMAGED);
        if (k == f->ndamaged)
            fail_msg("NUMBER_DAMAGED line %lu (%s '%s') is not in the facts", x->line,
                     fstr(r, x->field), fstr(r, x->value));
        const fact_item *d = &f->damaged[k++];
        assert_int_equal(x->file, 0);
        assert_int_equal(x->line, d->line);
        assert_string_equal(fstr(r, x->field), d->what);
        assert_string_equal(fstr(r, x->value), d->value);
    }
    assert_int_equal(k, f->ndamaged);
}

static void check_prices(const run_t *r, const facts_t *f)
{
    size_t missing = 0, invalid = 0;
    for (size_t i = 0; i < f->nprice; i++) {
        const fact_item *p = &f->price[i];
        uint32_t vi = variant_at(r, p->line);
        const p2e_variant *v = vi == P2E_NONE ? NULL : &r->cat.variants[vi];
        if (strcmp(p->what, "empty") == 0) {
            const p2e_finding *x = find_at(r, P2E_CODE_PRICE_MISSING, p->line);
            if (v && v->written) {
                if (!x)
                    fail_msg("line %lu: written with an empty price but no PRICE_MISSING", p->line);
                assert_string_equal(fstr(r, x->field), "retail_price");
                missing++;
            } else if (x) {
                fail_msg("line %lu: not written, yet PRICE_MISSING (value findings are only for "
                         "written rows)", p->line);
            }
        } else {
            const p2e_finding *x = find_at(r, P2E_CODE_PRICE_INVALID, p->line);
            if (!x)
                fail_msg("line %lu: price %s '%s' but no PRICE_INVALID", p->line, p->what,
                         p->value);
            assert_string_equal(fstr(r, x->field), "retail_price");
            assert_string_equal(fstr(r, x->value), p->value);
            assert_non_null(v);
            assert_false(v->written);
            assert_int_equal(v->excluded, P2E_CODE_PRICE_INVALID + 1);
            invalid++;
        }
    }
    /* and no price finding anywhere else */
    assert_int_equal(count_code(r, P2E_CODE_PRICE_MISSING), missing);
    assert_int_equal(count_code(r, P2E_CODE_PRICE_INVALID), invalid);
}

static void reader_check(const char *rel, const char *encoding)
{
    char path[4096];
    if (!tu_public_file(path, sizeof path, rel))
        return;
    const char *base = strrchr(rel, '/') + 1;
    facts_t *f = malloc(sizeof *f);
    assert_non_null(f);
    load_facts(base, f);
    run_t *r = calloc(1, sizeof *r);
    assert_non_null(r);
    run_library(path, encoding, r);
    const p2e_catalog *cat = &r->cat;

    /* records and components */
    assert_int_equal(r->acc.read, fact(f, "records"));
    assert_int_equal(cat->rows_read, fact(f, "records"));
    assert_int_equal(r->acc.attached, fact(f, "component_rows") - fact(f, "orphan_components"));
    assert_int_equal(count_code(r, P2E_CODE_COMPONENT_ORPHAN), fact(f, "orphan_components"));
    size_t composites = 0;
    for (size_t i = 0; i < cat->nvariants; i++)
        composites += cat->variants[i].components != P2E_NONE;
    assert_int_equal(composites, fact(f, "composites"));
    assert_int_equal(r->acc.read, r->acc.written + r->acc.attached + r->acc.not_written_total);

    check_outlets(r, f);
    check_damaged(r, f);

    /* rows left out while reading */
    assert_int_equal(count_code(r, P2E_CODE_DUPLICATE_SKU), fact(f, "duplicate_sku_rows"));
    assert_int_equal(count_code(r, P2E_CODE_MISSING_SKU), fact(f, "empty_sku_rows"));
    assert_int_equal(count_code(r, P2E_CODE_ROW_TOO_LONG), fact(f, "long_rows"));

    /* short rows: product rows are reported, component rows never. In
     * these files a short row is always a component row (short_rows is 0
     * or equals component_rows), so ROW_SHORT must be 0. */
    size_t short_rows = fact(f, "short_rows"), comp_rows = fact(f, "component_rows");
    size_t row_short = count_code(r, P2E_CODE_ROW_SHORT);
    assert_true(short_rows == 0 || short_rows == comp_rows);
    assert_int_equal(row_short, 0);
    assert_true(short_rows - row_short <= comp_rows);

    check_prices(r, f);

    /* rows a spreadsheet cut at its cell limit: ROW_TRUNCATED, not written */
    assert_int_equal(count_code(r, P2E_CODE_ROW_TRUNCATED), f->ncutoff);
    for (size_t i = 0; i < f->ncutoff; i++) {
        const p2e_finding *x = find_at(r, P2E_CODE_ROW_TRUNCATED, f->cutoff[i].line);
        if (!x)
            fail_msg("line %lu: cut at the cell limit but no ROW_TRUNCATED", f->cutoff[i].line);
        assert_string_equal(fstr(r, x->field), "description");
        assert_string_equal(fstr(r, x->sku), f->cutoff[i].what);
        assert_string_equal(fstr(r, x->value), f->cutoff[i].value);
        assert_int_equal(variant_at(r, f->cutoff[i].line), P2E_NONE);
    }

    /* families, where every product row joined one */
    size_t left_out = 0;
    for (size_t i = 0; i < cat->nvariants; i++)
        left_out += cat->variants[i].family == P2E_NONE;
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (k != P2E_CODE_COMPONENT_ORPHAN)
            left_out += cat->not_written_unstored[k];
    if (left_out == 0)
        assert_int_equal(cat->nfamilies, fact(f, "families"));
    else
        printf("  %s: %zu rows left out while reading; families not compared\n", base, left_out);

    /* the last record's start line: the latest line of a variant, a
     * component, or a finding about a row */
    unsigned long last = 0;
    for (size_t i = 0; i < cat->nvariants; i++)
        if (cat->variants[i].file == 0 && cat->variants[i].line > last)
            last = cat->variants[i].line;
    for (size_t i = 0; i < cat->ncomponents; i++)
        if (cat->components[i].file == 0 && cat->components[i].line > last)
            last = cat->components[i].line;
    for (size_t i = 0; i < r->rep.count; i++)
        if (r->rep.items[i].file == 0 && r->rep.items[i].line > last)
            last = r->rep.items[i].line;
    assert_int_equal(last, fact(f, "last_record_line"));

    run_free(r);
    free(r);
    free(f);
}

static void test_reader_vend2017(void **state)
{
    (void)state;
    reader_check(F_2017, "macintosh");
}

static void test_reader_vend2018(void **state)
{
    (void)state;
    reader_check(F_2018, NULL);
}

static void test_reader_xseries2023(void **state)
{
    (void)state;
    reader_check(F_2023, NULL);
}

static void test_reader_xseries2026(void **state)
{
    (void)state;
    reader_check(F_2026, NULL);
}

/* `pos2ecom outlets`: header, then one line per outlet as the facts say. */
static void outlets_check(const char *rel, const char *encoding)
{
    char path[4096];
    if (!tu_public_file(path, sizeof path, rel))
        return;
    facts_t *f = malloc(sizeof *f);
    assert_non_null(f);
    load_facts(strrchr(rel, '/') + 1, f);

    char *want = NULL, *got = NULL;
    size_t wlen = 0, glen = 0;
    FILE *w = open_memstream(&want, &wlen);
    assert_non_null(w);
    fprintf(w, "outlet\tkey\tvariants_in_stock\ttotal_stock\tnegative_rows\n");
    for (size_t i = 0; i < f->noutlet; i++) {
        char name[256];
        snprintf(name, sizeof name, "%s", f->outlet[i].key);
        for (char *p = name; *p; p++)
            if (*p == '_')
                *p = ' ';
        fprintf(w, "%s\t%s\t%zu\t%s\t%zu\n", name, f->outlet[i].key, f->outlet[i].in_stock,
                f->outlet[i].total, f->outlet[i].negative);
    }
    fclose(w);

    FILE *out = open_memstream(&got, &glen);
    assert_non_null(out);
    const char *inputs[1] = {path};
    p2e_err err;
    memset(&err, 0, sizeof err);
    p2e_status st = p2e_command_outlets(inputs, 1, encoding, NULL, P2E_OUTLETS_TSV, 0, out, stderr, &err);
    fclose(out);
    if (st)
        fail_msg("outlets %s: %s", path, err.msg);
    assert_string_equal(got, want);
    free(got);
    free(want);
    free(f);
}

static void test_outlets_command(void **state)
{
    (void)state;
    outlets_check(F_2017, "macintosh");
    outlets_check(F_2018, NULL);
    outlets_check(F_2026, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_vend2017),
        cmocka_unit_test(test_reader_vend2018),
        cmocka_unit_test(test_reader_xseries2023),
        cmocka_unit_test(test_reader_xseries2026),
        cmocka_unit_test(test_outlets_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
