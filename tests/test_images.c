/*
 * test_images.c - image folders: format sniffing and sizes (JPEG, PNG, GIF,
 * WebP), corrupt and unsupported files, the walk (hidden files and litter,
 * symlink loops and links out of the folder), matching by SKU, handle,
 * position suffix and folder, galleries, duplicates, orphans, missing
 * images, staging names and URLs, and images.csv.
 *
 * Every image is made here, byte by byte (PNG with zlib), in a temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <zlib.h>

#include "p2e_buf.h"
#include "p2e_casefold.h"
#include "p2e_catalog.h"
#include "p2e_images.h"
#include "p2e_outlet.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_rules.h"
#include "p2e_units.h"
#include "testutil.h"

#define BASE "https://cdn.example.com/shop"

/* ---- building image bytes ---------------------------------------------- */

static void put(p2e_buf *b, const void *p, size_t n)
{
    assert_int_equal(p2e_buf_append(b, p, n), P2E_OK);
}

static void put8(p2e_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static void put_be16(p2e_buf *b, uint32_t v)
{
    put8(b, v >> 8);
    put8(b, v & 0xFF);
}

static void put_be32(p2e_buf *b, uint32_t v)
{
    put_be16(b, v >> 16);
    put_be16(b, v & 0xFFFF);
}

static void put_le16(p2e_buf *b, uint32_t v)
{
    put8(b, v & 0xFF);
    put8(b, v >> 8);
}

static void put_le24(p2e_buf *b, uint32_t v)
{
    put_le16(b, v & 0xFFFF);
    put8(b, v >> 16);
}

static void put_le32(p2e_buf *b, uint32_t v)
{
    put_le16(b, v & 0xFFFF);
    put_le16(b, v >> 16);
}

/* JPEG segment: marker, length, payload. */
static void jseg(p2e_buf *b, unsigned marker, const void *payload, size_t n)
{
    put8(b, 0xFF);
    put8(b, marker);
    put_be16(b, (uint32_t)n + 2);
    put(b, payload, n);
}

static void jseg_fill(p2e_buf *b, unsigned marker, size_t n, unsigned char fill)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    memset(p, fill, n);
    jseg(b, marker, p, n);
    free(p);
}

/* Up to SOS: APP0, app_bytes of APP1 (pushes the SOF past 64 KiB when
 * large), DQT, a DHT whose payload would give a wrong size if it were
 * read as a frame header, and the SOF. */
static void jpeg_head(p2e_buf *b, uint32_t w, uint32_t h, unsigned sof, size_t app_bytes)
{
    static const unsigned char jfif[14] = {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    unsigned char dht[18] = {0x00, 1};
    unsigned char frame[9] = {8, (unsigned char)(h >> 8), (unsigned char)h,
                              (unsigned char)(w >> 8), (unsigned char)w, 1, 1, 0x11, 0};
    put(b, "\xFF\xD8", 2);
    jseg(b, 0xE0, jfif, sizeof jfif);
    for (; app_bytes; app_bytes -= app_bytes > 65000 ? 65000 : app_bytes)
        jseg_fill(b, 0xE1, app_bytes > 65000 ? 65000 : app_bytes, 0xAB);
    jseg_fill(b, 0xDB, 65, 1);
    jseg(b, 0xC4, dht, sizeof dht);
    jseg(b, sof, frame, sizeof frame);
}

static void jpeg_scan(p2e_buf *b, unsigned seed)
{
    static const unsigned char sos[6] = {1, 1, 0x00, 0, 63, 0};
    /* entropy-coded data: a stuffed FF 00 and a restart marker */
    unsigned char data[8] = {(unsigned char)seed, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56};
    jseg(b, 0xDA, sos, sizeof sos);
    put(b, data, sizeof data);
}

static void jpeg(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
{
    jpeg_head(b, w, h, 0xC0, 0);
    jpeg_scan(b, seed);
    put(b, "\xFF\xD9", 2);
}

static void png_chunk(p2e_buf *b, const char *type, const void *data, size_t n)
{
    put_be32(b, (uint32_t)n);
    size_t at = b->len;
    put(b, type, 4);
    put(b, data, n);
    put_be32(b, (uint32_t)crc32(0L, (const Bytef *)b->data + at, (uInt)(n + 4)));
}

/* 8-bit grey, every pixel = seed. */
static void png(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
{
    unsigned char ihdr[13] = {0};
    for (int i = 0; i < 4; i++) {
        ihdr[i] = (unsigned char)(w >> (24 - 8 * i));
        ihdr[4 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    ihdr[8] = 8;
    size_t raw_len = (size_t)h * (w + 1);
    unsigned char *raw = malloc(raw_len);
    uLongf zlen = compressBound((uLong)raw_len);
    unsigned char *z = malloc(zlen);
    assert_non_null(raw);
    assert_non_null(z);
    memset(raw, (int)seed, raw_len);
    for (size_t y = 0; y < h; y++)
        raw[y * (w + 1)] = 0; /* filter: none */
    assert_int_equal(compress(z, &zlen, raw, (uLong)raw_len), Z_OK);
    put(b, "\x89PNG\r\n\x1A\n", 8);
    png_chunk(b, "IHDR", ihdr, sizeof ihdr);
    png_chunk(b, "IDAT", z, zlen);
    png_chunk(b, "IEND", "", 0);
    free(raw);
    free(z);
}

static void gif(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
{
    put(b, "GIF89a", 6);
    put_le16(b, w);
    put_le16(b, h);
    put8(b, 0x80); /* global colour table of 2 */
    put8(b, 0);
    put8(b, 0);
    put(b, "\0\0\0", 3);
    put8(b, seed);
    put8(b, seed);
    put8(b, seed);
    put8(b, 0x2C);
    put(b, "\0\0\0\0", 4);
    put_le16(b, w);
    put_le16(b, h);
    put8(b, 0);
    put8(b, 2);            /* LZW minimum code size */
    put(b, "\2\x44\x01\0", 4); /* one sub-block of 2 bytes, then the end */
    put8(b, 0x3B);
}

/* kind: 0 VP8 (lossy), 1 VP8L (lossless), 2 VP8X (extended). */
static void webp(p2e_buf *b, int kind, uint32_t w, uint32_t h)
{
    put(b, "RIFF", 4);
    put_le32(b, 0); /* patched below */
    put(b, "WEBP", 4);
    if (kind == 0) {
        put(b, "VP8 ", 4);
        put_le32(b, 14);
        put(b, "\x10\x02\x00\x9D\x01\x2A", 6); /* key frame tag, start code */
        put_le16(b, w);
        put_le16(b, h);
        put(b, "\0\0\0\0", 4);
    } else if (kind == 1) {
        put(b, "VP8L", 4);
        put_le32(b, 6);
        put8(b, 0x2F);
        put_le32(b, (w - 1) | (h - 1) << 14);
        put8(b, 0);
    } else {
        put(b, "VP8X", 4);
        put_le32(b, 10);
        put(b, "\0\0\0\0", 4);
        put_le24(b, w - 1);
        put_le24(b, h - 1);
    }
    uint32_t riff = (uint32_t)b->len - 8;
    for (int i = 0; i < 4; i++)
        b->data[4 + i] = (char)(riff >> (8 * i));
}

/* ---- files and folders ------------------------------------------------- */

static void mkdirs_for(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        assert_true(mkdir(tmp, 0777) == 0 || errno == EEXIST);
        *p = '/';
    }
}

static void write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    mkdirs_for(path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static void write_buf(const char *dir, const char *rel, p2e_buf *b)
{
    write_bytes(dir, rel, b->data ? b->data : "", b->len);
    p2e_buf_free(b);
}

static void write_jpeg(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    jpeg(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static void write_png(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    png(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static void write_gif(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    gif(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static void write_text(const char *dir, const char *rel, const char *text)
{
    write_bytes(dir, rel, text, strlen(text));
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    p2e_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        put(&b, chunk, n);
    fclose(fp);
    put(&b, "", 0);
    *len = b.len;
    return b.data;
}

static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    int same = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

/* Names and sizes (and mtimes) of everything below dir, sorted: to see
 * that the source folder is left alone, and that runs agree. */
static void list_tree(const char *dir, int with_time, p2e_buf *out)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "cd '%s' && find . -printf '%%p %%s%s\\n' | sort", dir,
             with_time ? " %T@" : "");
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[1024];
    while (fgets(line, sizeof line, p))
        put(out, line, strlen(line));
    assert_int_equal(pclose(p), 0);
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* ---- the fixture ----------------------------------------------------------- */

typedef struct {
    char *src, *out;
    const char *root;      /* the image folder scanned (src, or the samples) */
    p2e_catalog cat;
    p2e_report rep;
    p2e_images *im;
    p2e_err err;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->src = tu_temp_dir();
    f->out = tu_temp_dir();
    assert_non_null(f->src);
    assert_non_null(f->out);
    assert_int_equal(p2e_catalog_init(&f->cat), P2E_OK);
    assert_int_equal(p2e_report_init(&f->rep), P2E_OK);
    f->root = f->src;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    p2e_images_free(f->im);
    p2e_report_free(&f->rep);
    p2e_catalog_free(&f->cat);
    tu_remove_tree(f->src);
    tu_remove_tree(f->out);
    free(f->src);
    free(f->out);
    free(f);
    return 0;
}

static uint32_t family(fx *f, const char *handle, int variant_product, int written)
{
    p2e_str key;
    uint32_t fi;
    int created;
    assert_int_equal(p2e_catalog_intern(&f->cat, handle, strlen(handle), &key), P2E_OK);
    assert_int_equal(p2e_catalog_family(&f->cat, key, &fi, &created), P2E_OK);
    assert_true(created);
    p2e_family *fam = &f->cat.families[fi];
    fam->handle = fam->name = fam->product_sku = key;
    fam->variant_product = (uint8_t)variant_product;
    fam->written = (uint8_t)written;
    return fi;
}

static uint32_t variant(fx *f, uint32_t fi, const char *sku, uint32_t line, int written)
{
    p2e_variant v;
    uint32_t vi;
    memset(&v, 0, sizeof v);
    v.line = line;
    v.family = fi;
    v.next = v.components = P2E_NONE;
    v.written = (uint8_t)written;
    assert_int_equal(p2e_catalog_intern(&f->cat, sku, strlen(sku), &v.sku), P2E_OK);
    assert_int_equal(p2e_catalog_add_variant(&f->cat, &v, &vi), P2E_OK);
    p2e_catalog_family_append(&f->cat, fi, vi);
    if (!f->cat.families[fi].variant_product)
        f->cat.families[fi].product_sku = v.sku;
    return vi;
}

/* A standard product: handle and one SKU. */
static uint32_t product(fx *f, const char *handle, const char *sku, uint32_t line, int written)
{
    uint32_t fi = family(f, handle, 0, written);
    variant(f, fi, sku, line, written);
    return fi;
}

static void scan(fx *f)
{
    const char *dirs[] = {f->root};
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_OK);
}

static void scan_match_stage(fx *f, const char *base)
{
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, base, 0, NULL, &f->rep, &f->err), P2E_OK);
}

static const p2e_image_info *info(const fx *f, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->root, rel);
    for (size_t i = 0; i < p2e_images_count(f->im); i++)
        if (strcmp(p2e_images_get(f->im, i)->source, path) == 0)
            return p2e_images_get(f->im, i);
    fail_msg("%s not found", rel);
    return NULL;
}

static size_t count_code(const fx *f, p2e_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->rep.count; i++)
        n += f->rep.items[i].code == code;
    return n;
}

/* The finding of this code about this file (relative to src). */
static const p2e_finding *finding(const fx *f, p2e_code code, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->root, rel);
    for (size_t i = 0; i < f->rep.count; i++) {
        const p2e_finding *x = &f->rep.items[i];
        if (x->code == code && strcmp(p2e_pool_get(&f->rep.strings, x->path), path) == 0)
            return x;
    }
    fail_msg("no %s for %s", p2e_code_name(code), rel);
    return NULL;
}

static const char *fstr(const fx *f, p2e_str s)
{
    return p2e_pool_get(&f->rep.strings, s);
}

static void assert_url(const fx *f, uint32_t fam, size_t n, const char *name)
{
    char want[512];
    snprintf(want, sizeof want, "%s/%s", BASE, name);
    const char *got = p2e_images_family_url(f->im, fam, n);
    assert_non_null(got);
    assert_string_equal(got, want);
}

static void assert_staged_copy(const fx *f, const char *staged, const char *src_rel)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/images/%s", f->out, staged);
    snprintf(b, sizeof b, "%s/%s", f->src, src_rel);
    assert_true(same_file(a, b));
}

/* ---- sniffing --------------------------------------------------------------- */

static void assert_sniff(p2e_buf *b, p2e_sniff_result want, p2e_image_format fmt, uint32_t w,
                         uint32_t h)
{
    p2e_image_format gf;
    uint32_t gw, gh;
    assert_int_equal(p2e_image_sniff((const unsigned char *)b->data, b->len, &gf, &gw, &gh), want);
    assert_int_equal(gf, fmt);
    assert_int_equal(gw, w);
    assert_int_equal(gh, h);
    p2e_buf_free(b);
}

static void test_sniff_jpeg(void **state)
{
    (void)state;
    p2e_buf b = {0};
    jpeg(&b, 640, 480, 1); /* baseline, with a DHT before the SOF0 */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 640, 480);
    jpeg_head(&b, 1024, 768, 0xC2, 0); /* progressive; the head alone is enough */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 1024, 768);
    jpeg_head(&b, 300, 200, 0xC1, 70000); /* SOF beyond 64 KiB, whole file given */
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_JPEG, 300, 200);
    put(&b, "\xFF\xD8\xFF\xE0\x00\x10JFIF\0\1\1\0\0\1\0\1\0\0\xFF\xDB\x00\x43\0\1", 26);
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0); /* cut in the DQT, no SOF */
    jpeg_head(&b, 300, 0, 0xC0, 0);                           /* height by DNL: no size */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0);
    put(&b, "\xFF\xD8\xFF\xDA\x00\x08\1\1\0\0\x3F\0", 12); /* scan before any frame */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0);
}

static void test_sniff_png_gif_webp(void **state)
{
    (void)state;
    p2e_buf b = {0};
    png(&b, 300, 200, 7);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_PNG, 300, 200);
    png(&b, 300, 200, 7);
    b.len = 20; /* cut inside IHDR */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    png(&b, 300, 200, 7);
    b.data[20] ^= 1; /* height changed: the IHDR CRC no longer fits */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    put(&b, "\x89PNG", 4); /* a signature cut short */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 0, 0);
    gif(&b, 320, 240, 1);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_GIF, 320, 240);
    gif(&b, 0, 0, 1);
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_GIF, 0, 0);
    webp(&b, 0, 400, 300);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 400, 300);
    webp(&b, 1, 16383, 2);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 16383, 2);
    webp(&b, 2, 5000, 7000);
    assert_sniff(&b, P2E_SNIFF_OK, P2E_IMG_WEBP, 5000, 7000);
    put(&b, "RIFF\x10\0\0\0WEBPABCD\0\0\0\0", 20); /* unknown first chunk */
    assert_sniff(&b, P2E_SNIFF_CORRUPT, P2E_IMG_WEBP, 0, 0);
}

static void test_sniff_unsupported(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
    } other[] = {
        {"BM\x46\0\0\0\0\0\0\0\x36\0\0\0(\0\0\0", 18},  /* BMP */
        {"II*\0\x08\0\0\0\0\0", 10},                    /* TIFF, little-endian */
        {"MM\0*\0\0\0\x08\0\0", 10},                    /* TIFF, big-endian */
        {"\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24},  /* HEIC */
        {"8BPS\0\1\0\0\0\0\0\0", 12},                   /* PSD */
        {"RIFF\x24\0\0\0WAVEfmt ", 16},                 /* RIFF, not WebP */
        {"product photos go here\n", 23},               /* text */
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        p2e_buf b = {0};
        put(&b, other[i].data, other[i].len);
        assert_sniff(&b, P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0);
    }
    p2e_buf empty = {0};
    assert_sniff(&empty, P2E_SNIFF_CORRUPT, P2E_IMG_UNKNOWN, 0, 0);
    assert_string_equal(p2e_image_ext(P2E_IMG_JPEG), "jpg");
    assert_string_equal(p2e_image_ext(P2E_IMG_PNG), "png");
    assert_string_equal(p2e_image_ext(P2E_IMG_GIF), "gif");
    assert_string_equal(p2e_image_ext(P2E_IMG_WEBP), "webp");
    assert_string_equal(p2e_image_ext(P2E_IMG_UNKNOWN), "");
}

/* ---- scanning: content checks ---------------------------------------------- */

static void make_check_files(const fx *f)
{
    p2e_buf b = {0};
    write_png(f->src, "good.png", 300, 300, 1);
    png(&b, 300, 300, 2);
    b.len -= 12; /* no IEND: cut at the end of the data */
    write_buf(f->src, "trunc.png", &b);
    write_bytes(f->src, "empty.jpg", "", 0);
    write_bytes(f->src, "pic.bmp", "BM\x46\0\0\0\0\0\0\0\x36\0\0\0", 14);
    write_bytes(f->src, "pic.tif", "II*\0\x08\0\0\0\0\0", 10);
    write_text(f->src, "notes.txt", "shoot the mugs again\n");
    write_png(f->src, "wrong.jpg", 250, 250, 3);
    write_gif(f->src, "small.gif", 50, 40, 4);
    jpeg_head(&b, 640, 480, 0xC0, 140000); /* SOF past 64 KiB */
    jpeg_scan(&b, 5);
    put(&b, "\xFF\xD9", 2);
    write_buf(f->src, "big.jpg", &b);
    jpeg_head(&b, 640, 480, 0xC0, 0);
    jseg(&b, 0xE2, "\xFF\xD8\xFF\xD9", 4); /* an EOI inside a segment does not count */
    jpeg_scan(&b, 6);                      /* and the data stops: no EOI */
    write_buf(f->src, "cut.jpg", &b);
    webp(&b, 1, 300, 300);
    write_buf(f->src, "good.webp", &b);
    webp(&b, 0, 300, 300);
    b.len -= 2; /* shorter than the RIFF length */
    write_buf(f->src, "cut.webp", &b);
    gif(&b, 300, 300, 7);
    b.len -= 1; /* no trailer */
    write_buf(f->src, "cut.gif", &b);
}

static void make_litter(const fx *f)
{
    write_png(f->src, ".hidden.png", 300, 300, 9);
    write_png(f->src, "._good.png", 300, 300, 9);
    write_text(f->src, ".DS_Store", "litter");
    write_text(f->src, "Thumbs.db", "litter");
    write_text(f->src, "desktop.ini", "litter");
    write_png(f->src, "__MACOSX/._good.png", 300, 300, 9);
    write_png(f->src, "__MACOSX/good.png", 300, 300, 9);
    write_png(f->src, ".git/x.png", 300, 300, 9);
}

static void test_scan_checks(void **state)
{
    fx *f = *state;
    make_check_files(f);
    make_litter(f);
    scan(f);
    static const struct {
        const char *rel;
        p2e_sniff_result sniff;
        p2e_image_format fmt;
        uint32_t w, h;
        const char *codes;
    } want[] = {
        /* in path order */
        {"big.jpg", P2E_SNIFF_OK, P2E_IMG_JPEG, 640, 480, ""},
        {"cut.gif", P2E_SNIFF_CORRUPT, P2E_IMG_GIF, 300, 300, "IMAGE_CORRUPT"},
        {"cut.jpg", P2E_SNIFF_CORRUPT, P2E_IMG_JPEG, 0, 0, "IMAGE_CORRUPT"},
        {"cut.webp", P2E_SNIFF_CORRUPT, P2E_IMG_WEBP, 300, 300, "IMAGE_CORRUPT"},
        {"empty.jpg", P2E_SNIFF_CORRUPT, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_CORRUPT"},
        {"good.png", P2E_SNIFF_OK, P2E_IMG_PNG, 300, 300, ""},
        {"good.webp", P2E_SNIFF_OK, P2E_IMG_WEBP, 300, 300, ""},
        {"notes.txt", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"pic.bmp", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"pic.tif", P2E_SNIFF_UNSUPPORTED, P2E_IMG_UNKNOWN, 0, 0, "IMAGE_UNSUPPORTED"},
        {"small.gif", P2E_SNIFF_OK, P2E_IMG_GIF, 50, 40, "IMAGE_SMALL"},
        {"trunc.png", P2E_SNIFF_CORRUPT, P2E_IMG_PNG, 300, 300, "IMAGE_CORRUPT"},
        {"wrong.jpg", P2E_SNIFF_OK, P2E_IMG_PNG, 250, 250, "IMAGE_EXTENSION"},
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(p2e_images_count(f->im), n); /* hidden files and litter not listed */
    for (size_t i = 0; i < n; i++) {
        const p2e_image_info *in = p2e_images_get(f->im, i);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", f->src, want[i].rel);
        assert_string_equal(in->source, path);
        assert_int_equal(in->sniff, want[i].sniff);
        assert_int_equal(in->format, want[i].fmt);
        if (want[i].sniff == P2E_SNIFF_OK) {
            assert_int_equal(in->width, want[i].w);
            assert_int_equal(in->height, want[i].h);
        }
        assert_string_equal(in->codes, want[i].codes);
        assert_int_equal(in->family, P2E_NONE);
        assert_int_equal(in->position, -1);
    }
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 5);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_UNSUPPORTED), 3);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_EXTENSION), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_SMALL), 1);
    assert_int_equal(f->rep.count, 10);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_UNSUPPORTED, "pic.tif");
    assert_string_equal(fstr(f, x->value), "tiff");
    assert_int_equal(x->file, P2E_FILE_OTHER);
    x = finding(f, P2E_CODE_IMAGE_EXTENSION, "wrong.jpg");
    assert_string_equal(fstr(f, x->value), "jpg");
    x = finding(f, P2E_CODE_IMAGE_SMALL, "small.gif");
    assert_string_equal(fstr(f, x->value), "50x40");
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_CORRUPT, "empty.jpg")->detail),
                        "empty file");
}

static void test_scan_size_and_crc(void **state)
{
    fx *f = *state;
    p2e_buf b = {0};
    jpeg_head(&b, 800, 600, 0xC0, 200000); /* several read chunks */
    jpeg_scan(&b, 1);
    put(&b, "\xFF\xD9", 2);
    write_bytes(f->src, "a.jpg", b.data, b.len);
    uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)b.data, (uInt)b.len);
    size_t len = b.len;
    p2e_buf_free(&b);
    scan(f);
    const p2e_image_info *in = info(f, "a.jpg");
    assert_int_equal(in->bytes, len);
    assert_int_equal(in->crc32, crc);
    assert_int_equal(in->width, 800);
    assert_int_equal(in->height, 600);
}

static void test_scan_bad_folder(void **state)
{
    fx *f = *state;
    char path[4096];
    const char *dirs[] = {path};
    snprintf(path, sizeof path, "%s/nope", f->src);
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_ERR_OPEN);
    assert_null(f->im);
    assert_non_null(strstr(f->err.msg, "nope"));
    write_text(f->src, "file.txt", "x");
    snprintf(path, sizeof path, "%s/file.txt", f->src);
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_ERR_OPEN);
    assert_int_equal(p2e_images_scan(&f->im, NULL, 0, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_count(f->im), 0);
}

/* ---- the walk: links ---------------------------------------------------------- */

static void test_symlinks(void **state)
{
    fx *f = *state;
    char path[4096], outside_file[4096];
    char *outside = tu_temp_dir();
    assert_non_null(outside);
    write_png(outside, "far.png", 300, 300, 1);
    write_png(f->src, "a.png", 300, 300, 2);
    write_png(f->src, "sub/b.png", 300, 300, 3);
    snprintf(path, sizeof path, "%s/sub/loop", f->src);
    assert_int_equal(symlink("..", path), 0); /* back to the root: a loop */
    snprintf(path, sizeof path, "%s/sub/self", f->src);
    assert_int_equal(symlink(".", path), 0);
    snprintf(path, sizeof path, "%s/out", f->src);
    assert_int_equal(symlink(outside, path), 0); /* a folder outside */
    snprintf(path, sizeof path, "%s/far.png", f->src);
    snprintf(outside_file, sizeof outside_file, "%s/far.png", outside);
    assert_int_equal(symlink(outside_file, path), 0); /* a file outside */
    snprintf(path, sizeof path, "%s/alias.png", f->src);
    assert_int_equal(symlink("sub/b.png", path), 0); /* a file inside: used */
    snprintf(path, sizeof path, "%s/dangling.png", f->src);
    assert_int_equal(symlink("nowhere.png", path), 0);
    scan(f);
    assert_int_equal(p2e_images_count(f->im), 3);
    assert_string_equal(info(f, "a.png")->codes, "");
    assert_string_equal(info(f, "alias.png")->codes, "");
    assert_string_equal(info(f, "sub/b.png")->codes, "IMAGE_DUPLICATE");
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_DUPLICATE, "sub/b.png")->value),
                        info(f, "alias.png")->source);
    tu_remove_tree(outside);
    free(outside);
}

/* ---- matching, galleries, staging ------------------------------------------- */

typedef struct {
    uint32_t mug, tee, cup, lamp, plate, gone;
    uint32_t tee_s, tee_m, tee_l;
} shop;

static void make_shop(fx *f, shop *s)
{
    s->mug = product(f, "mug", "RL-MUG", 2, 1);
    s->tee = family(f, "tee", 1, 1);
    s->tee_s = variant(f, s->tee, "TEE-S", 3, 1);
    s->tee_m = variant(f, s->tee, "TEE-M", 4, 1);
    s->tee_l = variant(f, s->tee, "TEE-L", 5, 1);
    s->cup = product(f, "cup", "CUP-2", 6, 1); /* a SKU that looks like a position */
    s->lamp = product(f, "lamp", "LMP", 7, 1);
    s->plate = product(f, "plate", "PLT", 8, 1);
    s->gone = product(f, "gone", "GONE-1", 9, 0);
}

static void make_shop_images(const fx *f)
{
    write_jpeg(f->src, "mug.jpg", 300, 300, 1);
    write_png(f->src, "MUG_2.png", 300, 300, 2);
    write_gif(f->src, "mug-3.gif", 300, 300, 3);
    p2e_buf b = {0};
    webp(&b, 0, 300, 300);
    write_buf(f->src, "mug (4).webp", &b);
    write_jpeg(f->src, "mug_10.jpg", 300, 300, 5);
    write_png(f->src, "tee.png", 300, 300, 6);
    write_jpeg(f->src, "TEE-M.jpg", 300, 300, 7);
    write_png(f->src, "TEE-M_2.png", 300, 300, 8);
    write_jpeg(f->src, "tee-s.jpg", 300, 300, 9);
    write_jpeg(f->src, "CUP-2.jpg", 300, 300, 10);
    write_jpeg(f->src, "cup-2_2.jpg", 300, 300, 11);
    write_jpeg(f->src, "lamp/b.jpg", 300, 300, 12);
    write_jpeg(f->src, "lamp/10.jpg", 300, 300, 13);
    write_png(f->src, "lamp/9.png", 300, 300, 14);
    write_gif(f->src, "lamp/A.gif", 300, 300, 15);
    write_jpeg(f->src, "orphan.jpg", 300, 300, 16);
    write_jpeg(f->src, "gone.jpg", 300, 300, 17);
    write_jpeg(f->src, "GONE-1.jpg", 300, 300, 18);
}

static void assert_gallery(const fx *f, uint32_t fam, const char *const *names, size_t n)
{
    assert_int_equal(p2e_images_family_count(f->im, fam), n);
    for (size_t i = 0; i < n; i++)
        assert_url(f, fam, i, names[i]);
    assert_null(p2e_images_family_url(f->im, fam, n));
}

static void test_match_positions(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE "/");
    /* KEY, KEY_2 (any case), KEY-3, KEY (4), KEY_10: by position */
    static const char *const mug[] = {"mug-1.jpg", "mug-2.png", "mug-3.gif", "mug-4.webp",
                                      "mug-5.jpg"};
    assert_gallery(f, s.mug, mug, 5);
    assert_int_equal(info(f, "mug.jpg")->position, 0);
    assert_int_equal(info(f, "MUG_2.png")->position, 2);
    assert_int_equal(info(f, "mug-3.gif")->position, 3);
    assert_int_equal(info(f, "mug (4).webp")->position, 4);
    assert_int_equal(info(f, "mug_10.jpg")->position, 10);
    assert_int_equal(info(f, "mug_10.jpg")->family, s.mug);
    assert_int_equal(info(f, "mug_10.jpg")->variant, P2E_NONE);
    assert_string_equal(info(f, "mug (4).webp")->staged, "mug-4.webp");
    assert_staged_copy(f, "mug-4.webp", "mug (4).webp");
    /* the whole name is a SKU first: CUP-2 is not "cup" at position 2 */
    static const char *const cup[] = {"cup-1.jpg", "cup-2.jpg"};
    assert_gallery(f, s.cup, cup, 2);
    assert_int_equal(info(f, "CUP-2.jpg")->variant, f->cat.families[s.cup].first);
    assert_int_equal(info(f, "CUP-2.jpg")->position, 0);
    assert_int_equal(info(f, "cup-2_2.jpg")->position, 2);
    assert_staged_copy(f, "cup-1.jpg", "CUP-2.jpg");
}

static void test_match_variants(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    /* handle images, then TEE-S's, then TEE-M's (variant input order) */
    static const char *const tee[] = {"tee-1.png", "tee-2.jpg", "tee-3.jpg", "tee-4.png"};
    assert_gallery(f, s.tee, tee, 4);
    assert_staged_copy(f, "tee-2.jpg", "tee-s.jpg");
    assert_staged_copy(f, "tee-3.jpg", "TEE-M.jpg");
    assert_staged_copy(f, "tee-4.png", "TEE-M_2.png");
    assert_string_equal(p2e_images_variant_url(f->im, s.tee_s), BASE "/tee-2.jpg");
    assert_string_equal(p2e_images_variant_url(f->im, s.tee_m), BASE "/tee-3.jpg");
    assert_null(p2e_images_variant_url(f->im, s.tee_l));
    assert_null(p2e_images_variant_url(f->im, P2E_NONE));
    const p2e_image_info *in = info(f, "tee-s.jpg");
    assert_int_equal(in->family, s.tee);
    assert_int_equal(in->variant, s.tee_s);
}

static void test_match_folder(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    /* a folder named after the key: by natural name order */
    static const char *const lamp[] = {"lamp-1.png", "lamp-2.jpg", "lamp-3.gif", "lamp-4.jpg"};
    assert_gallery(f, s.lamp, lamp, 4);
    assert_staged_copy(f, "lamp-1.png", "lamp/9.png");
    assert_staged_copy(f, "lamp-2.jpg", "lamp/10.jpg");
    assert_staged_copy(f, "lamp-3.gif", "lamp/A.gif");
    assert_staged_copy(f, "lamp-4.jpg", "lamp/b.jpg");
    assert_int_equal(info(f, "lamp/9.png")->position, 0);
    assert_int_equal(info(f, "lamp/b.jpg")->position, 3);
    assert_int_equal(info(f, "lamp/b.jpg")->family, s.lamp);
}

static void test_orphans_and_missing(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan_match_stage(f, BASE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 3);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_ORPHAN, "orphan.jpg");
    assert_string_equal(fstr(f, x->value), "orphan");
    assert_int_equal(x->file, P2E_FILE_OTHER);
    x = finding(f, P2E_CODE_IMAGE_ORPHAN, "gone.jpg");
    assert_string_equal(fstr(f, x->detail), "product gone is not written");
    x = finding(f, P2E_CODE_IMAGE_ORPHAN, "GONE-1.jpg");
    assert_string_equal(fstr(f, x->detail), "SKU GONE-1 is not written");
    assert_string_equal(info(f, "orphan.jpg")->codes, "IMAGE_ORPHAN");
    assert_string_equal(info(f, "orphan.jpg")->staged, "");
    assert_int_equal(info(f, "orphan.jpg")->position, -1);
    /* one IMAGE_MISSING per written family with no image, on its first row */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), 1);
    for (size_t i = 0; i < f->rep.count; i++) {
        const p2e_finding *m = &f->rep.items[i];
        if (m->code != P2E_CODE_IMAGE_MISSING)
            continue;
        assert_int_equal(m->line, 8);
        assert_int_equal(m->file, 0);
        assert_int_equal(m->keep, P2E_KEEP_ALWAYS);
        assert_string_equal(fstr(f, m->handle), "plate");
        assert_string_equal(fstr(f, m->sku), "PLT");
    }
    assert_int_equal(p2e_images_family_count(f->im, s.plate), 0);
    assert_int_equal(p2e_images_family_count(f->im, s.gone), 0);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 0);
}

/* Issue 19, point 11: CUP-1 and cup-1 each get their own photo; a name
 * that matches both only ignoring case is IMAGE_AMBIGUOUS, never a pick;
 * the same for folders and for product keys (handles). */
static void test_match_exact_case_wins(void **state)
{
    fx *f = *state;
    uint32_t upper = product(f, "cup-upper", "CUP-1", 2, 1);
    uint32_t lower = product(f, "cup-lower", "cup-1", 3, 1);
    uint32_t mug_a = product(f, "Mug", "M-A", 4, 1);
    uint32_t mug_b = product(f, "mug", "M-B", 5, 1);
    write_jpeg(f->src, "CUP-1.jpg", 300, 300, 1);
    write_jpeg(f->src, "cup-1.jpg", 300, 300, 2);
    write_jpeg(f->src, "Cup-1.jpg", 300, 300, 3);
    write_jpeg(f->src, "CUP-1/side.jpg", 300, 300, 4);
    write_jpeg(f->src, "cUP-1/back.jpg", 300, 300, 5);
    write_jpeg(f->src, "Mug.jpg", 300, 300, 6);
    write_jpeg(f->src, "MUG.jpg", 300, 300, 7);
    scan_match_stage(f, BASE);
    static const char *const up[] = {"cup-upper-1.jpg", "cup-upper-2.jpg"};
    assert_gallery(f, upper, up, 2);
    assert_staged_copy(f, "cup-upper-1.jpg", "CUP-1.jpg");
    assert_staged_copy(f, "cup-upper-2.jpg", "CUP-1/side.jpg");
    static const char *const low[] = {"cup-lower-1.jpg"};
    assert_gallery(f, lower, low, 1);
    assert_staged_copy(f, "cup-lower-1.jpg", "cup-1.jpg");
    assert_int_equal(info(f, "cup-1.jpg")->variant, f->cat.families[lower].first);
    static const char *const ma[] = {"mug-1.jpg"};
    assert_gallery(f, mug_a, ma, 1);
    assert_staged_copy(f, "mug-1.jpg", "Mug.jpg");
    assert_int_equal(p2e_images_family_count(f->im, mug_b), 0);
    /* three ambiguous photos: not used, not orphans either */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_AMBIGUOUS), 3);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "Cup-1.jpg");
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_AMBIGUOUS), P2E_SEV_WARNING);
    assert_string_equal(fstr(f, x->value), "Cup-1");
    assert_string_equal(fstr(f, x->detail), "matches SKU CUP-1 and SKU cup-1");
    x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "cUP-1/back.jpg");
    assert_string_equal(fstr(f, x->detail), "matches SKU CUP-1 and SKU cup-1");
    x = finding(f, P2E_CODE_IMAGE_AMBIGUOUS, "MUG.jpg");
    assert_string_equal(fstr(f, x->detail), "matches product Mug and product mug");
    assert_string_equal(info(f, "Cup-1.jpg")->codes, "IMAGE_AMBIGUOUS");
    assert_string_equal(info(f, "Cup-1.jpg")->staged, "");
    assert_int_equal(info(f, "Cup-1.jpg")->family, P2E_NONE);
    assert_int_equal(info(f, "Cup-1.jpg")->position, -1);
}

/* A photo named exactly after an excluded SKU is not given to the written
 * SKU that differs from it only by case. */
static void test_match_exact_unwritten(void **state)
{
    fx *f = *state;
    uint32_t kept = product(f, "kept", "CUP-9", 2, 1);
    product(f, "dropped", "cup-9", 3, 0);
    write_jpeg(f->src, "cup-9.jpg", 300, 300, 1);
    write_jpeg(f->src, "Cup-9.jpg", 300, 300, 2);
    scan_match_stage(f, BASE);
    const p2e_finding *x = finding(f, P2E_CODE_IMAGE_ORPHAN, "cup-9.jpg");
    assert_string_equal(fstr(f, x->detail), "SKU cup-9 is not written");
    /* only ignoring case, and only one written: CUP-9's */
    static const char *const k[] = {"kept-1.jpg"};
    assert_gallery(f, kept, k, 1);
    assert_staged_copy(f, "kept-1.jpg", "Cup-9.jpg");
}

/* Letters beyond ASCII fold like ASCII ones: Latin-1, Latin Extended-A,
 * Greek (final sigma too), Cyrillic. */
static void test_match_unicode_fold(void **state)
{
    fx *f = *state;
    uint32_t e = product(f, "cafe", "\xC3\xA9", 2, 1);                       /* é */
    uint32_t lodz = product(f, "lodz", "\xC5\x81\xC3\x93" "D\xC5\xB9", 3, 1); /* ŁÓDŹ */
    uint32_t sofia = product(f, "sofia", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", 4, 1); /* ΣΟΦΙΑ */
    uint32_t chai = product(f, "chai", "\xD0\xA7\xD0\x90\xD0\x99-1", 5, 1);   /* ЧАЙ-1 */
    uint32_t glass = product(f, "glass", "GLA\xC3\x9F", 6, 1);               /* GLAß */
    write_jpeg(f->src, "\xC3\x89.jpg", 300, 300, 1);                          /* É */
    write_jpeg(f->src, "\xC5\x82\xC3\xB3" "d\xC5\xBA.jpg", 300, 300, 2);      /* łódź */
    write_jpeg(f->src, "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1.jpg", 300, 300, 3); /* σοφια */
    write_jpeg(f->src, "\xD1\x87\xD0\xB0\xD0\xB9-1_2.jpg", 300, 300, 4);      /* чай-1_2 */
    write_jpeg(f->src, "glass.jpg", 300, 300, 5); /* ß is not "ss" (simple folding) */
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, e), 1);
    assert_int_equal(p2e_images_family_count(f->im, lodz), 1);
    assert_int_equal(p2e_images_family_count(f->im, sofia), 1);
    assert_int_equal(p2e_images_family_count(f->im, chai), 1);
    assert_int_equal(info(f, "\xD1\x87\xD0\xB0\xD0\xB9-1_2.jpg")->position, 2);
    assert_int_equal(info(f, "glass.jpg")->family, glass); /* by its handle */
    assert_int_equal(info(f, "glass.jpg")->variant, P2E_NONE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
}

/* The fold itself, code point by code point and on bytes. */
static void test_casefold(void **state)
{
    (void)state;
    static const uint32_t pairs[][2] = {
        {'A', 'a'}, {'z', 'z'}, {0xC0, 0xE0}, {0xDE, 0xFE}, {0xD7, 0xD7}, {0xDF, 0xDF},
        {0x100, 0x101}, {0x101, 0x101}, {0x130, 'i'}, {0x131, 0x131}, {0x139, 0x13A},
        {0x141, 0x142}, {0x14A, 0x14B}, {0x178, 0xFF}, {0x179, 0x17A}, {0x17D, 0x17E},
        {0x17F, 's'}, {0x386, 0x3AC}, {0x388, 0x3AD}, {0x38C, 0x3CC}, {0x38F, 0x3CE},
        {0x391, 0x3B1}, {0x3A3, 0x3C3}, {0x3A2, 0x3A2}, {0x3C2, 0x3C3}, {0x400, 0x450},
        {0x401, 0x451}, {0x410, 0x430}, {0x42F, 0x44F}, {0x460, 0x461}, {0x490, 0x491},
        {0x4C0, 0x4CF}, {0x4C1, 0x4C2}, {0x4D0, 0x4D1}, {0x1E9E, 0x1E9E}, {'1', '1'}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (p2e_fold_cp(pairs[i][0]) != pairs[i][1])
            fail_msg("U+%04X folds to U+%04X, expected U+%04X", (unsigned)pairs[i][0],
                     (unsigned)p2e_fold_cp(pairs[i][0]), (unsigned)pairs[i][1]);
    p2e_buf b = {0};
    /* "İSTANBUL ÉTÉ" -> "istanbul été"; a stray 0xFF and a cut sequence stay */
    const char *in = "\xC4\xB0STANBUL \xC3\x89T\xC3\x89 \xFF\xC3";
    assert_int_equal(p2e_casefold(&b, in, strlen(in)), P2E_OK);
    assert_string_equal(b.data, "istanbul \xC3\xA9t\xC3\xA9 \xFF\xC3");
    assert_int_equal(b.len, strlen("istanbul \xC3\xA9t\xC3\xA9 \xFF\xC3"));
    p2e_buf_free(&b);
}

/* Issue 19, point 12: a product takes 18 photos (main + 17 gallery
 * columns); the others, last in gallery order, are left out, marked in
 * images.csv, and reported once for the product with their count. */
static void test_gallery_cap(void **state)
{
    fx *f = *state;
    uint32_t big = product(f, "big", "BIG-1", 7, 1);
    uint32_t small = product(f, "small", "SM-1", 8, 1);
    write_jpeg(f->src, "BIG-1.jpg", 300, 300, 100);
    for (unsigned i = 2; i <= 20; i++) {
        char name[32];
        snprintf(name, sizeof name, "BIG-1_%u.jpg", i);
        write_jpeg(f->src, name, 300, 300, 100 + i);
    }
    write_jpeg(f->src, "SM-1.jpg", 300, 300, 1);
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, big), 18);
    assert_url(f, big, 0, "big-1.jpg");
    assert_url(f, big, 17, "big-18.jpg");
    assert_staged_copy(f, "big-18.jpg", "BIG-1_18.jpg");
    assert_null(p2e_images_family_url(f->im, big, 18));
    assert_int_equal(p2e_images_family_count(f->im, small), 1);
    assert_string_equal(info(f, "BIG-1_19.jpg")->codes, "IMAGE_GALLERY_FULL");
    assert_string_equal(info(f, "BIG-1_20.jpg")->codes, "IMAGE_GALLERY_FULL");
    assert_string_equal(info(f, "BIG-1_20.jpg")->staged, "");
    assert_string_equal(info(f, "BIG-1_18.jpg")->codes, "");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_GALLERY_FULL), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    for (size_t i = 0; i < f->rep.count; i++) {
        const p2e_finding *x = &f->rep.items[i];
        if (x->code != P2E_CODE_IMAGE_GALLERY_FULL)
            continue;
        assert_int_equal(x->line, 7);
        assert_string_equal(fstr(f, x->sku), "BIG-1");
        assert_string_equal(fstr(f, x->value), "2");
        assert_string_equal(fstr(f, x->detail),
                            "18 of 20 photos used, the rest are marked IMAGE_GALLERY_FULL in images.csv");
    }
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_GALLERY_FULL), P2E_SEV_WARNING);
}

static void test_sources_untouched(void **state)
{
    fx *f = *state;
    shop s;
    p2e_buf before = {0}, after = {0};
    make_shop(f, &s);
    make_shop_images(f);
    list_tree(f->src, 1, &before);
    scan_match_stage(f, BASE);
    list_tree(f->src, 1, &after);
    assert_int_equal(before.len, after.len);
    assert_memory_equal(before.data, after.data, before.len);
    /* only the staged files, and no temporary file left behind */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", f->out);
    assert_int_equal(count_entries(dir), 5 + 4 + 2 + 4);
    assert_int_equal(count_entries(f->out), 1);
    p2e_buf_free(&before);
    p2e_buf_free(&after);
}

static void test_duplicates(void **state)
{
    fx *f = *state;
    uint32_t mug = product(f, "mug", "RL-MUG", 2, 1);
    uint32_t bowl = product(f, "bowl", "BWL", 3, 1);
    write_jpeg(f->src, "bowl.jpg", 300, 300, 1);
    write_jpeg(f->src, "copy.jpg", 300, 300, 1);   /* same bytes, matches nothing */
    write_jpeg(f->src, "mug.jpg", 300, 300, 1);    /* same bytes */
    write_jpeg(f->src, "mug_2.jpg", 300, 300, 1);  /* same bytes, same gallery */
    write_jpeg(f->src, "mug_3.jpg", 300, 300, 2);  /* same size, other bytes */
    scan_match_stage(f, BASE);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_DUPLICATE), 3);
    assert_string_equal(fstr(f, finding(f, P2E_CODE_IMAGE_DUPLICATE, "mug.jpg")->value),
                        info(f, "bowl.jpg")->source);
    assert_string_equal(info(f, "mug_3.jpg")->codes, "");
    assert_string_equal(info(f, "copy.jpg")->codes, "IMAGE_DUPLICATE IMAGE_ORPHAN");
    /* mug: the shared bytes once, then mug_3; bowl: the shared file's URL */
    static const char *const mug_urls[] = {"mug-1.jpg", "mug-2.jpg"};
    assert_gallery(f, mug, mug_urls, 2);
    static const char *const bowl_urls[] = {"mug-1.jpg"};
    assert_gallery(f, bowl, bowl_urls, 1);
    assert_string_equal(info(f, "bowl.jpg")->staged, "mug-1.jpg");
    assert_string_equal(info(f, "mug_2.jpg")->staged, "mug-1.jpg");
    assert_string_equal(info(f, "copy.jpg")->staged, "");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", f->out);
    assert_int_equal(count_entries(dir), 2);
    assert_staged_copy(f, "mug-2.jpg", "mug_3.jpg");
}

static void test_wrong_extension_staged(void **state)
{
    fx *f = *state;
    uint32_t filter = product(f, "squeeze-filter", "WF-1", 2, 1);
    write_png(f->src, "squeeze-filter.jpg", 200, 150, 1);
    write_png(f->src, "WF-1", 300, 300, 2); /* no extension at all */
    scan_match_stage(f, BASE);
    static const char *const urls[] = {"squeeze-filter-1.png", "squeeze-filter-2.png"};
    assert_gallery(f, filter, urls, 2);
    assert_string_equal(info(f, "squeeze-filter.jpg")->codes, "IMAGE_EXTENSION IMAGE_SMALL");
    assert_string_equal(info(f, "WF-1")->codes, "IMAGE_EXTENSION");
    assert_staged_copy(f, "squeeze-filter-1.png", "squeeze-filter.jpg");
}

static void test_corrupt_not_used(void **state)
{
    fx *f = *state;
    uint32_t chair = product(f, "camp-chair", "CHR", 2, 1);
    p2e_buf b = {0};
    jpeg(&b, 300, 300, 1);
    b.len = 120; /* SOI, JFIF and part of the tables, like samples/images */
    write_buf(f->src, "camp-chair.jpg", &b);
    write_bytes(f->src, "camp-chair_2.png", "", 0);
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_family_count(f->im, chair), 0);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 2);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 0);
    assert_int_equal(info(f, "camp-chair.jpg")->family, chair); /* shown, not used */
    assert_string_equal(info(f, "camp-chair.jpg")->staged, "");
    assert_int_equal(count_entries(f->out), 0); /* nothing to stage: no folder */
}

/* ---- names and URLs ------------------------------------------------------------ */

static void make_slug_shop(fx *f, uint32_t fam[5])
{
    fam[0] = product(f, "Mug", "A1", 2, 1);
    fam[1] = product(f, "mug!", "A2", 3, 1);
    fam[2] = product(f, "mug-2", "A3", 4, 1);
    fam[3] = product(f, "Caf\xC3\xA9 Cr\xC3\xA8me  Mug", "A4", 5, 1);
    fam[4] = product(f, "\xE2\x98\x95\xE2\x98\x95", "A5", 6, 1);
    write_jpeg(f->src, "Mug.jpg", 300, 300, 1);
    write_jpeg(f->src, "MUG!.jpg", 300, 300, 2);
    write_jpeg(f->src, "mug-2.jpg", 300, 300, 3);
    write_jpeg(f->src, "Caf\xC3\xA9 Cr\xC3\xA8me  Mug.jpg", 300, 300, 4);
    write_png(f->src, "\xE2\x98\x95\xE2\x98\x95.png", 300, 300, 5);
}

static void test_slugs_and_collisions(void **state)
{
    fx *f = *state;
    uint32_t fam[5];
    make_slug_shop(f, fam);
    scan_match_stage(f, "https://cdn.example.com/shop///");
    /* "mug!" slugs to "mug", taken by "Mug"; "mug-2" is another family's own
     * slug, so it gets "mug-3" */
    static const char *const want[] = {"mug-1.jpg", "mug-3-1.jpg", "mug-2-1.jpg",
                                       "caf-cr-me-mug-1.jpg", "product-1.png"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(p2e_images_family_count(f->im, fam[i]), 1);
        assert_url(f, fam[i], 0, want[i]);
    }
}

static void test_url_encoding_single_slash(void **state)
{
    fx *f = *state;
    uint32_t fam[5];
    make_slug_shop(f, fam);
    scan_match_stage(f, BASE);
    for (size_t i = 0; i < 5; i++) {
        const char *u = p2e_images_family_url(f->im, fam[i], 0);
        assert_non_null(u);
        assert_memory_equal(u, BASE "/", sizeof BASE);
        assert_null(strstr(u + sizeof BASE - 1, "//"));
        /* only unreserved URL characters after the base */
        for (const char *p = u + sizeof BASE; *p; p++)
            assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789-._~%ABCDEF", *p));
    }
    p2e_err err;
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, "ftp://x", 0, NULL, &f->rep, &err),
                     P2E_ERR_USAGE);
}

static void test_no_base_url(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    /* dry run: names decided, nothing written */
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, NULL, 1, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(count_entries(f->out), 0);
    assert_string_equal(info(f, "tee-s.jpg")->staged, "tee-2.jpg");
    assert_int_equal(p2e_images_family_count(f->im, s.tee), 4);
    assert_null(p2e_images_family_url(f->im, s.tee, 0));
    assert_null(p2e_images_variant_url(f->im, s.tee_m));
    assert_string_equal(info(f, "tee-s.jpg")->url, "");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 1);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, "", 0, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_NO_BASE_URL), 2); /* once per stage call */
    assert_int_equal(p2e_code_severity(P2E_CODE_IMAGE_NO_BASE_URL), P2E_SEV_WARNING);
    assert_staged_copy(f, "tee-2.jpg", "tee-s.jpg");
}

static void test_output_inside_source(void **state)
{
    fx *f = *state;
    product(f, "mug", "RL-MUG", 2, 1);
    write_jpeg(f->src, "mug.jpg", 300, 300, 1);
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    char out[4096];
    snprintf(out, sizeof out, "%s/out", f->src);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, out, BASE, 0, NULL, &f->rep, &f->err),
                     P2E_ERR_USAGE);
    assert_non_null(strstr(f->err.msg, "inside the image folder"));
}

/* ---- images.csv and determinism ------------------------------------------------ */

static char *file_text(const char *dir, const char *name)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = read_all(path, &len);
    assert_non_null(s);
    return s;
}

static void test_images_csv(void **state)
{
    fx *f = *state;
    product(f, "mug", "RL-MUG", 2, 1);
    uint32_t tee = family(f, "tee", 1, 1);
    variant(f, tee, "TEE,S", 3, 1);
    p2e_buf a = {0}, b = {0};
    jpeg(&a, 300, 200, 1);
    write_bytes(f->src, "mug.jpg", a.data, a.len);
    png(&b, 64, 64, 2);
    write_bytes(f->src, "zz.png", b.data, b.len);
    write_jpeg(f->src, "TEE,S.jpg", 300, 300, 3);
    write_text(f->src, "notes.txt", "hello\n");
    scan_match_stage(f, BASE);
    assert_int_equal(p2e_images_write_csv(f->im, &f->cat, f->out, NULL, &f->err), P2E_OK);
    char *csv = file_text(f->out, "images.csv");
    const p2e_image_info *t = info(f, "TEE,S.jpg");
    char want[8192];
    snprintf(want, sizeof want,
             "source,kind,width,height,bytes,crc32,handle,sku,position,staged_name,url,codes\n"
             "\"%s/TEE,S.jpg\",jpeg,300,300,%llu,%08lx,tee,\"TEE,S\",0,tee-1.jpg," BASE
             "/tee-1.jpg,\n"
             "%s/mug.jpg,jpeg,300,200,%zu,%08lx,mug,,0,mug-1.jpg," BASE "/mug-1.jpg,\n"
             "%s/notes.txt,text,,,6,,,,,,,IMAGE_UNSUPPORTED\n"
             "%s/zz.png,png,64,64,%zu,%08lx,,,,,,IMAGE_SMALL IMAGE_ORPHAN\n",
             f->src, (unsigned long long)t->bytes, (unsigned long)t->crc32, f->src, a.len,
             (unsigned long)crc32(0L, (const Bytef *)a.data, (uInt)a.len), f->src, f->src, b.len,
             (unsigned long)crc32(0L, (const Bytef *)b.data, (uInt)b.len));
    assert_string_equal(csv, want);
    free(csv);
    p2e_buf_free(&a);
    p2e_buf_free(&b);
}

static char *run_once(fx *f, const char *out)
{
    p2e_report rep;
    p2e_images *im = NULL;
    const char *dirs[] = {f->src};
    assert_int_equal(p2e_report_init(&rep), P2E_OK);
    assert_int_equal(p2e_images_scan(&im, dirs, 1, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_match(im, &f->cat, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(im, &f->cat, out, BASE, 0, NULL, &rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_write_csv(im, &f->cat, out, NULL, &f->err), P2E_OK);
    p2e_images_free(im);
    p2e_report_free(&rep);
    p2e_buf list = {0};
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/images", out);
    list_tree(dir, 0, &list);
    char *csv = file_text(out, "images.csv");
    put(&list, csv, strlen(csv));
    free(csv);
    return list.data;
}

static void test_deterministic(void **state)
{
    fx *f = *state;
    shop s;
    make_shop(f, &s);
    make_shop_images(f);
    char other[4096];
    snprintf(other, sizeof other, "%s/second", f->out);
    char *first = run_once(f, f->out);
    char *again = run_once(f, f->out); /* over the first run's files */
    char *second = run_once(f, other);
    /* the same staged names and sizes, the same images.csv */
    assert_non_null(strstr(first, "./tee-4.png "));
    assert_string_equal(first, second);
    assert_string_equal(first, again);
    free(first);
    free(again);
    free(second);
}

/* ---- the demo store ------------------------------------------------------------ */

static void load_samples(fx *f)
{
    const char *inputs[] = {"samples/store/product-export.csv"};
    p2e_read_opts ro;
    p2e_reader rd;
    memset(&ro, 0, sizeof ro);
    ro.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    p2e_reader_init(&rd);
    assert_int_equal(p2e_reader_scan(&rd, inputs, 1, &ro, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_outlet_set_select(&rd.outlets, NULL, 0, 1, &f->err), P2E_OK);
    assert_int_equal(p2e_reader_load(&rd, &f->cat, &ro, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_rules_apply(&f->cat, &f->rep, &f->err), P2E_OK);
    p2e_reader_free(&rd);
}

static uint32_t family_by_handle(const fx *f, const char *handle)
{
    for (size_t i = 0; i < f->cat.nfamilies; i++)
        if (strcmp(p2e_catalog_str(&f->cat, f->cat.families[i].key), handle) == 0)
            return (uint32_t)i;
    fail_msg("no family %s", handle);
    return P2E_NONE;
}

static const char *sample_url(const fx *f, const char *handle, size_t n)
{
    return p2e_images_family_url(f->im, family_by_handle(f, handle), n);
}

static void test_samples(void **state)
{
    fx *f = *state;
    struct stat sb;
    if (stat("samples/images", &sb) != 0) {
        printf("[  SKIP    ] samples/images not found: test skipped\n");
        return;
    }
    f->root = "samples/images";
    load_samples(f);
    size_t before = f->rep.count, written = 0;
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, BASE, 1, NULL, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_count(f->im), 24);
    for (size_t i = 0; i < f->cat.nfamilies; i++)
        written += f->cat.families[i].written;
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_ORPHAN), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_CORRUPT), 1);
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_EXTENSION), 1);
    /* stove 160x120, compass 64x64, mug-3 240x180, squeeze filter 200x150,
     * banner 320x120; the headlamp's 200x200 is not under 200 */
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_SMALL), 5);
    assert_string_equal(info(f, "ridgeline-enamel-mug-3.jpg")->codes, "IMAGE_SMALL");
    assert_string_equal(info(f, "trail-headlamp-300 (2).png")->codes, "");
    assert_string_equal(info(f, "summer-sale-banner.jpg")->codes, "IMAGE_SMALL IMAGE_ORPHAN");
    assert_string_equal(info(f, "camp-chair.jpg")->codes, "IMAGE_CORRUPT");
    assert_string_equal(p2e_images_variant_url(f->im, info(f, "RL-BTL-32.jpg")->variant),
                        BASE "/wide-mouth-bottle-2.jpg");
    assert_int_equal(count_code(f, P2E_CODE_IMAGE_MISSING), written - 15);
    assert_true(f->rep.count > before);
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 0), BASE "/ridgeline-enamel-mug-1.jpg");
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 1), BASE "/ridgeline-enamel-mug-2.png");
    assert_string_equal(sample_url(f, "ridgeline-enamel-mug", 2), BASE "/ridgeline-enamel-mug-3.jpg");
    assert_string_equal(sample_url(f, "trail-headlamp-300", 1), BASE "/trail-headlamp-300-2.png");
    assert_string_equal(sample_url(f, "squeeze-water-filter", 0), BASE "/squeeze-water-filter-1.png");
    assert_string_equal(sample_url(f, "ceramic-pour-over-dripper", 0),
                        BASE "/ceramic-pour-over-dripper-1.jpg");
    /* folder images (back, front), then the L / Charcoal variant's photo */
    uint32_t tee = family_by_handle(f, "ridgeline-logo-tee");
    assert_int_equal(p2e_images_family_count(f->im, tee), 3);
    assert_string_equal(info(f, "ridgeline-logo-tee/back.png")->staged, "ridgeline-logo-tee-1.png");
    assert_string_equal(info(f, "ridgeline-logo-tee/front.jpg")->staged, "ridgeline-logo-tee-2.jpg");
    assert_string_equal(info(f, "RL-TEE-CHR-L.jpg")->staged, "ridgeline-logo-tee-3.jpg");
    assert_int_equal(p2e_images_family_count(f->im, family_by_handle(f, "camp-chair")), 0);
    assert_int_equal(p2e_images_family_count(f->im, family_by_handle(f, "wide-mouth-bottle")), 2);
    assert_int_equal(count_entries(f->out), 0); /* dry run */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_jpeg),
        cmocka_unit_test(test_sniff_png_gif_webp),
        cmocka_unit_test(test_sniff_unsupported),
        cmocka_unit_test_setup_teardown(test_scan_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_size_and_crc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scan_bad_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_variants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orphans_and_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_exact_case_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_exact_unwritten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_unicode_fold, setup, teardown),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test_setup_teardown(test_gallery_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sources_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_extension_staged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slugs_and_collisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_url_encoding_single_slash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_base_url, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_inside_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
