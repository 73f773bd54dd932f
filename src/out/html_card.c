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

void p2e_hp_filter_attrs(p2e_html_page *pg, uint32_t fi)
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
    const p2e_outlet_set *os = pg->in->outlets;
    if (tracked && os && os->nselected) {
        p2e_hp_put(pg, " <span class=\"muted\">summed over ");
        int first = 1;
        for (size_t o = 0; o < os->count; o++)
            if (os->items[o].selected) {
                p2e_hp_put(pg, first ? "" : ", ");
                p2e_hp_text(pg, os->items[o].key);
                first = 0;
            }
        p2e_hp_put(pg, "</span>");
    }
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

static void thumb(p2e_html_page *pg, const char *staged, const char *alt)
{
    p2e_hp_put(pg, "<img loading=\"lazy\" src=\"images/");
    p2e_hp_url(pg, staged);
    p2e_hp_put(pg, "\" alt=\"");
    p2e_hp_text(pg, alt);
    p2e_hp_put(pg, "\">");
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
            thumb(pg, s, i ? "gallery photo" : "main photo");
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
        thumb(pg, own, "variation photo");
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

/* "0.454 kg", "25.4 x 12.7 x 5.08 cm", or "" when nothing is written. */
static void measures(char *out, size_t cap, const p2e_measure *m, int n, int decimals,
                     const p2e_unit *unit)
{
    size_t len = 0;
    int any = 0;
    out[0] = 0;
    for (int i = 0; i < n && len + 60 < cap; i++) {
        char num[40] = "";
        if (m[i].present) {
            p2e_dec_format(num, m[i].value, decimals, 0);
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
        measures(ecom, sizeof ecom, &v->weight, 1, P2E_WEIGHT_DECIMALS, in->weight_unit);
        conv_row(&c, sku, "weight", cs(pg, v->weight_raw), ecom);
        measures(ecom, sizeof ecom, v->dim, P2E_DIM_COUNT, P2E_LENGTH_DECIMALS, in->dimension_unit);
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

static void not_synced(p2e_html_page *pg, const p2e_family *f)
{
    int any = 0;
    for (uint32_t vi = f->first; vi != P2E_NONE; vi = var(pg, vi)->next) {
        p2e_str h = pg->ns_html[vi];
        if (!h)
            continue;
        if (!any)
            p2e_hp_put(pg, "<details class=\"ns\"><summary>Not synced (POS only)</summary>");
        any = 1;
        p2e_hp_put(pg, "<table><caption>");
        p2e_hp_text(pg, cs(pg, var(pg, vi)->sku));
        p2e_hp_put(pg, "</caption>");
        p2e_hp_put(pg, p2e_pool_get(&pg->ns, h)); /* escaped when read back */
        p2e_hp_put(pg, "</table>");
    }
    if (any)
        p2e_hp_put(pg, "</details>");
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
    p2e_hp_filter_attrs(pg, fi);
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

void p2e_hp_row(p2e_html_page *pg, uint32_t fi)
{
    const p2e_family *f = &pg->in->cat->families[fi];
    p2e_hp_put(pg, "<tr id=\"");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, "\"");
    p2e_hp_filter_attrs(pg, fi);
    p2e_hp_put(pg, "><td>");
    title(pg, f);
    p2e_hp_put(pg, "</td><td><code>");
    p2e_hp_text(pg, cs(pg, f->product_sku));
    p2e_hp_put(pg, "</code></td><td>");
    p2e_hp_text(pg, cs(pg, f->category));
    p2e_hp_put(pg, "</td><td>");
    p2e_hp_text(pg, cs(pg, f->brand));
    p2e_hp_put(pg, "</td><td>");
    p2e_hp_put(pg, f->available ? "available" : "unavailable");
    p2e_hp_put(pg, "</td><td class=\"n\">");
    p2e_hp_ulong(pg, (unsigned long)p2e_images_family_count(pg->in->images, fi));
    p2e_hp_put(pg, "</td><td>");
    uint8_t seen[P2E_CODE_COUNT] = {0};
    for (uint32_t k = pg->fam_start[fi]; k < pg->fam_start[fi + 1]; k++) {
        p2e_code c = pg->in->rep->items[pg->by_fam[k]].code;
        if (!seen[c]) {
            seen[c] = 1;
            p2e_hp_put(pg, p2e_code_name(c));
            p2e_hp_put(pg, " ");
        }
    }
    p2e_hp_put(pg, "</td></tr>\n");
    p2e_hp_flush(pg);
}
