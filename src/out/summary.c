#include "p2e_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_buf.h"
#include "p2e_todo.h"
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

/* Why a file in the output folder was kept: the words of summary.json. */
static const char *kept_why(p2e_kept_why why)
{
    switch (why) {
    case P2E_KEPT_EDITED:
        return "edited since the last run";
    case P2E_KEPT_FOREIGN:
        return "not written by pos2ecom";
    case P2E_KEPT_CHANGED:
        return "changed since pos2ecom wrote it, so not removed";
    case P2E_KEPT_IN_FOLDER:
        return "not an unchanged output of pos2ecom, so not removed with its folder";
    }
    return "";
}

/* "kept": [{"file", "why", "new_file"}], "removed": [...]: only when the
 * run keeps or removes something. */
static void json_folder(p2e_buf *b, const p2e_outplan *p, int *fail)
{
    if (!p || (!p->nkept && !p->nremoved))
        return;
    *fail |= p2e_buf_puts(b, "  \"kept\": [") != P2E_OK;
    for (size_t i = 0; i < p->nkept; i++) {
        *fail |= p2e_buf_puts(b, i ? ",\n    {\"file\": " : "\n    {\"file\": ") != P2E_OK;
        json_str(b, p->kept[i].name, fail);
        *fail |= p2e_buf_puts(b, ", \"why\": ") != P2E_OK;
        json_str(b, kept_why(p->kept[i].why), fail);
        if (p->kept[i].dated) {
            *fail |= p2e_buf_puts(b, ", \"new_file\": ") != P2E_OK;
            json_str(b, p->kept[i].dated, fail);
        }
        *fail |= p2e_buf_puts(b, "}") != P2E_OK;
    }
    *fail |= p2e_buf_puts(b, p->nkept ? "\n  ],\n" : "],\n") != P2E_OK;
    json_list(b, "removed", (const char *const *)p->removed, p->nremoved, fail);
}

/* A check run's summary: the files checked, their rows and the findings;
 * nothing was converted, so no accounting of rows written. */
static void json_check(const p2e_summary *s, p2e_buf *b, int *fail)
{
    *fail |= p2e_buf_puts(b, "{\n  \"tool\": \"pos2ecom " P2E_VERSION "\",\n") != P2E_OK;
    *fail |= p2e_buf_puts(b, "  \"command\": \"check\",\n") != P2E_OK;
    json_list(b, "input_files", s->inputs, s->ninputs, fail);
    *fail |= p2e_buf_puts(b, "  \"rows\": {\n") != P2E_OK;
    json_num(b, "checked", s->rows_checked, 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n  \"findings_by_severity\": {\n") != P2E_OK;
    json_num(b, "error", s->per_sev[P2E_SEV_ERROR], 0, fail);
    json_num(b, "warning", s->per_sev[P2E_SEV_WARNING], 0, fail);
    json_num(b, "info", s->per_sev[P2E_SEV_INFO], 1, fail);
    *fail |= p2e_buf_puts(b, "  },\n") != P2E_OK;
    json_codes(b, "findings_by_code", s->per_code, fail);
    /* the last member: no trailing comma */
    json_list(b, "output_files", s->outputs, s->noutputs, fail);
    if (b->len >= 2)
        b->len -= 2; /* ",\n" */
    *fail |= p2e_buf_puts(b, "\n}\n") != P2E_OK;
}

static void json_body(const p2e_summary *s, p2e_buf *b, int *fail)
{
    if (s->check) {
        json_check(s, b, fail);
        return;
    }
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
    json_folder(b, s->folder, fail);
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

/* A name from the output folder on the terminal: UTF-8, no control bytes
 * (a file of the merchant's may be named anything). */
static void print_name(const char *name, FILE *out)
{
    char *clean = p2e_utf8_clean(name);
    for (const char *c = clean ? clean : "?"; *c; c++)
        fputc((unsigned char)*c < 0x20 || *c == 0x7f ? '?' : *c, out);
    free(clean);
}

/* What the commit kept and removed in the folder (or, in a dry run, would). */
static void print_folder(const p2e_summary *s, FILE *out)
{
    const p2e_outplan *p = s->folder;
    const char *would = s->dry_run ? "a run would keep it" : "kept";
    for (size_t i = 0; p && i < p->nkept; i++) {
        const p2e_outkept *k = &p->kept[i];
        fputs("  ", out);
        print_name(k->name, out);
        if (k->dated) {
            fprintf(out, " %s: %s as it is; the new one %s ",
                    k->why == P2E_KEPT_EDITED ? "was edited since the last run"
                                              : "was not written by pos2ecom",
                    would, s->dry_run ? "would be" : "is");
            print_name(k->dated, out);
        } else {
            fprintf(out, " %s: %s", k->why == P2E_KEPT_CHANGED
                                        ? "was changed since pos2ecom wrote it"
                                        : "is not an unchanged output of pos2ecom",
                    would);
            fputs(k->why == P2E_KEPT_CHANGED ? ", not removed" : ", with its folder", out);
        }
        fputc('\n', out);
    }
    if (!p || !p->nremoved)
        return;
    fprintf(out, "  %s %s/ (earlier outputs this run does not write):",
            s->dry_run ? "a run would remove from" : "removed from", s->dir);
    for (size_t i = 0; i < p->nremoved && i < 10; i++) {
        fputc(' ', out);
        print_name(p->removed[i], out);
    }
    if (p->nremoved > 10)
        fprintf(out, " and %zu more%s", p->nremoved - 10,
                s->dry_run ? "" : " (summary.json lists them all)");
    fputc('\n', out);
}

/* A check run: the line check prints, and the files written. */
static void print_check(const p2e_summary *s, FILE *out)
{
    fprintf(out, "pos2ecom check: %zu file%s, %zu row%s: %zu error%s, %zu warning%s, %zu info\n",
            s->ninputs, s->ninputs == 1 ? "" : "s", s->rows_checked,
            s->rows_checked == 1 ? "" : "s", s->per_sev[P2E_SEV_ERROR],
            s->per_sev[P2E_SEV_ERROR] == 1 ? "" : "s", s->per_sev[P2E_SEV_WARNING],
            s->per_sev[P2E_SEV_WARNING] == 1 ? "" : "s", s->per_sev[P2E_SEV_INFO]);
    fprintf(out, "  files in %s/:", s->dir);
    for (size_t i = 0; i < s->noutputs; i++)
        fprintf(out, " %s", s->outputs[i]);
    fprintf(out, "\n");
}

/* "1 product", "2 products": the count with its noun. */
static const char *count_of(char *buf, size_t cap, size_t n, const char *one, const char *many)
{
    snprintf(buf, cap, "%zu %s", n, n == 1 ? one : many);
    return buf;
}

#define COUNT(n, one, many) count_of((char[96]){0}, 96, (n), (one), (many))

static int has_output(const p2e_summary *s, const char *name)
{
    for (size_t i = 0; i < s->noutputs; i++)
        if (strcmp(s->outputs[i], name) == 0)
            return 1;
    return 0;
}

/* The value of the run's one finding with this code, or NULL. */
static const char *finding_value(const p2e_summary *s, p2e_code code)
{
    for (size_t i = 0; s->rep && i < s->rep->count; i++)
        if (s->rep->items[i].code == code)
            return p2e_pool_get(&s->rep->strings, s->rep->items[i].value);
    return NULL;
}

static size_t staged_photos(const p2e_summary *s)
{
    size_t n = 0;
    for (size_t i = 0; s->images && i < p2e_images_count(s->images); i++)
        n += *p2e_images_get(s->images, i)->staged != '\0';
    return n;
}

static void print_rows(const p2e_summary *s, FILE *out)
{
    const p2e_accounting *a = &s->acc;
    fprintf(out, "pos2ecom: read %s from %s%s\n", COUNT(a->read, "row", "rows"),
            COUNT(s->ninputs, "file", "files"), s->dry_run ? " (dry run: nothing written)" : "");
    if (a->blank)
        fprintf(out, "  skipped %s\n", COUNT(a->blank, "empty row", "empty rows"));
    if (a->recovered)
        fprintf(out, "  recovered: %s read after a damaged quote (TEXT_AFTER_QUOTE)\n",
                COUNT(a->recovered, "row", "rows"));
    fprintf(out, "  %s: %s as %s", s->dry_run ? "would write" : "written",
            COUNT(a->written, "row", "rows"), COUNT(s->products, "product", "products"));
    if (s->variations)
        fprintf(out, " and %s", COUNT(s->variations, "variation", "variations"));
    fprintf(out, "\n");
    if (a->attached)
        fprintf(out, "  attached: %s\n",
                COUNT(a->attached, "composite component row", "composite component rows"));
    fprintf(out, "  not written: %s", COUNT(a->not_written_total, "row", "rows"));
    const char *sep = " (";
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (a->not_written[k]) {
            fprintf(out, "%s%s %zu", sep, p2e_code_name((p2e_code)k), a->not_written[k]);
            sep = ", ";
        }
    fprintf(out, "%s\n", a->not_written_total ? ")" : "");
}

static void print_outlets(const p2e_summary *s, FILE *out)
{
    fprintf(out, "  outlets summed:");
    const char *sep = " ";
    for (size_t i = 0; i < s->outlets->count; i++) {
        char name[512];
        if (!s->outlets->items[i].selected)
            continue;
        p2e_outlet_display_name(s->outlets->items[i].key, name, sizeof name);
        fprintf(out, "%s'%s'", sep, name);
        sep = ", ";
    }
    fprintf(out, "%s\n", s->outlets->nselected ? "" : " (none)");
}

static void print_sync(const p2e_sync_counts *c, FILE *out)
{
    fprintf(out, "  sync: %s to create, %zu to update", COUNT(c->created, "product", "products"),
            c->updated);
    if (c->variants_added)
        fprintf(out, " (%s to add)", COUNT(c->variants_added, "variant", "variants"));
    fprintf(out, ", %zu unchanged, %zu deactivated, %zu reactivated, %zu to delete by hand, %s, %s\n",
            c->unchanged, c->deactivated, c->reactivated, c->to_delete,
            COUNT(c->ecom_only_products, "eCom-only product", "eCom-only products"),
            COUNT(c->ecom_only_variations, "eCom-only variation", "eCom-only variations"));
}

/* At most this many error and warning lines; the rest are in todo.csv. */
#define TODO_SHOWN 10

static void print_todo(const p2e_summary *s, FILE *out)
{
    const size_t *sev = s->per_sev;
    if (!sev[P2E_SEV_ERROR] && !sev[P2E_SEV_WARNING] && !sev[P2E_SEV_INFO]) {
        fprintf(out, "No errors, no warnings, no notes.\n");
        return;
    }
    fprintf(out, "%s, %s, %s; what to do, most serious first%s:\n",
            COUNT(sev[P2E_SEV_ERROR], "error", "errors"),
            COUNT(sev[P2E_SEV_WARNING], "warning", "warnings"),
            COUNT(sev[P2E_SEV_INFO], "note", "notes"), s->dry_run ? "" : " (todo.csv)");
    p2e_todo_line lines[P2E_CODE_COUNT];
    size_t n = s->rep ? p2e_todo_lines(s->rep, lines) : 0, shown = 0, more = 0;
    int width = 0;
    for (size_t i = 0; i < n && i < TODO_SHOWN; i++)
        if (p2e_code_severity(lines[i].code) != P2E_SEV_INFO &&
            (int)strlen(p2e_code_name(lines[i].code)) > width)
            width = (int)strlen(p2e_code_name(lines[i].code));
    for (size_t i = 0; i < n; i++) {
        p2e_severity sv = p2e_code_severity(lines[i].code);
        if (sv == P2E_SEV_INFO)
            continue;
        if (shown == TODO_SHOWN) {
            more++;
            continue;
        }
        shown++;
        fprintf(out, "  %-12s %-*s  %s\n",
                COUNT(lines[i].count, p2e_severity_name(sv), sv ? "warnings" : "errors"), width,
                p2e_code_name(lines[i].code), p2e_code_action(lines[i].code));
    }
    const char *see = s->dry_run ? "" : ": see todo.csv";
    if (more)
        fprintf(out, "  and %s%s\n", COUNT(more, "more code", "more codes"), see);
    if (sev[P2E_SEV_INFO])
        fprintf(out, "  %s%s\n", COUNT(sev[P2E_SEV_INFO], "note", "notes"), see);
}

/* The steps left, in the order they are done. */
static void print_next(const p2e_summary *s, FILE *out)
{
    size_t errors = s->per_sev[P2E_SEV_ERROR], step = 0;
    const char *dir = s->dir;
    fprintf(out, "Next:\n");
    if (s->dry_run) {
        if (errors)
            fprintf(out, "  %zu. Fix the %s; a run without --dry-run lists %s in exceptions.csv.\n",
                    ++step, errors == 1 ? "error" : COUNT(errors, "error", "errors"),
                    errors == 1 ? "it" : "them");
        fprintf(out, "  %zu. Run again without --dry-run to write the files.\n", ++step);
        return;
    }
    if (errors)
        fprintf(out, "  %zu. Fix the %s: %s/exceptions.csv lists %s%s.\n", ++step,
                errors == 1 ? "error" : COUNT(errors, "error", "errors"), dir,
                errors == 1 ? "it" : "them",
                has_output(s, "report.xlsx") ? " (and the Exceptions sheet of report.xlsx)" : "");
    size_t photos = staged_photos(s);
    if (photos && s->image_base_url)
        fprintf(out, "  %zu. Upload %s/images/ (%s) to %s before the import.\n", ++step, dir,
                COUNT(photos, "photo", "photos"), s->image_base_url);
    else if (photos)
        fprintf(out, "  %zu. Upload %s/images/ (%s) to a public web address, then run again "
                     "with --image-base-url set to it.\n",
                ++step, dir, COUNT(photos, "photo", "photos"));
    if (has_output(s, "ecom-import.csv"))
        fprintf(out, "  %zu. Import %s/ecom-import.csv in eCom (Catalog > Products > Import).\n",
                ++step, dir);
    if (has_output(s, "ecom-update.csv"))
        fprintf(out, "  %zu. Import %s/ecom-update.csv in eCom as an update.\n", ++step, dir);
    if (s->sync && s->sync->to_delete && has_output(s, "ecom-delete.csv"))
        fprintf(out, "  %zu. Delete the %s of %s/ecom-delete.csv in eCom by hand.\n", ++step,
                COUNT(s->sync->to_delete, "product", "products"), dir);
    if (has_output(s, "drift.csv") && !has_output(s, "ecom-update.csv"))
        fprintf(out, "  %zu. Read %s/drift.csv: what a sync would change in the store.\n", ++step,
                dir);
    const char *manual = finding_value(s, P2E_CODE_MANUAL_FIELDS);
    int imports = has_output(s, "ecom-import.csv") || has_output(s, "ecom-update.csv");
    if (manual && imports && has_output(s, "manual-fields.xlsx")) /* not in an audit */
        fprintf(out, "  %zu. Fill in the manual fields of %s%s%s in %s/manual-fields.xlsx if you "
                     "use them, then run pos2ecom fill -o %s %s/manual-fields.xlsx and import "
                     "%s/ecom-manual-update.csv as an update.\n",
                ++step, s->sync ? "the products new to the store (" : "", manual,
                s->sync ? ")" : "", dir, dir, dir, dir);
    else if (manual && imports && has_output(s, "manual-fields.csv"))
        fprintf(out, "  %zu. Fill in the manual fields of %s%s%s in %s/manual-fields.csv if you "
                     "use them, and import it as an update.\n",
                ++step, s->sync ? "the products new to the store (" : "", manual,
                s->sync ? ")" : "", dir);
}

void p2e_summary_print(const p2e_summary *s, FILE *out)
{
    if (s->check) {
        print_check(s, out);
        return;
    }
    print_rows(s, out);
    print_outlets(s, out);
    print_encodings(s, out);
    if (s->sync)
        print_sync(s->sync, out);
    if (!s->dry_run) {
        fprintf(out, "  files in %s/:", s->dir);
        for (size_t i = 0; i < s->noutputs; i++)
            fprintf(out, " %s", s->outputs[i]);
        fprintf(out, "\n");
    }
    print_folder(s, out);
    print_todo(s, out);
    print_next(s, out);
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
    char findings[128];
    if (s->check) { /* import files checked: nothing was converted */
        snprintf(findings, sizeof findings, "%zu", s->rows_checked);
        fail |= p2e_facts_add(f, "Rows checked", findings, NULL) != P2E_OK;
    } else {
        fact_encodings(s, f, &fail);
        fact_rows(s, f, &fail);
        fact_outlets(s, f, &fail);
    }
    snprintf(findings, sizeof findings, "%s, %s, %s", COUNT(s->per_sev[P2E_SEV_ERROR], "error", "errors"),
             COUNT(s->per_sev[P2E_SEV_WARNING], "warning", "warnings"),
             COUNT(s->per_sev[P2E_SEV_INFO], "note", "notes"));
    fail |= p2e_facts_add(f, "Findings", findings, NULL) != P2E_OK;
    if (s->sync)
        fact_sync(s->sync, f, &fail);
    return fail ? P2E_ERR_NOMEM : P2E_OK;
}
