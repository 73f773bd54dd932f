/*
 * image_set.c - the image set (p2e_image_set.h): its arena strings,
 * finding codes on files, the accessors of p2e_images.h, and freeing it.
 */
#include "p2e_image_set.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *p2e_images_str(p2e_images *im, const char *s)
{
    return p2e_arena_strn(&im->arena, s, strlen(s));
}

const char *p2e_image_file_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot + 1 : "";
}

int p2e_image_name_in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, list[i]) == 0)
            return 1;
    return 0;
}

p2e_status p2e_images_add_code(p2e_images *im, p2e_image_file *f, p2e_code code)
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

p2e_status p2e_images_note(p2e_images *im, p2e_image_file *f, p2e_report *rep, p2e_code code,
                           const char *value, const char *detail)
{
    p2e_status st = p2e_images_add_code(im, f, code);
    if (!st && rep)
        st = p2e_report_add_path(rep, code, f->info.source, NULL, NULL, "", value, detail);
    return st;
}

int p2e_images_open_source(const char *path)
{
    /* O_NONBLOCK: a FIFO swapped in after the walk must not hang the run */
    return open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

void p2e_images_free_gallery(p2e_images *im)
{
    free(im->gallery);
    free(im->fam_start);
    free(im->fam_count);
    free(im->fam_left);
    free(im->var_image);
    im->gallery = im->fam_start = im->fam_count = im->fam_left = im->var_image = NULL;
    im->ngallery = im->nfamilies = im->nvariants = 0;
}

/* ---- accessors ----------------------------------------------------------- */

/* What a photo's file offers the rest: its URL, staged name or thumbnail. */
enum { FILE_URL, FILE_STAGED, FILE_THUMB };

static const char *file_str(const p2e_images *im, uint32_t file, int what)
{
    if (file == P2E_NONE)
        return NULL;
    const p2e_image_file *f = &im->files[file];
    const char *s = what == FILE_URL ? f->info.url : what == FILE_STAGED ? f->info.staged : f->thumb;
    return s && s[0] ? s : NULL;
}

/* The family's n-th gallery photo, or the variant's own: P2E_NONE when
 * there is none. */
static uint32_t family_file(const p2e_images *im, uint32_t family, size_t n)
{
    if (!im || family >= im->nfamilies || n >= im->fam_count[family])
        return P2E_NONE;
    return im->gallery[im->fam_start[family] + n];
}

static uint32_t variant_file(const p2e_images *im, uint32_t variant)
{
    return im && variant < im->nvariants ? im->var_image[variant] : P2E_NONE;
}

size_t p2e_images_family_count(const p2e_images *im, uint32_t family)
{
    return im && family < im->nfamilies ? im->fam_count[family] : 0;
}

const char *p2e_images_family_url(const p2e_images *im, uint32_t family, size_t n)
{
    return file_str(im, family_file(im, family, n), FILE_URL);
}

const char *p2e_images_variant_url(const p2e_images *im, uint32_t variant)
{
    return file_str(im, variant_file(im, variant), FILE_URL);
}

const char *p2e_images_family_staged(const p2e_images *im, uint32_t family, size_t n)
{
    return file_str(im, family_file(im, family, n), FILE_STAGED);
}

const char *p2e_images_variant_staged(const p2e_images *im, uint32_t variant)
{
    return file_str(im, variant_file(im, variant), FILE_STAGED);
}

const char *p2e_images_family_thumb(const p2e_images *im, uint32_t family, size_t n)
{
    return file_str(im, family_file(im, family, n), FILE_THUMB);
}

const char *p2e_images_variant_thumb(const p2e_images *im, uint32_t variant)
{
    return file_str(im, variant_file(im, variant), FILE_THUMB);
}

size_t p2e_images_count(const p2e_images *im)
{
    return im ? im->nfiles : 0;
}

const p2e_image_info *p2e_images_get(const p2e_images *im, size_t i)
{
    return im && i < im->nfiles ? &im->files[i].info : NULL;
}

void p2e_images_free(p2e_images *im)
{
    if (!im)
        return;
    p2e_images_free_gallery(im);
    free(im->files);
    free(im->roots);
    p2e_arena_free(&im->arena);
    free(im);
}

