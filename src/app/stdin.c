#include "p2e_stdin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2e_fs.h"
#include "p2e_interrupt.h"

static p2e_status copy_stdin(const char *path, p2e_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return p2e_fail(err, P2E_ERR_WRITE, "cannot create %s for standard input: %s", path,
                        strerror(errno));
    static char buf[1 << 16];
    p2e_status st = P2E_OK;
    for (;;) {
        ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            st = p2e_fail(err, P2E_ERR_READ, "cannot read standard input: %s", strerror(errno));
            break;
        }
        if (r == 0)
            break;
        for (ssize_t done = 0; done < r;) {
            ssize_t w = write(fd, buf + done, (size_t)(r - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                st = p2e_fail(err, P2E_ERR_WRITE, "cannot keep standard input in %s: %s", path,
                              strerror(errno));
                break;
            }
            done += w;
        }
        if (st)
            break;
    }
    if (close(fd) != 0 && !st)
        st = p2e_fail(err, P2E_ERR_WRITE, "cannot keep standard input in %s: %s", path,
                      strerror(errno));
    return st;
}

p2e_status p2e_stdin_take(p2e_stdin *s, const char *const *inputs, size_t n, const char *tmpdir,
                          const char *const **out, p2e_err *err)
{
    memset(s, 0, sizeof *s);
    *out = inputs;
    size_t dash = n;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(inputs[i], "-")) {
            if (dash < n)
                return p2e_fail(err, P2E_ERR_USAGE,
                                "'-' (standard input) is given twice; it can be read only once");
            dash = i;
        }
    if (dash == n)
        return P2E_OK;
    if (isatty(STDIN_FILENO))
        return p2e_fail(err, P2E_ERR_USAGE,
                        "'-' reads the export from standard input, which is a terminal; "
                        "pipe the export in (pos2ecom ... - < export.csv)");
    s->inputs = calloc(n, sizeof *s->inputs);
    if (!s->inputs)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    snprintf(s->dir, sizeof s->dir, "%s/pos2ecom-stdin-XXXXXX", tmpdir);
    p2e_interrupt_install();
    p2e_interrupt_hold(); /* a signal waits until the folder is watched */
    if (!mkdtemp(s->dir)) {
        int e = errno;
        s->dir[0] = '\0';
        p2e_interrupt_release();
        return p2e_fail(err, P2E_ERR_WRITE, "cannot create a temporary folder in %s: %s", tmpdir,
                        strerror(e));
    }
    p2e_interrupt_also(s->dir);
    snprintf(s->path, sizeof s->path, "%s/stdin", s->dir);
    p2e_status st = copy_stdin(s->path, err);
    for (size_t i = 0; i < n; i++)
        s->inputs[i] = i == dash ? s->path : inputs[i];
    if (!st)
        *out = s->inputs;
    return st;
}

void p2e_stdin_name(const p2e_stdin *s, p2e_err *err)
{
    size_t n = strlen(s->path);
    char *at = n ? strstr(err->msg, s->path) : NULL;
    if (!at)
        return;
    char rest[sizeof err->msg];
    snprintf(rest, sizeof rest, "%s", at + n);
    snprintf(at, sizeof err->msg - (size_t)(at - err->msg), "standard input%s", rest);
}

void p2e_stdin_free(p2e_stdin *s)
{
    if (s->dir[0]) {
        (void)p2e_fs_remove_tree(s->dir); /* private scratch: nothing to say if it lingers */
        p2e_interrupt_also(NULL);
    }
    free(s->inputs);
    memset(s, 0, sizeof *s);
}
