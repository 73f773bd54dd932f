/*
 * test_report_files: manual-fields.csv is itself an E-Series partial import:
 * it parses with the same reader as the import file, names every written
 * product and variation by the same SKUs, and leaves the three eCom-only
 * fields empty for the merchant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "p2e_command.h"
#include "p2e_store.h"
#include "testutil.h"

static char *convert_demo(void)
{
    char *dir = tu_temp_dir();
    assert_non_null(dir);
    const char *inputs[] = {"samples/store/product-export.csv"};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.all_outlets = 1;
    o.quiet = 1;
    o.no_xlsx = 1;
    o.out_dir = dir;
    p2e_err err = {{0}};
    int code = -1;
    assert_int_equal(p2e_command_convert(&o, stderr, &code, &err), P2E_OK);
    assert_int_equal(code, 0);
    return dir;
}

static void read_store(p2e_store *s, const char *dir, const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    p2e_err err = {{0}};
    assert_int_equal(p2e_store_init(s), P2E_OK);
    if (p2e_store_read(s, path, &err) != P2E_OK)
        fail_msg("%s: %s", name, err.msg);
}

static void test_manual_fields_is_an_import(void **state)
{
    (void)state;
    char *dir = convert_demo();
    p2e_store import, manual;
    read_store(&import, dir, "ecom-import.csv");
    read_store(&manual, dir, "manual-fields.csv");
    /* the same products and variations, by SKU */
    assert_int_equal(manual.nproducts, import.nproducts);
    assert_int_equal(manual.nvariations, import.nvariations);
    assert_true(manual.nproducts > 30);
    for (size_t i = 0; i < manual.nproducts; i++) {
        const p2e_store_product *p = &manual.products[i];
        const char *sku = p2e_store_str(&manual, p->f[P2E_SF_SKU]);
        uint32_t ip = p2e_store_find_product(&import, sku);
        if (ip == P2E_STORE_NONE)
            fail_msg("manual-fields.csv product %s is not in the import", sku);
        assert_string_equal(p2e_store_str(&manual, p->f[P2E_SF_NAME]),
                            p2e_store_str(&import, import.products[ip].f[P2E_SF_NAME]));
        /* the columns are there (an update needs them) and empty */
        assert_true(p->seen_fields[P2E_SF_COMPARE_TO] && p->seen_fields[P2E_SF_SUBTITLE] &&
                    p->seen_fields[P2E_SF_LOW_STOCK]);
        assert_string_equal(p2e_store_str(&manual, p->f[P2E_SF_COMPARE_TO]), "");
        assert_string_equal(p2e_store_str(&manual, p->f[P2E_SF_SUBTITLE]), "");
        assert_string_equal(p2e_store_str(&manual, p->f[P2E_SF_LOW_STOCK]), "");
        for (uint32_t v = p->first_variation; v != P2E_STORE_NONE; v = manual.variations[v].next) {
            const char *vsku = p2e_store_str(&manual, manual.variations[v].f[P2E_SF_SKU]);
            if (p2e_store_find_variation(&import, ip, vsku, NULL) == P2E_STORE_NONE)
                fail_msg("manual-fields.csv variation %s of %s is not in the import", vsku, sku);
        }
    }
    p2e_store_free(&import);
    p2e_store_free(&manual);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manual_fields_is_an_import),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
