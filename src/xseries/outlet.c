#include "p2e_outlet.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"

int p2e_outlet_stats_count(p2e_outlet_stats *s, p2e_num_state ns, int64_t micro, uint32_t file,
                           unsigned long line)
{
    if (ns != P2E_NUM_OK && ns != P2E_NUM_RANGE)
        return 1; /* empty or not a number: not a count */
    int64_t total = s->positive_total;
    int range = ns == P2E_NUM_RANGE || micro > P2E_QTY_MAX_MICRO || micro < -P2E_QTY_MAX_MICRO ||
                (micro > 0 && !p2e_dec_add(&total, micro));
    if (range) {
        if (!s->out_of_range++) {
            s->first_file = file;
            s->first_line = line;
        }
        return 0;
    }
    if (micro > 0) {
        s->rows_in_stock++;
        s->positive_total = total;
    } else if (micro < 0) {
        s->rows_negative++;
    }
    return 1;
}

void p2e_outlet_set_free(p2e_outlet_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i].key);
    free(set->items);
    memset(set, 0, sizeof *set);
}

p2e_status p2e_outlet_set_add(p2e_outlet_set *set, const char *key, size_t len, size_t *index)
{
    for (size_t i = 0; i < set->count; i++) {
        if (strlen(set->items[i].key) == len && memcmp(set->items[i].key, key, len) == 0) {
            *index = i;
            return P2E_OK;
        }
    }
    if (set->count == P2E_OUTLET_MAX)
        return P2E_ERR_LIMIT;
    void *items = set->items;
    p2e_status st = p2e_grow(&items, &set->cap, set->count + 1, sizeof *set->items);
    set->items = items;
    if (st)
        return st;
    char *k = malloc(len + 1);
    if (!k)
        return P2E_ERR_NOMEM;
    memcpy(k, key, len);
    k[len] = '\0';
    set->items[set->count] = (p2e_outlet){k, 0};
    *index = set->count++;
    return P2E_OK;
}

/* Compare the way a person means it: case-insensitive, ' ' == '_',
 * surrounding spaces ignored. */
static int same_outlet(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    while (*b == ' ')
        b++;
    size_t la = strlen(a), lb = strlen(b);
    while (la && a[la - 1] == ' ')
        la--;
    while (lb && b[lb - 1] == ' ')
        lb--;
    if (la != lb)
        return 0;
    for (size_t i = 0; i < la; i++) {
        int ca = a[i] == '_' ? ' ' : tolower((unsigned char)a[i]);
        int cb = b[i] == '_' ? ' ' : tolower((unsigned char)b[i]);
        if (ca != cb)
            return 0;
    }
    return 1;
}

long p2e_outlet_set_find(const p2e_outlet_set *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (same_outlet(set->items[i].key, name))
            return (long)i;
    return -1;
}

void p2e_outlet_display_name(const char *key, char *out, size_t outlen)
{
    size_t i = 0;
    for (; key[i] && i + 1 < outlen; i++)
        out[i] = key[i] == '_' ? ' ' : key[i];
    out[i] = '\0';
}

/* "  --outlet 'Main Outlet'\n" lines for every outlet, into buf. A failure
 * (out of memory) leaves a partial list: the caller reports that instead of
 * a message that names only some outlets. */
static p2e_status list_outlets(const p2e_outlet_set *set, p2e_buf *buf)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < set->count && !st; i++) {
        char name[512];
        p2e_outlet_display_name(set->items[i].key, name, sizeof name);
        st = p2e_buf_puts(buf, "\n  --outlet '");
        if (!st)
            st = p2e_buf_puts(buf, name);
        if (!st)
            st = p2e_buf_puts(buf, "'");
    }
    return st;
}

static p2e_status select_one(p2e_outlet_set *set, const char *name, size_t len, p2e_err *err)
{
    char tmp[1024];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, name, len);
    tmp[len] = '\0';
    long i = p2e_outlet_set_find(set, tmp);
    if (i < 0) {
        p2e_buf buf = {0};
        if (list_outlets(set, &buf)) {
            p2e_buf_free(&buf);
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        }
        p2e_fail(err, P2E_ERR_OUTLETS, "no outlet '%s' in the export; its outlets are:%s", tmp,
                 buf.data ? buf.data : " (none)");
        p2e_buf_free(&buf);
        return P2E_ERR_OUTLETS;
    }
    if (!set->items[i].selected) {
        set->items[i].selected = 1;
        set->nselected++;
    }
    return P2E_OK;
}

p2e_status p2e_outlet_set_select(p2e_outlet_set *set, const char *const *names, size_t nnames,
                                 int all, p2e_err *err)
{
    for (size_t n = 0; n < nnames; n++) {
        const char *s = names[n];
        if (strchr(s, ',') && p2e_outlet_set_find(set, s) >= 0) {
            /* an outlet whose own name holds a comma */
            p2e_status st = select_one(set, s, strlen(s), err);
            if (st)
                return st;
            continue;
        }
        for (;;) {
            const char *comma = strchr(s, ',');
            size_t len = comma ? (size_t)(comma - s) : strlen(s);
            p2e_status st = select_one(set, s, len, err);
            if (st)
                return st;
            if (!comma)
                break;
            s = comma + 1;
        }
    }
    if (all || (nnames == 0 && set->count == 1)) {
        for (size_t i = 0; i < set->count; i++)
            set->items[i].selected = 1;
        set->nselected = set->count;
    }
    if (nnames == 0 && !all && set->count > 1) {
        p2e_buf buf = {0};
        if (list_outlets(set, &buf)) {
            p2e_buf_free(&buf);
            return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        }
        p2e_fail(err, P2E_ERR_OUTLETS,
                 "the export has %zu outlets; choose the ones whose stock eCom shows, with one "
                 "or more of:%s\nor sum them all with --all-outlets",
                 set->count, buf.data ? buf.data : "");
        p2e_buf_free(&buf);
        return P2E_ERR_OUTLETS;
    }
    return P2E_OK;
}

p2e_status p2e_outlet_write_csv(const p2e_outlet_set *set, const p2e_outlet_stats *stats,
                                const char *dir, const char *name, p2e_outset *out, p2e_err *err)
{
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, dir, name, err);
    if (st)
        return st;
    const char *head[] = {"outlet", "key", "summed", "variants_in_stock", "total_stock",
                          "negative_rows"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        p2e_csvw_cstr(&w, head[i]);
    p2e_csvw_end_row(&w);
    for (size_t i = 0; i < set->count; i++) {
        char shown[512], num[40];
        p2e_outlet_display_name(set->items[i].key, shown, sizeof shown);
        p2e_csvw_cstr(&w, shown);
        p2e_csvw_cstr(&w, set->items[i].key);
        p2e_csvw_cstr(&w, set->items[i].selected ? "yes" : "no");
        snprintf(num, sizeof num, "%zu", stats[i].rows_in_stock);
        p2e_csvw_cstr(&w, num);
        p2e_dec_format(num, stats[i].positive_total, 6, 0);
        p2e_csvw_cstr(&w, num);
        snprintf(num, sizeof num, "%zu", stats[i].rows_negative);
        p2e_csvw_cstr(&w, num);
        p2e_csvw_end_row(&w);
    }
    return p2e_csvw_finish(&w, out, err);
}
