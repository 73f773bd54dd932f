#include "p2e_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "p2e_xlsx_copy.h"
#include "p2e_xlsx_format.h"
#include "p2e_xlsx_zip.h"

unsigned p2e_xlsx_tab_for(size_t errors, size_t warnings)
{
    return errors ? P2E_TAB_ERRORS : warnings ? P2E_TAB_WARNINGS : P2E_TAB_CLEAN;
}

/* ---- the To do sheet -------------------------------------------------- */

/* The facts' columns: the label from A (it spills over the severity, code
 * and count columns, empty on those rows), the value in D: todo.csv's
 * action, the widest column. */
#define FACT_LABEL_COL 0
#define FACT_VALUE_COL 3

typedef struct {
    const p2e_xlsx_book *b;
    const p2e_xlsx_todo *todo;
    int written;        /* the facts are in the sheet */
    lxw_error lerr;
} facts_job;

static int whole_number(const char *s)
{
    if (!*s || strlen(s) > 15) /* exact as a double */
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static lxw_error write_fact(facts_job *f, lxw_worksheet *ws, lxw_row_t row, const p2e_pair *p)
{
    const p2e_xlsx_book *b = f->b;
    if (!p->value)
        return p2e_xlsx_write_text(ws, row, FACT_LABEL_COL, p->label, b->heading);
    lxw_error e = *p->label ? p2e_xlsx_write_text(ws, row, FACT_LABEL_COL, p->label, NULL)
                            : LXW_NO_ERROR;
    char url[160];
    if (e)
        return e;
    if (p->link && strlen(p->link) < 100 && !p2e_xlsx_escape_lookalike(p->value) &&
        strlen(p->value) < 256) {
        snprintf(url, sizeof url, "internal:'%s'!A1", p->link);
        return worksheet_write_url_opt(ws, row, FACT_VALUE_COL, url, b->fact_link, p->value, NULL);
    }
    if (whole_number(p->value))
        return worksheet_write_number(ws, row, FACT_VALUE_COL, strtod(p->value, NULL),
                                      b->fact_count);
    return p2e_xlsx_write_text(ws, row, FACT_VALUE_COL, p->value, NULL);
}

/* After todo.csv's rows (or from the top of a sheet of facts only): a
 * line when there is nothing to do, a blank row, the facts. */
static void write_facts(lxw_worksheet *ws, lxw_row_t row, size_t records, void *ctx)
{
    facts_job *f = ctx;
    f->written = 1;
    if (f->todo->csv_path && !records)
        f->lerr = p2e_xlsx_write_text(ws, row++, FACT_LABEL_COL,
                                      "Nothing to do: this run found no problem.", NULL);
    if (row)
        row++; /* a blank row under the to-do lines */
    for (size_t i = 0; i < f->todo->nfacts && !f->lerr; i++)
        f->lerr = write_fact(f, ws, row++, &f->todo->facts[i]);
}

/* No todo.csv (or an empty one): the sheet holds the facts, its columns
 * as wide as todo.csv's would be. */
static lxw_error facts_only(p2e_xlsx_book *b, facts_job *f)
{
    static const double widths[] = {12, 26, 9, 90};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, P2E_XLSX_TODO_TITLE);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    p2e_xlsx_sheet_setup(ws, f->todo->tab);
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_set_column(ws, c, c, widths[c], NULL);
    write_facts(ws, 0, 0, f);
    return f->lerr;
}

static p2e_status write_todo(p2e_xlsx_book *b, const p2e_xlsx_todo *todo, size_t max_rows,
                             p2e_err *err)
{
    static const char *const todo_num[] = {"count", "first_line", NULL};
    facts_job f = {b, todo, 0, LXW_NO_ERROR};
    if (todo->csv_path) {
        p2e_xlsx_sheet spec = {P2E_XLSX_TODO_TITLE, todo->csv_path, todo_num, 1, todo->tab,
                               todo->link_sheet};
        p2e_status st = p2e_xlsx_copy_one(b, &spec, max_rows, write_facts, &f, err);
        if (st)
            return st;
    }
    if (!f.written && !f.lerr)
        f.lerr = facts_only(b, &f);
    if (f.lerr == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (f.lerr)
        return p2e_fail(err, P2E_ERR_WRITE, "report.xlsx: %s", lxw_strerror(f.lerr));
    return P2E_OK;
}

/* ---- the workbook ----------------------------------------------------- */

/* Standard error is the process's: two threads closing workbooks at once
 * (report.xlsx and manual-fields.xlsx are written on two cores) would
 * each save the other's /dev/null and leave it silenced. One at a time. */
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

lxw_error p2e_xlsx_close_quietly(lxw_workbook *wb, int *close_errno)
{
    pthread_mutex_lock(&close_lock);
    int saved = dup(2), devnull = open("/dev/null", O_WRONLY);
    if (saved >= 0 && devnull >= 0)
        dup2(devnull, 2);
    errno = 0;
    p2e_xlsx_zip_begin(); /* deflate level 1, whichever minizip packs it */
    lxw_error e = workbook_close(wb);
    *close_errno = errno;
    p2e_xlsx_zip_end();
    if (saved >= 0 && devnull >= 0)
        dup2(saved, 2);
    if (saved >= 0)
        close(saved);
    if (devnull >= 0)
        close(devnull);
    pthread_mutex_unlock(&close_lock);
    return e;
}

p2e_status p2e_xlsx_create(const char *dir, const char *name, char *path, size_t cap,
                           lxw_workbook **wb, p2e_err *err)
{
    /* dir is the run's private staging folder (p2e_outdir.h): the workbook
     * is made there under its final name, exclusively */
    snprintf(path, cap, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", path, strerror(errno));
    close(fd); /* libxlsxwriter opens it by name; it stands now, and is ours */
    (void)p2e_xlsx_zip_level(); /* links the deflate level in (p2e_xlsx_zip.h) */
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
    *wb = workbook_new_opt(path, &opts);
    if (!*wb) {
        unlink(path);
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create", path);
    }
    return P2E_OK;
}

p2e_status p2e_xlsx_write(const char *dir, const char *name, const p2e_xlsx_todo *todo,
                          const p2e_xlsx_sheet *sheets, size_t nsheets, const p2e_xlsx_opts *xo,
                          p2e_outset *set, p2e_err *err)
{
    char path[4096];
    p2e_xlsx_book b;
    memset(&b, 0, sizeof b);
    p2e_status cst = p2e_xlsx_create(dir, name, path, sizeof path, &b.wb, err);
    if (cst)
        return cst;
    /* a fixed creation time: the same input gives a byte-identical
     * workbook, zip entry times included */
    lxw_doc_properties props = {.title = "pos2ecom report", .created = (time_t)xo->created};
    workbook_set_properties(b.wb, &props);
    p2e_xlsx_formats_make(&b);
    /* the To do sheet first, on this thread; then the others */
    p2e_status st = write_todo(&b, todo, xo->max_rows, err);
    if (!st)
        st = p2e_xlsx_copy_all(&b, sheets, nsheets, xo->max_rows, xo->one_core, err);
    int close_errno;
    lxw_error e = p2e_xlsx_close_quietly(b.wb, &close_errno);
    if (!st && e)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot write: %s", path,
                      close_errno ? strerror(close_errno) : lxw_strerror(e));
    if (!st && p2e_outset_add(set, name))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (st)
        unlink(path);
    return st;
}
