/*
 * test_csvread.c - records from a source: record ends (LF, CRLF, bare CR),
 * quoted fields, line numbers (the line where a record starts; LF, CRLF
 * and bare CR each one break, also inside quotes; header = line 1), blank
 * lines, ragged rows, delimiters, encodings, gzip, limits and stopping.
 * Inputs are written to temporary files and read through p2e_source_open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <zlib.h>

#include "p2e_buf.h"
#include "p2e_csvread.h"
#include "p2e_source.h"
#include "testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)

/* An expected record: its line and cells, NULL-terminated list. */
typedef struct {
    unsigned long line;
    const char *cells[8];
} want_row;

#define END {0, {NULL}}

static void check_rows(const tu_rows *got, const want_row *want)
{
    size_t n = 0;
    while (want[n].line)
        n++;
    if (got->count != n)
        fail_msg("%zu records, expected %zu", got->count, n);
    for (size_t i = 0; i < n; i++) {
        const tu_row *r = &got->rows[i];
        size_t nc = 0;
        while (want[i].cells[nc])
            nc++;
        if (r->line != want[i].line)
            fail_msg("record %zu: line %lu, expected %lu", i, r->line, want[i].line);
        if (r->ncells != nc)
            fail_msg("record %zu (line %lu): %zu cells, expected %zu", i, r->line, r->ncells, nc);
        for (size_t k = 0; k < nc; k++) {
            size_t wl = strlen(want[i].cells[k]);
            if (r->len[k] != wl || memcmp(r->cell[k], want[i].cells[k], wl) != 0)
                fail_msg("record %zu cell %zu: \"%s\" (len %zu), expected \"%s\"", i, k,
                         r->cell[k], r->len[k], want[i].cells[k]);
        }
        assert_int_equal(r->unterminated, 0);
    }
}

/* Parse bytes (no options: delimiter detected, no field cap). */
static void parse_check(const char *data, size_t len, const want_row *want)
{
    tu_rows rows = {0};
    p2e_err err;
    p2e_status st = tu_parse_bytes(data, len, NULL, NULL, &rows, NULL, &err);
    if (st != P2E_OK)
        fail_msg("status %d: %s", (int)st, err.msg);
    check_rows(&rows, want);
    tu_rows_free(&rows);
}

#define PARSE(lit, ...) parse_check(S(lit), (const want_row[]){__VA_ARGS__, END})

/* ---- record ends -------------------------------------------------- */

static void test_lf(void **state)
{
    (void)state;
    PARSE("a,b\n1,2\n3,4\n", {1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}});
}

static void test_crlf(void **state)
{
    (void)state;
    PARSE("a,b\r\n1,2\r\n3,4", {1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}});
}

static void test_bare_cr(void **state)
{
    (void)state;
    PARSE("a,b\r1,2\r3,4\r", {1, {"a", "b"}}, {2, {"1", "2"}}, {3, {"3", "4"}});
}

static void test_mixed_record_ends(void **state)
{
    (void)state;
    PARSE("a\nb\r\nc\rd\n", {1, {"a"}}, {2, {"b"}}, {3, {"c"}}, {4, {"d"}});
}

static void test_no_final_newline(void **state)
{
    (void)state;
    PARSE("a,b\n1,2", {1, {"a", "b"}}, {2, {"1", "2"}});
}

static void test_empty_input(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes("", 0, NULL, NULL, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, 0);
    assert_int_equal(tu_parse_bytes(S("\xEF\xBB\xBF"), NULL, NULL, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, 0);
    assert_int_equal(tu_parse_bytes(S("\n\r\n\r"), NULL, NULL, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, 0);
}

/* ---- quoted fields and line numbers ------------------------------- */

static void test_quoted_lf(void **state)
{
    (void)state;
    PARSE("h1,h2\n\"x\ny\",z\nnext,1\n", {1, {"h1", "h2"}}, {2, {"x\ny", "z"}},
          {4, {"next", "1"}});
}

static void test_quoted_crlf(void **state)
{
    (void)state;
    PARSE("h\r\n\"x\r\ny\"\r\nn\r\n", {1, {"h"}}, {2, {"x\r\ny"}}, {4, {"n"}});
}

static void test_quoted_cr(void **state)
{
    (void)state;
    PARSE("h\r\"x\ry\"\rn\r", {1, {"h"}}, {2, {"x\ry"}}, {4, {"n"}});
}

/* Excel re-saves: CRLF records with bare CR inside the fields. The second
 * record spans lines 2, 3 and 4 (two CRs inside), so the third is on 5. */
static void test_crlf_records_cr_inside(void **state)
{
    (void)state;
    PARSE("a,b\r\n1,\"one\rtwo\rthree\"\r\n2,x\r\n", {1, {"a", "b"}},
          {2, {"1", "one\rtwo\rthree"}}, {5, {"2", "x"}});
}

/* LF, LF, CRLF, CR inside one field: four breaks. Lines: 2 "a, 3 empty,
 * 4 b, 5 empty, 6 c", so the next record is on line 7. */
static void test_many_breaks_in_one_field(void **state)
{
    (void)state;
    PARSE("h\n\"a\n\nb\r\n\rc\"\nz\n", {1, {"h"}}, {2, {"a\n\nb\r\n\rc"}}, {7, {"z"}});
}

/* A CR at the end of a quoted field, then the record's LF: two breaks. */
static void test_cr_at_end_of_quoted_field(void **state)
{
    (void)state;
    PARSE("h\n\"x\r\"\nz\n", {1, {"h"}}, {2, {"x\r"}}, {4, {"z"}});
}

/* Breaks in several fields of one record all count: LF, CRLF and CR on
 * lines 2, 3 and 4, the record's LF on line 5, so z is on line 6. */
static void test_breaks_in_several_fields(void **state)
{
    (void)state;
    PARSE("a,b,c\n\"1\n\",\"2\r\n\",\"3\r\"\nz\n", {1, {"a", "b", "c"}},
          {2, {"1\n", "2\r\n", "3\r"}}, {6, {"z"}});
}

static void test_quote_escapes(void **state)
{
    (void)state;
    PARSE("\"a\"\"b\",\"\"\"\",\"\",\"x,y\"\n", {1, {"a\"b", "\"", "", "x,y"}});
    PARSE("\"\"\"quoted\"\"\"\n", {1, {"\"quoted\""}});
}

/* ---- blank lines -------------------------------------------------- */

static void test_blank_lines_lf(void **state)
{
    (void)state;
    PARSE("a\n\n\nb\n\nc\n", {1, {"a"}}, {4, {"b"}}, {6, {"c"}});
}

static void test_blank_lines_crlf(void **state)
{
    (void)state;
    PARSE("a\r\n\r\n\r\nb\r\n\r\nc\r\n", {1, {"a"}}, {4, {"b"}}, {6, {"c"}});
}

static void test_blank_lines_cr(void **state)
{
    (void)state;
    PARSE("a\r\r\rb\r\rc\r", {1, {"a"}}, {4, {"b"}}, {6, {"c"}});
}

static void test_blank_lines_mixed(void **state)
{
    (void)state;
    /* a(1) LF; blank line 2 ends CRLF; blank line 3 ends CR; b(4) */
    PARSE("a\n\r\n\rb\n", {1, {"a"}}, {4, {"b"}});
    /* a(1) CRLF; blank line 2 ends LF; blank line 3 ends CR; b(4) */
    PARSE("a\r\n\n\rb\n", {1, {"a"}}, {4, {"b"}});
    /* a(1) ends with a bare CR; blank line 2 ends CRLF; b(3) */
    PARSE("a\r\r\nb", {1, {"a"}}, {3, {"b"}});
}

static void test_leading_blank_lines(void **state)
{
    (void)state;
    PARSE("\n\na,b\n1,2\n", {3, {"a", "b"}}, {4, {"1", "2"}});
    PARSE("\r\n\r\na,b\r\n", {3, {"a", "b"}});
}

/* A quoted empty field is a record, not a blank line. */
static void test_quoted_empty_is_a_record(void **state)
{
    (void)state;
    PARSE("a\n\"\"\nb\n", {1, {"a"}}, {2, {""}}, {3, {"b"}});
}

/* ---- cells -------------------------------------------------------- */

static void test_ragged_rows(void **state)
{
    (void)state;
    PARSE("a,b,c\n1\n1,2\n1,2,3,4\n,\n1,2,3,\n", {1, {"a", "b", "c"}}, {2, {"1"}},
          {3, {"1", "2"}}, {4, {"1", "2", "3", "4"}}, {5, {"", ""}}, {6, {"1", "2", "3", ""}});
}

static void test_spaces_kept(void **state)
{
    (void)state;
    PARSE(" a , b ,c \n  x  ,\t,\" q \"\n", {1, {" a ", " b ", "c "}}, {2, {"  x  ", "\t", " q "}});
    /* a line of spaces is a record of one cell */
    PARSE("a\n   \nb\n", {1, {"a"}}, {2, {"   "}}, {3, {"b"}});
}

/* ---- delimiters --------------------------------------------------- */

static void test_detect_delim(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        char delim;
    } rows[] = {
        {"sku,name,retail_price", ','},
        {"sku;name;retail_price", ';'},
        {"sku\tname\tretail_price", '\t'},
        {"sku;name,retail_price", ','}, /* both: comma */
        {"sku", ','},
        {"", ','},
        {"sku\nname;x", ','},           /* only the first line counts */
        {"sku\r\nname;x", ','},
        {"sku\rname\tx", ','},
        {"a;b\nc,d", ';'},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char got = p2e_csv_detect_delim(rows[i].header, strlen(rows[i].header));
        if (got != rows[i].delim)
            fail_msg("detect(\"%s\") = '%c', expected '%c'", rows[i].header, got,
                     rows[i].delim);
    }
    /* len bounds the look */
    assert_int_equal(p2e_csv_detect_delim("sku;name,x", 8), ';');
}

static void test_semicolon_file(void **state)
{
    (void)state;
    PARSE("sku;name;retail_price\nA1;\"Tee; small\";1,50\n", {1, {"sku", "name", "retail_price"}},
          {2, {"A1", "Tee; small", "1,50"}});
}

static void test_tab_file(void **state)
{
    (void)state;
    PARSE("sku\tname\nA1\tTee, small\n", {1, {"sku", "name"}}, {2, {"A1", "Tee, small"}});
}

static void test_both_in_header_is_comma(void **state)
{
    (void)state;
    PARSE("a;b,c\n1;2,3\n", {1, {"a;b", "c"}}, {2, {"1;2", "3"}});
}

static void test_delim_after_bom(void **state)
{
    (void)state;
    PARSE("\xEF\xBB\xBFsku;name\nA;B\n", {1, {"sku", "name"}}, {2, {"A", "B"}});
}

static void test_forced_delim(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    p2e_csv_opts opts = {.delim = ';'};
    assert_int_equal(tu_parse_bytes(S("a;b,c\n1;2,3\n"), NULL, &opts, &rows, NULL, &err), P2E_OK);
    check_rows(&rows, (const want_row[]){{1, {"a", "b,c"}}, {2, {"1", "2,3"}}, END});
    tu_rows_free(&rows);
}

/* ---- encodings and compression ------------------------------------ */

static void test_bom_stripped(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes(S("\xEF\xBB\xBFsku,name\n1,2\n"), NULL, NULL, &rows, NULL,
                                    &err),
                     P2E_OK);
    assert_int_equal(rows.count, 2);
    assert_int_equal(rows.rows[0].len[0], 3);
    assert_string_equal(rows.rows[0].cell[0], "sku");
    assert_int_equal(rows.rows[0].line, 1);
    tu_rows_free(&rows);
}

static void test_windows_1252(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    char *conv = NULL;
    assert_int_equal(tu_parse_bytes(S("name,price\ncaf\xE9,\x80" "5\n"), NULL, NULL, &rows, &conv,
                                    &err),
                     P2E_OK);
    check_rows(&rows, (const want_row[]){{1, {"name", "price"}},
                                         {2, {"caf\xC3\xA9", "\xE2\x82\xAC" "5"}},
                                         END});
    assert_non_null(conv);
    assert_string_equal(conv, "WINDOWS-1252");
    free(conv);
    tu_rows_free(&rows);
    /* UTF-8 input: nothing converted */
    assert_int_equal(tu_parse_bytes(S("name\ncaf\xC3\xA9\n"), NULL, NULL, &rows, &conv, &err),
                     P2E_OK);
    assert_null(conv);
    assert_string_equal(rows.rows[1].cell[0], "caf\xC3\xA9");
    tu_rows_free(&rows);
}

static void test_macintosh(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    char *conv = NULL;
    assert_int_equal(tu_parse_bytes(S("name\rCaf\x8E\r"), "MACINTOSH", NULL, &rows, &conv, &err),
                     P2E_OK);
    check_rows(&rows, (const want_row[]){{1, {"name"}}, {2, {"Caf\xC3\xA9"}}, END});
    assert_non_null(conv);
    assert_string_equal(conv, "MACINTOSH");
    free(conv);
    tu_rows_free(&rows);
}

static void test_gzip(void **state)
{
    (void)state;
    char *path = tu_write_gz_temp(S("sku,name\r\nA1,\"Tee\nshirt\"\r\nA2,caf\xE9\r\n"));
    assert_non_null(path);
    tu_rows rows = {0};
    p2e_err err;
    char *conv = NULL;
    assert_int_equal(tu_read_csv(path, NULL, NULL, &rows, &conv, &err), P2E_OK);
    check_rows(&rows, (const want_row[]){{1, {"sku", "name"}},
                                         {2, {"A1", "Tee\nshirt"}},
                                         {4, {"A2", "caf\xC3\xA9"}},
                                         END});
    assert_non_null(conv);
    assert_string_equal(conv, "WINDOWS-1252");
    free(conv);
    tu_rows_free(&rows);
    unlink(path);
    free(path);
}

static void test_corrupt_gzip(void **state)
{
    (void)state;
    static const unsigned char bad[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
                                        0x00, 0x03, 0xff, 0xfe, 'n',  'o',  't',  ' ',
                                        'd',  'e',  'f',  'l',  'a',  't',  'e'};
    char *path = tu_write_temp(bad, sizeof bad, ".csv.gz");
    assert_non_null(path);
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_read_csv(path, NULL, NULL, &rows, NULL, &err), P2E_ERR_READ);
    assert_true(tu_contains(err.msg, path));
    tu_rows_free(&rows);
    unlink(path);
    free(path);
}

static void test_nul_byte(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes(S("a,b\n1,\0\n"), NULL, NULL, &rows, NULL, &err),
                     P2E_ERR_FORMAT);
    assert_int_equal(rows.count, 0);
}

static void test_missing_and_directory(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    const char *missing = "/tmp/p2e-test-missing-77c1/export.csv";
    assert_int_equal(tu_read_csv(missing, NULL, NULL, &rows, NULL, &err), P2E_ERR_OPEN);
    assert_true(tu_contains(err.msg, missing));
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    assert_int_equal(tu_read_csv(dir, NULL, NULL, &rows, NULL, &err), P2E_ERR_OPEN);
    assert_true(tu_contains(err.msg, dir));
    assert_int_equal(rows.count, 0);
    tu_remove_tree(dir);
    free(dir);
}

/* ---- the end of the file inside a quote, limits, stopping --------- */

static void test_unterminated_quote(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes(S("a,b\n1,2\n3,\"open\nmore"), NULL, NULL, &rows, NULL, &err),
                     P2E_OK);
    assert_int_equal(rows.count, 3);
    assert_int_equal(rows.rows[0].unterminated, 0);
    assert_int_equal(rows.rows[1].unterminated, 0);
    const tu_row *last = &rows.rows[2];
    assert_int_equal(last->unterminated, 1);
    assert_int_equal(last->line, 3);
    assert_int_equal(last->ncells, 2);
    assert_string_equal(last->cell[0], "3");
    assert_string_equal(last->cell[1], "open\nmore");
    tu_rows_free(&rows);
}

/* A NUL inside a field, possible with a forced encoding (UTF-16 U+0000),
 * is handed over whole (the length counts it) and flagged by the index of
 * its cell; rows without one say -1. Worked out by hand from the bytes. */
static void test_nul_in_field_forced(void **state)
{
    (void)state;
    static const char in16[] = "a\0,\0b\0\n\0" "1\0,\0x\0\0\0y\0\n\0" "2\0,\0z\0\n\0";
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes(in16, sizeof in16 - 1, "UTF-16LE", NULL, &rows, NULL, &err),
                     P2E_OK);
    assert_int_equal(rows.count, 3);
    assert_int_equal(rows.rows[0].nul_cell, -1);
    assert_int_equal(rows.rows[1].nul_cell, 1);
    assert_int_equal(rows.rows[1].len[1], 3);
    assert_memory_equal(rows.rows[1].cell[1], "x\0y", 3);
    assert_int_equal(rows.rows[2].nul_cell, -1);
    assert_int_equal(rows.rows[2].line, 3);
    tu_rows_free(&rows);
}

/* ---- stray quotes: a damaged record never swallows the rows after it -- */

/* One record as the reader hands it over: line, cell count, first cells,
 * the line where reading resumed (0: not damaged) and the recovered flag. */
static void check_rec(const tu_row *r, unsigned long line, size_t ncells, const char *c0,
                      unsigned long resumed, int recovered)
{
    if (r->line != line || r->ncells != ncells || r->resumed != resumed ||
        r->recovered != recovered)
        fail_msg("line %lu, %zu cells, resumed %lu, recovered %d; expected %lu, %zu, %lu, %d",
                 r->line, r->ncells, r->resumed, r->recovered, line, ncells, resumed, recovered);
    if (c0)
        assert_string_equal(r->cell[0], c0);
}

static void parse_rows(const char *data, size_t len, tu_rows *rows)
{
    p2e_err err;
    p2e_status st = tu_parse_bytes(data, len, NULL, NULL, rows, NULL, &err);
    if (st != P2E_OK)
        fail_msg("status %d: %s", (int)st, err.msg);
}

/* "x" y: libcsv alone reads on inside the quote to the end of the file.
 * The record of line 2 is damaged (its cells: those before the bad one),
 * reading resumes at line 3, and that row is read as usual. */
static void test_text_after_quote(void **state)
{
    (void)state;
    static const char *ends[] = {"\n", "\r\n", "\r"};
    for (int e = 0; e < 3; e++) {
        char in[128];
        const char *n = ends[e];
        int len = snprintf(in, sizeof in, "a,b%s1,\"x\" y%s2,z%s3,\"q\"%s", n, n, n, n);
        tu_rows rows = {0};
        parse_rows(in, (size_t)len, &rows);
        assert_int_equal(rows.count, 4);
        check_rec(&rows.rows[0], 1, 2, "a", 0, 0);
        check_rec(&rows.rows[1], 2, 1, "1", 3, 0);
        check_rec(&rows.rows[2], 3, 2, "2", 0, 1);
        check_rec(&rows.rows[3], 4, 2, "3", 0, 1);
        assert_string_equal(rows.rows[3].cell[1], "q");
        tu_rows_free(&rows);
    }
}

/* A quote inside an unquoted field is text, as Python's csv reads it:
 * no damage. */
static void test_quote_inside_unquoted_field(void **state)
{
    (void)state;
    tu_rows rows = {0};
    parse_rows(S("a,b\n12\" pizza,x\"y\"\n2,z\n"), &rows);
    assert_int_equal(rows.count, 3);
    check_rec(&rows.rows[1], 2, 2, "12\" pizza", 0, 0);
    assert_string_equal(rows.rows[1].cell[1], "x\"y\"");
    check_rec(&rows.rows[2], 3, 2, "2", 0, 0);
    tu_rows_free(&rows);
}

/* A stray opening quote on line 2 swallows lines 3 and 4 up to the quote
 * before r on line 4, where text follows a closing quote. Reading resumes
 * at line 3 (the line after the damaged record began): line 3 is a row
 * again; line 4 is itself damaged ("r" s), and line 5 is read as usual. */
static void test_stray_opening_quote(void **state)
{
    (void)state;
    tu_rows rows = {0};
    parse_rows(S("a,b,c\n1,\"open,x\n2,p,q\n3,\"r\" s,t\n4,u,v\n"), &rows);
    assert_int_equal(rows.count, 5);
    check_rec(&rows.rows[1], 2, 1, "1", 3, 0);
    check_rec(&rows.rows[2], 3, 3, "2", 0, 1);
    check_rec(&rows.rows[3], 4, 1, "3", 5, 0);
    check_rec(&rows.rows[4], 5, 3, "4", 0, 1);
    assert_string_equal(rows.rows[4].cell[2], "v");
    tu_rows_free(&rows);
}

/* After the damage, lines that do not have the header's field count still
 * belong to the damaged record; the first that does is read. A damaged
 * first cell gives a damaged record with no cells. */
static void test_resync_on_field_count(void **state)
{
    (void)state;
    tu_rows rows = {0};
    parse_rows(S("a,b,c\n\"x\"y,1,2\nstray words\none,two\n2,p,q\n"), &rows);
    assert_int_equal(rows.count, 3);
    check_rec(&rows.rows[1], 2, 0, NULL, 3, 0);
    check_rec(&rows.rows[2], 5, 3, "2", 0, 1);
    tu_rows_free(&rows);
}

/* The line of the bad quote runs past the end of the read chunk (256 KiB):
 * its rest is skipped in the next chunk, and the line after is read. Line
 * numbers: header 1, 20,000 filler rows 2..20001, the bad one 20002. */
static void test_text_after_quote_across_chunks(void **state)
{
    (void)state;
    p2e_buf b = {0};
    assert_int_equal(p2e_buf_puts(&b, "a,b\n"), P2E_OK);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(p2e_buf_puts(&b, "x,y\n"), P2E_OK);
    size_t chunk = 256 * 1024;
    assert_int_equal(p2e_buf_puts(&b, "1,\"q\" "), P2E_OK);
    while (b.len < chunk + 100)
        assert_int_equal(p2e_buf_putc(&b, 'z'), P2E_OK);
    assert_int_equal(p2e_buf_puts(&b, "\n2,w\n"), P2E_OK);
    tu_rows rows = {0};
    parse_rows(b.data, b.len, &rows);
    assert_int_equal(rows.count, 20003);
    check_rec(&rows.rows[20001], 20002, 1, "1", 20003, 0);
    check_rec(&rows.rows[20002], 20003, 2, "2", 0, 1);
    tu_rows_free(&rows);
    p2e_buf_free(&b);
}

/* A field over max_field bytes is fatal, naming the line where its
 * record began. Here the field is closed within the input. */
static void test_max_field_closed(void **state)
{
    (void)state;
    char data[256];
    int n = snprintf(data, sizeof data, "a,b\n1,2\n3,\"%s\"\n4,5\n",
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"); /* 50 bytes */
    tu_rows rows = {0};
    p2e_err err;
    p2e_csv_opts opts = {.max_field = 10};
    assert_int_equal(tu_parse_bytes(data, (size_t)n, NULL, &opts, &rows, NULL, &err),
                     P2E_ERR_LIMIT);
    assert_true(tu_contains(err.msg, "line 3"));
    tu_rows_free(&rows);
}

/* The same with the record starting after a multi-line field and the
 * long field running to the end of the file (an unclosed quote). */
static void test_max_field_unclosed(void **state)
{
    (void)state;
    char data[256];
    int n = snprintf(data, sizeof data, "a,b\n\"1\n1\",2\n3,\"%s",
                     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nyyy");
    tu_rows rows = {0};
    p2e_err err;
    p2e_csv_opts opts = {.max_field = 10};
    assert_int_equal(tu_parse_bytes(data, (size_t)n, NULL, &opts, &rows, NULL, &err),
                     P2E_ERR_LIMIT);
    assert_true(tu_contains(err.msg, "line 4"));
    tu_rows_free(&rows);
}

/* At the cap exactly: fine. */
static void test_max_field_at_cap(void **state)
{
    (void)state;
    tu_rows rows = {0};
    p2e_err err;
    p2e_csv_opts opts = {.max_field = 5};
    assert_int_equal(tu_parse_bytes(S("a,b\n12345,\"1\n345\"\n"), NULL, &opts, &rows, NULL, &err),
                     P2E_OK);
    check_rows(&rows, (const want_row[]){{1, {"a", "b"}}, {2, {"12345", "1\n345"}}, END});
    tu_rows_free(&rows);
}

static void test_stop_quietly(void **state)
{
    (void)state;
    tu_rows rows = {0};
    rows.stop_after = 2;
    p2e_err err;
    assert_int_equal(tu_parse_bytes(S("a\nb\nc\nd\n"), NULL, NULL, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, 2);
    assert_string_equal(rows.rows[1].cell[0], "b");
    assert_string_equal(err.msg, "");
    tu_rows_free(&rows);
}

static void test_callback_error_returned(void **state)
{
    (void)state;
    tu_rows rows = {0};
    rows.fail_after = 1;
    rows.fail_with = P2E_ERR_FORMAT;
    p2e_err err;
    assert_int_equal(tu_parse_bytes(S("a\nb\nc\n"), NULL, NULL, &rows, NULL, &err),
                     P2E_ERR_FORMAT);
    assert_int_equal(rows.count, 1);
    tu_rows_free(&rows);
}

/* ---- large input across read chunks ------------------------------- */

/* 30000 records, every third with a quoted two-line field, with CRLF:
 * record i (0-based) starts on line 1 + i + (number of multi-line
 * records before it). */
static void test_many_records_line_numbers(void **state)
{
    (void)state;
    enum { N = 30000 };
    size_t cap = (size_t)N * 64, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (int i = 0; i < N; i++) {
        if (i % 3 == 2)
            len += (size_t)snprintf(data + len, cap - len,
                                    "SKU-%05d,\"first line\r\nsecond, line\",%d\r\n", i, i);
        else
            len += (size_t)snprintf(data + len, cap - len, "SKU-%05d,plain text cell,%d\r\n", i,
                                    i);
    }
    tu_rows rows = {0};
    p2e_err err;
    assert_int_equal(tu_parse_bytes(data, len, NULL, NULL, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, N);
    unsigned long line = 1;
    for (int i = 0; i < N; i++) {
        const tu_row *r = &rows.rows[i];
        char sku[16];
        snprintf(sku, sizeof sku, "SKU-%05d", i);
        if (r->line != line || r->ncells != 3 || strcmp(r->cell[0], sku) != 0)
            fail_msg("record %d: line %lu (expected %lu), %zu cells, \"%s\"", i, r->line, line,
                     r->ncells, r->cell[0]);
        if (i % 3 == 2) {
            assert_string_equal(r->cell[1], "first line\r\nsecond, line");
            line += 2;
        } else {
            line += 1;
        }
    }
    tu_rows_free(&rows);
    free(data);
}

static int batch_1(void **state)
{
    (void)state;
    tu_csv_batch_bytes = 1;
    return 0;
}

static int batch_64(void **state)
{
    (void)state;
    tu_csv_batch_bytes = 64;
    return 0;
}

/* ---- the two-thread path against the one-thread path --------------- */

/* A few MB of varied records (quoted, multi-line, ragged, empty cells,
 * CR/CRLF/LF ends): the same records, cells and lines both ways. */
static void test_pipeline_same_records(void **state)
{
    (void)state;
    p2e_buf b = {0};
    for (int i = 0; i < 60000; i++) {
        char line[256];
        const char *end = i % 7 == 0 ? "\r\n" : i % 11 == 0 ? "\r" : "\n";
        int n;
        if (i % 5 == 0)
            n = snprintf(line, sizeof line, "%d,\"multi\nline %d\"\"q\"\"\",,x%s", i, i, end);
        else if (i % 13 == 0)
            n = snprintf(line, sizeof line, "%d%s%s", i, end, i % 2 ? "\n" : "");
        else
            n = snprintf(line, sizeof line, "%d,v%d,%*s,z%s", i, i * 3, i % 90, "", end);
        assert_int_equal(p2e_buf_append(&b, line, (size_t)n), P2E_OK);
    }
    tu_rows one = {0}, two = {0};
    p2e_err err;
    p2e_csv_opts serial = {0}, piped = {.batch_bytes = 4096};
    tu_csv_batch_bytes = 0;
    assert_int_equal(tu_parse_bytes(b.data, b.len, NULL, &serial, &one, NULL, &err), P2E_OK);
    assert_int_equal(tu_parse_bytes(b.data, b.len, NULL, &piped, &two, NULL, &err), P2E_OK);
    assert_int_equal(one.count, 60000);
    assert_int_equal(two.count, one.count);
    for (size_t i = 0; i < one.count; i++) {
        assert_int_equal(two.rows[i].line, one.rows[i].line);
        assert_int_equal(two.rows[i].ncells, one.rows[i].ncells);
        for (size_t k = 0; k < one.rows[i].ncells; k++) {
            assert_int_equal(two.rows[i].len[k], one.rows[i].len[k]);
            assert_memory_equal(two.rows[i].cell[k], one.rows[i].cell[k], one.rows[i].len[k]);
        }
    }
    /* an independent check of the line counting: record 60000 starts on
     * line 1 + 59999 + one extra line for each multi-line record before it
     * + one blank line after each odd i % 13 == 0 record, except where
     * that record ended in a bare CR (the LF makes it a CRLF) */
    unsigned long extra = 0;
    for (int i = 0; i < 59999; i++) {
        int bare_cr = i % 7 != 0 && i % 11 == 0;
        extra += (i % 5 == 0) + (i % 5 != 0 && i % 13 == 0 && i % 2 && !bare_cr);
    }
    assert_int_equal(one.rows[59999].line, 1 + 59999 + extra);
    tu_rows_free(&one);
    tu_rows_free(&two);
    p2e_buf_free(&b);
}

/* The parser runs ahead of the callback: what it finds after the point
 * where the callback stopped (or failed) must not change the result. */
static void test_pipeline_stop_before_limit(void **state)
{
    (void)state;
    p2e_buf b = {0};
    assert_int_equal(p2e_buf_puts(&b, "a\n"), P2E_OK);
    for (int i = 0; i < 2000; i++)
        assert_int_equal(p2e_buf_puts(&b, "short,row\n"), P2E_OK);
    assert_int_equal(p2e_buf_puts(&b, "\"a field far over the cap of ten bytes\"\n"), P2E_OK);
    p2e_csv_opts opts = {.max_field = 10, .batch_bytes = 64};
    tu_csv_batch_bytes = 0;

    tu_rows rows = {0};
    rows.stop_after = 3;
    p2e_err err;
    assert_int_equal(tu_parse_bytes(b.data, b.len, NULL, &opts, &rows, NULL, &err), P2E_OK);
    assert_int_equal(rows.count, 3);
    assert_string_equal(err.msg, "");
    tu_rows_free(&rows);

    tu_rows failing = {0};
    failing.fail_after = 3;
    failing.fail_with = P2E_ERR_FORMAT;
    assert_int_equal(tu_parse_bytes(b.data, b.len, NULL, &opts, &failing, NULL, &err),
                     P2E_ERR_FORMAT);
    assert_int_equal(failing.count, 3);
    tu_rows_free(&failing);

    /* read to the end: the cap is hit, every record before it delivered */
    tu_rows all = {0};
    assert_int_equal(tu_parse_bytes(b.data, b.len, NULL, &opts, &all, NULL, &err), P2E_ERR_LIMIT);
    assert_int_equal(all.count, 2001);
    assert_true(tu_contains(err.msg, "line 2002"));
    tu_rows_free(&all);
    p2e_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lf),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_bare_cr),
        cmocka_unit_test(test_mixed_record_ends),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_quoted_lf),
        cmocka_unit_test(test_quoted_crlf),
        cmocka_unit_test(test_quoted_cr),
        cmocka_unit_test(test_crlf_records_cr_inside),
        cmocka_unit_test(test_many_breaks_in_one_field),
        cmocka_unit_test(test_cr_at_end_of_quoted_field),
        cmocka_unit_test(test_breaks_in_several_fields),
        cmocka_unit_test(test_quote_escapes),
        cmocka_unit_test(test_blank_lines_lf),
        cmocka_unit_test(test_blank_lines_crlf),
        cmocka_unit_test(test_blank_lines_cr),
        cmocka_unit_test(test_blank_lines_mixed),
        cmocka_unit_test(test_leading_blank_lines),
        cmocka_unit_test(test_quoted_empty_is_a_record),
        cmocka_unit_test(test_ragged_rows),
        cmocka_unit_test(test_spaces_kept),
        cmocka_unit_test(test_detect_delim),
        cmocka_unit_test(test_semicolon_file),
        cmocka_unit_test(test_tab_file),
        cmocka_unit_test(test_both_in_header_is_comma),
        cmocka_unit_test(test_delim_after_bom),
        cmocka_unit_test(test_forced_delim),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_macintosh),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_corrupt_gzip),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_missing_and_directory),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_nul_in_field_forced),
        cmocka_unit_test(test_text_after_quote),
        cmocka_unit_test(test_quote_inside_unquoted_field),
        cmocka_unit_test(test_stray_opening_quote),
        cmocka_unit_test(test_resync_on_field_count),
        cmocka_unit_test(test_text_after_quote_across_chunks),
        cmocka_unit_test(test_max_field_closed),
        cmocka_unit_test(test_max_field_unclosed),
        cmocka_unit_test(test_max_field_at_cap),
        cmocka_unit_test(test_stop_quietly),
        cmocka_unit_test(test_callback_error_returned),
        cmocka_unit_test(test_many_records_line_numbers),
    };
    const struct CMUnitTest pipeline_tests[] = {
        cmocka_unit_test(test_pipeline_same_records),
        cmocka_unit_test(test_pipeline_stop_before_limit),
    };
    /* every case again with the parse on a second thread: batches of one
     * record (a handover per record, the queue always full) and of 64 bytes */
    int failed = cmocka_run_group_tests_name("csvread, one thread", tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("csvread, two threads, batch 1 byte", tests, batch_1, NULL);
    failed += cmocka_run_group_tests_name("csvread, two threads, batch 64 bytes", tests, batch_64, NULL);
    failed += cmocka_run_group_tests_name("csvread, pipeline", pipeline_tests, NULL, NULL);
    return failed;
}
