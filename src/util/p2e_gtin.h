/*
 * p2e_gtin.h - GTIN-8/12/13/14 check digits (UPC, EAN). No allocation.
 */
#ifndef P2E_GTIN_H
#define P2E_GTIN_H

#include <stddef.h>

/* True when s[0..len) is 8, 12, 13 or 14 digits with a correct mod-10
 * check digit (GS1 weights 3,1,3,... from the right, check digit excluded). */
int p2e_gtin_valid(const char *s, size_t len);

#endif
