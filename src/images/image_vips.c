/*
 * image_vips.c - libvips behind p2e_image_vips.h: start once, probe (header
 * and a full decode), convert and the report's thumbnails (both through
 * vips_thumbnail: orient and shrink; colourspace; save with fixed
 * settings). Every image made here is unreferenced before return.
 */
#include "p2e_image_vips.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <vips/vips.h>

/* The process's libvips: started once (the one process-wide flag of this
 * layer; see the header). */
static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static int start_failed;
static atomic_int started; /* read by threads that never called p2e_vips_start */

/* libvips's warnings ("error in tile...") are not for the merchant: a file
 * it cannot decode becomes a finding instead */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)domain;
    (void)level;
    (void)msg;
    (void)data;
}

static void start(void)
{
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, quiet,
                      NULL);
    if (VIPS_INIT("pos2ecom")) {
        start_failed = 1;
        return;
    }
    vips_cache_set_max(0);      /* no image is read twice through the cache */
    vips_concurrency_set(1);    /* our own threads share the cores */
    atomic_store(&started, 1);
}

int p2e_vips_start(void)
{
    pthread_once(&start_once, start);
    return start_failed ? -1 : 0;
}

const char *p2e_vips_version(void)
{
    return p2e_vips_start() ? "" : vips_version_string();
}

void p2e_vips_thread_done(void)
{
    if (atomic_load(&started))
        vips_thread_shutdown();
}

/* libvips reads "name[options]" in a file name as options: a photo named
 * "x[page=1].jpg" would be read with them. It is handed the file through
 * /proc/self/fd instead, opened here (non-blocking: a FIFO swapped in
 * must not hang the run), so that no name of the merchant's is parsed and
 * libvips reads the very file that was checked. -1 when it cannot open. */
static int open_fd_path(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd >= 0)
        snprintf(buf, cap, "/proc/self/fd/%d", fd);
    return fd;
}

static int find_loader(const char *fdpath, char *out, size_t cap)
{
    const char *name = vips_foreign_find_load(fdpath);
    vips_error_clear(); /* "not a known format" is an answer, not an error */
    if (!name)
        return -1;
    /* the nickname: VipsForeignLoadTiffFile -> "tiffload" */
    const char *nick = vips_nickname_find(g_type_from_name(name));
    snprintf(out, cap, "%s", nick ? nick : name);
    return 0;
}

int p2e_vips_loader(const char *path, char *out, size_t cap)
{
    char fdpath[64];
    out[0] = '\0';
    if (p2e_vips_start())
        return -1;
    int fd = open_fd_path(path, fdpath, sizeof fdpath);
    if (fd < 0)
        return -1;
    int r = find_loader(fdpath, out, cap);
    close(fd);
    return r;
}

/* Metadata that tells where a photo was taken or whose camera took it:
 * the GPS block, serial numbers, the owner and artist, maker notes (which
 * often hold a serial), and XMP and IPTC (which may hold any of them). */
static void *find_personal(VipsImage *img, const char *field, GValue *value, void *a)
{
    static const char *const names[] = {
        "exif-ifd2-BodySerialNumber", "exif-ifd2-LensSerialNumber", "exif-ifd2-CameraOwnerName",
        "exif-ifd0-Artist",           "exif-ifd2-MakerNote",        "xmp-data",
        "iptc-data",
    };
    (void)img;
    (void)value;
    if (strncmp(field, "exif-ifd3-", 10) == 0) /* the GPS IFD */
        return a;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(field, names[i]) == 0)
            return a;
    return NULL;
}

static p2e_colour colour_of(VipsImage *img)
{
    VipsInterpretation in = vips_image_guess_interpretation(img);
    int u8 = vips_image_get_format(img) == VIPS_FORMAT_UCHAR;
    if (in == VIPS_INTERPRETATION_CMYK)
        return P2E_COLOUR_CMYK;
    if (u8 && (in == VIPS_INTERPRETATION_sRGB || in == VIPS_INTERPRETATION_RGB))
        return P2E_COLOUR_SRGB;
    if (u8 && in == VIPS_INTERPRETATION_B_W)
        return P2E_COLOUR_BW;
    return P2E_COLOUR_OTHER;
}

void p2e_vips_probe_file(const char *path, p2e_vips_probe *p)
{
    char fdpath[64];
    memset(p, 0, sizeof *p);
    p->orientation = 1;
    if (p2e_vips_start())
        return;
    int fd = open_fd_path(path, fdpath, sizeof fdpath);
    if (fd < 0)
        return;
    if (find_loader(fdpath, p->loader, sizeof p->loader)) {
        close(fd);
        return;
    }
    /* a JPEG libjpeg had to patch up (data cut short, then an end marker)
     * only warns: for JPEG a warning fails too. Not for the others: PNG's
     * common "incorrect sRGB profile" warning is harmless. */
    VipsFailOn fail = strcmp(p->loader, "jpegload") == 0 ? VIPS_FAIL_ON_WARNING : VIPS_FAIL_ON_ERROR;
    VipsImage *img = vips_image_new_from_file(fdpath, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                              fail, NULL);
    double avg;
    if (img) { /* the header alone: nothing decoded yet */
        p->width = (uint32_t)vips_image_get_width(img);
        p->height = (uint32_t)vips_image_get_height(img);
        p->too_large = (unsigned long long)p->width * p->height > P2E_VIPS_MAX_PIXELS;
    }
    if (img && !p->too_large && vips_avg(img, &avg, NULL) == 0) { /* every pixel decoded */
        int o = 1;
        p->ok = 1;
        if (vips_image_get_typeof(img, VIPS_META_ORIENTATION) &&
            vips_image_get_int(img, VIPS_META_ORIENTATION, &o) == 0 && o >= 1 && o <= 8)
            p->orientation = o;
        p->alpha = vips_image_hasalpha(img) ? 1 : 0;
        p->profile = vips_image_get_typeof(img, VIPS_META_ICC_NAME) != 0;
        p->colour = colour_of(img);
        p->personal = vips_image_map(img, find_personal, p) != NULL;
    }
    vips_error_clear();
    if (img)
        g_object_unref(img);
    close(fd);
}

/* 8-bit sRGB, or with keep_grey 8-bit grey for a grey image; *out is a
 * new reference. */
static int to_srgb8(VipsImage *in, VipsImage **out, int keep_grey)
{
    VipsInterpretation want = VIPS_INTERPRETATION_sRGB;
    VipsInterpretation g = vips_image_guess_interpretation(in);
    if (keep_grey && (g == VIPS_INTERPRETATION_B_W || g == VIPS_INTERPRETATION_GREY16))
        want = VIPS_INTERPRETATION_B_W;
    VipsImage *a = NULL, *b = NULL;
    if (vips_colourspace(in, &a, want, NULL))
        return -1;
    if (vips_image_get_format(a) == VIPS_FORMAT_UCHAR) {
        *out = a;
        return 0;
    }
    int r = vips_cast_uchar(a, &b, NULL);
    g_object_unref(a);
    *out = b;
    return r;
}

/* JPEG with fixed settings; an image with transparency (which JPEG has
 * not) flattened on white first. */
static int save_jpeg(VipsImage *img, const char *dst, int quality, gboolean strip)
{
    if (!vips_image_hasalpha(img))
        return vips_jpegsave(img, dst, "Q", quality, "optimize_coding", TRUE, "interlace", FALSE,
                             "strip", strip, NULL);
    VipsImage *flat = NULL;
    VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
    int r = vips_flatten(img, &flat, "background", white, NULL);
    vips_area_unref(VIPS_AREA(white));
    if (!r)
        r = vips_jpegsave(flat, dst, "Q", quality, "optimize_coding", TRUE, "interlace", FALSE,
                          "strip", strip, NULL);
    if (flat)
        g_object_unref(flat);
    return r;
}

static int save(VipsImage *img, const char *dst, const p2e_vips_encode *e)
{
    gboolean strip = e->keep_metadata ? FALSE : TRUE;
    if (e->format == P2E_IMG_PNG)
        return vips_pngsave(img, dst, "compression", 6, "interlace", FALSE, "strip", strip, NULL);
    if (e->format == P2E_IMG_WEBP)
        return vips_webpsave(img, dst, "Q", 90, "lossless", FALSE, "strip", strip, NULL);
    return save_jpeg(img, dst, 90, strip);
}

/* src through vips_thumbnail, then to 8-bit, written by the encoder
 * (e for a staged photo; NULL for a report thumbnail). */
static int shrink_save(const char *src, const char *dst, uint32_t max_px,
                       const p2e_vips_encode *e, uint32_t *width, uint32_t *height)
{
    *width = *height = 0;
    if (p2e_vips_start())
        return -1;
    char fdpath[64];
    int fd = open_fd_path(src, fdpath, sizeof fdpath);
    if (fd < 0)
        return -1;
    VipsImage *thumb = NULL, *rgb = NULL;
    int side = max_px > 0 && max_px < VIPS_MAX_COORD ? (int)max_px : VIPS_MAX_COORD;
    /* thumbnail: orientation applied, a colour profile imported (CMYK with
     * the fallback one) and exported as sRGB, shrunk, never enlarged */
    int r = vips_thumbnail(fdpath, &thumb, side, "height", side, "size", VIPS_SIZE_DOWN, "fail_on",
                           VIPS_FAIL_ON_ERROR, NULL);
    if (!r)
        r = to_srgb8(thumb, &rgb, e != NULL);
    if (!r)
        r = e ? save(rgb, dst, e) : save_jpeg(rgb, dst, 80, TRUE);
    if (!r) {
        *width = (uint32_t)vips_image_get_width(rgb);
        *height = (uint32_t)vips_image_get_height(rgb);
    }
    vips_error_clear();
    if (rgb)
        g_object_unref(rgb);
    if (thumb)
        g_object_unref(thumb);
    close(fd);
    return r ? -1 : 0;
}

int p2e_vips_convert(const char *src, const char *dst, const p2e_vips_encode *e, uint32_t *width,
                     uint32_t *height)
{
    return shrink_save(src, dst, e->max_px, e, width, height);
}

int p2e_vips_thumbnail(const char *src, const char *dst, uint32_t side, uint32_t *width,
                       uint32_t *height)
{
    return shrink_save(src, dst, side ? side : 1, NULL, width, height);
}
