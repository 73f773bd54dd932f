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
    unsigned long resumed;   /* a damaged record: the line where reading resumed */
    int recovered;           /* read after a damaged record of the same input */
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
    /* recovery from text after a closing quote (see damaged()) */
    size_t want_cells;        /* the header's field count: the first record's */
    int resync;               /* a record counts only with want_cells fields */
    int damaged_seen;         /* the records after are counted as recovered */
    int skip_line;            /* drop the bytes up to the next line break */
    int prev_cr;              /* the last byte of the previous chunk was a CR */
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

/* p2e_grow's result as the 0 / non-zero the callers here test */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    return p2e_grow(p, cap, need, size) != P2E_OK;
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
        /* a damaged record may hold no cell, in a batch with no bytes and no
         * lengths yet: no pointer into either (NULL + 0 is undefined) */
        const char *p = rc->ncells ? b->bytes.data + rc->start : NULL;
        const size_t *lens = rc->ncells ? b->lens + rc->first : NULL;
        for (size_t k = 0; k < rc->ncells; k++) {
            (*cell)[k] = p;
            p += lens[k] + 1;
        }
        p2e_row row = {rc->ncells, *cell, lens, rc->line, rc->unterminated,
                       rc->nul_cell, rc->resumed, rc->recovered};
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

/* The record being read ends: into the batch, and on one core to fn. */
static void complete_record(reader *r, unsigned long resumed)
{
    batch *b = r->cur;
    if (!r->ncells) { /* a damaged record whose first cell was the bad one */
        if (b->nrecs == b->caprecs && grow((void **)&b->recs, &b->caprecs, b->nrecs + 1, sizeof *b->recs)) {
            r->status = P2E_ERR_NOMEM;
            return;
        }
        b->recs[b->nrecs].first = b->nlens;
        b->recs[b->nrecs].start = b->bytes.len;
    }
    rec *rc = &b->recs[b->nrecs++];
    rc->ncells = r->ncells;
    rc->line = r->rec_line;
    rc->unterminated = r->unterminated;
    rc->nul_cell = r->nul_cell;
    rc->resumed = resumed;
    rc->recovered = r->damaged_seen && !resumed;
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
}

/* Forget the cells of the record being read. */
static void drop_record(reader *r)
{
    batch *b = r->cur;
    if (r->ncells) {
        b->bytes.len = b->recs[b->nrecs].start;
        b->nlens = b->recs[b->nrecs].first;
    }
    r->ncells = 0;
    r->nul_cell = -1;
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
    if (!r->want_cells)
        r->want_cells = r->ncells;
    /* after a damaged record, lines that do not read as a whole row are
     * still part of it: reading resumes with the first one that does */
    if (r->resync && r->ncells != r->want_cells && !r->unterminated)
        drop_record(r);
    else {
        r->resync = 0;
        complete_record(r, 0);
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


/* libcsv's parser states (libcsv.c): ROW_NOT_BEGUN, FIELD_BEGUN (with
 * `quoted`: inside a quoted field), FIELD_MIGHT_HAVE_ENDED (a quote seen
 * inside a quoted field: it ends the field or starts a "" pair). */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/* Strict mode stops libcsv at the two kinds of stray quote; feed() lets a
 * quote inside an unquoted field through as text (12" pizza, as every
 * reader does) and treats text after a closing quote as damage. */
#define PARSE_OPTS (CSV_REPALL_NL | CSV_STRICT)

/* Where the line after the one holding buf[from] starts (after its LF or
 * CR: a CRLF's LF then reads as the end of an empty line, which on_row
 * counts as part of the CRLF), or len when it is beyond buf. */
static size_t next_line(const char *buf, size_t from, size_t len, int *cr)
{
    for (size_t i = from; i < len; i++)
        if (buf[i] == '\n' || buf[i] == '\r') {
            *cr = buf[i] == '\r';
            return i + 1;
        }
    return len;
}

/* Scanning back from buf[k], on line `line`, where line `want` starts;
 * len (not found) when that is before buf. */
static size_t line_start_back(const reader *r, const char *buf, size_t k, unsigned long line,
                              unsigned long want, int *cr)
{
    for (size_t i = k; i-- > 0;) {
        int lf = buf[i] == '\n';
        if (!lf && buf[i] != '\r')
            continue;
        int crlf = lf && (i ? buf[i - 1] == '\r' : r->prev_cr);
        if (--line < want) {
            *cr = crlf || !lf;
            return crlf ? i : i + 1; /* after the CR of a CRLF, like next_line */
        }
        if (crlf && i)
            i--;
    }
    return (size_t)-1;
}

/* Text after a closing quote at buf[k] ("Lid" large): libcsv would read
 * on inside the quote and swallow the rest of the file. The record is
 * damaged: it is handed over with the cells read before the bad one (for
 * the report; the caller does not write it), and reading starts afresh at
 * the line after the one where the record began, so that lines swallowed
 * by a stray opening quote are read as rows again; lines that do not read
 * as a whole row (the header's field count) still belong to the damaged
 * record. Returns where to go on in buf (len: skip to the next line). */
static size_t damaged(reader *r, struct csv_parser *p, const char *buf, size_t k, size_t len)
{
    unsigned long at = r->line + count_breaks((const char *)p->entry_buf, p->entry_pos);
    int cr = 0;
    unsigned long resume = r->rec_line + 1;
    size_t pos = resume <= at ? line_start_back(r, buf, k, at, resume, &cr) : (size_t)-1;
    if (pos == (size_t)-1) { /* on the record's first line, or before this chunk */
        resume = at + 1;
        pos = next_line(buf, k, len, &cr);
    }
    if (!r->resync) {
        r->damaged_seen = 1;
        complete_record(r, resume);
    } else {
        drop_record(r);
    }
    r->resync = 1;
    p->pstate = LIBCSV_ROW_NOT_BEGUN;
    p->quoted = 0;
    p->spaces = 0;
    p->entry_pos = 0;
    p->status = 0;
    r->line = r->rec_line = resume;
    r->last_cr = cr;
    r->skip_line = pos == len && (len == 0 || (buf[len - 1] != '\n' && buf[len - 1] != '\r'));
    return pos;
}

/* Parse one chunk; non-zero on a failure of libcsv itself. */
static int feed(reader *r, struct csv_parser *p, const char *buf, size_t len)
{
    size_t pos = 0;
    if (r->skip_line) {
        int cr = 0;
        pos = next_line(buf, 0, len, &cr);
        r->skip_line = pos == len && (buf[len - 1] != '\n' && buf[len - 1] != '\r');
        r->last_cr = cr;
    }
    while (pos < len && !r->status && !r->stopped) {
        pos += csv_parse(p, buf + pos, len - pos, on_field, on_row, r);
        if (pos == len || r->status || r->stopped)
            break;
        if (csv_error(p) != CSV_EPARSE)
            return -1;
        p->status = 0;
        if (p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED) {
            pos = damaged(r, p, buf, pos, len);
            continue;
        }
        /* a quote inside an unquoted field: kept as text */
        csv_set_opts(p, PARSE_OPTS & ~CSV_STRICT);
        pos += csv_parse(p, buf + pos, 1, on_field, on_row, r);
        csv_set_opts(p, PARSE_OPTS);
    }
    r->prev_cr = len && buf[len - 1] == '\r';
    return 0;
}

/* With `quoted` set and the parser inside a field, the input ended inside
 * an open quote (libcsv's own CSV_STRICT_FINI would say so too). */
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
    if (csv_init(&p, PARSE_OPTS) != 0)
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
            char d = opts->delim ? opts->delim : p2e_csv_detect_delim(data, len);
            csv_set_delim(&p, (unsigned char)d);
            if (opts->delim_used)
                *opts->delim_used = d;
            first = 0;
        }
        if (feed(r, &p, data, len) && !r->status && !r->stopped) {
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
