/*
 * p2e_keyset.h - names to match photos against (SKUs, or product keys),
 * looked up by exact bytes or by case fold (p2e_casefold).
 *
 * Each name holds the ids added under it, written or not: per exact name
 * and per folded name, the number of written ids, the first two of them,
 * and the first id not written (for a finding's detail). A lookup is O(1)
 * whatever the number of names that fold alike.
 *
 * Ownership: the set owns its copies of the names; p2e_keyset_free.
 */
#ifndef P2E_KEYSET_H
#define P2E_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_status.h"

#define P2E_KEY_NO_ID UINT32_MAX

typedef struct {
    uint32_t nwritten;     /* written ids under this name */
    uint32_t written[2];   /* the first two, in the order added */
    uint32_t unwritten;    /* the first id not written, or P2E_KEY_NO_ID */
} p2e_key_ids;

typedef struct {
    p2e_pool names;        /* exact names and folded names */
    p2e_map index[2];      /* exact name, folded name -> ids[] */
    p2e_key_ids *ids;
    size_t nids, cap;
    p2e_buf fold;
} p2e_keyset;

p2e_status p2e_keyset_init(p2e_keyset *ks) P2E_MUST_CHECK;
void p2e_keyset_free(p2e_keyset *ks);

/* Add id under key (and under its fold); "" is not added. */
p2e_status p2e_keyset_add(p2e_keyset *ks, const char *key, size_t len, uint32_t id, int written)
    P2E_MUST_CHECK;

/* The ids under key's exact bytes (folded = 0) or under its fold (folded
 * = 1); NULL when none. *st is set on an allocation failure. */
const p2e_key_ids *p2e_keyset_find(p2e_keyset *ks, const char *key, size_t len, int folded,
                                   p2e_status *st);

#endif
