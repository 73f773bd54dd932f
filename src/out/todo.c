#include "p2e_todo.h"

#include <stdlib.h>
#include <string.h>

/* Most serious first: severity, then the bigger count, then the name, so
 * the order never depends on how the codes are numbered. */
static int todo_cmp(const void *pa, const void *pb)
{
    const p2e_todo_line *a = pa, *b = pb;
    p2e_severity sa = p2e_code_severity(a->code), sb = p2e_code_severity(b->code);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(p2e_code_name(a->code), p2e_code_name(b->code));
}

size_t p2e_todo_lines(const p2e_report *rep, p2e_todo_line lines[P2E_CODE_COUNT])
{
    size_t count[P2E_CODE_COUNT] = {0}, first[P2E_CODE_COUNT] = {0};
    for (size_t i = 0; i < rep->count; i++) {
        p2e_code c = rep->items[i].code;
        if (count[c]++ == 0)
            first[c] = i + 2; /* exceptions.csv: the header is line 1 */
    }
    size_t n = 0;
    for (int c = 0; c < P2E_CODE_COUNT; c++)
        if (count[c])
            lines[n++] = (p2e_todo_line){(p2e_code)c, count[c], first[c]};
    qsort(lines, n, sizeof *lines, todo_cmp);
    return n;
}

p2e_status p2e_todo_write(const p2e_report *rep, const char *dir, const char *name,
                          p2e_outset *set, p2e_err *err)
{
    static const char *const header[] = {"severity", "code",    "count",
                                         "action",   "message", "first_line"};
    p2e_todo_line lines[P2E_CODE_COUNT];
    size_t n = p2e_todo_lines(rep, lines);
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st)
        return st;
    w.guard_formulas = 1; /* nothing here comes from an export; guarded like its siblings */
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        p2e_csvw_cstr(&w, header[i]);
    p2e_csvw_end_row(&w);
    for (size_t i = 0; i < n; i++) {
        p2e_csvw_cstr(&w, p2e_severity_name(p2e_code_severity(lines[i].code)));
        p2e_csvw_cstr(&w, p2e_code_name(lines[i].code));
        p2e_csvw_ulong(&w, lines[i].count);
        p2e_csvw_cstr(&w, p2e_code_action(lines[i].code));
        p2e_csvw_cstr(&w, p2e_code_message(lines[i].code));
        p2e_csvw_ulong(&w, lines[i].first_line);
        p2e_csvw_end_row(&w);
    }
    return p2e_csvw_finish(&w, set, err);
}
