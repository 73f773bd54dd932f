#include "p2e_xseries.h"

#include <stdlib.h>
#include <string.h>

void p2e_xseries_fields(const p2e_columns *cols, p2e_prow_fields *out)
{
    for (int k = 0; k < P2E_COL_COUNT; k++) {
        out->label[k] = cols->name[k] ? cols->name[k] : p2e_col_name((p2e_col)k);
        out->has[k] = cols->idx[k] >= 0;
    }
}

p2e_status p2e_xseries_row_init(p2e_prow *pr, const p2e_columns *cols)
{
    memset(pr, 0, sizeof *pr);
    size_t n = cols->noutlets ? cols->noutlets : 1;
    pr->inventory = calloc(n, sizeof *pr->inventory);
    pr->reorder = calloc(n, sizeof *pr->reorder);
    pr->noutlets = cols->noutlets;
    if (!pr->inventory || !pr->reorder) {
        p2e_xseries_row_free(pr);
        return P2E_ERR_NOMEM;
    }
    return P2E_OK;
}

void p2e_xseries_row_free(p2e_prow *pr)
{
    free(pr->inventory);
    free(pr->reorder);
    memset(pr, 0, sizeof *pr);
}

static p2e_cell cell_at(const p2e_row *row, long idx)
{
    if (idx < 0 || (size_t)idx >= row->ncells)
        return (p2e_cell){"", 0};
    return (p2e_cell){row->cell[idx], row->len[idx]};
}

void p2e_xseries_row(const p2e_columns *cols, const p2e_row *rec, p2e_prow *pr)
{
    pr->rec = rec;
    for (int k = 0; k < P2E_COL_COUNT; k++)
        pr->cell[k] = cell_at(rec, cols->idx[k]);
    for (size_t i = 0; i < pr->noutlets; i++) {
        pr->inventory[i] = cell_at(rec, cols->outlet_idx[P2E_OUTCOL_INVENTORY][i]);
        pr->reorder[i] = cell_at(rec, cols->outlet_idx[P2E_OUTCOL_REORDER_POINT][i]);
    }
    pr->width = rec->ncells < cols->ncols ? -1 : rec->ncells > cols->ncols;
    pr->nul_field = NULL;
    if (rec->nul_cell >= 0 && (size_t)rec->nul_cell < cols->ncols)
        pr->nul_field = cols->header[rec->nul_cell];
}

p2e_status p2e_xseries_header_findings(const p2e_columns *cols, uint32_t file, p2e_report *rep)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; i < cols->nunknown && !st; i++)
        st = p2e_report_add(rep, P2E_CODE_UNKNOWN_COLUMN, file, 1, P2E_NO_VARIANT,
                            P2E_KEEP_ALWAYS, NULL, NULL, cols->header[cols->unknown[i]], NULL,
                            NULL);
    for (size_t i = 0; i < cols->nduplicate && !st; i++)
        st = p2e_report_add(rep, P2E_CODE_DUPLICATE_COLUMN, file, 1, P2E_NO_VARIANT,
                            P2E_KEEP_ALWAYS, NULL, NULL, cols->header[cols->duplicate[i]],
                            NULL, NULL);
    return st;
}

p2e_status p2e_xseries_tax_finding(const p2e_columns *cols, uint32_t file, int *said,
                                   p2e_report *rep)
{
    if (*said || (cols->idx[P2E_COL_TAX_NAME] < 0 && cols->idx[P2E_COL_TAX_VALUE] < 0))
        return P2E_OK;
    *said = 1;
    const char *field = cols->idx[P2E_COL_TAX_NAME] < 0    ? "tax_value"
                      : cols->idx[P2E_COL_TAX_VALUE] < 0 ? "tax_name"
                                                         : "tax_name tax_value";
    return p2e_report_add(rep, P2E_CODE_TAX_INCLUSIVE_PRICES, file, 1, P2E_NO_VARIANT,
                          P2E_KEEP_ALWAYS, NULL, NULL, field, NULL, NULL);
}
