/*
 * test_fs.c - the shared file-system helpers: joining without doubled
 * slashes, "inside a folder" by whole names (the root folder, trailing
 * slashes, a prefix that is not a parent), resolving a path that does not
 * exist yet (missing names, ".", "..", a symbolic link on the way),
 * mkdir -p, and full reads and writes through a pipe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/wait.h>

#include "p2e_fs.h"
#include "testutil.h"

static void assert_join(const char *dir, const char *name, const char *want)
{
    char *p = p2e_fs_join(dir, name);
    assert_non_null(p);
    assert_string_equal(p, want);
    free(p);
}

static void test_join(void **state)
{
    (void)state;
    assert_join("a", "b", "a/b");
    assert_join("a/", "b", "a/b");
    assert_join("/", "x", "/x");
    assert_join("", "x", "x");
    assert_join("a", "", "a/");
    assert_join("/a/b", "c.jpg", "/a/b/c.jpg");
}

static void test_inside_whole_names(void **state)
{
    (void)state;
    assert_true(p2e_fs_is_inside("/a/b", "/a/b"));
    assert_true(p2e_fs_is_inside("/a/b/c", "/a/b"));
    assert_true(p2e_fs_is_inside("/a/b/c/d", "/a/b"));
    assert_false(p2e_fs_is_inside("/a/bc", "/a/b")); /* a prefix, not a parent */
    assert_false(p2e_fs_is_inside("/a/bc/d", "/a/b"));
    assert_false(p2e_fs_is_inside("/a", "/a/b"));
    assert_false(p2e_fs_is_inside("/x/b", "/a/b"));
    assert_true(p2e_fs_is_inside("rel/x", "rel"));
    assert_false(p2e_fs_is_inside("relx", "rel"));
}

static void test_inside_trailing_slashes(void **state)
{
    (void)state;
    assert_true(p2e_fs_is_inside("/a/b", "/a/b/"));
    assert_true(p2e_fs_is_inside("/a/b/c", "/a/b/"));
    assert_true(p2e_fs_is_inside("/a/b/c", "/a/b//"));
    assert_true(p2e_fs_is_inside("/a/b/", "/a/b"));
    assert_false(p2e_fs_is_inside("/a/bc", "/a/b/"));
}

/* The root holds every absolute path: the two copies this replaced
 * disagreed here (one compared "/" + '/' and found nothing inside). */
static void test_inside_root(void **state)
{
    (void)state;
    assert_true(p2e_fs_is_inside("/", "/"));
    assert_true(p2e_fs_is_inside("/out", "/"));
    assert_true(p2e_fs_is_inside("/a/b/c", "/"));
    assert_true(p2e_fs_is_inside("/a", "//"));
    assert_false(p2e_fs_is_inside("rel", "/"));
    assert_false(p2e_fs_is_inside("", "/"));
    assert_false(p2e_fs_is_inside("/a", "")); /* no folder named: nothing inside */
}

/* A fresh folder under /tmp, its real path into real. */
static void make_tmp(char *dir, size_t cap, char *real)
{
    snprintf(dir, cap, "/tmp/p2e-fs-XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_non_null(realpath(dir, real));
}

static void assert_resolve(const char *path, const char *want)
{
    char *p = p2e_fs_resolve(path);
    assert_non_null(p);
    assert_string_equal(p, want);
    free(p);
}

static void test_resolve(void **state)
{
    (void)state;
    char dir[64], real[PATH_MAX], path[PATH_MAX + 64], want[PATH_MAX + 64], link[PATH_MAX + 64];
    make_tmp(dir, sizeof dir, real);
    assert_resolve(dir, real); /* an existing folder: realpath */
    snprintf(path, sizeof path, "%s/new", dir);
    snprintf(want, sizeof want, "%s/new", real);
    assert_resolve(path, want);
    snprintf(path, sizeof path, "%s/new/", dir); /* a trailing slash is the same folder */
    assert_resolve(path, want);
    snprintf(path, sizeof path, "%s/new/deeper/.", dir);
    snprintf(want, sizeof want, "%s/new/deeper", real);
    assert_resolve(path, want);
    /* ".." after missing names: mkdir -p would go back up the same way */
    snprintf(path, sizeof path, "%s/new/deeper/../../other", dir);
    snprintf(want, sizeof want, "%s/other", real);
    assert_resolve(path, want);
    /* a link on the way is followed to where it leads */
    snprintf(path, sizeof path, "%s/sub", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(link, sizeof link, "%s/link", dir);
    assert_int_equal(symlink("sub", link), 0);
    snprintf(path, sizeof path, "%s/link/new", dir);
    snprintf(want, sizeof want, "%s/sub/new", real);
    assert_resolve(path, want);
    assert_resolve("/", "/");
    /* a name under a file cannot exist: an error, not a guess */
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/file/new", dir);
    errno = 0;
    assert_null(p2e_fs_resolve(path));
    assert_int_equal(errno, ENOTDIR);
    assert_int_equal(p2e_fs_remove_tree(dir), 0);
}

static void test_resolve_relative(void **state)
{
    (void)state;
    char cwd[PATH_MAX], want[PATH_MAX + 64];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(want, sizeof want, "%s/p2e-no-such-folder", cwd);
    assert_resolve("p2e-no-such-folder", want);
    assert_resolve("./p2e-no-such-folder/", want);
}

static void test_mkdir_p(void **state)
{
    (void)state;
    char dir[64], real[PATH_MAX], path[PATH_MAX + 64];
    p2e_err err = {{0}};
    make_tmp(dir, sizeof dir, real);
    snprintf(path, sizeof path, "%s/a/b/c/", dir);
    assert_int_equal(p2e_fs_mkdir_p(path, &err), P2E_OK);
    assert_int_equal(p2e_fs_mkdir_p(path, &err), P2E_OK); /* again: nothing to do */
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    snprintf(path, sizeof path, "%s/a/file", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/a/file/x", dir);
    assert_int_not_equal(p2e_fs_mkdir_p(path, &err), P2E_OK);
    assert_non_null(strstr(err.msg, "is not a folder"));
    assert_int_equal(p2e_fs_remove_tree(dir), 0);
}

/* Through a pipe, which gives back what one write put in, not what was
 * asked for: the loops must gather it all. */
static void test_read_write_full(void **state)
{
    (void)state;
    enum { N = 200000 };
    unsigned char *out = malloc(N), *in = malloc(N + 16);
    assert_non_null(out);
    assert_non_null(in);
    for (size_t i = 0; i < N; i++)
        out[i] = (unsigned char)(i * 7 + 3);
    char dir[64], real[PATH_MAX], path[PATH_MAX + 64];
    make_tmp(dir, sizeof dir, real);
    snprintf(path, sizeof path, "%s/data", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(p2e_fs_write_full(fd, out, N), 0);
    close(fd);
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    size_t got = 0;
    assert_int_equal(p2e_fs_read_full(fd, in, N + 16, &got), 0); /* the end comes first */
    assert_int_equal(got, N);
    assert_memory_equal(in, out, N);
    assert_int_equal(p2e_fs_read_full(fd, in, 16, &got), 0);
    assert_int_equal(got, 0);
    close(fd);
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        _exit(p2e_fs_write_full(p[1], out, N) ? 1 : 0);
    }
    close(p[1]);
    assert_int_equal(p2e_fs_read_full(p[0], in, N, &got), 0);
    assert_int_equal(got, N);
    assert_memory_equal(in, out, N);
    close(p[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(status, 0);
    assert_int_equal(p2e_fs_read_full(-1, in, 1, &got), EBADF);
    assert_int_equal(p2e_fs_write_full(-1, in, 1), EBADF);
    assert_int_equal(p2e_fs_remove_tree(dir), 0);
    free(out);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_inside_whole_names),
        cmocka_unit_test(test_inside_trailing_slashes),
        cmocka_unit_test(test_inside_root),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_resolve_relative),
        cmocka_unit_test(test_mkdir_p),
        cmocka_unit_test(test_read_write_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
