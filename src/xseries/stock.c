#include "p2e_stock.h"

#include <stdio.h>
#include <string.h>

#include "p2e_buf.h"
#include "p2e_decimal.h"
#include "p2e_numconv.h"
#include "p2e_outlet.h"

typedef p2e_cell cell_t;

/* One code's outlet cells in the row: the columns, "Outlet value" pairs,
 * and the reasons numconv gave (STOCK_INVALID). */
typedef struct {
    p2e_code code;
    p2e_keep keep;
    size_t n;
    p2e_buf fields, values, whys;
} cells;

/* Outlet `outlet`'s cell into the list: its column, its name and value,
 * and why it was refused (may be empty). */
static p2e_status cells_add(cells *l, const p2e_load *c, size_t outlet, const char *value,
                            const char *why)
{
    const char *key = c->o->outlets->items[outlet].key;
    char name[512];
    p2e_outlet_display_name(key, name, sizeof name);
    const char *sep = l->n ? ", " : "";
    p2e_status st = p2e_buf_puts(&l->fields, l->n ? " inventory_" : "inventory_");
    if (!st)
        st = p2e_buf_puts(&l->fields, key);
    if (!st)
        st = p2e_buf_puts(&l->values, sep);
    if (!st)
        st = p2e_buf_puts(&l->values, name);
    if (!st)
        st = p2e_buf_putc(&l->values, ' ');
    if (!st)
        st = p2e_buf_puts(&l->values, value);
    if (!st && why && *why) {
        if (l->whys.len)
            st = p2e_buf_puts(&l->whys, "; ");
        if (!st)
            st = p2e_buf_puts(&l->whys, name);
        if (!st)
            st = p2e_buf_puts(&l->whys, ": ");
        if (!st)
            st = p2e_buf_puts(&l->whys, why);
    }
    l->n++;
    return st;
}

/* The list as one finding, when it holds a cell. */
static p2e_status cells_note(cells *l, p2e_load *c)
{
    if (!l->n)
        return P2E_OK;
    return p2e_load_note(c, l->code, l->keep, l->fields.data, l->values.data,
                l->whys.len ? l->whys.data : NULL);
}

static void cells_free(cells *l)
{
    p2e_buf_free(&l->fields);
    p2e_buf_free(&l->values);
    p2e_buf_free(&l->whys);
}

enum { RANGE, AMBIGUOUS, INVALID, NEGATIVE, NLISTS };

void p2e_stock_count_outlets(p2e_load *c)
{
    const p2e_load_opts *o = c->o;
    for (size_t i = 0; i < o->outlets->count; i++) {
        int64_t v = 0;
        cell_t x = c->pr->inventory[i];
        p2e_num_state ns = p2e_numconv_quiet(c, P2E_NUMCONV_INVENTORY(i), x.s, x.len, &v);
        p2e_outlet_stats_count(&o->stats[i], ns, v, c->file, c->row->line);
    }
}

/* Reorder points of the selected outlets, summed: the manual-fields hint
 * for the low stock threshold, which the store holds up to P2E_QTY_MAX;
 * past it the hint is left empty (REORDER_POINT_OUT_OF_RANGE, once per
 * row: the sum is what is out of range). */
static p2e_status read_reorder(p2e_load *c, p2e_variant *v, size_t outlet)
{
    cell_t x = c->pr->reorder[outlet];
    int64_t q, sum = v->reorder;
    char field[600], tmp[128], why[300];
    p2e_num_state ns;
    p2e_status st = p2e_numconv_read(c, P2E_NUMCONV_REORDER(outlet), "reorder_point_",
                                     c->o->outlets->items[outlet].key, x.s, x.len, 0, &q, &ns,
                                     why, sizeof why);
    if (st)
        return st;
    if (v->stock_flags & P2E_REORDER_RANGE || ns == P2E_NUM_EMPTY || ns == P2E_NUM_INVALID ||
        ns == P2E_NUM_EXPONENT || (ns == P2E_NUM_OK && q < 0))
        return P2E_OK;
    if (ns == P2E_NUM_OK && p2e_dec_add(&sum, q) && sum <= P2E_QTY_MAX_MICRO) {
        v->reorder = sum;
        v->has_reorder = 1;
        return P2E_OK;
    }
    snprintf(field, sizeof field, "reorder_point_%s", c->o->outlets->items[outlet].key);
    v->stock_flags |= P2E_REORDER_RANGE;
    v->has_reorder = 0;
    return p2e_load_note(c, P2E_CODE_REORDER_POINT_OUT_OF_RANGE, P2E_KEEP_IF_WRITTEN, field,
                p2e_load_cstr(x, tmp, sizeof tmp), NULL);
}

/* One outlet's count into the row's stock, by the stock rules; a count
 * with a problem goes to its code's list. A count the store cannot hold
 * (STOCK_OUT_OF_RANGE) is flagged now: the rules leave the row out when its
 * stock is tracked. */
static p2e_status add_outlet_stock(p2e_load *c, p2e_variant *v, size_t outlet, cells *lists)
{
    const p2e_outlet_set *set = c->o->outlets;
    cell_t x = c->pr->inventory[outlet];
    char tmp[128], why[300];
    int64_t q = 0;
    p2e_num_state ns;
    p2e_status st = p2e_numconv_read(c, P2E_NUMCONV_INVENTORY(outlet), "inventory_",
                                     set->items[outlet].key, x.s, x.len, 0, &q, &ns, why,
                                     sizeof why);
    if (st || ns == P2E_NUM_EMPTY)
        return st;
    int range = ns == P2E_NUM_RANGE || q > P2E_QTY_MAX_MICRO || q < -P2E_QTY_MAX_MICRO;
    /* each count is within +-P2E_QTY_MAX: the sums cannot fail, but go
     * through the one checked add like every other total */
    if (!range && ns == P2E_NUM_OK &&
        (!p2e_dec_add(&v->stock_raw, q) || (q > 0 && !p2e_dec_add(&v->stock, q))))
        range = 1;
    if (range) {
        v->stock_flags |= P2E_STOCK_RANGE;
        return cells_add(&lists[RANGE], c, outlet, p2e_load_cstr(x, tmp, sizeof tmp), NULL);
    }
    if (ns != P2E_NUM_OK) {
        v->stock_flags |= P2E_STOCK_INVALID;
        /* numconv gives a reason only for a number that reads two ways */
        return cells_add(&lists[*why ? AMBIGUOUS : INVALID], c, outlet, p2e_load_cstr(x, tmp, sizeof tmp),
                         why);
    }
    if (q >= 0)
        return P2E_OK;
    v->stock_flags |= P2E_STOCK_NEGATIVE;
    return cells_add(&lists[NEGATIVE], c, outlet, p2e_load_cstr(x, tmp, sizeof tmp), NULL);
}

p2e_status p2e_stock_read(p2e_load *c, p2e_variant *v)
{
    const p2e_outlet_set *set = c->o->outlets;
    cells lists[NLISTS] = {{P2E_CODE_STOCK_OUT_OF_RANGE, P2E_KEEP_IF_EXCLUDED_BY, 0, {0}, {0}, {0}},
                           {P2E_CODE_NUMBER_AMBIGUOUS, P2E_KEEP_IF_WRITTEN, 0, {0}, {0}, {0}},
                           {P2E_CODE_STOCK_INVALID, P2E_KEEP_IF_WRITTEN, 0, {0}, {0}, {0}},
                           {P2E_CODE_STOCK_NEGATIVE, P2E_KEEP_IF_WRITTEN, 0, {0}, {0}, {0}}};
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < set->count && !st; i++) {
        if (!set->items[i].selected)
            continue;
        st = read_reorder(c, v, i);
        if (!st)
            st = add_outlet_stock(c, v, i, lists);
    }
    for (int k = 0; k < NLISTS && !st; k++)
        st = cells_note(&lists[k], c);
    for (int k = 0; k < NLISTS; k++)
        cells_free(&lists[k]);
    char num[40];
    if (!st && !(v->stock_flags & P2E_STOCK_RANGE) && p2e_dec_floor(v->stock) > P2E_QTY_MAX) {
        /* every count in range, but not their sum over the outlets */
        v->stock_flags |= P2E_STOCK_RANGE;
        p2e_dec_format(num, v->stock, 6, 0);
        st = p2e_load_note(c, P2E_CODE_STOCK_OUT_OF_RANGE, P2E_KEEP_IF_EXCLUDED_BY, "inventory", num, NULL);
    }
    if (!st && v->stock % P2E_MICRO) {
        p2e_dec_format(num, v->stock, 6, 0);
        st = p2e_load_note(c, P2E_CODE_STOCK_FRACTIONAL, P2E_KEEP_IF_WRITTEN, "inventory", num, NULL);
    }
    return st;
}
