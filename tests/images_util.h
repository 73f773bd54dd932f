/*
 * images_util.h - what the image test programs share (test_image_sniff.c,
 * test_image_scan.c, test_image_match.c, test_image_stage.c): image bytes
 * built byte by byte (JPEG segments, PNG with zlib, GIF, the three WebP
 * kinds), files and folders in a temp dir, the fixture (a catalog, a
 * report and the image set; setup/teardown), catalog builders (family,
 * variant, product), scan/match/stage in one call, lookups of a file's
 * info and findings, URL and staged-copy assertions, and the small shop
 * with its photos that the match and stage tests use.
 *
 * Static inline functions, like testutil.h: each program uses only some.
 * Include after <cmocka.h>'s prerequisites (stdarg, stddef, setjmp, stdint)
 * and <cmocka.h>.
 */
#ifndef P2E_IMAGES_UTIL_H
#define P2E_IMAGES_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <zlib.h>

#include "p2e_buf.h"
#include "p2e_catalog.h"
#include "p2e_images.h"
#include "p2e_report.h"
#include "testutil.h"

#define BASE "https://cdn.example.com/shop"

/* ---- building image bytes ---------------------------------------------- */

static inline void put(p2e_buf *b, const void *p, size_t n)
{
    assert_int_equal(p2e_buf_append(b, p, n), P2E_OK);
}

static inline void put8(p2e_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    put(b, &c, 1);
}

static inline void put_be16(p2e_buf *b, uint32_t v)
{
    put8(b, v >> 8);
    put8(b, v & 0xFF);
}

static inline void put_be32(p2e_buf *b, uint32_t v)
{
    put_be16(b, v >> 16);
    put_be16(b, v & 0xFFFF);
}

static inline void put_le16(p2e_buf *b, uint32_t v)
{
    put8(b, v & 0xFF);
    put8(b, v >> 8);
}

static inline void put_le24(p2e_buf *b, uint32_t v)
{
    put_le16(b, v & 0xFFFF);
    put8(b, v >> 16);
}

static inline void put_le32(p2e_buf *b, uint32_t v)
{
    put_le16(b, v & 0xFFFF);
    put_le16(b, v >> 16);
}

/* JPEG segment: marker, length, payload. */
static inline void jseg(p2e_buf *b, unsigned marker, const void *payload, size_t n)
{
    put8(b, 0xFF);
    put8(b, marker);
    put_be16(b, (uint32_t)n + 2);
    put(b, payload, n);
}

static inline void jseg_fill(p2e_buf *b, unsigned marker, size_t n, unsigned char fill)
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
static inline void jpeg_head(p2e_buf *b, uint32_t w, uint32_t h, unsigned sof, size_t app_bytes)
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

static inline void jpeg_scan(p2e_buf *b, unsigned seed)
{
    static const unsigned char sos[6] = {1, 1, 0x00, 0, 63, 0};
    /* entropy-coded data: a stuffed FF 00 and a restart marker */
    unsigned char data[8] = {(unsigned char)seed, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56};
    jseg(b, 0xDA, sos, sizeof sos);
    put(b, data, sizeof data);
}

static inline void jpeg(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
{
    jpeg_head(b, w, h, 0xC0, 0);
    jpeg_scan(b, seed);
    put(b, "\xFF\xD9", 2);
}

static inline void png_chunk(p2e_buf *b, const char *type, const void *data, size_t n)
{
    put_be32(b, (uint32_t)n);
    size_t at = b->len;
    put(b, type, 4);
    put(b, data, n);
    put_be32(b, (uint32_t)crc32(0L, (const Bytef *)b->data + at, (uInt)(n + 4)));
}

/* 8-bit grey, every pixel = seed. */
static inline void png(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
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

static inline void gif(p2e_buf *b, uint32_t w, uint32_t h, unsigned seed)
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
static inline void webp(p2e_buf *b, int kind, uint32_t w, uint32_t h)
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

static inline void mkdirs_for(const char *path)
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

static inline void write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    mkdirs_for(path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static inline void write_buf(const char *dir, const char *rel, p2e_buf *b)
{
    write_bytes(dir, rel, b->data ? b->data : "", b->len);
    p2e_buf_free(b);
}

static inline void write_jpeg(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    jpeg(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static inline void write_png(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    png(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static inline void write_gif(const char *dir, const char *rel, uint32_t w, uint32_t h, unsigned seed)
{
    p2e_buf b = {0};
    gif(&b, w, h, seed);
    write_buf(dir, rel, &b);
}

static inline void write_text(const char *dir, const char *rel, const char *text)
{
    write_bytes(dir, rel, text, strlen(text));
}

static inline char *read_all(const char *path, size_t *len)
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

static inline int same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0; /* set by read_all when it returns data */
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    int same = da && db && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

/* Names and sizes (and mtimes) of everything below dir, sorted: to see
 * that the source folder is left alone, and that runs agree. */
static inline void list_tree(const char *dir, int with_time, p2e_buf *out)
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

static inline size_t count_entries(const char *dir)
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

static inline int setup(void **state)
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

static inline int teardown(void **state)
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

static inline uint32_t family(fx *f, const char *handle, int variant_product, int written)
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

static inline uint32_t variant(fx *f, uint32_t fi, const char *sku, uint32_t line, int written)
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
static inline uint32_t product(fx *f, const char *handle, const char *sku, uint32_t line, int written)
{
    uint32_t fi = family(f, handle, 0, written);
    variant(f, fi, sku, line, written);
    return fi;
}

static inline void scan(fx *f)
{
    const char *dirs[] = {f->root};
    assert_int_equal(p2e_images_scan(&f->im, dirs, 1, &f->rep, &f->err), P2E_OK);
}

static inline void scan_match_stage(fx *f, const char *base)
{
    scan(f);
    assert_int_equal(p2e_images_match(f->im, &f->cat, &f->rep, &f->err), P2E_OK);
    assert_int_equal(p2e_images_stage(f->im, &f->cat, f->out, base, 0, NULL, &f->rep, &f->err), P2E_OK);
}

static inline const p2e_image_info *info(const fx *f, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", f->root, rel);
    for (size_t i = 0; i < p2e_images_count(f->im); i++)
        if (strcmp(p2e_images_get(f->im, i)->source, path) == 0)
            return p2e_images_get(f->im, i);
    fail_msg("%s not found", rel);
    return NULL;
}

static inline size_t count_code(const fx *f, p2e_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->rep.count; i++)
        n += f->rep.items[i].code == code;
    return n;
}

/* The finding of this code about this file (relative to src). */
static inline const p2e_finding *finding(const fx *f, p2e_code code, const char *rel)
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

static inline const char *fstr(const fx *f, p2e_str s)
{
    return p2e_pool_get(&f->rep.strings, s);
}

static inline void assert_url(const fx *f, uint32_t fam, size_t n, const char *name)
{
    char want[512];
    snprintf(want, sizeof want, "%s/%s", BASE, name);
    const char *got = p2e_images_family_url(f->im, fam, n);
    assert_non_null(got);
    assert_string_equal(got, want);
}

static inline void assert_staged_copy(const fx *f, const char *staged, const char *src_rel)
{
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/images/%s", f->out, staged);
    snprintf(b, sizeof b, "%s/%s", f->src, src_rel);
    assert_true(same_file(a, b));
}

/* ---- the shop: products and photos for matching and staging ------------ */

typedef struct {
    uint32_t mug, tee, cup, lamp, plate, gone;
    uint32_t tee_s, tee_m, tee_l;
} shop;

static inline void make_shop(fx *f, shop *s)
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

static inline void make_shop_images(const fx *f)
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

static inline void assert_gallery(const fx *f, uint32_t fam, const char *const *names, size_t n)
{
    assert_int_equal(p2e_images_family_count(f->im, fam), n);
    for (size_t i = 0; i < n; i++)
        assert_url(f, fam, i, names[i]);
    assert_null(p2e_images_family_url(f->im, fam, n));
}

#endif
