/*
 * image_convert.c - decode, plan and stage photos (see p2e_image_convert.h).
 *
 * Both passes hand one file at a time to each of two threads (the calling
 * one and one more; only the calling one under P2E_SERIAL=1), so that at
 * most two photos are decoded at once whatever the folder holds. Threads
 * write only their own file's slot; findings are added afterwards, on the
 * calling thread, in file order: the same photos give the same report and
 * the same bytes on one core or two.
 */
#include "p2e_image_convert.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "p2e_fs.h"
#include "p2e_image_set.h"
#include "p2e_image_vips.h"

/* ---- two threads over n jobs ------------------------------------------------ */

typedef struct {
    size_t n;
    atomic_size_t next;
    atomic_int stop;
    void (*fn)(void *ctx, size_t i);
    void *ctx;
} pool;

static void *pool_main(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n || atomic_load(&p->stop))
            break;
        p->fn(p->ctx, i);
    }
    p2e_vips_thread_done();
    return NULL;
}

static void pool_run(pool *p, int one_core)
{
    pthread_t t;
    int two = !one_core && p->n > 1 && pthread_create(&t, NULL, pool_main, p) == 0;
    pool_main(p);
    if (two)
        pthread_join(t, NULL);
}

/* ---- decode ------------------------------------------------------------------ */

const char *p2e_images_library(void)
{
    return p2e_vips_version();
}

int p2e_images_other_readable(const char *path, const char *kind)
{
    /* photos, by what their bytes say they are, and the loader that
     * claims them: never PDF, text, SVG or anything ImageMagick guesses */
    static const char *const kinds[] = {"bmp", "tiff", "heic", "avif", "iso-media", "ico", "psd"};
    static const char *const loaders[] = {"tiffload", "heifload", "magickload"};
    char loader[32];
    return p2e_image_name_in(kind, kinds, sizeof kinds / sizeof kinds[0]) &&
           p2e_vips_loader(path, loader, sizeof loader) == 0 &&
           p2e_image_name_in(loader, loaders, sizeof loaders / sizeof loaders[0]);
}

typedef struct {
    p2e_images *im;
    const uint32_t *todo;  /* file indexes */
    p2e_vips_probe *probe; /* per file index */
} decoder;

static void decode_one(void *ctx, size_t i)
{
    decoder *d = ctx;
    uint32_t k = d->todo[i];
    p2e_vips_probe_file(d->im->files[k].info.source, &d->probe[k]);
}

static void plan(const p2e_images *im, p2e_image_file *f)
{
    p2e_image_format fmt = f->info.format;
    uint32_t w = f->info.width, h = f->info.height;
    int web = fmt != P2E_IMG_UNKNOWN;
    int pixels = !web || f->colour == P2E_COLOUR_CMYK || f->colour == P2E_COLOUR_OTHER ||
                 f->orient > 1;
    f->resize = (w > h ? w : h) > im->opts.max_px;
    int strip = f->personal && !im->opts.keep_metadata;
    f->action = P2E_STAGE_COPY;
    if (pixels || f->resize || f->info.bytes > P2E_IMAGE_MAX_BYTES)
        f->action = P2E_STAGE_ENCODE;
    else if (strip)
        f->action = fmt == P2E_IMG_JPEG ? P2E_STAGE_CLEAN : P2E_STAGE_ENCODE;
    f->out_format = fmt;
    if (f->action == P2E_STAGE_ENCODE && fmt != P2E_IMG_JPEG && fmt != P2E_IMG_PNG &&
        fmt != P2E_IMG_WEBP)
        f->out_format = fmt == P2E_IMG_GIF || f->alpha ? P2E_IMG_PNG : P2E_IMG_JPEG;
}

static p2e_status judge(p2e_images *im, uint32_t k, const p2e_vips_probe *pr, p2e_report *rep)
{
    p2e_image_file *f = &im->files[k];
    if (pr->too_large) { /* damaged, or no photo a store shows: not decoded */
        char why[128];
        snprintf(why, sizeof why, "it declares %" PRIu32 "x%" PRIu32 " pixels, over %llu million: "
                 "not decoded", pr->width, pr->height, P2E_VIPS_MAX_PIXELS / 1000000);
        f->info.sniff = P2E_SNIFF_CORRUPT;
        return p2e_images_note(im, f, rep, P2E_CODE_IMAGE_CORRUPT, f->kind, why);
    }
    if (!pr->ok) {
        f->info.sniff = P2E_SNIFF_CORRUPT;
        return p2e_images_note(im, f, rep, P2E_CODE_IMAGE_CORRUPT, f->kind,
                               "the image library cannot decode it");
    }
    p2e_status st = P2E_OK;
    if (f->info.format == P2E_IMG_UNKNOWN) {
        f->info.width = pr->width;
        f->info.height = pr->height;
        uint32_t side = pr->width < pr->height ? pr->width : pr->height;
        if (side < P2E_IMAGE_MIN_PX) {
            char buf[64];
            snprintf(buf, sizeof buf, "%" PRIu32 "x%" PRIu32, pr->width, pr->height);
            st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_SMALL, buf, NULL);
        }
    }
    f->orient = (uint8_t)pr->orientation;
    f->personal = (uint8_t)pr->personal;
    f->alpha = (uint8_t)pr->alpha;
    f->colour = (uint8_t)pr->colour;
    plan(im, f);
    return st;
}

p2e_status p2e_images_decode(p2e_images *im, p2e_report *rep, p2e_err *err)
{
    if (!im->nfiles)
        return P2E_OK;
    if (p2e_vips_start())
        return p2e_fail(err, P2E_ERR_LIMIT, "the image library (libvips) could not start");
    uint32_t *todo = malloc(im->nfiles * sizeof *todo);
    p2e_vips_probe *probe = calloc(im->nfiles, sizeof *probe);
    if (!todo || !probe) {
        free(todo);
        free(probe);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < im->nfiles; i++)
        if (im->files[i].info.sniff == P2E_SNIFF_OK && im->files[i].dup_of == P2E_NONE)
            todo[n++] = (uint32_t)i;
    decoder d = {im, todo, probe};
    pool p = {.n = n, .fn = decode_one, .ctx = &d};
    pool_run(&p, im->opts.one_core);
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < im->nfiles; i++) {
        p2e_image_file *f = &im->files[i];
        if (f->info.sniff == P2E_SNIFF_OK) /* a copy shares its first copy's verdict */
            st = judge(im, (uint32_t)i, &probe[f->dup_of != P2E_NONE ? f->dup_of : i], rep);
    }
    free(todo);
    free(probe);
    return st ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory") : P2E_OK;
}

/* ---- staging one file ---------------------------------------------------------- */

/* Read the whole file, checking it is still the one that was checked. */
static p2e_status read_checked(const p2e_image_file *f, unsigned char **out, p2e_err *err)
{
    *out = NULL;
    int fd = p2e_images_open_source(f->info.source);
    if (fd < 0)
        return p2e_fail(err, P2E_ERR_OPEN, "%s: %s", f->info.source, strerror(errno));
    size_t cap = (size_t)f->info.bytes + 1, got = 0;
    unsigned char *buf = malloc(cap);
    int e = buf ? p2e_fs_read_full(fd, buf, cap, &got) : ENOMEM;
    close(fd);
    if (e) {
        free(buf);
        return p2e_fail(err, P2E_ERR_READ, "%s: %s", f->info.source, strerror(e));
    }
    if (got != f->info.bytes ||
        (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf, (uInt)got) != f->info.crc32) {
        free(buf);
        return p2e_fail(err, P2E_ERR_READ,
                        "%s changed while pos2ecom was running; run it again", f->info.source);
    }
    *out = buf;
    return P2E_OK;
}

/* A JPEG without its APP1 (EXIF, XMP), APP13 (IPTC) and COM segments: the
 * rest, the entropy-coded data included, byte for byte. The structure was
 * checked by the scan; -1 if it is not as expected. */
static long jpeg_clean(const unsigned char *in, size_t len, unsigned char *out)
{
    if (len < 4 || in[0] != 0xFF || in[1] != 0xD8)
        return -1;
    size_t pos = 2, n = 2;
    memcpy(out, in, 2);
    while (pos + 4 <= len) {
        if (in[pos] != 0xFF)
            return -1;
        int m = in[pos + 1];
        if (m == 0xFF) { /* fill byte */
            pos++;
            continue;
        }
        if (m == 0xDA) { /* start of scan: the rest as it is */
            memcpy(out + n, in + pos, len - pos);
            return (long)(n + len - pos);
        }
        size_t seg = 2 + ((size_t)in[pos + 2] << 8 | in[pos + 3]);
        if (pos + seg > len)
            return -1;
        if (m != 0xE1 && m != 0xED && m != 0xFE) {
            memcpy(out + n, in + pos, seg);
            n += seg;
        }
        pos += seg;
    }
    return -1;
}

static p2e_status write_new(const char *tmp, const unsigned char *buf, size_t len, p2e_err *err)
{
    /* exclusive, never through a link: the folder is the run's own */
    int out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (out < 0)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", tmp, strerror(errno));
    int e = p2e_fs_write_full(out, buf, len);
    if (close(out) != 0 && !e)
        e = errno;
    return e ? p2e_fail(err, P2E_ERR_WRITE, "%s: %s", tmp, strerror(e)) : P2E_OK;
}

static p2e_status stage_bytes(const p2e_image_file *f, const char *tmp, p2e_err *err)
{
    unsigned char *in = NULL, *out = NULL;
    p2e_status st = read_checked(f, &in, err);
    long n = (long)f->info.bytes;
    if (!st && f->action == P2E_STAGE_CLEAN) {
        out = malloc((size_t)f->info.bytes + 2);
        n = out ? jpeg_clean(in, (size_t)f->info.bytes, out) : -1;
        if (n < 0)
            st = p2e_fail(err, P2E_ERR_READ, "%s: cannot remove its metadata", f->info.source);
    }
    if (!st)
        st = write_new(tmp, out ? out : in, (size_t)n, err);
    free(in);
    free(out);
    return st;
}

typedef struct {
    p2e_images *im;
    const char *dir;
    const uint32_t *files;
    pthread_mutex_t lock;
    size_t failed_at;      /* the first failing job, or n */
    p2e_status failed;     /* its status */
    p2e_err err;           /* and message */
} stager;

/* report.html's thumbnail of the staged photo dst (already upright and
 * shrunk: cheaper to read than the original, and what the page links
 * to), written beside its name and renamed into place. */
static p2e_status make_thumb(const char *dir, const p2e_image_file *f, const char *dst,
                             p2e_err *err)
{
    const char *slash = strrchr(f->thumb, '/'); /* "thumbs/NAME.jpg" */
    const char *base = slash ? slash + 1 : f->thumb;
    char tmpname[512];
    snprintf(tmpname, sizeof tmpname, "thumbs/.%s.tmp", base);
    char *to = p2e_fs_join(dir, f->thumb), *tmp = p2e_fs_join(dir, tmpname);
    p2e_status st = to && tmp ? P2E_OK : p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    uint32_t w, h;
    if (!st && p2e_vips_thumbnail(dst, tmp, P2E_THUMB_PX, &w, &h))
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: the image library could not make its thumbnail",
                      f->info.source);
    if (!st && rename(tmp, to) != 0)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: %s", to, strerror(errno));
    if (st && tmp)
        unlink(tmp);
    free(to);
    free(tmp);
    return st;
}

static void stage_one(void *ctx, size_t i)
{
    stager *s = ctx;
    p2e_image_file *f = &s->im->files[s->files[i]];
    const char *name = f->info.staged;
    char tmpname[512];
    snprintf(tmpname, sizeof tmpname, ".%s.tmp", name);
    char *dst = p2e_fs_join(s->dir, name), *tmp = p2e_fs_join(s->dir, tmpname);
    p2e_err err = {{0}};
    p2e_status st = dst && tmp ? P2E_OK : p2e_fail(&err, P2E_ERR_NOMEM, "out of memory");
    if (!st && f->action == P2E_STAGE_ENCODE) {
        p2e_vips_encode e = {s->im->opts.max_px, s->im->opts.keep_metadata, f->out_format};
        uint32_t w, h;
        if (p2e_vips_convert(f->info.source, tmp, &e, &w, &h))
            st = p2e_fail(&err, P2E_ERR_READ, "%s: the image library could not convert it",
                          f->info.source);
    } else if (!st) {
        st = stage_bytes(f, tmp, &err);
    }
    if (!st && rename(tmp, dst) != 0)
        st = p2e_fail(&err, P2E_ERR_WRITE, "%s: %s", dst, strerror(errno));
    if (st && tmp)
        unlink(tmp);
    if (!st && f->thumb && f->thumb[0])
        st = make_thumb(s->dir, f, dst, &err);
    free(dst);
    free(tmp);
    if (st) {
        pthread_mutex_lock(&s->lock);
        if (i < s->failed_at) {
            s->failed_at = i;
            s->failed = st;
            s->err = err;
        }
        pthread_mutex_unlock(&s->lock);
    }
}

/* ---- findings ------------------------------------------------------------------ */

static const char *colour_name(int c)
{
    return c == P2E_COLOUR_CMYK ? " CMYK" : c == P2E_COLOUR_OTHER ? " 16-bit or other colours" : "";
}

static p2e_status note_changes(p2e_images *im, p2e_image_file *f, p2e_report *rep)
{
    char from[96], to[96];
    p2e_status st = P2E_OK;
    if (f->action != P2E_STAGE_ENCODE)
        return st;
    if (f->out_format != f->info.format || *colour_name(f->colour)) {
        snprintf(from, sizeof from, "%s%s", f->kind, colour_name(f->colour));
        snprintf(to, sizeof to, "to %s, sRGB, 8-bit%s", p2e_image_format_name(f->out_format),
                 f->out_format == P2E_IMG_PNG && f->alpha ? " (transparency kept)" : "");
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_CONVERTED, from, to);
    }
    if (!st && f->orient > 1) {
        snprintf(from, sizeof from, "%d", f->orient);
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_ROTATED, from, "EXIF orientation applied");
    }
    if (!st && f->resize) {
        snprintf(from, sizeof from, "%" PRIu32 "x%" PRIu32, f->info.width, f->info.height);
        snprintf(to, sizeof to, "long side to %" PRIu32 " px", im->opts.max_px);
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_RESIZED, from, to);
    }
    return st;
}

p2e_status p2e_images_process(p2e_images *im, const char *dir, const uint32_t *files, size_t n,
                              int dry_run, p2e_report *rep, p2e_err *err)
{
    if (!dry_run && n) {
        stager s = {.im = im, .dir = dir, .files = files, .failed_at = n};
        pthread_mutex_init(&s.lock, NULL);
        pool p = {.n = n, .fn = stage_one, .ctx = &s};
        pool_run(&p, im->opts.one_core);
        pthread_mutex_destroy(&s.lock);
        if (s.failed_at < n) {
            *err = s.err;
            return s.failed;
        }
    }
    size_t cleaned = 0;
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < n; i++) {
        p2e_image_file *f = &im->files[files[i]];
        st = note_changes(im, f, rep);
        cleaned += f->personal && !im->opts.keep_metadata;
    }
    if (!st && cleaned && rep) {
        char count[32];
        snprintf(count, sizeof count, "%zu", cleaned);
        if (p2e_report_add_path(rep, P2E_CODE_IMAGE_METADATA_REMOVED, "images/", NULL, NULL, "",
                                count, "location or personal metadata (GPS, serial numbers, owner) left out"))
            st = P2E_ERR_NOMEM;
    }
    return st ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory") : P2E_OK;
}
