/*
 * test_public_convert.c - convert each real X-Series export of
 * ../shared/fixtures-public/xseries/ (all outlets) and check the produced
 * ecom-import.csv and exceptions.csv against a computation made here,
 * independently of the converter: the input is split with libcsv (the Mac
 * Roman file decoded with iconv by this test), numbers are handled by the
 * small decimal code below (digit strings and scaled integers, no floating
 * point), and the only converter function called is p2e_command_convert.
 *
 * What is checked, per file (docs/convert-rules.md, shared/spec/conversion-rules.md):
 *   - ecom-import.csv: UTF-8 without BOM, LF after the last record, parses
 *     as RFC 4180 with libcsv in strict mode, every record has the header's
 *     column count, the first column is `type`;
 *   - no SKU repeats among product rows' product_sku and variation rows'
 *     product_variation_sku;
 *   - every written row (variation rows, and product rows of standard
 *     products) names a SKU of the input; its price is the input
 *     retail_price rounded half-up to 2 decimals; its quantity is
 *     floor(sum over all outlets of max(0, inventory)), for a composite the
 *     minimum over its components of floor(component stock / quantity) (0
 *     when a component SKU is not in the input); track_inventory=0 rows
 *     are untracked with an empty quantity;
 *   - every input record is accounted for: records == written rows +
 *     attached component rows + rows not written (from exceptions.csv).
 *
 * Without ../shared (a fresh clone elsewhere) the tests print a visible
 * skip notice and pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <csv.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_command.h"
#include "testutil.h"

#define FACTS_PATH "tests/data/xseries_facts.txt"
#define NANO 1000000000LL
#define MAX_SHOWN 20 /* mismatches printed per check */

/* ---- records, split by libcsv ------------------------------------------ */

typedef struct {
    char **cell;
    size_t n;
} rec_t;

typedef struct {
    rec_t *recs;
    size_t n, cap;
    char **cur;
    size_t ncur, capcur;
} table_t;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    return q;
}

static void t_field(void *data, size_t len, void *vt)
{
    table_t *t = vt;
    if (t->ncur == t->capcur) {
        t->capcur = t->capcur ? t->capcur * 2 : 64;
        t->cur = xrealloc(t->cur, t->capcur * sizeof *t->cur);
    }
    char *s = xrealloc(NULL, len + 1);
    if (len)
        memcpy(s, data, len);
    s[len] = '\0';
    t->cur[t->ncur++] = s;
}

static void t_row(int term, void *vt)
{
    table_t *t = vt;
    (void)term;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->recs = xrealloc(t->recs, t->cap * sizeof *t->recs);
    }
    t->recs[t->n].cell = t->cur;
    t->recs[t->n].n = t->ncur;
    t->n++;
    t->cur = NULL;
    t->ncur = t->capcur = 0;
}

static void table_free(table_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->recs[i].n; k++)
            free(t->recs[i].cell[k]);
        free(t->recs[i].cell);
    }
    for (size_t k = 0; k < t->ncur; k++)
        free(t->cur[k]);
    free(t->cur);
    free(t->recs);
    memset(t, 0, sizeof *t);
}

/* Spaces are data: never trimmed by the parser. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Split data into records; returns 1, or 0 with a reason in why. */
static int parse_csv(const char *data, size_t len, unsigned char opts, table_t *t, char *why,
                     size_t whylen)
{
    struct csv_parser p;
    if (csv_init(&p, opts) != 0) {
        snprintf(why, whylen, "csv_init failed");
        return 0;
    }
    csv_set_space_func(&p, no_space);
    size_t done = csv_parse(&p, data, len, t_field, t_row, t);
    int ok = done == len && csv_fini(&p, t_field, t_row, t) == 0;
    if (!ok)
        snprintf(why, whylen, "%s (near byte %zu)", csv_strerror(csv_error(&p)), done);
    csv_free(&p);
    return ok;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        if (!got)
            break;
        n += got;
    }
    fclose(fp);
    *len = n;
    return buf;
}

/* The whole file decoded from `encoding` to UTF-8 with iconv. */
static char *decode(char *in, size_t inlen, const char *encoding, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = inlen * 4 + 16, ol = cap, il = inlen;
    char *out = xrealloc(NULL, cap), *op = out, *ip = in;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(out);
        return NULL;
    }
    *outlen = cap - ol;
    return out;
}

/* ---- a string -> index map --------------------------------------------- */

typedef struct {
    const char **keys;
    size_t *vals;
    size_t nslots;
} smap_t;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void smap_init(smap_t *m, size_t n)
{
    m->nslots = 64;
    while (m->nslots < 2 * n + 16)
        m->nslots *= 2;
    m->keys = calloc(m->nslots, sizeof *m->keys);
    m->vals = calloc(m->nslots, sizeof *m->vals);
    assert_non_null(m->keys);
    assert_non_null(m->vals);
}

static void smap_free(smap_t *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t smap_slot(const smap_t *m, const char *k)
{
    size_t i = (size_t)fnv1a(k) & (m->nslots - 1);
    while (m->keys[i] && strcmp(m->keys[i], k) != 0)
        i = (i + 1) & (m->nslots - 1);
    return i;
}

static int smap_get(const smap_t *m, const char *k, size_t *v)
{
    size_t i = smap_slot(m, k);
    if (!m->keys[i])
        return 0;
    *v = m->vals[i];
    return 1;
}

/* Insert, or overwrite when `replace`; the table must not fill up (it is
 * sized for the records up front). Returns 1 when the key was new. */
static int smap_put(smap_t *m, const char *k, size_t v, int replace)
{
    size_t i = smap_slot(m, k);
    int is_new = m->keys[i] == NULL;
    if (is_new || replace) {
        m->keys[i] = k;
        m->vals[i] = v;
    }
    return is_new;
}

/* ---- decimals ---------------------------------------------------------- */

static const char *skip_sp(const char *s)
{
    while (*s == ' ')
        s++;
    return s;
}

/* Trim spaces in place (the cell is ours). */
static char *trim_sp(char *s)
{
    s = (char *)skip_sp(s);
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A plain decimal [+-]?(d+(.d*)?|.d+), spaces around allowed, as value *
 * 10^9. Returns 1 for such a number, 0 for anything else (empty too), -1
 * for one this helper cannot hold exactly (over 9 decimals or too big). */
static int dec_nano(const char *s, int64_t *nano)
{
    s = skip_sp(s);
    int neg = 0;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    int64_t whole = 0, frac = 0;
    int nd = 0, nf = 0;
    for (; is_digit(*s); s++, nd++) {
        if (whole > 1000000000LL)
            return -1;
        whole = whole * 10 + (*s - '0');
    }
    if (*s == '.')
        for (s++; is_digit(*s); s++, nf++) {
            if (nf == 9)
                return -1;
            frac = frac * 10 + (*s - '0');
        }
    if (nd + nf == 0 || *skip_sp(s))
        return 0;
    for (int k = nf; k < 9; k++)
        frac *= 10;
    *nano = (neg ? -1 : 1) * (whole * NANO + frac);
    return 1;
}

/* retail_price rounded half-up to 2 decimals, done on the digit string:
 * "44.992" -> "44.99", "0.125" -> "0.13", "35" -> "35.00", "" -> "0.00".
 * Returns 0 when s is not a non-negative plain decimal. */
static int price_2dp(const char *s, char *out, size_t outlen)
{
    char d[128];
    size_t n = 0;
    s = skip_sp(s);
    if (!*s) {
        snprintf(out, outlen, "0.00");
        return 1;
    }
    int neg = 0, nonzero = 0, digits = 0;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    for (; is_digit(*s) && n < 100; s++, digits++) {
        d[n++] = *s;
        nonzero |= *s != '0';
    }
    if (!n)
        d[n++] = '0';
    char f[3] = {'0', '0', '0'};
    if (*s == '.') {
        s++;
        for (int k = 0; is_digit(*s); s++, k++, digits++) {
            if (k < 3)
                f[k] = *s;
            nonzero |= *s != '0';
        }
    }
    if (!digits || *skip_sp(s) || n >= 100 || (neg && nonzero))
        return 0;
    d[n++] = f[0];
    d[n++] = f[1];
    if (f[2] >= '5') { /* half-up: add one hundredth, with carry */
        size_t i = n;
        while (i > 0 && d[i - 1] == '9')
            d[--i] = '0';
        if (i == 0) {
            memmove(d + 1, d, n++);
            d[0] = '1';
        } else {
            d[i - 1]++;
        }
    }
    size_t lead = 0;
    while (lead + 3 < n && d[lead] == '0')
        lead++;
    snprintf(out, outlen, "%.*s.%.2s", (int)(n - 2 - lead), d + lead, d + n - 2);
    return 1;
}

static void test_price_2dp(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"44.992", "44.99"}, {"0.125", "0.13"}, {"35", "35.00"},   {"", "0.00"},
        {"7.5", "7.50"},     {"9.995", "10.00"}, {"99.999", "100.00"}, {".5", "0.50"},
        {" 12.00 ", "12.00"}, {"0.004", "0.00"}, {"0.005", "0.01"}, {"-0.00", "0.00"},
        {"001.10", "1.10"},  {"+3", "3.00"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(price_2dp(cases[i][0], out, sizeof out));
        assert_string_equal(out, cases[i][1]);
    }
    static const char *const bad[] = {"-5", "abc", "1.2.3", "1e5", ".", "-0.01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(price_2dp(bad[i], out, sizeof out));
    int64_t v;
    assert_int_equal(dec_nano(" -0.25 ", &v), 1);
    assert_true(v == -250000000LL);
    assert_int_equal(dec_nano("15.5", &v), 1);
    assert_true(v == 15500000000LL);
    assert_int_equal(dec_nano("0.00", &v), 1);
    assert_true(v == 0);
    assert_int_equal(dec_nano("", &v), 0);
    assert_int_equal(dec_nano("n/a", &v), 0);
    assert_int_equal(dec_nano("7.45E+11", &v), 0);
}

/* ---- the input, as this test reads it ---------------------------------- */

typedef struct {
    const char *sku;     /* trimmed */
    const char *price;   /* retail_price cell */
    int tracked;         /* track_inventory not 0/false */
    int64_t stock;       /* nano units: sum over outlets of max(0, inventory) */
    long comps;          /* first attached component, -1: none */
} prod_t;

typedef struct {
    const char *sku;     /* composite_sku, trimmed */
    const char *qty;     /* composite_quantity */
    long next;
} comp_t;

typedef struct {
    table_t t;
    prod_t *prods;
    size_t nprods;
    comp_t *comps;
    size_t ncomps;
    size_t records;      /* records after the header */
    size_t orphans;      /* component rows with no product row above */
    smap_t by_sku;       /* sku -> first product row with it */
} input_t;

static long col_of(const rec_t *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->cell[i], name) == 0)
            return (long)i;
    return -1;
}

static char *cell_of(const rec_t *r, long col)
{
    static char empty[1];
    empty[0] = '\0';
    return col >= 0 && (size_t)col < r->n ? r->cell[col] : empty;
}

static int is_false_text(const char *s)
{
    char b[8];
    s = skip_sp(s);
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (n >= sizeof b)
        return 0;
    for (size_t i = 0; i < n; i++)
        b[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    b[n] = '\0';
    return strcmp(b, "0") == 0 || strcmp(b, "false") == 0;
}

static void read_input(const char *path, const char *encoding, input_t *in)
{
    size_t len;
    char *raw = read_all(path, &len);
    assert_non_null(raw);
    char *text = raw;
    if (encoding) {
        text = decode(raw, len, encoding, &len);
        if (!text)
            fail_msg("%s: cannot decode from %s with iconv", path, encoding);
        free(raw);
    } else if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text, text + 3, len - 3);
        len -= 3;
    }
    char why[200];
    memset(in, 0, sizeof *in);
    if (!parse_csv(text, len, 0, &in->t, why, sizeof why))
        fail_msg("%s: %s", path, why);
    free(text);
    assert_true(in->t.n >= 1);
    const rec_t *h = &in->t.recs[0];
    long c_sku = col_of(h, "sku"), c_price = col_of(h, "retail_price"),
         c_track = col_of(h, "track_inventory"), c_csku = col_of(h, "composite_sku"),
         c_chandle = col_of(h, "composite_handle"), c_cname = col_of(h, "composite_name"),
         c_cqty = col_of(h, "composite_quantity");
    assert_true(c_sku >= 0 && c_price >= 0);
    long inv[256];
    size_t ninv = 0;
    for (size_t i = 0; i < h->n && ninv < 256; i++)
        if (strncmp(h->cell[i], "inventory_", 10) == 0 && col_of(h, h->cell[i]) == (long)i)
            inv[ninv++] = (long)i;

    size_t nrec = in->t.n - 1;
    in->records = nrec;
    in->prods = xrealloc(NULL, nrec * sizeof *in->prods);
    in->comps = xrealloc(NULL, nrec * sizeof *in->comps);
    smap_init(&in->by_sku, nrec);
    smap_t last; /* sku -> latest product row: where components attach */
    smap_init(&last, nrec);
    for (size_t r = 1; r < in->t.n; r++) {
        rec_t *rec = &in->t.recs[r];
        char *sku = trim_sp(cell_of(rec, c_sku));
        int component = *skip_sp(cell_of(rec, c_csku)) || *skip_sp(cell_of(rec, c_chandle)) ||
                        *skip_sp(cell_of(rec, c_cname));
        if (component) {
            size_t parent;
            if (!smap_get(&last, sku, &parent)) {
                in->orphans++;
                continue;
            }
            comp_t *c = &in->comps[in->ncomps];
            c->sku = trim_sp(cell_of(rec, c_csku));
            c->qty = cell_of(rec, c_cqty);
            c->next = in->prods[parent].comps;
            in->prods[parent].comps = (long)in->ncomps++;
            continue;
        }
        prod_t *p = &in->prods[in->nprods];
        p->sku = sku;
        p->price = cell_of(rec, c_price);
        p->tracked = !is_false_text(cell_of(rec, c_track));
        p->stock = 0;
        p->comps = -1;
        for (size_t k = 0; k < ninv; k++) {
            int64_t v;
            int ok = dec_nano(cell_of(rec, inv[k]), &v);
            if (ok < 0)
                fail_msg("%s: inventory '%s' has more precision than this test handles", path,
                         cell_of(rec, inv[k]));
            if (ok > 0 && v > 0)
                p->stock += v;
        }
        if (*sku)
            smap_put(&in->by_sku, sku, in->nprods, 0);
        smap_put(&last, sku, in->nprods, 1);
        in->nprods++;
    }
    smap_free(&last);
}

static void input_free(input_t *in)
{
    smap_free(&in->by_sku);
    free(in->prods);
    free(in->comps);
    table_free(&in->t);
}

/* The quantity the rules give a tracked written row: floor of its stock,
 * or for a composite the minimum over its components of
 * floor(floor(component stock) / composite_quantity); 0 when a component
 * is not in the input or its quantity is not a positive number; an
 * untracked component does not limit. Returns 0 when that is undefined
 * (every component untracked), else 1. */
static int expected_qty(const input_t *in, const prod_t *p, int64_t *qty)
{
    if (p->comps < 0) {
        *qty = p->stock / NANO;
        return 1;
    }
    int64_t best = -1;
    for (long k = p->comps; k >= 0; k = in->comps[k].next) {
        const comp_t *c = &in->comps[k];
        size_t ci;
        int64_t q;
        if (!smap_get(&in->by_sku, c->sku, &ci) || dec_nano(c->qty, &q) != 1 || q <= 0) {
            *qty = 0;
            return 1;
        }
        if (!in->prods[ci].tracked)
            continue;
        int64_t units = in->prods[ci].stock / NANO;
        if (units > INT64_MAX / NANO)
            fail_msg("component stock %lld too large for this test", (long long)units);
        int64_t allows = units * NANO / q;
        if (best < 0 || allows < best)
            best = allows;
    }
    *qty = best;
    return best >= 0;
}

/* ---- facts from tests/data/xseries_facts.txt --------------------------- */

/* The number after `key` in the block of file `base`. */
static long fact(const char *base, const char *key)
{
    FILE *fp = fopen(FACTS_PATH, "r");
    if (!fp)
        fail_msg("%s: cannot open (tests run from the repository root)", FACTS_PATH);
    char line[4096], want[512];
    int in_block = 0;
    long value = -1;
    snprintf(want, sizeof want, "FILE %s", base);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "FILE ", 5) == 0)
            in_block = strcmp(line, want) == 0;
        size_t kl = strlen(key);
        if (in_block && strncmp(line, key, kl) == 0 && line[kl] == ' ') {
            value = strtol(line + kl + 1, NULL, 10);
            break;
        }
    }
    fclose(fp);
    if (value < 0)
        fail_msg("%s: no '%s' for %s", FACTS_PATH, key, base);
    return value;
}

/* ---- the converter's output -------------------------------------------- */

static void load_output(const char *dir, const char *name, table_t *t, int check_bytes)
{
    char path[4200], why[200];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *data = read_all(path, &len);
    if (!data)
        fail_msg("%s: not written", path);
    if (check_bytes) {
        assert_true(len > 0);
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            fail_msg("%s starts with a BOM", name);
        if (data[len - 1] != '\n')
            fail_msg("%s does not end with LF", name);
    }
    memset(t, 0, sizeof *t);
    int ok = parse_csv(data, len, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL, t, why, sizeof why);
    free(data);
    if (!ok)
        fail_msg("%s is not strict RFC 4180 CSV: %s", name, why);
    assert_true(t->n >= 1);
    for (size_t i = 1; i < t->n; i++)
        if (t->recs[i].n != t->recs[0].n)
            fail_msg("%s record %zu has %zu fields, the header %zu", name, i + 1, t->recs[i].n,
                     t->recs[0].n);
}

static long need_col(const rec_t *h, const char *name)
{
    long c = col_of(h, name);
    if (c < 0)
        fail_msg("ecom-import.csv has no column %s", name);
    return c;
}

typedef struct {
    long type, sku, price, tracked, qty, vsku;
} ecom_cols;

/* One written row (variation, or product row of a standard product)
 * against the input; returns the number of mismatches (each printed). */
static int check_written(const input_t *in, const ecom_cols *c, const rec_t *r, const char *sku,
                         size_t recno, int shown)
{
    size_t pi;
    char want[128];
    int bad = 0;
    const char *price = cell_of(r, c->price), *tracked = cell_of(r, c->tracked),
               *qty = cell_of(r, c->qty);
#define MISMATCH(...)                                                                              \
    do {                                                                                           \
        if (shown + bad < MAX_SHOWN) {                                                             \
            printf("  ecom-import.csv record %zu, SKU '%s': ", recno, sku);                        \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
        bad++;                                                                                     \
    } while (0)
    if (!smap_get(&in->by_sku, sku, &pi)) {
        MISMATCH("SKU not in the input");
        return bad;
    }
    const prod_t *p = &in->prods[pi];
    if (!price_2dp(p->price, want, sizeof want))
        MISMATCH("written, but its input price '%s' is not a non-negative number", p->price);
    else if (strcmp(price, want) != 0)
        MISMATCH("product_price '%s', expected '%s' (input '%s')", price, want, p->price);
    if (!p->tracked) {
        if (strcmp(tracked, "false") != 0 || *qty)
            MISMATCH("track_inventory=0: expected tracked=false and no quantity, got '%s', '%s'",
                     tracked, qty);
        return bad;
    }
    if (strcmp(tracked, "true") != 0)
        MISMATCH("product_is_inventory_tracked '%s', expected 'true'", tracked);
    int64_t q;
    if (!expected_qty(in, p, &q)) {
        printf("  note: SKU '%s': every component untracked; quantity not checked\n", sku);
        return bad;
    }
    snprintf(want, sizeof want, "%lld", (long long)q);
    if (strcmp(qty, want) != 0)
        MISMATCH("product_quantity '%s', expected %s%s", qty, want,
                 p->comps >= 0 ? " (composite)" : "");
    return bad;
#undef MISMATCH
}

/* Codes of findings that stand for a row not written (one per row; the
 * one of MISSING_NAME stands for its whole family). UNTERMINATED_QUOTE:
 * the record holding the rest of the file is not written either. */
static int not_written_code(const char *code, const char *field)
{
    static const char *const codes[] = {
        "ROW_TOO_LONG",     "COMPONENT_ORPHAN", "MISSING_SKU",          "DUPLICATE_ID",
        "DUPLICATE_SKU",    "IN_STORE_ONLY",    "IN_STORE_ONLY_VARIANT", "INACTIVE_VARIANT",
        "PRICE_INVALID",    "DUPLICATE_COMBINATION", "UNTERMINATED_QUOTE",
        "VARIANT_WITHOUT_OPTION_VALUE", "ROW_TRUNCATED",
    };
    if (strcmp(code, "NUMBER_DAMAGED") == 0)
        return strcmp(field, "sku") == 0;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(code, codes[i]) == 0)
            return 1;
    return 0;
}

/* Has the variant product whose product row is record i combinations of
 * its variations' option values that no variation has? Worked out from
 * the written file alone: the option columns are the
 * product_variation_option_* columns, the grid the product of the numbers
 * of distinct values per column that has any. */
static int has_grid_gap(const table_t *out, size_t i, long csku, long ctype)
{
    const rec_t *h = &out->recs[0];
    const char *sku = cell_of(&out->recs[i], csku);
    smap_t vals, combos;
    smap_init(&vals, out->n);
    smap_init(&combos, out->n);
    double total = 1;
    size_t complete = 0;
    for (size_t c = 0; c < h->n; c++) {
        if (strncmp(h->cell[c], "product_variation_option_", 25) != 0)
            continue;
        size_t distinct = 0;
        for (size_t j = i + 1; j < out->n && strcmp(cell_of(&out->recs[j], csku), sku) == 0; j++) {
            const char *v = cell_of(&out->recs[j], (long)c);
            char key[1024];
            snprintf(key, sizeof key, "%zu\x1f%s", c, v);
            if (*v && strcmp(cell_of(&out->recs[j], ctype), "product_variation") == 0 &&
                smap_put(&vals, key, 1, 0))
                distinct++;
        }
        if (distinct)
            total *= (double)distinct;
    }
    for (size_t j = i + 1; j < out->n && strcmp(cell_of(&out->recs[j], csku), sku) == 0; j++) {
        if (strcmp(cell_of(&out->recs[j], ctype), "product_variation") != 0)
            continue;
        char key[4096] = "";
        size_t len = 0;
        int full = 1;
        for (size_t c = 0; c < h->n && full; c++) {
            if (strncmp(h->cell[c], "product_variation_option_", 25) != 0)
                continue;
            const char *v = cell_of(&out->recs[j], (long)c);
            /* a column with values in this product must have one here */
            int used = 0;
            for (size_t k = i + 1; k < out->n && !used &&
                               strcmp(cell_of(&out->recs[k], csku), sku) == 0; k++)
                used = strcmp(cell_of(&out->recs[k], ctype), "product_variation") == 0 &&
                       *cell_of(&out->recs[k], (long)c);
            if (used && !*v)
                full = 0;
            len += (size_t)snprintf(key + len, len < sizeof key ? sizeof key - len : 0, "%s\x1f", v);
        }
        if (full && len < sizeof key && smap_put(&combos, key, 1, 0))
            complete++;
    }
    smap_free(&vals);
    smap_free(&combos);
    return (double)complete < total;
}

static void convert_and_check(const char *rel, const char *encoding)
{
    char path[4096];
    if (!tu_public_file(path, sizeof path, rel))
        return;
    const char *base = strrchr(rel, '/') + 1;
    char *dir = tu_temp_dir();
    assert_non_null(dir);

    /* the converter */
    const char *inputs[1] = {path};
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = dir;
    o.all_outlets = 1;
    o.quiet = 1;
    o.no_xlsx = 1; /* report.xlsx holds what the CSV files hold; it only costs time here */
    o.encoding = encoding;
    p2e_err err;
    memset(&err, 0, sizeof err);
    int exit_code = -1;
    p2e_status st = p2e_command_convert(&o, stdout, &exit_code, &err);
    if (st != P2E_OK)
        fail_msg("%s: convert failed: %s", base, err.msg);
    assert_int_equal(exit_code, 0);

    /* the input, read here */
    input_t in;
    read_input(path, encoding, &in);
    assert_int_equal(in.records, fact(base, "records"));
    assert_int_equal(in.ncomps, fact(base, "component_rows") - fact(base, "orphan_components"));

    /* ecom-import.csv */
    table_t out;
    load_output(dir, "ecom-import.csv", &out, 1);
    const rec_t *h = &out.recs[0];
    assert_string_equal(h->cell[0], "type");
    ecom_cols c = {need_col(h, "type"), need_col(h, "product_sku"), need_col(h, "product_price"),
                   need_col(h, "product_is_inventory_tracked"), need_col(h, "product_quantity"),
                   col_of(h, "product_variation_sku")};
    smap_t seen;
    smap_init(&seen, out.n);
    size_t written = 0, variations = 0, standard = 0;
    int bad = 0;
    for (size_t i = 1; i < out.n; i++) {
        const rec_t *r = &out.recs[i];
        const char *type = cell_of(r, c.type);
        const char *sku = NULL;
        if (strcmp(type, "product") == 0) {
            sku = cell_of(r, c.sku);
            const rec_t *next = i + 1 < out.n ? &out.recs[i + 1] : NULL;
            int variant = next &&
                          (strcmp(cell_of(next, c.type), "product_option") == 0 ||
                           strcmp(cell_of(next, c.type), "product_variation") == 0) &&
                          strcmp(cell_of(next, c.sku), sku) == 0;
            if (!variant) {
                standard++;
                bad += check_written(&in, &c, r, sku, i + 1, bad);
            } else {
                /* the product row of a variant product: tracked when a
                 * variation is, quantity the sum of the tracked ones */
                long long sum = 0;
                int any = 0;
                for (size_t j = i + 1; j < out.n && strcmp(cell_of(&out.recs[j], c.sku), sku) == 0;
                     j++) {
                    const rec_t *v = &out.recs[j];
                    if (strcmp(cell_of(v, c.type), "product_variation") != 0 ||
                        strcmp(cell_of(v, c.tracked), "true") != 0)
                        continue;
                    any = 1;
                    sum += strtoll(cell_of(v, c.qty), NULL, 10);
                }
                /* combinations with no variation sell as the base
                 * product: it must be tracked with quantity 0 */
                if (has_grid_gap(&out, i, c.sku, c.type))
                    any = 1, sum = 0;
                char want[32] = "";
                if (any)
                    snprintf(want, sizeof want, "%lld", sum);
                if (strcmp(cell_of(r, c.tracked), any ? "true" : "false") != 0 ||
                    strcmp(cell_of(r, c.qty), want) != 0) {
                    if (bad < MAX_SHOWN)
                        printf("  ecom-import.csv record %zu, product '%s': tracked '%s' quantity "
                               "'%s', expected '%s' '%s' from its variations\n",
                               i + 1, sku, cell_of(r, c.tracked), cell_of(r, c.qty),
                               any ? "true" : "false", want);
                    bad++;
                }
            }
        } else if (strcmp(type, "product_variation") == 0) {
            assert_true(c.vsku >= 0);
            sku = cell_of(r, c.vsku);
            variations++;
            bad += check_written(&in, &c, r, sku, i + 1, bad);
        } else if (strcmp(type, "product_option") != 0 && strcmp(type, "category") != 0) {
            fail_msg("ecom-import.csv record %zu: unknown type '%s'", i + 1, type);
        }
        if (sku && !smap_put(&seen, sku, i, 0)) {
            if (bad < MAX_SHOWN)
                printf("  ecom-import.csv record %zu: SKU '%s' repeats an earlier one\n", i + 1, sku);
            bad++;
        }
    }
    written = variations + standard;
    smap_free(&seen);
    fflush(stdout);
    if (bad)
        fail_msg("%s: %d mismatch(es) between ecom-import.csv and the input (listed above)", base,
                 bad);

    /* accounting, with the rows not written taken from exceptions.csv */
    table_t ex;
    load_output(dir, "exceptions.csv", &ex, 0);
    long ccode = col_of(&ex.recs[0], "code"), cfield = col_of(&ex.recs[0], "field");
    assert_true(ccode >= 0 && cfield >= 0);
    size_t not_written = 0, missing_name = 0;
    for (size_t i = 1; i < ex.n; i++) {
        const char *code = cell_of(&ex.recs[i], ccode);
        not_written += (size_t)not_written_code(code, cell_of(&ex.recs[i], cfield));
        missing_name += strcmp(code, "MISSING_NAME") == 0;
    }
    /* MISSING_NAME names only a family's first row; none in these files */
    assert_int_equal(missing_name, 0);
    if (in.records != written + in.ncomps + not_written)
        fail_msg("%s: %zu input records != %zu written (%zu variations + %zu standard products) + "
                 "%zu component rows + %zu not written",
                 base, in.records, written, variations, standard, in.ncomps, not_written);

    table_free(&ex);
    table_free(&out);
    input_free(&in);
    tu_remove_tree(dir);
    free(dir);
}

static void test_convert_vend2017(void **state)
{
    (void)state;
    convert_and_check("xseries/vend2017_helenhhuang17-Vend_product-export.csv", "macintosh");
}

static void test_convert_vend2018(void **state)
{
    (void)state;
    convert_and_check("xseries/vend2018_samhiggs-data_product-export.csv", NULL);
}

static void test_convert_xseries2023(void **state)
{
    (void)state;
    convert_and_check("xseries/xseries2023_maddytwang-tgc-dash_product-export.csv", NULL);
}

static void test_convert_xseries2026(void **state)
{
    (void)state;
    convert_and_check("xseries/xseries2026_leobrien2-mirour2_product-export.csv", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_2dp),
        cmocka_unit_test(test_convert_vend2017),
        cmocka_unit_test(test_convert_vend2018),
        cmocka_unit_test(test_convert_xseries2023),
        cmocka_unit_test(test_convert_xseries2026),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
