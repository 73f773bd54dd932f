/*
 * bench/csvcount.c - the floor for any libcsv-based reader: parse a CSV file
 * with libcsv and only count fields and records.
 *
 *   csvcount FILE        prints "records N fields M bytes B"
 *   csvcount -j 2 FILE   the same counts, parsed on two threads, and then
 *                        "split S verified yes|no"
 *
 * Reads with fread in 256 KiB chunks and sets libcsv up as pos2ecom does
 * (src/util/csvread.c: CSV_REPALL_NL | CSV_STRICT_FINI, spaces kept), so the
 * difference to `pos2ecom convert` is everything pos2ecom does beyond parsing.
 *
 * -j 2 (issue 20, target 6: what parsing on both cores can give): the file
 * is split after the first newline at or past its middle, and each half is
 * parsed by its own libcsv parser on its own thread. The second half is
 * speculative: it assumes the split is a record boundary, which it is only
 * if that newline is outside quotes. The first half proves it: its parser
 * reports a record ending on the very byte before the split exactly when
 * the newline ended a record (libcsv reports no record for a newline inside
 * a quoted field), which leaves it at the start of a row, the state the
 * second parser began in. When that does not hold, the second half's
 * counts are thrown away and the first parser goes on through it, so the
 * counts are always those of one parser over the whole file.
 */
#define _POSIX_C_SOURCE 200809L /* fseeko, ftello */

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (256 * 1024)

typedef struct {
    unsigned long long fields, records;
} counts;

static void on_field(void *data, size_t len, void *ctx)
{
    (void)data;
    (void)len;
    ((counts *)ctx)->fields++;
}

static void on_record(int term, void *ctx)
{
    (void)term;
    ((counts *)ctx)->records++;
}

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

/* One parser over the bytes [from, to) of a file (to < 0: to its end). */
typedef struct {
    const char *path;
    long long from, to;
    int fini;                   /* the part ends the file: csv_fini, strictly */
    struct csv_parser p;
    counts c;
    unsigned long long bytes;
    int ends_record;            /* its last byte ended a record */
    char msg[256];              /* "" or why the part failed */
} part;

/* Parse n bytes; on the part's last byte, see whether it ends a record. */
static int feed(part *t, const char *buf, size_t n, int last)
{
    size_t head = last && n ? n - 1 : n;
    if (csv_parse(&t->p, buf, head, on_field, on_record, &t->c) != head)
        return -1;
    if (head == n)
        return 0;
    unsigned long long before = t->c.records;
    if (csv_parse(&t->p, buf + head, 1, on_field, on_record, &t->c) != 1)
        return -1;
    t->ends_record = t->c.records > before;
    return 0;
}

static void *part_run(void *arg)
{
    part *t = arg;
    static _Thread_local char buf[CHUNK];
    FILE *fp = fopen(t->path, "rb");
    if (!fp || fseeko(fp, t->from, SEEK_SET) != 0) {
        snprintf(t->msg, sizeof t->msg, "%s: %s", t->path, strerror(errno));
        if (fp)
            fclose(fp);
        return NULL;
    }
    long long at = t->from;
    while (t->to < 0 || at < t->to) {
        size_t want = sizeof buf;
        if (t->to >= 0 && (long long)want > t->to - at)
            want = (size_t)(t->to - at);
        size_t n = fread(buf, 1, want, fp);
        if (n == 0)
            break;
        at += (long long)n;
        t->bytes += n;
        if (feed(t, buf, n, t->to >= 0 && at == t->to) != 0) {
            snprintf(t->msg, sizeof t->msg, "%s: %s", t->path, csv_strerror(csv_error(&t->p)));
            break;
        }
    }
    if (!t->msg[0] && ferror(fp))
        snprintf(t->msg, sizeof t->msg, "%s: read error", t->path);
    if (!t->msg[0] && t->fini && csv_fini(&t->p, on_field, on_record, &t->c) != 0)
        snprintf(t->msg, sizeof t->msg, "%s: %s", t->path, csv_strerror(csv_error(&t->p)));
    fclose(fp);
    return NULL;
}

static int part_init(part *t, const char *path, long long from, long long to)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->from = from;
    t->to = to;
    t->fini = to < 0;
    if (csv_init(&t->p, CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_space_func(&t->p, keep_spaces);
    return 0;
}

/* A guess at the quote state (only a guess: the first half proves it, see
 * the top): read on from just past a newline twice, once as if at the
 * start of a record and once as if inside a quoted field, by RFC 4180's
 * rules (a quote only opens a field; inside quotes, one is doubled or ends
 * the field). Returns 1 when only the first reading holds up over the
 * window. */
enum { AT_FIELD, IN_FIELD, IN_QUOTES, QUOTE_SEEN, BROKEN };

static int step(int st, char ch)
{
    switch (st) {
    case AT_FIELD:
        return ch == '"' ? IN_QUOTES : ch == ',' || ch == '\n' || ch == '\r' ? AT_FIELD : IN_FIELD;
    case IN_FIELD:
        return ch == '"' ? BROKEN : ch == ',' || ch == '\n' || ch == '\r' ? AT_FIELD : IN_FIELD;
    case IN_QUOTES:
        return ch == '"' ? QUOTE_SEEN : IN_QUOTES;
    case QUOTE_SEEN:
        return ch == '"' ? IN_QUOTES : ch == ',' || ch == '\n' || ch == '\r' ? AT_FIELD : BROKEN;
    default:
        return BROKEN;
    }
}

static int looks_like_record_start(const char *p, size_t n, size_t *budget)
{
    int outside = AT_FIELD, inside = IN_QUOTES;
    for (size_t i = 0; i < n && outside != BROKEN && *budget; i++, --*budget) {
        outside = step(outside, p[i]);
        inside = step(inside, p[i]);
        if (inside == BROKEN)
            return outside != BROKEN;
    }
    return 0;
}

#define WINDOW (2 * 1024 * 1024)
#define LOOK (64 * 1024)
#define BUDGET (32 * 1024 * 1024) /* bytes stepped over in all: about 0.1 s */

/* The offset just past the first newline at or after the middle that looks
 * like a record boundary (else the first newline there), or -1: none.
 * Long descriptions hold many newlines: in the findings-heavy L export the
 * 75th newline past the middle is the first outside quotes. */
static long long split_point(const char *path)
{
    static char win[WINDOW];
    FILE *fp = fopen(path, "rb");
    if (!fp || fseeko(fp, 0, SEEK_END) != 0) {
        if (fp)
            fclose(fp);
        return -1;
    }
    long long size = ftello(fp), mid = size / 2;
    size_t n = 0;
    if (size > 0 && fseeko(fp, mid, SEEK_SET) == 0)
        n = fread(win, 1, sizeof win, fp);
    fclose(fp);
    long long first = -1;
    size_t budget = BUDGET;
    for (size_t i = 0; i < n && budget; i++) {
        if (win[i] != '\n' || mid + (long long)i + 1 >= size)
            continue;
        if (first < 0)
            first = mid + (long long)i + 1;
        size_t look = n - i - 1 < LOOK ? n - i - 1 : LOOK;
        if (looks_like_record_start(win + i + 1, look, &budget))
            return mid + (long long)i + 1;
    }
    return first;
}

static int report(const part *t, counts c, unsigned long long bytes)
{
    if (t->msg[0]) {
        fprintf(stderr, "csvcount: %s\n", t->msg);
        return 2;
    }
    printf("records %llu fields %llu bytes %llu\n", c.records, c.fields, bytes);
    return 0;
}

static int count_one(const char *path)
{
    part a;
    if (part_init(&a, path, 0, -1) != 0) {
        fprintf(stderr, "csvcount: out of memory\n");
        return 2;
    }
    part_run(&a);
    int rc = report(&a, a.c, a.bytes);
    csv_free(&a.p);
    return rc;
}

static int count_two(const char *path)
{
    long long split = split_point(path);
    if (split < 0) /* no newline past the middle: one part */
        return count_one(path);
    part a, b;
    if (part_init(&a, path, 0, split) != 0 || part_init(&b, path, split, -1) != 0) {
        fprintf(stderr, "csvcount: out of memory\n");
        return 2;
    }
    pthread_t th;
    int threaded = pthread_create(&th, NULL, part_run, &b) == 0;
    part_run(&a);
    if (threaded)
        pthread_join(th, NULL);
    else
        part_run(&b);
    int verified = !a.msg[0] && a.ends_record;
    int rc;
    if (verified) {
        counts c = {a.c.fields + b.c.fields, a.c.records + b.c.records};
        rc = report(&b, c, a.bytes + b.bytes);
    } else { /* the split was inside quotes: the first parser reads on */
        a.from = split;
        a.to = -1;
        a.fini = 1;
        if (!a.msg[0])
            part_run(&a);
        rc = report(&a, a.c, a.bytes);
    }
    if (!rc)
        printf("split %lld verified %s\n", split, verified ? "yes" : "no");
    csv_free(&a.p);
    csv_free(&b.p);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 2)
        return count_one(argv[1]);
    if (argc == 4 && !strcmp(argv[1], "-j") && !strcmp(argv[2], "2"))
        return count_two(argv[3]);
    if (argc == 4 && !strcmp(argv[1], "-j") && !strcmp(argv[2], "1"))
        return count_one(argv[3]);
    fprintf(stderr, "usage: csvcount [-j 1|2] FILE\n");
    return 1;
}
