/*
 * image_match.c - photos to SKUs and handles, and the galleries (see
 * p2e_image_match.h).
 *
 * Every file is keyed to a written variant (SKU) or family (handle)
 * through exact and case-folded indexes (p2e_keyset: an exact match wins,
 * a fold matching several is IMAGE_AMBIGUOUS).
 * Keys tried for a file, first hit wins: its whole name when the extension
 * is not a picture's, its name without extension, the same without a
 * position suffix (so SKU "CUP-2" is matched whole before "CUP" at 2), then
 * the name of the folder it is in (below a given folder); each as a written
 * SKU first, then as a written family's key, case-insensitively (ASCII).
 *
 * Gallery order of a family (stable, deterministic):
 *   1. images matched to the handle, then
 *   2. images matched to its variants' SKUs, variant after variant in input
 *      order;
 *   within one key: images matched by file name first, by position (KEY is
 *   0, KEY_2 / KEY-2 / KEY (2) are 2, ...; ties by path), then images
 *   matched through a folder named after the key, by natural name order
 *   ("9.jpg" before "10.jpg", case-insensitive; ties by path).
 * A file whose bytes equal an earlier one's is shown once per gallery and
 * staged once (the earliest matched path is the one copied).
 */
#include "p2e_image_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_casefold.h"
#include "p2e_image_set.h"
#include "p2e_keyset.h"

/* Photos per product the import takes: the main image and 17 gallery
 * images (docs/convert-rules.md, "Photos per product"). */
#define GALLERY_MAX 18

static p2e_status nomem(p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
}

static int picture_ext(const char *ext)
{
    static const char *const exts[] = {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp",
                                       "heic", "heif", "avif", "tif", "tiff", "bmp", "psd"};
    return p2e_image_name_in(ext, exts, sizeof exts / sizeof exts[0]);
}

/* OS litter and hidden entries, skipped without a word. */

static int split_position(const char *s, size_t len, size_t *base, int *pos)
{
    int paren = len > 0 && s[len - 1] == ')';
    size_t end = len - (size_t)paren, i = end;
    while (i > 0 && p2e_ascii_digit(s[i - 1]))
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
        if (p2e_ascii_digit(*a) && p2e_ascii_digit(*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t na = 0, nb = 0;
            while (p2e_ascii_digit(a[na]))
                na++;
            while (p2e_ascii_digit(b[nb]))
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
        int ca = p2e_ascii_lower((unsigned char)*a++), cb = p2e_ascii_lower((unsigned char)*b++);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (*a != '\0') - (*b != '\0');
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

static int take(matcher *m, int sku, uint32_t id, p2e_image_file *f)
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
static int try_key(matcher *m, const char *key, size_t len, p2e_image_file *f)
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
static int match_file(matcher *m, p2e_image_file *f)
{
    const char *name = f->name, *ext = p2e_image_file_ext(name);
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
            p2e_image_file *f = &im->files[items[i].file];
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
        p2e_image_file *f = &im->files[it->file];
        if (i == 0 || it->family != items[i - 1].family || it->owner != items[i - 1].owner)
            rank = 0;
        if (it->by_folder)
            f->info.position = rank++;
        if (f->info.sniff != P2E_SNIFF_OK)
            continue;
        uint32_t canon = f->dup_of != P2E_NONE ? f->dup_of : it->file;
        if (last_family[canon] != it->family && im->fam_count[it->family] == GALLERY_MAX) {
            im->fam_left[it->family]++; /* in gallery order: the last ones wait */
            if (p2e_images_add_code(im, f, P2E_CODE_IMAGE_GALLERY_FULL))
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
static void stem_of(const p2e_image_file *f, char *key, size_t cap)
{
    const char *ext = p2e_image_file_ext(f->name);
    size_t stem = ext[0] ? (size_t)(ext - 1 - f->name) : strlen(f->name);
    snprintf(key, cap, "%.*s", (int)(stem < cap - 1 ? stem : cap - 1), f->name);
}

static p2e_status report_orphans(p2e_images *im, matcher *m, p2e_report *rep)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < im->nfiles; i++) {
        p2e_image_file *f = &im->files[i];
        if (f->info.sniff != P2E_SNIFF_OK || f->info.family != P2E_NONE || f->ambiguous)
            continue;
        m->unwritten[0] = '\0';
        match_file(m, f); /* again, only for the detail: it cannot match now */
        char key[256];
        stem_of(f, key, sizeof key);
        f->info.position = -1;
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_ORPHAN, key, m->unwritten[0] ? m->unwritten : NULL);
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
        p2e_image_file *f = &im->files[i];
        f->info.family = f->info.variant = P2E_NONE;
        f->info.position = -1;
        f->by_folder = f->used = f->ambiguous = 0;
        int r = f->info.sniff == P2E_SNIFF_UNSUPPORTED ? NO_MATCH : match_file(m, f);
        if (r == AMBIGUOUS && f->info.sniff == P2E_SNIFF_OK) {
            char key[256];
            stem_of(f, key, sizeof key);
            f->ambiguous = 1;
            if (p2e_images_note(im, f, rep, P2E_CODE_IMAGE_AMBIGUOUS, key, m->ambiguous))
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
    p2e_images_free_gallery(im);
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

