/*
 * image_sniff.c - formats by content (see p2e_image_sniff.h): signatures,
 * header sizes, what an unsupported file is, and the structure walk.
 * No I/O and no allocation: everything works on the bytes handed in.
 */
#include "p2e_image_sniff.h"

#include <string.h>
#include <zlib.h>

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

const char *p2e_image_format_name(p2e_image_format format)
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
const char *p2e_image_other_kind(const unsigned char *d, size_t len)
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

static void expect(p2e_image_walk *s, int step, size_t need)
{
    s->step = step;
    s->need = need;
    s->fill = 0;
    s->mode = VS_COLLECT;
}

void p2e_image_walk_init(p2e_image_walk *s, p2e_image_format fmt)
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

static void jpeg_marker(p2e_image_walk *s, int m)
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

static void jpeg_segment(p2e_image_walk *s, uint32_t len)
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

static void jpeg_size(p2e_image_walk *s)
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

static void jpeg_on(p2e_image_walk *s)
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
static size_t jpeg_scan(p2e_image_walk *s, const unsigned char *p, size_t n)
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

static void png_on(p2e_image_walk *s)
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

static void gif_block(p2e_image_walk *s, int b)
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

static void gif_on(p2e_image_walk *s)
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

static void vs_on(p2e_image_walk *s)
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

static size_t vs_collect(p2e_image_walk *s, const unsigned char *p, size_t n)
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

void p2e_image_walk_feed(p2e_image_walk *s, const unsigned char *p, size_t n)
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
const char *p2e_image_walk_finish(const p2e_image_walk *s, uint64_t total)
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
    p2e_image_walk s;
    p2e_image_walk_init(&s, P2E_IMG_JPEG);
    s.stop_at_size = 1;
    p2e_image_walk_feed(&s, d, len);
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

