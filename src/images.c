/*
 * images.c - product photos from image folders (see p2e_images.h).
 *
 * Four phases, each one pass:
 *   scan   walk the folders, sort the files by path, check each one by
 *          content (head sniff + a streaming structure walk + crc32), and
 *          find byte-identical copies;
 *   match  key every file to a written variant (SKU) or family (handle)
 *          through exact and case-folded indexes (p2e_keyset: an exact
 *          match wins, a fold matching several is IMAGE_AMBIGUOUS), and
 *          build each family's gallery;
 *   stage  name the used files `<slug>-<n>.<ext>`, copy them into
 *          DIR/images/ (each copy renamed into place) and make their URLs;
 *   csv    DIR/images.csv, one row per file found.
 *
 * Gallery order of a family (stable, deterministic):
 *   1. images matched to the handle, then
 *   2. images matched to its variants' SKUs, variant after variant in input
 *      order;
 *   within one key: images matched by file name first, by position (KEY is
 *   0, KEY_2 / KEY-2 / KEY (2) are 2, ...; ties by path), then images
 *   matched through a folder named after the key, by natural name order
 *   ("9.jpg" before "10.jpg", case-insensitive; ties by path).
 * Keys tried for a file, first hit wins: its whole name when the extension
 * is not a picture's, its name without extension, the same without a
 * position suffix (so SKU "CUP-2" is matched whole before "CUP" at 2), then
 * the name of the folder it is in (below a given folder); each as a written
 * SKU first, then as a written family's key, case-insensitively (ASCII).
 * A file whose bytes equal an earlier one's is shown once per gallery and
 * staged once (the earliest path is the one copied).
 *
 * Strings handed out (image info, URLs) live in an arena that never moves,
 * so they stay valid until p2e_images_free.
 */
#include "p2e_images.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "p2e_csvwrite.h"
#include "p2e_fs.h"
#include "p2e_keyset.h"

#define HEAD_BYTES (64 * 1024)   /* sniffed first: every header we need fits */
#define CHUNK_BYTES (64 * 1024)  /* streaming reads (crc32, structure, copies) */
#define SMALL_SIDE 200           /* IMAGE_SMALL under this many px */
#define MAX_DEPTH 128            /* folder nesting; deeper is refused, not looped */
#define SLUG_MAX 80              /* staged names stay well under NAME_MAX */
/* Photos per product the import takes: the main image and 17 gallery
 * images. The E-Series import documents no limit; 17 gallery columns
 * (product_media_gallery_image_url_1..17) is the most any known import
 * column list or store export holds (../shared/spec/ecom-import.md, §2
 * and source C2). */
#define GALLERY_MAX 18

/* ---- the set ------------------------------------------------------------ */

typedef struct {
    p2e_image_info info;
    const char *name;      /* last path component (points into source) */
    const char *folder;    /* parent folder's name below a root, else "" */
    const char *kind;      /* images.csv kind: jpeg png gif webp, or what it is */
    uint32_t dup_of;       /* the copy of the same bytes that is staged, or P2E_NONE */
    uint32_t root;         /* while choosing copies: the first file with these bytes */
    uint32_t same_next;    /* next file with equal size and crc but other bytes */
    uint8_t by_folder;     /* matched through its folder's name */
    uint8_t ambiguous;     /* its name folds like several keys: not used */
    uint8_t used;          /* in a gallery (itself or its earlier copy) */
} img_file;

struct p2e_images {
    p2e_arena arena;
    img_file *files;
    size_t nfiles, cap;
    const char **roots;    /* real paths of the folders given */
    size_t nroots;
    uint32_t *gallery;     /* canonical file indexes, family after family */
    size_t ngallery;
    uint32_t *fam_start, *fam_count;
    uint32_t *fam_left;    /* photos left out of a full gallery */
    size_t nfamilies;
    uint32_t *var_image;   /* a variant's first own image (canonical), or P2E_NONE */
    size_t nvariants;
};

static p2e_status nomem(p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
}

static const char *astr(p2e_images *im, const char *s)
{
    return p2e_arena_strn(&im->arena, s, strlen(s));
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | le24(p);
}

/* ---- formats ------------------------------------------------------------ */

const char *p2e_image_ext(p2e_image_format format)
{
    static const char *const ext[] = {"jpg", "png", "gif", "webp", ""};
    return (unsigned)format <= P2E_IMG_UNKNOWN ? ext[format] : "";
}

static const char *format_name(p2e_image_format format)
{
    static const char *const names[] = {"jpeg", "png", "gif", "webp", ""};
    return (unsigned)format <= P2E_IMG_UNKNOWN ? names[format] : "";
}

/* 1: data starts with sig; 2: data is a (2+ byte) prefix of sig; else 0. */
static int sig_match(const unsigned char *d, size_t len, const char *sig, size_t slen)
{
    size_t n = len < slen ? len : slen;
    if (memcmp(d, sig, n) != 0)
        return 0;
    if (len >= slen)
        return 1;
    return n >= 2 ? 2 : 0;
}

static int webp_match(const unsigned char *d, size_t len)
{
    int riff = sig_match(d, len, "RIFF", 4);
    if (riff != 1)
        return riff;
    if (len >= 12)
        return memcmp(d + 8, "WEBP", 4) == 0;
    return len <= 8 || memcmp(d + 8, "WEBP", len - 8) == 0 ? 2 : 0;
}

/* Format by signature; *partial when the data stops inside the signature. */
static p2e_image_format detect(const unsigned char *d, size_t len, int *partial)
{
    static const struct {
        p2e_image_format fmt;
        const char *sig;
        size_t len;
    } sigs[] = {
        {P2E_IMG_JPEG, "\xFF\xD8\xFF", 3},
        {P2E_IMG_PNG, "\x89PNG\r\n\x1A\n", 8},
        {P2E_IMG_GIF, "GIF87a", 6},
        {P2E_IMG_GIF, "GIF89a", 6},
    };
    *partial = 0;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        int m = sig_match(d, len, sigs[i].sig, sigs[i].len);
        if (m) {
            *partial = m == 2;
            return sigs[i].fmt;
        }
    }
    int m = webp_match(d, len);
    *partial = m == 2;
    return m ? P2E_IMG_WEBP : P2E_IMG_UNKNOWN;
}

static const char *iso_brand(const unsigned char *b)
{
    static const char *const heic[] = {"heic", "heix", "hevc", "hevx", "heim", "heis",
                                       "hevm", "hevs", "mif1", "msf1"};
    for (size_t i = 0; i < sizeof heic / sizeof heic[0]; i++)
        if (memcmp(b, heic[i], 4) == 0)
            return "heic";
    if (memcmp(b, "avif", 4) == 0 || memcmp(b, "avis", 4) == 0)
        return "avif";
    return "iso-media";
}

static int looks_like_text(const unsigned char *d, size_t len)
{
    size_t n = len < 512 ? len : 512;
    for (size_t i = 0; i < n; i++)
        if (d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f')
            return 0;
    return 1;
}

/* What an unsupported file is, for images.csv and the report (the user
 * needs to know what to convert). */
static const char *other_kind(const unsigned char *d, size_t len)
{
    if (len >= 2 && d[0] == 'B' && d[1] == 'M')
        return "bmp";
    if (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
        return "tiff";
    if (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0)
        return iso_brand(d + 8);
    if (len >= 4 && memcmp(d, "8BPS", 4) == 0)
        return "psd";
    if (len >= 4 && memcmp(d, "%PDF", 4) == 0)
        return "pdf";
    if (len >= 4 && memcmp(d, "\0\0\1\0", 4) == 0)
        return "ico";
    return looks_like_text(d, len) ? "text" : "unknown";
}

/* ---- structure walk: one state machine per format, fed in chunks --------
 * It finds the JPEG frame size wherever the SOF is (not only in the first
 * 64 KiB) and tells a complete file from a truncated one: JPEG up to EOI
 * (segments skipped by length, so an EXIF thumbnail's EOI does not count),
 * PNG chunk by chunk to IEND, GIF block by block to the trailer, WebP by
 * its RIFF length. Bytes after the end are not looked at. */

enum { VS_COLLECT, VS_SCAN, VS_SCAN_FF };
enum { J_SOI, J_FF, J_CODE, J_LEN, J_SOF };
enum { P_SIG, P_CHUNK };
enum { G_HEAD, G_BLOCK, G_LABEL, G_DESC, G_LZW, G_SUB };

typedef struct {
    p2e_image_format fmt;
    int step;              /* what the bytes being collected are */
    int mode;              /* VS_COLLECT, or scanning JPEG entropy-coded data */
    unsigned char hdr[16];
    size_t need, fill;
    uint64_t skip;         /* bytes to pass over before the next step */
    uint64_t rest;         /* JPEG: rest of the SOF segment after its size */
    uint64_t min_total;    /* WebP: file length the RIFF header promises */
    uint32_t width, height;
    int marker;            /* JPEG: marker of the segment being read */
    int sof, sos;
    int stop_at_size;      /* sniffing a head: stop once the size is known */
    int done;
    const char *bad;       /* why the data is corrupt, or NULL */
} vstream;

static void expect(vstream *s, int step, size_t need)
{
    s->step = step;
    s->need = need;
    s->fill = 0;
    s->mode = VS_COLLECT;
}

static void vs_init(vstream *s, p2e_image_format fmt)
{
    memset(s, 0, sizeof *s);
    s->fmt = fmt;
    if (fmt == P2E_IMG_JPEG)
        expect(s, J_SOI, 2);
    else if (fmt == P2E_IMG_PNG)
        expect(s, P_SIG, 8);
    else if (fmt == P2E_IMG_GIF)
        expect(s, G_HEAD, 13);
    else
        expect(s, 0, 12);
}

static int is_sof(int m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

static void jpeg_marker(vstream *s, int m)
{
    if (m == 0xFF) { /* fill byte before a marker */
        expect(s, J_CODE, 1);
        return;
    }
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* markers with no length */
        expect(s, J_FF, 1);
        return;
    }
    if (m == 0xD9 && s->sos) {
        s->done = 1;
        return;
    }
    if (m == 0x00 || m == 0xD8 || m == 0xD9) {
        s->bad = "ends before its image data";
        return;
    }
    s->marker = m;
    expect(s, J_LEN, 2);
}

static void jpeg_segment(vstream *s, uint32_t len)
{
    if (len < 2) {
        s->bad = "bad segment length";
        return;
    }
    if (is_sof(s->marker) && !s->sof) {
        if (len < 7) {
            s->bad = "frame header too short";
            return;
        }
        s->rest = len - 7;
        expect(s, J_SOF, 5);
        return;
    }
    if (s->marker == 0xDA && !s->sof) {
        s->bad = "image data before the frame header";
        return;
    }
    s->skip = len - 2;
    expect(s, J_FF, 1);
    if (s->marker == 0xDA) {
        s->sos = 1;
        s->mode = VS_SCAN;
    }
}

static void jpeg_size(vstream *s)
{
    s->height = be16(s->hdr + 1);
    s->width = be16(s->hdr + 3);
    if (!s->width || !s->height) { /* height 0 = DNL: no size in the header */
        s->bad = "no image size in the frame header";
        return;
    }
    s->sof = 1;
    s->done = s->stop_at_size;
    s->skip = s->rest;
    expect(s, J_FF, 1);
}

static void jpeg_on(vstream *s)
{
    const unsigned char *h = s->hdr;
    switch (s->step) {
    case J_SOI:
        if (h[0] != 0xFF || h[1] != 0xD8)
            s->bad = "not a JPEG";
        else
            expect(s, J_FF, 1);
        break;
    case J_FF:
        /* stray bytes before a marker: skipped, as decoders do */
        if (h[0] == 0xFF)
            expect(s, J_CODE, 1);
        else
            expect(s, J_FF, 1);
        break;
    case J_CODE:
        jpeg_marker(s, h[0]);
        break;
    case J_LEN:
        jpeg_segment(s, be16(h));
        break;
    default:
        jpeg_size(s);
        break;
    }
}

/* Entropy-coded data: pass over it to the next marker. */
static size_t jpeg_scan(vstream *s, const unsigned char *p, size_t n)
{
    if (s->mode == VS_SCAN_FF) {
        int m = p[0];
        if (m == 0x00 || (m >= 0xD0 && m <= 0xD7))
            s->mode = VS_SCAN; /* stuffed byte or restart marker */
        else if (m != 0xFF)
            jpeg_marker(s, m);
        return 1;
    }
    const unsigned char *ff = memchr(p, 0xFF, n);
    if (!ff)
        return n;
    s->mode = VS_SCAN_FF;
    return (size_t)(ff - p) + 1;
}

static void png_on(vstream *s)
{
    if (s->step == P_SIG) {
        expect(s, P_CHUNK, 8);
        return;
    }
    uint32_t len = be32(s->hdr);
    if (len > 0x7FFFFFFFu) {
        s->bad = "bad chunk length";
        return;
    }
    if (memcmp(s->hdr + 4, "IEND", 4) == 0) {
        s->done = 1;
        return;
    }
    s->skip = (uint64_t)len + 4; /* data and CRC */
    expect(s, P_CHUNK, 8);
}

static void gif_block(vstream *s, int b)
{
    if (b == 0x21)
        expect(s, G_LABEL, 1);
    else if (b == 0x2C)
        expect(s, G_DESC, 9);
    else if (b == 0x3B)
        s->done = 1;
    else
        s->bad = "unknown block";
}

static void gif_on(vstream *s)
{
    const unsigned char *h = s->hdr;
    switch (s->step) {
    case G_HEAD:
        if (h[10] & 0x80)
            s->skip = 3u << ((h[10] & 7) + 1); /* global colour table */
        expect(s, G_BLOCK, 1);
        break;
    case G_BLOCK:
        gif_block(s, h[0]);
        break;
    case G_DESC:
        if (h[8] & 0x80)
            s->skip = 3u << ((h[8] & 7) + 1); /* local colour table */
        expect(s, G_LZW, 1);
        break;
    case G_LABEL:
    case G_LZW:
        expect(s, G_SUB, 1);
        break;
    default:
        if (h[0] == 0) {
            expect(s, G_BLOCK, 1);
        } else {
            s->skip = h[0];
            expect(s, G_SUB, 1);
        }
        break;
    }
}

static void vs_on(vstream *s)
{
    if (s->fmt == P2E_IMG_JPEG) {
        jpeg_on(s);
    } else if (s->fmt == P2E_IMG_PNG) {
        png_on(s);
    } else if (s->fmt == P2E_IMG_GIF) {
        gif_on(s);
    } else {
        s->min_total = 8 + (uint64_t)le32(s->hdr + 4);
        s->done = 1;
    }
}

static size_t vs_collect(vstream *s, const unsigned char *p, size_t n)
{
    size_t k = s->need - s->fill;
    if (k > n)
        k = n;
    memcpy(s->hdr + s->fill, p, k);
    s->fill += k;
    if (s->fill == s->need)
        vs_on(s);
    return k;
}

static void vs_feed(vstream *s, const unsigned char *p, size_t n)
{
    while (n && !s->done && !s->bad) {
        size_t k;
        if (s->skip) {
            k = s->skip < n ? (size_t)s->skip : n;
            s->skip -= k;
        } else if (s->mode != VS_COLLECT) {
            k = jpeg_scan(s, p, n);
        } else {
            k = vs_collect(s, p, n);
        }
        p += k;
        n -= k;
    }
}

/* NULL when the whole file was a complete image, else why not. */
static const char *vs_finish(const vstream *s, uint64_t total)
{
    if (s->bad)
        return s->bad;
    if (!s->done)
        return "truncated: the file ends inside the image";
    if (total < s->min_total)
        return "truncated: shorter than its RIFF header says";
    return NULL;
}

/* ---- header sizes ------------------------------------------------------- */

static p2e_sniff_result png_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    if (len < 33 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
        return P2E_SNIFF_CORRUPT;
    if ((uint32_t)crc32(0L, d + 12, 17) != be32(d + 29))
        return P2E_SNIFF_CORRUPT;
    *w = be32(d + 16);
    *h = be32(d + 20);
    return *w && *h && *w <= 0x7FFFFFFFu && *h <= 0x7FFFFFFFu ? P2E_SNIFF_OK : P2E_SNIFF_CORRUPT;
}

static p2e_sniff_result gif_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    if (len < 13)
        return P2E_SNIFF_CORRUPT;
    *w = le16(d + 6);
    *h = le16(d + 8);
    return *w && *h ? P2E_SNIFF_OK : P2E_SNIFF_CORRUPT;
}

static p2e_sniff_result webp_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    if (len >= 30 && memcmp(d + 12, "VP8 ", 4) == 0) {
        if ((d[20] & 1) || d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
            return P2E_SNIFF_CORRUPT; /* not a key frame */
        *w = le16(d + 26) & 0x3FFF;
        *h = le16(d + 28) & 0x3FFF;
    } else if (len >= 25 && memcmp(d + 12, "VP8L", 4) == 0) {
        uint32_t bits = le32(d + 21);
        if (d[20] != 0x2F || bits >> 29)
            return P2E_SNIFF_CORRUPT;
        *w = (bits & 0x3FFF) + 1;
        *h = ((bits >> 14) & 0x3FFF) + 1;
    } else if (len >= 30 && memcmp(d + 12, "VP8X", 4) == 0) {
        *w = le24(d + 24) + 1;
        *h = le24(d + 27) + 1;
    } else {
        return P2E_SNIFF_CORRUPT;
    }
    return *w && *h ? P2E_SNIFF_OK : P2E_SNIFF_CORRUPT;
}

static p2e_sniff_result jpeg_size_of(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    vstream s;
    vs_init(&s, P2E_IMG_JPEG);
    s.stop_at_size = 1;
    vs_feed(&s, d, len);
    if (s.bad || !s.sof)
        return P2E_SNIFF_CORRUPT;
    *w = s.width;
    *h = s.height;
    return P2E_SNIFF_OK;
}

p2e_sniff_result p2e_image_sniff(const unsigned char *data, size_t len, p2e_image_format *format,
                                 uint32_t *width, uint32_t *height)
{
    uint32_t w = 0, h = 0;
    int partial = 0;
    p2e_image_format f = len ? detect(data, len, &partial) : P2E_IMG_UNKNOWN;
    p2e_sniff_result r = P2E_SNIFF_CORRUPT;
    if (f == P2E_IMG_UNKNOWN)
        r = len ? P2E_SNIFF_UNSUPPORTED : P2E_SNIFF_CORRUPT;
    else if (partial)
        r = P2E_SNIFF_CORRUPT;
    else if (f == P2E_IMG_JPEG)
        r = jpeg_size_of(data, len, &w, &h);
    else if (f == P2E_IMG_PNG)
        r = png_size(data, len, &w, &h);
    else if (f == P2E_IMG_GIF)
        r = gif_size(data, len, &w, &h);
    else
        r = webp_size(data, len, &w, &h);
    *format = f;
    *width = r == P2E_SNIFF_OK ? w : 0;
    *height = r == P2E_SNIFF_OK ? h : 0;
    return r;
}

/* ---- file names --------------------------------------------------------- */

/* The extension after the last '.', or "" (a leading dot is not one). */
static const char *file_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot + 1 : "";
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int ext_fits(p2e_image_format f, const char *ext)
{
    static const char *const jpeg[] = {"jpg", "jpeg", "jpe", "jfif"};
    if (f == P2E_IMG_JPEG)
        return in_list(ext, jpeg, sizeof jpeg / sizeof jpeg[0]);
    return strcasecmp(ext, p2e_image_ext(f)) == 0;
}

/* Extensions of picture files: only these are cut off to make the key, so
 * a SKU with a dot ("KK-GNK-0.8") still works without an extension. */
static int picture_ext(const char *ext)
{
    static const char *const exts[] = {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp",
                                       "heic", "heif", "avif", "tif", "tiff", "bmp", "psd"};
    return in_list(ext, exts, sizeof exts / sizeof exts[0]);
}

/* OS litter and hidden entries, skipped without a word. */
static int is_litter(const char *name)
{
    static const char *const litter[] = {"Thumbs.db", "ehthumbs.db", "desktop.ini", "__MACOSX",
                                         "Icon\r", "$RECYCLE.BIN", "System Volume Information"};
    return name[0] == '.' || in_list(name, litter, sizeof litter / sizeof litter[0]);
}

/* "KEY_2", "KEY-2", "KEY (2)", "KEY(2)": *base = length of KEY, *pos = 2. */
static int split_position(const char *s, size_t len, size_t *base, int *pos)
{
    int paren = len > 0 && s[len - 1] == ')';
    size_t end = len - (size_t)paren, i = end;
    while (i > 0 && is_digit(s[i - 1]))
        i--;
    if (i == end || end - i > 6)
        return 0;
    if (paren) {
        if (i < 1 || s[i - 1] != '(')
            return 0;
        *base = i - 1 - (i >= 2 && s[i - 2] == ' ');
    } else {
        if (i < 1 || (s[i - 1] != '_' && s[i - 1] != '-'))
            return 0;
        *base = i - 1;
    }
    int n = 0;
    for (size_t k = i; k < end; k++)
        n = n * 10 + (s[k] - '0');
    *pos = n;
    return *base > 0;
}

/* Names compared as people sort them: case-insensitive, digit runs by value. */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (is_digit(*a) && is_digit(*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = 0, nb = 0;
            while (is_digit(a[na]))
                na++;
            while (is_digit(b[nb]))
                nb++;
            if (na != nb)
                return na < nb ? -1 : 1;
            int c = memcmp(a, b, na);
            if (c)
                return c;
            a += na;
            b += nb;
            continue;
        }
        int ca = lower((unsigned char)*a++), cb = lower((unsigned char)*b++);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (*a != '\0') - (*b != '\0');
}

/* ---- scan: walking -------------------------------------------------------- */

typedef struct {
    p2e_images *im;
    const char *root;      /* real path of the folder being walked */
    p2e_pool seen_pool;
    p2e_map seen;          /* folders walked, by "dev:ino": no loop runs twice */
    p2e_err *err;
} walker;

/* *fresh = 1 the first time a folder is seen. */
static p2e_status mark_seen(walker *w, const struct stat *sb, int *fresh)
{
    char key[64];
    int n = snprintf(key, sizeof key, "%llx:%llx", (unsigned long long)sb->st_dev,
                     (unsigned long long)sb->st_ino);
    uint32_t v;
    p2e_str s;
    *fresh = 0;
    if (n < 0 || (size_t)n >= sizeof key)
        return P2E_OK;
    if (p2e_map_get(&w->seen, &w->seen_pool, key, (size_t)n, &v))
        return P2E_OK;
    p2e_status st = p2e_pool_add(&w->seen_pool, key, (size_t)n, &s);
    if (!st)
        st = p2e_map_put(&w->seen, &w->seen_pool, s, 1);
    *fresh = !st;
    return st ? nomem(w->err) : P2E_OK;
}

static p2e_status add_file(p2e_images *im, const char *path, const char *folder, p2e_err *err)
{
    if (im->nfiles == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 64;
        if (cap >= P2E_NONE)
            return p2e_fail(err, P2E_ERR_LIMIT, "too many image files");
        img_file *files = realloc(im->files, cap * sizeof *files);
        if (!files)
            return nomem(err);
        im->files = files;
        im->cap = cap;
    }
    img_file *f = &im->files[im->nfiles];
    memset(f, 0, sizeof *f);
    f->info.source = astr(im, path);
    f->folder = astr(im, folder);
    if (!f->info.source || !f->folder)
        return nomem(err);
    const char *slash = strrchr(f->info.source, '/');
    f->name = slash ? slash + 1 : f->info.source;
    im->nfiles++;
    return P2E_OK;
}

/* A symbolic link is followed only to a target inside the folder given;
 * *follow = 0 (skip) for one that dangles, loops or leads out. */
static void link_target(walker *w, const char *path, struct stat *sb, int *follow)
{
    char *real = realpath(path, NULL);
    *follow = real && p2e_fs_is_inside(real, w->root) && stat(path, sb) == 0;
    free(real);
}

static p2e_status walk_dir(walker *w, const char *path, const char *folder, int depth);

static p2e_status walk_entry(walker *w, const char *dir, const char *folder, const char *name,
                             int depth)
{
    char *path = p2e_fs_join(dir, name);
    if (!path)
        return nomem(w->err);
    struct stat sb;
    int follow = 1, fresh = 0;
    p2e_status st = P2E_OK;
    if (lstat(path, &sb) != 0) {
        if (errno != ENOENT) /* gone since readdir: nothing to do */
            st = p2e_fail(w->err, P2E_ERR_READ, "%s: %s", path, strerror(errno));
        follow = 0;
    } else if (S_ISLNK(sb.st_mode)) {
        link_target(w, path, &sb, &follow);
    }
    if (!st && follow && S_ISDIR(sb.st_mode)) {
        st = mark_seen(w, &sb, &fresh);
        if (!st && fresh)
            st = walk_dir(w, path, name, depth + 1);
    } else if (!st && follow && S_ISREG(sb.st_mode)) {
        st = add_file(w->im, path, folder, w->err);
    }
    free(path);
    return st;
}

/* folder: the name files here are keyed by ("" for the root itself). */
static p2e_status walk_dir(walker *w, const char *path, const char *folder, int depth)
{
    if (depth > MAX_DEPTH)
        return p2e_fail(w->err, P2E_ERR_LIMIT, "%s: folders nested more than %d deep", path,
                        MAX_DEPTH);
    DIR *d = opendir(path);
    if (!d)
        return p2e_fail(w->err, P2E_ERR_OPEN, "%s: cannot open folder: %s", path, strerror(errno));
    p2e_status st = P2E_OK;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno)
                st = p2e_fail(w->err, P2E_ERR_READ, "%s: cannot list folder: %s", path,
                              strerror(errno));
            break;
        }
        if (!is_litter(e->d_name)) /* also "." and ".." */
            st = walk_entry(w, path, folder, e->d_name, depth);
        if (st)
            break;
    }
    if (closedir(d) != 0 && !st)
        st = p2e_fail(w->err, P2E_ERR_READ, "%s: %s", path, strerror(errno));
    return st;
}

static p2e_status add_root(p2e_images *im, const char *real, p2e_err *err)
{
    const char **roots = realloc(im->roots, (im->nroots + 1) * sizeof *roots);
    if (!roots)
        return nomem(err);
    im->roots = roots;
    roots[im->nroots] = astr(im, real);
    if (!roots[im->nroots])
        return nomem(err);
    im->nroots++;
    return P2E_OK;
}

static p2e_status walk_root(p2e_images *im, const char *given, p2e_err *err)
{
    struct stat sb;
    if (stat(given, &sb) != 0)
        return p2e_fail(err, P2E_ERR_OPEN, "--images %s: %s", given, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return p2e_fail(err, P2E_ERR_OPEN, "--images %s: not a folder", given);
    char *real = realpath(given, NULL);
    if (!real)
        return p2e_fail(err, P2E_ERR_OPEN, "--images %s: %s", given, strerror(errno));
    walker w = {.im = im, .root = real, .err = err};
    int fresh;
    p2e_status st = add_root(im, real, err);
    if (!st)
        st = p2e_pool_init(&w.seen_pool) ? nomem(err) : P2E_OK;
    if (!st)
        st = mark_seen(&w, &sb, &fresh);
    if (!st)
        st = walk_dir(&w, given, "", 0);
    p2e_map_free(&w.seen);
    p2e_pool_free(&w.seen_pool);
    free(real);
    return st;
}

static int cmp_source(const void *a, const void *b)
{
    return strcmp(((const img_file *)a)->info.source, ((const img_file *)b)->info.source);
}

/* Sort by path; a path found twice (a folder given twice, or inside
 * another given folder) is kept once. */
static void sort_files(p2e_images *im)
{
    if (im->nfiles > 1)
        qsort(im->files, im->nfiles, sizeof *im->files, cmp_source);
    size_t out = 0;
    for (size_t i = 0; i < im->nfiles; i++)
        if (!out || strcmp(im->files[out - 1].info.source, im->files[i].info.source) != 0)
            im->files[out++] = im->files[i];
    im->nfiles = out;
}

/* ---- scan: checking --------------------------------------------------------- */

typedef struct {
    unsigned char *head, *chunk, *other;
    p2e_pool dup_pool;
    p2e_map by_crc;        /* "bytes:crc" -> first file with them */
} checker;

static p2e_status add_code(p2e_images *im, img_file *f, p2e_code code)
{
    const char *old = f->info.codes, *name = p2e_code_name(code);
    size_t ol = strlen(old), nl = strlen(name);
    char *s = p2e_arena_alloc(&im->arena, ol + nl + 2);
    if (!s)
        return P2E_ERR_NOMEM;
    memcpy(s, old, ol);
    if (ol)
        s[ol++] = ' ';
    memcpy(s + ol, name, nl + 1);
    f->info.codes = s;
    return P2E_OK;
}

static p2e_status note(p2e_images *im, img_file *f, p2e_report *rep, p2e_code code,
                       const char *value, const char *detail)
{
    p2e_status st = add_code(im, f, code);
    if (!st && rep)
        st = p2e_report_add_path(rep, code, f->info.source, NULL, NULL, "", value, detail);
    return st;
}

static int open_read(const char *path)
{
    /* O_NONBLOCK: a FIFO swapped in after the walk must not hang the run */
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

static p2e_status corrupt(p2e_images *im, img_file *f, p2e_report *rep, const char *why)
{
    f->info.sniff = P2E_SNIFF_CORRUPT;
    return note(im, f, rep, P2E_CODE_IMAGE_CORRUPT, f->kind, why);
}

static p2e_status corrupt_errno(p2e_images *im, img_file *f, p2e_report *rep, const char *what,
                                int e)
{
    char why[256];
    snprintf(why, sizeof why, "%s: %s", what, strerror(e));
    return corrupt(im, f, rep, why);
}

/* Read the rest of the file through the structure walk and crc32. */
static p2e_status stream_check(p2e_images *im, img_file *f, int fd, checker *c, size_t head_len,
                               p2e_report *rep)
{
    vstream s;
    vs_init(&s, f->info.format);
    uLong crc = crc32(crc32(0L, Z_NULL, 0), c->head, (uInt)head_len);
    uint64_t total = head_len;
    vs_feed(&s, c->head, head_len);
    int more = head_len == HEAD_BYTES; /* a short read was the end of the file */
    while (more) {
        size_t got;
        int e = p2e_fs_read_full(fd, c->chunk, CHUNK_BYTES, &got);
        if (e)
            return corrupt_errno(im, f, rep, "cannot read", e);
        crc = crc32(crc, c->chunk, (uInt)got);
        vs_feed(&s, c->chunk, got);
        total += got;
        more = got == CHUNK_BYTES;
    }
    f->info.bytes = total;
    const char *why = vs_finish(&s, total);
    if (why)
        return corrupt(im, f, rep, why);
    f->info.crc32 = (uint32_t)crc;
    if (f->info.format == P2E_IMG_JPEG) {
        f->info.width = s.width;
        f->info.height = s.height;
    }
    f->info.sniff = P2E_SNIFF_OK;
    return P2E_OK;
}

static p2e_status check_usable(p2e_images *im, img_file *f, p2e_report *rep)
{
    char buf[128];
    const char *ext = file_ext(f->name);
    p2e_status st = P2E_OK;
    if (!ext_fits(f->info.format, ext)) {
        snprintf(buf, sizeof buf, "content is %s: staged as .%s", format_name(f->info.format),
                 p2e_image_ext(f->info.format));
        st = note(im, f, rep, P2E_CODE_IMAGE_EXTENSION, ext, buf);
    }
    uint32_t side = f->info.width < f->info.height ? f->info.width : f->info.height;
    if (!st && side < SMALL_SIDE) {
        snprintf(buf, sizeof buf, "%" PRIu32 "x%" PRIu32, f->info.width, f->info.height);
        st = note(im, f, rep, P2E_CODE_IMAGE_SMALL, buf, NULL);
    }
    return st;
}

/* Format, size, crc of an open file; findings for what is wrong. */
static p2e_status classify(p2e_images *im, img_file *f, int fd, checker *c, p2e_report *rep)
{
    size_t n;
    int e = p2e_fs_read_full(fd, c->head, HEAD_BYTES, &n);
    if (e)
        return corrupt_errno(im, f, rep, "cannot read", e);
    if (n == 0)
        return corrupt(im, f, rep, "empty file");
    uint32_t w, h;
    p2e_sniff_result r = p2e_image_sniff(c->head, n, &f->info.format, &w, &h);
    f->kind = format_name(f->info.format);
    if (r == P2E_SNIFF_UNSUPPORTED) {
        f->kind = other_kind(c->head, n);
        f->info.sniff = r;
        return note(im, f, rep, P2E_CODE_IMAGE_UNSUPPORTED, f->kind, NULL);
    }
    if (r == P2E_SNIFF_CORRUPT && (f->info.format != P2E_IMG_JPEG || n < 3))
        return corrupt(im, f, rep, "header unreadable or cut short");
    f->info.width = w; /* JPEG: from the full walk, the SOF may be further on */
    f->info.height = h;
    p2e_status st = stream_check(im, f, fd, c, n, rep);
    if (!st && f->info.sniff == P2E_SNIFF_OK)
        st = check_usable(im, f, rep);
    return st;
}

static int same_bytes(const char *a, const char *b, checker *c)
{
    int fa = open_read(a), fb = open_read(b), same = fa >= 0 && fb >= 0;
    while (same) {
        size_t na, nb;
        if (p2e_fs_read_full(fa, c->chunk, CHUNK_BYTES, &na) || p2e_fs_read_full(fb, c->other, CHUNK_BYTES, &nb))
            same = 0;
        else if (na != nb || memcmp(c->chunk, c->other, na) != 0)
            same = 0;
        else if (na < CHUNK_BYTES)
            break;
    }
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

/* Same size and crc32, then confirmed byte for byte: a copy of an earlier file. */
static p2e_status find_copy(p2e_images *im, uint32_t i, checker *c, p2e_report *rep)
{
    img_file *f = &im->files[i];
    char key[48];
    int n = snprintf(key, sizeof key, "%llu:%08lx", (unsigned long long)f->info.bytes,
                     (unsigned long)f->info.crc32);
    uint32_t j, last = P2E_NONE;
    if (!p2e_map_get(&c->by_crc, &c->dup_pool, key, (size_t)n, &j)) {
        p2e_str s;
        if (p2e_pool_add(&c->dup_pool, key, (size_t)n, &s) || p2e_map_put(&c->by_crc, &c->dup_pool, s, i))
            return P2E_ERR_NOMEM;
        return P2E_OK;
    }
    for (; j != P2E_NONE; last = j, j = im->files[j].same_next) {
        if (same_bytes(im->files[j].info.source, f->info.source, c)) {
            f->dup_of = j;
            return note(im, f, rep, P2E_CODE_IMAGE_DUPLICATE, im->files[j].info.source, NULL);
        }
    }
    im->files[last].same_next = i; /* a crc32 collision: a new copy group */
    return P2E_OK;
}

static p2e_status check_file(p2e_images *im, uint32_t i, checker *c, p2e_report *rep)
{
    img_file *f = &im->files[i];
    f->info.format = P2E_IMG_UNKNOWN;
    f->info.family = f->info.variant = f->dup_of = f->same_next = P2E_NONE;
    f->info.position = -1;
    f->info.staged = f->info.url = f->info.codes = f->kind = "";
    int fd = open_read(f->info.source);
    if (fd < 0)
        return corrupt_errno(im, f, rep, "cannot open", errno);
    struct stat sb;
    p2e_status st;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st = corrupt(im, f, rep, "not a regular file");
    } else {
        f->info.bytes = (uint64_t)sb.st_size;
        st = classify(im, f, fd, c, rep);
    }
    close(fd); /* read-only: nothing to flush */
    if (!st && f->info.sniff == P2E_SNIFF_OK)
        st = find_copy(im, i, c, rep);
    return st;
}

static p2e_status check_all(p2e_images *im, p2e_report *rep, p2e_err *err)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.head = malloc(HEAD_BYTES);
    c.chunk = malloc(CHUNK_BYTES);
    c.other = malloc(CHUNK_BYTES);
    p2e_status st = c.head && c.chunk && c.other ? p2e_pool_init(&c.dup_pool) : P2E_ERR_NOMEM;
    for (size_t i = 0; !st && i < im->nfiles; i++)
        st = check_file(im, (uint32_t)i, &c, rep);
    free(c.head);
    free(c.chunk);
    free(c.other);
    p2e_map_free(&c.by_crc);
    p2e_pool_free(&c.dup_pool);
    return st == P2E_ERR_NOMEM ? nomem(err) : st;
}

p2e_status p2e_images_scan(p2e_images **out, const char *const *dirs, size_t ndirs,
                           p2e_report *rep, p2e_err *err)
{
    *out = NULL;
    p2e_images *im = calloc(1, sizeof *im);
    if (!im)
        return nomem(err);
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < ndirs; i++) {
        size_t len = strlen(dirs[i]);
        while (len > 1 && dirs[i][len - 1] == '/') /* "dir/" and "dir" name the same files */
            len--;
        const char *given = p2e_arena_strn(&im->arena, dirs[i], len);
        st = given ? walk_root(im, given, err) : nomem(err);
    }
    if (!st) {
        sort_files(im);
        st = check_all(im, rep, err);
    }
    if (st) {
        p2e_images_free(im);
        return st;
    }
    *out = im;
    return P2E_OK;
}

/* ---- match -------------------------------------------------------------- */

typedef struct {
    const p2e_catalog *cat;
    p2e_keyset skus, keys; /* written variants' SKUs, families' keys */
    p2e_status st;         /* an allocation failed while matching */
    char unwritten[320];   /* orphan detail: a key that names something not written */
    char ambiguous[400];   /* IMAGE_AMBIGUOUS detail: the candidates */
} matcher;

enum { NO_MATCH, MATCHED, AMBIGUOUS };

static const char *cstr(const p2e_catalog *cat, p2e_str s)
{
    return p2e_catalog_str(cat, s);
}

static p2e_status index_catalog(matcher *m)
{
    const p2e_catalog *cat = m->cat;
    p2e_status st = p2e_keyset_init(&m->skus);
    if (!st)
        st = p2e_keyset_init(&m->keys);
    for (size_t i = 0; !st && i < cat->nvariants; i++) {
        const p2e_variant *v = &cat->variants[i];
        const char *sku = cstr(cat, v->sku);
        if (v->family != P2E_NONE)
            st = p2e_keyset_add(&m->skus, sku, strlen(sku), (uint32_t)i, v->written);
    }
    for (size_t f = 0; !st && f < cat->nfamilies; f++) {
        const char *key = cstr(cat, cat->families[f].key);
        st = p2e_keyset_add(&m->keys, key, strlen(key), (uint32_t)f, cat->families[f].written);
    }
    return st;
}

static const char *key_name(const matcher *m, int sku, uint32_t id)
{
    return sku ? cstr(m->cat, m->cat->variants[id].sku) : cstr(m->cat, m->cat->families[id].key);
}

static int take(matcher *m, int sku, uint32_t id, img_file *f)
{
    if (sku) {
        f->info.variant = id;
        f->info.family = m->cat->variants[id].family;
    } else {
        f->info.family = id;
    }
    return MATCHED;
}

/* Names that match only ignoring case, several of them: never a pick. */
static int ambiguous(matcher *m, int sku, const p2e_key_ids *k)
{
    const char *what = sku ? "SKU" : "product";
    int n = snprintf(m->ambiguous, sizeof m->ambiguous, "matches %s %s and %s %s", what,
                     key_name(m, sku, k->written[0]), what, key_name(m, sku, k->written[1]));
    if (k->nwritten > 2 && n > 0 && (size_t)n < sizeof m->ambiguous)
        snprintf(m->ambiguous + n, sizeof m->ambiguous - (size_t)n, " and %u more",
                 (unsigned)(k->nwritten - 2));
    return AMBIGUOUS;
}

/* Exact bytes first (SKU, then product key), then the case fold (SKU, then
 * product key): an exact match wins, also over a fold when the exact name
 * is not written (cup-1.jpg of an excluded cup-1 is not CUP-1's); two
 * written names that fold alike make the photo AMBIGUOUS. */
static int try_key(matcher *m, const char *key, size_t len, img_file *f)
{
    int exact_unwritten = 0;
    for (int folded = 0; folded < 2 && !exact_unwritten; folded++) {
        for (int sku = 1; sku >= 0; sku--) {
            p2e_status st;
            const p2e_key_ids *k = p2e_keyset_find(sku ? &m->skus : &m->keys, key, len, folded, &st);
            if (st)
                m->st = st;
            if (st || !k)
                continue;
            if (k->nwritten == 1 || (k->nwritten && !folded))
                return take(m, sku, k->written[0], f);
            if (k->nwritten > 1)
                return ambiguous(m, sku, k);
            exact_unwritten |= !folded;
            if (!m->unwritten[0])
                snprintf(m->unwritten, sizeof m->unwritten, "%s %s is not written",
                         sku ? "SKU" : "product", key_name(m, sku, k->unwritten));
        }
    }
    return NO_MATCH;
}

/* Whole name (when its extension is not a picture's), the name without its
 * extension, the same without a position suffix, then the folder's name;
 * the first that matches, or is ambiguous, decides. */
static int match_file(matcher *m, img_file *f)
{
    const char *name = f->name, *ext = file_ext(name);
    size_t stem = ext[0] ? (size_t)(ext - 1 - name) : strlen(name), base;
    int pos, r = NO_MATCH;
    m->unwritten[0] = '\0';
    f->info.position = 0;
    if (ext[0] && !picture_ext(ext))
        r = try_key(m, name, strlen(name), f);
    if (r == NO_MATCH)
        r = try_key(m, name, stem, f);
    if (r == NO_MATCH && split_position(name, stem, &base, &pos)) {
        r = try_key(m, name, base, f);
        f->info.position = r == MATCHED ? pos : 0;
    }
    if (r == NO_MATCH && f->folder[0]) {
        r = try_key(m, f->folder, strlen(f->folder), f);
        f->by_folder = r == MATCHED;
    }
    if (r != MATCHED)
        f->info.position = -1;
    return r;
}

typedef struct {
    uint64_t owner;        /* 0 for the handle, 1 + variant index for a SKU */
    uint32_t family, file;
    int position;
    uint8_t by_folder;
    const char *name;
} gal_item;

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

static int gal_cmp(const void *pa, const void *pb)
{
    const gal_item *a = pa, *b = pb;
    int c = cmp_u64(a->family, b->family);
    if (!c)
        c = cmp_u64(a->owner, b->owner);
    if (!c)
        c = cmp_u64(a->by_folder, b->by_folder);
    if (!c && !a->by_folder)
        c = cmp_u64((uint64_t)a->position, (uint64_t)b->position);
    if (!c && a->by_folder)
        c = natural_cmp(a->name, b->name);
    return c ? c : cmp_u64(a->file, b->file);
}

static void free_gallery(p2e_images *im)
{
    free(im->gallery);
    free(im->fam_start);
    free(im->fam_count);
    free(im->fam_left);
    free(im->var_image);
    im->gallery = im->fam_start = im->fam_count = im->fam_left = im->var_image = NULL;
    im->ngallery = im->nfamilies = im->nvariants = 0;
}

static p2e_status alloc_gallery(p2e_images *im, const p2e_catalog *cat, size_t nitems)
{
    im->nfamilies = cat->nfamilies;
    im->nvariants = cat->nvariants;
    im->gallery = malloc((nitems ? nitems : 1) * sizeof *im->gallery);
    im->fam_start = calloc(cat->nfamilies + 1, sizeof *im->fam_start);
    im->fam_count = calloc(cat->nfamilies + 1, sizeof *im->fam_count);
    im->fam_left = calloc(cat->nfamilies + 1, sizeof *im->fam_left);
    im->var_image = malloc((cat->nvariants + 1) * sizeof *im->var_image);
    if (!im->gallery || !im->fam_start || !im->fam_count || !im->fam_left || !im->var_image)
        return P2E_ERR_NOMEM;
    for (size_t v = 0; v < cat->nvariants; v++)
        im->var_image[v] = P2E_NONE;
    return P2E_OK;
}

/* Of identical files, the copy staged is the first one that matched (in
 * gallery order), not merely the first found: an unmatched copy must not
 * be the one whose name the import uses. Points every matched copy's
 * dup_of at that file. */
static p2e_status choose_copies(p2e_images *im, const gal_item *items, size_t n)
{
    uint32_t *chosen = malloc((im->nfiles ? im->nfiles : 1) * sizeof *chosen);
    if (!chosen)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < im->nfiles; i++)
        chosen[i] = P2E_NONE;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            img_file *f = &im->files[items[i].file];
            if (f->info.sniff != P2E_SNIFF_OK)
                continue;
            uint32_t root = f->dup_of != P2E_NONE && pass == 0 ? f->dup_of : items[i].file;
            if (pass == 0) {
                f->root = root;
                if (chosen[root] == P2E_NONE)
                    chosen[root] = items[i].file;
            } else {
                uint32_t c = chosen[f->root];
                f->dup_of = c == items[i].file ? P2E_NONE : c;
            }
        }
    }
    free(chosen);
    return P2E_OK;
}

/* Positions of folder images (their rank among the key's folder images)
 * and the galleries, from the items in gallery order. */
static p2e_status build_galleries(p2e_images *im, gal_item *items, size_t n)
{
    if (choose_copies(im, items, n))
        return P2E_ERR_NOMEM;
    uint32_t *last_family = malloc((im->nfiles ? im->nfiles : 1) * sizeof *last_family);
    if (!last_family)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < im->nfiles; i++)
        last_family[i] = P2E_NONE;
    int rank = 0;
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < n; i++) {
        const gal_item *it = &items[i];
        img_file *f = &im->files[it->file];
        if (i == 0 || it->family != items[i - 1].family || it->owner != items[i - 1].owner)
            rank = 0;
        if (it->by_folder)
            f->info.position = rank++;
        if (f->info.sniff != P2E_SNIFF_OK)
            continue;
        uint32_t canon = f->dup_of != P2E_NONE ? f->dup_of : it->file;
        if (last_family[canon] != it->family && im->fam_count[it->family] == GALLERY_MAX) {
            im->fam_left[it->family]++; /* in gallery order: the last ones wait */
            if (add_code(im, f, P2E_CODE_IMAGE_GALLERY_FULL))
                st = P2E_ERR_NOMEM;
            if (st)
                break;
            continue;
        }
        f->used = 1;
        if (it->owner && im->var_image[it->owner - 1] == P2E_NONE)
            im->var_image[it->owner - 1] = canon;
        if (last_family[canon] == it->family)
            continue; /* the same bytes already in this gallery */
        last_family[canon] = it->family;
        if (!im->fam_count[it->family])
            im->fam_start[it->family] = (uint32_t)im->ngallery;
        im->fam_count[it->family]++;
        im->gallery[im->ngallery++] = canon;
    }
    free(last_family);
    return st;
}

/* The file's name without its extension, for a finding's value. */
static void stem_of(const img_file *f, char *key, size_t cap)
{
    const char *ext = file_ext(f->name);
    size_t stem = ext[0] ? (size_t)(ext - 1 - f->name) : strlen(f->name);
    snprintf(key, cap, "%.*s", (int)(stem < cap - 1 ? stem : cap - 1), f->name);
}

static p2e_status report_orphans(p2e_images *im, matcher *m, p2e_report *rep)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < im->nfiles; i++) {
        img_file *f = &im->files[i];
        if (f->info.sniff != P2E_SNIFF_OK || f->info.family != P2E_NONE || f->ambiguous)
            continue;
        m->unwritten[0] = '\0';
        match_file(m, f); /* again, only for the detail: it cannot match now */
        char key[256];
        stem_of(f, key, sizeof key);
        f->info.position = -1;
        st = note(im, f, rep, P2E_CODE_IMAGE_ORPHAN, key, m->unwritten[0] ? m->unwritten : NULL);
    }
    return st;
}

/* One IMAGE_GALLERY_FULL per product, on its first row: how many photos
 * were left out (images.csv marks each of them). */
static p2e_status report_full(const p2e_images *im, const p2e_catalog *cat, p2e_report *rep)
{
    p2e_status st = P2E_OK;
    for (size_t f = 0; !st && rep && f < cat->nfamilies; f++) {
        const p2e_family *fam = &cat->families[f];
        if (!im->fam_left[f] || fam->first == P2E_NONE)
            continue;
        const p2e_variant *v = &cat->variants[fam->first];
        char left[24], detail[160];
        snprintf(left, sizeof left, "%u", (unsigned)im->fam_left[f]);
        snprintf(detail, sizeof detail, "%u of %u photos used, the rest are marked "
                 "IMAGE_GALLERY_FULL in images.csv", (unsigned)GALLERY_MAX,
                 (unsigned)(GALLERY_MAX + im->fam_left[f]));
        st = p2e_report_add(rep, P2E_CODE_IMAGE_GALLERY_FULL, v->file, v->line, fam->first,
                            P2E_KEEP_ALWAYS, cstr(cat, fam->handle), cstr(cat, fam->product_sku),
                            "", left, detail);
    }
    return st;
}

static p2e_status report_missing(const p2e_images *im, const p2e_catalog *cat, p2e_report *rep)
{
    p2e_status st = P2E_OK;
    for (size_t f = 0; !st && rep && f < cat->nfamilies; f++) {
        const p2e_family *fam = &cat->families[f];
        if (!fam->written || im->fam_count[f] || fam->first == P2E_NONE)
            continue;
        const p2e_variant *v = &cat->variants[fam->first];
        st = p2e_report_add(rep, P2E_CODE_IMAGE_MISSING, v->file, v->line, fam->first,
                            P2E_KEEP_ALWAYS, cstr(cat, fam->handle), cstr(cat, fam->product_sku),
                            "", "", NULL);
    }
    return st;
}

static p2e_status collect_matches(p2e_images *im, matcher *m, p2e_report *rep, gal_item **items,
                                  size_t *n)
{
    *n = 0;
    *items = malloc((im->nfiles ? im->nfiles : 1) * sizeof **items);
    if (!*items)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < im->nfiles; i++) {
        img_file *f = &im->files[i];
        f->info.family = f->info.variant = P2E_NONE;
        f->info.position = -1;
        f->by_folder = f->used = f->ambiguous = 0;
        int r = f->info.sniff == P2E_SNIFF_UNSUPPORTED ? NO_MATCH : match_file(m, f);
        if (r == AMBIGUOUS && f->info.sniff == P2E_SNIFF_OK) {
            char key[256];
            stem_of(f, key, sizeof key);
            f->ambiguous = 1;
            if (note(im, f, rep, P2E_CODE_IMAGE_AMBIGUOUS, key, m->ambiguous))
                return P2E_ERR_NOMEM;
        }
        if (r != MATCHED)
            continue;
        gal_item *it = &(*items)[(*n)++];
        it->family = f->info.family;
        it->owner = f->info.variant == P2E_NONE ? 0 : (uint64_t)f->info.variant + 1;
        it->file = (uint32_t)i;
        it->position = f->info.position;
        it->by_folder = f->by_folder;
        it->name = f->name;
    }
    return P2E_OK;
}

p2e_status p2e_images_match(p2e_images *im, const p2e_catalog *cat, p2e_report *rep,
                            p2e_err *err)
{
    matcher m;
    gal_item *items = NULL;
    size_t n = 0;
    memset(&m, 0, sizeof m);
    m.cat = cat;
    free_gallery(im);
    p2e_status st = index_catalog(&m);
    if (!st)
        st = collect_matches(im, &m, rep, &items, &n);
    if (!st && n > 1)
        qsort(items, n, sizeof *items, gal_cmp);
    if (!st)
        st = alloc_gallery(im, cat, n);
    if (!st)
        st = build_galleries(im, items, n);
    if (!st)
        st = report_orphans(im, &m, rep);
    if (!st)
        st = report_missing(im, cat, rep);
    if (!st)
        st = report_full(im, cat, rep);
    free(items);
    if (!st)
        st = m.st;
    p2e_keyset_free(&m.skus);
    p2e_keyset_free(&m.keys);
    return st ? nomem(err) : P2E_OK;
}

/* ---- stage ---------------------------------------------------------------- */

/* Lowercase ASCII letters and digits; every other run becomes one '-';
 * no '-' at either end. "" when nothing is left. */
static void slugify(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    int dash = 0;
    for (; *s && n + 1 < cap; s++) {
        int c = lower((unsigned char)*s);
        if ((c >= 'a' && c <= 'z') || is_digit(c)) {
            if (dash && n && n + 2 < cap)
                out[n++] = '-';
            dash = 0;
            out[n++] = (char)c;
        } else {
            dash = 1;
        }
    }
    out[n] = '\0';
}

static const char *family_slug_src(const p2e_catalog *cat, const p2e_family *fam)
{
    const char *h = cstr(cat, fam->handle);
    return h[0] ? h : cstr(cat, fam->key);
}

typedef struct {
    p2e_pool pool;
    p2e_map taken;         /* slug -> family that owns it */
    p2e_str *natural;      /* per family */
} slugger;

static p2e_status natural_slugs(slugger *sg, const p2e_catalog *cat)
{
    char buf[SLUG_MAX + 1];
    uint32_t owner;
    p2e_status st = P2E_OK;
    for (size_t f = 0; !st && f < cat->nfamilies; f++) {
        if (!cat->families[f].written)
            continue;
        slugify(family_slug_src(cat, &cat->families[f]), buf, sizeof buf);
        if (!buf[0]) /* a handle with no ASCII letter or digit */
            memcpy(buf, "product", sizeof "product");
        st = p2e_pool_intern(&sg->pool, buf, strlen(buf), &sg->natural[f]);
        if (!st && !p2e_map_get(&sg->taken, &sg->pool, buf, strlen(buf), &owner))
            st = p2e_map_put(&sg->taken, &sg->pool, sg->natural[f], (uint32_t)f);
    }
    return st;
}

/* The first family with a slug keeps it; later ones get -2, -3... skipping
 * every slug another family has naturally or was given. */
static p2e_status final_slug(p2e_images *im, slugger *sg, uint32_t f, const char **out)
{
    const char *nat = p2e_pool_get(&sg->pool, sg->natural[f]);
    uint32_t owner;
    char buf[SLUG_MAX + 16];
    p2e_str s;
    p2e_map_get(&sg->taken, &sg->pool, nat, strlen(nat), &owner);
    if (owner == f) {
        *out = astr(im, nat);
        return *out ? P2E_OK : P2E_ERR_NOMEM;
    }
    for (unsigned k = 2;; k++) {
        nat = p2e_pool_get(&sg->pool, sg->natural[f]);
        int n = snprintf(buf, sizeof buf, "%s-%u", nat, k);
        if (n < 0 || (size_t)n >= sizeof buf)
            return P2E_ERR_NOMEM;
        if (p2e_map_get(&sg->taken, &sg->pool, buf, (size_t)n, &owner))
            continue;
        p2e_status st = p2e_pool_add(&sg->pool, buf, (size_t)n, &s);
        if (!st)
            st = p2e_map_put(&sg->taken, &sg->pool, s, f);
        *out = st ? NULL : astr(im, buf);
        return st ? st : *out ? P2E_OK : P2E_ERR_NOMEM;
    }
}

/* Slugs of every written family, whether it has images or not, so that a
 * family's names do not change when another family gains a photo. */
static p2e_status family_slugs(p2e_images *im, const p2e_catalog *cat, const char ***out)
{
    slugger sg;
    memset(&sg, 0, sizeof sg);
    const char **slugs = calloc(cat->nfamilies + 1, sizeof *slugs);
    sg.natural = calloc(cat->nfamilies + 1, sizeof *sg.natural);
    p2e_status st = slugs && sg.natural ? p2e_pool_init(&sg.pool) : P2E_ERR_NOMEM;
    if (!st)
        st = natural_slugs(&sg, cat);
    for (size_t f = 0; !st && f < cat->nfamilies; f++)
        if (cat->families[f].written)
            st = final_slug(im, &sg, (uint32_t)f, &slugs[f]);
    free(sg.natural);
    p2e_map_free(&sg.taken);
    p2e_pool_free(&sg.pool);
    if (st) {
        free(slugs);
        slugs = NULL;
    }
    *out = slugs;
    return st;
}

/* The staging folder must not be one of the photo folders (or inside one):
 * source folders are never written to. Checked before anything is made. */
static p2e_status check_outside_roots(const p2e_images *im, const char *images_dir, p2e_err *err)
{
    char *real = p2e_fs_resolve(images_dir);
    if (!real)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: %s", images_dir, strerror(errno));
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < im->nroots; i++)
        if (p2e_fs_is_inside(real, im->roots[i]))
            st = p2e_fail(err, P2E_ERR_USAGE,
                          "%s is inside the image folder %s; choose an output folder outside it",
                          images_dir, im->roots[i]);
    free(real);
    return st;
}

/* Copy in, checking the bytes are still the ones that were checked. */
static p2e_status copy_bytes(const img_file *f, int in, int out, unsigned char *buf,
                             const char *tmp, p2e_err *err)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t total = 0;
    size_t got = CHUNK_BYTES;
    while (got == CHUNK_BYTES) {
        int e = p2e_fs_read_full(in, buf, CHUNK_BYTES, &got);
        if (e)
            return p2e_fail(err, P2E_ERR_READ, "%s: %s", f->info.source, strerror(e));
        e = p2e_fs_write_full(out, buf, got);
        if (e)
            return p2e_fail(err, P2E_ERR_WRITE, "%s: %s", tmp, strerror(e));
        crc = crc32(crc, buf, (uInt)got);
        total += got;
    }
    if (total != f->info.bytes || (uint32_t)crc != f->info.crc32)
        return p2e_fail(err, P2E_ERR_READ, "%s changed while pos2ecom was running; run it again",
                        f->info.source);
    return P2E_OK;
}

/* Into a temporary name beside the target, renamed into place when whole. */
static p2e_status copy_image(const img_file *f, const char *dir, const char *name,
                             unsigned char *buf, p2e_err *err)
{
    char tmpname[SLUG_MAX + 64];
    snprintf(tmpname, sizeof tmpname, ".%s.tmp", name);
    char *dst = p2e_fs_join(dir, name), *tmp = p2e_fs_join(dir, tmpname);
    int in = -1, out = -1;
    p2e_status st = dst && tmp ? P2E_OK : nomem(err);
    if (!st && (in = open_read(f->info.source)) < 0)
        st = p2e_fail(err, P2E_ERR_OPEN, "%s: %s", f->info.source, strerror(errno));
    /* exclusive, never through a link: the folder is the run's own */
    if (!st && (out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) < 0)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", tmp, strerror(errno));
    if (!st)
        st = copy_bytes(f, in, out, buf, tmp, err);
    if (out >= 0 && close(out) != 0 && !st)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: %s", tmp, strerror(errno));
    if (!st && rename(tmp, dst) != 0)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: %s", dst, strerror(errno));
    if (st && out >= 0)
        unlink(tmp);
    if (in >= 0)
        close(in);
    free(dst);
    free(tmp);
    return st;
}

static int url_safe(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* BASE '/' percent-encoded name. base has no trailing '/'. */
static const char *make_url(p2e_images *im, const char *base, size_t blen, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t nl = strlen(name);
    char *u = p2e_arena_alloc(&im->arena, blen + 1 + 3 * nl + 1);
    if (!u)
        return NULL;
    memcpy(u, base, blen);
    size_t n = blen;
    u[n++] = '/';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (url_safe(*p)) {
            u[n++] = (char)*p;
        } else {
            u[n++] = '%';
            u[n++] = hex[*p >> 4];
            u[n++] = hex[*p & 15];
        }
    }
    u[n] = '\0';
    return u;
}

typedef struct {
    const char *dir;       /* DIR/images */
    const char *base;      /* base URL without trailing '/', or NULL */
    size_t base_len;
    int dry_run;
    unsigned char *buf;
    size_t nstaged;        /* files given a name */
} stager;

static p2e_status stage_family(p2e_images *im, stager *sg, uint32_t f, const char *slug,
                               p2e_err *err)
{
    unsigned n = 0;
    for (uint32_t k = 0; k < im->fam_count[f]; k++) {
        img_file *file = &im->files[im->gallery[im->fam_start[f] + k]];
        if (file->info.staged[0])
            continue; /* staged for an earlier family: same bytes, same URL */
        char name[SLUG_MAX + 32];
        snprintf(name, sizeof name, "%s-%u.%s", slug, ++n, p2e_image_ext(file->info.format));
        file->info.staged = astr(im, name);
        sg->nstaged++;
        if (sg->base && file->info.staged)
            file->info.url = make_url(im, sg->base, sg->base_len, name);
        if (!file->info.staged || !file->info.url)
            return nomem(err);
        if (!sg->dry_run) {
            p2e_status st = copy_image(file, sg->dir, name, sg->buf, err);
            if (st)
                return st;
        }
    }
    return P2E_OK;
}

/* Copies of a staged file show its name and URL. */
static void share_names(p2e_images *im)
{
    for (size_t i = 0; i < im->nfiles; i++) {
        img_file *f = &im->files[i];
        if (f->used && f->dup_of != P2E_NONE) {
            f->info.staged = im->files[f->dup_of].info.staged;
            f->info.url = im->files[f->dup_of].info.url;
        }
    }
}

static p2e_status stage_all(p2e_images *im, const p2e_catalog *cat, stager *sg, p2e_err *err)
{
    const char **slugs = NULL;
    p2e_status st = family_slugs(im, cat, &slugs);
    if (st)
        return nomem(err);
    if (!sg->dry_run) {
        st = check_outside_roots(im, sg->dir, err);
        if (!st)
            st = p2e_fs_mkdir_p(sg->dir, err);
        sg->buf = st ? NULL : malloc(CHUNK_BYTES);
        if (!st && !sg->buf)
            st = nomem(err);
    }
    for (size_t f = 0; !st && f < im->nfamilies; f++)
        if (im->fam_count[f] && slugs[f])
            st = stage_family(im, sg, (uint32_t)f, slugs[f], err);
    share_names(im);
    free(sg->buf);
    free(slugs);
    return st;
}

static int is_http_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

p2e_status p2e_images_stage(p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                            const char *base_url, int dry_run, p2e_outset *set, p2e_report *rep,
                            p2e_err *err)
{
    stager sg = {.base = base_url && base_url[0] ? base_url : NULL, .dry_run = dry_run};
    if (sg.base && !is_http_url(sg.base))
        return p2e_fail(err, P2E_ERR_USAGE,
                        "--image-base-url must start with http:// or https://, not '%s'", sg.base);
    sg.base_len = sg.base ? strlen(sg.base) : 0;
    while (sg.base_len > 0 && sg.base[sg.base_len - 1] == '/') /* exactly one '/' before names */
        sg.base_len--;
    for (size_t i = 0; i < im->nfiles; i++)
        im->files[i].info.staged = im->files[i].info.url = "";
    if (!im->ngallery || cat->nfamilies != im->nfamilies)
        return P2E_OK;
    /* out_dir is the run's staging folder (p2e_outdir.h) or, without a
     * set, the folder itself: images/ is made there, exclusively */
    char *dir = p2e_fs_join(out_dir, "images");
    if (!dir)
        return nomem(err);
    sg.dir = dir;
    p2e_status st = stage_all(im, cat, &sg, err);
    if (!st && set && !dry_run && sg.nstaged && p2e_outset_add(set, "images"))
        st = nomem(err);
    if (!st && !sg.base && rep) {
        char detail[512];
        snprintf(detail, sizeof detail, "%zu files in images/ of the output folder", sg.nstaged);
        /* named relative to the output folder: the file a merchant uploads */
        if (p2e_report_add_path(rep, P2E_CODE_IMAGE_NO_BASE_URL, "images/", NULL, NULL, "", "", detail))
            st = nomem(err);
    }
    free(dir);
    return st;
}

/* ---- accessors ----------------------------------------------------------- */

static const char *url_or_null(const p2e_images *im, uint32_t file)
{
    const char *u = im->files[file].info.url;
    return u && u[0] ? u : NULL;
}

size_t p2e_images_family_count(const p2e_images *im, uint32_t family)
{
    return im && family < im->nfamilies ? im->fam_count[family] : 0;
}

const char *p2e_images_family_url(const p2e_images *im, uint32_t family, size_t n)
{
    if (!im || family >= im->nfamilies || n >= im->fam_count[family])
        return NULL;
    return url_or_null(im, im->gallery[im->fam_start[family] + n]);
}

const char *p2e_images_variant_url(const p2e_images *im, uint32_t variant)
{
    if (!im || variant >= im->nvariants || im->var_image[variant] == P2E_NONE)
        return NULL;
    return url_or_null(im, im->var_image[variant]);
}

size_t p2e_images_count(const p2e_images *im)
{
    return im ? im->nfiles : 0;
}

const p2e_image_info *p2e_images_get(const p2e_images *im, size_t i)
{
    return im && i < im->nfiles ? &im->files[i].info : NULL;
}

/* ---- images.csv ----------------------------------------------------------- */

static void csv_uint(p2e_csvw *w, uint64_t v, int empty_if_zero)
{
    char buf[32];
    if (empty_if_zero && !v)
        buf[0] = '\0';
    else
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    p2e_csvw_cstr(w, buf);
}

static void csv_row(p2e_csvw *w, const img_file *f, const p2e_catalog *cat)
{
    const p2e_image_info *in = &f->info;
    char buf[32];
    int ok = in->sniff == P2E_SNIFF_OK;
    p2e_csvw_cstr(w, in->source);
    p2e_csvw_cstr(w, f->kind);
    csv_uint(w, in->width, 1);
    csv_uint(w, in->height, 1);
    csv_uint(w, in->bytes, 0);
    snprintf(buf, sizeof buf, "%08lx", (unsigned long)in->crc32);
    p2e_csvw_cstr(w, ok ? buf : "");
    int fam = in->family != P2E_NONE && in->family < cat->nfamilies;
    p2e_csvw_cstr(w, fam ? family_slug_src(cat, &cat->families[in->family]) : "");
    int var = in->variant != P2E_NONE && in->variant < cat->nvariants;
    p2e_csvw_cstr(w, var ? cstr(cat, cat->variants[in->variant].sku) : "");
    snprintf(buf, sizeof buf, "%d", in->position);
    p2e_csvw_cstr(w, in->position >= 0 ? buf : "");
    p2e_csvw_cstr(w, in->staged);
    p2e_csvw_cstr(w, in->url);
    p2e_csvw_cstr(w, in->codes);
    p2e_csvw_end_row(w);
}

p2e_status p2e_images_write_csv(const p2e_images *im, const p2e_catalog *cat, const char *out_dir,
                                p2e_outset *set, p2e_err *err)
{
    static const char *const head[] = {"source", "kind",   "width",    "height",
                                       "bytes",  "crc32",  "handle",   "sku",
                                       "position", "staged_name", "url", "codes"};
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, out_dir, "images.csv", err);
    if (st)
        return st;
    w.guard_formulas = 1; /* file names are user text opened in a spreadsheet */
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        p2e_csvw_cstr(&w, head[i]);
    p2e_csvw_end_row(&w);
    for (size_t i = 0; im && i < im->nfiles; i++)
        csv_row(&w, &im->files[i], cat);
    return set ? p2e_csvw_finish(&w, set, err) : p2e_csvw_commit(&w, err);
}

void p2e_images_free(p2e_images *im)
{
    if (!im)
        return;
    free_gallery(im);
    free(im->files);
    free(im->roots);
    p2e_arena_free(&im->arena);
    free(im);
}
