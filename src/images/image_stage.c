/*
 * image_stage.c - staging the matched photos (see p2e_image_stage.h):
 * name the used files `<slug>-<n>.<ext>` (the staged format's extension),
 * have image_convert.c copy, clean or convert them into DIR/images/, make
 * their URLs, and write DIR/images.csv, one row per file found.
 */
#include "p2e_image_stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include "p2e_casefold.h"
#include "p2e_fs.h"
#include "p2e_image_convert.h"
#include "p2e_image_set.h"

#define SLUG_MAX 80              /* staged names stay well under NAME_MAX */

static p2e_status nomem(p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
}

static const char *cstr(const p2e_catalog *cat, p2e_str s)
{
    return p2e_catalog_str(cat, s);
}

/* ---- stage ---------------------------------------------------------------- */

/* Lowercase ASCII letters and digits; every other run becomes one '-';
 * no '-' at either end. "" when nothing is left. */
static void slugify(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    int dash = 0;
    for (; *s && n + 1 < cap; s++) {
        int c = p2e_ascii_lower((unsigned char)*s);
        if ((c >= 'a' && c <= 'z') || p2e_ascii_digit(c)) {
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
        *out = p2e_images_str(im, nat);
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
        *out = st ? NULL : p2e_images_str(im, buf);
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

static int url_safe(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || p2e_ascii_digit(c) || c == '-' ||
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
    int thumbs;            /* each staged photo gets DIR/images/thumbs/<name>.jpg */
    uint32_t *todo;        /* files given a name, in staging order */
    size_t nstaged;
} stager;

static p2e_status stage_family(p2e_images *im, stager *sg, uint32_t f, const char *slug,
                               p2e_err *err)
{
    unsigned n = 0;
    for (uint32_t k = 0; k < im->fam_count[f]; k++) {
        p2e_image_file *file = &im->files[im->gallery[im->fam_start[f] + k]];
        if (file->info.staged[0])
            continue; /* staged for an earlier family: same bytes, same URL */
        char name[SLUG_MAX + 32];
        snprintf(name, sizeof name, "%s-%u.%s", slug, ++n, p2e_image_ext(file->out_format));
        file->info.staged = p2e_images_str(im, name);
        sg->todo[sg->nstaged++] = im->gallery[im->fam_start[f] + k];
        if (sg->base && file->info.staged)
            file->info.url = make_url(im, sg->base, sg->base_len, name);
        if (sg->thumbs) { /* the same name, always .jpg: names stay unique */
            snprintf(name, sizeof name, "thumbs/%s-%u.jpg", slug, n);
            file->thumb = p2e_images_str(im, name);
        }
        if (!file->info.staged || !file->info.url || !file->thumb)
            return nomem(err);
    }
    return P2E_OK;
}

/* Copies of a staged file show its name and URL. */
static void share_names(p2e_images *im)
{
    for (size_t i = 0; i < im->nfiles; i++) {
        p2e_image_file *f = &im->files[i];
        if (f->used && f->dup_of != P2E_NONE) {
            f->info.staged = im->files[f->dup_of].info.staged;
            f->info.url = im->files[f->dup_of].info.url;
            f->thumb = im->files[f->dup_of].thumb;
        }
    }
}

static p2e_status stage_all(p2e_images *im, const p2e_catalog *cat, stager *sg, p2e_report *rep,
                            p2e_err *err)
{
    const char **slugs = NULL;
    p2e_status st = family_slugs(im, cat, &slugs);
    if (st)
        return nomem(err);
    if (!sg->dry_run) {
        st = check_outside_roots(im, sg->dir, err);
        if (!st)
            st = p2e_fs_mkdir_p(sg->dir, err);
        if (!st && sg->thumbs) {
            char *thumbs = p2e_fs_join(sg->dir, "thumbs");
            st = thumbs ? p2e_fs_mkdir_p(thumbs, err) : nomem(err);
            free(thumbs);
        }
    }
    sg->todo = st ? NULL : malloc((im->ngallery + 1) * sizeof *sg->todo);
    if (!st && !sg->todo)
        st = nomem(err);
    for (size_t f = 0; !st && f < im->nfamilies; f++)
        if (im->fam_count[f] && slugs[f])
            st = stage_family(im, sg, (uint32_t)f, slugs[f], err);
    /* copied, cleaned or converted, two at a time */
    if (!st)
        st = p2e_images_process(im, sg->dir, sg->todo, sg->nstaged, sg->dry_run, rep, err);
    share_names(im);
    free(sg->todo);
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
    stager sg = {.base = base_url && base_url[0] ? base_url : NULL, .dry_run = dry_run,
                 .thumbs = im->decode && im->opts.thumbs && !dry_run};
    if (sg.base && !is_http_url(sg.base))
        return p2e_fail(err, P2E_ERR_USAGE,
                        "--image-base-url must start with http:// or https://, not '%s'", sg.base);
    sg.base_len = sg.base ? strlen(sg.base) : 0;
    while (sg.base_len > 0 && sg.base[sg.base_len - 1] == '/') /* exactly one '/' before names */
        sg.base_len--;
    for (size_t i = 0; i < im->nfiles; i++)
        im->files[i].info.staged = im->files[i].info.url = im->files[i].thumb = "";
    if (!im->ngallery || cat->nfamilies != im->nfamilies)
        return P2E_OK;
    /* out_dir is the run's staging folder (p2e_outdir.h) or, without a
     * set, the folder itself: images/ is made there, exclusively */
    char *dir = p2e_fs_join(out_dir, "images");
    if (!dir)
        return nomem(err);
    sg.dir = dir;
    p2e_status st = stage_all(im, cat, &sg, rep, err);
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

static void csv_row(p2e_csvw *w, const p2e_image_file *f, const p2e_catalog *cat)
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
                                const char *name, p2e_outset *set, p2e_err *err)
{
    static const char *const head[] = {"source", "kind",   "width",    "height",
                                       "bytes",  "crc32",  "handle",   "sku",
                                       "position", "staged_name", "url", "codes"};
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, out_dir, name, err);
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

