/*
 * p2e_image_set.h - the inside of a p2e_images set, shared by the image
 * modules that fill it in (image_scan.c, image_match.c, image_stage.c)
 * and image_set.c, which holds the accessors of p2e_images.h and frees it.
 * Nothing else includes this header: the rest of the program sees the set
 * through p2e_images.h.
 *
 * Ownership: the set owns its file array, its gallery arrays and its
 * arena; every string of a p2e_image_file (and of its info) lives in the
 * arena or is a static literal, valid until p2e_images_free.
 */
#ifndef P2E_IMAGE_SET_H
#define P2E_IMAGE_SET_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_images.h"
#include "p2e_report.h"
#include "p2e_status.h"

#define P2E_IMAGE_CHUNK (64 * 1024) /* streaming reads (crc32, structure, copies) */

/* One file found: what images.csv shows (info) and the working fields of
 * scan, match and stage. */
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
    /* what libvips found (image_convert.c), and what staging does */
    uint8_t orient;        /* EXIF orientation 1..8 */
    uint8_t personal;      /* location or personal metadata */
    uint8_t alpha;         /* a transparency channel */
    uint8_t colour;        /* p2e_colour */
    uint8_t action;        /* P2E_STAGE_COPY, _CLEAN or _ENCODE */
    uint8_t resize;        /* long side over the limit: shrunk */
    p2e_image_format out_format; /* the staged file's format */
    const char *thumb;     /* its thumbnail under DIR/images/ ("thumbs/x-1.jpg"), or "" */
} p2e_image_file;

enum {
    P2E_STAGE_COPY,        /* the bytes as they are */
    P2E_STAGE_CLEAN,       /* a JPEG without its metadata segments, pixels untouched */
    P2E_STAGE_ENCODE       /* decoded and written again by libvips */
};

struct p2e_images {
    p2e_arena arena;
    p2e_image_file *files;
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
    p2e_image_opts opts;   /* as given to p2e_images_scan_opts */
    int decode;            /* scanned with options: libvips decodes and plans */
};


/* A copy of s in the set's arena, or NULL when out of memory. */
const char *p2e_images_str(p2e_images *im, const char *s);

/* Append a finding code to the file's codes (images.csv); P2E_ERR_NOMEM. */
p2e_status p2e_images_add_code(p2e_images *im, p2e_image_file *f, p2e_code code);
/* The code on the file and, with rep, a finding on its path. */
p2e_status p2e_images_note(p2e_images *im, p2e_image_file *f, p2e_report *rep, p2e_code code,
                           const char *value, const char *detail);

/* Open a found file to read (non-blocking: a FIFO swapped in after the walk
 * must not hang the run): a file descriptor, or -1 with errno. */
int p2e_images_open_source(const char *path);

/* Release the galleries (match builds them again). */
void p2e_images_free_gallery(p2e_images *im);

/* The extension after the last '.', or "" (a leading dot is not one). */
const char *p2e_image_file_ext(const char *name);
/* 1 when s equals one of the n names ignoring ASCII case. */
int p2e_image_name_in(const char *s, const char *const *list, size_t n);

#endif
