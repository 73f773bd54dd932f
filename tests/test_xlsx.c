/*
 * test_xlsx: report.xlsx as a zip file. Its entries are deflated at level 1
 * (src/xlsx.c interposes minizip's zipOpenNewFileInZip4_64: libxlsxwriter
 * has no level option), and a sheet past max_rows continues on
 * "Name (2)". The cells themselves are read back by the golden suite
 * (tests/xlsx_check.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <zlib.h>

#include "p2e_xlsx.h"
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

/* Writes report.xlsx from two CSV files into a fresh folder; returns its
 * bytes (malloc'ed), the folder removed. */
static unsigned char *write_book(size_t max_rows, size_t *len)
{
    char *exc = tu_write_temp(exceptions_csv, sizeof exceptions_csv - 1, ".csv");
    char *map = tu_write_temp(mapping_csv, sizeof mapping_csv - 1, ".csv");
    char *dir = tu_temp_dir();
    assert_non_null(exc);
    assert_non_null(map);
    assert_non_null(dir);
    static const char *const exc_num[] = {"line", NULL};
    static const char *const map_num[] = {"line", "price_ecom", NULL};
    p2e_xlsx_sheet sheets[] = {
        {"Exceptions", exc, exc_num, 1},
        {"Skipped", NULL, NULL, 0},
        {"Mapping", map, map_num, 0},
    };
    p2e_xlsx_pair summary[] = {{"rows read", "5"}, {"outlets", "Main"}};
    p2e_outset set = {0};
    p2e_err err = {{0}};
    if (p2e_xlsx_write(dir, summary, 2, sheets, 3, max_rows, &set, &err) != P2E_OK)
        fail_msg("p2e_xlsx_write: %s", err.msg);
    assert_int_equal(p2e_outset_commit(&set, &err), P2E_OK);
    char path[4200];
    tu_join(path, sizeof path, dir, "report.xlsx");
    unsigned char *bytes = (unsigned char *)tu_read_file(path, len);
    assert_non_null(bytes);
    assert_int_equal(tu_dir_entries(dir), 1); /* no temporary file left */
    tu_remove_tree(dir);
    unlink(exc);
    unlink(map);
    free(dir);
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
    assert_int_equal(count_sheets(e, n), 3); /* Summary, Exceptions, Mapping */
    for (size_t i = 0; i < n; i++) {
        if (e[i].method != 8 || (e[i].flags & 6) != 6)
            fail_msg("%s: method %u, flags 0x%x: not deflated at level 1", e[i].name,
                     e[i].method, e[i].flags);
    }
    free(z);
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
    const char *names[] = {"Summary", "Exceptions", "Exceptions (2)", "Exceptions (3)",
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entries_deflated_at_level_1),
        cmocka_unit_test(test_long_sheet_continues),
    };
    return cmocka_run_group_tests_name("xlsx", tests, NULL, NULL);
}
