#include "p2e_csvread.h"

#include <csv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"

/*
 * Records are collected into batches: a batch holds the bytes of many
 * records (each cell NUL-terminated, records back to back), every cell's
 * length, and per record its first cell, cell count and line. One-core
 * reads deliver each record as soon as it ends; two-core reads hand full
 * batches to the caller's thread through a small queue.
 */
typedef struct {
    size_t first;            /* index of its first cell in lens */
    size_t ncells;
    size_t start;            /* offset of its first byte */
    unsigned long line;
    int unterminated;
    long nul_cell;           /* first cell holding a NUL byte, or -1 */
} rec;

typedef struct batch {
    p2e_buf bytes;
    size_t *lens;
    size_t nlens, caplens;
    rec *recs;
    size_t nrecs, caprecs;
    struct batch *next;
} batch;

/* At most this many batches exist at once: about 4 x batch bytes of memory. */
#define PIPE_BATCHES 4

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *full, *full_tail;  /* parsed, waiting for the caller's thread */
    batch *spare;             /* given back, to be refilled */
    int made;                 /* batches allocated */
    int done;                 /* the parsing thread has finished */
    int cancel;               /* the caller stopped: parse no further */
} pipe_q;

typedef struct {
    p2e_row_fn fn;            /* one-core: called for each record */
    void *ctx;
    pipe_q *q;                /* two-core: full batches go here */
    size_t batch_bytes;
    batch *cur;
    const char **cell;        /* one-core: the delivered record's cells */
    size_t cellcap;
    size_t ncells;            /* cells of the record being read */
    unsigned long line;       /* line of the current position */
    unsigned long rec_line;   /* line where the current record started */
    int last_cr;              /* the previous thing seen was a record-ending CR */
    int unterminated;
    int check_nul;            /* the source may hand over NUL bytes: look for them */
    long nul_cell;            /* of the record being read, or -1 */
    p2e_status status;        /* first failure; stops the work */
    int stopped;
    size_t max_field;
    size_t max_row;
    const char *too_long;     /* "a field" or "a row": the cap that stopped the read */
} reader;

static void batch_reset(batch *b)
{
    b->bytes.len = 0;
    b->nlens = b->nrecs = 0;
    b->next = NULL;
}

static void batch_free(batch *b)
{
    if (!b)
        return;
    p2e_buf_free(&b->bytes);
    free(b->lens);
    free(b->recs);
    free(b);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int keep_spaces(unsigned char c)
{
    (void)c;
    return 0;
}

/* Line breaks inside a field's data: LF, CRLF (once), bare CR. */
static unsigned long count_breaks(const char *s, size_t n)
{
    unsigned long k = 0;
    const char *end = s + n;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        k++;
    /* a CR counts unless an LF follows it (that CRLF is counted once) */
    for (const char *p = s; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        k += p + 1 == end || p[1] != '\n';
    return k;
}

static void on_field(void *data, size_t len, void *vctx)
{
    reader *r = vctx;
    if (r->status || r->stopped)
        return;
    if (r->max_field && len > r->max_field) {
        r->status = P2E_ERR_LIMIT;
        r->too_long = "a field";
        return;
    }
    batch *b = r->cur;
    size_t row_bytes = r->ncells ? b->bytes.len - b->recs[b->nrecs].start : 0;
    if (r->max_row && row_bytes + len > r->max_row) {
        r->status = P2E_ERR_LIMIT;
        r->too_long = "a row";
        return;
    }
    if (!r->ncells) {
        /* the record's entry is written now and completed by on_row */
        if (b->nrecs == b->caprecs && grow((void **)&b->recs, &b->caprecs, b->nrecs + 1, sizeof *b->recs)) {
            r->status = P2E_ERR_NOMEM;
            return;
        }
        b->recs[b->nrecs].first = b->nlens;
        b->recs[b->nrecs].start = b->bytes.len;
    }
    /* the capacity tests first: the calls are for the rare growth */
    if ((b->nlens == b->caplens && grow((void **)&b->lens, &b->caplens, b->nlens + 1, sizeof *b->lens)) ||
        (b->bytes.cap - b->bytes.len <= len && p2e_buf_reserve(&b->bytes, len + 1))) {
        r->status = P2E_ERR_NOMEM;
        return;
    }
    b->lens[b->nlens++] = len;
    if (r->check_nul && r->nul_cell < 0 && len && memchr(data, 0, len))
        r->nul_cell = (long)r->ncells;
    r->ncells++;
    if (len)
        memcpy(b->bytes.data + b->bytes.len, data, len);
    b->bytes.len += len;
    b->bytes.data[b->bytes.len++] = '\0';
    if (len > 1 || (len == 1 && (*(char *)data == '\n' || *(char *)data == '\r')))
        r->line += count_breaks(data, len);
}

/* Call fn for records [from, b->nrecs) of b; *cell and *cap: a pointer array
 * reused across calls. */
static p2e_status deliver(p2e_row_fn fn, void *ctx, const batch *b, size_t from,
                          const char ***cell, size_t *cap)
{
    for (size_t i = from; i < b->nrecs; i++) {
        const rec *rc = &b->recs[i];
        if (grow((void **)cell, cap, rc->ncells, sizeof **cell))
            return P2E_ERR_NOMEM;
        const char *p = b->bytes.data + rc->start;
        for (size_t k = 0; k < rc->ncells; k++) {
            (*cell)[k] = p;
            p += b->lens[rc->first + k] + 1;
        }
        p2e_row row = {rc->ncells, *cell, b->lens + rc->first, rc->line, rc->unterminated,
                       rc->nul_cell};
        p2e_status st = fn(ctx, &row);
        if (st)
            return st;
    }
    return P2E_OK;
}

/* Parsing thread: hand the full batch over and take an empty one. Returns 0
 * when the caller has stopped reading. */
static int pipe_swap(pipe_q *q, batch **cur)
{
    pthread_mutex_lock(&q->mu);
    batch *b = *cur;
    if (q->full_tail)
        q->full_tail->next = b;
    else
        q->full = b;
    q->full_tail = b;
    *cur = NULL;
    while (!q->cancel && !q->spare && q->made >= PIPE_BATCHES)
        pthread_cond_wait(&q->cv, &q->mu);
    if (!q->cancel) {
        if (q->spare) {
            *cur = q->spare;
            q->spare = q->spare->next;
            batch_reset(*cur);
        } else if ((*cur = calloc(1, sizeof **cur)) != NULL) {
            q->made++;
        }
    }
    pthread_cond_broadcast(&q->cv);
    int go = !q->cancel;
    pthread_mutex_unlock(&q->mu);
    return go;
}

static void on_row(int term, void *vctx)
{
    reader *r = vctx;
    if (r->status || r->stopped)
        return;
    if (r->ncells == 0) {
        /* a line break outside any record (CSV_REPALL_NL) */
        if (term == '\n' && r->last_cr) {
            r->last_cr = 0; /* the LF of a CRLF: one line break, counted */
            return;
        }
        r->line++;
        r->last_cr = term == '\r';
        r->rec_line = r->line;
        return;
    }
    batch *b = r->cur;
    rec *rc = &b->recs[b->nrecs++];
    rc->ncells = r->ncells;
    rc->line = r->rec_line;
    rc->unterminated = r->unterminated;
    rc->nul_cell = r->nul_cell;
    r->ncells = 0;
    r->nul_cell = -1;
    if (!r->q) {
        p2e_status st = deliver(r->fn, r->ctx, b, b->nrecs - 1, &r->cell, &r->cellcap);
        batch_reset(b);
        if (st == P2E_CSV_STOP)
            r->stopped = 1;
        else if (st)
            r->status = st;
    } else if (b->bytes.len >= r->batch_bytes) {
        if (!pipe_swap(r->q, &r->cur))
            r->stopped = 1;
        else if (!r->cur)
            r->status = P2E_ERR_NOMEM;
    }
    if (term == '\n' || term == '\r')
        r->line++;
    r->last_cr = term == '\r';
    r->rec_line = r->line;
}

char p2e_csv_detect_delim(const char *data, size_t len)
{
    int semi = 0, tab = 0;
    for (size_t i = 0; i < len && data[i] != '\n' && data[i] != '\r'; i++) {
        if (data[i] == ',')
            return ',';
        if (data[i] == ';')
            semi = 1;
        if (data[i] == '\t')
            tab = 1;
    }
    return semi ? ';' : tab ? '\t' : ',';
}

/* libcsv's parser state for "inside a field" (FIELD_BEGUN in libcsv.c):
 * with `quoted` set, the input ended inside an open quote. libcsv's own
 * CSV_STRICT_FINI reports this only in strict mode, which would also
 * reject the stray quotes real exports contain. */
#define LIBCSV_FIELD_BEGUN 2

static p2e_status finish(reader *r, struct csv_parser *p)
{
    if (!r->status && !r->stopped) {
        r->unterminated = p->quoted && p->pstate == LIBCSV_FIELD_BEGUN;
        csv_fini(p, on_field, on_row, r);
    }
    return r->status;
}

/* The parse itself, on whichever thread: every record of src into r. */
static p2e_status parse_all(reader *r, p2e_source *src, const p2e_csv_opts *opts,
                            const char *name, p2e_err *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_REPALL_NL) != 0)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    csv_set_space_func(&p, keep_spaces);
    /* libcsv grows a field's buffer by this much at a time: its default
     * (128 bytes) makes a multi-megabyte field quadratic */
    csv_set_blk_size(&p, 256 * 1024);
    p2e_status st = P2E_OK;
    int first = 1;
    while (!r->status && !r->stopped) {
        const char *data;
        size_t len;
        st = p2e_source_read(src, &data, &len, err);
        if (st || !len)
            break;
        r->check_nul = p2e_source_may_hold_nul(src);
        if (first) {
            csv_set_delim(&p, (unsigned char)(opts->delim ? opts->delim : p2e_csv_detect_delim(data, len)));
            first = 0;
        }
        if (csv_parse(&p, data, len, on_field, on_row, r) != len && !r->status && !r->stopped) {
            st = p2e_fail(err, P2E_ERR_NOMEM, "%s: CSV parser: %s", name, csv_strerror(csv_error(&p)));
            break;
        }
        if (opts->max_field && p.entry_pos > opts->max_field) {
            st = P2E_ERR_LIMIT; /* a field still open, already too long */
            r->too_long = "a field";
            break;
        }
    }
    if (!st)
        st = finish(r, &p);
    if (st == P2E_ERR_LIMIT && r->too_long) {
        int row = r->too_long[2] == 'r';
        p2e_fail(err, st,
                 "%s: line %lu: %s is longer than %zu bytes (an unclosed quote?); "
                 "raise the limit with %s",
                 name, r->rec_line, r->too_long, row ? opts->max_row : opts->max_field,
                 row ? "--max-row-size" : "--max-field-size");
    }
    if (st == P2E_ERR_NOMEM && !err->msg[0])
        p2e_fail(err, st, "out of memory");
    csv_free(&p);
    return st;
}

static void reader_init(reader *r, const p2e_csv_opts *opts)
{
    memset(r, 0, sizeof *r);
    r->line = r->rec_line = 1;
    r->nul_cell = -1;
    r->max_field = opts->max_field;
    r->max_row = opts->max_row;
}

static p2e_status read_serial(p2e_source *src, const p2e_csv_opts *opts, p2e_row_fn fn,
                              void *ctx, const char *name, p2e_err *err)
{
    reader r;
    reader_init(&r, opts);
    r.fn = fn;
    r.ctx = ctx;
    r.cur = calloc(1, sizeof *r.cur);
    if (!r.cur)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_status st = parse_all(&r, src, opts, name, err);
    batch_free(r.cur);
    free(r.cell);
    return st;
}

typedef struct {
    reader r;
    p2e_source *src;
    const p2e_csv_opts *opts;
    const char *name;
    p2e_err err;              /* the parsing thread's own: the caller's is the caller's */
    p2e_status st;
} parse_job;

static void *parse_thread(void *arg)
{
    parse_job *j = arg;
    j->st = parse_all(&j->r, j->src, j->opts, j->name, &j->err);
    pipe_q *q = j->r.q;
    pthread_mutex_lock(&q->mu);
    if (j->r.cur) { /* the last, partly filled batch */
        if (q->full_tail)
            q->full_tail->next = j->r.cur;
        else
            q->full = j->r.cur;
        q->full_tail = j->r.cur;
        j->r.cur = NULL;
    }
    q->done = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* Caller's thread: the next full batch, or NULL when parsing has ended. */
static batch *pipe_take(pipe_q *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->full && !q->done)
        pthread_cond_wait(&q->cv, &q->mu);
    batch *b = q->full;
    if (b) {
        q->full = b->next;
        if (!q->full)
            q->full_tail = NULL;
    }
    pthread_mutex_unlock(&q->mu);
    return b;
}

static void pipe_give_back(pipe_q *q, batch *b, int cancel)
{
    pthread_mutex_lock(&q->mu);
    b->next = q->spare;
    q->spare = b;
    q->cancel |= cancel;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

/* Two cores: libcsv parses on a second thread while fn runs on this one.
 * fn sees the same records, in the same order, as on one core. */
static p2e_status read_pipelined(p2e_source *src, const p2e_csv_opts *opts, p2e_row_fn fn,
                                 void *ctx, const char *name, p2e_err *err)
{
    pipe_q q;
    memset(&q, 0, sizeof q);
    parse_job *j = calloc(1, sizeof *j);
    if (!j)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    reader_init(&j->r, opts);
    j->r.q = &q;
    j->r.batch_bytes = opts->batch_bytes;
    j->src = src;
    j->opts = opts;
    j->name = name;
    j->r.cur = calloc(1, sizeof *j->r.cur);
    q.made = 1;
    pthread_t thread;
    if (!j->r.cur || pthread_mutex_init(&q.mu, NULL)) {
        batch_free(j->r.cur);
        free(j);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    pthread_cond_init(&q.cv, NULL);
    if (pthread_create(&thread, NULL, parse_thread, j) != 0) {
        batch_free(j->r.cur);
        free(j);
        pthread_cond_destroy(&q.cv);
        pthread_mutex_destroy(&q.mu);
        return read_serial(src, opts, fn, ctx, name, err);
    }
    p2e_status st = P2E_OK;
    const char **cell = NULL;
    size_t cap = 0;
    batch *b;
    /* after a stop or failure, batches still come until the parser notices */
    while ((b = pipe_take(&q)) != NULL) {
        if (!st)
            st = deliver(fn, ctx, b, 0, &cell, &cap);
        pipe_give_back(&q, b, st != P2E_OK);
    }
    pthread_join(thread, NULL);
    if (st == P2E_CSV_STOP)
        st = P2E_OK; /* what the parser found beyond the stop, one core never saw */
    else if (!st && j->st) {
        st = j->st;
        *err = j->err;
    }
    while ((b = q.spare) != NULL) {
        q.spare = b->next;
        batch_free(b);
    }
    free(cell);
    free(j);
    pthread_cond_destroy(&q.cv);
    pthread_mutex_destroy(&q.mu);
    return st;
}

p2e_status p2e_csv_read(p2e_source *src, const p2e_csv_opts *opts, p2e_row_fn fn, void *ctx,
                        const char *name, p2e_err *err)
{
    p2e_status st = opts->batch_bytes ? read_pipelined(src, opts, fn, ctx, name, err)
                                      : read_serial(src, opts, fn, ctx, name, err);
    return st == P2E_CSV_STOP ? P2E_OK : st;
}
