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
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, name, nl + 1);
    return p;
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
