/*
 * p2e_html_page.h - the inside of report.html's writer, shared by html.c
 * (the page and its sections), html_card.c (a product's card or row) and
 * html_data.c (what the page gathers first: findings by product, the
 * POS-only values read back from not-synced.csv, the store's differences
 * read back from drift.csv). Nothing else includes it.
 *
 * Ownership: a html_page owns its buffers, pools and arrays
 * (p2e_html_page_free); the input is borrowed.
 */
#ifndef P2E_HTML_PAGE_H
#define P2E_HTML_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "p2e_buf.h"
#include "p2e_csvwrite.h"
#include "p2e_html.h"
#include "p2e_html_esc.h"

enum { P2E_HTML_SEV_E = 1, P2E_HTML_SEV_W = 2, P2E_HTML_SEV_I = 4 };

/* The most columns of not-synced.csv a card shows (10 outlets give 42). */
#define P2E_HTML_NS_COLS 256

typedef struct {
    p2e_str sku, field, ecom, pos, action;
} p2e_html_drift;

typedef struct {
    const p2e_html_input *in;
    p2e_buf b;              /* the page, flushed to w now and then */
    p2e_csvw w;
    int fail;               /* out of memory: sticky */
    size_t frames;          /* descriptions rendered in a frame so far */
    /* findings by family: by_fam[fam_start[f] .. fam_start[f + 1]) */
    uint32_t *by_fam, *fam_start;
    uint8_t *fam_sev;       /* P2E_HTML_SEV_* of its findings */
    uint8_t *card;          /* per family: written as a card (else a row, or not written) */
    /* POS-only values of the cards' variants: ns_cells[variant] names, in
     * ns, the escaped cells of not-synced.csv after file and line, each
     * ended by '\x1f' (0: none); ns_head the header's, likewise */
    p2e_pool ns;
    p2e_str *ns_cells;
    p2e_str ns_head;
    size_t ns_ncols;
    /* drift.csv, in file order */
    p2e_pool drift_pool;
    p2e_html_drift *drift;
    size_t ndrift, cap_drift;
} p2e_html_page;

/* Output: literal HTML, escaped text, URL, number. */
void p2e_hp_put(p2e_html_page *pg, const char *html);
void p2e_hp_text(p2e_html_page *pg, const char *s);
void p2e_hp_url(p2e_html_page *pg, const char *path);
void p2e_hp_frag(p2e_html_page *pg, const char *id);
void p2e_hp_ulong(p2e_html_page *pg, unsigned long n);
/* units in 10^-decimals, fixed decimals or trimmed */
void p2e_hp_dec(p2e_html_page *pg, int64_t units, int decimals, int fixed);
void p2e_hp_flush(p2e_html_page *pg);

const char *p2e_hp_str(const p2e_html_page *pg, p2e_str s);
/* The finding's message (the code's, with its detail). */
void p2e_hp_message(p2e_html_page *pg, const p2e_finding *f);
/* The finding's action text. */
const char *p2e_hp_action(p2e_code code);
char p2e_hp_sev_letter(p2e_severity s);

/* html_data.c: p2e_hp_index first (findings by family, then which
 * families are cards), then the read-backs */
p2e_status p2e_hp_index(p2e_html_page *pg) P2E_MUST_CHECK;
p2e_status p2e_hp_read_notsynced(p2e_html_page *pg, p2e_err *err) P2E_MUST_CHECK;
p2e_status p2e_hp_read_drift(p2e_html_page *pg, p2e_err *err) P2E_MUST_CHECK;
void p2e_hp_free(p2e_html_page *pg);

/* html_card.c: family fi as a card, or as a row of the compact table */
void p2e_hp_card(p2e_html_page *pg, uint32_t fi);
void p2e_hp_row(p2e_html_page *pg, uint32_t fi);

#endif
