/*
 * fuzz_store.c - the E-Series catalog reader (p2e_store_read): a store's
 * export, new or legacy format, or an import file, from arbitrary bytes.
 *
 * Properties checked on every input (FUZZ_CHECK aborts):
 *   - a failure is a status with a message, never a crash;
 *   - every variation points at a product that exists, and each product's
 *     variation list has exactly nvariations entries, all its own;
 *   - lookups by the SKUs read find a product;
 *   - applying the store as an update to an empty store succeeds or fails
 *     with a message.
 */
#include "fuzz_util.h"

#include "p2e_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[4200];
    fuzz_path(in, sizeof in, "catalog.csv");
    fuzz_write_file(in, data, size);

    p2e_store s;
    p2e_err err = {{0}};
    FUZZ_CHECK(p2e_store_init(&s) == P2E_OK);
    p2e_status st = p2e_store_read(&s, in, &err);
    if (st) {
        FUZZ_CHECK(err.msg[0] != '\0');
        p2e_store_free(&s);
        return 0;
    }
    for (size_t v = 0; v < s.nvariations; v++)
        FUZZ_CHECK(s.variations[v].product < s.nproducts);
    for (size_t p = 0; p < s.nproducts; p++) {
        const p2e_store_product *sp = &s.products[p];
        uint32_t n = 0;
        for (uint32_t v = sp->first_variation; v != P2E_STORE_NONE; v = s.variations[v].next) {
            FUZZ_CHECK(v < s.nvariations);
            FUZZ_CHECK(s.variations[v].product == p);
            FUZZ_CHECK(++n <= s.nvariations);
        }
        FUZZ_CHECK(n == sp->nvariations);
        const char *sku = p2e_store_str(&s, sp->f[P2E_SF_SKU]);
        if (*sku)
            FUZZ_CHECK(p2e_store_find_product(&s, sku) != P2E_STORE_NONE);
        if (sp->first_variation != P2E_STORE_NONE) {
            const p2e_store_variation *sv = &s.variations[sp->first_variation];
            (void)p2e_store_find_variation(&s, (uint32_t)p, p2e_store_str(&s, sv->f[P2E_SF_SKU]),
                                           p2e_store_str(&s, sv->f[P2E_SF_OPTIONS]));
        }
    }
    for (size_t c = 0; c < s.ncategories; c++)
        FUZZ_CHECK(p2e_store_has_category(&s, p2e_store_str(&s, s.categories[c])));

    p2e_store empty;
    p2e_err aerr = {{0}};
    FUZZ_CHECK(p2e_store_init(&empty) == P2E_OK);
    if (p2e_store_apply(&empty, &s, &aerr) != P2E_OK)
        FUZZ_CHECK(aerr.msg[0] != '\0');
    p2e_store_free(&empty);
    p2e_store_free(&s);
    return 0;
}
