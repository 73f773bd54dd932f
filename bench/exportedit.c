/*
 * bench/exportedit.c - the other side of a sync benchmark (bench/sync.sh):
 * a POS export made slightly different, as last week's export or the
 * store's catalog would be, and a tally of one column of a CSV.
 *
 *   exportedit --seed S [--change PM] [--drop PM] [--drop-variants PM]
 *              [--add PM] [--tag T] IN > OUT
 *   exportedit --tally COLUMN [--ending COLUMN2=SUFFIX] IN
 *
 * The edit reads an X-Series export with libcsv (set up as bench/csvcount.c
 * and src/util/csvread.c: spaces kept) and writes it again (a field quoted
 * only when it holds a comma, a quote, CR or LF or starts or ends with a
 * space or tab), changed in four ways,
 * each drawn from a hash of the seed, so the same seed gives the same file:
 *   --drop PM    per mille of the families (a handle, with the rows after it
 *                that have none: component rows) left out;
 *   --drop-variants PM  per mille of the other rows of a family after its
 *                first (variants, the product kept) left out;
 *   --add PM     per mille of the families (none of those dropped) written
 *                a second time at the end, their id and sku suffixed "-T",
 *                their handle "-t" (lower case): products the other side has
 *                and this export does not;
 *   --change PM  per mille of the rows with retail_price + 1.00 (when it is
 *                a number with at most two decimals) and every outlet's
 *                inventory_ + 1 (when a whole number); "changed" counts the
 *                rows where one of them was.
 * What it did goes to standard error as one line:
 *   "exportedit: rows R, families F, dropped D (DR rows), variants dropped V,
 *    added A (AR rows), changed C"
 *
 * --tally prints "value<TAB>count" for each distinct value of COLUMN (the
 * first 64; the rest counted as "(other)"), then "(records)<TAB>N" for the
 * data records: the rows of each type of an E-Series file. With --ending,
 * only the records whose COLUMN2 ends with SUFFIX (ASCII case ignored) are
 * tallied, and "(matching)<TAB>M" follows: the products of a file that
 * come from the copies of --add.
 */
#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK (256 * 1024)
#define MAX_FIELDS 4096
#define MAX_TALLY 64

typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            fprintf(stderr, "exportedit: out of memory\n");
            exit(2);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* one record: its fields in one buffer, the offsets of each */
typedef struct {
    buf text;
    size_t start[MAX_FIELDS + 1];
    size_t n;
    int too_wide;
} record;

typedef struct {
    record rec;
    unsigned long long records;
    int header_done;
    /* the edit */
    uint64_t seed;
    unsigned change, drop, drop_variants, add;
    const char *tag;
    char *tag_lower;
    long col_id, col_handle, col_sku, col_price;
    long inventory[MAX_FIELDS];
    size_t ninventory;
    buf family;      /* the current family's handle */
    int family_drop, family_add;
    unsigned long long family_rows; /* rows of the current family so far */
    buf added;       /* the copies, written at the end */
    unsigned long long families, dropped, dropped_rows, dropped_variants, added_fams, added_rows, changed;
    FILE *out;
    /* the tally */
    const char *tally;
    long col_tally;
    const char *ending_col, *ending; /* --ending COLUMN2=SUFFIX */
    long col_ending;
    unsigned long long matching;
    char *values[MAX_TALLY];
    unsigned long long counts[MAX_TALLY], other;
} state;

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t hash_text(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return splitmix(h);
}

static int drawn(uint64_t h, unsigned per_mille)
{
    return h % 1000 < per_mille;
}

static const char *field(const state *st, long i, size_t *n)
{
    if (i < 0 || (size_t)i >= st->rec.n) {
        *n = 0;
        return "";
    }
    *n = st->rec.start[i + 1] - st->rec.start[i];
    return st->rec.text.p + st->rec.start[i];
}

static void on_field(void *data, size_t len, void *ctx)
{
    record *r = &((state *)ctx)->rec;
    if (r->n >= MAX_FIELDS) {
        r->too_wide = 1;
        return;
    }
    buf_add(&r->text, data, len);
    r->n++;
    r->start[r->n] = r->text.len;
}

static void put_field(buf *b, const char *s, size_t n, const char *suffix)
{
    size_t sn = suffix ? strlen(suffix) : 0;
    /* a space at either end quoted too, as the generator does: a reader
       that trims unquoted spaces keeps it */
    int quote = n && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' || s[n - 1] == '\t');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        buf_add(b, s, n);
        buf_add(b, suffix ? suffix : "", sn);
        return;
    }
    buf_add(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        buf_add(b, s + i, 1);
        if (s[i] == '"')
            buf_add(b, "\"", 1);
    }
    buf_add(b, suffix ? suffix : "", sn);
    buf_add(b, "\"", 1);
}

/* "12.5" -> 1250 cents; -1 when not a plain number of at most 2 decimals */
static long long cents(const char *s, size_t n)
{
    long long v = 0;
    size_t i = 0, dec = 0;
    int dot = 0;
    if (n == 0 || n > 15)
        return -1;
    for (; i < n; i++) {
        if (s[i] == '.' && !dot && i > 0) {
            dot = 1;
        } else if (s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            dec += dot;
        } else {
            return -1;
        }
    }
    if (dec > 2 || (dot && dec == 0))
        return -1;
    for (; dec < 2; dec++)
        v *= 10;
    return v;
}

static int whole(const char *s, size_t n, long long *v)
{
    size_t i = s[0] == '-';
    if (n == 0 || i >= n || n > 15)
        return 0;
    long long x = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = s[0] == '-' ? -x : x;
    return 1;
}

static int is_inventory(const state *st, long i)
{
    for (size_t k = 0; k < st->ninventory; k++)
        if (st->inventory[k] == i)
            return 1;
    return 0;
}

/* the record as a line, changed when asked, suffixed when a copy; whether
 * a field was changed */
static int put_record(const state *st, buf *b, int change, int copy)
{
    int changed = 0;
    char num[32];
    for (size_t i = 0; i < st->rec.n; i++) {
        size_t n;
        const char *s = field(st, (long)i, &n);
        const char *suffix = NULL;
        long long v;
        if (i)
            buf_add(b, ",", 1);
        if (copy && n && ((long)i == st->col_id || (long)i == st->col_sku))
            suffix = st->tag;
        else if (copy && n && (long)i == st->col_handle)
            suffix = st->tag_lower;
        if (change && (long)i == st->col_price && (v = cents(s, n)) >= 0) {
            v += 100;
            snprintf(num, sizeof num, "%lld.%02lld", v / 100, v % 100);
            buf_add(b, num, strlen(num));
            changed = 1;
        } else if (change && is_inventory(st, (long)i) && whole(s, n, &v)) {
            snprintf(num, sizeof num, "%lld", v + 1);
            buf_add(b, num, strlen(num));
            changed = 1;
        } else {
            put_field(b, s, n, suffix);
        }
    }
    buf_add(b, "\n", 1);
    return changed;
}

static void header(state *st)
{
    for (size_t i = 0; i < st->rec.n; i++) {
        size_t n;
        const char *s = field(st, (long)i, &n);
#define IS(name) (n == strlen(name) && memcmp(s, name, n) == 0)
        if (IS("id"))
            st->col_id = (long)i;
        else if (IS("handle"))
            st->col_handle = (long)i;
        else if (IS("sku"))
            st->col_sku = (long)i;
        else if (IS("retail_price"))
            st->col_price = (long)i;
        else if (n > 10 && memcmp(s, "inventory_", 10) == 0)
            st->inventory[st->ninventory++] = (long)i;
        if (st->tally && n == strlen(st->tally) && memcmp(s, st->tally, n) == 0)
            st->col_tally = (long)i;
        if (st->ending_col && n == strlen(st->ending_col) && memcmp(s, st->ending_col, n) == 0)
            st->col_ending = (long)i;
#undef IS
    }
}

static void tally_row(state *st)
{
    size_t n, k;
    const char *s;
    if (st->ending) {
        size_t en = strlen(st->ending);
        s = field(st, st->col_ending, &n);
        if (n < en || strncasecmp(s + n - en, st->ending, en) != 0)
            return;
        st->matching++;
    }
    s = field(st, st->col_tally, &n);
    for (k = 0; k < MAX_TALLY && st->values[k]; k++)
        if (strlen(st->values[k]) == n && memcmp(st->values[k], s, n) == 0)
            break;
    if (k == MAX_TALLY) {
        st->other++;
        return;
    }
    if (!st->values[k]) {
        st->values[k] = malloc(n + 1);
        if (!st->values[k]) {
            fprintf(stderr, "exportedit: out of memory\n");
            exit(2);
        }
        memcpy(st->values[k], s, n);
        st->values[k][n] = '\0';
    }
    st->counts[k]++;
}

static void edit_row(state *st, buf *line)
{
    size_t n;
    const char *h = field(st, st->col_handle, &n);
    /* a new family: component and handle-less rows stay with the last; a
       family's rows further down (not adjacent) get the same draws */
    if (n && (n != st->family.len || memcmp(h, st->family.p, n) != 0)) {
        st->family.len = 0;
        buf_add(&st->family, h, n);
        st->families++;
        st->family_drop = drawn(hash_text(h, n, st->seed * 3 + 1), st->drop);
        st->family_add = !st->family_drop && drawn(hash_text(h, n, st->seed * 3 + 2), st->add);
        st->dropped += st->family_drop;
        st->added_fams += st->family_add;
        st->family_rows = 0;
    }
    if (st->family_drop) {
        st->dropped_rows++;
        return;
    }
    /* a variant (a later row of its family, with a handle) left out alone */
    if (n && st->family_rows++ > 0 && drawn(splitmix(st->seed * 7907 + st->records), st->drop_variants)) {
        st->dropped_variants++;
        return;
    }
    int change = drawn(splitmix(st->seed * 7919 + st->records), st->change);
    line->len = 0;
    st->changed += put_record(st, line, change, 0);
    if (fwrite(line->p, 1, line->len, st->out) != line->len) {
        fprintf(stderr, "exportedit: write error: %s\n", strerror(errno));
        exit(2);
    }
    if (st->family_add) {
        put_record(st, &st->added, 0, 1);
        st->added_rows++;
    }
}

static void on_record(int term, void *ctx)
{
    state *st = ctx;
    static buf line;
    (void)term;
    if (st->rec.too_wide) {
        fprintf(stderr, "exportedit: a record of more than %d fields\n", MAX_FIELDS);
        exit(2);
    }
    if (!st->header_done) {
        header(st);
        st->header_done = 1;
        if (!st->tally) {
            line.len = 0;
            put_record(st, &line, 0, 0);
            if (fwrite(line.p, 1, line.len, st->out) != line.len) {
                fprintf(stderr, "exportedit: write error: %s\n", strerror(errno));
                exit(2);
            }
        } else if (st->col_tally < 0 || (st->ending_col && st->col_ending < 0)) {
            fprintf(stderr, "exportedit: no column '%s'\n", st->col_tally < 0 ? st->tally : st->ending_col);
            exit(2);
        }
    } else {
        st->records++;
        if (st->tally)
            tally_row(st);
        else
            edit_row(st, &line);
    }
    st->rec.n = 0;
    st->rec.text.len = 0;
}

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

static unsigned per_mille(const char *s)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || end == s || v > 1000) {
        fprintf(stderr, "exportedit: '%s' is not a per mille (0-1000)\n", s);
        exit(1);
    }
    return (unsigned)v;
}

static int parse(state *st, const char *path)
{
    static char chunk[CHUNK];
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "exportedit: %s: %s\n", path, strerror(errno));
        return 2;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT_FINI) != 0) {
        fclose(fp);
        return 2;
    }
    csv_set_space_func(&p, keep_spaces);
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (csv_parse(&p, chunk, n, on_field, on_record, st) != n) {
            fprintf(stderr, "exportedit: %s: %s\n", path, csv_strerror(csv_error(&p)));
            rc = 2;
            break;
        }
    }
    if (!rc && (ferror(fp) || csv_fini(&p, on_field, on_record, st) != 0)) {
        fprintf(stderr, "exportedit: %s: read error or an unclosed quote\n", path);
        rc = 2;
    }
    csv_free(&p);
    fclose(fp);
    return rc;
}

static void usage(void)
{
    fprintf(stderr, "usage: exportedit --seed S [--change PM] [--drop PM] [--drop-variants PM] [--add PM] [--tag T]\n"
                    "                  IN > OUT\n"
                    "       exportedit --tally COLUMN [--ending COLUMN2=SUFFIX] IN\n");
    exit(1);
}

int main(int argc, char **argv)
{
    static state st;
    const char *in = NULL;
    st.tag = "OLD";
    st.col_id = st.col_handle = st.col_sku = st.col_price = st.col_tally = st.col_ending = -1;
    static char ending_col[256];
    st.out = stdout;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 < argc && strcmp(a, "--seed") == 0)
            st.seed = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(a, "--change") == 0)
            st.change = per_mille(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--drop") == 0)
            st.drop = per_mille(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--drop-variants") == 0)
            st.drop_variants = per_mille(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--add") == 0)
            st.add = per_mille(argv[++i]);
        else if (i + 1 < argc && strcmp(a, "--tag") == 0)
            st.tag = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--tally") == 0)
            st.tally = argv[++i];
        else if (i + 1 < argc && strcmp(a, "--ending") == 0) {
            const char *eq = strchr(argv[++i], '=');
            size_t cn = eq ? (size_t)(eq - argv[i]) : 0;
            if (!eq || cn == 0 || cn >= sizeof ending_col || !eq[1])
                usage();
            memcpy(ending_col, argv[i], cn);
            st.ending_col = ending_col;
            st.ending = eq + 1;
        } else if (a[0] != '-' && !in)
            in = a;
        else
            usage();
    }
    if (!in)
        usage();
    size_t tn = strlen(st.tag);
    char suffix[64];
    if (tn == 0 || tn > 32)
        usage();
    snprintf(suffix, sizeof suffix, "-%s", st.tag);
    st.tag = suffix;
    static char lower[64];
    for (size_t i = 0; suffix[i]; i++)
        lower[i] = (char)(suffix[i] >= 'A' && suffix[i] <= 'Z' ? suffix[i] + 32 : suffix[i]);
    st.tag_lower = lower;
    static char outbuf[1 << 20];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    int rc = parse(&st, in);
    if (rc)
        return rc;
    if (st.tally) {
        for (size_t k = 0; k < MAX_TALLY && st.values[k]; k++)
            printf("%s\t%llu\n", st.values[k], st.counts[k]);
        if (st.other)
            printf("(other)\t%llu\n", st.other);
        printf("(records)\t%llu\n", st.records);
        if (st.ending)
            printf("(matching)\t%llu\n", st.matching);
        return 0;
    }
    if (st.added.len && fwrite(st.added.p, 1, st.added.len, stdout) != st.added.len)
        rc = 2;
    if (fflush(stdout) != 0 || rc) {
        fprintf(stderr, "exportedit: write error: %s\n", strerror(errno));
        return 2;
    }
    fprintf(stderr, "exportedit: rows %llu, families %llu, dropped %llu (%llu rows), variants dropped %llu, "
                    "added %llu (%llu rows), changed %llu\n",
            st.records, st.families, st.dropped, st.dropped_rows, st.dropped_variants, st.added_fams,
            st.added_rows, st.changed);
    return 0;
}
