#include "p2e_csvwrite.h"

#include <errno.h>
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

p2e_status p2e_csvw_open(p2e_csvw *w, const char *dir, const char *name, p2e_err *err)
{
    memset(w, 0, sizeof *w);
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".%ld.tmp", (long)getpid());
    w->path = join_path(dir, name, "", "");
    w->tmp = join_path(dir, name, ".", suffix);
    if (!w->path || !w->tmp) {
        p2e_csvw_abandon(w);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    w->fp = fopen(w->tmp, "wb");
    if (!w->fp) {
        int e = errno;
        p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", w->tmp, strerror(e));
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
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

/* A cell Excel or LibreOffice would run as a formula: starts with = + - @
 * and is not a plain number. */
static int looks_like_formula(const char *s, size_t len)
{
    if (!len || (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@'))
        return 0;
    size_t i = 1, digits = 0;
    if (s[0] == '=' || s[0] == '@')
        return 1;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        digits += s[i++] != '.';
    return i != len || digits == 0;
}

void p2e_csvw_field(p2e_csvw *w, const char *s, size_t len)
{
    if (w->row_started)
        put(w, ",", 1);
    w->row_started = 1;
    int guard = w->guard_formulas && looks_like_formula(s, len);
    if (!guard && !needs_quotes(s, len)) {
        put(w, s, len);
        return;
    }
    put(w, "\"", 1);
    if (guard)
        put(w, "'", 1);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            put(w, s + start, i + 1 - start);
            put(w, "\"", 1);
            start = i + 1;
        }
    }
    put(w, s + start, len - start);
    put(w, "\"", 1);
}

void p2e_csvw_cstr(p2e_csvw *w, const char *s)
{
    p2e_csvw_field(w, s ? s : "", s ? strlen(s) : 0);
}

void p2e_csvw_end_row(p2e_csvw *w)
{
    put(w, "\n", 1);
    w->row_started = 0;
}

p2e_status p2e_csvw_commit(p2e_csvw *w, p2e_err *err)
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
    if (!w->status && rename(w->tmp, w->path) != 0) {
        w->status = P2E_ERR_WRITE;
        w->err_no = errno;
    }
    p2e_status st = w->status;
    if (st == P2E_ERR_NOMEM)
        p2e_fail(err, st, "out of memory");
    else if (st)
        p2e_fail(err, st, "%s: cannot write: %s", w->path, strerror(w->err_no));
    p2e_csvw_abandon(w);
    return st;
}

void p2e_csvw_abandon(p2e_csvw *w)
{
    if (w->fp)
        fclose(w->fp);
    if (w->tmp)
        unlink(w->tmp); /* after a rename the name is gone: harmless */
    free(w->path);
    free(w->tmp);
    p2e_buf_free(&w->buf);
    memset(w, 0, sizeof *w);
}
