#include "p2e_command.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2e_catalog.h"
#include "p2e_decimal.h"
#include "p2e_ecom.h"
#include "p2e_fs.h"
#include "p2e_images.h"
#include "p2e_interrupt.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_rules.h"
#include "p2e_notsynced.h"
#include "p2e_outdir.h"
#include "p2e_sheets.h"
#include "p2e_store.h"
#include "p2e_summary.h"
#include "p2e_sync.h"
#include "p2e_units.h"
#include "p2e_xlsx.h"

/* P2E_SERIAL=1 keeps a run on one core: tests prove both give the same bytes */
static int one_core(void)
{
    const char *serial = getenv("P2E_SERIAL");
    return serial && *serial == '1';
}

static p2e_status read_opts(const p2e_convert_opts *o, p2e_read_opts *ro, p2e_err *err)
{
    memset(ro, 0, sizeof *ro);
    ro->one_core = one_core();
    ro->encoding = o->encoding;
    ro->upc_from_sku = o->upc_from_sku;
    ro->max_field = o->max_field ? o->max_field : P2E_DEFAULT_MAX_FIELD;
    ro->max_row = o->max_row ? o->max_row : P2E_DEFAULT_MAX_FIELD;
    ro->weight_unit = p2e_unit_find(o->weight_unit ? o->weight_unit : "kg", P2E_UNIT_WEIGHT);
    ro->dimension_unit = p2e_unit_find(o->dimension_unit ? o->dimension_unit : "cm", P2E_UNIT_LENGTH);
    if (!ro->weight_unit)
        return p2e_fail(err, P2E_ERR_USAGE, "--weight-unit must be kg, g, lb or oz, not '%s'", o->weight_unit);
    if (!ro->dimension_unit)
        return p2e_fail(err, P2E_ERR_USAGE, "--dimension-unit must be cm, mm, m or in, not '%s'",
                        o->dimension_unit);
    return P2E_OK;
}

static p2e_status check_accounting(const p2e_accounting *a, p2e_err *err)
{
    if (a->read == a->written + a->attached + a->not_written_total)
        return P2E_OK;
    return p2e_fail(err, P2E_ERR_ACCOUNTING,
                    "internal error: %zu rows read but %zu written + %zu attached + %zu not "
                    "written; please report this with the input",
                    a->read, a->written, a->attached, a->not_written_total);
}

typedef enum { RUN_CONVERT, RUN_SYNC, RUN_AUDIT } run_mode;

/* Everything one convert, sync or audit run holds. */
typedef struct {
    run_mode mode;
    const p2e_convert_opts *o;
    const char *dir;            /* the output folder */
    const char *stage;          /* where this run writes: its staging folder */
    p2e_outdir *od;             /* the output folder, locked (not in a dry run) */
    p2e_read_opts ro;
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_outset out;
    p2e_notsynced ns;
    p2e_summary sum;
    const char **names;         /* input base names by file index */
    const char *outputs[16];    /* output file names, for the summary */
    size_t noutputs;
    /* sync and audit */
    char work[4096];            /* private folder for the desired import */
    p2e_store desired, live, previous;
    p2e_sync plan;
    p2e_csvw drift;
    int drift_open;
    p2e_images *images;         /* --images: found, matched, staged */
} convert_run;

static void add_output(convert_run *r, const char *name)
{
    if (r->noutputs < sizeof r->outputs / sizeof r->outputs[0])
        r->outputs[r->noutputs++] = name;
    r->sum.noutputs = r->noutputs;
}

static void notsynced_sink(void *ctx, const char *file_name, const p2e_columns *cols,
                           const p2e_row *row)
{
    p2e_notsynced_row(ctx, file_name, cols, row);
}

/* outlets.csv: the figures of `pos2ecom outlets`, and which were summed. */
static p2e_status write_outlets(convert_run *r, p2e_err *err)
{
    p2e_csvw w;
    p2e_status st = p2e_csvw_open(&w, r->stage, "outlets.csv", err);
    if (st)
        return st;
    const char *head[] = {"outlet", "key", "summed", "variants_in_stock", "total_stock",
                          "negative_rows"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        p2e_csvw_cstr(&w, head[i]);
    p2e_csvw_end_row(&w);
    for (size_t i = 0; i < r->rd.outlets.count; i++) {
        char name[512], num[40];
        const p2e_outlet_stats *os = &r->rd.stats[i];
        p2e_outlet_display_name(r->rd.outlets.items[i].key, name, sizeof name);
        p2e_csvw_cstr(&w, name);
        p2e_csvw_cstr(&w, r->rd.outlets.items[i].key);
        p2e_csvw_cstr(&w, r->rd.outlets.items[i].selected ? "yes" : "no");
        snprintf(num, sizeof num, "%zu", os->rows_in_stock);
        p2e_csvw_cstr(&w, num);
        p2e_dec_format(num, os->positive_total, 6, 0);
        p2e_csvw_cstr(&w, num);
        snprintf(num, sizeof num, "%zu", os->rows_negative);
        p2e_csvw_cstr(&w, num);
        p2e_csvw_end_row(&w);
    }
    return p2e_csvw_finish(&w, &r->out, err);
}

/* The staged copy of an output this run wrote, or NULL (its sheet is
 * then skipped). The path lives in buf. */
static const char *staged(const convert_run *r, const char *name, char *buf, size_t cap)
{
    for (size_t i = 0; i < r->out.count; i++)
        if (!strcmp(r->out.name[i], name)) {
            snprintf(buf, cap, "%s/%s", r->stage, name);
            return buf;
        }
    return NULL;
}

static p2e_status write_workbook(convert_run *r, p2e_err *err)
{
    static const char *const exc_num[] = {"line", NULL};
    static const char *const manual_num[] = {"hint_pos_reorder_point", NULL};
    static const char *const outlet_num[] = {"variants_in_stock", "total_stock", "negative_rows", NULL};
    static const char *const images_num[] = {"width", "height", "bytes", "position", NULL};
    static const char *const mapping_num[] = {"line", "quantity_ecom", "price_ecom",
                                              "description_bytes", NULL};
    static const char *const drift_num[] = {NULL};
    char path[7][4200];
    p2e_xlsx_sheet sheets[] = {
        {"Exceptions", staged(r, "exceptions.csv", path[0], sizeof path[0]), exc_num, 1},
        {"Manual fields", staged(r, "manual-fields.csv", path[1], sizeof path[1]), manual_num, 0},
        {"Not synced", staged(r, "not-synced.csv", path[2], sizeof path[2]), exc_num, 0},
        {"Outlets", staged(r, "outlets.csv", path[3], sizeof path[3]), outlet_num, 0},
        {"Images", staged(r, "images.csv", path[4], sizeof path[4]), images_num, 0},
        {"Mapping", staged(r, "mapping.csv", path[5], sizeof path[5]), mapping_num, 0},
        {"Drift", staged(r, "drift.csv", path[6], sizeof path[6]), drift_num, 0},
    };
    p2e_xlsx_pair pairs[P2E_SUMMARY_MAX_PAIRS];
    char store[P2E_SUMMARY_MAX_PAIRS * 64];
    size_t n = p2e_summary_pairs(&r->sum, pairs, store);
    return p2e_xlsx_write(r->stage, pairs, n, sheets, sizeof sheets / sizeof sheets[0], 0, &r->out,
                          err);
}

/* The files of every mode after the import files: the report. */
static p2e_status write_report(convert_run *r, p2e_err *err)
{
    const p2e_read_opts *ro = &r->ro;
    add_output(r, "exceptions.csv");
    p2e_status st = p2e_report_write_exceptions(&r->rep, r->names, r->stage, &r->out, err);
    add_output(r, "manual-fields.csv");
    if (!st)
        st = p2e_sheets_write_manual(&r->cat, r->stage, &r->out, err);
    add_output(r, "not-synced.csv");
    if (!st)
        st = p2e_notsynced_finish(&r->ns, &r->out, err);
    add_output(r, "mapping.csv");
    if (!st)
        st = p2e_sheets_write_mapping(&r->cat, ro->weight_unit, ro->dimension_unit, r->stage,
                                      &r->out, err);
    add_output(r, "outlets.csv");
    if (!st)
        st = write_outlets(r, err);
    if (r->images)
        add_output(r, "images.csv");
    if (!st && r->images)
        st = p2e_images_write_csv(r->images, &r->cat, r->stage, &r->out, err);
    add_output(r, "summary.json");
    if (!r->o->no_xlsx)
        add_output(r, "report.xlsx");
    if (!st)
        st = p2e_summary_write_json(&r->sum, &r->out, err);
    if (!st && !r->o->no_xlsx)
        st = write_workbook(r, err);
    return st;
}

/* The import file is written on the second core while the report is
 * written on the first: the catalog is read-only by now, and the job has
 * its own output set, merged before the commit. */
typedef struct {
    const convert_run *r;
    p2e_outset out;
    p2e_err err;
    p2e_status st;
} import_job;

static void *write_import(void *arg)
{
    import_job *job = arg;
    job->st = p2e_ecom_write_import(&job->r->cat, job->r->images, job->r->stage, &job->out, &job->err);
    return NULL;
}

static p2e_status join_import(convert_run *r, import_job *job, pthread_t *thread, p2e_err *err)
{
    if (thread)
        pthread_join(*thread, NULL);
    p2e_status st = job->st;
    if (st)
        *err = job->err;
    else if (p2e_outset_merge(&r->out, &job->out))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_outset_free(&job->out); /* the files stay in the staging folder */
    return st;
}

static p2e_status write_outputs(convert_run *r, p2e_err *err)
{
    p2e_status st = P2E_OK;
    import_job job;
    memset(&job, 0, sizeof job);
    job.r = r;
    pthread_t thread;
    int threaded = 0;
    if (r->mode == RUN_CONVERT) {
        add_output(r, "ecom-import.csv");
        threaded = !one_core() && pthread_create(&thread, NULL, write_import, &job) == 0;
        if (!threaded)
            write_import(&job);
    }
    if (!st && r->mode == RUN_SYNC) {
        add_output(r, "ecom-update.csv");
        add_output(r, "ecom-delete.csv");
        char desired[4200];
        snprintf(desired, sizeof desired, "%s/ecom-import.csv", r->work);
        st = p2e_sync_write_update(&r->plan, desired, r->stage, &r->out, err);
        if (!st)
            st = p2e_sync_write_delete(&r->plan, r->stage, &r->out, err);
    }
    if (!st && r->drift_open) {
        add_output(r, "drift.csv");
        r->drift_open = 0;
        st = p2e_csvw_finish(&r->drift, &r->out, err);
    }
    if (!st)
        st = write_report(r, err);
    if (r->mode == RUN_CONVERT) {
        p2e_status jst = join_import(r, &job, threaded ? &thread : NULL, st ? &job.err : err);
        if (!st)
            st = jst;
    }
    if (!st)
        st = p2e_outdir_commit(r->od, (const char *const *)r->out.name, r->out.count, err);
    return st;
}

/* An older POS export, converted the same way, as a store: it says which
 * products the POS had before (deleted = there before, not now). */
static p2e_status load_previous(convert_run *r, p2e_err *err)
{
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    char dir[4200], path[4300];
    snprintf(dir, sizeof dir, "%s/previous", r->work);
    p2e_reader_init(&rd);
    p2e_status st = p2e_catalog_init(&cat) || p2e_report_init(&rep) ? P2E_ERR_NOMEM : P2E_OK;
    if (st)
        p2e_fail(err, st, "out of memory");
    if (!st)
        st = p2e_reader_scan(&rd, r->o->previous, r->o->nprevious, &r->ro, &rep, err);
    if (!st)
        st = p2e_outlet_set_select(&rd.outlets, NULL, 0, 1, err);
    if (!st)
        st = p2e_reader_load(&rd, &cat, &r->ro, &rep, err);
    if (!st)
        st = p2e_rules_apply(&cat, &rep, err);
    if (!st)
        st = p2e_fs_mkdir_p(dir, err);
    if (!st)
        st = p2e_ecom_write_import(&cat, NULL, dir, NULL, err);
    snprintf(path, sizeof path, "%s/ecom-import.csv", dir);
    if (!st)
        st = p2e_store_read(&r->previous, path, err);
    unlink(path);
    rmdir(dir);
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    return st;
}

/* What the POS wants, as a store; the live store; the comparison. */
static p2e_status plan_sync(convert_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    char desired[4200];
    /* the scratch folder: inside the staging folder (removed with it), or
     * in a dry run, which writes nothing beside the outputs, a private one */
    if (o->dry_run) {
        snprintf(r->work, sizeof r->work, "%s/pos2ecom-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(r->work))
            return p2e_fail(err, P2E_ERR_WRITE, "cannot create a temporary folder: %s", strerror(errno));
        p2e_interrupt_watch(r->work, NULL);
    } else {
        snprintf(r->work, sizeof r->work, "%s/.work", r->stage);
        if (mkdir(r->work, 0700) != 0)
            return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", r->work, strerror(errno));
    }
    snprintf(desired, sizeof desired, "%s/ecom-import.csv", r->work);
    p2e_status st = p2e_ecom_write_import(&r->cat, r->images, r->work, NULL, err);
    if (!st)
        st = p2e_store_read(&r->desired, desired, err);
    r->live.max_field = r->ro.max_field; /* --max-field-size holds for the store's file too */
    if (!st)
        st = p2e_store_read(&r->live, o->ecom_path, err);
    if (!st && o->nprevious)
        st = load_previous(r, err);
    if (!st && !o->dry_run) {
        st = p2e_csvw_open(&r->drift, r->stage, "drift.csv", err);
        r->drift_open = !st;
    }
    r->plan.desired = &r->desired;
    r->plan.live = &r->live;
    r->plan.previous = o->nprevious ? &r->previous : NULL;
    r->plan.live_path = o->ecom_path;
    r->plan.pos = &r->cat;
    r->plan.disable_deleted = o->disable_deleted;
    r->plan.compare_images = r->images != NULL;
    if (!st)
        st = p2e_sync_plan(&r->plan, r->drift_open ? &r->drift : NULL, &r->rep, err);
    if (!st && p2e_report_sort(&r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    r->sum.sync = &r->plan.counts;
    if (!st)
        p2e_summary_build(&r->sum, &r->cat, &r->rep); /* the findings changed */
    return st;
}

static void remove_work(convert_run *r)
{
    if (!r->work[0])
        return;
    (void)p2e_fs_remove_tree(r->work);
    if (r->o->dry_run)
        p2e_interrupt_unwatch(0);
}

/* Photos from the image folders: checked, matched to the written products,
 * staged under DIR/images/ (not in a dry run) with their URLs. */
static p2e_status take_images(convert_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_status st = p2e_images_scan(&r->images, o->image_dirs, o->nimage_dirs, &r->rep, err);
    if (!st)
        st = p2e_images_match(r->images, &r->cat, &r->rep, err);
    if (!st)
        st = p2e_images_stage(r->images, &r->cat, r->stage, o->image_base_url, o->dry_run, &r->out,
                              &r->rep, err);
    return st;
}

/* What this run may write into the output folder: checked against what
 * stands there before anything is read. */
static size_t planned_outputs(const convert_run *r, const char **names)
{
    static const char *const report[] = {"exceptions.csv", "manual-fields.csv", "not-synced.csv",
                                         "mapping.csv", "outlets.csv", "summary.json"};
    size_t n = 0;
    if (r->mode == RUN_CONVERT)
        names[n++] = "ecom-import.csv";
    if (r->mode == RUN_SYNC) {
        names[n++] = "ecom-update.csv";
        names[n++] = "ecom-delete.csv";
    }
    if (r->mode != RUN_CONVERT)
        names[n++] = "drift.csv";
    for (size_t i = 0; i < sizeof report / sizeof report[0]; i++)
        names[n++] = report[i];
    if (!r->o->no_xlsx)
        names[n++] = "report.xlsx";
    if (r->o->nimage_dirs) {
        names[n++] = "images.csv";
        names[n++] = "images";
    }
    return n;
}

#define MAX_PLANNED 16

/* An input (file or image folder) that an output would replace, or that
 * lies inside one (a photo folder inside DIR/images/), found by real path
 * (any spelling): refused before anything is read or written. */
static p2e_status check_input_clash(const convert_run *r, const char *input, p2e_err *err)
{
    char in[PATH_MAX], out[PATH_MAX];
    if (!input || !realpath(input, in))
        return P2E_OK; /* a missing input is reported when it is opened */
    const char *names[MAX_PLANNED];
    size_t n = planned_outputs(r, names);
    for (size_t i = 0; i < n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", r->dir, names[i]);
        if (!realpath(path, out))
            continue;
        if (p2e_fs_is_inside(in, out))
            return p2e_fail(err, P2E_ERR_USAGE,
                            "%s %s %s: writing %s would replace it; choose another output folder "
                            "with -o",
                            input, strcmp(in, out) ? "is inside" : "is the same file as", path,
                            names[i]);
    }
    return P2E_OK;
}

/* Outputs never go into an image folder: it is only ever read. */
static p2e_status check_image_clash(const convert_run *r, p2e_err *err)
{
    char img[PATH_MAX];
    char *out = r->o->nimage_dirs ? p2e_fs_resolve(r->dir) : NULL;
    p2e_status st = P2E_OK;
    for (size_t i = 0; out && !st && i < r->o->nimage_dirs; i++) {
        if (realpath(r->o->image_dirs[i], img) && p2e_fs_is_inside(out, img))
            st = p2e_fail(err, P2E_ERR_USAGE,
                          "the output folder %s is inside the image folder %s, which is only "
                          "read, never written; choose another output folder with -o",
                          r->dir, r->o->image_dirs[i]);
    }
    free(out);
    return st;
}

static p2e_status check_clashes(const convert_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_status st = check_image_clash(r, err);
    for (size_t i = 0; !st && i < o->ninputs; i++)
        st = check_input_clash(r, o->inputs[i], err);
    for (size_t i = 0; !st && i < o->nprevious; i++)
        st = check_input_clash(r, o->previous[i], err);
    for (size_t i = 0; !st && i < o->nimage_dirs; i++)
        st = check_input_clash(r, o->image_dirs[i], err);
    if (!st)
        st = check_input_clash(r, o->ecom_path, err);
    return st;
}

static int fault_kill_at(void)
{
#ifdef P2E_FAULT_INJECTION
    const char *at = getenv("P2E_FAULT_KILL_AT");
    return at ? (int)strtol(at, NULL, 10) : 0;
#else
    return 0;
#endif
}

/* Lock the output folder, and refuse a run whose outputs would replace
 * anything that is not an unchanged output of an earlier run. */
static p2e_status open_output(convert_run *r, p2e_err *err)
{
    const char *names[MAX_PLANNED];
    size_t n = planned_outputs(r, names);
    p2e_status st = p2e_outdir_open(&r->od, r->dir, names, n, fault_kill_at(), err);
    if (!st)
        r->stage = p2e_outdir_stage(r->od);
    return st;
}

/* Read, apply the rules, account for every row. */
static p2e_status convert_catalog(convert_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_status st = p2e_reader_scan(&r->rd, o->inputs, o->ninputs, &r->ro, &r->rep, err);
    if (!st)
        st = p2e_outlet_set_select(&r->rd.outlets, o->outlets, o->noutlets, o->all_outlets, err);
    if (!st && !o->dry_run) {
        st = p2e_notsynced_open(&r->ns, r->stage, &r->rd.outlets, err);
        r->rd.row_sink = notsynced_sink;
        r->rd.row_sink_ctx = &r->ns;
    }
    r->names = calloc(r->rd.nfiles ? r->rd.nfiles : 1, sizeof *r->names);
    if (!st && !r->names)
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < r->rd.nfiles; i++)
        r->names[i] = r->rd.files[i].base;
    r->cat.file_names = r->names;
    if (!st)
        st = p2e_reader_load(&r->rd, &r->cat, &r->ro, &r->rep, err);
    if (!st)
        st = p2e_rules_apply(&r->cat, &r->rep, err);
    if (!st && o->nimage_dirs)
        st = take_images(r, err);
    if (!st && p2e_report_sort(&r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st) {
        p2e_summary_build(&r->sum, &r->cat, &r->rep);
        st = check_accounting(&r->sum.acc, err);
    }
    return st;
}

static p2e_status run(run_mode mode, const p2e_convert_opts *o, FILE *msg, int *exit_code,
                      p2e_err *err)
{
    convert_run r;
    memset(&r, 0, sizeof r);
    r.mode = mode;
    r.o = o;
    r.dir = o->out_dir ? o->out_dir : P2E_DEFAULT_OUT_DIR;
    *exit_code = 0;
    p2e_status st = read_opts(o, &r.ro, err);
    if (st)
        return st;
    p2e_reader_init(&r.rd);
    r.rd.want_stats = 1;
    if (p2e_catalog_init(&r.cat) || p2e_report_init(&r.rep) || p2e_store_init(&r.desired) ||
        p2e_store_init(&r.live) || p2e_store_init(&r.previous))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    r.desired.one_core = r.live.one_core = r.previous.one_core = r.ro.one_core;
    r.sum.inputs = o->inputs;
    r.sum.ninputs = o->ninputs;
    r.sum.outlets = &r.rd.outlets;
    r.sum.outputs = r.outputs;
    r.sum.dir = r.dir;
    r.sum.dry_run = o->dry_run;
    p2e_interrupt_install();
    if (!st && !o->dry_run)
        st = check_clashes(&r, err);
    if (!st && !o->dry_run)
        st = open_output(&r, err);
    r.sum.stage = r.stage;
    if (!st)
        st = convert_catalog(&r, err);
    if (!st && mode != RUN_CONVERT)
        st = plan_sync(&r, err);
    if (!st && !o->dry_run)
        st = write_outputs(&r, err);
    remove_work(&r);
    if (st) {
        p2e_notsynced_abandon(&r.ns);
        if (r.drift_open)
            p2e_csvw_abandon(&r.drift);
    }
    p2e_outset_free(&r.out);
    p2e_outdir_free(r.od); /* removes what was staged unless committed; unlocks */
    if (!st) {
        if (!o->quiet)
            p2e_summary_print(&r.sum, msg);
        if (o->strict && r.sum.per_sev[P2E_SEV_ERROR])
            *exit_code = 3;
    }
    free(r.names);
    p2e_images_free(r.images);
    p2e_sync_free(&r.plan);
    p2e_store_free(&r.desired);
    p2e_store_free(&r.live);
    p2e_store_free(&r.previous);
    p2e_report_free(&r.rep);
    p2e_catalog_free(&r.cat);
    p2e_reader_free(&r.rd);
    return st;
}

p2e_status p2e_command_convert(const p2e_convert_opts *o, FILE *msg, int *exit_code, p2e_err *err)
{
    return run(RUN_CONVERT, o, msg, exit_code, err);
}

p2e_status p2e_command_sync(const p2e_convert_opts *o, int audit, FILE *msg, int *exit_code,
                            p2e_err *err)
{
    if (!o->ecom_path)
        return p2e_fail(err, P2E_ERR_USAGE, "%s needs --ecom CATALOG.csv (the store's export)",
                        audit ? "audit" : "sync");
    return run(audit ? RUN_AUDIT : RUN_SYNC, o, msg, exit_code, err);
}

/* Counts left out of an outlet's figures are said, never dropped unseen. */
static void note_out_of_range(const p2e_reader *rd, size_t i, FILE *msg)
{
    const p2e_outlet_stats *os = &rd->stats[i];
    if (!os->out_of_range)
        return;
    char name[512];
    p2e_outlet_display_name(rd->outlets.items[i].key, name, sizeof name);
    fprintf(msg,
            "pos2ecom: note: outlet '%s': %zu stock count%s beyond %lld (what the store holds) "
            "left out of its figures; the first: %s line %lu, inventory_%s\n",
            name, os->out_of_range, os->out_of_range == 1 ? "" : "s", (long long)P2E_QTY_MAX,
            rd->files[os->first_file].base, os->first_line, rd->outlets.items[i].key);
}

p2e_status p2e_command_outlets(const char *const *inputs, size_t ninputs, const char *encoding,
                               FILE *out, FILE *msg, p2e_err *err)
{
    p2e_read_opts ro;
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    memset(&ro, 0, sizeof ro);
    ro.encoding = encoding;
    ro.max_field = P2E_DEFAULT_MAX_FIELD;
    ro.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    p2e_reader_init(&rd);
    rd.want_stats = 1;
    p2e_status st = P2E_OK;
    if (p2e_catalog_init(&cat) || p2e_report_init(&rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = p2e_reader_scan(&rd, inputs, ninputs, &ro, &rep, err);
    if (!st)
        st = p2e_reader_load(&rd, &cat, &ro, &rep, err);
    if (!st) {
        fprintf(out, "outlet\tkey\tvariants_in_stock\ttotal_stock\tnegative_rows\n");
        for (size_t i = 0; i < rd.outlets.count; i++) {
            char name[512], total[40];
            p2e_outlet_display_name(rd.outlets.items[i].key, name, sizeof name);
            p2e_dec_format(total, rd.stats[i].positive_total, 6, 0);
            fprintf(out, "%s\t%s\t%zu\t%s\t%zu\n", name, rd.outlets.items[i].key,
                    rd.stats[i].rows_in_stock, total, rd.stats[i].rows_negative);
        }
        if (fflush(out) != 0)
            st = p2e_fail(err, P2E_ERR_WRITE, "cannot write to standard output: %s", strerror(errno));
        for (size_t i = 0; !st && i < rd.outlets.count; i++)
            note_out_of_range(&rd, i, msg);
    }
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    return st;
}
