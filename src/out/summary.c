#include "p2e_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"
#include "p2e_utf8.h"

void p2e_summary_build(p2e_summary *s, const p2e_catalog *cat, const p2e_report *rep)
{
    s->rep = rep;
    p2e_catalog_account(cat, &s->acc);
    p2e_report_count(rep, s->per_code, s->per_sev);
    s->products = s->variations = 0;
    for (size_t i = 0; i < cat->nfamilies; i++) {
        const p2e_family *f = &cat->families[i];
        if (!f->written)
            continue;
        s->products++;
        for (uint32_t vi = f->first; f->variant_product && vi != P2E_NONE; vi = cat->variants[vi].next)
            s->variations += cat->variants[vi].written;
    }
}

/* JSON string, escaped per RFC 8259. */
static void json_str(p2e_buf *b, const char *raw, int *fail)
{
    /* whatever reaches it (a file name in Latin-1), the JSON is UTF-8 */
    char *clean = p2e_utf8_clean(raw);
    const char *s = clean;
    *fail |= !clean || p2e_buf_putc(b, '"') != P2E_OK;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            esc[2] = '\0';
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
        } else {
            esc[0] = (char)c;
            esc[1] = '\0';
        }
        *fail |= p2e_buf_puts(b, esc) != P2E_OK;
    }
    *fail |= p2e_buf_putc(b, '"') != P2E_OK;
    free(clean);
}

static void json_num(p2e_buf *b, const char *key, size_t v, int last, int *fail)
{
    char tmp[64];
    *fail |= p2e_buf_puts(b, "    ") != P2E_OK;
    json_str(b, key, fail);
    snprintf(tmp, sizeof tmp, ": %zu%s\n", v, last ? "" : ",");
    *fail |= p2e_buf_puts(b, tmp) != P2E_OK;
}

static void json_list(p2e_buf *b, const char *key, const char *const *items, size_t n, int *fail)
{
    *fail |= p2e_buf_puts(b, "  ") != P2E_OK;
    json_str(b, key, fail);
    *fail |= p2e_buf_puts(b, ": [") != P2E_OK;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *fail |= p2e_buf_puts(b, ", ") != P2E_OK;
        json_str(b, items[i], fail);
    }
    *fail |= p2e_buf_puts(b, "],\n") != P2E_OK;
}

static void json_outlets(p2e_buf *b, const p2e_outlet_set *set, int *fail)
{
    *fail |= p2e_buf_puts(b, "  \"outlets_used\": [") != P2E_OK;
    int first = 1;
    for (size_t i = 0; i < set->count; i++) {
        char name[512];
        if (!set->items[i].selected)
            continue;
        p2e_outlet_display_name(set->items[i].key, name, sizeof name);
        if (!first)
            *fail |= p2e_buf_puts(b, ", ") != P2E_OK;
        first = 0;
        json_str(b, name, fail);
    }
    *fail |= p2e_buf_puts(b, "],\n") != P2E_OK;
}

/* "name": { "CODE": n, ... } with the nonzero entries of counts. */
static void json_codes(p2e_buf *b, const char *name, const size_t *counts, int *fail)
{
    *fail |= p2e_buf_puts(b, "  ") != P2E_OK;
    json_str(b, name, fail);
    *fail |= p2e_buf_puts(b, ": {\n") != P2E_OK;
    int last = -1;
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (counts[k])
            last = k;
    for (int k = 0; k <= last; k++)
        if (counts[k])
            json_num(b, p2e_code_name((p2e_code)k), counts[k], k == last, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
}

static const char *const sync_field_names[P2E_SF_COUNT] = {
    "internal_id", "sku", "name", "price", "available", "tracked", "quantity", "description",
    "category", "brand", "upc", "weight", "length", "width", "height", "images", "options",
    "compare_to_price", "subtitle", "low_stock_threshold",
};

static void json_sync(p2e_buf *b, const p2e_sync_counts *c, int *fail)
{
    *fail |= p2e_buf_puts(b, "  \"sync\": {\n") != P2E_OK;
    json_num(b, "created", c->created, 0, fail);
    json_num(b, "updated", c->updated, 0, fail);
    json_num(b, "variants_added", c->variants_added, 0, fail);
    json_num(b, "deactivated", c->deactivated, 0, fail);
    json_num(b, "reactivated", c->reactivated, 0, fail);
    json_num(b, "to_delete", c->to_delete, 0, fail);
    json_num(b, "unchanged", c->unchanged, 0, fail);
    json_num(b, "ecom_only_products", c->ecom_only_products, 0, fail);
    json_num(b, "ecom_only_variations", c->ecom_only_variations, 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n  \"updated_by_field\": {\n") != P2E_OK;
    int last = -1;
    for (int k = 0; k < P2E_SF_COUNT; k++)
        if (c->updated_fields[k])
            last = k;
    for (int k = 0; k <= last; k++)
        if (c->updated_fields[k])
            json_num(b, sync_field_names[k], c->updated_fields[k], k == last, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
}

static void json_body(const p2e_summary *s, p2e_buf *b, int *fail)
{
    *fail |= p2e_buf_puts(b, "{\n  \"tool\": \"pos2ecom " P2E_VERSION "\",\n") != P2E_OK;
    if (s->libvips) { /* staged photos' bytes depend on it */
        *fail |= p2e_buf_puts(b, "  \"libvips\": \"") != P2E_OK;
        *fail |= p2e_buf_puts(b, s->libvips) != P2E_OK;
        *fail |= p2e_buf_puts(b, "\",\n") != P2E_OK;
    }
    json_list(b, "input_files", s->inputs, s->ninputs, fail);
    *fail |= p2e_buf_puts(b, "  \"rows\": {\n") != P2E_OK;
    json_num(b, "read", s->acc.read, 0, fail);
    json_num(b, "written", s->acc.written, 0, fail);
    json_num(b, "attached", s->acc.attached, 0, fail);
    json_num(b, "not_written", s->acc.not_written_total, 0, fail);
    json_num(b, "blank_skipped", s->acc.blank, 0, fail);
    json_num(b, "rows_recovered", s->acc.recovered, 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
    json_codes(b, "not_written_by_reason", s->acc.not_written, fail);
    *fail |= p2e_buf_puts(b, "  \"written\": {\n") != P2E_OK;
    json_num(b, "products", s->products, 0, fail);
    json_num(b, "variations", s->variations, 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
    json_outlets(b, s->outlets, fail);
    *fail |= p2e_buf_puts(b, "  \"findings_by_severity\": {\n") != P2E_OK;
    json_num(b, "error", s->per_sev[P2E_SEV_ERROR], 0, fail);
    json_num(b, "warning", s->per_sev[P2E_SEV_WARNING], 0, fail);
    json_num(b, "info", s->per_sev[P2E_SEV_INFO], 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
    json_codes(b, "findings_by_code", s->per_code, fail);
    if (s->sync)
        json_sync(b, s->sync, fail);
    json_list(b, "output_files", s->outputs, s->noutputs, fail);
    *fail |= p2e_buf_puts(b, "  \"identity_holds\": ") != P2E_OK;
    int holds = s->acc.read == s->acc.written + s->acc.attached + s->acc.not_written_total;
    *fail |= p2e_buf_puts(b, holds ? "true\n}\n" : "false\n}\n") != P2E_OK;
}

p2e_status p2e_summary_write_json(const p2e_summary *s, const char *name, p2e_outset *set,
                                  p2e_err *err)
{
    p2e_buf b = {0};
    int fail = 0;
    json_body(s, &b, &fail);
    p2e_csvw w;
    p2e_status st = fail ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory")
                         : p2e_csvw_open(&w, s->stage ? s->stage : s->dir, name, err);
    if (!st) {
        /* the writer's raw byte path: no CSV quoting for JSON */
        if (p2e_buf_append(&w.buf, b.data, b.len))
            w.status = P2E_ERR_NOMEM;
        st = p2e_csvw_finish(&w, set, err);
    }
    p2e_buf_free(&b);
    return st;
}

/* Each file that was not UTF-8, in words: the encoding assumed, why, and the
 * option that chooses another (the ENCODING_CONVERTED finding's detail). */
static void print_encodings(const p2e_summary *s, FILE *out)
{
    for (size_t i = 0; s->rep && i < s->rep->count; i++) {
        const p2e_finding *f = &s->rep->items[i];
        if (f->code != P2E_CODE_ENCODING_CONVERTED)
            continue;
        const char *name = f->file < s->ninputs ? s->inputs[f->file] : "input";
        fprintf(out, "  encoding of %s: %s\n", name, p2e_pool_get(&s->rep->strings, f->detail));
    }
}

void p2e_summary_print(const p2e_summary *s, FILE *out)
{
    const p2e_accounting *a = &s->acc;
    fprintf(out, "pos2ecom: read %zu rows from %zu file(s)%s\n", a->read, s->ninputs,
            s->dry_run ? " (dry run: nothing written)" : "");
    if (a->blank)
        fprintf(out, "  skipped %zu empty rows\n", a->blank);
    if (a->recovered)
        fprintf(out, "  recovered: %zu rows read after a damaged quote (TEXT_AFTER_QUOTE)\n",
                a->recovered);
    fprintf(out, "  written: %zu rows as %zu products (%zu variations)\n", a->written, s->products,
            s->variations);
    fprintf(out, "  attached: %zu composite component rows\n  not written: %zu rows\n",
            a->attached, a->not_written_total);
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (a->not_written[k])
            fprintf(out, "    %-28s %zu\n", p2e_code_name((p2e_code)k), a->not_written[k]);
    fprintf(out, "  outlets summed:");
    for (size_t i = 0; i < s->outlets->count; i++) {
        char name[512];
        if (!s->outlets->items[i].selected)
            continue;
        p2e_outlet_display_name(s->outlets->items[i].key, name, sizeof name);
        fprintf(out, " '%s'", name);
    }
    fprintf(out, "%s\n  findings: %zu errors, %zu warnings, %zu info\n",
            s->outlets->nselected ? "" : " (none)", s->per_sev[P2E_SEV_ERROR],
            s->per_sev[P2E_SEV_WARNING], s->per_sev[P2E_SEV_INFO]);
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (s->per_code[k])
            fprintf(out, "    %-28s %-8s %zu\n", p2e_code_name((p2e_code)k),
                    p2e_severity_name(p2e_code_severity((p2e_code)k)), s->per_code[k]);
    print_encodings(s, out);
    if (s->sync)
        fprintf(out,
                "  sync: %zu to create, %zu to update (%zu variants to add), %zu unchanged, "
                "%zu deactivated, %zu reactivated, %zu to delete by hand, %zu eCom-only products, "
                "%zu eCom-only variations\n",
                s->sync->created, s->sync->updated, s->sync->variants_added, s->sync->unchanged,
                s->sync->deactivated, s->sync->reactivated, s->sync->to_delete,
                s->sync->ecom_only_products, s->sync->ecom_only_variations);
    if (!s->dry_run) {
        fprintf(out, "  files in %s/:", s->dir);
        for (size_t i = 0; i < s->noutputs; i++)
            fprintf(out, " %s", s->outputs[i]);
        fprintf(out, "\n");
    }
}

/* A copy of s in the arena, made valid UTF-8 (a file name in Latin-1
 * would make the workbook's XML unreadable), or NULL. */
static const char *fact_text(p2e_arena *a, const char *s)
{
    char *clean = p2e_utf8_clean(s);
    const char *copy = clean ? p2e_arena_strn(a, clean, strlen(clean)) : NULL;
    free(clean);
    return copy;
}

p2e_status p2e_facts_add(p2e_facts *f, const char *label, const char *value, const char *link)
{
    if (f->count == f->cap && p2e_grow((void **)&f->items, &f->cap, f->count + 1, sizeof *f->items))
        return P2E_ERR_NOMEM;
    p2e_pair *p = &f->items[f->count];
    p->label = fact_text(&f->text, label);
    p->value = value ? fact_text(&f->text, value) : NULL;
    p->link = link ? fact_text(&f->text, link) : NULL;
    if (!p->label || (value && !p->value) || (link && !p->link))
        return P2E_ERR_NOMEM;
    f->count++;
    return P2E_OK;
}

void p2e_facts_free(p2e_facts *f)
{
    free(f->items);
    p2e_arena_free(&f->text);
    memset(f, 0, sizeof *f);
}

static void fact_num(p2e_facts *f, const char *label, size_t v, int *fail)
{
    char num[32];
    snprintf(num, sizeof num, "%zu", v);
    *fail |= p2e_facts_add(f, label, num, NULL) != P2E_OK;
}

/* The encoding each file was read in, in words: UTF-8, or what the
 * ENCODING_CONVERTED finding says (the encoding, why, the option). */
static void fact_encodings(const p2e_summary *s, p2e_facts *f, int *fail)
{
    for (size_t i = 0; i < s->ninputs; i++) {
        const char *how = "UTF-8";
        for (size_t k = 0; s->rep && k < s->rep->count; k++) {
            const p2e_finding *fd = &s->rep->items[k];
            if (fd->code == P2E_CODE_ENCODING_CONVERTED && fd->file == i)
                how = p2e_pool_get(&s->rep->strings, fd->detail);
        }
        p2e_buf b = {0};
        if (s->ninputs > 1)
            *fail |= p2e_buf_puts(&b, s->inputs[i]) || p2e_buf_puts(&b, ": ");
        *fail |= p2e_buf_puts(&b, how) != P2E_OK;
        if (!*fail)
            *fail |= p2e_facts_add(f, i ? "" : "Encoding assumed", b.data, NULL) != P2E_OK;
        p2e_buf_free(&b);
    }
}

static void fact_outlets(const p2e_summary *s, p2e_facts *f, int *fail)
{
    const char *label = "Outlets summed (stock)";
    for (size_t i = 0; i < s->outlets->count; i++) {
        char name[512];
        if (!s->outlets->items[i].selected)
            continue;
        p2e_outlet_display_name(s->outlets->items[i].key, name, sizeof name);
        *fail |= p2e_facts_add(f, label, name, NULL) != P2E_OK;
        label = "";
    }
    if (!s->outlets->nselected)
        *fail |= p2e_facts_add(f, label, "none", NULL) != P2E_OK;
}

static void fact_rows(const p2e_summary *s, p2e_facts *f, int *fail)
{
    fact_num(f, "Rows read", s->acc.read, fail);
    fact_num(f, "Rows written", s->acc.written, fail);
    fact_num(f, "   as products", s->products, fail);
    fact_num(f, "   as variations", s->variations, fail);
    fact_num(f, "Rows attached to a composite product", s->acc.attached, fail);
    fact_num(f, "Rows not written", s->acc.not_written_total, fail);
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (s->acc.not_written[k]) {
            char label[80];
            snprintf(label, sizeof label, "   not written: %s", p2e_code_name((p2e_code)k));
            fact_num(f, label, s->acc.not_written[k], fail);
        }
    if (s->acc.blank)
        fact_num(f, "Empty rows skipped", s->acc.blank, fail);
    if (s->acc.recovered)
        fact_num(f, "Rows recovered after a damaged quote", s->acc.recovered, fail);
}

static void fact_sync(const p2e_sync_counts *c, p2e_facts *f, int *fail)
{
    fact_num(f, "Sync: products to create", c->created, fail);
    fact_num(f, "Sync: products to update", c->updated, fail);
    fact_num(f, "Sync: variants to add", c->variants_added, fail);
    fact_num(f, "Sync: unchanged", c->unchanged, fail);
    fact_num(f, "Sync: to deactivate", c->deactivated, fail);
    fact_num(f, "Sync: to reactivate", c->reactivated, fail);
    fact_num(f, "Sync: to delete by hand", c->to_delete, fail);
    fact_num(f, "Sync: products only in eCom", c->ecom_only_products, fail);
    fact_num(f, "Sync: variations only in eCom", c->ecom_only_variations, fail);
}

p2e_status p2e_summary_facts(const p2e_summary *s, p2e_facts *f)
{
    int fail = p2e_facts_add(f, "About this run", NULL, NULL) != P2E_OK;
    for (size_t i = 0; i < s->ninputs; i++)
        fail |= p2e_facts_add(f, i ? "" : "Files read", s->inputs[i], NULL) != P2E_OK;
    fact_encodings(s, f, &fail);
    fact_rows(s, f, &fail);
    fact_outlets(s, f, &fail);
    char findings[128];
    snprintf(findings, sizeof findings, "%zu errors, %zu warnings, %zu info",
             s->per_sev[P2E_SEV_ERROR], s->per_sev[P2E_SEV_WARNING], s->per_sev[P2E_SEV_INFO]);
    fail |= p2e_facts_add(f, "Findings", findings, NULL) != P2E_OK;
    if (s->sync)
        fact_sync(s->sync, f, &fail);
    return fail ? P2E_ERR_NOMEM : P2E_OK;
}
