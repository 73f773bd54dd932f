/*
 * test_xlsx: report.xlsx as a zip file. Its entries are deflated at level 1
 * (src/xlsx.c interposes minizip's zipOpenNewFileInZip4_64: libxlsxwriter
 * has no level option), and a sheet past max_rows continues on
 * "Name (2)". The sheets, continued ones included, are copied on two
 * threads, and that gives the serial path's bytes. The cells themselves
 * are read back by the golden suite (tests/xlsx_check.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <zlib.h>

#include "p2e_buf.h"
#include "p2e_xlsx.h"
#include "p2e_xlsx_zip.h"
#include "testutil.h"

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
    return (unsigned long)rd16(p) | (unsigned long)rd16(p + 2) << 16;
}

typedef struct {
    char name[128];
    unsigned flags, method;
    const unsigned char *data; /* compressed bytes, in the file */
    unsigned long csize, usize;
} zip_entry;

/* The local file headers of a zip file, in order, up to the central
 * directory (which must follow the last one). minizip writes the sizes into
 * each local header (no data descriptor), so the walk needs no index. */
static size_t zip_entries(const unsigned char *z, size_t len, zip_entry *out, size_t max)
{
    size_t off = 0, n = 0;
    while (off + 30 <= len && rd32(z + off) == 0x04034b50UL) {
        assert_true(n < max);
        zip_entry *e = &out[n++];
        e->flags = rd16(z + off + 6);
        e->method = rd16(z + off + 8);
        assert_int_equal(e->flags & 8, 0); /* sizes in the header */
        e->csize = rd32(z + off + 18);
        e->usize = rd32(z + off + 22);
        size_t nlen = rd16(z + off + 26), xlen = rd16(z + off + 28);
        assert_true(off + 30 + nlen + xlen + e->csize <= len);
        assert_true(nlen < sizeof e->name);
        memcpy(e->name, z + off + 30, nlen);
        e->name[nlen] = '\0';
        e->data = z + off + 30 + nlen + xlen;
        off += 30 + nlen + xlen + e->csize;
    }
    assert_true(off + 4 <= len);
    assert_int_equal(rd32(z + off), 0x02014b50UL); /* the central directory */
    return n;
}

static const char exceptions_csv[] =
    "severity,code,file,line,message\n"
    "error,ROW_SHORT,a.csv,2,too short\n"
    "warning,ROW_LONG,a.csv,3,too long\n"
    "info,NOTE,a.csv,4,_x0041_ stays as written\n"
    "warning,ROW_LONG,a.csv,5,again\n"
    "error,ROW_SHORT,a.csv,6,and again\n";

static const char mapping_csv[] =
    "sku,line,price_ecom\n"
    "00123,1,9.50\n"
    "ABC,2,12\n"
    "X-1,3,not a number\n";

static const char *const exc_num[] = {"line", NULL};
static const char *const map_num[] = {"line", "price_ecom", NULL};

/* Writes report.xlsx from the sheets into a fresh folder; returns its bytes
 * (malloc'ed), the folder removed. */
static const char *todo_path; /* the To do sheet's todo.csv, or NULL */

static unsigned char *write_sheets_opts(const p2e_xlsx_sheet *sheets, size_t nsheets,
                                        size_t max_rows, int one_core, size_t *len)
{
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_xlsx_pair facts[] = {{"About this run", NULL, NULL}, {"Rows read", "5", NULL},
                             {"Outlets summed (stock)", "Main", NULL}};
    p2e_xlsx_todo todo = {todo_path, "Exceptions", P2E_TAB_CLEAN, facts, 3};
    p2e_outset set = {0};
    p2e_err err = {{0}};
    p2e_xlsx_opts opts = {max_rows, one_core, 1577836800};
    if (p2e_xlsx_write(dir, "report.xlsx", &todo, sheets, nsheets, &opts, &set, &err) != P2E_OK)
        fail_msg("p2e_xlsx_write: %s", err.msg);
    assert_int_equal(set.count, 1);
    assert_string_equal(set.name[0], "report.xlsx");
    p2e_outset_free(&set);
    char path[4200];
    tu_join(path, sizeof path, dir, "report.xlsx");
    unsigned char *bytes = (unsigned char *)tu_read_file(path, len);
    assert_non_null(bytes);
    assert_int_equal(tu_dir_entries(dir), 1); /* no temporary file left */
    tu_remove_tree(dir);
    free(dir);
    return bytes;
}

/* Two CSV files (Exceptions, Mapping) and a skipped sheet. */
static unsigned char *write_book(size_t max_rows, size_t *len)
{
    char *exc = tu_write_temp(exceptions_csv, sizeof exceptions_csv - 1, ".csv");
    char *map = tu_write_temp(mapping_csv, sizeof mapping_csv - 1, ".csv");
    assert_non_null(exc);
    assert_non_null(map);
    p2e_xlsx_sheet sheets[] = {
        {"Exceptions", exc, exc_num, 1, 0, NULL},
        {"Skipped", NULL, NULL, 0, 0, NULL},
        {"Mapping", map, map_num, 0, 0, NULL},
    };
    unsigned char *bytes = write_sheets_opts(sheets, 3, max_rows, 0, len);
    unlink(exc);
    unlink(map);
    free(exc);
    free(map);
    return bytes;
}

/* An entry inflated (raw deflate), NUL-terminated; malloc'ed. */
static char *inflate_entry(const zip_entry *e)
{
    char *out = malloc(e->usize + 1);
    assert_non_null(out);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit2(&zs, -MAX_WBITS), Z_OK);
    zs.next_in = (unsigned char *)e->data;
    zs.avail_in = (uInt)e->csize;
    zs.next_out = (unsigned char *)out;
    zs.avail_out = (uInt)e->usize;
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.total_out, e->usize);
    inflateEnd(&zs);
    out[e->usize] = '\0';
    return out;
}

static const zip_entry *find_entry(const zip_entry *e, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].name, name))
            return &e[i];
    fail_msg("%s: not in the workbook", name);
    return NULL;
}

static size_t count_sheets(const zip_entry *e, size_t n)
{
    size_t sheets = 0;
    for (size_t i = 0; i < n; i++)
        sheets += !strncmp(e[i].name, "xl/worksheets/sheet", 19);
    return sheets;
}

/* minizip records the level in general-purpose flag bits 1-2: 6 for level
 * 1 (2 for levels 8-9, 4 for level 2, 0 for the default level). */
static void test_entries_deflated_at_level_1(void **state)
{
    (void)state;
    size_t len;
    unsigned char *z = write_book(0, &len);
    zip_entry e[64];
    size_t n = zip_entries(z, len, e, 64);
    assert_int_equal(count_sheets(e, n), 3); /* To do, Exceptions, Mapping */
    for (size_t i = 0; i < n; i++) {
        if (e[i].method != 8 || (e[i].flags & 6) != 6)
            fail_msg("%s: method %u, flags 0x%x: not deflated at level 1", e[i].name,
                     e[i].method, e[i].flags);
    }
    free(z);
}

/* A raw deflate (a zip entry's, as minizip starts it) of in at level. */
static size_t raw_deflate(const unsigned char *in, size_t n, int level, unsigned char *out,
                          size_t cap)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    assert_int_equal(deflateInit2(&s, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)n;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
    size_t len = s.total_out;
    deflateEnd(&s);
    return len;
}

/* The second way to level 1 (src/out/xlsx_zip.c), for a libxlsxwriter
 * with minizip built in: a raw deflate started while this thread closes a
 * workbook gets level 1 whatever level it asks for (the bytes are zlib's
 * level 1); before and after, it keeps its own level. */
static void test_deflate_level_1_while_packing(void **state)
{
    (void)state;
    static const char *const words[] = {"<row r=\"", "<c t=\"inlineStr\">", "Ridgeline ",
                                        "Merino ", "</c>", "1299", "Sock ", "\"/>"};
    size_t n = 256 * 1024, cap = n + n / 8 + 1024;
    unsigned char *in = malloc(n), *one = malloc(cap), *dflt = malloc(cap), *got = malloc(cap);
    assert_true(in && one && dflt && got);
    unsigned long x = 12345;
    for (size_t i = 0; i < n;) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        const char *w = words[(x >> 33) % 8];
        for (; *w && i < n; w++)
            in[i++] = (unsigned char)*w;
        if (i < n)
            in[i++] = (unsigned char)('0' + (x >> 40) % 10);
    }
    size_t n1 = raw_deflate(in, n, 1, one, cap);
    size_t nd = raw_deflate(in, n, Z_DEFAULT_COMPRESSION, dflt, cap);
    assert_true(n1 != nd || memcmp(one, dflt, n1)); /* the two levels differ on this text */
    p2e_xlsx_zip_begin();
    size_t packed = raw_deflate(in, n, Z_DEFAULT_COMPRESSION, got, cap);
    p2e_xlsx_zip_end();
    assert_int_equal(packed, n1);
    assert_memory_equal(got, one, n1);
    size_t after = raw_deflate(in, n, Z_DEFAULT_COMPRESSION, got, cap);
    assert_int_equal(after, nd);
    assert_memory_equal(got, dflt, nd);
    free(in);
    free(one);
    free(dflt);
    free(got);
}

/* Two data rows per sheet: Exceptions (5 rows) takes three sheets. */
static void test_long_sheet_continues(void **state)
{
    (void)state;
    size_t len;
    unsigned char *z = write_book(3, &len);
    zip_entry e[64];
    size_t n = zip_entries(z, len, e, 64);
    assert_int_equal(count_sheets(e, n), 6);
    char *xml = inflate_entry(find_entry(e, n, "xl/workbook.xml"));
    const char *names[] = {"To do", "Exceptions", "Exceptions (2)", "Exceptions (3)",
                           "Mapping", "Mapping (2)"};
    const char *at = xml;
    for (size_t i = 0; i < 6; i++) {
        char want[64];
        snprintf(want, sizeof want, "<sheet name=\"%s\" sheetId=\"%zu\"", names[i], i + 1);
        const char *hit = strstr(at, want);
        if (!hit)
            fail_msg("workbook.xml has no %s after the previous sheet:\n%s", want, xml);
        at = hit;
    }
    free(xml);
    /* the last part holds the last record, its filter only its own rows */
    char *last = inflate_entry(find_entry(e, n, "xl/worksheets/sheet4.xml"));
    assert_true(tu_contains(last, "and again"));
    assert_true(tu_contains(last, "<autoFilter ref=\"A1:E2\"/>"));
    free(last);
    free(z);
}

/* A CSV file of n records whose text varies with seed: severities,
 * numbers and non-numbers, empty cells, quoted commas, quotes and line
 * breaks, control characters, "_xHHHH_" lookalikes, now and then a cell
 * past Excel's 32,767 characters, short and long rows; CRLF endings when
 * crlf. Returns its path (malloc'ed). */
static char *make_csv(size_t n, unsigned seed, int crlf)
{
    const char *nl = crlf ? "\r\n" : "\n";
    p2e_buf b = {0};
    char line[512];
    snprintf(line, sizeof line, "severity,line,sku,message,price_ecom%s", nl);
    assert_int_equal(p2e_buf_puts(&b, line), P2E_OK);
    static const char *const sev[] = {"error", "warning", "info", ""};
    static const char *const text[] = {
        "plain", "\"with, comma\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "bell\a here",
        "_x0041_ literal", "", "  spaced  ", "caf\xc3\xa9 \xe2\x82\xac", "<&>"};
    static const char *const num[] = {"12", "-3.50", "1e3", "+4", "007", "x", "", "0.000001"};
    unsigned x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        unsigned r = x >> 8;
        snprintf(line, sizeof line, "%s,%zu,SKU-%u,%s,%s", sev[r % 4], i + 2, r % 100000,
                 text[(r >> 4) % 10], num[(r >> 9) % 8]);
        assert_int_equal(p2e_buf_puts(&b, line), P2E_OK);
        if (r % 997 == 0) { /* a cell Excel cannot hold */
            assert_int_equal(p2e_buf_puts(&b, ",\""), P2E_OK);
            for (int k = 0; k < 33000; k++)
                assert_int_equal(p2e_buf_putc(&b, (char)('a' + k % 26)), P2E_OK);
            assert_int_equal(p2e_buf_puts(&b, "\""), P2E_OK);
        } else if (r % 7 == 0) {
            assert_int_equal(p2e_buf_puts(&b, ",extra,cells"), P2E_OK);
        }
        assert_int_equal(p2e_buf_puts(&b, nl), P2E_OK);
    }
    char *path = tu_write_temp(b.data, b.len, ".csv");
    assert_non_null(path);
    p2e_buf_free(&b);
    return path;
}

static unsigned char *write_env(const p2e_xlsx_sheet *sheets, size_t nsheets, size_t max_rows,
                                int serial, size_t *len)
{
    return write_sheets_opts(sheets, nsheets, max_rows, serial, len);
}

/* The two-thread path gives the serial path's bytes, run after run, with
 * files of every size (empty and header-only included) in any order of
 * completion. */
static void test_two_threads_same_bytes(void **state)
{
    (void)state;
    char *big = make_csv(20000, 1, 0);
    char *mid = make_csv(7000, 2, 1);
    char *small = make_csv(40, 3, 0);
    char *other = make_csv(12000, 4, 0);
    static const char head_only[] = "a,b,c\n";
    char *head = tu_write_temp(head_only, sizeof head_only - 1, ".csv");
    char *empty = tu_write_temp("", 0, ".csv");
    static const char *const none[] = {NULL};
    p2e_xlsx_sheet sheets[] = {
        {"Exceptions", small, exc_num, 1, 0, NULL},
        {"Big", big, map_num, 1, 0, NULL},
        {"Empty", empty, none, 0, 0, NULL},
        {"Skipped", NULL, NULL, 0, 0, NULL},
        {"Header only", head, none, 0, 0, NULL},
        {"Mid", mid, map_num, 0, 0, NULL},
        {"Other", other, exc_num, 1, 0, NULL},
    };
    size_t n = sizeof sheets / sizeof sheets[0];
    assert_true(p2e_xlsx_two_threads(sheets, n, 0));
    size_t slen;
    unsigned char *serial = write_env(sheets, n, 0, 1, &slen);
    zip_entry e[64];
    assert_int_equal(count_sheets(e, zip_entries(serial, slen, e, 64)), 6); /* no "Empty" */
    for (int round = 0; round < 5; round++) {
        size_t plen;
        unsigned char *parallel = write_env(sheets, n, 0, 0, &plen);
        assert_int_equal(plen, slen);
        assert_memory_equal(parallel, serial, slen);
        free(parallel);
    }
    free(serial);
    char *paths[] = {big, mid, small, other, head, empty};
    for (size_t i = 0; i < 6; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
}

/* When the two threads are used: never for one file, never for a file
 * that cannot be read (one core, P2E_SERIAL=1, is the caller's
 * opts.one_core); a file that continues on more sheets is no reason not
 * to. */
static void test_two_threads_when(void **state)
{
    (void)state;
    static const char five[] = "h\n1\n2\n\"3\"\r\n4\n5";   /* 5 records, CR LF counts 2 */
    static const char five_nl[] = "h,i\r1,2\r3,4\r5,6\r7,8\r9,0\r"; /* 5 records */
    char *a = tu_write_temp(five, sizeof five - 1, ".csv");
    char *b = tu_write_temp(five_nl, sizeof five_nl - 1, ".csv");
    assert_non_null(a);
    assert_non_null(b);
    p2e_xlsx_sheet two[] = {{"A", a, NULL, 0, 0, NULL}, {"B", b, NULL, 0, 0, NULL}};
    assert_true(p2e_xlsx_two_threads(two, 2, 0));
    assert_true(p2e_xlsx_two_threads(two, 2, 7));  /* 5 (6 by the bytes) records fit */
    assert_true(p2e_xlsx_two_threads(two, 2, 6)); /* a's are counted: they fit */
    assert_true(p2e_xlsx_two_threads(two, 2, 2)); /* five sheets each */
    p2e_xlsx_sheet just_b[] = {{"B", b, NULL, 0, 0, NULL}, {"B2", b, NULL, 0, 0, NULL}};
    assert_true(p2e_xlsx_two_threads(just_b, 2, 6)); /* 5 records under a header */
    /* full sheets, on either path: the same bytes */
    size_t slen, plen;
    unsigned char *serial = write_env(just_b, 2, 6, 1, &slen);
    unsigned char *parallel = write_env(just_b, 2, 6, 0, &plen);
    assert_int_equal(plen, slen);
    assert_memory_equal(parallel, serial, slen);
    free(serial);
    free(parallel);
    assert_false(p2e_xlsx_two_threads(two, 1, 0));
    p2e_xlsx_sheet skipped[] = {{"A", a, NULL, 0, 0, NULL}, {"S", NULL, NULL, 0, 0, NULL}};
    assert_false(p2e_xlsx_two_threads(skipped, 2, 0));
    p2e_xlsx_sheet missing[] = {{"A", a, NULL, 0, 0, NULL}, {"M", "/nonexistent/p2e.csv", NULL, 0, 0, NULL}};
    assert_false(p2e_xlsx_two_threads(missing, 2, 0)); /* the serial path reports it */
    unlink(a);
    unlink(b);
    free(a);
    free(b);
}

/* Files that continue on "Name (2)" and on, with sheets full to the last
 * row and not: two threads give the serial path's bytes for every sheet
 * size, and the number of sheets is the one worked out by hand. */
static void test_continued_sheets_two_threads(void **state)
{
    (void)state;
    static const char five[] = "h\n1\n2\n\"3\"\r\n4\n5";         /* 5 records; CRLF ends one */
    static const char twelve[] = "x,y\n1,\"a\nb\"\n2,c\n3,d\n4,e\n5,f\n6,g\n7,h\n8,i\n9,j\n10,k\n11,l\n12,m\n";
    static const char header_only[] = "only,a,header\n";
    char *a = tu_write_temp(five, sizeof five - 1, ".csv");
    char *b = tu_write_temp(twelve, sizeof twelve - 1, ".csv");
    char *h = tu_write_temp(header_only, sizeof header_only - 1, ".csv");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(h);
    p2e_xlsx_sheet sheets[] = {{"Five", a, NULL, 0, 0, NULL}, {"Header", h, NULL, 0, 0, NULL}, {"Twelve", b, NULL, 0, 0, NULL}};
    for (size_t max_rows = 2; max_rows <= 14; max_rows++) {
        assert_true(p2e_xlsx_two_threads(sheets, 3, max_rows));
        size_t slen, plen;
        unsigned char *serial = write_env(sheets, 3, max_rows, 1, &slen);
        unsigned char *parallel = write_env(sheets, 3, max_rows, 0, &plen);
        if (plen != slen || memcmp(parallel, serial, slen) != 0)
            fail_msg("max_rows %zu: two threads wrote %zu bytes, one thread %zu (or other bytes)",
                     max_rows, plen, slen);
        /* To do + ceil(5 / (max_rows - 1)) + 1 + ceil(12 / (max_rows - 1)) sheets */
        size_t per = max_rows - 1, want = 1 + (5 + per - 1) / per + 1 + (12 + per - 1) / per;
        char name[64];
        size_t sheets_found = 0;
        for (size_t k = 1; k <= 40; k++) {
            snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml", k);
            if (!memmem(parallel, plen, name, strlen(name)))
                break;
            sheets_found = k;
        }
        if (sheets_found != want)
            fail_msg("max_rows %zu: %zu sheets, expected %zu", max_rows, sheets_found, want);
        free(serial);
        free(parallel);
    }
    unlink(a);
    unlink(b);
    unlink(h);
    free(a);
    free(b);
    free(h);
}


/* The To do sheet copies todo.csv; each code links to the Exceptions row
 * its first_line names, worked out by hand for 3 data rows a sheet
 * (max_rows 4): line 2 -> 'Exceptions'!A2, line 3 -> A3, line 6 (the
 * fifth record) -> 'Exceptions (2)'!A3. Under a blank row (5), the facts
 * from row 6: the heading, then each label in A and its value in D. */
static void test_todo_links_and_facts(void **state)
{
    (void)state;
    static const char todo_csv[] = "severity,code,count,action,message,first_line\n"
                                   "error,ROW_SHORT,2,Fix the rows,too short,2\n"
                                   "warning,ROW_LONG,2,Check the rows,too long,3\n"
                                   "info,NOTE,1,Nothing,a note,6\n";
    char *todo = tu_write_temp(todo_csv, sizeof todo_csv - 1, ".csv");
    assert_non_null(todo);
    todo_path = todo;
    size_t len;
    unsigned char *z = write_book(4, &len);
    todo_path = NULL;
    zip_entry e[64];
    size_t n = zip_entries(z, len, e, 64);
    char *book = inflate_entry(find_entry(e, n, "xl/workbook.xml"));
    assert_true(tu_contains(book, "<sheet name=\"To do\" sheetId=\"1\""));
    assert_true(tu_contains(book, "<sheet name=\"Exceptions (2)\" sheetId=\"3\""));
    free(book);
    char *xml = inflate_entry(find_entry(e, n, "xl/worksheets/sheet1.xml"));
    static const char *const links[] = {
        "<hyperlink ref=\"B2\" location=\"'Exceptions'!A2\"",
        "<hyperlink ref=\"B3\" location=\"'Exceptions'!A3\"",
        "<hyperlink ref=\"B4\" location=\"'Exceptions (2)'!A3\""};
    for (size_t i = 0; i < 3; i++)
        if (!tu_contains(xml, links[i]))
            fail_msg("sheet1.xml lacks %s:\n%s", links[i], xml);
    assert_false(tu_contains(xml, "<row r=\"5\""));  /* the blank row */
    const char *facts = strstr(xml, "<row r=\"6\"");
    assert_non_null(facts);
    assert_true(strstr(facts, "About this run") != NULL);
    const char *rows_read = strstr(facts, "<row r=\"7\"");
    assert_non_null(rows_read);
    assert_true(strstr(rows_read, "<c r=\"A7\"") != NULL);
    assert_true(strstr(rows_read, "<c r=\"D7\"") != NULL);
    assert_true(tu_contains(xml, "<tabColor rgb=\"FF00B050\"/>"));
    free(xml);
    free(z);
    unlink(todo);
    free(todo);
}

/* A run with no finding: the To do sheet says there is nothing to do, then
 * the facts after a blank row (header 1, the line 2, blank 3, facts 4). */
static void test_todo_nothing_to_do(void **state)
{
    (void)state;
    static const char todo_csv[] = "severity,code,count,action,message,first_line\n";
    char *todo = tu_write_temp(todo_csv, sizeof todo_csv - 1, ".csv");
    assert_non_null(todo);
    todo_path = todo;
    size_t len;
    unsigned char *z = write_book(0, &len);
    todo_path = NULL;
    zip_entry e[64];
    size_t n = zip_entries(z, len, e, 64);
    char *xml = inflate_entry(find_entry(e, n, "xl/worksheets/sheet1.xml"));
    const char *two = strstr(xml, "<row r=\"2\"");
    assert_non_null(two);
    assert_true(strstr(two, "Nothing to do") != NULL);
    assert_false(tu_contains(xml, "<row r=\"3\""));
    const char *four = strstr(xml, "<row r=\"4\"");
    assert_non_null(four);
    assert_true(strstr(four, "About this run") != NULL);
    free(xml);
    free(z);
    unlink(todo);
    free(todo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_deflated_at_level_1),
        cmocka_unit_test(test_deflate_level_1_while_packing),
        cmocka_unit_test(test_long_sheet_continues),
        cmocka_unit_test(test_two_threads_same_bytes),
        cmocka_unit_test(test_two_threads_when),
        cmocka_unit_test(test_continued_sheets_two_threads),
        cmocka_unit_test(test_todo_links_and_facts),
        cmocka_unit_test(test_todo_nothing_to_do),
    };
    return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
