/* A product of report.html: its card, or its row of the compact table. */
#include "p2e_html_page.h"

#include <string.h>

#include "p2e_decimal.h"

/* The most findings, converted values and variations a card lists: the
 * rest is counted, and exceptions.csv and mapping.csv hold all of it. */
#define CARD_FINDINGS 40
#define CARD_CONVERTED 40
#define CARD_VARIATIONS 200

static const char *cs(const p2e_html_page *pg, p2e_str s)
{
    return p2e_catalog_str(pg->in->cat, s);
}

static const p2e_variant *var(const p2e_html_page *pg, uint32_t vi)
{
    return &pg->in->cat->variants[vi];
}

static void price_text(char *num, const p2e_variant *v)
{
    p2e_dec_format(num, p2e_dec_round(v->price, 2), 2, 1);
}

static int has_photo(const p2e_html_page *pg, uint32_t fi)
{
    return p2e_images_family_staged(pg->in->images, fi, 0) != NULL;
}

/* The data-* attributes a card gives the filters (a row's cells say the same). */
static void filter_attrs(p2e_html_page *pg, uint32_t fi)
{
    const p2e_family *f = &pg->in->cat->families[fi];
    p2e_hp_put(pg, " data-q=\"");
    size_t start = pg->b.len;
    p2e_hp_text(pg, cs(pg, f->name));
    p2e_hp_put(pg, " ");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, " ");
    p2e_hp_text(pg, cs(pg, f->handle));
    int n = 0;
    for (uint32_t vi = f->first; f->variant_product && vi != P2E_NONE && n < 50;
         vi = var(pg, vi)->next, n++) {
        p2e_hp_put(pg, " ");
        p2e_hp_text(pg, cs(pg, var(pg, vi)->sku));
    }
    for (size_t i = start; i < pg->b.len; i++) /* escapes are lower case already */
        if (pg->b.data[i] >= 'A' && pg->b.data[i] <= 'Z')
            pg->b.data[i] = (char)(pg->b.data[i] - 'A' + 'a');
    p2e_hp_put(pg, "\" data-sev=\"");
    static const char *const letters[] = {"e", "w", "i"};
    for (int s = 0; s < 3; s++)
        if (pg->fam_sev[fi] & (1u << s))
            p2e_hp_put(pg, letters[s]);
    p2e_hp_put(pg, "\" data-codes=\" ");
    uint8_t seen[P2E_CODE_COUNT] = {0};
    for (uint32_t k = pg->fam_start[fi]; k < pg->fam_start[fi + 1]; k++) {
        p2e_code c = pg->in->rep->items[pg->by_fam[k]].code;
        if (!seen[c]) {
            seen[c] = 1;
            p2e_hp_put(pg, p2e_code_name(c));
            p2e_hp_put(pg, " ");
        }
    }
    p2e_hp_put(pg, "\" data-cat=\"");
    p2e_hp_text(pg, cs(pg, f->category));
    p2e_hp_put(pg, has_photo(pg, fi) ? "\" data-photo=\"1\"" : "\" data-photo=\"0\"");
}

/* ---- facts ------------------------------------------------------------------ */

static void fact(p2e_html_page *pg, const char *label, const char *value)
{
    p2e_hp_put(pg, "<dt>");
    p2e_hp_put(pg, label);
    p2e_hp_put(pg, "</dt><dd>");
    if (*value)
        p2e_hp_text(pg, value);
    else
        p2e_hp_put(pg, "<span class=\"none\">none</span>");
    p2e_hp_put(pg, "</dd>");
}

static void price_fact(p2e_html_page *pg, const p2e_family *f)
{
    int64_t lo = 0, hi = 0;
    int any = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = var(pg, vi)->next) {
        const p2e_variant *v = var(pg, vi);
        if (!v->written)
            continue;
        int64_t p = p2e_dec_round(v->price, 2);
        lo = any && lo < p ? lo : p;
        hi = any && hi > p ? hi : p;
        any = 1;
    }
    p2e_hp_put(pg, "<dt>Price</dt><dd>");
    if (any) {
        p2e_hp_dec(pg, lo, 2, 1);
        if (hi != lo) {
            p2e_hp_put(pg, " – ");
            p2e_hp_dec(pg, hi, 2, 1);
        }
    }
    p2e_hp_put(pg, "</dd>");
}

/* The stock: written variants' quantities summed (overflow-checked), the
 * outlets summed, and each outlet count the rules clamped to 0. */
static void stock_fact(p2e_html_page *pg, uint32_t fi)
{
    const p2e_family *f = &pg->in->cat->families[fi];
    int64_t sum = 0;
    int tracked = 0, overflow = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = var(pg, vi)->next) {
        const p2e_variant *v = var(pg, vi);
        if (v->written && v->tracked) {
            tracked = 1;
            overflow |= __builtin_add_overflow(sum, v->qty, &sum);
        }
    }
    p2e_hp_put(pg, "<dt>Stock</dt><dd>");
    if (!tracked)
        p2e_hp_put(pg, "not tracked");
    else if (overflow)
        p2e_hp_put(pg, "past what a number holds");
    else
        p2e_hp_dec(pg, sum, 0, 1);
    for (uint32_t k = pg->fam_start[fi]; k < pg->fam_start[fi + 1]; k++) {
        const p2e_finding *x = &pg->in->rep->items[pg->by_fam[k]];
        if (x->code != P2E_CODE_STOCK_NEGATIVE && x->code != P2E_CODE_STOCK_INVALID)
            continue;
        p2e_hp_put(pg, "<br><span class=\"w\">clamped to 0: ");
        p2e_hp_text(pg, p2e_hp_str(pg, x->sku));
        p2e_hp_put(pg, " ");
        p2e_hp_text(pg, p2e_hp_str(pg, x->field));
        p2e_hp_put(pg, " = ");
        p2e_hp_text(pg, p2e_hp_str(pg, x->value));
        p2e_hp_put(pg, "</span>");
    }
    p2e_hp_put(pg, "</dd>");
}

/* ---- photos and description ------------------------------------------------ */

/* The thumbnail (images/thumbs/, or the photo itself when it has none),
 * linked to the staged photo. */
static void thumb(p2e_html_page *pg, const char *staged, const char *small, const char *alt)
{
    p2e_hp_put(pg, "<a href=\"images/");
    p2e_hp_url(pg, staged);
    p2e_hp_put(pg, "\"><img loading=\"lazy\" src=\"images/");
    p2e_hp_url(pg, small ? small : staged);
    p2e_hp_put(pg, "\" alt=\"");
    p2e_hp_text(pg, alt);
    p2e_hp_put(pg, "\"></a>");
}

static void photos(p2e_html_page *pg, uint32_t fi)
{
    size_t n = p2e_images_family_count(pg->in->images, fi);
    if (!n) {
        p2e_hp_put(pg, "<p class=\"muted\">No photo.</p>");
        return;
    }
    p2e_hp_put(pg, "<div class=\"photos\">");
    for (size_t i = 0; i < n; i++) {
        const char *s = p2e_images_family_staged(pg->in->images, fi, i);
        if (s)
            thumb(pg, s, p2e_images_family_thumb(pg->in->images, fi, i),
                  i ? "gallery photo" : "main photo");
    }
    p2e_hp_put(pg, "</div>");
}

/* The description as the store renders its HTML, in a frame that runs no
 * script (sandbox) and loads nothing (its own Content-Security-Policy,
 * besides the page's, which a srcdoc frame inherits). */
static void description(p2e_html_page *pg, const p2e_family *f)
{
    const char *d = cs(pg, f->description);
    if (!*d) {
        p2e_hp_put(pg, "<p class=\"muted\">No description.</p>");
        return;
    }
    if (pg->frames >= P2E_HTML_FRAMES) { /* a frame costs the browser a document */
        p2e_hp_put(pg, "<details class=\"desc\"><summary>Description (its HTML as text)</summary><pre>");
        p2e_hp_text(pg, d);
        p2e_hp_put(pg, "</pre></details>");
        return;
    }
    pg->frames++;
    p2e_hp_put(pg, "<iframe class=\"desc\" sandbox=\"\" loading=\"lazy\" title=\"description\" "
                   "srcdoc=\"&lt;!doctype html&gt;&lt;meta charset=utf-8&gt;&lt;meta "
                   "http-equiv=Content-Security-Policy content=&quot;default-src 'none'; "
                   "style-src 'unsafe-inline'&quot;&gt;&lt;style&gt;body{font:14px "
                   "sans-serif;margin:6px}&lt;/style&gt;");
    p2e_hp_text(pg, d);
    p2e_hp_put(pg, "\"></iframe>");
}

/* ---- variations ------------------------------------------------------------- */

static void why_not(p2e_html_page *pg, const p2e_variant *v)
{
    p2e_hp_put(pg, "<span class=\"e\">not written");
    if (v->excluded) {
        p2e_hp_put(pg, ": ");
        p2e_hp_put(pg, p2e_code_name((p2e_code)(v->excluded - 1)));
        p2e_hp_put(pg, " – ");
        p2e_hp_text(pg, p2e_code_message((p2e_code)(v->excluded - 1)));
    }
    p2e_hp_put(pg, "</span>");
}

static void variation_row(p2e_html_page *pg, const p2e_family *f, uint32_t vi)
{
    const p2e_variant *v = var(pg, vi);
    char num[48];
    p2e_hp_put(pg, "<tr>");
    for (int k = 0; k < 3; k++)
        if (*cs(pg, f->opt_name[k])) {
            p2e_hp_put(pg, "<td>");
            p2e_hp_text(pg, cs(pg, v->opt_value[k]));
            p2e_hp_put(pg, "</td>");
        }
    p2e_hp_put(pg, "<td><code>");
    p2e_hp_text(pg, cs(pg, v->sku));
    p2e_hp_put(pg, "</code></td><td class=\"n\">");
    price_text(num, v);
    p2e_hp_text(pg, num);
    p2e_hp_put(pg, "</td><td class=\"n\">");
    if (v->tracked)
        p2e_hp_dec(pg, v->qty, 0, 1);
    else
        p2e_hp_put(pg, "not tracked");
    p2e_hp_put(pg, "</td><td>");
    const char *own = p2e_images_variant_staged(pg->in->images, vi);
    if (own)
        thumb(pg, own, p2e_images_variant_thumb(pg->in->images, vi), "variation photo");
    p2e_hp_put(pg, "</td><td>");
    if (v->written)
        p2e_hp_put(pg, "written");
    else
        why_not(pg, v);
    p2e_hp_put(pg, "</td></tr>");
}

static void variations(p2e_html_page *pg, const p2e_family *f)
{
    if (!f->variant_product)
        return;
    p2e_hp_put(pg, "<table class=\"vars\"><caption>Variations</caption><tr>");
    for (int k = 0; k < 3; k++)
        if (*cs(pg, f->opt_name[k])) {
            p2e_hp_put(pg, "<th>");
            p2e_hp_text(pg, cs(pg, f->opt_name[k]));
            p2e_hp_put(pg, "</th>");
        }
    p2e_hp_put(pg, "<th>SKU</th><th>Price</th><th>Stock</th><th>Photo</th><th>Status</th></tr>");
    size_t n = 0, more = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = var(pg, vi)->next)
        if (n++ < CARD_VARIATIONS)
            variation_row(pg, f, vi);
        else
            more++;
    p2e_hp_put(pg, "</table>");
    if (more) {
        p2e_hp_put(pg, "<p class=\"muted\">and ");
        p2e_hp_ulong(pg, (unsigned long)more);
        p2e_hp_put(pg, " more variations (mapping.csv lists them all)</p>");
    }
}

/* ---- converted values: POS beside eCom ------------------------------------ */

typedef struct {
    p2e_html_page *pg;
    size_t rows, more;
} conv_ctx;

static void conv_row(conv_ctx *c, const char *sku, const char *field, const char *pos,
                     const char *ecom)
{
    if (!strcmp(pos, ecom))
        return;
    if (c->rows++ >= CARD_CONVERTED) {
        c->more++;
        return;
    }
    p2e_html_page *pg = c->pg;
    if (c->rows == 1)
        p2e_hp_put(pg, "<table class=\"conv\"><caption>Converted: POS value beside eCom "
                       "value</caption><tr><th>SKU</th><th>Field</th><th>POS</th><th>eCom</th></tr>");
    p2e_hp_put(pg, "<tr><td><code>");
    p2e_hp_text(pg, sku);
    p2e_hp_put(pg, "</code></td><td>");
    p2e_hp_put(pg, field);
    p2e_hp_put(pg, "</td><td class=\"pos\">");
    p2e_hp_text(pg, pos);
    p2e_hp_put(pg, "</td><td class=\"ecom\">");
    p2e_hp_text(pg, ecom);
    p2e_hp_put(pg, "</td></tr>");
}

/* "0.454 kg", "25.4 x 12.7 x 5.08 cm", or "" when nothing is written;
 * vals[i] is written when bit i of `present` is set. */
static void measures(char *out, size_t cap, const int64_t *vals, unsigned present, int n,
                     int decimals, const p2e_unit *unit)
{
    size_t len = 0;
    int any = 0;
    out[0] = 0;
    for (int i = 0; i < n && len + 60 < cap; i++) {
        char num[40] = "";
        if (present & (1u << i)) {
            p2e_dec_format(num, vals[i], decimals, 0);
            any = 1;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " x " : "", num);
    }
    if (!any || !unit)
        out[0] = 0;
    else
        snprintf(out + len, cap - len, " %s", unit->name);
}

static void converted(p2e_html_page *pg, const p2e_family *f)
{
    conv_ctx c = {pg, 0, 0};
    const p2e_html_input *in = pg->in;
    if (f->variant_product && f->product_sku != f->key)
        conv_row(&c, cs(pg, f->product_sku), "product SKU", cs(pg, f->key), cs(pg, f->product_sku));
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = var(pg, vi)->next) {
        const p2e_variant *v = var(pg, vi);
        if (!v->written)
            continue;
        char pos[200], ecom[200];
        const char *sku = cs(pg, v->sku);
        price_text(ecom, v);
        conv_row(&c, sku, "price", cs(pg, v->price_raw), ecom);
        if (v->tracked) {
            p2e_dec_format(pos, v->stock_raw, 6, 0);
            p2e_dec_format(ecom, v->qty, 0, 1);
            conv_row(&c, sku, "stock", pos, ecom);
        }
        measures(ecom, sizeof ecom, &v->weight, v->measured & P2E_MEASURED_WEIGHT, 1,
                 P2E_WEIGHT_DECIMALS, in->weight_unit);
        conv_row(&c, sku, "weight", cs(pg, v->weight_raw), ecom);
        measures(ecom, sizeof ecom, v->dim, P2E_MEASURED_DIMS(v->measured), P2E_DIM_COUNT,
                 P2E_LENGTH_DECIMALS, in->dimension_unit);
        conv_row(&c, sku, "dimensions", cs(pg, v->dims_raw), ecom);
    }
    if (!c.rows)
        return;
    p2e_hp_put(pg, "</table>");
    if (c.more) {
        p2e_hp_put(pg, "<p class=\"muted\">and ");
        p2e_hp_ulong(pg, (unsigned long)c.more);
        p2e_hp_put(pg, " more (mapping.csv)</p>");
    }
}

/* ---- findings and POS-only values ------------------------------------------- */

static void findings(p2e_html_page *pg, uint32_t fi)
{
    uint32_t a = pg->fam_start[fi], z = pg->fam_start[fi + 1];
    if (a == z)
        return;
    p2e_hp_put(pg, "<ul class=\"findings\">");
    for (uint32_t k = a; k < z && k - a < CARD_FINDINGS; k++) {
        const p2e_finding *x = &pg->in->rep->items[pg->by_fam[k]];
        char cls[2] = {p2e_hp_sev_letter(p2e_code_severity(x->code)), 0};
        p2e_hp_put(pg, "<li class=\"");
        p2e_hp_put(pg, cls);
        p2e_hp_put(pg, "\"><b>");
        p2e_hp_put(pg, p2e_code_name(x->code));
        p2e_hp_put(pg, "</b> ");
        if (*p2e_hp_str(pg, x->sku)) {
            p2e_hp_put(pg, "<code>");
            p2e_hp_text(pg, p2e_hp_str(pg, x->sku));
            p2e_hp_put(pg, "</code> ");
        }
        if (*p2e_hp_str(pg, x->field)) {
            p2e_hp_text(pg, p2e_hp_str(pg, x->field));
            p2e_hp_put(pg, " ");
        }
        if (*p2e_hp_str(pg, x->value)) {
            p2e_hp_put(pg, "<q>");
            p2e_hp_text(pg, p2e_hp_str(pg, x->value));
            p2e_hp_put(pg, "</q> ");
        }
        p2e_hp_message(pg, x);
        const char *act = p2e_hp_action(x->code);
        if (*act) {
            p2e_hp_put(pg, "<br><span class=\"act\">");
            p2e_hp_text(pg, act);
            p2e_hp_put(pg, "</span>");
        }
        p2e_hp_put(pg, "</li>");
    }
    p2e_hp_put(pg, "</ul>");
    if (z - a > CARD_FINDINGS) {
        p2e_hp_put(pg, "<p class=\"muted\">and ");
        p2e_hp_ulong(pg, (unsigned long)(z - a - CARD_FINDINGS));
        p2e_hp_put(pg, " more findings (exceptions.csv)</p>");
    }
}

/* Split packed cells (each ended by '\x1f') into up to n spans. */
static void unpack(const char *s, p2e_span *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *end = s && *s ? strchr(s, '\x1f') : NULL;
        cells[i].s = s ? s : "";
        cells[i].len = end ? (size_t)(end - s) : 0;
        s = end ? end + 1 : NULL;
    }
}

static void raw_n(p2e_html_page *pg, const char *s, size_t len)
{
    if (p2e_buf_append(&pg->b, s, len))
        pg->fail = 1;
}

/* The POS-only values (already escaped when read back): a row per field
 * some variation has, a column per variation (the first NS_VARIANTS). */
#define NS_VARIANTS 12
static void not_synced(p2e_html_page *pg, const p2e_family *f)
{
    p2e_span cells[NS_VARIANTS + 1][P2E_HTML_NS_COLS];
    uint32_t vs[NS_VARIANTS];
    size_t nv = 0, nc = pg->ns_ncols;
    for (uint32_t vi = f->first; vi != P2E_NONE && nv < NS_VARIANTS; vi = var(pg, vi)->next)
        if (pg->ns_cells[vi]) {
            vs[nv] = vi;
            unpack(p2e_pool_get(&pg->ns, pg->ns_cells[vi]), cells[1 + nv++], nc);
        }
    if (!nv)
        return;
    unpack(p2e_pool_get(&pg->ns, pg->ns_head), cells[0], nc);
    p2e_hp_put(pg, "<details class=\"ns\"><summary>Not synced (POS only)</summary><table><tr><th></th>");
    for (size_t j = 0; j < nv; j++) {
        p2e_hp_put(pg, "<th><code>");
        p2e_hp_text(pg, cs(pg, var(pg, vs[j])->sku));
        p2e_hp_put(pg, "</code></th>");
    }
    p2e_hp_put(pg, "</tr>");
    for (size_t k = 0; k < nc; k++) {
        size_t j = 0;
        while (j < nv && !cells[1 + j][k].len)
            j++;
        if (j == nv)
            continue;
        p2e_hp_put(pg, "<tr><th>");
        raw_n(pg, cells[0][k].s, cells[0][k].len);
        p2e_hp_put(pg, "</th>");
        for (j = 0; j < nv; j++) {
            p2e_hp_put(pg, "<td>");
            raw_n(pg, cells[1 + j][k].s, cells[1 + j][k].len);
            p2e_hp_put(pg, "</td>");
        }
        p2e_hp_put(pg, "</tr>");
    }
    p2e_hp_put(pg, "</table></details>");
}

/* ---- the card and the row ------------------------------------------------------ */

static void title(p2e_html_page *pg, const p2e_family *f)
{
    p2e_hp_put(pg, "<a href=\"#");
    p2e_hp_frag(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, "\">");
    p2e_hp_text(pg, cs(pg, f->name));
    p2e_hp_put(pg, "</a>");
}

void p2e_hp_card(p2e_html_page *pg, uint32_t fi)
{
    const p2e_family *f = &pg->in->cat->families[fi];
    p2e_hp_put(pg, "<article class=\"card\" id=\"");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, "\"");
    filter_attrs(pg, fi);
    p2e_hp_put(pg, "><h3>");
    title(pg, f);
    p2e_hp_put(pg, "</h3><div class=\"top\"><dl>");
    fact(pg, "SKU", cs(pg, f->product_sku));
    fact(pg, "Handle", cs(pg, f->handle));
    fact(pg, "Category", cs(pg, f->category));
    fact(pg, "Brand", cs(pg, f->brand));
    price_fact(pg, f);
    fact(pg, "Availability", f->available ? "available" : "unavailable");
    stock_fact(pg, fi);
    p2e_hp_put(pg, "</dl>");
    photos(pg, fi);
    p2e_hp_put(pg, "</div>");
    description(pg, f);
    variations(pg, f);
    converted(pg, f);
    findings(pg, fi);
    not_synced(pg, f);
    p2e_hp_put(pg, "</article>\n");
    p2e_hp_flush(pg);
}

/* A line of the compact list: one element per product (a table row of
 * cells costs the browser eight), its text the name, SKU, handle,
 * category and photo count; the filters read data-c (category), data-f
 * (finding codes) and its class (severity: only notes, or none). */
void p2e_hp_row(p2e_html_page *pg, uint32_t fi)
{
    const p2e_family *f = &pg->in->cat->families[fi];
    p2e_hp_put(pg, "<li id=\"");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, pg->fam_sev[fi] & P2E_HTML_SEV_I ? "\" class=\"i\" data-c=\"" : "\" data-c=\"");
    p2e_hp_text(pg, cs(pg, f->category));
    p2e_hp_put(pg, "\" data-f=\" ");
    uint8_t seen[P2E_CODE_COUNT] = {0};
    for (uint32_t k = pg->fam_start[fi]; k < pg->fam_start[fi + 1]; k++) {
        p2e_code c = pg->in->rep->items[pg->by_fam[k]].code;
        if (!seen[c]) {
            p2e_hp_put(pg, p2e_code_name(c));
            p2e_hp_put(pg, " ");
            seen[c] = 1;
        }
    }
    size_t photos = p2e_images_family_count(pg->in->images, fi);
    p2e_hp_put(pg, photos ? "\" data-p=\"1\">" : "\" data-p=\"0\">");
    p2e_hp_text(pg, cs(pg, f->name));
    p2e_hp_put(pg, " · ");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, " · ");
    p2e_hp_text(pg, cs(pg, f->handle));
    p2e_hp_put(pg, " · ");
    p2e_hp_text(pg, cs(pg, f->category));
    p2e_hp_put(pg, f->available ? " · " : " · unavailable · ");
    p2e_hp_ulong(pg, (unsigned long)photos);
    p2e_hp_put(pg, " photos</li>\n");
    p2e_hp_flush(pg);
}
