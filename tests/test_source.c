/*
 * test_source.c - an input file as a stream of UTF-8: plain and gzip, BOM
 * stripped, non-UTF-8 converted whole (Windows-1252 or a named encoding),
 * NUL bytes refused, unopenable paths reported with their name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

#include "p2e_buf.h"
#include "p2e_source.h"
#include "p2e_utf8.h"
#include "testutil.h"

#define CHUNK (256 * 1024) /* the source's read size (src/source.c) */

/* The bytes read and the encoding converted from (NULL: none) are those wanted. */
static void assert_decoded(const char *data, size_t len, const char *conv, const void *want,
                           size_t wantlen, const char *want_conv)
{
    assert_int_equal(len, wantlen);
    assert_memory_equal(data, want, wantlen);
    if (want_conv) {
        assert_non_null(conv);
        assert_string_equal(conv, want_conv);
    } else {
        assert_null(conv);
    }
}

/* Read bytes written to a temporary file; checks status, bytes and the
 * encoding converted from (NULL: none). */
static void check_bytes(const void *in, size_t inlen, const char *encoding, p2e_status want_st,
                        const void *want, size_t wantlen, const char *want_conv)
{
    char *path = tu_write_temp(in, inlen, ".csv");
    assert_non_null(path);
    char *data, *conv;
    size_t len;
    p2e_err err;
    p2e_status st = tu_source_slurp(path, encoding, &data, &len, &conv, &err);
    if (st != want_st)
        fail_msg("status %d (%s), expected %d", (int)st, err.msg, (int)want_st);
    if (want_st == P2E_OK) {
        assert_decoded(data, len, conv, want, wantlen, want_conv);
    } else {
        assert_true(tu_contains(err.msg, path));
    }
    free(data);
    free(conv);
    unlink(path);
    free(path);
}

#define S(lit) (lit), (sizeof(lit) - 1)

static void test_plain_utf8(void **state)
{
    (void)state;
    check_bytes(S("sku,name\nA1,Caf\xC3\xA9 \xE2\x82\xAC\n"), NULL, P2E_OK,
                S("sku,name\nA1,Caf\xC3\xA9 \xE2\x82\xAC\n"), NULL);
    /* an empty encoding is the same as none */
    check_bytes(S("abc"), "", P2E_OK, S("abc"), NULL);
}

static void test_empty_file(void **state)
{
    (void)state;
    check_bytes("", 0, NULL, P2E_OK, "", 0, NULL);
}

static void test_bom_stripped(void **state)
{
    (void)state;
    check_bytes(S("\xEF\xBB\xBFsku,name\n"), NULL, P2E_OK, S("sku,name\n"), NULL);
    check_bytes(S("\xEF\xBB\xBF"), NULL, P2E_OK, "", 0, NULL);
    /* only at the start */
    check_bytes(S("a\xEF\xBB\xBF" "b"), NULL, P2E_OK, S("a\xEF\xBB\xBF" "b"), NULL);
    /* two BOMs: only the first is the mark */
    check_bytes(S("\xEF\xBB\xBF\xEF\xBB\xBFx"), NULL, P2E_OK, S("\xEF\xBB\xBFx"), NULL);
}

static void test_windows_1252(void **state)
{
    (void)state;
    /* é € */
    check_bytes(S("name\ncaf\xE9 \x80\n"), NULL, P2E_OK, S("name\ncaf\xC3\xA9 \xE2\x82\xAC\n"),
                "WINDOWS-1252");
    /* € Š ™ é ü œ NBSP: C1-range letters mapped by the 1252 table */
    check_bytes(S("\x80\x8A\x99\xE9\xFC\x9C\xA0"), NULL, P2E_OK,
                S("\xE2\x82\xAC\xC5\xA0\xE2\x84\xA2\xC3\xA9\xC3\xBC\xC5\x93\xC2\xA0"),
                "WINDOWS-1252");
}

/* Valid UTF-8 and one stray byte: the whole file is converted, never
 * half one encoding and half another. */
static void test_converted_whole(void **state)
{
    (void)state;
    check_bytes(S("\xC3\xA9,\xE9"), NULL, P2E_OK, S("\xC3\x83\xC2\xA9,\xC3\xA9"), "WINDOWS-1252");
    /* a sequence cut at the end of the file is not UTF-8 either */
    check_bytes(S("abc\xC3"), NULL, P2E_OK, S("abc\xC3\x83"), "WINDOWS-1252");
    /* overlong and surrogate encodings are not UTF-8 */
    check_bytes(S("\xC0\xAF"), NULL, P2E_OK, S("\xC3\x80\xC2\xAF"), "WINDOWS-1252");
    check_bytes(S("\xED\xA0\x80"), NULL, P2E_OK, S("\xC3\xAD\xC2\xA0\xE2\x82\xAC"),
                "WINDOWS-1252");
}

/* "Strip a UTF-8 BOM if present. Validate UTF-8; if invalid, fall back to
 * CP-1252" (spec, parsing recipe): the BOM never becomes "ï»¿". */
static void test_bom_then_windows_1252(void **state)
{
    (void)state;
    check_bytes(S("\xEF\xBB\xBFsku\ncaf\xE9\n"), NULL, P2E_OK, S("sku\ncaf\xC3\xA9\n"),
                "WINDOWS-1252");
}

static void test_explicit_encoding(void **state)
{
    (void)state;
    /* Mac Roman: 0x8E é, 0x80 Ä, 0x8A ä, 0x87 á, 0xA5 bullet */
    check_bytes(S("Caf\x8E\n\x80\x8A\x87\xA5"), "MACINTOSH", P2E_OK,
                S("Caf\xC3\xA9\n\xC3\x84\xC3\xA4\xC3\xA1\xE2\x80\xA2"), "MACINTOSH");
    /* the same byte read as Windows-1252 would be Ž: the named encoding wins */
    check_bytes(S("\x8E"), "macintosh", P2E_OK, S("\xC3\xA9"), "macintosh");
    /* a named encoding applies even to bytes that are valid UTF-8 */
    check_bytes(S("\xC3\xA9"), "ISO-8859-1", P2E_OK, S("\xC3\x83\xC2\xA9"), "ISO-8859-1");
    /* UTF-16 with its BOM, named */
    check_bytes(S("\xFF\xFEs\0k\0u\0\n\0\xE9\0"), "UTF-16", P2E_OK, S("sku\n\xC3\xA9"),
                "UTF-16");
}

static void test_unknown_encoding(void **state)
{
    (void)state;
    char *path = tu_write_temp(S("abc"), ".csv");
    assert_non_null(path);
    p2e_source *src = (p2e_source *)1;
    p2e_err err = {{0}};
    assert_int_equal(p2e_source_open(&src, path, "NO-SUCH-ENCODING-42", &err), P2E_ERR_ENCODING);
    assert_null(src);
    assert_true(tu_contains(err.msg, "NO-SUCH-ENCODING-42"));
    unlink(path);
    free(path);
}

/* A byte Windows-1252 leaves undefined (0x81): named, an encoding error on
 * read, telling the user to name the encoding; detected, the file cannot
 * be Windows-1252 and is read as Mac Roman, where 0x81 is Å. */
static void test_undefined_1252_byte(void **state)
{
    (void)state;
    char *path = tu_write_temp(S("a\x81" "b\n"), ".csv");
    assert_non_null(path);
    char *data, *conv;
    size_t len;
    p2e_err err;
    assert_int_equal(tu_source_slurp(path, "WINDOWS-1252", &data, &len, &conv, &err),
                     P2E_ERR_ENCODING);
    assert_true(tu_contains(err.msg, path));
    assert_true(tu_contains(err.msg, "--encoding"));
    free(data);
    free(conv);
    unlink(path);
    free(path);
    check_bytes(S("a\x81" "b\n"), NULL, P2E_OK, S("a\xC3\x85" "b\n"), "MACINTOSH");
}

/* Windows-1252 or Mac Roman, told from the bytes (src/util/source.c,
 * guess_legacy). Scores worked by hand from the weights there. */
static void test_mac_roman_detected(void **state)
{
    (void)state;
    /* as Mac Roman: Café “Brûlée” (é 3, “ 2, û 3, é 3, ” 2 = 13); as
     * Windows-1252: CafŽ ÒBržlŽeÓ (Ò 1, Ó 1 = 2): 13 >= 2 * 2 + 4, Mac */
    check_bytes(S("Caf\x8E \xD2" "Br\x9El\x8E" "e\xD3"), NULL, P2E_OK,
                S("Caf\xC3\xA9 \xE2\x80\x9C" "Br\xC3\xBBl\xC3\xA9" "e\xE2\x80\x9D"), "MACINTOSH");
    /* UTF-8 text that went through Mac Roman once: "Â" + no-break space
     * (0xE5 0xCA) as in the 2017 public export. Windows-1252 reads åÊ
     * (å 3, then a lower-case letter before an upper-case one -3 = 0);
     * Mac Roman reads Â + NBSP (2, and the pair +4): Mac */
    check_bytes(S("Unisex\xE5\xCA<"), NULL, P2E_OK, S("Unisex\xC3\x82\xC2\xA0<"), "MACINTOSH");
    /* Windows-1252 text: café naïve “q” – (é 3, ï 3, “ 2, ” 2, – 2 = 12);
     * as Mac Roman: cafÈ naÔve ìqî ñ (È 1, Ô 0, ì 3, î 3, ñ 3 = 10 < 28) */
    check_bytes(S("caf\xE9 na\xEFve \x93q\x94 \x96"), NULL, P2E_OK,
                S("caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x93"),
                "WINDOWS-1252");
}

/* Unicode with a byte-order mark: the mark names the encoding (Excel's
 * "Unicode text" is UTF-16LE and tab-separated), no option needed, and
 * the mark is not part of the text. */
static void test_unicode_bom(void **state)
{
    (void)state;
    check_bytes(S("\xFF\xFEs\0k\0u\0\t\0\xE9\0\n\0"), NULL, P2E_OK, S("sku\t\xC3\xA9\n"),
                "UTF-16LE");
    check_bytes(S("\xFE\xFF\0s\0k\0u\0\t\0\xE9\0\n"), NULL, P2E_OK, S("sku\t\xC3\xA9\n"),
                "UTF-16BE");
    check_bytes(S("\xFF\xFE\0\0s\0\0\0\xAC\x20\0\0"), NULL, P2E_OK, S("s\xE2\x82\xAC"),
                "UTF-32LE");
    check_bytes(S("\0\0\xFE\xFF\0\0\0s\0\x01\xF6\x00"), NULL, P2E_OK, S("s\xF0\x9F\x98\x80"),
                "UTF-32BE");
}

static void test_nul_byte(void **state)
{
    (void)state;
    check_bytes(S("a,b\n1,\0\n"), NULL, P2E_ERR_FORMAT, NULL, 0, NULL);
    check_bytes(S("\0"), NULL, P2E_ERR_FORMAT, NULL, 0, NULL);
}

/* UTF-16 without a byte-order mark holds NUL bytes: refused, and the
 * message suggests no option (only a re-save helps a user who cannot
 * tell its byte order). */
static void test_utf16_without_bom(void **state)
{
    (void)state;
    check_bytes(S("s\0k\0u\0,\0n\0a\0m\0e\0\n\0"), NULL, P2E_ERR_FORMAT, NULL, 0, NULL);
    char *path = tu_write_temp(S("s\0k\0u\0\n\0"), ".csv");
    assert_non_null(path);
    char *data, *conv;
    size_t len;
    p2e_err err;
    assert_int_equal(tu_source_slurp(path, NULL, &data, &len, &conv, &err), P2E_ERR_FORMAT);
    assert_false(tu_contains(err.msg, "--"));
    assert_true(tu_contains(err.msg, "CSV UTF-8"));
    free(data);
    free(conv);
    unlink(path);
    free(path);
}

/* A NUL after a byte that is not UTF-8 is still a NUL. */
static void test_nul_after_invalid_byte(void **state)
{
    (void)state;
    check_bytes(S("caf\xE9\n\0x\n"), NULL, P2E_ERR_FORMAT, NULL, 0, NULL);
}

static void test_missing_file(void **state)
{
    (void)state;
    p2e_source *src = (p2e_source *)1;
    p2e_err err = {{0}};
    const char *path = "/tmp/p2e-test-no-such-file-9f3a.csv";
    assert_int_equal(p2e_source_open(&src, path, NULL, &err), P2E_ERR_OPEN);
    assert_null(src);
    assert_true(tu_contains(err.msg, path));
}

static void test_directory(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    p2e_source *src = (p2e_source *)1;
    p2e_err err = {{0}};
    assert_int_equal(p2e_source_open(&src, dir, NULL, &err), P2E_ERR_OPEN);
    assert_null(src);
    assert_true(tu_contains(err.msg, dir));
    tu_remove_tree(dir);
    free(dir);
}

/* A FIFO (whose open would wait for a writer) and a device that never
 * ends are refused at open, naming the path: only regular files are read. */
static void test_not_regular_file(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/export.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    const char *paths[] = {fifo, "/dev/zero", "/dev/null"};
    for (size_t i = 0; i < 3; i++) {
        p2e_source *src = (p2e_source *)1;
        p2e_err err = {{0}};
        assert_int_equal(p2e_source_open(&src, paths[i], NULL, &err), P2E_ERR_OPEN);
        assert_null(src);
        assert_true(tu_contains(err.msg, paths[i]));
        assert_true(tu_contains(err.msg, "not a regular file"));
    }
    tu_remove_tree(dir);
    free(dir);
}

/* Overwrite path with bytes of the same size and put its times back: only
 * the checksum can tell the difference. */
static void rewrite_same_stat(const char *path, const char *bytes, size_t len)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    struct timespec ts[2] = {sb.st_atim, sb.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static p2e_status read_all(p2e_source *src, p2e_err *err)
{
    const char *data;
    size_t len;
    p2e_status st;
    while ((st = p2e_source_read(src, &data, &len, err)) == P2E_OK && len)
        ;
    return st;
}

/* A file read twice (the pre-scan, then the parse; or pass 1, then pass
 * 2) that changes in between stops the read with one clear error, naming
 * the file: invalid UTF-8 or a NUL would otherwise reach the outputs. */
static void test_changed_between_reads(void **state)
{
    (void)state;
    static const char a[] = "sku\nA-1\n", b[] = "sku\n\xE9\0-1\n";
    char *path = tu_write_temp(S(a), ".csv");
    assert_non_null(path);
    p2e_err err = {{0}};
    p2e_source *src;
    /* within one source: after the pre-scan, before the parse */
    assert_int_equal(p2e_source_open(&src, path, NULL, &err), P2E_OK);
    p2e_source_print first;
    p2e_source_get_print(src, &first);
    assert_int_equal(first.bytes, 8);
    assert_int_equal(first.crc, crc32(0L, (const Bytef *)a, 8));
    rewrite_same_stat(path, b, 8);
    assert_int_equal(read_all(src, &err), P2E_ERR_READ);
    assert_true(tu_contains(err.msg, path) && tu_contains(err.msg, "changed"));
    p2e_source_free(src);
    /* a second open, told what the first saw: same size and time */
    assert_int_equal(p2e_source_open_print(&src, path, P2E_SOURCE_UTF8, &first, &err), P2E_OK);
    assert_int_equal(read_all(src, &err), P2E_ERR_READ);
    p2e_source_free(src);
    /* the same bytes again: no error */
    rewrite_same_stat(path, a, 8);
    assert_int_equal(p2e_source_open_print(&src, path, P2E_SOURCE_UTF8, &first, &err), P2E_OK);
    assert_int_equal(read_all(src, &err), P2E_OK);
    p2e_source_free(src);
    /* another size: refused at open */
    FILE *fp = fopen(path, "ab");
    assert_non_null(fp);
    fputs("B-2\n", fp);
    fclose(fp);
    src = (p2e_source *)1;
    assert_int_equal(p2e_source_open_print(&src, path, P2E_SOURCE_UTF8, &first, &err), P2E_ERR_READ);
    assert_null(src);
    assert_true(tu_contains(err.msg, "changed"));
    unlink(path);
    free(path);
}

/* Names of other encodings become valid UTF-8, U+FFFD for each bad byte. */
static void test_utf8_clean(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"caf\xE9.csv", "caf\xEF\xBF\xBD.csv"},
        {"caf\xC3\xA9.csv", "caf\xC3\xA9.csv"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},          /* overlong */
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xF0\x9F\x98\x80!", "\xF0\x9F\x98\x80!"},
        {"\xE2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD"},            /* cut short */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = p2e_utf8_clean(cases[i].in);
        assert_non_null(got);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void check_gz(const void *in, size_t inlen, const char *encoding, const void *want,
                     size_t wantlen, const char *want_conv)
{
    char *path = tu_write_gz_temp(in, inlen);
    assert_non_null(path);
    char *data, *conv;
    size_t len;
    p2e_err err;
    assert_int_equal(tu_source_slurp(path, encoding, &data, &len, &conv, &err), P2E_OK);
    assert_decoded(data, len, conv, want, wantlen, want_conv);
    free(data);
    free(conv);
    unlink(path);
    free(path);
}

static void test_gzip(void **state)
{
    (void)state;
    check_gz(S("sku,name\nA1,Tee\n"), NULL, S("sku,name\nA1,Tee\n"), NULL);
    check_gz(S("\xEF\xBB\xBFsku\n"), NULL, S("sku\n"), NULL);
    check_gz(S("sku\ncaf\xE9\n"), NULL, S("sku\ncaf\xC3\xA9\n"), "WINDOWS-1252");
    check_gz(S("\x8E"), "MACINTOSH", S("\xC3\xA9"), "MACINTOSH");
    check_gz("", 0, NULL, "", 0, NULL);
}

/* A gzip header, then bytes that are no deflate stream (0xFF: block
 * type 3 is invalid): a read error naming the file. */
static void test_corrupt_gzip(void **state)
{
    (void)state;
    static const unsigned char bad[] = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                        0x03, 0xff, 0xff, 0xff, 0xff, 'g',  'a',  'r',  'b',
                                        'a',  'g',  'e',  0x00, 0x01, 0x02, 0x03, 0x04};
    const char *encodings[] = {NULL, "MACINTOSH"};
    for (size_t i = 0; i < 2; i++) {
        char *path = tu_write_temp(bad, sizeof bad, ".csv.gz");
        assert_non_null(path);
        char *data, *conv;
        size_t len;
        p2e_err err;
        assert_int_equal(tu_source_slurp(path, encodings[i], &data, &len, &conv, &err),
                         P2E_ERR_READ);
        assert_true(tu_contains(err.msg, path));
        free(data);
        free(conv);
        unlink(path);
        free(path);
    }
}

/* Several chunks of Windows-1252: converted across chunk boundaries. */
static void test_large_windows_1252(void **state)
{
    (void)state;
    size_t n = CHUNK + CHUNK / 2 + 7;
    char *in = malloc(n), *want = malloc(2 * n);
    assert_non_null(in);
    assert_non_null(want);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i % 97 == 96) {
            in[i] = '\n';
            want[w++] = '\n';
        } else if (i % 3 == 0) {
            in[i] = (char)0xE9;
            want[w++] = (char)0xC3;
            want[w++] = (char)0xA9;
        } else {
            in[i] = 'a';
            want[w++] = 'a';
        }
    }
    check_bytes(in, n, NULL, P2E_OK, want, w, "WINDOWS-1252");
    free(in);
    free(want);
}

/* A two-byte UTF-8 letter split by the prescan's chunk boundary is still
 * UTF-8: the file is passed through unchanged. */
static void test_utf8_across_chunk_boundary(void **state)
{
    (void)state;
    size_t n = CHUNK + 1000;
    char *in = malloc(n);
    assert_non_null(in);
    memset(in, 'x', n);
    in[CHUNK - 1] = (char)0xC3;
    in[CHUNK] = (char)0xA9;
    in[CHUNK + 500] = (char)0xE2; /* and a three-byte one later */
    in[CHUNK + 501] = (char)0x82;
    in[CHUNK + 502] = (char)0xAC;
    check_bytes(in, n, NULL, P2E_OK, in, n, NULL);
    free(in);
}

/* The line named for a damaged UTF-8 file, after thousands of lines of
 * every ending (LF, CRLF, bare CR, CR then LF split over words, blank
 * lines) of varied lengths, so that breaks fall at every position of the
 * scanner's 8-byte words. The line is counted here independently. */
static void test_damaged_utf8_line(void **state)
{
    (void)state;
    static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n", "\r\r\n"};
    static const unsigned long breaks[] = {1, 1, 1, 2, 2};
    p2e_buf b = {0};
    unsigned long line = 1;
    for (int i = 0; i < 5000; i++) {
        for (int k = 0; k < 1 + i % 19; k++) /* never empty: a bare CR stays bare */
            assert_int_equal(p2e_buf_putc(&b, (char)('a' + k)), P2E_OK);
        if (i % 97 == 0)
            assert_int_equal(p2e_buf_puts(&b, "Caf\xC3\xA9"), P2E_OK); /* valid UTF-8 */
        assert_int_equal(p2e_buf_puts(&b, ends[i % 5]), P2E_OK);
        line += breaks[i % 5];
    }
    unsigned long bad = line;
    assert_int_equal(p2e_buf_puts(&b, "x,Caf\xE9\n"), P2E_OK); /* a Windows-1252 byte */
    char *path = tu_write_temp(b.data, b.len, ".csv");
    assert_non_null(path);
    p2e_source *src = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_source_open(&src, path, NULL, &err), P2E_ERR_ENCODING);
    char want[64];
    snprintf(want, sizeof want, "line %lu: byte 0xE9", bad);
    if (!tu_contains(err.msg, want))
        fail_msg("message \"%s\" does not name \"%s\"", err.msg, want);
    unlink(path);
    free(path);
    p2e_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_utf8),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_converted_whole),
        cmocka_unit_test(test_bom_then_windows_1252),
        cmocka_unit_test(test_explicit_encoding),
        cmocka_unit_test(test_unknown_encoding),
        cmocka_unit_test(test_undefined_1252_byte),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_utf16_without_bom),
        cmocka_unit_test(test_mac_roman_detected),
        cmocka_unit_test(test_unicode_bom),
        cmocka_unit_test(test_nul_after_invalid_byte),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_not_regular_file),
        cmocka_unit_test(test_changed_between_reads),
        cmocka_unit_test(test_utf8_clean),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_corrupt_gzip),
        cmocka_unit_test(test_large_windows_1252),
        cmocka_unit_test(test_utf8_across_chunk_boundary),
        cmocka_unit_test(test_damaged_utf8_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
