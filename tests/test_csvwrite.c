/*
 * test_csvwrite.c - RFC-4180 output written all-or-nothing: quoting, LF
 * record ends, the file appearing only on commit, nothing left behind on
 * abandon or failure, and output sets that commit several files together.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "p2e_csvwrite.h"
#include "testutil.h"

typedef struct {
    char *dir;
    char path[512];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->dir = tu_temp_dir();
    if (!f->dir) {
        free(f);
        return -1;
    }
    tu_join(f->path, sizeof f->path, f->dir, "out.csv");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tu_remove_tree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* One field in a row of its own, committed; returns the file's text. */
static char *write_one(fixture *f, const char *s, size_t len, int guard)
{
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    w.guard_formulas = guard;
    p2e_csvw_field(&w, s, len);
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    char *text = tu_read_file(f->path, NULL);
    assert_non_null(text);
    return text;
}

static const struct {
    const char *in;
    const char *out; /* the whole file: the field and LF */
} quote_rows[] = {
    {"plain", "plain\n"},
    {"", "\n"},
    {"in side", "in side\n"},          /* inner space: plain */
    {"a\tb", "a\tb\n"},                /* tab: plain */
    {"caf\xC3\xA9", "caf\xC3\xA9\n"},  /* UTF-8 as is */
    {"it's", "it's\n"},
    {"a,b", "\"a,b\"\n"},
    {",", "\",\"\n"},
    {"say \"hi\"", "\"say \"\"hi\"\"\"\n"},
    {"\"", "\"\"\"\"\n"},
    {"\"\"", "\"\"\"\"\"\"\n"},
    {"line1\nline2", "\"line1\nline2\"\n"},
    {"cr\rhere", "\"cr\rhere\"\n"},
    {"crlf\r\n", "\"crlf\r\n\"\n"},
    {" lead", "\" lead\"\n"},
    {"trail ", "\"trail \"\n"},
    {" ", "\" \"\n"},
    {"=SUM(1)", "=SUM(1)\n"},          /* no formula guard unless asked */
    {"-abc", "-abc\n"},
    /* 16 bytes and more take the memchr path */
    {"<p class=\"x\">long, text</p>", "\"<p class=\"\"x\"\">long, text</p>\"\n"},
    {"\"0123456789abcdef\"", "\"\"\"0123456789abcdef\"\"\"\n"},
    {"0123456789abcdef,", "\"0123456789abcdef,\"\n"},
    {"0123456789abcdef\n", "\"0123456789abcdef\n\"\n"},
    {"0123456789abcdefg", "0123456789abcdefg\n"},
};

static void test_quoting_table(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof quote_rows / sizeof quote_rows[0]; i++) {
        char *text = write_one(f, quote_rows[i].in, strlen(quote_rows[i].in), 0);
        if (strcmp(text, quote_rows[i].out) != 0)
            fail_msg("field \"%s\" written as \"%s\", expected \"%s\"", quote_rows[i].in, text,
                     quote_rows[i].out);
        free(text);
    }
}

/* With guard_formulas: a cell a spreadsheet would run is quoted and starts
 * with a single quote; plain numbers stay numbers. */
static const struct {
    const char *in;
    const char *out;
} guard_rows[] = {
    {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"\n"},
    {"=1", "\"'=1\"\n"},
    {"@SUM(A1)", "\"'@SUM(A1)\"\n"},
    {"@", "\"'@\"\n"},
    {"-abc", "\"'-abc\"\n"},
    {"+abc", "\"'+abc\"\n"},
    {"-", "\"'-\"\n"},
    {"+", "\"'+\"\n"},
    {"-1+1", "\"'-1+1\"\n"},
    {"+1,5", "\"'+1,5\"\n"},
    {"-5", "-5\n"},
    {"+3.5", "+3.5\n"},
    {"-0.25", "-0.25\n"},
    {"-.5", "-.5\n"},
    {"5", "5\n"},
    {"abc", "abc\n"},
    {"a=b", "a=b\n"},
    {"a,b", "\"a,b\"\n"},
    /* OWASP: TAB and CR start a formula too, and a spreadsheet trims the
     * whitespace before = + - @ (issue 19, point 10) */
    {"\t=1+1", "\"'\t=1+1\"\n"},
    {"\r=1+1", "\"'\r=1+1\"\n"},
    {"\t", "\"'\t\"\n"},
    {"\tplain", "\"'\tplain\"\n"},
    {"\t-3", "\"'\t-3\"\n"},
    {" =1+1", "\"' =1+1\"\n"},
    {"  @SUM(A1)", "\"'  @SUM(A1)\"\n"},
    {"\n+cmd", "\"'\n+cmd\"\n"},
    {" \t -x", "\"' \t -x\"\n"},
    {" -3", "\" -3\"\n"},            /* a number once trimmed: only quoted for its space */
    {"-1.5", "-1.5\n"},
    {"-1.2.3", "\"'-1.2.3\"\n"},     /* two dots: not a number */
    {"-1e5", "\"'-1e5\"\n"},
    {"-3 ", "\"'-3 \"\n"},
    {"=HYPERLINK(\"http://x/?\"&A1,\"go\")", "\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"go\"\")\"\n"},
};

/* The guard is on unless a writer turns it off: a new output file is safe
 * to open in a spreadsheet without its author remembering the flag. */
static void test_guard_on_by_default(void **state)
{
    fixture *f = *state;
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "=1+1");
    p2e_csvw_cstr(&w, "-3");
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    char *text = tu_read_file(f->path, NULL);
    assert_non_null(text);
    assert_string_equal(text, "\"'=1+1\",-3\n");
    free(text);
}

/* Whole numbers in decimal, without snprintf. */
static void test_ulong_field(void **state)
{
    fixture *f = *state;
    static const struct {
        unsigned long v;
        const char *out;
    } rows[] = {{0, "0,"}, {7, "7,"}, {10, "10,"}, {4294967295UL, "4294967295,"},
                {ULONG_MAX, ULONG_MAX == 18446744073709551615UL ? "18446744073709551615,"
                                                                 : "4294967295,"}};
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        p2e_csvw_ulong(&w, rows[i].v);
        p2e_csvw_field(&w, "", 0);
        p2e_csvw_end_row(&w);
    }
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    char *text = tu_read_file(f->path, NULL);
    assert_non_null(text);
    char want[256] = "";
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        strcat(want, rows[i].out);
        strcat(want, "\n");
    }
    assert_string_equal(text, want);
    free(text);
}

static void test_formula_guard_table(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < sizeof guard_rows / sizeof guard_rows[0]; i++) {
        char *text = write_one(f, guard_rows[i].in, strlen(guard_rows[i].in), 1);
        if (strcmp(text, guard_rows[i].out) != 0)
            fail_msg("guarded field \"%s\" written as \"%s\", expected \"%s\"", guard_rows[i].in,
                     text, guard_rows[i].out);
        free(text);
    }
}

static void test_rows_and_record_ends(void **state)
{
    fixture *f = *state;
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "type");
    p2e_csvw_cstr(&w, "product_sku");
    p2e_csvw_cstr(&w, "product_name");
    p2e_csvw_end_row(&w);
    p2e_csvw_cstr(&w, "product");
    p2e_csvw_cstr(&w, "TEE-S");
    p2e_csvw_cstr(&w, "Tee, small");
    p2e_csvw_end_row(&w);
    p2e_csvw_cstr(&w, NULL);            /* NULL is an empty field */
    p2e_csvw_field(&w, "abcdef", 3);   /* only len bytes */
    p2e_csvw_field(&w, "", 0);
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    size_t len = 0;
    char *text = tu_read_file(f->path, &len);
    assert_non_null(text);
    const char *expect = "type,product_sku,product_name\n"
                         "product,TEE-S,\"Tee, small\"\n"
                         ",abc,\n";
    assert_int_equal(len, strlen(expect));
    assert_string_equal(text, expect);
    assert_null(memchr(text, '\r', len));
    free(text);
    /* the writer was reset */
    assert_null(w.fp);
    assert_null(w.tmp);
}

/* Bytes after a NUL inside a field are written: fields are (ptr, len). */
static void test_field_with_nul(void **state)
{
    fixture *f = *state;
    char *text;
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_field(&w, "a\0b", 3);
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    size_t len = 0;
    text = tu_read_file(f->path, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(text, "a\0b\n", 4);
    free(text);
}

static void test_file_appears_only_on_commit(void **state)
{
    fixture *f = *state;
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "a");
    p2e_csvw_end_row(&w);
    /* before commit: only a temporary file, not the target */
    assert_false(tu_exists(f->path));
    assert_int_equal(tu_dir_entries(f->dir), 1);
    assert_non_null(w.tmp);
    assert_true(tu_exists(w.tmp));
    char tmp[512];
    snprintf(tmp, sizeof tmp, "%s", w.tmp);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    assert_true(tu_exists(f->path));
    assert_false(tu_exists(tmp));
    assert_int_equal(tu_dir_entries(f->dir), 1);
}

static void test_abandon_leaves_nothing(void **state)
{
    fixture *f = *state;
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "a");
    p2e_csvw_end_row(&w);
    p2e_csvw_abandon(&w);
    assert_false(tu_exists(f->path));
    assert_int_equal(tu_dir_entries(f->dir), 0);
    /* a second abandon is harmless */
    p2e_csvw_abandon(&w);
}

/* A previous file survives an abandoned writer, and is replaced whole by
 * a committed one. */
static void test_previous_file_kept_then_replaced(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    fputs("old\n", fp);
    fclose(fp);
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "new");
    p2e_csvw_end_row(&w);
    p2e_csvw_abandon(&w);
    char *text = tu_read_file(f->path, NULL);
    assert_string_equal(text, "old\n");
    free(text);
    assert_int_equal(tu_dir_entries(f->dir), 1);

    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "new");
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    text = tu_read_file(f->path, NULL);
    assert_string_equal(text, "new\n");
    free(text);
    assert_int_equal(tu_dir_entries(f->dir), 1);
}

static void test_open_missing_dir(void **state)
{
    fixture *f = *state;
    char missing[600];
    tu_join(missing, sizeof missing, f->dir, "no/such/dir");
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, missing, "out.csv", &err), P2E_ERR_WRITE);
    assert_true(tu_contains(err.msg, missing));
    assert_null(w.fp);
    p2e_csvw_abandon(&w); /* safe on a failed writer */
    assert_int_equal(tu_dir_entries(f->dir), 0);
}

/* The rename fails (the target is a non-empty directory): P2E_ERR_WRITE
 * naming the target, and no temporary file left. */
static void test_commit_failure_leaves_nothing(void **state)
{
    fixture *f = *state;
    char inner[600];
    assert_int_equal(mkdir(f->path, 0700), 0);
    tu_join(inner, sizeof inner, f->path, "x");
    FILE *fp = fopen(inner, "wb");
    assert_non_null(fp);
    fclose(fp);
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    p2e_csvw_cstr(&w, "a");
    p2e_csvw_end_row(&w);
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_ERR_WRITE);
    assert_true(tu_contains(err.msg, "out.csv"));
    assert_int_equal(tu_dir_entries(f->dir), 1); /* only the directory */
    tu_remove_tree(f->path);
}

/* More than the writer's buffer: every byte arrives, in order. */
static void test_large_output(void **state)
{
    fixture *f = *state;
    enum { ROWS = 6000 };
    p2e_csvw w;
    p2e_err err = {{0}};
    assert_int_equal(p2e_csvw_open(&w, f->dir, "out.csv", &err), P2E_OK);
    char cell[128];
    for (int i = 0; i < ROWS; i++) {
        snprintf(cell, sizeof cell, "row %06d, padded to make the file larger than a buffer", i);
        p2e_csvw_cstr(&w, cell);
        p2e_csvw_cstr(&w, "x");
        p2e_csvw_end_row(&w);
    }
    assert_int_equal(p2e_csvw_commit(&w, &err), P2E_OK);
    size_t len = 0;
    char *text = tu_read_file(f->path, &len);
    assert_non_null(text);
    /* each row: quote + 56 bytes + quote + ",x\n" */
    size_t row_len = 1 + strlen("row 000000, padded to make the file larger than a buffer") + 1 + 3;
    assert_int_equal(len, ROWS * row_len);
    const char *p = text;
    for (int i = 0; i < ROWS; i++) {
        char want[160];
        snprintf(want, sizeof want,
                 "\"row %06d, padded to make the file larger than a buffer\",x\n", i);
        if (strncmp(p, want, row_len) != 0)
            fail_msg("row %d differs", i);
        p += row_len;
    }
    free(text);
}

/* ---- output sets: the names of the files finished into a folder ---- */

static void test_outset_names_finished_files(void **state)
{
    fixture *f = *state;
    p2e_outset set = {0};
    p2e_err err = {{0}};
    const char *names[] = {"one.csv", "two.csv"};
    for (size_t i = 0; i < 2; i++) {
        p2e_csvw w;
        assert_int_equal(p2e_csvw_open(&w, f->dir, names[i], &err), P2E_OK);
        p2e_csvw_cstr(&w, names[i]);
        p2e_csvw_end_row(&w);
        assert_int_equal(p2e_csvw_finish(&w, &set, &err), P2E_OK);
    }
    assert_int_equal(set.count, 2);
    assert_string_equal(set.name[0], "one.csv");
    assert_string_equal(set.name[1], "two.csv");
    char one[600];
    tu_join(one, sizeof one, f->dir, "one.csv");
    char *text = tu_read_file(one, NULL);
    assert_string_equal(text, "one.csv\n");
    free(text);
    assert_int_equal(tu_dir_entries(f->dir), 2); /* no temporary file left */
    p2e_outset other = {0};
    assert_int_equal(p2e_outset_add(&other, "x.csv"), P2E_OK);
    assert_int_equal(p2e_outset_merge(&set, &other), P2E_OK);
    assert_int_equal(set.count, 3);
    assert_string_equal(set.name[2], "x.csv");
    assert_int_equal(other.count, 0);
    p2e_outset_free(&set);
    assert_int_equal(set.count, 0);
}

/* A link planted where the writer puts its temporary file (today's name,
 * and the name of earlier versions, .NAME.<pid>.tmp) is never written
 * through: the file it points at keeps its bytes. */
static void test_planted_link_not_followed(void **state)
{
    fixture *f = *state;
    char target[600], link1[600], link2[600], name[64];
    tu_join(target, sizeof target, f->dir, "precious.csv");
    FILE *fp = fopen(target, "wb");
    assert_non_null(fp);
    fputs("keep me\n", fp);
    fclose(fp);
    tu_join(link1, sizeof link1, f->dir, ".out.csv.tmp");
    snprintf(name, sizeof name, ".out.csv.%ld.tmp", (long)getpid());
    tu_join(link2, sizeof link2, f->dir, name);
    assert_int_equal(symlink(target, link1), 0);
    assert_int_equal(symlink(target, link2), 0);
    p2e_csvw w;
    p2e_err err = {{0}};
    if (p2e_csvw_open(&w, f->dir, "out.csv", &err) == P2E_OK) {
        p2e_csvw_cstr(&w, "hostile");
        p2e_csvw_end_row(&w);
        /* the open should have been refused: whatever the commit does, the
         * test is what stands at the links afterwards */
        P2E_IGNORE(p2e_csvw_commit(&w, &err));
    }
    char *text = tu_read_file(target, NULL);
    assert_string_equal(text, "keep me\n");
    free(text);
    struct stat sb;
    assert_int_equal(lstat(link1, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode)); /* not removed either: it is not ours */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_quoting_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guard_on_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_formula_guard_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_and_record_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_with_nul, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_appears_only_on_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abandon_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_previous_file_kept_then_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_missing_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_failure_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outset_names_finished_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_link_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ulong_field, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
