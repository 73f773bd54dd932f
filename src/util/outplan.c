#include "p2e_outplan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "p2e_buf.h"

#define MAX_DEPTH 4   /* as deep as the manifest records folders */
#define MAX_DATED 999 /* NAME-...-2 up to this */

void p2e_outplan_free(p2e_outplan *p)
{
    for (size_t i = 0; i < p->nkept; i++) {
        free(p->kept[i].name);
        free(p->kept[i].dated);
    }
    free(p->kept);
    for (size_t i = 0; i < p->nremoved; i++)
        free(p->removed[i]);
    free(p->removed);
    p2e_manifest_free(&p->doomed);
    memset(p, 0, sizeof *p);
}

/* Takes dated (NULL or malloc'd) in every case. */
static p2e_status add_kept(p2e_outplan *p, const char *name, char *dated, p2e_kept_why why)
{
    void *items = p->kept;
    p2e_status st = p2e_grow(&items, &p->capkept, p->nkept + 1, sizeof *p->kept);
    p->kept = items;
    char *copy = st ? NULL : strdup(name);
    if (!copy) {
        free(dated);
        return P2E_ERR_NOMEM;
    }
    p->kept[p->nkept++] = (p2e_outkept){copy, dated, why};
    return P2E_OK;
}

static p2e_status add_removed(p2e_outplan *p, const char *name, const char *suffix)
{
    void *items = p->removed;
    p2e_status st = p2e_grow(&items, &p->capremoved, p->nremoved + 1, sizeof *p->removed);
    p->removed = items;
    size_t len = strlen(name) + strlen(suffix) + 1;
    char *copy = st ? NULL : malloc(len);
    if (!copy)
        return P2E_ERR_NOMEM;
    snprintf(copy, len, "%s%s", name, suffix);
    p->removed[p->nremoved++] = copy;
    return P2E_OK;
}

/* ---- dated names ------------------------------------------------------------ */

/* base split at its last '.' (none: no extension). */
static size_t stem_len(const char *base)
{
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? (size_t)(dot - base) : strlen(base);
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int p2e_outplan_is_dated(const char *name, const char *base)
{
    size_t stem = stem_len(base);
    const char *ext = base + stem;
    if (strncmp(name, base, stem) != 0 || name[stem] != '-')
        return 0;
    const char *s = name + stem + 1; /* YYYYMMDD-HHMMSS */
    if (strlen(s) < 15 || !digits(s, 8) || s[8] != '-' || !digits(s + 9, 6))
        return 0;
    s += 15;
    if (*s == '-') { /* -2 ... -999 */
        size_t k = strspn(s + 1, "0123456789");
        if (k < 1 || k > 3 || s[1] == '0')
            return 0;
        s += 1 + k;
    }
    return strcmp(s, ext) == 0;
}

static int dated_taken(const p2e_outplan *p, const char *name)
{
    for (size_t i = 0; i < p->nkept; i++)
        if (p->kept[i].dated && !strcmp(p->kept[i].dated, name))
            return 1;
    return 0;
}

/* The first free dated name for base: absent, or an unchanged output (a
 * rerun at the same SOURCE_DATE_EPOCH replaces its own), and not in names. */
static char *pick_dated(const p2e_outplan *p, int dirfd, const p2e_manifest *m,
                        const p2e_outname *names, size_t n, const char *base, long long now)
{
    time_t t = (time_t)now;
    struct tm tm;
    char stamp[32];
    if (!gmtime_r(&t, &tm) || strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) != 15)
        snprintf(stamp, sizeof stamp, "19700101-000000"); /* a time past year 9999 */
    size_t stem = stem_len(base), cap = strlen(base) + 32;
    for (int k = 1; k <= MAX_DATED; k++) {
        char *cand = malloc(cap), bad[8];
        if (!cand)
            return NULL;
        if (k == 1)
            snprintf(cand, cap, "%.*s-%s%s", (int)stem, base, stamp, base + stem);
        else
            snprintf(cand, cap, "%.*s-%s-%d%s", (int)stem, base, stamp, k, base + stem);
        int v = p2e_manifest_check(m, dirfd, cand, bad, sizeof bad);
        const p2e_manifest_item *it = p2e_manifest_find(m, cand);
        int free_ = (v == P2E_MANIFEST_ABSENT || (v == P2E_MANIFEST_OURS && it->type == 'f')) &&
                    !dated_taken(p, cand);
        for (size_t i = 0; free_ && i < n; i++)
            free_ = strcmp(names[i].name, cand) != 0;
        if (free_)
            return cand;
        free(cand);
    }
    return NULL;
}

/* ---- what the run writes ------------------------------------------------- */

static p2e_status plan_write(p2e_outplan *p, int dirfd, const p2e_manifest *m,
                             const p2e_outname *names, size_t n, size_t i, long long now,
                             char *bad, size_t cap, int *verdict)
{
    int v = p2e_manifest_check(m, dirfd, names[i].name, bad, cap);
    if (v == P2E_MANIFEST_NOMEM)
        return P2E_ERR_NOMEM;
    if (v == P2E_MANIFEST_ABSENT || v == P2E_MANIFEST_OURS)
        return P2E_OK;
    struct stat sb;
    if (names[i].editable && fstatat(dirfd, names[i].name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(sb.st_mode)) {
        char *dated = pick_dated(p, dirfd, m, names, n, names[i].name, now);
        if (!dated) { /* a thousand dated names taken: in the way after all */
            *verdict = v;
            return P2E_ERR_CLASH;
        }
        bad[0] = '\0';
        return add_kept(p, names[i].name, dated,
                        v == P2E_MANIFEST_CHANGED ? P2E_KEPT_EDITED : P2E_KEPT_FOREIGN);
    }
    *verdict = v; /* a link, a folder, or a name that is not editable */
    return P2E_ERR_CLASH;
}

/* ---- earlier outputs this run does not write ------------------------------ */

static int is_candidate(const p2e_outname *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i].name, name) ||
            (names[i].editable && p2e_outplan_is_dated(name, names[i].name)))
            return 1;
    return 0;
}

static int is_written(const p2e_outplan *p, const p2e_outname *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (names[i].writes && !strcmp(names[i].name, name))
            return 1;
    return dated_taken(p, name);
}

static p2e_status doom(p2e_outplan *p, char type, const char *name, const struct stat *sb)
{
    return p2e_manifest_add(&p->doomed, type, name, sb);
}

/* Doom every unchanged output under the folder rel, then rel itself (its
 * removal fails harmlessly while anything is left in it); keep the rest. */
static p2e_status walk(p2e_outplan *p, int dirfd, const p2e_manifest *m, const char *rel, int depth)
{
    int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return add_kept(p, rel, NULL, P2E_KEPT_IN_FOLDER); /* unreadable: not ours to judge */
    }
    p2e_status st = P2E_OK;
    struct dirent *de;
    while (!st && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        size_t len = strlen(rel) + strlen(de->d_name) + 2;
        char *child = malloc(len);
        if (!child) {
            st = P2E_ERR_NOMEM;
            break;
        }
        snprintf(child, len, "%s/%s", rel, de->d_name);
        struct stat sb;
        const p2e_manifest_item *it = p2e_manifest_find(m, child);
        if (!it || fstatat(dirfd, child, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            st = add_kept(p, child, NULL, P2E_KEPT_IN_FOLDER);
        else if (S_ISDIR(sb.st_mode) && it->type == 'd' && depth + 1 < MAX_DEPTH)
            st = walk(p, dirfd, m, child, depth + 1);
        else if (p2e_manifest_same(it, &sb))
            st = doom(p, 'f', child, &sb);
        else
            st = add_kept(p, child, NULL, P2E_KEPT_IN_FOLDER);
        free(child);
    }
    closedir(d);
    return st ? st : doom(p, 'd', rel, NULL);
}

static p2e_status plan_remove(p2e_outplan *p, int dirfd, const p2e_manifest *m,
                              const p2e_manifest_item *it)
{
    struct stat sb;
    if (fstatat(dirfd, it->name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return P2E_OK; /* gone already (or unreadable): nothing to remove, no longer recorded */
    if (it->type == 'd' && S_ISDIR(sb.st_mode)) {
        size_t kept0 = p->nkept, doomed0 = p->doomed.count;
        p2e_status st = walk(p, dirfd, m, it->name, 0);
        if (!st && p->nkept == kept0)
            return add_removed(p, it->name, "/");
        for (size_t i = doomed0; !st && i < p->doomed.count; i++)
            if (p->doomed.items[i].type == 'f')
                st = add_removed(p, p->doomed.items[i].name, "");
        return st;
    }
    if (p2e_manifest_same(it, &sb)) {
        p2e_status st = doom(p, 'f', it->name, &sb);
        return st ? st : add_removed(p, it->name, "");
    }
    return add_kept(p, it->name, NULL, P2E_KEPT_CHANGED);
}

/* ---- order, so that the summary and the journal do not depend on readdir -- */

static int depth_of(const char *name)
{
    int d = 0;
    for (; *name; name++)
        d += *name == '/';
    return d;
}

static int cmp_doomed(const void *a, const void *b)
{
    const p2e_manifest_item *x = a, *y = b;
    if (x->type != y->type)
        return x->type == 'f' ? -1 : 1; /* files first */
    if (x->type == 'd' && depth_of(x->name) != depth_of(y->name))
        return depth_of(y->name) - depth_of(x->name); /* deepest folder first */
    return strcmp(x->name, y->name);
}

static int cmp_kept(const void *a, const void *b)
{
    return strcmp(((const p2e_outkept *)a)->name, ((const p2e_outkept *)b)->name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_plan(p2e_outplan *p)
{
    if (p->doomed.count)
        qsort(p->doomed.items, p->doomed.count, sizeof *p->doomed.items, cmp_doomed);
    if (p->nkept)
        qsort(p->kept, p->nkept, sizeof *p->kept, cmp_kept);
    if (p->nremoved)
        qsort(p->removed, p->nremoved, sizeof *p->removed, cmp_str);
}

p2e_status p2e_outplan_make(p2e_outplan *p, int dirfd, const p2e_manifest *m,
                            const p2e_outname *names, size_t n, long long now, char *bad,
                            size_t cap, int *verdict)
{
    memset(p, 0, sizeof *p);
    bad[0] = '\0';
    *verdict = P2E_MANIFEST_OURS;
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < n; i++)
        if (names[i].writes)
            st = plan_write(p, dirfd, m, names, n, i, now, bad, cap, verdict);
    for (size_t i = 0; !st && i < m->count; i++) {
        const p2e_manifest_item *it = &m->items[i];
        if (p2e_manifest_is_top(it) && !is_written(p, names, n, it->name) &&
            is_candidate(names, n, it->name))
            st = plan_remove(p, dirfd, m, it);
    }
    if (st)
        p2e_outplan_free(p);
    else
        sort_plan(p);
    return st;
}

const char *p2e_outplan_final(const p2e_outplan *p, const char *name)
{
    for (size_t i = 0; i < p->nkept; i++)
        if (p->kept[i].dated && !strcmp(p->kept[i].name, name))
            return p->kept[i].dated;
    return name;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

int p2e_outplan_same(const p2e_outplan *a, const p2e_outplan *b)
{
    if (a->nkept != b->nkept || a->doomed.count != b->doomed.count)
        return 0;
    for (size_t i = 0; i < a->nkept; i++)
        if (a->kept[i].why != b->kept[i].why || !same_str(a->kept[i].name, b->kept[i].name) ||
            !same_str(a->kept[i].dated, b->kept[i].dated))
            return 0;
    for (size_t i = 0; i < a->doomed.count; i++) {
        const p2e_manifest_item *x = &a->doomed.items[i], *y = &b->doomed.items[i];
        if (x->type != y->type || strcmp(x->name, y->name) || x->size != y->size ||
            x->sec != y->sec || x->nsec != y->nsec)
            return 0;
    }
    return 1;
}
