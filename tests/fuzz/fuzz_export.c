/*
 * fuzz_export.c - the whole convert pipeline, from bytes to a catalog and
 * an import file: the X-Series export reader (source: gzip, BOM, UTF-8
 * check, iconv; csvread; input; columns, xseries; load; reader), the rules, the import writer and
 * exceptions.csv, with every outlet summed.
 *
 * Input layout: the last byte chooses the options, every byte before it is
 * the export file (tests/fuzz/seeds.sh appends that byte to each seed):
 *   bit 0    --upc-from-sku
 *   bits 1-2 store weight unit: kg g lb oz
 *   bits 3-4 store dimension unit: cm mm m in
 *   bit 5    --encoding macintosh (else detect: UTF-8, else Windows-1252)
 *   bit 6    first outlet only (else --all-outlets)
 *   bit 7    --max-field-size 100 (else 1 MiB)
 *
 * Properties checked on every input (FUZZ_CHECK aborts):
 *   - a failure is a status with a message, never a crash;
 *   - rows read = written + attached + not written (the accounting
 *     identity the command checks before writing);
 *   - the import written reads back as an E-Series file (p2e_store_read)
 *     with one product per written family;
 *   - every count is within the store's range (issue 19.9): each outlet's
 *     total is >= 0, each written tracked quantity and each variant
 *     product's total of them is within 0..P2E_QTY_MAX.
 */
#include "fuzz_util.h"

#include "p2e_catalog.h"
#include "p2e_ecom.h"
#include "p2e_outlet.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_rules.h"
#include "p2e_store.h"
#include "p2e_units.h"

/* Counts are within range: outlet totals never negative, written
 * quantities and their per-product sums within 0..P2E_QTY_MAX. */
static void check_counts(const p2e_reader *rd, const p2e_catalog *cat)
{
    for (size_t i = 0; rd->stats && i < rd->outlets.count; i++)
        FUZZ_CHECK(rd->stats[i].positive_total >= 0);
    for (size_t f = 0; f < cat->nfamilies; f++) {
        const p2e_family *fam = &cat->families[f];
        int64_t total = 0;
        for (uint32_t vi = fam->first; fam->written && vi != P2E_NONE; vi = cat->variants[vi].next) {
            const p2e_variant *v = &cat->variants[vi];
            if (!v->written || !v->tracked)
                continue;
            FUZZ_CHECK(v->qty >= 0 && v->qty <= P2E_QTY_MAX);
            total += v->qty; /* both <= 2^31 - 1: no overflow */
            FUZZ_CHECK(total <= P2E_QTY_MAX);
        }
    }
}

static const char *const weight_units[] = {"kg", "g", "lb", "oz"};
static const char *const length_units[] = {"cm", "mm", "m", "in"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t opt = data[size - 1];
    size--;
    char in[4200], out[4200], import[4300];
    fuzz_path(in, sizeof in, "export.csv");
    fuzz_path(out, sizeof out, "out");
    snprintf(import, sizeof import, "%s/ecom-import.csv", out);
    mkdir(out, 0700);
    unlink(import);
    fuzz_write_file(in, data, size);

    p2e_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.upc_from_sku = opt & 1;
    ro.weight_unit = p2e_unit_find(weight_units[(opt >> 1) & 3], P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find(length_units[(opt >> 3) & 3], P2E_UNIT_LENGTH);
    ro.encoding = (opt & 0x20) ? "macintosh" : NULL;
    ro.max_field = (opt & 0x80) ? 100 : (size_t)1 << 20;
    FUZZ_CHECK(ro.weight_unit && ro.dimension_unit);

    const char *paths[] = {in};
    const char *names[] = {"export.csv"};
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_err err = {{0}};
    p2e_reader_init(&rd);
    rd.want_stats = 1;
    FUZZ_CHECK(p2e_catalog_init(&cat) == P2E_OK);
    FUZZ_CHECK(p2e_report_init(&rep) == P2E_OK);
    cat.file_names = names;

    p2e_status st = p2e_reader_scan(&rd, paths, 1, &ro, &rep, &err);
    if (!st) {
        if ((opt & 0x40) && rd.outlets.count) {
            char first[600];
            snprintf(first, sizeof first, "%s", rd.outlets.items[0].key);
            const char *pick[] = {first};
            st = p2e_outlet_set_select(&rd.outlets, pick, 1, 0, &err);
        } else {
            st = p2e_outlet_set_select(&rd.outlets, NULL, 0, 1, &err);
        }
    }
    if (!st)
        st = p2e_reader_load(&rd, &cat, &ro, &rep, &err);
    if (!st)
        st = p2e_rules_apply(&cat, &rep, &err);
    if (!st) {
        p2e_accounting acc;
        p2e_catalog_account(&cat, &acc);
        FUZZ_CHECK(acc.read == acc.written + acc.attached + acc.not_written_total);
        check_counts(&rd, &cat);
        st = p2e_ecom_write_import(&cat, NULL, out, "ecom-import.csv", NULL, &err);
        if (!st) {
            p2e_store s;
            p2e_err serr = {{0}};
            FUZZ_CHECK(p2e_store_init(&s) == P2E_OK);
            p2e_status rs = p2e_store_read(&s, import, &serr);
            if (rs)
                fprintf(stderr, "import does not read back: %s\n", serr.msg);
            FUZZ_CHECK(rs == P2E_OK);
            size_t families = 0;
            for (size_t f = 0; f < cat.nfamilies; f++)
                families += cat.families[f].written != 0;
            FUZZ_CHECK(s.nproducts == families);
            p2e_store_free(&s);
        }
        if (!st && p2e_report_sort(&rep) == P2E_OK)
            st = p2e_report_write_exceptions(&rep, &cat, names, out, "exceptions.csv", NULL, &err);
    }
    /* a refusal always explains itself */
    if (st)
        FUZZ_CHECK(err.msg[0] != '\0');
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    return 0;
}
