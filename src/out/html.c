/* report.html: the page, its sections, the output helpers (see p2e_html.h). */
#include "p2e_html_page.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_decimal.h"
#include "p2e_todo.h"

#define FLUSH_AT (1u << 20)
/* The most lines a list of the not-written or sync sections shows. */
#define SECTION_LINES 2000

/* ---- output ------------------------------------------------------------------ */

void p2e_hp_put(p2e_html_page *pg, const char *html)
{
    if (p2e_buf_puts(&pg->b, html))
        pg->fail = 1;
}

void p2e_hp_text(p2e_html_page *pg, const char *s)
{
    if (p2e_html_cstr(&pg->b, s))
        pg->fail = 1;
}

void p2e_hp_url(p2e_html_page *pg, const char *path)
{
    if (p2e_html_url(&pg->b, path))
        pg->fail = 1;
}

void p2e_hp_frag(p2e_html_page *pg, const char *id)
{
    if (p2e_html_fragment(&pg->b, id))
        pg->fail = 1;
}

void p2e_hp_ulong(p2e_html_page *pg, unsigned long n)
{
    char num[24];
    snprintf(num, sizeof num, "%lu", n);
    p2e_hp_put(pg, num);
}

void p2e_hp_dec(p2e_html_page *pg, int64_t units, int decimals, int fixed)
{
    char num[48];
    p2e_dec_format(num, units, decimals, fixed);
    p2e_hp_put(pg, num);
}

void p2e_hp_flush(p2e_html_page *pg)
{
    if (pg->b.len < FLUSH_AT || pg->fail)
        return;
    p2e_csvw_raw(&pg->w, pg->b.data, pg->b.len);
    pg->b.len = 0;
}

const char *p2e_hp_str(const p2e_html_page *pg, p2e_str s)
{
    return p2e_pool_get(&pg->in->rep->strings, s);
}

void p2e_hp_message(p2e_html_page *pg, const p2e_finding *f)
{
    p2e_hp_text(pg, p2e_code_message(f->code));
    const char *detail = p2e_hp_str(pg, f->detail);
    if (*detail) {
        p2e_hp_put(pg, ": ");
        p2e_hp_text(pg, detail);
    }
}

const char *p2e_hp_action(p2e_code code)
{
    return p2e_code_action(code);
}

char p2e_hp_sev_letter(p2e_severity s)
{
    return s == P2E_SEV_ERROR ? 'e' : s == P2E_SEV_WARNING ? 'w' : 'i';
}

/* ---- the head: style, policy ------------------------------------------------- */

/* The page's one script, allowed by its hash in the Content-Security-Policy
 * (SCRIPT_HASH: sha256 of these exact bytes, base64; tests/html.sh checks it
 * by running the page). It shows the filters and applies them. The list of
 * what they filter is made at the first filter, not as the page opens: on
 * the 100,000-variant bench page that was half a second of the opening. A
 * filter the browser restored on a reload is applied at once. */
static const char script[] =
    "(function(){var d=document,f=d.getElementById('filters');if(!f)return;f.hidden=false;"
    "d.documentElement.setAttribute('data-js','1');var g=function(i){return d.getElementById(i)};"
    "var items=null;function all(){if(!items)items=[].map.call(d.querySelectorAll('article[data-q],"
    "ul.rows li'),function(e){var a=e.dataset;if(a.q!==undefined)return{e:e,q:a.q,s:a.sev,c:a.codes,"
    "k:a.cat,p:a.photo};return{e:e,q:e.textContent.toLowerCase(),s:e.className,c:a.f,k:a.c,p:a.p}});"
    "return items}"
    "var q=g('q'),sev=g('sev'),code=g('code'),cat=g('cat'),ph=g('photo'),n=g('shown');"
    "function apply(){var t=q.value.toLowerCase(),s=sev.value,c=code.value,k=cat.value,p=ph.value,m=0;"
    "all().forEach(function(a){var ok=(!t||a.q.indexOf(t)>=0)&&(!s||a.s.indexOf(s)>=0)"
    "&&(!c||a.c.indexOf(' '+c+' ')>=0)&&(!k||a.k===k||a.k.indexOf(k+' / ')===0)"
    "&&(!p||a.p===p);a.e.hidden=!ok;if(ok)m++;});n.textContent=m;var o=g('more');if(o&&(t||s||c||k||p))o.open=true;}"
    "[q,sev,code,cat,ph].forEach(function(e){e.addEventListener('input',apply);"
    "e.addEventListener('change',apply);});"
    "function hash(){var h=decodeURIComponent(location.hash.slice(1));if(h.indexOf('code=')===0)"
    "{code.value=h.slice(5);apply();var l=g('products');if(l)l.scrollIntoView();}"
    "else{var e=g(h),o=e&&e.closest('details');if(o){o.open=true;e.scrollIntoView();}}}"
    "window.addEventListener('hashchange',hash);hash();"
    "if(q.value||sev.value||code.value||cat.value||ph.value)apply();})();";
#define SCRIPT_HASH "sha256-ckcKnoqn6z1VlaoJC1yWmosdyNLKIuBTkojxPFrJJkA="

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#222}"
    "h1{font-size:22px;margin:4px 0}h2{font-size:18px;border-bottom:2px solid #ccc;margin-top:28px}"
    "h3{font-size:16px;margin:0 0 6px}a{color:#0645ad}code{font-size:12px;background:#f3f3f3;padding:0 3px}"
    "[hidden]{display:none!important}.muted,.none{color:#777}"
    ".e{color:#a40000}.w{color:#8a5a00}.i{color:#245}"
    "ul.todo li,ul.findings li{margin:3px 0;padding:3px 6px;border-left:4px solid #999;list-style:none}"
    "ul.todo,ul.findings{padding:0}li.e{border-color:#c00!important;background:#fdecec}"
    "li.w{border-color:#d89000!important;background:#fff6e0}li.i{border-color:#58a!important;background:#eef5fb}"
    ".act{color:#333;font-style:italic}"
    ".card{border:1px solid #ccc;border-radius:6px;padding:10px;margin:12px 0;break-inside:avoid}"
    ".top{display:flex;gap:16px;flex-wrap:wrap}.top dl{display:grid;grid-template-columns:auto 1fr;"
    "gap:2px 10px;margin:0;flex:1 1 340px}dt{font-weight:600}dd{margin:0}"
    ".photos{display:flex;gap:6px;flex-wrap:wrap;max-width:420px}"
    "img{width:96px;height:96px;object-fit:cover;border:1px solid #ddd;background:#fafafa}"
    "iframe.desc{width:100%;height:90px;border:1px solid #ddd;margin-top:8px;resize:vertical}"
    "table{border-collapse:collapse;margin:8px 0;font-size:13px}caption{text-align:left;font-weight:600}"
    "td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}td.n{text-align:right}"
    "td.pos,td.old{background:#fdecec}td.ecom,td.new{background:#e9f7e9}mark{background:#ffe066}"
    "#filters{position:sticky;top:0;background:#fff;padding:6px 0;border-bottom:1px solid #ccc;z-index:1}"
    "#filters input,#filters select{margin-right:6px}ul.rows{padding-left:18px;font-size:13px}"
    "ul.rows li,.card{content-visibility:auto;contain-intrinsic-size:auto 20px}.card{contain-intrinsic-size:auto 500px}"
    "pre{white-space:pre-wrap;font-size:12px;max-height:160px;overflow:auto}"
    ".chunk{content-visibility:auto;contain-intrinsic-size:auto 3000px}"
    "table.fx{table-layout:fixed;width:100%;margin:0}table.fx td{overflow-wrap:anywhere}"
    ".chunk+.chunk tr:first-child td{border-top:0}"
    "@media print{#filters{display:none}.card{border-color:#999}iframe.desc{height:auto}"
    ".chunk{content-visibility:visible}}";

static void head(p2e_html_page *pg)
{
    p2e_hp_put(pg, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "img-src 'self' file:; style-src 'unsafe-inline'; script-src '" SCRIPT_HASH
                   "'; frame-src 'self'; form-action 'none'; base-uri 'none'\">"
                   "<meta name=\"viewport\" content=\"width=device-width\"><title>pos2ecom ");
    p2e_hp_put(pg, pg->in->command);
    p2e_hp_put(pg, " report</title><style>");
    p2e_hp_put(pg, style);
    p2e_hp_put(pg, "</style></head><body>\n<h1>pos2ecom ");
    p2e_hp_put(pg, pg->in->command);
    p2e_hp_put(pg, " report</h1>\n");
}

/* ---- the to-do list ------------------------------------------------------------ */

static void todo(p2e_html_page *pg)
{
    size_t per_code[P2E_CODE_COUNT], per_sev[3];
    p2e_report_count(pg->in->rep, per_code, per_sev);
    p2e_todo_line lines[P2E_CODE_COUNT];
    size_t n = p2e_todo_lines(pg->in->rep, lines); /* the lines and order of todo.csv */
    p2e_hp_put(pg, "<section id=\"todo\"><h2>To do</h2><p>Errors: ");
    p2e_hp_ulong(pg, (unsigned long)per_sev[P2E_SEV_ERROR]);
    p2e_hp_put(pg, " · warnings: ");
    p2e_hp_ulong(pg, (unsigned long)per_sev[P2E_SEV_WARNING]);
    p2e_hp_put(pg, " · notes: ");
    p2e_hp_ulong(pg, (unsigned long)per_sev[P2E_SEV_INFO]);
    p2e_hp_put(pg, " (exceptions.csv lists each one). A line's link shows its products.</p>");
    if (!n)
        p2e_hp_put(pg, "<p>Nothing to do.</p>");
    else
        p2e_hp_put(pg, "<ul class=\"todo\">");
    for (size_t i = 0; i < n; i++) {
        char cls[2] = {p2e_hp_sev_letter(p2e_code_severity(lines[i].code)), 0};
        const char *name = p2e_code_name(lines[i].code);
        p2e_hp_put(pg, "<li class=\"");
        p2e_hp_put(pg, cls);
        p2e_hp_put(pg, "\"><a href=\"#code=");
        p2e_hp_put(pg, name);
        p2e_hp_put(pg, "\">");
        p2e_hp_put(pg, name);
        p2e_hp_put(pg, "</a> ×");
        p2e_hp_ulong(pg, (unsigned long)lines[i].count);
        p2e_hp_put(pg, " – ");
        p2e_hp_text(pg, p2e_code_message(lines[i].code));
        const char *act = p2e_hp_action(lines[i].code);
        if (*act) {
            p2e_hp_put(pg, "<br><span class=\"act\">");
            p2e_hp_text(pg, act);
            p2e_hp_put(pg, "</span>");
        }
        p2e_hp_put(pg, "</li>");
    }
    p2e_hp_put(pg, n ? "</ul></section>\n" : "</section>\n");
}

/* ---- the filters ---------------------------------------------------------------- */

static void option(p2e_html_page *pg, const char *value, const char *label, size_t count)
{
    p2e_hp_put(pg, "<option value=\"");
    p2e_hp_text(pg, value);
    p2e_hp_put(pg, "\">");
    p2e_hp_text(pg, label);
    p2e_hp_put(pg, " (");
    p2e_hp_ulong(pg, (unsigned long)count);
    p2e_hp_put(pg, ")</option>");
}

static int by_category(const void *a, const void *b, void *cat)
{
    return strcmp(p2e_catalog_str(cat, *(const p2e_str *)a), p2e_catalog_str(cat, *(const p2e_str *)b));
}

/* The category filter: each distinct path of a written product, sorted
 * (paths are interned: equal paths are one p2e_str). */
static void categories(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    p2e_str *list = malloc((cat->nfamilies + 1) * sizeof *list);
    if (!list) {
        pg->fail = 1;
        return;
    }
    size_t n = 0;
    for (size_t fi = 0; fi < cat->nfamilies; fi++)
        if (cat->families[fi].written && cat->families[fi].category)
            list[n++] = cat->families[fi].category;
    qsort_r(list, n, sizeof *list, by_category, (void *)cat);
    p2e_hp_put(pg, "<select id=\"cat\" aria-label=\"category\"><option value=\"\">any category</option>");
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && list[j] == list[i]; j++)
            ;
        const char *path = p2e_catalog_str(cat, list[i]);
        option(pg, path, path, j - i);
    }
    p2e_hp_put(pg, "</select>");
    free(list);
}

static void filters(p2e_html_page *pg, size_t written)
{
    const p2e_catalog *cat = pg->in->cat;
    size_t sev[3] = {0}, photo = 0, codes[P2E_CODE_COUNT] = {0};
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        if (!cat->families[fi].written)
            continue;
        for (int s = 0; s < 3; s++)
            sev[s] += (pg->fam_sev[fi] >> s) & 1;
        photo += p2e_images_family_staged(pg->in->images, (uint32_t)fi, 0) != NULL;
        uint8_t seen[P2E_CODE_COUNT] = {0};
        for (uint32_t k = pg->fam_start[fi]; k < pg->fam_start[fi + 1]; k++) {
            p2e_code c = pg->in->rep->items[pg->by_fam[k]].code;
            codes[c] += !seen[c];
            seen[c] = 1;
        }
    }
    p2e_hp_put(pg, "<div id=\"filters\" hidden><input id=\"q\" type=\"search\" "
                   "placeholder=\"Search name, SKU, handle\" aria-label=\"search\">"
                   "<select id=\"sev\" aria-label=\"severity\"><option value=\"\">any severity</option>");
    option(pg, "e", "errors", sev[0]);
    option(pg, "w", "warnings", sev[1]);
    option(pg, "i", "notes", sev[2]);
    p2e_hp_put(pg, "</select><select id=\"code\" aria-label=\"finding\"><option value=\"\">any "
                   "finding</option>");
    for (int c = 0; c < P2E_CODE_COUNT; c++)
        if (codes[c])
            option(pg, p2e_code_name((p2e_code)c), p2e_code_name((p2e_code)c), codes[c]);
    p2e_hp_put(pg, "</select>");
    categories(pg);
    p2e_hp_put(pg, "<select id=\"photo\" aria-label=\"photo\"><option value=\"\">with or without "
                   "photo</option>");
    option(pg, "1", "has a photo", photo);
    option(pg, "0", "has no photo", written - photo);
    p2e_hp_put(pg, "</select> <b id=\"shown\">");
    p2e_hp_ulong(pg, (unsigned long)written);
    p2e_hp_put(pg, "</b> of ");
    p2e_hp_ulong(pg, (unsigned long)written);
    p2e_hp_put(pg, " products shown</div>\n");
}

/* ---- products ------------------------------------------------------------------ */

/* Once for the page: the outlets every product's stock is summed over. */
static void outlets(p2e_html_page *pg)
{
    const p2e_outlet_set *os = pg->in->outlets;
    if (!os || !os->nselected)
        return;
    p2e_hp_put(pg, "<p class=\"muted\">Stock is the sum over the outlets ");
    int first = 1;
    for (size_t o = 0; o < os->count; o++)
        if (os->items[o].selected) {
            char name[600];
            p2e_outlet_display_name(os->items[o].key, name, sizeof name);
            p2e_hp_put(pg, first ? "" : ", ");
            p2e_hp_text(pg, name);
            first = 0;
        }
    p2e_hp_put(pg, "; a count below 0 counts as 0 (shown as clamped).</p>");
}

static void products(p2e_html_page *pg, size_t written)
{
    const p2e_catalog *cat = pg->in->cat;
    size_t nrows = 0;
    p2e_hp_put(pg, "<section id=\"products\"><h2>Products written (");
    p2e_hp_ulong(pg, (unsigned long)written);
    p2e_hp_put(pg, ")</h2>\n");
    outlets(pg);
    for (size_t fi = 0; fi < cat->nfamilies; fi++) {
        if (pg->card[fi])
            p2e_hp_card(pg, (uint32_t)fi);
        else
            nrows += cat->families[fi].written;
    }
    if (nrows) {
        /* closed, the list costs the browser no layout when the page opens */
        p2e_hp_put(pg, "<h2 id=\"compact\">More products, one line each (");
        p2e_hp_ulong(pg, (unsigned long)nrows);
        p2e_hp_put(pg, ")</h2><p class=\"muted\">Past the first cards, products without an "
                       "error or a warning are one line each, so that the page opens quickly: "
                       "name · SKU · handle · category · photos.</p><details id=\"more\"><summary>"
                       "Show the list</summary><ul class=\"rows\">\n");
        for (size_t fi = 0; fi < cat->nfamilies; fi++)
            if (!pg->card[fi] && cat->families[fi].written)
                p2e_hp_row(pg, (uint32_t)fi);
        p2e_hp_put(pg, "</ul></details>");
    }
    p2e_hp_put(pg, "</section>\n");
}

/* ---- products not written ------------------------------------------------------- */

static void why(p2e_html_page *pg, p2e_code code)
{
    p2e_hp_put(pg, "<b>");
    p2e_hp_put(pg, p2e_code_name(code));
    p2e_hp_put(pg, "</b> ");
    p2e_hp_text(pg, p2e_code_message(code));
    const char *act = p2e_hp_action(code);
    if (*act) {
        p2e_hp_put(pg, "<br><span class=\"act\">");
        p2e_hp_text(pg, act);
        p2e_hp_put(pg, "</span>");
    }
}

/* A long table goes out in chunks of CHUNK_ROWS rows, each in a box the
 * browser skips laying out until it scrolls into view: a table is laid out
 * whole (its rows cannot be skipped one by one), and on the 100,000-variant
 * bench page the 2,000-row not-written table alone cost Chromium 0.8 s of
 * layout before the page could show. Fixed column widths (cols) keep the
 * chunks' columns in line; the header row is in the first chunk only. */
#define CHUNK_ROWS 100

typedef struct {
    const char *cols; /* the <col> elements */
    const char *head; /* the header row */
    size_t rows;
} chunked_table;

static void table_row(p2e_html_page *pg, chunked_table *t)
{
    if (t->rows % CHUNK_ROWS == 0) {
        p2e_hp_put(pg, t->rows ? "</table></div><div class=\"chunk\"><table class=\"fx\">"
                               : "<div class=\"chunk\"><table class=\"fx\">");
        p2e_hp_put(pg, t->cols);
        if (!t->rows)
            p2e_hp_put(pg, t->head);
    }
    t->rows++;
}

static void table_end(p2e_html_page *pg, const chunked_table *t)
{
    if (t->rows)
        p2e_hp_put(pg, "</table></div>");
}

static void cell(p2e_html_page *pg, const char *s)
{
    p2e_hp_put(pg, "<td>");
    p2e_hp_text(pg, s);
    p2e_hp_put(pg, "</td>");
}

/* One line per variant not written, in input order: its product, SKU,
 * file and line, why (rows left out while reading are variants of no
 * family). */
static size_t unwritten_variants(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    chunked_table t = {"<col style=\"width:22%\"><col style=\"width:14%\"><col style=\"width:16%\">"
                       "<col style=\"width:7%\"><col style=\"width:41%\">",
                       "<tr><th>Product</th><th>SKU</th><th>File</th><th>Line</th><th>Why</th></tr>", 0};
    size_t n = 0;
    for (size_t vi = 0; vi < cat->nvariants; vi++) {
        const p2e_variant *v = &cat->variants[vi];
        const p2e_family *f = v->family < cat->nfamilies ? &cat->families[v->family] : NULL;
        if (v->written || ++n > SECTION_LINES)
            continue;
        table_row(pg, &t);
        p2e_hp_put(pg, "<tr>");
        cell(pg, p2e_catalog_str(cat, f ? f->name : v->name));
        cell(pg, p2e_catalog_str(cat, v->sku));
        cell(pg, v->file < pg->in->nfiles ? cat->file_names[v->file] : "");
        p2e_hp_put(pg, "<td class=\"n\">");
        p2e_hp_ulong(pg, (unsigned long)v->line);
        p2e_hp_put(pg, "</td><td>");
        if (v->excluded)
            why(pg, (p2e_code)(v->excluded - 1));
        else if (f && !f->written)
            p2e_hp_put(pg, "its product is not written");
        p2e_hp_put(pg, "</td></tr>");
        p2e_hp_flush(pg);
    }
    table_end(pg, &t);
    return n;
}

/* Whether the finding is about a row the catalog holds (a finding about a
 * dropped row may name the variant it clashed with: DUPLICATE_SKU). */
static int stored(const p2e_catalog *cat, const p2e_finding *x)
{
    if (x->variant == P2E_NO_VARIANT || x->variant >= cat->nvariants)
        return 0;
    const p2e_variant *v = &cat->variants[x->variant];
    return v->file == x->file && v->line == x->line;
}

/* Rows left out while reading never became variants: their findings say
 * where they are. */
static void dropped_rows(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    const p2e_report *rep = pg->in->rep;
    for (int c = 0; c < P2E_CODE_COUNT; c++) {
        if (!cat->not_written_unstored[c])
            continue;
        p2e_hp_put(pg, "<h3>");
        p2e_hp_ulong(pg, (unsigned long)cat->not_written_unstored[c]);
        p2e_hp_put(pg, " rows left out while reading</h3><p>");
        why(pg, (p2e_code)c);
        p2e_hp_put(pg, "</p>");
        chunked_table t = {"<col style=\"width:20%\"><col style=\"width:8%\"><col style=\"width:22%\">"
                           "<col style=\"width:50%\">",
                           "<tr><th>File</th><th>Line</th><th>SKU</th><th>Value</th></tr>", 0};
        for (size_t i = 0; i < rep->count && t.rows < SECTION_LINES; i++) {
            const p2e_finding *x = &rep->items[i];
            if (x->code != (p2e_code)c || stored(cat, x))
                continue;
            table_row(pg, &t);
            p2e_hp_put(pg, "<tr>");
            cell(pg, x->file < pg->in->nfiles ? cat->file_names[x->file] : p2e_hp_str(pg, x->path));
            p2e_hp_put(pg, "<td class=\"n\">");
            p2e_hp_ulong(pg, x->line);
            p2e_hp_put(pg, "</td>");
            cell(pg, p2e_hp_str(pg, x->sku));
            cell(pg, p2e_hp_str(pg, x->value));
            p2e_hp_put(pg, "</tr>");
        }
        table_end(pg, &t);
    }
}

static void not_written(p2e_html_page *pg)
{
    p2e_hp_put(pg, "<section id=\"not-written\"><h2>Not written</h2>");
    size_t n = unwritten_variants(pg);
    if (n > SECTION_LINES) {
        p2e_hp_put(pg, "<p class=\"muted\">and ");
        p2e_hp_ulong(pg, (unsigned long)(n - SECTION_LINES));
        p2e_hp_put(pg, " more (exceptions.csv)</p>");
    }
    size_t dropped = 0;
    for (int c = 0; c < P2E_CODE_COUNT; c++)
        dropped += pg->in->cat->not_written_unstored[c];
    if (!n && !dropped)
        p2e_hp_put(pg, "<p>Every product row was written.</p>");
    dropped_rows(pg);
    p2e_hp_put(pg, "</section>\n");
}

/* ---- sync and audit ------------------------------------------------------------- */

static void text_n(p2e_html_page *pg, const char *s, size_t len)
{
    if (p2e_html_text(&pg->b, s, len))
        pg->fail = 1;
}

/* b with the part that differs from a highlighted: the common prefix and
 * suffix, cut at character boundaries, stay plain. */
static void highlighted(p2e_html_page *pg, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), pre = 0, suf = 0;
    while (pre < la && pre < lb && a[pre] == b[pre])
        pre++;
    while (pre > 0 && b[pre - 1] != ' ') /* whole words: "true" against "false" */
        pre--;
    while (suf < la - pre && suf < lb - pre && a[la - 1 - suf] == b[lb - 1 - suf])
        suf++;
    while (suf > 0 && b[lb - suf] != ' ')
        suf--;
    text_n(pg, b, pre);
    if (lb - pre - suf) {
        p2e_hp_put(pg, "<mark>");
        text_n(pg, b + pre, lb - pre - suf);
        p2e_hp_put(pg, "</mark>");
    }
    text_n(pg, b + lb - suf, suf);
}

static void drift(p2e_html_page *pg)
{
    p2e_hp_put(pg, "<section id=\"drift\"><h2>Differences with the store (");
    p2e_hp_ulong(pg, (unsigned long)pg->ndrift);
    p2e_hp_put(pg, ")</h2>");
    if (!pg->ndrift)
        p2e_hp_put(pg, "<p>The store holds what the POS holds.</p>");
    chunked_table t = {"<col style=\"width:16%\"><col style=\"width:18%\"><col style=\"width:26%\">"
                       "<col style=\"width:26%\"><col style=\"width:14%\">",
                       "<tr><th>SKU</th><th>Field</th><th>Store (eCom)</th><th>POS</th><th>What a sync "
                       "does</th></tr>",
                       0};
    for (size_t i = 0; i < pg->ndrift && i < SECTION_LINES * 5; i++) {
        const p2e_html_drift *d = &pg->drift[i];
        const char *ecom = p2e_pool_get(&pg->drift_pool, d->ecom);
        const char *pos = p2e_pool_get(&pg->drift_pool, d->pos);
        const char *sku = p2e_pool_get(&pg->drift_pool, d->sku);
        table_row(pg, &t);
        p2e_hp_put(pg, "<tr><td><a href=\"#");
        p2e_hp_frag(pg, sku);
        p2e_hp_put(pg, "\"><code>");
        p2e_hp_text(pg, sku);
        p2e_hp_put(pg, "</code></a></td>");
        cell(pg, p2e_pool_get(&pg->drift_pool, d->field));
        p2e_hp_put(pg, "<td class=\"old\">"); /* the store's value, which the POS's replaces */
        highlighted(pg, pos, ecom);
        p2e_hp_put(pg, "</td><td class=\"new\">");
        highlighted(pg, ecom, pos);
        p2e_hp_put(pg, "</td>");
        cell(pg, p2e_pool_get(&pg->drift_pool, d->action));
        p2e_hp_put(pg, "</tr>");
        p2e_hp_flush(pg);
    }
    table_end(pg, &t);
    p2e_hp_put(pg, "</section>\n");
}

static void to_create(p2e_html_page *pg)
{
    const p2e_sync *s = pg->in->plan;
    const p2e_store *d = s->desired;
    p2e_hp_put(pg, "<section id=\"to-create\"><h2>To create in eCom (");
    p2e_hp_ulong(pg, (unsigned long)s->counts.created);
    p2e_hp_put(pg, ")</h2><ul>");
    size_t n = 0;
    for (size_t i = 0; d && s->action && i < d->nproducts && n < SECTION_LINES; i++) {
        if (s->action[i] != P2E_SYNC_CREATE)
            continue;
        n++;
        const char *sku = p2e_store_str(d, d->products[i].f[P2E_SF_SKU]);
        p2e_hp_put(pg, "<li><a href=\"#");
        p2e_hp_frag(pg, sku);
        p2e_hp_put(pg, "\"><code>");
        p2e_hp_text(pg, sku);
        p2e_hp_put(pg, "</code></a> ");
        p2e_hp_text(pg, p2e_store_str(d, d->products[i].f[P2E_SF_NAME]));
        p2e_hp_put(pg, "</li>");
    }
    p2e_hp_put(pg, "</ul></section>\n");
}

/* The store's products a sync leaves to the merchant, from their findings. */
static void store_list(p2e_html_page *pg, const char *id, const char *title, p2e_code a, p2e_code b)
{
    const p2e_report *rep = pg->in->rep;
    size_t n = 0;
    for (size_t i = 0; i < rep->count; i++)
        n += rep->items[i].code == a || rep->items[i].code == b;
    p2e_hp_put(pg, "<section id=\"");
    p2e_hp_put(pg, id);
    p2e_hp_put(pg, "\"><h2>");
    p2e_hp_put(pg, title);
    p2e_hp_put(pg, " (");
    p2e_hp_ulong(pg, (unsigned long)n);
    p2e_hp_put(pg, ")</h2>");
    if (n) {
        p2e_hp_put(pg, "<p>");
        why(pg, a);
        p2e_hp_put(pg, "</p>");
    }
    chunked_table t = {"<col style=\"width:8%\"><col style=\"width:20%\"><col style=\"width:42%\">"
                       "<col style=\"width:30%\">",
                       "<tr><th>Line</th><th>Product SKU</th><th>Name or variation SKU</th><th>Finding</th></tr>",
                       0};
    for (size_t i = 0; i < rep->count && t.rows < SECTION_LINES; i++) {
        const p2e_finding *x = &rep->items[i];
        if (x->code != a && x->code != b)
            continue;
        table_row(pg, &t);
        p2e_hp_put(pg, "<tr><td class=\"n\">");
        p2e_hp_ulong(pg, x->line);
        p2e_hp_put(pg, "</td>");
        cell(pg, p2e_hp_str(pg, x->sku));
        cell(pg, p2e_hp_str(pg, x->value));
        cell(pg, p2e_code_name(x->code));
        p2e_hp_put(pg, "</tr>");
    }
    table_end(pg, &t);
    p2e_hp_put(pg, "</section>\n");
}

/* ---- the page ----------------------------------------------------------------------- */

static void overview(p2e_html_page *pg, size_t written)
{
    const p2e_catalog *cat = pg->in->cat;
    p2e_hp_put(pg, "<p>");
    p2e_hp_ulong(pg, (unsigned long)written);
    p2e_hp_put(pg, " products written from ");
    for (size_t i = 0; i < pg->in->nfiles; i++) {
        p2e_hp_put(pg, i ? ", " : "");
        p2e_hp_text(pg, cat->file_names[i]);
    }
    p2e_hp_put(pg, ". <a href=\"#todo\">To do</a> · <a href=\"#products\">Products</a> · "
                   "<a href=\"#not-written\">Not written</a>");
    if (pg->in->plan)
        p2e_hp_put(pg, " · <a href=\"#drift\">Differences</a> · <a href=\"#to-create\">To "
                       "create</a> · <a href=\"#to-delete\">To delete</a> · <a "
                       "href=\"#ecom-only\">eCom only</a>");
    p2e_hp_put(pg, "</p>\n");
}

static void body(p2e_html_page *pg)
{
    const p2e_catalog *cat = pg->in->cat;
    size_t written = 0;
    for (size_t fi = 0; fi < cat->nfamilies; fi++)
        written += cat->families[fi].written;
    head(pg);
    overview(pg, written);
    todo(pg);
    if (pg->in->plan) {
        drift(pg);
        to_create(pg);
        store_list(pg, "to-delete", "To delete in eCom by hand", P2E_CODE_DELETED_IN_POS,
                   P2E_CODE_DELETED_IN_POS);
        store_list(pg, "ecom-only", "Only in eCom", P2E_CODE_ECOM_ONLY_PRODUCT,
                   P2E_CODE_ECOM_ONLY_VARIATION);
    }
    filters(pg, written);
    products(pg, written);
    not_written(pg);
    p2e_hp_put(pg, "<script>");
    p2e_hp_put(pg, script);
    p2e_hp_put(pg, "</script>\n</body></html>\n");
}

p2e_status p2e_html_write(const p2e_html_input *in, const char *dir, const char *name,
                          p2e_outset *set, p2e_err *err)
{
    p2e_html_page pg;
    memset(&pg, 0, sizeof pg);
    pg.in = in;
    p2e_status st = p2e_pool_init(&pg.ns);
    if (!st)
        st = p2e_pool_init(&pg.drift_pool);
    if (st) {
        p2e_hp_free(&pg);
        return p2e_fail(err, st, "out of memory");
    }
    st = p2e_hp_index(&pg);
    if (st)
        st = p2e_fail(err, st, "out of memory");
    if (!st)
        st = p2e_hp_read_notsynced(&pg, err);
    if (!st)
        st = p2e_hp_read_drift(&pg, err);
    if (!st)
        st = p2e_csvw_open(&pg.w, dir, name, err);
    if (st) {
        p2e_hp_free(&pg);
        return st;
    }
    body(&pg);
    if (!pg.fail)
        p2e_csvw_raw(&pg.w, pg.b.data, pg.b.len);
    if (pg.fail) {
        p2e_csvw_abandon(&pg.w);
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    } else {
        st = p2e_csvw_finish(&pg.w, set, err);
    }
    p2e_hp_free(&pg);
    return st;
}
