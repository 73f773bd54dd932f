#include "p2e_notsynced.h"

#include <stdio.h>
#include <string.h>

/* Row fields, in file order, before the per-outlet block. */
static const p2e_col head_cols[] = {P2E_COL_HANDLE, P2E_COL_SKU, P2E_COL_SUPPLIER_NAME,
                                    P2E_COL_SUPPLIER_CODE, P2E_COL_SUPPLY_PRICE,
                                    P2E_COL_TAX_NAME, P2E_COL_TAX_VALUE};
static const p2e_col tail_cols[] = {P2E_COL_TAGS, P2E_COL_ACCOUNT_CODE,
                                    P2E_COL_ACCOUNT_CODE_PURCHASE, P2E_COL_LOYALTY_VALUE,
                                    P2E_COL_LOYALTY_VALUE_DEFAULT};
static const p2e_outcol outlet_cols[] = {P2E_OUTCOL_TAX, P2E_OUTCOL_REORDER_POINT,
                                         P2E_OUTCOL_RESTOCK_LEVEL};

p2e_status p2e_notsynced_open(p2e_notsynced *ns, const char *dir, const char *name,
                              const p2e_outlet_set *outlets, p2e_err *err)
{
    memset(ns, 0, sizeof *ns);
    ns->outlets = outlets;
    p2e_status st = p2e_csvw_open(&ns->out, dir, name, err);
    if (st)
        return st;
    ns->open = 1;
    ns->out.guard_formulas = 1;
    p2e_csvw_cstr(&ns->out, "file");
    p2e_csvw_cstr(&ns->out, "line");
    for (size_t i = 0; i < sizeof head_cols / sizeof head_cols[0]; i++)
        p2e_csvw_cstr(&ns->out, p2e_col_name(head_cols[i]));
    for (size_t o = 0; o < outlets->count; o++) {
        if (!outlets->items[o].selected)
            continue;
        for (size_t k = 0; k < sizeof outlet_cols / sizeof outlet_cols[0]; k++) {
            char col[600];
            snprintf(col, sizeof col, "%s%s", p2e_outcol_prefix[outlet_cols[k]],
                     outlets->items[o].key);
            p2e_csvw_cstr(&ns->out, col);
        }
    }
    for (size_t i = 0; i < sizeof tail_cols / sizeof tail_cols[0]; i++)
        p2e_csvw_cstr(&ns->out, p2e_col_name(tail_cols[i]));
    p2e_csvw_end_row(&ns->out);
    return P2E_OK;
}

static void put_cell(p2e_notsynced *ns, const p2e_row *row, long idx)
{
    if (idx < 0 || (size_t)idx >= row->ncells)
        p2e_csvw_field(&ns->out, "", 0);
    else
        p2e_csvw_field(&ns->out, row->cell[idx], row->len[idx]);
}

void p2e_notsynced_row(p2e_notsynced *ns, const char *file_name, const p2e_columns *cols,
                       const p2e_row *row)
{
    if (!ns->open)
        return;
    p2e_csvw_cstr(&ns->out, file_name);
    p2e_csvw_ulong(&ns->out, row->line);
    for (size_t i = 0; i < sizeof head_cols / sizeof head_cols[0]; i++)
        put_cell(ns, row, cols->idx[head_cols[i]]);
    for (size_t o = 0; o < ns->outlets->count; o++) {
        if (!ns->outlets->items[o].selected)
            continue;
        for (size_t k = 0; k < sizeof outlet_cols / sizeof outlet_cols[0]; k++)
            put_cell(ns, row, o < cols->noutlets ? cols->outlet_idx[outlet_cols[k]][o] : -1);
    }
    for (size_t i = 0; i < sizeof tail_cols / sizeof tail_cols[0]; i++)
        put_cell(ns, row, cols->idx[tail_cols[i]]);
    p2e_csvw_end_row(&ns->out);
}

p2e_status p2e_notsynced_finish(p2e_notsynced *ns, p2e_outset *set, p2e_err *err)
{
    if (!ns->open)
        return P2E_OK;
    ns->open = 0;
    return p2e_csvw_finish(&ns->out, set, err);
}

void p2e_notsynced_abandon(p2e_notsynced *ns)
{
    if (ns->open)
        p2e_csvw_abandon(&ns->out);
    ns->open = 0;
}
