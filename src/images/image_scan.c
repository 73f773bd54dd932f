/*
 * image_scan.c - finding and checking photos (see p2e_image_scan.h).
 *
 * Two passes: walk the folders and sort the files by path; then check each
 * one by content (head sniff + the streaming structure walk + crc32) and
 * find byte-identical copies (same size and crc32, confirmed byte for
 * byte). A copy is staged once, under its earliest matched path
 * (image_match.c chooses it).
 */
#include "p2e_image_scan.h"

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

#include "p2e_fs.h"
#include "p2e_image_set.h"
#include "p2e_image_convert.h"
#include "p2e_image_sniff.h"
#include "p2e_image_vips.h"

#define HEAD_BYTES (64 * 1024)   /* sniffed first: every header we need fits */

#define MAX_DEPTH 128            /* folder nesting; deeper is refused, not looped */

static p2e_status nomem(p2e_err *err)
{
    return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
}

static int ext_fits(p2e_image_format f, const char *ext)
{
    static const char *const jpeg[] = {"jpg", "jpeg", "jpe", "jfif"};
    if (f == P2E_IMG_JPEG)
        return p2e_image_name_in(ext, jpeg, sizeof jpeg / sizeof jpeg[0]);
    return strcasecmp(ext, p2e_image_ext(f)) == 0;
}

/* Extensions of picture files: only these are cut off to make the key, so
 * a SKU with a dot ("KK-GNK-0.8") still works without an extension. */

static int is_litter(const char *name)
{
    static const char *const litter[] = {"Thumbs.db", "ehthumbs.db", "desktop.ini", "__MACOSX",
                                         "Icon\r", "$RECYCLE.BIN", "System Volume Information"};
    return name[0] == '.' || p2e_image_name_in(name, litter, sizeof litter / sizeof litter[0]);
}

/* "KEY_2", "KEY-2", "KEY (2)", "KEY(2)": *base = length of KEY, *pos = 2. */

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
        p2e_image_file *files = realloc(im->files, cap * sizeof *files);
        if (!files)
            return nomem(err);
        im->files = files;
        im->cap = cap;
    }
    p2e_image_file *f = &im->files[im->nfiles];
    memset(f, 0, sizeof *f);
    f->info.source = p2e_images_str(im, path);
    f->folder = p2e_images_str(im, folder);
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
    roots[im->nroots] = p2e_images_str(im, real);
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
    return strcmp(((const p2e_image_file *)a)->info.source, ((const p2e_image_file *)b)->info.source);
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

static p2e_status corrupt(p2e_images *im, p2e_image_file *f, p2e_report *rep, const char *why)
{
    f->info.sniff = P2E_SNIFF_CORRUPT;
    return p2e_images_note(im, f, rep, P2E_CODE_IMAGE_CORRUPT, f->kind, why);
}

static p2e_status corrupt_errno(p2e_images *im, p2e_image_file *f, p2e_report *rep, const char *what,
                                int e)
{
    char why[256];
    snprintf(why, sizeof why, "%s: %s", what, strerror(e));
    return corrupt(im, f, rep, why);
}

/* Read the rest of the file through the structure walk and crc32. */
static p2e_status stream_check(p2e_images *im, p2e_image_file *f, int fd, checker *c, size_t head_len,
                               p2e_report *rep)
{
    p2e_image_walk s;
    int walk = f->info.format != P2E_IMG_UNKNOWN; /* other formats: libvips decides */
    p2e_image_walk_init(&s, f->info.format);
    uLong crc = crc32(crc32(0L, Z_NULL, 0), c->head, (uInt)head_len);
    uint64_t total = head_len;
    p2e_image_walk_feed(&s, c->head, head_len);
    int more = head_len == HEAD_BYTES; /* a short read was the end of the file */
    while (more) {
        size_t got;
        int e = p2e_fs_read_full(fd, c->chunk, P2E_IMAGE_CHUNK, &got);
        if (e)
            return corrupt_errno(im, f, rep, "cannot read", e);
        crc = crc32(crc, c->chunk, (uInt)got);
        if (walk)
            p2e_image_walk_feed(&s, c->chunk, got);
        total += got;
        more = got == P2E_IMAGE_CHUNK;
    }
    f->info.bytes = total;
    const char *why = walk ? p2e_image_walk_finish(&s, total) : NULL;
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

static p2e_status check_usable(p2e_images *im, p2e_image_file *f, p2e_report *rep)
{
    char buf[128];
    const char *ext = p2e_image_file_ext(f->name);
    p2e_status st = P2E_OK;
    if (!ext_fits(f->info.format, ext)) {
        snprintf(buf, sizeof buf, "content is %s: staged as .%s", p2e_image_format_name(f->info.format),
                 p2e_image_ext(f->info.format));
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_EXTENSION, ext, buf);
    }
    uint32_t side = f->info.width < f->info.height ? f->info.width : f->info.height;
    if (!st && side < P2E_IMAGE_MIN_PX) {
        snprintf(buf, sizeof buf, "%" PRIu32 "x%" PRIu32, f->info.width, f->info.height);
        st = p2e_images_note(im, f, rep, P2E_CODE_IMAGE_SMALL, buf, NULL);
    }
    return st;
}

/* Format, size, crc of an open file; findings for what is wrong. */
static p2e_status classify(p2e_images *im, p2e_image_file *f, int fd, checker *c, p2e_report *rep)
{
    size_t n;
    int e = p2e_fs_read_full(fd, c->head, HEAD_BYTES, &n);
    if (e)
        return corrupt_errno(im, f, rep, "cannot read", e);
    if (n == 0)
        return corrupt(im, f, rep, "empty file");
    uint32_t w, h;
    p2e_sniff_result r = p2e_image_sniff(c->head, n, &f->info.format, &w, &h);
    f->kind = p2e_image_format_name(f->info.format);
    if (r == P2E_SNIFF_UNSUPPORTED) {
        f->kind = p2e_image_other_kind(c->head, n);
        if (!im->decode || !p2e_images_other_readable(f->info.source, f->kind)) {
            f->info.sniff = r;
            return p2e_images_note(im, f, rep, P2E_CODE_IMAGE_UNSUPPORTED, f->kind, NULL);
        }
        w = h = 0; /* libvips tells the size (image_convert.c) */
    }
    if (r == P2E_SNIFF_CORRUPT && (f->info.format != P2E_IMG_JPEG || n < 3))
        return corrupt(im, f, rep, "header unreadable or cut short");
    f->info.width = w; /* JPEG: from the full walk, the SOF may be further on */
    f->info.height = h;
    p2e_status st = stream_check(im, f, fd, c, n, rep);
    if (!st && f->info.sniff == P2E_SNIFF_OK && f->info.format != P2E_IMG_UNKNOWN)
        st = check_usable(im, f, rep);
    return st;
}

static int same_bytes(const char *a, const char *b, checker *c)
{
    int fa = p2e_images_open_source(a), fb = p2e_images_open_source(b), same = fa >= 0 && fb >= 0;
    while (same) {
        size_t na, nb;
        if (p2e_fs_read_full(fa, c->chunk, P2E_IMAGE_CHUNK, &na) || p2e_fs_read_full(fb, c->other, P2E_IMAGE_CHUNK, &nb))
            same = 0;
        else if (na != nb || memcmp(c->chunk, c->other, na) != 0)
            same = 0;
        else if (na < P2E_IMAGE_CHUNK)
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
    p2e_image_file *f = &im->files[i];
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
            return p2e_images_note(im, f, rep, P2E_CODE_IMAGE_DUPLICATE, im->files[j].info.source, NULL);
        }
    }
    im->files[last].same_next = i; /* a crc32 collision: a new copy group */
    return P2E_OK;
}

static p2e_status check_file(p2e_images *im, uint32_t i, checker *c, p2e_report *rep)
{
    p2e_image_file *f = &im->files[i];
    f->info.format = P2E_IMG_UNKNOWN;
    f->info.family = f->info.variant = f->dup_of = f->same_next = P2E_NONE;
    f->info.position = -1;
    f->info.staged = f->info.url = f->info.codes = f->kind = "";
    int fd = p2e_images_open_source(f->info.source);
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
    f->out_format = f->info.format; /* staged as it is, unless decode plans otherwise */
    if (!st && f->info.sniff == P2E_SNIFF_OK)
        st = find_copy(im, i, c, rep);
    return st;
}

static p2e_status check_all(p2e_images *im, p2e_report *rep, p2e_err *err)
{
    checker c;
    memset(&c, 0, sizeof c);
    c.head = malloc(HEAD_BYTES);
    c.chunk = malloc(P2E_IMAGE_CHUNK);
    c.other = malloc(P2E_IMAGE_CHUNK);
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
    return p2e_images_scan_opts(out, dirs, ndirs, NULL, rep, err);
}

p2e_status p2e_images_scan_opts(p2e_images **out, const char *const *dirs, size_t ndirs,
                                const p2e_image_opts *opts, p2e_report *rep, p2e_err *err)
{
    *out = NULL;
    p2e_images *im = calloc(1, sizeof *im);
    if (!im)
        return nomem(err);
    if (opts) {
        im->opts = *opts;
        im->decode = 1;
    }
    if (!im->opts.max_px)
        im->opts.max_px = P2E_IMAGE_MAX_PX;
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
    if (!st && im->decode)
        st = p2e_images_decode(im, rep, err);
    if (st) {
        p2e_images_free(im);
        return st;
    }
    *out = im;
    return P2E_OK;
}

