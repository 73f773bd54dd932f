#include "p2e_damage.h"

#include <stdio.h>
#include <string.h>

#include "p2e_gtin.h"
#include "p2e_utf8.h"

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

int p2e_damage_truncated(const p2e_row *row, size_t *cell, size_t *chars)
{
    size_t k = row->ncells;
    while (k > 0 && blank(row->cell[k - 1], row->len[k - 1]))
        k--;
    if (k == 0 || k == row->ncells)
        return 0; /* nothing, or the last field is the long one: no later field was lost */
    k--;
    if (row->len[k] < P2E_CELL_LIMIT - P2E_CELL_MARGIN)
        return 0; /* fewer bytes than the margin: fewer characters too */
    size_t n = p2e_utf8_chars(row->cell[k], row->len[k]);
    if (n < P2E_CELL_LIMIT - P2E_CELL_MARGIN)
        return 0;
    *cell = k;
    *chars = n;
    return 1;
}

static int all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return len > 0;
}

int p2e_damage_upc_zeros(const char *s, size_t len, char *out, size_t cap)
{
    static const size_t sizes[] = {8, 12, 13, 14};
    if (!all_digits(s, len) || p2e_gtin_valid(s, len))
        return 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        if (n <= len || n >= cap)
            continue;
        memset(out, '0', n - len);
        memcpy(out + (n - len), s, len);
        out[n] = '\0';
        /* zeros in front never change the check sum: the shortest length fits or none does */
        return p2e_gtin_valid(out, n);
    }
    return 0;
}

void p2e_sku_zeros_add(p2e_sku_zeros *z, const char *s, size_t len, unsigned long line)
{
    if (len > P2E_SKU_ZEROS_MAX || !all_digits(s, len))
        return;
    if (!z->count[len]++) {
        z->line[len] = line;
        memcpy(z->first[len], s, len);
        z->first[len][len] = '\0';
    }
    size_t zeros = 0;
    while (zeros < len && s[zeros] == '0')
        zeros++;
    if (zeros && zeros < len)
        z->zeros[len] |= (uint64_t)1 << zeros;
}

size_t p2e_sku_zeros_lost(const p2e_sku_zeros *z, unsigned long *line, const char **value,
                          char *restored, size_t cap)
{
    size_t top = P2E_SKU_ZEROS_MAX;
    while (top > 0 && !z->count[top])
        top--;
    if (top == 0 || top >= cap || !z->zeros[top])
        return 0;
    size_t shorter = 0, first = 0;
    for (size_t n = 1; n < top; n++) {
        if (!z->count[n] || !(z->zeros[top] >> (top - n) & 1))
            continue;
        shorter += z->count[n];
        if (!first || z->line[n] < z->line[first])
            first = n;
    }
    if (!shorter || shorter >= z->count[top])
        return 0;
    *line = z->line[first];
    *value = z->first[first];
    memset(restored, '0', top - first);
    memcpy(restored + (top - first), z->first[first], first);
    restored[top] = '\0';
    return shorter;
}

/* The field's name: the mapped column whose text is this cell, else its
 * position. */
static const char *cell_name(const p2e_load *ld, size_t k, char *tmp, size_t cap)
{
    for (int col = 0; col < P2E_COL_COUNT; col++)
        if (ld->pr->cell[col].s == ld->row->cell[k])
            return ld->fields->label[col];
    snprintf(tmp, cap, "column %zu", k + 1);
    return tmp;
}

static void keys(p2e_load *ld)
{
    const p2e_cell h = ld->pr->cell[P2E_COL_HANDLE], s = ld->pr->cell[P2E_COL_SKU];
    ld->handle_buf.len = ld->sku_buf.len = 0;
    if (p2e_buf_append(&ld->handle_buf, h.s, h.len) || p2e_buf_putc(&ld->handle_buf, '\0') ||
        p2e_buf_append(&ld->sku_buf, s.s, s.len) || p2e_buf_putc(&ld->sku_buf, '\0'))
        return; /* out of memory: the finding names no handle or SKU */
    ld->handle = ld->handle_buf.data;
    ld->sku = ld->sku_buf.data;
}

p2e_status p2e_damage_truncated_row(p2e_load *ld, size_t cell, size_t chars)
{
    char name[64], value[64];
    keys(ld);
    snprintf(value, sizeof value, "%zu characters", chars);
    ld->cat->not_written_unstored[P2E_CODE_ROW_TRUNCATED]++;
    return p2e_report_add(ld->rep, P2E_CODE_ROW_TRUNCATED, ld->file, ld->row->line, P2E_NO_VARIANT,
                          P2E_KEEP_ALWAYS, ld->handle, ld->sku,
                          cell_name(ld, cell, name, sizeof name), value,
                          "export the products again straight from the POS, not through a "
                          "spreadsheet");
}

p2e_status p2e_damage_upc(p2e_load *ld, const char *upc, size_t len, const char *field,
                          char *restored, size_t cap, int *lost)
{
    *lost = p2e_damage_upc_zeros(upc, len, restored, cap);
    if (!*lost)
        return P2E_OK;
    char detail[160], value[64];
    snprintf(value, sizeof value, "%.*s", (int)(len < 40 ? len : 40), upc);
    snprintf(detail, sizeof detail, "%s with them restored; %s", restored,
             ld->o->restore_upc_zeros ? "written restored (--restore-upc-zeros)"
                                      : "written as read: --restore-upc-zeros writes it restored");
    return p2e_report_add(ld->rep, P2E_CODE_LEADING_ZERO_LOST, ld->file, ld->row->line, ld->vi,
                          P2E_KEEP_IF_WRITTEN, ld->handle, ld->sku, field, value, detail);
}

p2e_status p2e_damage_sku_column(p2e_load *ld)
{
    unsigned long line;
    const char *value;
    char restored[P2E_SKU_ZEROS_MAX + 1], detail[256];
    size_t n = ld->sku_zeros
                   ? p2e_sku_zeros_lost(ld->sku_zeros, &line, &value, restored, sizeof restored)
                   : 0;
    if (!n)
        return P2E_OK;
    snprintf(detail, sizeof detail,
             "%zu SKUs of this column are shorter than its other %zu-digit SKUs (some of which "
             "start with 0): %s was probably %s; SKUs are written as read, so export again with "
             "the SKU column kept as text",
             n, strlen(restored), value, restored);
    return p2e_report_add(ld->rep, P2E_CODE_LEADING_ZERO_LOST, ld->file, line, P2E_NO_VARIANT,
                          P2E_KEEP_ALWAYS, NULL, NULL, "sku", value, detail);
}
