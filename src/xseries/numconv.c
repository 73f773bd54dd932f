#include "p2e_numconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TOLD_CONVENTION = 1, TOLD_CURRENCY = 2 };

/* One numeric column of the input being loaded. */
struct p2e_numconv_col_s {
    unsigned char told;      /* TOLD_*: findings made */
    unsigned char seen;      /* P2E_NUMCONV_SEEN_*: the marks its values showed */
    unsigned char read_as;   /* 1 << P2E_CONV_*: the conventions that read values that
                              * read two ways (with a partial look only) */
    unsigned long line;      /* the first such value: its line, text, reading, field */
    unsigned long count;
    char value[128], shown[40], field[600];
};
typedef struct p2e_numconv_col_s p2e_numconv_col;

/* The slot's column; grown on first use, its marks from the first look.
 * NULL out of memory: the caller falls back to the first look's marks and
 * reports conventions again, never loses them. */
static p2e_numconv_col *column(p2e_load *ld, size_t slot)
{
    if (slot >= ld->nnumcols) {
        size_t n = slot + 1 > 2 * ld->nnumcols ? slot + 1 : 2 * ld->nnumcols;
        p2e_numconv_col *t = realloc(ld->numcols, n * sizeof *t);
        if (!t)
            return NULL;
        memset(t + ld->nnumcols, 0, (n - ld->nnumcols) * sizeof *t);
        for (size_t i = ld->nnumcols; i < n && i < ld->o->nmarks; i++)
            t[i].seen = ld->o->marks[i];
        ld->numcols = t;
        ld->nnumcols = n;
    }
    return &ld->numcols[slot];
}

static unsigned char seen_of(const p2e_load *ld, const p2e_numconv_col *col, size_t slot)
{
    if (col)
        return col->seen;
    return slot < ld->o->nmarks ? ld->o->marks[slot] : 0;
}

/* The column's convention: a ';' file's decimal comma; else the mark its
 * values show, neither when they show both, a decimal point when none. */
static int convention(const p2e_load *ld, unsigned char seen)
{
    if (ld->o->decimal_comma)
        return P2E_CONV_COMMA;
    if (seen == (P2E_NUMCONV_SEEN_POINT | P2E_NUMCONV_SEEN_COMMA))
        return P2E_CONV_NEITHER;
    return seen & P2E_NUMCONV_SEEN_COMMA ? P2E_CONV_COMMA : P2E_CONV_POINT;
}

unsigned char p2e_numconv_marks(const char *s, size_t len)
{
    p2e_dec_mark m = p2e_dec_mark_of(s, len);
    return m == P2E_MARK_POINT ? P2E_NUMCONV_SEEN_POINT
         : m == P2E_MARK_COMMA ? P2E_NUMCONV_SEEN_COMMA
                               : 0;
}

/* Past the first look, each value read tells its column's mark too; the
 * value's own mark (P2E_MARK_NONE when not looked at). */
static p2e_dec_mark observe(const p2e_load *ld, p2e_numconv_col *col, const char *s, size_t len)
{
    if (!ld->o->marks_partial || ld->o->decimal_comma || !col ||
        col->seen == (P2E_NUMCONV_SEEN_POINT | P2E_NUMCONV_SEEN_COMMA))
        return P2E_MARK_NONE; /* nothing a value shows can change the convention now */
    p2e_dec_mark m = p2e_dec_mark_of(s, len);
    col->seen |= m == P2E_MARK_POINT ? P2E_NUMCONV_SEEN_POINT
               : m == P2E_MARK_COMMA ? P2E_NUMCONV_SEEN_COMMA
                                     : 0;
    return m;
}

static void shown(int64_t micro, char *out)
{
    p2e_dec_format(out, micro, 6, 0);
}

/* Why the column reads a value two ways, in words. */
static const char *why_ambiguous(const p2e_load *ld, unsigned char seen)
{
    if (ld->o->decimal_comma)
        return "this file's numbers use a decimal comma (a ';'-separated file)";
    if (seen == (P2E_NUMCONV_SEEN_POINT | P2E_NUMCONV_SEEN_COMMA))
        return "this column's numbers use both a decimal comma and a decimal point";
    if (seen & P2E_NUMCONV_SEEN_COMMA)
        return "this column's numbers use a decimal comma";
    if (seen & P2E_NUMCONV_SEEN_POINT)
        return "this column's numbers use a decimal point";
    return "no number of this column shows its decimal mark";
}

/* Where the convention named in NUMBER_CONVENTION came from. */
static const char *why_convention(const p2e_load *ld, int conv)
{
    if (ld->o->decimal_comma)
        return " (a ';'-separated file)";
    if (conv == P2E_CONV_COMMA)
        return ", the decimal mark of every number of this column that shows one";
    if (conv == P2E_CONV_NEITHER)
        return ", in a column whose numbers use both a decimal comma and a decimal point (a "
               "value that reads two ways is not read)";
    return "";
}

/* A value that read two ways, read by the column's convention: kept for
 * p2e_numconv_finish when a later row could still change that convention. */
static void note_two_way(const p2e_load *ld, p2e_numconv_col *col, int conv, const char *field,
                         const char *value, int64_t v)
{
    col->read_as |= (unsigned char)(1u << conv);
    if (col->count++)
        return;
    col->line = ld->row->line;
    snprintf(col->value, sizeof col->value, "%s", value);
    snprintf(col->field, sizeof col->field, "%s", field);
    shown(v, col->shown);
}

p2e_status p2e_numconv_read(p2e_load *ld, size_t slot, const char *field, const char *key,
                            const char *s, size_t len, int money, int64_t *out,
                            p2e_num_state *ns, char *detail, size_t cap)
{
    p2e_numconv_col *col = column(ld, slot);
    p2e_dec_mark mark = observe(ld, col, s, len);
    unsigned char seen = seen_of(ld, col, slot);
    int conv = convention(ld, seen);
    p2e_dec_read how;
    *ns = p2e_dec_parse_local(s, len, conv, money, out, &how);
    detail[0] = '\0';
    if (!how.ambiguous && mark != P2E_MARK_EITHER &&
        (*ns != P2E_NUM_OK || !(how.decimal_comma || how.grouped || how.currency)))
        return P2E_OK; /* the plain form: the hot path builds no text */
    char a[40], b[40], value[128], name[600];
    snprintf(value, sizeof value, "%.*s", (int)(len < 120 ? len : 120), s);
    if (key) {
        snprintf(name, sizeof name, "%s%s", field, key);
        field = name;
    }
    if (how.ambiguous) {
        /* its mark read as the decimal mark, then as a thousands mark:
         * 1,234: 1.234 or 1234 (and 1.234: 1.234 or 1234) */
        int comma = memchr(s, ',', len) != NULL;
        shown(comma ? how.comma : how.point, a);
        shown(comma ? how.point : how.comma, b);
        snprintf(detail, cap, "%s: %s or %s, '%c' as the decimal mark or between thousands; %s",
                 value, a, b, comma ? ',' : '.', why_ambiguous(ld, seen));
        return P2E_OK;
    }
    p2e_status st = P2E_OK;
    if (*ns != P2E_NUM_OK)
        return st;
    if (mark == P2E_MARK_EITHER)
        note_two_way(ld, col, conv, field, value, *out);
    unsigned char told = col ? col->told : 0;
    if ((how.decimal_comma || how.grouped) && !(told & TOLD_CONVENTION)) {
        char conv_text[400];
        snprintf(conv_text, sizeof conv_text, "%s%s%s; %s read as %s",
                 how.decimal_comma ? "a decimal comma" : "a decimal point",
                 how.grouped ? " and marks between thousands" : "", why_convention(ld, conv),
                 value, (shown(*out, a), a));
        st = p2e_report_add(ld->rep, P2E_CODE_NUMBER_CONVENTION, ld->file, ld->row->line,
                            P2E_NO_VARIANT, P2E_KEEP_ALWAYS, ld->handle, ld->sku, field, value,
                            conv_text);
        told |= TOLD_CONVENTION;
    }
    if (!st && how.currency && !(told & TOLD_CURRENCY)) {
        char conv_text[320];
        snprintf(conv_text, sizeof conv_text, "%s read as %s", value, (shown(*out, a), a));
        st = p2e_report_add(ld->rep, P2E_CODE_CURRENCY_STRIPPED, ld->file, ld->row->line,
                            P2E_NO_VARIANT, P2E_KEEP_ALWAYS, ld->handle, ld->sku, field, value,
                            conv_text);
        told |= TOLD_CURRENCY;
    }
    if (col)
        col->told = told;
    return st;
}

p2e_num_state p2e_numconv_quiet(p2e_load *ld, size_t slot, const char *s, size_t len,
                                int64_t *out)
{
    p2e_numconv_col *col = column(ld, slot);
    (void)observe(ld, col, s, len);
    p2e_dec_read how;
    return p2e_dec_parse_local(s, len, convention(ld, seen_of(ld, col, slot)), 0, out, &how);
}

static const char *conv_name(int conv)
{
    return conv == P2E_CONV_COMMA ? "a decimal comma" : "a decimal point";
}

p2e_status p2e_numconv_finish(p2e_load *ld)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < ld->nnumcols && !st; i++) {
        const p2e_numconv_col *col = &ld->numcols[i];
        int conv = convention(ld, col->seen);
        if (!col->read_as || !(col->read_as & ~(1u << conv)))
            continue; /* every value that read two ways was read as the whole column says */
        int then = col->read_as & (1u << P2E_CONV_COMMA) ? P2E_CONV_COMMA : P2E_CONV_POINT;
        char detail[600];
        snprintf(detail, sizeof detail,
                 "%lu value%s of this column that read two ways (the first: %s, read as %s) "
                 "%s read with %s, the column's mark as far as the rows up to %s told; later "
                 "rows use %s: check %s (a column's decimal mark is told from its first %d "
                 "rows, then from the rows read so far)",
                 col->count, col->count == 1 ? "" : "s", col->value, col->shown,
                 col->count == 1 ? "was" : "were", conv_name(then),
                 col->count == 1 ? "it" : "them",
                 conv == P2E_CONV_NEITHER ? "both a decimal comma and a decimal point"
                                          : conv_name(conv),
                 col->count == 1 ? "it" : "them", P2E_NUMCONV_LOOKAHEAD);
        st = p2e_report_add(ld->rep, P2E_CODE_NUMBER_CONVENTION_LATE, ld->file, col->line,
                            P2E_NO_VARIANT, P2E_KEEP_ALWAYS, NULL, NULL, col->field, col->value,
                            detail);
    }
    return st;
}

void p2e_numconv_free(p2e_load *ld)
{
    free(ld->numcols);
    ld->numcols = NULL;
    ld->nnumcols = 0;
}
