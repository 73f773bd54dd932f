/*
 * test_report.c - findings: code names and severities, the stable sort by
 * file then line, filtering by p2e_keep, counts, and exceptions.csv with
 * formula-looking cells written as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_csvwrite.h"
#include "p2e_report.h"
#include "testutil.h"

/* ---- codes ------------------------------------------------------- */

static const struct {
    p2e_code code;
    const char *name;
    p2e_severity sev;
} code_rows[] = {
    /* the table of docs/convert-rules.md */
    {P2E_CODE_ENCODING_CONVERTED, "ENCODING_CONVERTED", P2E_SEV_WARNING},
    {P2E_CODE_UNKNOWN_COLUMN, "UNKNOWN_COLUMN", P2E_SEV_INFO},
    {P2E_CODE_DUPLICATE_COLUMN, "DUPLICATE_COLUMN", P2E_SEV_WARNING},
    {P2E_CODE_ROW_TOO_LONG, "ROW_TOO_LONG", P2E_SEV_ERROR},
    {P2E_CODE_ROW_SHORT, "ROW_SHORT", P2E_SEV_WARNING},
    {P2E_CODE_COMPONENT_ORPHAN, "COMPONENT_ORPHAN", P2E_SEV_ERROR},
    {P2E_CODE_MISSING_HANDLE, "MISSING_HANDLE", P2E_SEV_WARNING},
    {P2E_CODE_MISSING_SKU, "MISSING_SKU", P2E_SEV_ERROR},
    {P2E_CODE_DUPLICATE_SKU, "DUPLICATE_SKU", P2E_SEV_ERROR},
    {P2E_CODE_SKU_TOO_LONG, "SKU_TOO_LONG", P2E_SEV_ERROR},
    {P2E_CODE_DUPLICATE_ID, "DUPLICATE_ID", P2E_SEV_WARNING},
    {P2E_CODE_NUMBER_DAMAGED, "NUMBER_DAMAGED", P2E_SEV_ERROR},
    {P2E_CODE_MISSING_NAME, "MISSING_NAME", P2E_SEV_ERROR},
    {P2E_CODE_NAME_TOO_LONG, "NAME_TOO_LONG", P2E_SEV_ERROR},
    {P2E_CODE_FAMILY_FIELD_CONFLICT, "FAMILY_FIELD_CONFLICT", P2E_SEV_WARNING},
    {P2E_CODE_OPTION_NAMES_DIFFER, "OPTION_NAMES_DIFFER", P2E_SEV_WARNING},
    {P2E_CODE_OPTION_VALUE_MISSING, "OPTION_VALUE_MISSING", P2E_SEV_WARNING},
    {P2E_CODE_DUPLICATE_COMBINATION, "DUPLICATE_COMBINATION", P2E_SEV_ERROR},
    {P2E_CODE_IN_STORE_ONLY, "IN_STORE_ONLY", P2E_SEV_INFO},
    {P2E_CODE_IN_STORE_ONLY_VARIANT, "IN_STORE_ONLY_VARIANT", P2E_SEV_INFO},
    {P2E_CODE_INACTIVE_PRODUCT, "INACTIVE_PRODUCT", P2E_SEV_INFO},
    {P2E_CODE_INACTIVE_VARIANT, "INACTIVE_VARIANT", P2E_SEV_INFO},
    {P2E_CODE_PRICE_INVALID, "PRICE_INVALID", P2E_SEV_ERROR},
    {P2E_CODE_PRICE_MISSING, "PRICE_MISSING", P2E_SEV_WARNING},
    {P2E_CODE_PRICE_ROUNDED, "PRICE_ROUNDED", P2E_SEV_INFO},
    {P2E_CODE_STOCK_NEGATIVE, "STOCK_NEGATIVE", P2E_SEV_WARNING},
    {P2E_CODE_STOCK_INVALID, "STOCK_INVALID", P2E_SEV_WARNING},
    {P2E_CODE_STOCK_FRACTIONAL, "STOCK_FRACTIONAL", P2E_SEV_INFO},
    {P2E_CODE_UNTRACKED_INVENTORY, "UNTRACKED_INVENTORY", P2E_SEV_INFO},
    {P2E_CODE_COMPOSITE_MISSING_COMPONENT, "COMPOSITE_MISSING_COMPONENT", P2E_SEV_WARNING},
    {P2E_CODE_GTIN_INVALID, "GTIN_INVALID", P2E_SEV_WARNING},
    {P2E_CODE_UNIT_UNKNOWN, "UNIT_UNKNOWN", P2E_SEV_ERROR},
    {P2E_CODE_UNIT_MISSING, "UNIT_MISSING", P2E_SEV_WARNING},
    {P2E_CODE_NUMBER_INVALID, "NUMBER_INVALID", P2E_SEV_ERROR},
    {P2E_CODE_SKU_BASE_SUFFIX, "SKU_BASE_SUFFIX", P2E_SEV_INFO},
    /* README's finding table */
    {P2E_CODE_UNTERMINATED_QUOTE, "UNTERMINATED_QUOTE", P2E_SEV_ERROR},
    {P2E_CODE_IMAGE_UNSUPPORTED, "IMAGE_UNSUPPORTED", P2E_SEV_WARNING},
    {P2E_CODE_IMAGE_CORRUPT, "IMAGE_CORRUPT", P2E_SEV_ERROR},
    {P2E_CODE_IMAGE_EXTENSION, "IMAGE_EXTENSION", P2E_SEV_INFO},
    {P2E_CODE_IMAGE_DUPLICATE, "IMAGE_DUPLICATE", P2E_SEV_INFO},
    {P2E_CODE_IMAGE_ORPHAN, "IMAGE_ORPHAN", P2E_SEV_WARNING},
    {P2E_CODE_IMAGE_MISSING, "IMAGE_MISSING", P2E_SEV_INFO},
    {P2E_CODE_IMAGE_SMALL, "IMAGE_SMALL", P2E_SEV_WARNING},
    {P2E_CODE_IMAGE_NO_BASE_URL, "IMAGE_NO_BASE_URL", P2E_SEV_WARNING},
};

static void test_code_names_and_severities(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof code_rows / sizeof code_rows[0]; i++) {
        const char *name = p2e_code_name(code_rows[i].code);
        if (strcmp(name, code_rows[i].name) != 0 ||
            p2e_code_severity(code_rows[i].code) != code_rows[i].sev)
            fail_msg("code %d: %s/%d, expected %s/%d", (int)code_rows[i].code, name,
                     (int)p2e_code_severity(code_rows[i].code), code_rows[i].name,
                     (int)code_rows[i].sev);
    }
}

/* Every code: a distinct upper-case name and a message. */
static void test_every_code_named(void **state)
{
    (void)state;
    for (int c = 0; c < P2E_CODE_COUNT; c++) {
        const char *name = p2e_code_name((p2e_code)c);
        assert_true(name[0] != '\0');
        for (const char *p = name; *p; p++)
            assert_true((*p >= 'A' && *p <= 'Z') || *p == '_');
        assert_true(p2e_code_message((p2e_code)c)[0] != '\0');
        int sev = (int)p2e_code_severity((p2e_code)c);
        assert_true(sev >= P2E_SEV_ERROR && sev <= P2E_SEV_INFO);
        for (int k = c + 1; k < P2E_CODE_COUNT; k++)
            assert_string_not_equal(name, p2e_code_name((p2e_code)k));
    }
}

static void test_messages(void **state)
{
    (void)state;
    assert_string_equal(p2e_code_message(P2E_CODE_PRICE_ROUNDED),
                        "price rounded half-up to 2 decimals");
    assert_string_equal(p2e_code_message(P2E_CODE_STOCK_NEGATIVE), "negative stock counted as 0");
    assert_string_equal(p2e_code_message(P2E_CODE_MISSING_SKU),
                        "empty SKU; not written (eCom could never match it again)");
}

static void test_severity_names(void **state)
{
    (void)state;
    assert_string_equal(p2e_severity_name(P2E_SEV_ERROR), "error");
    assert_string_equal(p2e_severity_name(P2E_SEV_WARNING), "warning");
    assert_string_equal(p2e_severity_name(P2E_SEV_INFO), "info");
}

/* ---- add --------------------------------------------------------- */

static void add(p2e_report *r, p2e_code code, uint32_t file, unsigned long line,
                const char *value)
{
    assert_int_equal(p2e_report_add(r, code, file, line, P2E_NO_VARIANT, P2E_KEEP_ALWAYS, NULL,
                                    NULL, NULL, value, NULL),
                     P2E_OK);
}

#define STR(r, s) p2e_pool_get(&(r)->strings, (s))

static void test_add_copies_strings(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    char handle[] = "tee", sku[] = "TEE-S", field[] = "retail_price", value[] = "abc";
    assert_int_equal(p2e_report_add(&r, P2E_CODE_PRICE_INVALID, 2, 17, 5,
                                    P2E_KEEP_IF_EXCLUDED_BY, handle, sku, field, value, "why"),
                     P2E_OK);
    /* the caller's buffers change afterwards; the report kept copies */
    strcpy(handle, "XXX");
    strcpy(sku, "YYYYY");
    strcpy(value, "ZZZ");
    assert_int_equal(r.count, 1);
    const p2e_finding *f = &r.items[0];
    assert_int_equal(f->code, P2E_CODE_PRICE_INVALID);
    assert_int_equal(f->file, 2);
    assert_int_equal(f->line, 17);
    assert_int_equal(f->variant, 5);
    assert_int_equal(f->keep, P2E_KEEP_IF_EXCLUDED_BY);
    assert_string_equal(STR(&r, f->handle), "tee");
    assert_string_equal(STR(&r, f->sku), "TEE-S");
    assert_string_equal(STR(&r, f->field), "retail_price");
    assert_string_equal(STR(&r, f->value), "abc");
    assert_string_equal(STR(&r, f->detail), "why");
    /* NULL strings are empty */
    assert_int_equal(p2e_report_add(&r, P2E_CODE_ROW_SHORT, 0, 3, P2E_NO_VARIANT,
                                    P2E_KEEP_ALWAYS, NULL, NULL, NULL, NULL, NULL),
                     P2E_OK);
    f = &r.items[1];
    assert_string_equal(STR(&r, f->handle), "");
    assert_string_equal(STR(&r, f->sku), "");
    assert_string_equal(STR(&r, f->value), "");
    assert_string_equal(STR(&r, f->detail), "");
    /* an earlier finding's strings survive the pool growing */
    for (int i = 0; i < 2000; i++) {
        char v[32];
        snprintf(v, sizeof v, "value number %d", i);
        add(&r, P2E_CODE_STOCK_INVALID, 0, (unsigned long)i + 2, v);
    }
    assert_int_equal(r.count, 2002);
    assert_string_equal(STR(&r, r.items[0].sku), "TEE-S");
    assert_string_equal(STR(&r, r.items[2001].value), "value number 1999");
    p2e_report_free(&r);
}

static void test_add_path(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    assert_int_equal(p2e_report_add_path(&r, P2E_CODE_IMAGE_SMALL, "images/tee.jpg", "tee",
                                         "TEE-S", NULL, "120x80", NULL),
                     P2E_OK);
    const p2e_finding *f = &r.items[0];
    assert_int_equal(f->file, P2E_FILE_OTHER);
    assert_int_equal(f->line, 0);
    assert_int_equal(f->variant, P2E_NO_VARIANT);
    assert_int_equal(f->keep, P2E_KEEP_ALWAYS);
    assert_string_equal(STR(&r, f->path), "images/tee.jpg");
    assert_string_equal(STR(&r, f->value), "120x80");
    p2e_report_free(&r);
}

static void test_count(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    add(&r, P2E_CODE_PRICE_INVALID, 0, 2, NULL);   /* error */
    add(&r, P2E_CODE_PRICE_INVALID, 0, 3, NULL);   /* error */
    add(&r, P2E_CODE_MISSING_SKU, 0, 4, NULL);     /* error */
    add(&r, P2E_CODE_STOCK_NEGATIVE, 0, 5, NULL);  /* warning */
    add(&r, P2E_CODE_PRICE_ROUNDED, 0, 6, NULL);   /* info */
    add(&r, P2E_CODE_PRICE_ROUNDED, 0, 7, NULL);   /* info */
    size_t per_code[P2E_CODE_COUNT], per_sev[3];
    memset(per_code, 0x55, sizeof per_code);
    p2e_report_count(&r, per_code, per_sev);
    assert_int_equal(per_code[P2E_CODE_PRICE_INVALID], 2);
    assert_int_equal(per_code[P2E_CODE_MISSING_SKU], 1);
    assert_int_equal(per_code[P2E_CODE_STOCK_NEGATIVE], 1);
    assert_int_equal(per_code[P2E_CODE_PRICE_ROUNDED], 2);
    assert_int_equal(per_code[P2E_CODE_ROW_SHORT], 0);
    assert_int_equal(per_sev[P2E_SEV_ERROR], 3);
    assert_int_equal(per_sev[P2E_SEV_WARNING], 1);
    assert_int_equal(per_sev[P2E_SEV_INFO], 2);
    p2e_report_free(&r);
}

/* ---- sort -------------------------------------------------------- */

static void test_sort_small(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    /* value = the expected position after sorting: errors, then warnings,
     * then info; within a severity by file (images last), then line */
    add(&r, P2E_CODE_ROW_SHORT, 1, 5, "6");          /* warning */
    add(&r, P2E_CODE_STOCK_NEGATIVE, 0, 9, "5");     /* warning */
    assert_int_equal(p2e_report_add_path(&r, P2E_CODE_IMAGE_ORPHAN, "img/a.jpg", NULL, NULL,
                                         NULL, "7", NULL), /* warning, an image: its last */
                     P2E_OK);
    add(&r, P2E_CODE_PRICE_ROUNDED, 0, 2, "8");      /* info */
    add(&r, P2E_CODE_MISSING_SKU, 1, 1, "0");        /* error */
    add(&r, P2E_CODE_ENCODING_CONVERTED, 0, 0, "2"); /* warning; line 0: the whole file */
    add(&r, P2E_CODE_PRICE_MISSING, 0, 2, "3");      /* warning */
    assert_int_equal(p2e_report_add_path(&r, P2E_CODE_IMAGE_DUPLICATE, "img/b.jpg", NULL, NULL,
                                         NULL, "9", NULL), /* info, an image */
                     P2E_OK);
    add(&r, P2E_CODE_GTIN_INVALID, 0, 2, "4");       /* warning, same key as "3": after it */
    add(&r, P2E_CODE_ROW_TOO_LONG, 1, 1000000, "1"); /* error */
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    assert_int_equal(r.count, 10);
    for (size_t i = 0; i < r.count; i++) {
        char want[24];
        snprintf(want, sizeof want, "%zu", i);
        assert_string_equal(STR(&r, r.items[i].value), want);
    }
    /* the images, last of their severity */
    assert_int_equal(r.items[7].file, P2E_FILE_OTHER);
    assert_string_equal(STR(&r, r.items[7].path), "img/a.jpg");
    assert_string_equal(STR(&r, r.items[9].path), "img/b.jpg");
    p2e_report_free(&r);
}

/* Findings with a path and a line: after the exports, grouped per path,
 * by line within a path. */
static void test_add_at_sorted(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    assert_int_equal(p2e_report_add_at(&r, P2E_CODE_ROW_SHORT, "prev/x.csv", 5, NULL, NULL, NULL,
                                       "x5", NULL),
                     P2E_OK);
    assert_int_equal(p2e_report_add_at(&r, P2E_CODE_ROW_SHORT, "prev/y.csv", 1, NULL, NULL, NULL,
                                       "y1", NULL),
                     P2E_OK);
    add(&r, P2E_CODE_ROW_SHORT, 0, 9, "export9");
    assert_int_equal(p2e_report_add_at(&r, P2E_CODE_ROW_SHORT, "prev/x.csv", 2, NULL, NULL, NULL,
                                       "x2", NULL),
                     P2E_OK);
    assert_int_equal(r.items[0].file, P2E_FILE_OTHER);
    assert_int_equal(r.items[0].line, 5);
    assert_string_equal(STR(&r, r.items[0].path), "prev/x.csv");
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    const char *expect[] = {"export9", "x2", "x5", "y1"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(STR(&r, r.items[i].value), expect[i]);
    p2e_report_free(&r);
}

static void test_sort_empty_and_one(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    assert_int_equal(r.count, 0);
    add(&r, P2E_CODE_ROW_SHORT, 3, 4, "x");
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.items[0].line, 4);
    p2e_report_free(&r);
}

/* Many findings with few distinct keys: compared with a stable
 * insertion sort done here, by the order they were added. */
static void test_sort_stable_many(void **state)
{
    (void)state;
    enum { N = 1037 };
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    static uint32_t files[N];
    static unsigned long lines[N];
    static size_t order[N];
    uint32_t seed = 12345;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t f = (seed >> 16) % 4;
        files[i] = f == 3 ? P2E_FILE_OTHER : f;
        seed = seed * 1103515245u + 12345u;
        lines[i] = files[i] == P2E_FILE_OTHER ? 0 : (seed >> 16) % 7;
        char v[24];
        snprintf(v, sizeof v, "%zu", i);
        assert_int_equal(p2e_report_add(&r, P2E_CODE_STOCK_INVALID, files[i], lines[i],
                                        P2E_NO_VARIANT, P2E_KEEP_ALWAYS, NULL, NULL, NULL, v,
                                        NULL),
                         P2E_OK);
    }
    /* the expected order */
    for (size_t i = 0; i < N; i++) {
        size_t k = i;
        while (k > 0 && (files[order[k - 1]] > files[i] ||
                         (files[order[k - 1]] == files[i] && lines[order[k - 1]] > lines[i]))) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    assert_int_equal(r.count, N);
    for (size_t i = 0; i < N; i++) {
        char want[24];
        snprintf(want, sizeof want, "%zu", order[i]);
        if (strcmp(STR(&r, r.items[i].value), want) != 0)
            fail_msg("position %zu: finding %s, expected %s", i, STR(&r, r.items[i].value),
                     want);
    }
    p2e_report_free(&r);
}

/* ---- filter ------------------------------------------------------ */

/* The fate of each variant, as the rules decide it. */
typedef struct {
    int written;
    p2e_code excluded_by; /* meaningful when !written */
} fate;

static int keep_by_fate(void *ctx, const p2e_finding *f)
{
    const fate *v = ctx;
    if (f->keep == P2E_KEEP_ALWAYS || f->variant == P2E_NO_VARIANT)
        return 1;
    if (f->keep == P2E_KEEP_IF_WRITTEN)
        return v[f->variant].written;
    return !v[f->variant].written && v[f->variant].excluded_by == f->code;
}

static void addv(p2e_report *r, p2e_code code, uint32_t variant, p2e_keep keep, const char *tag)
{
    assert_int_equal(p2e_report_add(r, code, 0, 10 + variant, variant, keep, NULL, NULL, NULL,
                                    tag, NULL),
                     P2E_OK);
}

static void test_filter_keep_modes(void **state)
{
    (void)state;
    const fate fates[] = {
        {1, 0},                          /* 0: written */
        {0, P2E_CODE_PRICE_INVALID},     /* 1: excluded by PRICE_INVALID */
        {0, P2E_CODE_DUPLICATE_SKU},     /* 2: excluded by DUPLICATE_SKU */
    };
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    addv(&r, P2E_CODE_DUPLICATE_SKU, 2, P2E_KEEP_ALWAYS, "keep-always-excluded");
    addv(&r, P2E_CODE_GTIN_INVALID, 0, P2E_KEEP_IF_WRITTEN, "keep-written");
    addv(&r, P2E_CODE_GTIN_INVALID, 1, P2E_KEEP_IF_WRITTEN, "drop-written-1");
    addv(&r, P2E_CODE_PRICE_INVALID, 1, P2E_KEEP_IF_EXCLUDED_BY, "keep-excluded-by");
    addv(&r, P2E_CODE_PRICE_INVALID, 2, P2E_KEEP_IF_EXCLUDED_BY, "drop-other-reason");
    addv(&r, P2E_CODE_PRICE_INVALID, 0, P2E_KEEP_IF_EXCLUDED_BY, "drop-was-written");
    addv(&r, P2E_CODE_STOCK_NEGATIVE, 2, P2E_KEEP_IF_WRITTEN, "drop-written-2");
    addv(&r, P2E_CODE_FAMILY_FIELD_CONFLICT, 0, P2E_KEEP_ALWAYS, "keep-always-written");
    assert_int_equal(p2e_report_add(&r, P2E_CODE_UNKNOWN_COLUMN, 0, 1, P2E_NO_VARIANT,
                                    P2E_KEEP_ALWAYS, NULL, NULL, "colour", "keep-no-variant",
                                    NULL),
                     P2E_OK);
    p2e_report_filter(&r, keep_by_fate, (void *)fates);
    const char *expect[] = {"keep-always-excluded", "keep-written", "keep-excluded-by",
                            "keep-always-written", "keep-no-variant"};
    assert_int_equal(r.count, sizeof expect / sizeof expect[0]);
    for (size_t i = 0; i < r.count; i++)
        assert_string_equal(STR(&r, r.items[i].value), expect[i]);
    p2e_report_free(&r);
}

static int keep_none(void *ctx, const p2e_finding *f)
{
    (void)ctx;
    (void)f;
    return 0;
}

static int keep_all(void *ctx, const p2e_finding *f)
{
    int *calls = ctx;
    (void)f;
    (*calls)++;
    return 1;
}

static void test_filter_all_and_none(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    add(&r, P2E_CODE_ROW_SHORT, 0, 2, "a");
    add(&r, P2E_CODE_ROW_SHORT, 0, 3, "b");
    add(&r, P2E_CODE_ROW_SHORT, 0, 4, "c");
    int calls = 0;
    p2e_report_filter(&r, keep_all, &calls);
    assert_int_equal(calls, 3);
    assert_int_equal(r.count, 3);
    assert_string_equal(STR(&r, r.items[2].value), "c");
    p2e_report_filter(&r, keep_none, NULL);
    assert_int_equal(r.count, 0);
    /* still usable */
    add(&r, P2E_CODE_ROW_SHORT, 0, 5, "d");
    assert_int_equal(r.count, 1);
    assert_string_equal(STR(&r, r.items[0].value), "d");
    p2e_report_free(&r);
}

/* ---- exceptions.csv ---------------------------------------------- */

static const char *const file_names[] = {"a.csv", "b.csv"};

static void addf(p2e_report *r, p2e_code code, uint32_t file, unsigned long line,
                 const char *handle, const char *sku, const char *field, const char *value,
                 const char *detail)
{
    assert_int_equal(p2e_report_add(r, code, file, line, P2E_NO_VARIANT, P2E_KEEP_ALWAYS,
                                    handle, sku, field, value, detail),
                     P2E_OK);
}

static char *write_and_read(const p2e_report *r, char **dir_out)
{
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_err err = {{0}};
    assert_int_equal(p2e_report_write_exceptions(r, NULL, file_names, dir, "exceptions.csv", NULL, &err), P2E_OK);
    /* exactly one file: no temporary left behind */
    assert_int_equal(tu_dir_entries(dir), 1);
    char path[512];
    char *text = tu_read_file(tu_join(path, sizeof path, dir, "exceptions.csv"), NULL);
    assert_non_null(text);
    *dir_out = dir;
    return text;
}

#define HEADER "severity,code,file,line,handle,sku,name,field,value,message,action\n"

static void test_exceptions_header_only(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    char *dir;
    char *text = write_and_read(&r, &dir);
    assert_string_equal(text, HEADER);
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

static void test_exceptions_rows_and_formula_guard(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    addf(&r, P2E_CODE_PRICE_INVALID, 0, 7, "h1", "-abc", "retail_price", "=HYPERLINK(\"x\")",
         NULL);
    addf(&r, P2E_CODE_STOCK_NEGATIVE, 1, 12, "@SUM(A1)", "SKU-1", "inventory_Main_Outlet", "-5",
         "outlet Main");
    addf(&r, P2E_CODE_PRICE_ROUNDED, 0, 3, "+", "x", "retail_price", "+3.5", NULL);
    addf(&r, P2E_CODE_ENCODING_CONVERTED, 1, 0, NULL, NULL, NULL, "WINDOWS-1252", NULL);
    addf(&r, P2E_CODE_NUMBER_INVALID, 0, 9, "-1-1", "+1+1", "weight", "-1.5", NULL);
    addf(&r, P2E_CODE_STOCK_INVALID, 0, 10, "=1", "@", "inventory_A", "-", NULL);
    addf(&r, P2E_CODE_GTIN_INVALID, 0, 11, "-.5", "0", "upc", "say \"hi\", ok", NULL);
    assert_int_equal(p2e_report_add_path(&r, P2E_CODE_IMAGE_SMALL, "images/a,b.jpg", NULL, "S1",
                                         NULL, "120x80", NULL),
                     P2E_OK);
    char *dir;
    char *text = write_and_read(&r, &dir);
    const char *expect =
        HEADER
        "error,PRICE_INVALID,a.csv,7,h1,\"'-abc\",,retail_price,\"'=HYPERLINK(\"\"x\"\")\","
        "price is not a non-negative number; variant not written,"
        "Fix the price in the POS and export again.\n"
        "warning,STOCK_NEGATIVE,b.csv,12,\"'@SUM(A1)\",SKU-1,,inventory_Main_Outlet,-5,"
        "negative stock counted as 0 (outlet Main),"
        "Count the stock of these variants and correct it in the POS.\n"
        "info,PRICE_ROUNDED,a.csv,3,\"'+\",x,,retail_price,+3.5,"
        "price rounded half-up to 2 decimals,Nothing to do: eCom prices have two decimals.\n"
        "warning,ENCODING_CONVERTED,b.csv,,,,,,WINDOWS-1252,"
        "the file was not UTF-8 and was converted; check accented letters,"
        "\"Check the accented letters in ecom-import.csv; if they are wrong, run again with "
        "the --encoding the finding names.\"\n"
        "error,NUMBER_INVALID,a.csv,9,\"'-1-1\",\"'+1+1\",,weight,-1.5,"
        "not a non-negative number; value not written,Fix the value in the POS and export again.\n"
        "warning,STOCK_INVALID,a.csv,10,\"'=1\",\"'@\",,inventory_A,\"'-\","
        "stock is not a number; counted as 0,Correct the stock count in the POS.\n"
        "warning,GTIN_INVALID,a.csv,11,-.5,0,,upc,\"say \"\"hi\"\", ok\","
        "UPC is not a valid GTIN-8/12/13/14; written anyway,Check the barcode in the POS.\n"
        "warning,IMAGE_SMALL,\"images/a,b.jpg\",,,S1,,,120x80,image under 200 px on its short side,"
        "Use a larger photo (at least 200 px on its short side).\n";
    assert_string_equal(text, expect);
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

/* Written in the report's current order: after a sort, errors, warnings,
 * then info, each by file and line. */
static void test_exceptions_sorted(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    assert_int_equal(p2e_report_add_path(&r, P2E_CODE_IMAGE_ORPHAN, "img/z.png", NULL, NULL,
                                         NULL, NULL, NULL),
                     P2E_OK);
    addf(&r, P2E_CODE_ROW_SHORT, 1, 2, NULL, NULL, NULL, NULL, NULL);
    addf(&r, P2E_CODE_MISSING_SKU, 0, 4, "h", NULL, "sku", NULL, NULL);
    addf(&r, P2E_CODE_UNKNOWN_COLUMN, 0, 1, NULL, NULL, "colour", NULL, NULL);
    assert_int_equal(p2e_report_sort(&r), P2E_OK);
    char *dir;
    char *text = write_and_read(&r, &dir);
    const char *expect =
        HEADER
        "error,MISSING_SKU,a.csv,4,h,,,sku,,"
        "empty SKU; not written (eCom could never match it again),"
        "Give these variants a SKU in the POS and export again.\n"
        "warning,ROW_SHORT,b.csv,2,,,,,,"
        "row has fewer fields than the header; missing fields read as empty,"
        "Check that the row was not cut off; export again from the POS if it was.\n"
        "warning,IMAGE_ORPHAN,img/z.png,,,,,,,"
        "image matches no written product or variant; not used,"
        "\"Rename the photo after the SKU or handle of its product, or remove it from the "
        "folder.\"\n"
        "info,UNKNOWN_COLUMN,a.csv,1,,,,colour,,column not used by the conversion,"
        "\"Nothing to do, unless the column holds data you expected to move to eCom.\"\n";
    assert_string_equal(text, expect);
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

/* The name column: the family's name, found by the finding's variant, else
 * by its handle (rows left out while reading have no family of their own);
 * never by the SKU, which for a duplicate SKU is another product's. */
static void test_exceptions_names(void **state)
{
    (void)state;
    p2e_catalog cat;
    assert_int_equal(p2e_catalog_init(&cat), P2E_OK);
    p2e_str key, name, sku;
    uint32_t fi, vi;
    int created;
    assert_int_equal(p2e_catalog_intern(&cat, "camp-chair", 10, &key), P2E_OK);
    assert_int_equal(p2e_catalog_family(&cat, key, &fi, &created), P2E_OK);
    assert_int_equal(p2e_catalog_intern(&cat, "Camp Chair", 10, &name), P2E_OK);
    cat.families[fi].name = name;
    assert_int_equal(p2e_catalog_intern(&cat, "C-1", 3, &sku), P2E_OK);
    p2e_variant v = {.family = fi, .sku = sku};
    assert_int_equal(p2e_catalog_add_variant(&cat, &v, &vi), P2E_OK);
    assert_int_equal(p2e_map_put(&cat.variant_by_sku, &cat.pool, sku, vi), P2E_OK);
    p2e_variant orphan = {.family = P2E_NONE};
    uint32_t oi;
    assert_int_equal(p2e_catalog_add_variant(&cat, &orphan, &oi), P2E_OK);

    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    assert_int_equal(p2e_report_add(&r, P2E_CODE_ROW_SHORT, 0, 2, vi, P2E_KEEP_ALWAYS, NULL,
                                    NULL, NULL, "by-variant", NULL), P2E_OK);
    assert_int_equal(p2e_report_add(&r, P2E_CODE_ROW_SHORT, 0, 3, oi, P2E_KEEP_ALWAYS,
                                    "camp-chair", NULL, NULL, "by-handle", NULL), P2E_OK);
    addf(&r, P2E_CODE_ROW_SHORT, 0, 4, "other", "C-1", NULL, "by-sku", NULL);
    addf(&r, P2E_CODE_ROW_SHORT, 0, 5, "other", "C-2", NULL, "none", NULL);
    /* a row left out while reading: the reader gives its own name */
    assert_int_equal(p2e_report_add(&r, P2E_CODE_DUPLICATE_SKU, 0, 6, oi, P2E_KEEP_ALWAYS,
                                    "camp-chair", "C-1", NULL, "own", NULL), P2E_OK);
    assert_int_equal(p2e_report_name_last(&r, "Camp Chair XL"), P2E_OK);
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_err err = {{0}};
    assert_int_equal(p2e_report_write_exceptions(&r, &cat, file_names, dir, "exceptions.csv",
                                                 NULL, &err), P2E_OK);
    char path[512];
    char *text = tu_read_file(tu_join(path, sizeof path, dir, "exceptions.csv"), NULL);
    assert_non_null(text);
    assert_true(tu_contains(text, "a.csv,2,,,Camp Chair,,by-variant,"));
    assert_true(tu_contains(text, "a.csv,3,camp-chair,,Camp Chair,,by-handle,"));
    assert_true(tu_contains(text, "a.csv,4,other,C-1,,,by-sku,"));
    assert_true(tu_contains(text, "a.csv,5,other,C-2,,,none,"));
    assert_true(tu_contains(text, "a.csv,6,camp-chair,C-1,Camp Chair XL,,own,"));
    free(text);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
    p2e_catalog_free(&cat);
}

static void test_exceptions_missing_dir(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    char missing[512];
    tu_join(missing, sizeof missing, dir, "no/such/dir");
    p2e_err err = {{0}};
    assert_int_equal(p2e_report_write_exceptions(&r, NULL, file_names, missing, "exceptions.csv", NULL, &err), P2E_ERR_WRITE);
    assert_true(tu_contains(err.msg, missing));
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

/* With an output set the file stays temporary until the set commits. */
static void test_exceptions_into_outset(void **state)
{
    (void)state;
    p2e_report r;
    assert_int_equal(p2e_report_init(&r), P2E_OK);
    addf(&r, P2E_CODE_ROW_SHORT, 0, 2, NULL, NULL, NULL, NULL, NULL);
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    char path[512];
    tu_join(path, sizeof path, dir, "exceptions.csv");
    p2e_outset set = {0};
    p2e_err err = {{0}};
    assert_int_equal(p2e_report_write_exceptions(&r, NULL, file_names, dir, "exceptions.csv", &set, &err), P2E_OK);
    assert_int_equal(set.count, 1);
    assert_string_equal(set.name[0], "exceptions.csv");
    p2e_outset_free(&set);
    char *text = tu_read_file(path, NULL);
    assert_non_null(text);
    assert_string_equal(text, HEADER "warning,ROW_SHORT,a.csv,2,,,,,,"
                              "row has fewer fields than the header; missing fields read as "
                              "empty,Check that the row was not cut off; export again from the "
                              "POS if it was.\n");
    free(text);
    assert_int_equal(tu_dir_entries(dir), 1);
    tu_remove_tree(dir);
    free(dir);
    p2e_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_names_and_severities),
        cmocka_unit_test(test_every_code_named),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_severity_names),
        cmocka_unit_test(test_add_copies_strings),
        cmocka_unit_test(test_add_path),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_sort_small),
        cmocka_unit_test(test_add_at_sorted),
        cmocka_unit_test(test_sort_empty_and_one),
        cmocka_unit_test(test_sort_stable_many),
        cmocka_unit_test(test_filter_keep_modes),
        cmocka_unit_test(test_filter_all_and_none),
        cmocka_unit_test(test_exceptions_header_only),
        cmocka_unit_test(test_exceptions_rows_and_formula_guard),
        cmocka_unit_test(test_exceptions_sorted),
        cmocka_unit_test(test_exceptions_names),
        cmocka_unit_test(test_exceptions_missing_dir),
        cmocka_unit_test(test_exceptions_into_outset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
