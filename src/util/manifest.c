#include "p2e_manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2e_buf.h"
#include "p2e_fs.h"

#define MAX_DEPTH 4
#define MANIFEST_MAX (64u << 20)

void p2e_manifest_free(p2e_manifest *m)
{
    for (size_t i = 0; i < m->count; i++)
        free(m->items[i].name);
    free(m->items);
    memset(m, 0, sizeof *m);
}

/* A path relative to the output folder, as this program writes them:
 * components of printable bytes, none empty, "." or "..". */
int p2e_manifest_name_ok(const char *name)
{
    if (!name[0] || name[0] == '/' || strlen(name) > 1024)
        return 0;
    for (const char *c = name; *c;) {
        const char *end = strchr(c, '/');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return 0;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)c[i] < 0x20 || c[i] == 0x7f)
                return 0;
        c += n + (end != NULL);
        if (end && !*c)
            return 0; /* a trailing slash */
    }
    return 1;
}

p2e_status p2e_manifest_add(p2e_manifest *m, char type, const char *name, const struct stat *sb)
{
    void *items = m->items;
    p2e_status st = p2e_grow(&items, &m->cap, m->count + 1, sizeof *m->items);
    m->items = items;
    if (st)
        return st;
    p2e_manifest_item *it = &m->items[m->count];
    memset(it, 0, sizeof *it);
    it->type = type;
    if (!(it->name = strdup(name)))
        return P2E_ERR_NOMEM;
    if (sb) {
        it->size = (unsigned long long)sb->st_size;
        it->sec = (long long)sb->st_mtim.tv_sec;
        it->nsec = (long)sb->st_mtim.tv_nsec;
    }
    m->count++;
    return P2E_OK;
}

const p2e_manifest_item *p2e_manifest_find(const p2e_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->count; i++)
        if (!strcmp(m->items[i].name, name))
            return &m->items[i];
    return NULL;
}

p2e_status p2e_manifest_parse_line(p2e_manifest *m, char *line)
{
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    char *name = NULL;
    if (line[0] == 'd' && line[1] == ' ') {
        name = line + 2;
        return p2e_manifest_name_ok(name) ? p2e_manifest_add(m, 'd', name, NULL) : P2E_ERR_FORMAT;
    }
    unsigned long long size;
    long long sec;
    long nsec;
    int at = 0;
    if (line[0] != 'f' || sscanf(line, "f %llu %lld.%ld %n", &size, &sec, &nsec, &at) != 3 || !at)
        return P2E_ERR_FORMAT;
    name = line + at;
    if (!p2e_manifest_name_ok(name) || nsec < 0 || nsec > 999999999)
        return P2E_ERR_FORMAT;
    sb.st_size = (off_t)size;
    sb.st_mtim.tv_sec = (time_t)sec;
    sb.st_mtim.tv_nsec = nsec;
    return p2e_manifest_add(m, 'f', name, &sb);
}

p2e_status p2e_manifest_parse(p2e_manifest *m, char *text, size_t len)
{
    static const char head[] = "pos2ecom-manifest 1\n";
    if (len < sizeof head - 1 || memcmp(text, head, sizeof head - 1) != 0 || text[len - 1] != '\n')
        return P2E_ERR_FORMAT;
    char *p = text + sizeof head - 1, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        *nl = '\0';
        if (memchr(p, '\0', (size_t)(nl - p)))
            return P2E_ERR_FORMAT;
        p2e_status st = p2e_manifest_parse_line(m, p);
        if (st)
            return st;
        p = nl + 1;
    }
    return P2E_OK;
}

p2e_status p2e_manifest_read(p2e_manifest *m, int dirfd, const char *file)
{
    memset(m, 0, sizeof *m);
    int fd = openat(dirfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? P2E_OK : P2E_ERR_READ;
    struct stat sb;
    char *text = NULL;
    p2e_status st = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MANIFEST_MAX
                        ? P2E_ERR_FORMAT
                        : P2E_OK;
    size_t len = st ? 0 : (size_t)sb.st_size, got = 0;
    if (!st && !(text = malloc(len + 1)))
        st = P2E_ERR_NOMEM;
    if (!st && (p2e_fs_read_full(fd, text, len, &got) || got != len))
        st = P2E_ERR_READ; /* an error, or the file shrank as it was read */
    close(fd);
    if (!st)
        st = p2e_manifest_parse(m, text, len);
    free(text);
    if (st)
        p2e_manifest_free(m);
    return st;
}

/* ---- comparing what stands in the folder with the record ----------------- */

int p2e_manifest_same(const p2e_manifest_item *it, const struct stat *sb)
{
    return it->type == 'f' && S_ISREG(sb->st_mode) && it->size == (unsigned long long)sb->st_size &&
           it->sec == (long long)sb->st_mtim.tv_sec && it->nsec == (long)sb->st_mtim.tv_nsec;
}

static int check_at(const p2e_manifest *m, int dirfd, const char *rel, int depth, char *bad, size_t cap);

/* Every entry of the folder rel must be a recorded, unchanged output. */
static int check_dir(const p2e_manifest *m, int dirfd, const char *rel, int depth, char *bad,
                     size_t cap)
{
    int fd = openat(dirfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        snprintf(bad, cap, "%s", rel);
        return P2E_MANIFEST_CHANGED;
    }
    int verdict = P2E_MANIFEST_OURS;
    struct dirent *de;
    while (verdict == P2E_MANIFEST_OURS && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        size_t n = strlen(rel) + strlen(de->d_name) + 2;
        char *child = malloc(n);
        if (!child) {
            verdict = P2E_MANIFEST_NOMEM;
            break;
        }
        snprintf(child, n, "%s/%s", rel, de->d_name);
        verdict = check_at(m, dirfd, child, depth + 1, bad, cap);
        free(child);
    }
    closedir(d);
    return verdict;
}

static int check_at(const p2e_manifest *m, int dirfd, const char *rel, int depth, char *bad, size_t cap)
{
    struct stat sb;
    if (fstatat(dirfd, rel, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return P2E_MANIFEST_ABSENT;
        snprintf(bad, cap, "%s", rel);
        return P2E_MANIFEST_CHANGED;
    }
    const p2e_manifest_item *it = p2e_manifest_find(m, rel);
    int verdict = !it ? P2E_MANIFEST_FOREIGN
                  : S_ISDIR(sb.st_mode) && it->type == 'd' && depth < MAX_DEPTH
                      ? check_dir(m, dirfd, rel, depth, bad, cap)
                  : p2e_manifest_same(it, &sb) ? P2E_MANIFEST_OURS
                                       : P2E_MANIFEST_CHANGED;
    if (verdict == P2E_MANIFEST_FOREIGN || verdict == P2E_MANIFEST_CHANGED)
        if (!bad[0])
            snprintf(bad, cap, "%s", rel);
    return verdict;
}

int p2e_manifest_check(const p2e_manifest *m, int dirfd, const char *name, char *bad, size_t cap)
{
    bad[0] = '\0';
    return check_at(m, dirfd, name, 0, bad, cap);
}

/* ---- recording what a run staged ----------------------------------------- */

static p2e_status record_at(p2e_manifest *m, int dirfd, const char *path, const char *rel, int depth);

static p2e_status record_dir(p2e_manifest *m, int dirfd, const char *path, const char *rel, int depth)
{
    p2e_status st = p2e_manifest_add(m, 'd', rel, NULL);
    int fd = st ? -1 : openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!st && !d) {
        if (fd >= 0)
            close(fd);
        return P2E_ERR_WRITE;
    }
    struct dirent *de;
    while (!st && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        size_t pn = strlen(path) + strlen(de->d_name) + 2, rn = strlen(rel) + strlen(de->d_name) + 2;
        char *cp = malloc(pn), *cr = malloc(rn);
        if (!cp || !cr)
            st = P2E_ERR_NOMEM;
        if (!st) {
            snprintf(cp, pn, "%s/%s", path, de->d_name);
            snprintf(cr, rn, "%s/%s", rel, de->d_name);
            st = record_at(m, dirfd, cp, cr, depth + 1);
        }
        free(cp);
        free(cr);
    }
    if (d)
        closedir(d);
    return st;
}

static p2e_status record_at(p2e_manifest *m, int dirfd, const char *path, const char *rel, int depth)
{
    struct stat sb;
    if (!p2e_manifest_name_ok(rel) || fstatat(dirfd, path, &sb, AT_SYMLINK_NOFOLLOW) != 0)
        return P2E_ERR_WRITE;
    if (S_ISDIR(sb.st_mode) && depth < MAX_DEPTH)
        return record_dir(m, dirfd, path, rel, depth);
    if (!S_ISREG(sb.st_mode))
        return P2E_ERR_WRITE; /* this program stages files and folders only */
    return p2e_manifest_add(m, 'f', rel, &sb);
}

p2e_status p2e_manifest_record(p2e_manifest *m, int dirfd, const char *path, const char *name)
{
    return record_at(m, dirfd, path, name, 0);
}

/* Copy the entries of src under name (name itself and name/...). */
p2e_status p2e_manifest_keep(p2e_manifest *dst, const p2e_manifest *src, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < src->count; i++) {
        const p2e_manifest_item *it = &src->items[i];
        if (strncmp(it->name, name, n) != 0 || (it->name[n] != '\0' && it->name[n] != '/'))
            continue;
        struct stat sb;
        memset(&sb, 0, sizeof sb);
        sb.st_size = (off_t)it->size;
        sb.st_mtim.tv_sec = (time_t)it->sec;
        sb.st_mtim.tv_nsec = it->nsec;
        if (p2e_manifest_add(dst, it->type, it->name, it->type == 'f' ? &sb : NULL))
            return P2E_ERR_NOMEM;
    }
    return P2E_OK;
}

/* Top-level names of m (no '/'), in order, for carrying them over. */
int p2e_manifest_is_top(const p2e_manifest_item *it)
{
    return strchr(it->name, '/') == NULL;
}

p2e_status p2e_manifest_format(const p2e_manifest *m, char **text, size_t *len)
{
    size_t cap = 32;
    for (size_t i = 0; i < m->count; i++)
        cap += strlen(m->items[i].name) + 64;
    char *t = malloc(cap);
    if (!t)
        return P2E_ERR_NOMEM;
    size_t at = (size_t)snprintf(t, cap, "pos2ecom-manifest 1\n");
    for (size_t i = 0; i < m->count; i++) {
        const p2e_manifest_item *it = &m->items[i];
        if (it->type == 'd')
            at += (size_t)snprintf(t + at, cap - at, "d %s\n", it->name);
        else
            at += (size_t)snprintf(t + at, cap - at, "f %llu %lld.%09ld %s\n", it->size, it->sec,
                                   it->nsec, it->name);
    }
    *text = t;
    *len = at;
    return P2E_OK;
}
