/*
 * p2e_damage.h - what a spreadsheet did to an export it saved: a row cut at
 * the cell limit (ROW_TRUNCATED), a UPC whose leading zeros were dropped
 * (LEADING_ZERO_LOST), and a SKU column where some values lost theirs
 * (docs/convert-rules.md, "Rows a spreadsheet damaged"). Pure checks on
 * text; load.c reports what they find.
 *
 * Ownership: nothing here allocates; a p2e_sku_zeros is a plain value.
 */
#ifndef P2E_DAMAGE_H
#define P2E_DAMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_load.h"
#include "p2e_record.h"

/* Excel's cell limit, and the margin under it that still counts as cut:
 * programs count line breaks inside a cell differently. */
#define P2E_CELL_LIMIT 32767
#define P2E_CELL_MARGIN 64

/* The record's last non-empty cell holds at least P2E_CELL_LIMIT -
 * P2E_CELL_MARGIN characters and is not its last cell: returns 1 with
 * *cell its index and *chars its length in characters. */
int p2e_damage_truncated(const p2e_row *row, size_t *cell, size_t *chars);

/* A UPC of digits only that is not a GTIN as written but is one with
 * leading zeros restored (to 8, 12, 13 or 14 digits, the shortest that
 * fits): returns 1 with the restored value in out (cap >= 15). */
int p2e_damage_upc_zeros(const char *s, size_t len, char *out, size_t cap);

/* A SKU column's digit-only values, counted by length. */
#define P2E_SKU_ZEROS_MAX 32
typedef struct p2e_sku_zeros_s {
    size_t count[P2E_SKU_ZEROS_MAX + 1];      /* digit-only SKUs of each length */
    uint64_t zeros[P2E_SKU_ZEROS_MAX + 1];     /* bit z: some of that length start with z zeros */
    unsigned long line[P2E_SKU_ZEROS_MAX + 1]; /* the first of that length */
    char first[P2E_SKU_ZEROS_MAX + 1][P2E_SKU_ZEROS_MAX + 1];
} p2e_sku_zeros;

void p2e_sku_zeros_add(p2e_sku_zeros *z, const char *s, size_t len, unsigned long line);

/* Some digit-only SKUs are shorter than the column's longest by exactly a
 * number of zeros that some of the longest start with (13 digits, some
 * starting 0 or 00: 12- and 11-digit SKUs lost them; 7-digit ones did
 * not), and are fewer than the longest: they lost their leading zeros.
 * Returns how many, with the first of them (its line, its value and its
 * value with the zeros restored); 0 when the column shows no such loss. */
size_t p2e_sku_zeros_lost(const p2e_sku_zeros *z, unsigned long *line, const char **value,
                          char *restored, size_t cap);

/* The findings, for load.c: a cut row (counted as not written), a UPC
 * that lost its zeros (the restored value kept in `restored` when the
 * options say so, else the value as read), and the SKU column's loss once
 * per input, at its end. */
p2e_status p2e_damage_truncated_row(p2e_load *ld, size_t cell, size_t chars) P2E_MUST_CHECK;
p2e_status p2e_damage_upc(p2e_load *ld, const char *upc, size_t len, const char *field,
                          char *restored, size_t cap, int *lost) P2E_MUST_CHECK;
p2e_status p2e_damage_sku_column(p2e_load *ld) P2E_MUST_CHECK;

#endif
