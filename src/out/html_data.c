/* What report.html gathers before it writes: the findings by product, and
 * two files of this run read back from the staging folder (not-synced.csv,
 * streamed while reading, so its values were never held; drift.csv,
 * streamed while planning). */
#include "p2e_html_page.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_input.h"
#include "p2e_source.h"

/* ---- findings by family --------------------------------------------------- */

static uint32_t family_of(const p2e_catalog *cat, const p2e_finding *f)
{
    if (f->variant == P2E_NO_VARIANT || f->variant >= cat->nvariants)
        return P2E_NONE;
    return cat->variants[f->variant].family;
}

/* Cards for the first products written, in import order, and past them
 * for those with an error or a warning, up to the most cards; the rest
 * are rows (p2e_html.h). */
static void choose_cards(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    size_t cards = pg->in->cards ? pg->in->cards : P2E_HTML_CARDS;
    size_t most = pg->in->cards_max ? pg->in->cards_max : P2E_HTML_CARDS_MAX;
    size_t n = 0;
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        if (!cat->families[fi].written)
            continue;
        int serious = pg->fam_sev[fi] & (P2E_HTML_SEV_E | P2E_HTML_SEV_W);
        if (n < cards || (serious && n < most)) {
            pg->card[fi] = 1;
            n++;
        }
    }
}

/* A counting sort: each family's findings together, in the report's order. */
p2e_status p2e_hp_index(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    const p2e_report *rep = pg->in->rep;
    size_t nf = cat->nfamilies;
    pg->fam_start = calloc(nf + 1, sizeof *pg->fam_start);
    pg->fam_sev = calloc(nf + 1, 1);
    pg->by_fam = calloc(rep->count + 1, sizeof *pg->by_fam);
    pg->ns_cells = calloc(cat->nvariants + 1, sizeof *pg->ns_cells);
    pg->card = calloc(nf + 1, 1);
    if (!pg->fam_start || !pg->fam_sev || !pg->by_fam || !pg->ns_cells || !pg->card)
        return P2E_ERR_NOMEM;
    if (rep->count >= UINT32_MAX)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < rep->count; i++) {
        uint32_t fam = family_of(cat, &rep->items[i]);
        if (fam >= nf)
            continue;
        pg->fam_start[fam + 1]++;
        pg->fam_sev[fam] |= (uint8_t)(1u << p2e_code_severity(rep->items[i].code));
    }
    for (size_t f = 0; f < nf; f++)
        pg->fam_start[f + 1] += pg->fam_start[f];
    uint32_t *next = malloc((nf + 1) * sizeof *next);
    if (!next)
        return P2E_ERR_NOMEM;
    memcpy(next, pg->fam_start, (nf + 1) * sizeof *next);
    for (size_t i = 0; i < rep->count; i++) {
        uint32_t fam = family_of(cat, &rep->items[i]);
        if (fam < nf)
            pg->by_fam[next[fam]++] = (uint32_t)i;
    }
    free(next);
    choose_cards(pg);
    return P2E_OK;
}

/* ---- not-synced.csv --------------------------------------------------------- */

typedef struct {
    uint64_t key;   /* file << 32 | line */
    uint32_t variant;
} line_key;

typedef struct {
    p2e_html_page *pg;
    line_key *keys;
    size_t nkeys;
    size_t left;    /* cards' variants not met yet: none left, the read stops */
    int header_done;
    p2e_buf row;
    int sku_col;
} ns_ctx;

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const line_key *)a)->key, y = ((const line_key *)b)->key;
    return x < y ? -1 : x > y;
}

static uint32_t find_variant(const ns_ctx *c, const char *file, unsigned long line)
{
    const p2e_catalog *cat = c->pg->in->cat;
    uint64_t fi = UINT32_MAX;
    for (size_t i = 0; fi == UINT32_MAX && i < c->pg->in->nfiles; i++)
        if (!strcmp(cat->file_names[i], file))
            fi = i;
    line_key want = {fi << 32 | (line & UINT32_MAX), 0};
    const line_key *k = bsearch(&want, c->keys, c->nkeys, sizeof *c->keys, by_key);
    return k ? k->variant : P2E_NONE;
}

/* The cells after file and line (but the SKU, which the card shows),
 * escaped, each ended by '\x1f', into the pool. */
static p2e_status pack(ns_ctx *c, const p2e_row *row, p2e_str *out)
{
    p2e_buf *b = &c->row;
    b->len = 0;
    size_t n = 0;
    for (size_t i = 2; i < row->ncells && n < c->pg->ns_ncols; i++) {
        if ((int)i == c->sku_col)
            continue;
        n++;
        if (p2e_html_text(b, row->cell[i], row->len[i]) || p2e_buf_putc(b, '\x1f'))
            return P2E_ERR_NOMEM;
    }
    return p2e_pool_add(&c->pg->ns, b->data ? b->data : "", b->len, out);
}

static p2e_status ns_row(void *ctx, const p2e_row *row)
{
    ns_ctx *c = ctx;
    if (!c->header_done) {
        c->header_done = 1;
        c->sku_col = -1;
        for (size_t i = 2; i < row->ncells; i++)
            if (!strcmp(row->cell[i], "sku"))
                c->sku_col = (int)i;
        c->pg->ns_ncols = row->ncells > 2 ? row->ncells - 2 - (c->sku_col >= 0) : 0;
        if (c->pg->ns_ncols > P2E_HTML_NS_COLS)
            c->pg->ns_ncols = P2E_HTML_NS_COLS;
        return c->pg->ns_ncols ? pack(c, row, &c->pg->ns_head) : P2E_ROW_STOP;
    }
    if (row->ncells < 2)
        return P2E_OK;
    uint32_t v = find_variant(c, row->cell[0], strtoul(row->cell[1], NULL, 10));
    if (v == P2E_NONE || c->pg->ns_cells[v])
        return P2E_OK;
    p2e_status st = pack(c, row, &c->pg->ns_cells[v]);
    if (!st && !c->pg->ns_cells[v])
        st = P2E_ERR_NOMEM; /* offset 0 is the empty string: never a row's */
    if (!st && --c->left == 0)
        return P2E_ROW_STOP;
    return st;
}

p2e_status p2e_hp_read_notsynced(p2e_html_page *pg, p2e_err *err)
{
    const p2e_catalog *cat = pg->in->cat;
    if (!pg->in->notsynced_path)
        return P2E_OK;
    ns_ctx c;
    memset(&c, 0, sizeof c);
    c.pg = pg;
    c.keys = malloc((cat->nvariants + 1) * sizeof *c.keys);
    if (!c.keys)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    for (size_t v = 0; v < cat->nvariants; v++) {
        const p2e_variant *x = &cat->variants[v];
        if (x->family == P2E_NONE || !pg->card[x->family])
            continue;
        c.keys[c.nkeys].key = (uint64_t)x->file << 32 | x->line;
        c.keys[c.nkeys++].variant = (uint32_t)v;
    }
    c.left = c.nkeys;
    if (!c.left) {
        free(c.keys);
        return P2E_OK;
    }
    qsort(c.keys, c.nkeys, sizeof *c.keys, by_key);
    p2e_input_opts opts = {.encoding = P2E_SOURCE_UTF8, .delim = ','};
    p2e_status st = p2e_input_read_file(pg->in->notsynced_path, &opts, ns_row, &c, err);
    if (st == P2E_ERR_NOMEM)
        st = p2e_fail(err, st, "out of memory");
    free(c.keys);
    p2e_buf_free(&c.row);
    return st;
}

/* ---- drift.csv ---------------------------------------------------------------- */

static p2e_status drift_row(void *ctx, const p2e_row *row)
{
    p2e_html_page *pg = ctx;
    if (row->line == 1 || row->ncells < 5)
        return P2E_OK; /* the header */
    if (p2e_grow((void **)&pg->drift, &pg->cap_drift, pg->ndrift + 1, sizeof *pg->drift))
        return P2E_ERR_NOMEM;
    p2e_html_drift *d = &pg->drift[pg->ndrift++];
    p2e_str *to[5] = {&d->sku, &d->field, &d->ecom, &d->pos, &d->action};
    for (int i = 0; i < 5; i++)
        if (p2e_pool_intern(&pg->drift_pool, row->cell[i], row->len[i], to[i]))
            return P2E_ERR_NOMEM;
    return P2E_OK;
}

p2e_status p2e_hp_read_drift(p2e_html_page *pg, p2e_err *err)
{
    if (!pg->in->drift_path)
        return P2E_OK;
    p2e_input_opts opts = {.encoding = P2E_SOURCE_UTF8, .delim = ','};
    p2e_status st = p2e_input_read_file(pg->in->drift_path, &opts, drift_row, pg, err);
    if (st == P2E_ERR_NOMEM)
        st = p2e_fail(err, st, "out of memory");
    return st;
}

void p2e_hp_free(p2e_html_page *pg)
{
    free(pg->by_fam);
    free(pg->fam_start);
    free(pg->fam_sev);
    free(pg->ns_cells);
    free(pg->card);
    free(pg->drift);
    p2e_pool_free(&pg->ns);
    p2e_pool_free(&pg->drift_pool);
    p2e_buf_free(&pg->b);
}
