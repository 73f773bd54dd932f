#include "p2e_numconv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TOLD_CONVENTION = 1, TOLD_CURRENCY = 2 };

/* Was this convention of this column reported? Marks it so. Out of
 * memory: reported again, never lost. */
static int told(p2e_load *ld, size_t slot, unsigned char what)
{
    if (slot >= ld->ntold) {
        size_t n = slot + 1 > 2 * ld->ntold ? slot + 1 : 2 * ld->ntold;
        unsigned char *t = realloc(ld->told, n);
        if (!t)
            return 0;
        memset(t + ld->ntold, 0, n - ld->ntold);
        ld->told = t;
        ld->ntold = n;
    }
    int was = (ld->told[slot] & what) != 0;
    ld->told[slot] |= what;
    return was;
}

static void shown(int64_t micro, char *out)
{
    p2e_dec_format(out, micro, 6, 0);
}

p2e_status p2e_numconv_read(p2e_load *ld, size_t slot, const char *field, const char *key,
                            const char *s, size_t len, int money, int64_t *out,
                            p2e_num_state *ns, char *detail, size_t cap)
{
    p2e_dec_read how;
    *ns = p2e_dec_parse_local(s, len, ld->o->decimal_comma, money, out, &how);
    detail[0] = '\0';
    if (!how.ambiguous && (*ns != P2E_NUM_OK || !(how.decimal_comma || how.grouped || how.currency)))
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
        snprintf(detail, cap,
                 "%s: %s or %s, '%c' as the decimal mark or between thousands; this file's "
                 "numbers use a decimal %s",
                 value, a, b, comma ? ',' : '.', ld->o->decimal_comma ? "comma" : "point");
        return P2E_OK;
    }
    p2e_status st = P2E_OK;
    if (*ns != P2E_NUM_OK)
        return st;
    if ((how.decimal_comma || how.grouped) && !told(ld, slot, TOLD_CONVENTION)) {
        char conv[320];
        snprintf(conv, sizeof conv, "%s%s%s; %s read as %s",
                 how.decimal_comma ? "a decimal comma" : "a decimal point",
                 how.grouped ? " and marks between thousands" : "",
                 ld->o->decimal_comma ? " (a ';'-separated file)" : "", value,
                 (shown(*out, a), a));
        st = p2e_report_add(ld->rep, P2E_CODE_NUMBER_CONVENTION, ld->file, ld->row->line,
                            P2E_NO_VARIANT, P2E_KEEP_ALWAYS, ld->handle, ld->sku, field, value,
                            conv);
    }
    if (!st && how.currency && !told(ld, slot, TOLD_CURRENCY)) {
        char conv[320];
        snprintf(conv, sizeof conv, "%s read as %s", value, (shown(*out, a), a));
        st = p2e_report_add(ld->rep, P2E_CODE_CURRENCY_STRIPPED, ld->file, ld->row->line,
                            P2E_NO_VARIANT, P2E_KEEP_ALWAYS, ld->handle, ld->sku, field, value,
                            conv);
    }
    return st;
}

p2e_num_state p2e_numconv_quiet(const p2e_load *ld, const char *s, size_t len, int64_t *out)
{
    p2e_dec_read how;
    return p2e_dec_parse_local(s, len, ld->o->decimal_comma, 0, out, &how);
}
