#include "p2e_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int remove_at(int dirfd, const char *name, int depth);

char *p2e_fs_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    size_t slash = dl > 0 && dir[dl - 1] != '/';
    char *p = malloc(dl + slash + nl + 1);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    if (slash)
        p[dl] = '/';
    memcpy(p + dl + slash, name, nl + 1);
    return p;
}

/* rp without its last name ("/a/b" -> "/a", "/a" -> "/"), in place. */
static void drop_last_name(char *rp)
{
    char *slash = strrchr(rp, '/');
    if (slash == rp)
        rp[1] = '\0';
    else if (slash)
        *slash = '\0';
}

char *p2e_fs_resolve(const char *path)
{
    char *real = realpath(path, NULL);
    if (real || errno != ENOENT)
        return real;
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') /* "new/" is "new" */
        len--;
    size_t leaf = len; /* where the last name starts */
    while (leaf > 0 && path[leaf - 1] != '/')
        leaf--;
    size_t plen = leaf == 0 ? 0 : leaf == 1 ? 1 : leaf - 1; /* the parent: "" is ".", "/x" has "/" */
    char *parent = malloc(plen + 2);
    if (!parent)
        return NULL;
    memcpy(parent, leaf ? path : ".", leaf ? plen : 1);
    parent[leaf ? plen : 1] = '\0';
    char *name = strndup(path + leaf, len - leaf);
    char *rp = name && strcmp(parent, path) != 0 ? p2e_fs_resolve(parent) : NULL;
    char *out = NULL;
    if (rp && (!strcmp(name, ".") || !strcmp(name, ".."))) {
        if (name[1]) /* the parent was missing: its resolution ends in a name it appended */
            drop_last_name(rp);
        out = rp;
        rp = NULL;
    } else if (rp) {
        out = p2e_fs_join(rp, name);
    }
    int e = out ? 0 : name ? errno : ENOMEM;
    free(parent);
    free(name);
    free(rp);
    if (!out)
        errno = e ? e : ENOENT;
    return out;
}

int p2e_fs_is_inside(const char *path, const char *folder)
{
    size_t n = strlen(folder);
    if (n == 0)
        return 0;
    while (n > 0 && folder[n - 1] == '/') /* "/a/b/" is "/a/b"; "/" leaves n = 0 */
        n--;
    return strncmp(path, folder, n) == 0 && (path[n] == '/' || (path[n] == '\0' && n > 0));
}

int p2e_fs_read_full(int fd, void *buf, size_t cap, size_t *got)
{
    size_t n = 0;
    while (n < cap) {
        ssize_t r = read(fd, (char *)buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return errno ? errno : EIO;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return 0;
}

int p2e_fs_write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno ? errno : EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

p2e_status p2e_fs_mkdir_p(const char *dir, p2e_err *err)
{
    size_t n = strlen(dir);
    if (n == 0)
        return p2e_fail(err, P2E_ERR_WRITE, "bad output folder ''");
    char *path = strdup(dir);
    if (!path)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_status st = P2E_OK;
    for (size_t i = 1; !st && i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        struct stat sb;
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create folder: %s", path, strerror(errno));
        else if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
            st = p2e_fail(err, P2E_ERR_WRITE, "%s: exists and is not a folder", path);
        path[i] = c;
    }
    free(path);
    return st;
}

/* The bytes of one getdents64 record, as the kernel lays them out. */
struct dent64 {
    unsigned long long ino;
    long long off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

/* Remove every entry of the open folder fd: passes over it until a pass
 * removes nothing (entries that cannot be removed end the loop). */
static int empty_dir(int fd, int depth)
{
    char buf[2048] __attribute__((aligned(8)));
    int first = 0;
    for (int removed = 1; removed;) {
        removed = 0;
        if (lseek(fd, 0, SEEK_SET) != 0)
            return errno;
        ssize_t n;
        while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
            for (ssize_t at = 0; at < n;) {
                struct dent64 *d = (struct dent64 *)(void *)(buf + at);
                at += d->reclen;
                if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
                    continue;
                int e = remove_at(fd, d->name, depth + 1);
                if (e && !first)
                    first = e;
                removed += !e;
            }
        }
        if (n < 0)
            return errno;
    }
    return first;
}

/* Uses only system calls, so that a signal handler may call it. */
static int remove_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if (errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return errno;
    if (depth > 16)
        return ELOOP;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int first = empty_dir(fd, depth);
    close(fd);
    if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && !first)
        first = errno;
    return first;
}

int p2e_fs_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path, 0);
}

int p2e_fs_sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno;
    int e = fsync(fd) == 0 ? 0 : errno;
    if (e == EINVAL || e == EROFS)
        e = 0; /* a file system that cannot sync (a pipe-backed or special one): nothing to wait for */
    close(fd);
    return e;
}
