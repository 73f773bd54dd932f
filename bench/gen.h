/*
 * bench/gen.h - what the files of the benchmark generator (build/bench/gen)
 * share: the random numbers, byte buffers, the row being built and a product
 * family.
 *
 *   gen.c         the command line
 *   gen_rows.c    rows and fields: the random state, byte buffers, the row's
 *                 fields and CSV quoting, the vocabulary, value helpers and
 *                 product families (names, descriptions, options, prices, units)
 *   gen_export.c  the store export: outlets, header, product and component
 *                 rows, injected problems, split families, the summary
 *
 * The bytes written depend on the order of the random draws: whatever moves
 * between these files must keep that order.
 */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>

/* ---- random numbers: splitmix64 (the state is in gen_rows.c) ------------ */

extern uint64_t rng;

/* --profile heavy: the findings-heavy catalog (gen.c says what differs);
 * 0 keeps the standard profile's bytes exactly as they were */
extern int heavy;

static inline uint64_t next64(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [0, n) (n > 0), by multiply-shift: no modulo bias worth noting */
static inline uint32_t below(uint32_t n)
{
    return (uint32_t)(((next64() >> 32) * (uint64_t)n) >> 32);
}

static inline int range(int lo, int hi)
{
    return lo + (int)below((uint32_t)(hi - lo + 1));
}

static inline int chance(unsigned per_mille)
{
    return below(1000) < per_mille;
}

#define PICK(arr) (arr[below(sizeof arr / sizeof arr[0])])
#define COUNT(arr) (sizeof arr / sizeof arr[0])

/* "gen: MSG" on standard error, exit status 2 */
void die(const char *msg);

/* ---- growing byte buffers ---------------------------------------------- */

typedef struct {
    char *d;
    size_t len, cap;
} sbuf;

void sb_put(sbuf *b, const char *s, size_t n);
void sb_puts(sbuf *b, const char *s);
void sb_putc(sbuf *b, char c);

/* ---- the row being built ------------------------------------------------ */

enum {
    C_ID, C_HANDLE, C_SKU, C_CNAME, C_CSKU, C_CQTY, C_NAME, C_DESC, C_CAT,
    C_O1N, C_O1V, C_O2N, C_O2V, C_O3N, C_O3V, C_TAGS, C_ONLINE, C_WEIGHT, C_WUNIT,
    C_LENGTH, C_WIDTH, C_HEIGHT, C_DUNIT, C_SUPPLY, C_RETAIL, C_ACC, C_ACCP, C_BRAND,
    C_SUPNAME, C_SUPCODE, C_ACTIVE, C_TRACK, C_FIXED
};

typedef struct {
    const char *s;
    size_t n;
} fld;

extern fld *F;            /* fields of the current row (NCOLS + 1) */
extern size_t NCOLS;      /* header width: C_FIXED + 4 * outlets */
extern size_t NF;         /* fields the current row will have */

void row_init(size_t ncols); /* F and the value arena for ncols columns */
void row_free(void);
void row_reset(void);
void f_str(size_t i, const char *s);
void f_mem(size_t i, const char *s, size_t n);
void f_fmt(size_t i, const char *fmt, ...);
void f_int(size_t i, long v);
void f_hundredths(size_t i, long v, int fixed);
void put_field(sbuf *b, const char *s, size_t n); /* one CSV field, quoted if need be */
void put_row(sbuf *b);                            /* F[0 .. NF), then LF */

/* ---- values ------------------------------------------------------------- */

void uuid(char out[37]);
const char *pick_category(void);

/* ---- a family ---------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *values[12];
} optdef;

typedef struct {
    uint64_t index;
    int size;
    char name[200], handle[220], code[16], tags[160];
    const char *category, *brand, *brand_code, *supplier;
    sbuf desc;
    int nopt;
    const optdef *opt[3];
    int count[3], offset[3];
    int composite, inactive, instore, untracked, split_last, sku_is_handle;
    long price, supply;      /* hundredths */
    const char *weight_unit, *dims_unit;
    long weight, dim[3];     /* hundredths; -1: empty */
    int numeric_sku;
    int missing_name;
    int name_differs_row;    /* OPTION_NAMES_DIFFER on this variant, -1 none */
    int gap;                 /* heavy: grid cell skipped before this variant, -1 none */
} family;

int size_of_family(void);
void new_family(family *f, uint64_t index, int size, unsigned problems);
const char *opt_value(const family *f, int k, int variant);

/* ---- the store export (gen_export.c) ------------------------------------ */

/* writes the whole export to standard output and the summary to standard
 * error; rng must be seeded */
void write_export(uint64_t nvariants, size_t noutlets, unsigned problems, uint64_t seed);

#endif
