#include "p2e_csvwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLUSH_AT (256 * 1024)

static char *join_path(const char *dir, const char *name, const char *prefix, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(prefix) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", dir, prefix, name, suffix);
    return p;
}

/* The temporary file is created exclusively (O_EXCL | O_NOFOLLOW: a name
 * that exists, a planted link included, is never opened; runs write into a
 * fresh private folder, p2e_outdir.h) and renamed over the final name only
 * when whole. Its mode is 0666 less the umask, as for any new file. */
p2e_status p2e_csvw_open(p2e_csvw *w, const char *dir, const char *name, p2e_err *err)
{
    memset(w, 0, sizeof *w);
    w->guard_formulas = 1; /* every file may be opened in a spreadsheet unless said otherwise */
    w->path = join_path(dir, name, "", "");
    w->tmp = join_path(dir, name, ".", ".tmp");
    if (!w->path || !w->tmp) {
        p2e_csvw_abandon(w);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    int fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 || !(w->fp = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
            unlink(w->tmp);
        }
        p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create (as %s): %s", w->path, w->tmp, strerror(e));
        free(w->tmp); /* nothing of ours stands at that name */
        w->tmp = NULL;
        p2e_csvw_abandon(w);
        return P2E_ERR_WRITE;
    }
    return P2E_OK;
}

static void flush(p2e_csvw *w)
{
    if (w->status || !w->buf.len)
        return;
    if (fwrite(w->buf.data, 1, w->buf.len, w->fp) != w->buf.len) {
        w->status = P2E_ERR_WRITE;
        w->err_no = errno;
    }
    w->buf.len = 0;
}

static void put(p2e_csvw *w, const char *s, size_t len)
{
    if (w->status)
        return;
    if (p2e_buf_append(&w->buf, s, len))
        w->status = P2E_ERR_NOMEM;
    else if (w->buf.len >= FLUSH_AT)
        flush(w);
}

static int needs_quotes(const char *s, size_t len)
{
    if (!len)
        return 0;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return 1;
    if (len < 16) {
        /* one table load per byte instead of four compares */
        static const unsigned char special[256] = {['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};
        unsigned char any = 0;
        for (size_t i = 0; i < len; i++)
            any |= special[(unsigned char)s[i]];
        return any;
    }
    /* long text (descriptions): libc's vectorised scans beat a byte loop */
    return memchr(s, ',', len) || memchr(s, '"', len) || memchr(s, '\n', len) ||
           memchr(s, '\r', len);
}

/* ' ', TAB, CR, LF: what a spreadsheet trims from a cell before parsing it. */
static int is_trimmed_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A signed plain number ("-3", "+1.5", "-.5"): digits with at most one '.'. */
static int plain_number(const char *s, size_t len)
{
    size_t digits = 0, dots = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.')
            dots++;
        else if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else
            return 0;
    }
    return digits > 0 && dots <= 1;
}

/* A cell Excel or LibreOffice would run as a formula (OWASP, CSV
 * injection): it starts with TAB or CR, or with = + - @ once the leading
 * whitespace a spreadsheet trims is gone; a signed plain number is not. */
static int looks_like_formula(const char *s, size_t len)
{
    if (!len)
        return 0;
    if (s[0] == '\t' || s[0] == '\r')
        return 1;
    size_t i = 0;
    while (i < len && is_trimmed_space(s[i]))
        i++;
    if (i == len)
        return 0;
    if (s[i] == '=' || s[i] == '@')
        return 1;
    if (s[i] != '+' && s[i] != '-')
        return 0;
    return !plain_number(s + i + 1, len - i - 1);
}

void p2e_csvw_field(p2e_csvw *w, const char *s, size_t len)
{
    int guard = w->guard_formulas && looks_like_formula(s, len);
    if (!guard && !needs_quotes(s, len)) {
        /* the common case: one reserve, one copy */
        if (w->status || p2e_buf_reserve(&w->buf, len + 2)) {
            w->status = w->status ? w->status : P2E_ERR_NOMEM;
            return;
        }
        if (w->row_started)
            w->buf.data[w->buf.len++] = ',';
        memcpy(w->buf.data + w->buf.len, s, len);
        w->buf.len += len;
        w->row_started = 1;
        if (w->buf.len >= FLUSH_AT)
            flush(w);
        return;
    }
    if (w->row_started)
        put(w, ",", 1);
    w->row_started = 1;
    put(w, "\"", 1);
    if (guard)
        put(w, "'", 1);
    /* descriptions are kilobytes of HTML full of quotes: find each with memchr */
    const char *p = s, *end = s + len, *q;
    while ((q = memchr(p, '"', (size_t)(end - p))) != NULL) {
        put(w, p, (size_t)(q + 1 - p));
        put(w, "\"", 1);
        p = q + 1;
    }
    put(w, p, (size_t)(end - p));
    put(w, "\"", 1);
}

void p2e_csvw_cstr(p2e_csvw *w, const char *s)
{
    p2e_csvw_field(w, s ? s : "", s ? strlen(s) : 0);
}

void p2e_csvw_ulong(p2e_csvw *w, unsigned long v)
{
    char digits[24], *p = digits + sizeof digits;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    p2e_csvw_field(w, p, (size_t)(digits + sizeof digits - p));
}

void p2e_csvw_raw(p2e_csvw *w, const char *s, size_t len)
{
    put(w, s, len);
}

void p2e_csvw_end_row(p2e_csvw *w)
{
    put(w, "\n", 1);
    w->row_started = 0;
}

/* Flush and close, setting w->status on failure. (Syncing to disk is the
 * output folder's commit's job: scratch files need none.) */
static void close_file(p2e_csvw *w)
{
    flush(w);
    if (!w->status && fflush(w->fp) != 0) {
        w->status = P2E_ERR_WRITE;
        w->err_no = errno;
    }
    if (fclose(w->fp) != 0 && !w->status) {
        w->status = P2E_ERR_WRITE;
        w->err_no = errno;
    }
    w->fp = NULL;
}

static p2e_status report_status(const p2e_csvw *w, p2e_err *err)
{
    if (w->status == P2E_ERR_NOMEM)
        return p2e_fail(err, w->status, "out of memory");
    if (w->status)
        return p2e_fail(err, w->status, "%s: cannot write: %s", w->path, strerror(w->err_no));
    return P2E_OK;
}

p2e_status p2e_csvw_commit(p2e_csvw *w, p2e_err *err)
{
    close_file(w);
    if (!w->status && rename(w->tmp, w->path) != 0) {
        w->status = P2E_ERR_WRITE;
        w->err_no = errno;
    }
    if (!w->status) {
        free(w->tmp); /* renamed: the name is gone, nothing to unlink */
        w->tmp = NULL;
    }
    p2e_status st = report_status(w, err);
    p2e_csvw_abandon(w);
    return st;
}

p2e_status p2e_csvw_finish(p2e_csvw *w, p2e_outset *set, p2e_err *err)
{
    const char *slash = strrchr(w->path, '/');
    char *name = strdup(slash ? slash + 1 : w->path);
    p2e_status st = p2e_csvw_commit(w, err);
    if (!st && (!name || p2e_outset_add(set, name)))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    free(name);
    return st;
}

p2e_status p2e_outset_add(p2e_outset *set, const char *name)
{
    void *names = set->name;
    p2e_status st = p2e_grow(&names, &set->cap, set->count + 1, sizeof *set->name);
    set->name = names;
    if (st)
        return st;
    if (!(set->name[set->count] = strdup(name)))
        return P2E_ERR_NOMEM;
    set->count++;
    return P2E_OK;
}

p2e_status p2e_outset_merge(p2e_outset *dst, p2e_outset *src)
{
    for (size_t i = 0; i < src->count; i++)
        if (p2e_outset_add(dst, src->name[i]))
            return P2E_ERR_NOMEM;
    p2e_outset_free(src);
    return P2E_OK;
}

void p2e_outset_free(p2e_outset *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->name[i]);
    free(set->name);
    memset(set, 0, sizeof *set);
}

void p2e_csvw_abandon(p2e_csvw *w)
{
    if (w->fp)
        fclose(w->fp);
    if (w->tmp)
        unlink(w->tmp);
    free(w->path);
    free(w->tmp);
    p2e_buf_free(&w->buf);
    memset(w, 0, sizeof *w);
}
