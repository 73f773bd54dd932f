#include "p2e_outputs.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "p2e_ecom.h"
#include "p2e_manualxlsx.h"
#include "p2e_html.h"
#include "p2e_outlet.h"
#include "p2e_sheets.h"
#include "p2e_todo.h"
#include "p2e_update.h"
#include "p2e_xlsx.h"

enum { ALWAYS, WITH_IMAGES, UNLESS_NO_XLSX, UNLESS_NO_HTML };

typedef p2e_status (*output_writer)(p2e_run *r, const char *name, p2e_err *err);

typedef struct {
    const char *name;
    unsigned modes;             /* p2e_run_mode bits */
    int when;
    int folder;                 /* a folder (images/): checked, not listed */
    output_writer write;        /* NULL: the import (second core) or the photos (staged) */
    output_writer open;         /* streamed files: opened at the phase below */
    int phase;
    const char *sheet;          /* its sheet in report.xlsx, or NULL */
    const char *const *numeric; /* the sheet's columns written as numbers */
    int colours;                /* the sheet's rows coloured by severity */
    int sheet_place;            /* 1, 2, ...: the sheets' order in the workbook */
    int editable;               /* the merchant is told to edit it: an edited one is kept,
                                 * the new one written beside it (p2e_outplan.h) */
    unsigned tab;               /* the sheet's tab colour (P2E_TAB_*; errors: by severity) */
    const char *what;           /* what the file holds, for the To do sheet's facts */
} output_def;

#define ALL (P2E_RUN_CONVERT | P2E_RUN_SYNC | P2E_RUN_AUDIT)
#define REPORT (ALL | P2E_RUN_CHECK) /* the report files: check -o writes them too */
#define TAB_BY_SEVERITY 1u /* red with errors, amber with warnings, green */

static p2e_status write_update(p2e_run *r, const char *name, p2e_err *err)
{
    char desired[4200];
    snprintf(desired, sizeof desired, "%s/%s", r->work, P2E_SYNC_DESIRED);
    return p2e_update_write(&r->plan, desired, r->stage, name, &r->out, err);
}

static p2e_status write_delete(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_update_write_delete(&r->plan, r->stage, name, &r->out, err);
}

static p2e_status open_drift(p2e_run *r, const char *name, p2e_err *err)
{
    p2e_status st = p2e_csvw_open(&r->drift, r->stage, name, err);
    r->drift_open = !st;
    return st;
}

/* drift.csv is streamed while the sync plan is made: here it ends. */
static p2e_status finish_drift(p2e_run *r, const char *name, p2e_err *err)
{
    (void)name;
    if (!r->drift_open)
        return P2E_OK;
    r->drift_open = 0;
    return p2e_csvw_finish(&r->drift, &r->out, err);
}

static p2e_status write_exceptions(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_report_write_exceptions(&r->rep, &r->cat, r->names, r->stage, name, &r->out, err);
}

static p2e_status write_todo(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_todo_write(&r->rep, r->stage, name, &r->out, err);
}

static p2e_status write_manual(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_sheets_write_manual(&r->cat, r->stage, name, &r->out, err);
}

static p2e_status write_manual_xlsx(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_manualxlsx_write(&r->cat, r->stage, name, r->env->created, &r->out, err);
}

static p2e_status open_notsynced(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_notsynced_open(&r->ns, r->stage, name, &r->rd.outlets, err);
}

/* not-synced.csv is streamed while rows are read: here it ends. */
static p2e_status finish_notsynced(p2e_run *r, const char *name, p2e_err *err)
{
    (void)name;
    return p2e_notsynced_finish(&r->ns, &r->out, err);
}

static p2e_status write_mapping(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_sheets_write_mapping(&r->cat, r->ro.weight_unit, r->ro.dimension_unit, r->stage,
                                    name, &r->out, err);
}

static p2e_status write_outlets(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_outlet_write_csv(&r->rd.outlets, r->rd.stats, r->stage, name, &r->out, err);
}

static p2e_status write_images_csv(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_images_write_csv(r->images, &r->cat, r->stage, name, &r->out, err);
}

static p2e_status write_summary(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_summary_write_json(&r->sum, name, &r->out, err);
}

static p2e_status write_fill_update(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_fill_write(r->fill, r->stage, name, &r->out, err);
}

/* fill's findings, in the columns of exceptions.csv (a file of their own:
 * fill writes into the folder of the convert whose sheet it reads) */
static p2e_status write_fill_findings(p2e_run *r, const char *name, p2e_err *err)
{
    return p2e_report_write_exceptions(&r->rep, NULL, NULL, r->stage, name, &r->out, err);
}

static p2e_status write_workbook(p2e_run *r, const char *name, p2e_err *err);
static const char *staged(const p2e_run *r, const char *name, char *buf, size_t cap);

/* report.html reads back two files of this run from the staging folder:
 * not-synced.csv and drift.csv, finished earlier in the table. */
static p2e_status write_html(p2e_run *r, const char *name, p2e_err *err)
{
    char ns[4200], drift[4200];
    int sync = r->mode != P2E_RUN_CONVERT;
    p2e_html_input in;
    memset(&in, 0, sizeof in);
    in.command = r->mode == P2E_RUN_CONVERT ? "convert" : r->mode == P2E_RUN_SYNC ? "sync" : "audit";
    in.cat = &r->cat;
    in.nfiles = r->rd.nfiles;
    in.rep = &r->rep;
    in.images = r->images;
    in.outlets = &r->rd.outlets;
    in.weight_unit = r->ro.weight_unit;
    in.dimension_unit = r->ro.dimension_unit;
    in.notsynced_path = staged(r, "not-synced.csv", ns, sizeof ns);
    in.drift_path = sync ? staged(r, "drift.csv", drift, sizeof drift) : NULL;
    in.plan = sync ? &r->plan : NULL;
    return p2e_html_write(&in, r->stage, name, &r->out, err);
}

static const char *const exc_num[] = {"line", NULL};
static const char *const notsynced_num[] = {"line", "supply_price", NULL};
static const char *const outlet_num[] = {"variants_in_stock", "total_stock", "negative_rows", NULL};
static const char *const images_num[] = {"width", "height", "bytes", "position", NULL};
static const char *const mapping_num[] = {"line", "quantity_ecom", "price_ecom",
                                          "description_bytes", "reorder_point_pos", NULL};
static const char *const no_num[] = {NULL};

/* Every output, in the order the summary lists them and they are written
 * (report.xlsx last: it copies the CSV files). */
static const output_def table[] = {
    {.name = "ecom-import.csv", .modes = P2E_RUN_CONVERT, .what = "the import file for eCom"},
    {.name = "ecom-update.csv", .modes = P2E_RUN_SYNC, .write = write_update,
     .what = "the changes to import into eCom"},
    {.name = "ecom-delete.csv", .modes = P2E_RUN_SYNC, .write = write_delete,
     .what = "the products to delete in eCom by hand"},
    {.name = "drift.csv", .modes = P2E_RUN_SYNC | P2E_RUN_AUDIT, .write = finish_drift,
     .open = open_drift, .phase = P2E_OUTPUTS_PLANNING, .sheet = "Drift", .numeric = no_num,
     .sheet_place = 7, .tab = P2E_TAB_CHANGES,
     .what = "what differs between the POS and the store"},
    {.name = "exceptions.csv", .modes = REPORT, .write = write_exceptions, .sheet = "Exceptions",
     .numeric = exc_num, .colours = 1, .sheet_place = 1, .tab = TAB_BY_SEVERITY,
     .what = "every finding, one per row"},
    /* its sheet is the workbook's first, To do (write_workbook) */
    {.name = "todo.csv", .modes = REPORT, .write = write_todo,
     .what = "what to do, one line per finding code (the lines above)"},
    {.name = "manual-fields.csv", .modes = ALL, .write = write_manual, .sheet = "Manual fields",
     .numeric = no_num, .sheet_place = 2, .editable = 1, .tab = P2E_TAB_TO_FILL,
     .what = "the eCom-only fields to fill in by hand"},
    {.name = "not-synced.csv", .modes = ALL, .write = finish_notsynced, .open = open_notsynced,
     .phase = P2E_OUTPUTS_READING, .sheet = "Not synced", .numeric = notsynced_num,
     .sheet_place = 3, .tab = P2E_TAB_REFERENCE, .what = "POS fields eCom has no place for"},
    {.name = "mapping.csv", .modes = ALL, .write = write_mapping, .sheet = "Mapping",
     .numeric = mapping_num, .sheet_place = 6, .tab = P2E_TAB_REFERENCE,
     .what = "each POS row beside what was written"},
    {.name = "outlets.csv", .modes = ALL, .write = write_outlets, .sheet = "Outlets",
     .numeric = outlet_num, .sheet_place = 4, .tab = P2E_TAB_REFERENCE,
     .what = "the outlets and their stock"},
    {.name = "images.csv", .modes = ALL, .when = WITH_IMAGES, .write = write_images_csv,
     .sheet = "Images", .numeric = images_num, .sheet_place = 5, .tab = P2E_TAB_REFERENCE,
     .what = "the photos and where they went"},
    {.name = "summary.json", .modes = REPORT, .write = write_summary,
     .what = "the run's figures, for programs"},
    {.name = "manual-fields.xlsx", .modes = P2E_RUN_CONVERT | P2E_RUN_SYNC, .when = UNLESS_NO_XLSX,
     .write = write_manual_xlsx, .editable = 1,
     .what = "the manual fields as a workbook to fill in (pos2ecom fill)"},
    {.name = "report.html", .modes = ALL, .when = UNLESS_NO_HTML, .write = write_html,
     .what = "the catalog as a page to look at before the import"},
    {.name = "report.xlsx", .modes = REPORT, .when = UNLESS_NO_XLSX, .write = write_workbook,
     .what = "this workbook"},
    {.name = "images", .modes = ALL, .when = WITH_IMAGES, .folder = 1,
     .what = "the photos to upload"}, /* staged with the photos */
    {.name = "ecom-manual-update.csv", .modes = P2E_RUN_FILL, .write = write_fill_update,
     .what = "the filled manual fields to import into eCom"},
    {.name = "fill-findings.csv", .modes = P2E_RUN_FILL, .write = write_fill_findings,
     .what = "what fill found"},
};

#define NTABLE (sizeof table / sizeof table[0])
_Static_assert(NTABLE <= P2E_OUTPUTS_MAX, "P2E_OUTPUTS_MAX must hold the whole table");

static int applies(const p2e_run *r, const output_def *d)
{
    if (!(d->modes & r->mode))
        return 0;
    if (d->when == WITH_IMAGES)
        return r->o->nimage_dirs > 0;
    if (d->when == UNLESS_NO_XLSX)
        return !r->o->no_xlsx;
    if (d->when == UNLESS_NO_HTML)
        return !r->o->no_html;
    return 1;
}

size_t p2e_outputs_plan(const p2e_run *r, int with_folders, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < NTABLE; i++)
        if (applies(r, &table[i]) && (with_folders || !table[i].folder))
            names[n++] = table[i].name;
    return n;
}

size_t p2e_outputs_names(const p2e_run *r, p2e_outname *names)
{
    size_t n = 0;
    for (size_t i = 0; i < NTABLE; i++)
        if (table[i].modes & r->mode)
            names[n++] = (p2e_outname){table[i].name, applies(r, &table[i]), table[i].editable};
    return n;
}

size_t p2e_outputs_list(unsigned modes, const char **names, const char **conds)
{
    static const char *const when[] = {"", "with --images", "unless --no-xlsx",
                                       "unless --no-html"};
    size_t n = 0;
    for (size_t i = 0; i < NTABLE; i++)
        if (table[i].modes & modes) {
            names[n] = table[i].name;
            conds[n++] = when[table[i].when];
        }
    return n;
}

/* The staged copy of a file this run wrote, or NULL (its sheet is then
 * skipped). The path lives in buf. */
static const char *staged(const p2e_run *r, const char *name, char *buf, size_t cap)
{
    for (size_t i = 0; i < r->out.count; i++)
        if (!strcmp(r->out.name[i], name)) {
            snprintf(buf, cap, "%s/%s", r->stage, name);
            return buf;
        }
    return NULL;
}

static unsigned sheet_tab(const p2e_run *r, unsigned tab)
{
    return tab == TAB_BY_SEVERITY ? p2e_xlsx_tab_for(r->sum.per_sev[P2E_SEV_ERROR],
                                                     r->sum.per_sev[P2E_SEV_WARNING])
                                  : tab;
}

/* One fact per file written, with what it holds; a file with a sheet
 * links to it. */
static p2e_status add_output_facts(const p2e_run *r, p2e_facts *f)
{
    const char *label = "Files written";
    for (size_t i = 0; i < r->sum.noutputs; i++)
        for (size_t k = 0; k < NTABLE; k++) {
            if (strcmp(table[k].name, r->sum.outputs[i]))
                continue;
            char value[256];
            if (table[k].sheet)
                snprintf(value, sizeof value, "%s: %s (sheet %s)", table[k].name, table[k].what,
                         table[k].sheet);
            else
                snprintf(value, sizeof value, "%s: %s", table[k].name, table[k].what);
            if (p2e_facts_add(f, label, value, table[k].sheet))
                return P2E_ERR_NOMEM;
            label = "";
        }
    return P2E_OK;
}

static p2e_status write_workbook(p2e_run *r, const char *name, p2e_err *err)
{
    p2e_xlsx_sheet sheets[NTABLE];
    char path[NTABLE][4200];
    size_t n = 0;
    const char *exceptions = NULL;
    for (int place = 1; place <= (int)NTABLE; place++)
        for (size_t i = 0; i < NTABLE; i++)
            if (table[i].sheet_place == place) {
                p2e_xlsx_sheet s = {table[i].sheet, staged(r, table[i].name, path[n], sizeof path[n]),
                                    table[i].numeric, table[i].colours, sheet_tab(r, table[i].tab),
                                    NULL};
                if (!strcmp(table[i].name, "exceptions.csv"))
                    exceptions = table[i].sheet;
                sheets[n++] = s;
            }
    char todo_path[4200];
    p2e_facts facts;
    memset(&facts, 0, sizeof facts);
    p2e_status st = p2e_summary_facts(&r->sum, &facts);
    if (!st)
        st = add_output_facts(r, &facts);
    if (st) {
        p2e_facts_free(&facts);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    p2e_xlsx_todo todo = {staged(r, "todo.csv", todo_path, sizeof todo_path), exceptions,
                          sheet_tab(r, TAB_BY_SEVERITY), facts.items, facts.count};
    p2e_xlsx_opts opts = {0, r->env->one_core, r->env->created};
    st = p2e_xlsx_write(r->stage, name, &todo, sheets, n, &opts, &r->out, err);
    p2e_facts_free(&facts);
    return st;
}

/* The second core's files: the import file, then manual-fields.xlsx (a
 * workbook of its own, nearly as costly as the report's on a big catalog),
 * written while the report files are written on the first. The catalog is
 * read-only by now; the job has its own output set, merged before the
 * commit, and its own error. Neither file depends on another output, so the
 * bytes are those of the one-core order (tests/determinism.sh). */
typedef struct {
    const p2e_run *r;
    const char *import;       /* ecom-import.csv, or NULL: not in this run */
    const char *manual;       /* manual-fields.xlsx, or NULL */
    p2e_outset out;
    p2e_err err;
    p2e_status st;
    int threaded;
    p2e_profile_span span[2]; /* printed by the command's thread (p2e_profile.h) */
} second_job;

static int on_second_core(const output_def *d)
{
    return d == &table[0] || d->write == write_manual_xlsx;
}

static void *write_second(void *arg)
{
    second_job *job = arg;
    const p2e_run *r = job->r;
    p2e_profile profile; /* its own: this thread's CPU time */
    p2e_profile_begin(&profile, r->profile.out, 0);
    if (job->import)
        job->st = p2e_ecom_write_import(&r->cat, r->images, r->stage, job->import, &job->out,
                                        &job->err);
    p2e_profile_take(&profile, &job->span[0]);
    if (!job->st && job->manual)
        job->st = p2e_manualxlsx_write(&r->cat, r->stage, job->manual, r->env->created,
                                       &job->out, &job->err);
    p2e_profile_take(&profile, &job->span[1]);
    return NULL;
}

static p2e_status join_second(p2e_run *r, second_job *job, pthread_t *thread, p2e_err *err)
{
    if (thread)
        pthread_join(*thread, NULL);
    p2e_status st = job->st;
    if (st)
        *err = job->err;
    else if (p2e_outset_merge(&r->out, &job->out))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_outset_free(&job->out); /* the files stay in the staging folder */
    const char *where = job->threaded ? " (second thread)" : "";
    char phase[64];
    for (int k = 0; k < 2; k++)
        if (k ? job->manual != NULL : job->import != NULL) {
            snprintf(phase, sizeof phase, "write %s%s", k ? job->manual : job->import, where);
            p2e_profile_say(&r->profile, phase, &job->span[k]);
        }
    return st;
}

p2e_status p2e_outputs_write(p2e_run *r, p2e_err *err)
{
    second_job job;
    memset(&job, 0, sizeof job);
    job.r = r;
    for (size_t i = 0; i < NTABLE; i++)
        if (on_second_core(&table[i]) && applies(r, &table[i])) {
            if (i == 0)
                job.import = table[i].name;
            else
                job.manual = table[i].name;
        }
    pthread_t thread;
    int threaded = 0, second = job.import || job.manual;
    if (second) {
        job.threaded = !r->env->one_core; /* set before the thread reads it */
        threaded = job.threaded && pthread_create(&thread, NULL, write_second, &job) == 0;
        if (!threaded) {
            job.threaded = 0;
            write_second(&job);
        }
    }
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < NTABLE; i++)
        if (!on_second_core(&table[i]) && table[i].write && applies(r, &table[i])) {
            st = table[i].write(r, table[i].name, err);
            char phase[64];
            snprintf(phase, sizeof phase, "write %s", table[i].name);
            p2e_profile_mark(&r->profile, phase);
        }
    if (second) {
        p2e_status jst = join_second(r, &job, threaded ? &thread : NULL, st ? &job.err : err);
        if (!st)
            st = jst;
        p2e_profile_mark(&r->profile, "wait for the second thread");
    }
    return st;
}

p2e_status p2e_outputs_open_streams(p2e_run *r, int phase, p2e_err *err)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < NTABLE; i++)
        if (table[i].open && table[i].phase == phase && applies(r, &table[i]))
            st = table[i].open(r, table[i].name, err);
    return st;
}
