/*
 * p2e_units.h - weight and dimension units, converted exactly.
 *
 * Factors are exact integers (nanograms, nanometres: 1 lb = 453592370000 ng,
 * 1 oz = 1/16 lb, 1 in = 25400000 nm) and products are taken in 128 bits,
 * so a conversion rounds once, half-up, at the end. No allocation.
 */
#ifndef P2E_UNITS_H
#define P2E_UNITS_H

#include <stdint.h>

typedef enum { P2E_UNIT_WEIGHT, P2E_UNIT_LENGTH } p2e_unit_kind;

typedef struct {
    const char *name;     /* as written in the import: "kg", "cm" */
    p2e_unit_kind kind;
    int64_t nano;         /* size in ng or nm */
} p2e_unit;

/* Unit by name, any case ("LB", "kg", "In"), of the given kind; NULL if none. */
const p2e_unit *p2e_unit_find(const char *name, p2e_unit_kind kind);

/* Convert micro units of `from` to `to`, rounded half-up to `decimals`
 * places; the result is in units of 10^-decimals. Returns 0 on overflow. */
int p2e_unit_convert(int64_t micro, const p2e_unit *from, const p2e_unit *to, int decimals,
                     int64_t *out);

#define P2E_WEIGHT_DECIMALS 3
#define P2E_LENGTH_DECIMALS 2

#endif
