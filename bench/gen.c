/*
 * bench/gen.c - a synthetic Lightspeed X-Series product export for the benchmark.
 *
 *   gen --variants N --outlets K --seed S [--problems PER_MILLE]
 *       [--profile standard|heavy] > export.csv
 *
 * Writes a generation-C export (docs: shared/spec/xseries-export.md): the fixed
 * columns id .. track_inventory, then per outlet outlet_tax_<O>, inventory_<O>,
 * reorder_point_<O>, restock_level_<O>. N product rows (variants; composite
 * component rows come on top), grouped into families of 1 to 12 variants with up
 * to three options, long HTML descriptions with quotes and newlines, nested
 * categories, composites with current-style component rows (empty handle, the
 * composite's sku, the component's name/sku/quantity, a short row), inactive and
 * in-store-only products, negative and empty stock, a few families split across
 * the file, and PER_MILLE (default 30, i.e. 3 %) product rows with a data problem.
 *
 * --profile heavy (issue 20) is the findings-heavy catalog: a quarter of the
 * outlet counts negative (most rows have at least one), longer descriptions
 * (18 % of 2.5-12 KB, 40 % of 0.7-2.5 KB), three families in four with two or
 * three options and most of those with a cell of their option grid left out,
 * and PER_MILLE 50 (5 %) unless given. The standard profile's bytes do not
 * change: the heavy profile reads the same draws differently, and its extra
 * draws happen only when it is chosen.
 *
 * Deterministic: the only randomness is a splitmix64 generator seeded with S and
 * only integer arithmetic is used, so the bytes are identical for a seed on any
 * machine. Plain C11 and libc. A short summary of what was written goes to
 * standard error.
 *
 * This file is the command line; gen_rows.c builds rows, fields and product
 * families, gen_export.c writes the store export (gen.h has what they share).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static void usage(void)
{
    fprintf(stderr, "usage: gen --variants N --outlets K --seed S [--problems PER_MILLE] "
                    "[--profile standard|heavy] > export.csv\n");
    exit(1);
}

static uint64_t number_arg(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end)
        usage();
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t nvariants = 0, seed = 1;
    unsigned problems = 30;
    int have_variants = 0, have_problems = 0;
    size_t noutlets = 0;
    int have_outlets = 0;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--variants")) {
            nvariants = number_arg(argv[++i]);
            have_variants = 1;
        } else if (!strcmp(argv[i], "--outlets")) {
            noutlets = (size_t)number_arg(argv[++i]);
            have_outlets = 1;
        } else if (!strcmp(argv[i], "--seed")) {
            seed = number_arg(argv[++i]);
        } else if (!strcmp(argv[i], "--problems")) {
            problems = (unsigned)number_arg(argv[++i]);
            if (problems > 1000)
                usage();
            have_problems = 1;
        } else if (!strcmp(argv[i], "--profile")) {
            i++;
            if (!strcmp(argv[i], "heavy"))
                heavy = 1;
            else if (strcmp(argv[i], "standard"))
                usage();
        } else {
            usage();
        }
    }
    if (!have_variants || !have_outlets || noutlets < 1 || noutlets > 1000)
        usage();
    if (heavy && !have_problems)
        problems = 50;
    rng = seed;
    write_export(nvariants, noutlets, problems, seed);
    return 0;
}
