/*
 * The command layer: each command as one sequence, read -> rules -> images
 * -> (sync plan) -> write -> commit. What each step does lives in its own
 * module; the table of outputs in outputs.c. The environment is read here
 * and nowhere else (read_env).
 */
#include "p2e_command.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "p2e_check.h"
#include "p2e_decimal.h"
#include "p2e_fs.h"
#include "p2e_input.h"
#include "p2e_interrupt.h"
#include "p2e_outputs.h"
#include "p2e_rules.h"
#include "p2e_run.h"
#include "p2e_stdin.h"
#include "p2e_units.h"

/* The environment, once: P2E_SERIAL=1 keeps a run on one core (tests
 * prove both give the same bytes); SOURCE_DATE_EPOCH fixes report.xlsx's
 * creation time (default 2020-01-01) and the run's time in a dated name
 * (default: the clock); TMPDIR holds a dry-run sync's
 * scratch folder; TERM=dumb makes the progress line plain lines (NO_COLOR
 * needs nothing: nothing is coloured); P2E_PROFILE=1 prints each phase's
 * wall and CPU time on standard error (p2e_profile.h); P2E_FAULT_KILL_AT is
 * read by test builds only. */
static void read_env(p2e_env *env)
{
    const char *serial = getenv("P2E_SERIAL");
    const char *profile = getenv("P2E_PROFILE");
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    const char *tmp = getenv("TMPDIR");
    env->one_core = serial && *serial == '1';
    env->created = epoch ? strtoll(epoch, NULL, 10) : 1577836800;
    env->now = epoch ? env->created : (long long)time(NULL);
    env->tmpdir = tmp && *tmp ? tmp : "/tmp";
    env->kill_at_step = 0;
    env->term = getenv("TERM");
    env->profile = profile && *profile == '1';
#ifdef P2E_FAULT_INJECTION
    const char *at = getenv("P2E_FAULT_KILL_AT");
    env->kill_at_step = at ? (int)strtol(at, NULL, 10) : 0;
#endif
}

static p2e_status read_opts(const p2e_convert_opts *o, const p2e_env *env, p2e_read_opts *ro,
                            p2e_err *err)
{
    memset(ro, 0, sizeof *ro);
    ro->one_core = env->one_core;
    ro->encoding = o->encoding;
    ro->sheet = o->sheet;
    ro->upc_from_sku = o->upc_from_sku;
    ro->restore_upc_zeros = o->restore_upc_zeros;
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

static void notsynced_sink(void *ctx, const char *file_name, const p2e_columns *cols,
                           const p2e_row *row)
{
    p2e_notsynced_row(ctx, file_name, cols, row);
}

/* ---- progress and -v ------------------------------------------------------------ */

/* The bytes of the files a phase reads through the byte source (a
 * workbook's reads are not counted, so it is left out); `reread` counts a
 * legacy-encoded file twice, as the second pass decides its encoding again
 * before reading it. */
static unsigned long long input_bytes(const char *const *paths, size_t n, const p2e_reader *rd,
                                      int reread, const char *encoding)
{
    unsigned long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (strcmp(p2e_input_pick(paths[i]), "CSV") || stat(paths[i], &sb) != 0)
            continue;
        int twice = reread && rd && i < rd->nfiles && !rd->files[i].utf8 && !encoding &&
                    strncmp(rd->files[i].from, "UTF-", 4);
        sum += (unsigned long long)sb.st_size * (twice ? 2 : 1);
    }
    return sum;
}

static void start_progress(p2e_progress *p, const char *const *paths, size_t n, int quiet,
                           int verbose, const p2e_env *env, FILE *msg)
{
    p2e_progress_mode mode = p2e_progress_choose(isatty(fileno(msg)), quiet, env->term,
                                                 input_bytes(paths, n, NULL, 0, NULL));
    p2e_progress_begin(p, mode, msg, verbose ? msg : NULL);
}

/* -v: what pass 1 found in each file. */
static void say_files(const p2e_reader *rd, FILE *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < rd->nfiles; i++) {
        const p2e_input_file *f = &rd->files[i];
        char size[32];
        p2e_progress_size(size, sizeof size, (double)f->print.size);
        fprintf(v, "pos2ecom: %s: %s, %s, encoding %s%s", f->base, size,
                f->format ? f->format : "?", f->utf8 ? "UTF-8" : f->from,
                f->utf8 ? "" : " (converted to UTF-8)");
        if (f->delim)
            fprintf(v, ", delimiter %s", f->delim == '\t' ? "tab" : f->delim == ';' ? "';'" : "','");
        fprintf(v, ", %zu columns", f->cols.ncols);
        if (f->cols.nunknown) {
            fprintf(v, " (%zu not used:", f->cols.nunknown);
            for (size_t k = 0; k < f->cols.nunknown && k < 8; k++)
                fprintf(v, " %s", f->cols.header[f->cols.unknown[k]]);
            fputs(f->cols.nunknown > 8 ? " ...)" : ")", v);
        }
        fputc('\n', v);
    }
}

/* -v: the outlets found, and which are summed. */
static void say_outlets(const p2e_reader *rd, int chosen, FILE *v)
{
    if (!v)
        return;
    fprintf(v, "pos2ecom: outlets: %zu", rd->outlets.count);
    for (size_t i = 0; i < rd->outlets.count; i++) {
        char name[512];
        p2e_outlet_display_name(rd->outlets.items[i].key, name, sizeof name);
        fprintf(v, "%s'%s'%s", i ? ", " : ": ", name,
                chosen && rd->outlets.items[i].selected ? " (summed)" : "");
    }
    fputc('\n', v);
}

/* -v: rows read, and how fast. */
static void say_rows(const p2e_catalog *cat, double secs, FILE *v)
{
    if (v)
        fprintf(v, "pos2ecom: rows: %zu read in %.2f s (%.0f rows/s)\n", cat->rows_read, secs,
                secs > 0 ? (double)cat->rows_read / secs : 0.0);
}

/* ---- before anything is read: what the output folder allows ---------------- */

/* An input (file or image folder) that an output would replace, or that
 * lies inside one (a photo folder inside DIR/images/), found by real path
 * (any spelling): refused before anything is read or written. */
static p2e_status check_input_clash(const p2e_run *r, const char *input, p2e_err *err)
{
    char in[PATH_MAX], out[PATH_MAX];
    if (!input || !realpath(input, in))
        return P2E_OK; /* a missing input is reported when it is opened */
    const char *names[P2E_OUTPUTS_MAX];
    size_t n = p2e_outputs_plan(r, 1, names);
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
static p2e_status check_image_clash(const p2e_run *r, p2e_err *err)
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

static p2e_status check_clashes(const p2e_run *r, p2e_err *err)
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

/* Lock the output folder, and refuse a run whose outputs would replace
 * anything that is not an unchanged output of an earlier run (but keep an
 * edited manual-fields.csv: the new one goes beside it); learn what the
 * commit removes. A dry run only looks. */
static p2e_status open_output(p2e_run *r, p2e_err *err)
{
    p2e_outname names[P2E_OUTPUTS_MAX];
    size_t n = p2e_outputs_names(r, names);
    if (r->o->dry_run)
        return p2e_outdir_preview(r->dir, names, n, r->env->now, &r->outplan)
                   ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory")
                   : P2E_OK;
    p2e_status st = p2e_outdir_open_plan(&r->od, r->dir, names, n, r->env->now,
                                         r->env->kill_at_step, &r->outplan, err);
    if (!st)
        r->stage = p2e_outdir_stage(r->od);
    for (size_t i = 0; !st && i < r->sum.noutputs; i++) /* a kept name: the dated one */
        r->outputs[i] = p2e_outplan_final(&r->outplan, r->outputs[i]);
    return st;
}

/* ---- the steps ----------------------------------------------------------------- */

/* Photos from the image folders: checked, matched to the written products,
 * staged under DIR/images/ (not in a dry run) with their URLs. */
static p2e_status take_images(p2e_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    /* thumbnails only for report.html: none with --no-html */
    p2e_image_opts io = {o->max_image_px, o->keep_metadata, r->env->one_core, !o->no_html};
    p2e_status st = p2e_images_scan_opts(&r->images, o->image_dirs, o->nimage_dirs, &io, &r->rep, err);
    r->sum.libvips = p2e_images_library();
    r->sum.image_base_url = o->image_base_url;
    if (!st)
        st = p2e_images_match(r->images, &r->cat, &r->rep, err);
    if (!st)
        st = p2e_images_stage(r->images, &r->cat, r->stage, o->image_base_url, o->dry_run, &r->out,
                              &r->rep, err);
    r->sum.images = r->images;
    return st;
}

/* The sync's scratch folder: inside the staging folder (it goes with it),
 * or in a dry run, which writes nothing beside the outputs, a private one. */
static p2e_status make_work(p2e_run *r, p2e_err *err)
{
    if (r->o->dry_run) {
        snprintf(r->work, sizeof r->work, "%s/pos2ecom-XXXXXX", r->env->tmpdir);
        p2e_interrupt_hold(); /* a signal waits until the folder is watched */
        if (!mkdtemp(r->work)) {
            int e = errno;
            p2e_interrupt_release();
            return p2e_fail(err, P2E_ERR_WRITE, "cannot create a temporary folder in %s: %s",
                            r->env->tmpdir, strerror(e));
        }
        p2e_interrupt_watch(r->work, NULL);
        return P2E_OK;
    }
    snprintf(r->work, sizeof r->work, "%s/.work", r->stage);
    if (mkdir(r->work, 0700) != 0)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create: %s", r->work, strerror(errno));
    return P2E_OK;
}

static void remove_work(p2e_run *r)
{
    if (!r->work[0])
        return;
    (void)p2e_fs_remove_tree(r->work); /* scratch: nothing to say if it lingers */
    if (r->o->dry_run)
        p2e_interrupt_unwatch(0);
}

/* What the POS wants, as a store; the live store; the comparison, with
 * drift.csv streamed into the staging folder. */
static p2e_status plan_sync(p2e_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_sync_sources src = {&r->cat, r->images, r->work, o->ecom_path, o->previous,
                            o->nprevious, &r->ro};
    p2e_status st = make_work(r, err);
    if (!st)
        st = p2e_sync_load(&src, &r->desired, &r->live, &r->previous, err);
    if (!st && !o->dry_run)
        st = p2e_outputs_open_streams(r, P2E_OUTPUTS_PLANNING, err);
    r->plan.desired = &r->desired;
    r->plan.live = &r->live;
    r->plan.previous = o->nprevious ? &r->previous : NULL;
    r->plan.live_path = o->ecom_path;
    r->plan.pos = &r->cat;
    r->plan.disable_deleted = o->disable_deleted;
    r->plan.compare_images = r->images != NULL;
    if (!st)
        st = p2e_sync_plan(&r->plan, r->drift_open ? &r->drift : NULL, &r->rep, err);
    if (!st && p2e_rules_collapse_manual(&r->cat, &r->rep)) /* after the plan's filter */
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st && p2e_report_sort(&r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    r->sum.sync = &r->plan.counts;
    if (!st)
        p2e_summary_build(&r->sum, &r->cat, &r->rep); /* the findings changed */
    return st;
}

/* Read, apply the rules, account for every row. */
static p2e_status convert_catalog(p2e_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_progress_phase(&r->progress, "checking",
                       input_bytes(o->inputs, o->ninputs, NULL, 0, NULL));
    p2e_status st = p2e_reader_scan(&r->rd, o->inputs, o->ninputs, &r->ro, &r->rep, err);
    if (!st)
        say_files(&r->rd, r->verbose);
    p2e_profile_mark(&r->profile, "open the output folder, check the files");
    if (!st)
        st = p2e_outlet_set_select(&r->rd.outlets, o->outlets, o->noutlets, o->all_outlets, err);
    if (!st)
        say_outlets(&r->rd, 1, r->verbose);
    if (!st && !o->dry_run) {
        st = p2e_outputs_open_streams(r, P2E_OUTPUTS_READING, err);
        r->rd.row_sink = notsynced_sink;
        r->rd.row_sink_ctx = &r->ns;
    }
    r->names = calloc(r->rd.nfiles ? r->rd.nfiles : 1, sizeof *r->names);
    if (!st && !r->names)
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !st && i < r->rd.nfiles; i++)
        r->names[i] = r->rd.files[i].base;
    r->cat.file_names = r->names;
    p2e_progress_phase(&r->progress, "reading",
                       input_bytes(o->inputs, o->ninputs, &r->rd, 1, o->encoding));
    double t0 = p2e_progress_now();
    if (!st)
        st = p2e_reader_load(&r->rd, &r->cat, &r->ro, &r->rep, err);
    if (!st)
        say_rows(&r->cat, p2e_progress_now() - t0, r->verbose);
    p2e_profile_mark(&r->profile, "read");
    p2e_progress_phase(&r->progress, "applying the rules", 0);
    if (!st)
        st = p2e_rules_apply(&r->cat, &r->rep, err);
    p2e_profile_mark(&r->profile, "rules");
    if (!st && o->nimage_dirs) {
        p2e_progress_phase(&r->progress, "matching photos", 0);
        st = take_images(r, err);
        p2e_profile_mark(&r->profile, "photos");
    }
    /* a sync first keeps the products the store gets new (plan_sync) */
    if (!st && r->mode == P2E_RUN_CONVERT && p2e_rules_collapse_manual(&r->cat, &r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st && p2e_report_sort(&r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st) {
        p2e_summary_build(&r->sum, &r->cat, &r->rep);
        st = check_accounting(&r->sum.acc, err);
    }
    p2e_profile_mark(&r->profile, "sort the findings, summary");
    return st;
}

/* check -o: each import file checked into the report (no catalog: the
 * accounting is not a check's). */
static p2e_status check_files(p2e_run *r, p2e_err *err)
{
    const p2e_convert_opts *o = r->o;
    p2e_progress_phase(&r->progress, "checking", input_bytes(o->inputs, o->ninputs, NULL, 0, NULL));
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < o->ninputs; i++) {
        size_t n = 0;
        st = p2e_check_file(o->inputs[i], &r->rep, &n, err);
        r->sum.rows_checked += n;
    }
    if (!st && p2e_report_sort(&r->rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        p2e_summary_build(&r->sum, &r->cat, &r->rep);
    r->sum.check = 1;
    return st;
}

/* check -o: a file checked must not lie in the output folder. A check's
 * report would stand beside the outputs of the run that wrote the file,
 * as if it were that run's, and the folder's outputs are the machinery's
 * to replace or remove. */
static p2e_status check_inputs_outside(const p2e_run *r, p2e_err *err)
{
    char *out = p2e_fs_resolve(r->dir);
    p2e_status st = P2E_OK;
    for (size_t i = 0; out && !st && i < r->o->ninputs; i++) {
        char in[PATH_MAX];
        if (realpath(r->o->inputs[i], in) && p2e_fs_is_inside(in, out))
            st = p2e_fail(err, P2E_ERR_USAGE,
                          "%s is inside the output folder %s; choose another output folder "
                          "with -o (the check's report would mix with the files there)",
                          r->o->inputs[i], r->dir);
    }
    free(out);
    return st;
}

static p2e_status run_init(p2e_run *r, p2e_run_mode mode, const p2e_convert_opts *o,
                           const p2e_env *env, p2e_err *err)
{
    memset(r, 0, sizeof *r);
    r->mode = mode;
    r->o = o;
    r->env = env;
    r->dir = o->out_dir ? o->out_dir : P2E_DEFAULT_OUT_DIR;
    p2e_reader_init(&r->rd);
    r->rd.want_stats = 1;
    if (p2e_catalog_init(&r->cat) || p2e_report_init(&r->rep) || p2e_store_init(&r->desired) ||
        p2e_store_init(&r->live) || p2e_store_init(&r->previous))
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    r->desired.one_core = r->live.one_core = r->previous.one_core = env->one_core;
    r->outputs = calloc(P2E_OUTPUTS_MAX, sizeof *r->outputs);
    if (!r->outputs)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    r->sum.inputs = o->inputs;
    r->sum.ninputs = o->ninputs;
    r->sum.outlets = &r->rd.outlets;
    r->sum.outputs = r->outputs;
    r->sum.noutputs = o->dry_run ? 0 : p2e_outputs_plan(r, 0, r->outputs);
    r->sum.dir = r->dir;
    r->sum.dry_run = o->dry_run;
    r->sum.folder = &r->outplan;
    return P2E_OK;
}

static void run_free(p2e_run *r)
{
    p2e_outplan_free(&r->outplan);
    free(r->outputs);
    free(r->names);
    p2e_images_free(r->images);
    p2e_sync_free(&r->plan);
    p2e_store_free(&r->desired);
    p2e_store_free(&r->live);
    p2e_store_free(&r->previous);
    p2e_report_free(&r->rep);
    p2e_catalog_free(&r->cat);
    p2e_reader_free(&r->rd);
}

static p2e_status run(p2e_run_mode mode, const p2e_convert_opts *given, FILE *msg, int *exit_code,
                      p2e_err *err)
{
    p2e_env env;
    read_env(&env);
    p2e_convert_opts opts = *given; /* an export "-" becomes the copy of standard input */
    const p2e_convert_opts *o = &opts;
    p2e_run r;
    p2e_stdin in;
    memset(&in, 0, sizeof in);
    *exit_code = 0;
    p2e_interrupt_install();
    p2e_status st = run_init(&r, mode, o, &env, err);
    r.sum.inputs = given->inputs; /* the summary names "-" as given */
    if (!st)
        st = p2e_stdin_take(&in, given->inputs, given->ninputs, env.tmpdir, &opts.inputs, err);
    if (!st)
        st = read_opts(o, &env, &r.ro, err);
    r.verbose = o->verbose ? msg : NULL;
    start_progress(&r.progress, o->inputs, o->ninputs, o->quiet, o->verbose, &env, msg);
    p2e_profile_begin(&r.profile, env.profile ? msg : NULL, 1);
    if (!st && !o->dry_run)
        st = check_clashes(&r, err);
    if (!st && mode == P2E_RUN_CHECK)
        st = check_inputs_outside(&r, err);
    if (!st)
        st = open_output(&r, err);
    r.sum.stage = r.stage;
    if (!st)
        st = mode == P2E_RUN_CHECK ? check_files(&r, err) : convert_catalog(&r, err);
    if (!st && (mode == P2E_RUN_SYNC || mode == P2E_RUN_AUDIT)) {
        p2e_progress_phase(&r.progress, "comparing with the store", 0);
        st = plan_sync(&r, err);
        p2e_profile_mark(&r.profile, "sync plan");
    }
    if (!st && !o->dry_run) {
        p2e_progress_phase(&r.progress, "writing the import and the report", 0);
        st = p2e_outputs_write(&r, err);
    }
    if (!st && !o->dry_run) {
        p2e_progress_phase(&r.progress, "committing", 0);
        st = p2e_outdir_commit(r.od, (const char *const *)r.out.name, r.out.count, err);
        p2e_profile_mark(&r.profile, "commit");
    }
    p2e_progress_end(&r.progress); /* the line goes before any other message */
    p2e_profile_total(&r.profile);
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
    run_free(&r);
    if (st)
        p2e_stdin_name(&in, err);
    p2e_stdin_free(&in);
    return st;
}

p2e_status p2e_command_convert(const p2e_convert_opts *o, FILE *msg, int *exit_code, p2e_err *err)
{
    return run(P2E_RUN_CONVERT, o, msg, exit_code, err);
}

p2e_status p2e_command_sync(const p2e_convert_opts *o, int audit, FILE *msg, int *exit_code,
                            p2e_err *err)
{
    if (!o->ecom_path)
        return p2e_fail(err, P2E_ERR_USAGE, "%s needs --ecom CATALOG.csv (the store's export)",
                        audit ? "audit" : "sync");
    return run(audit ? P2E_RUN_AUDIT : P2E_RUN_SYNC, o, msg, exit_code, err);
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

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

/* Columns on a screen: UTF-8 continuation bytes take no room. */
static int screen_width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

enum { OUTLET_COLS = 5 };

static int print_outlets(const p2e_reader *rd, p2e_outlets_format fmt, FILE *out)
{
    static const char *const head[OUTLET_COLS] = {"outlet", "key", "variants_in_stock",
                                                  "total_stock", "negative_rows"};
    size_t n = rd->outlets.count;
    char(*cell)[OUTLET_COLS][512] = calloc(n ? n : 1, sizeof *cell);
    if (!cell)
        return 0;
    int width[OUTLET_COLS];
    for (int k = 0; k < OUTLET_COLS; k++)
        width[k] = screen_width(head[k]);
    for (size_t i = 0; i < n; i++) {
        p2e_outlet_display_name(rd->outlets.items[i].key, cell[i][0], sizeof cell[i][0]);
        snprintf(cell[i][1], sizeof cell[i][1], "%s", rd->outlets.items[i].key);
        snprintf(cell[i][2], sizeof cell[i][2], "%zu", rd->stats[i].rows_in_stock);
        p2e_dec_format(cell[i][3], rd->stats[i].positive_total, 6, 0);
        snprintf(cell[i][4], sizeof cell[i][4], "%zu", rd->stats[i].rows_negative);
        for (int k = 0; k < OUTLET_COLS; k++)
            if (screen_width(cell[i][k]) > width[k])
                width[k] = screen_width(cell[i][k]);
    }
    if (fmt == P2E_OUTLETS_JSON) {
        fputs("[", out);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n  {" : "\n  {", out);
            for (int k = 0; k < OUTLET_COLS; k++) {
                fprintf(out, "%s\"%s\": ", k ? ", " : "", head[k]);
                if (k < 2)
                    json_string(out, cell[i][k]);
                else
                    fputs(cell[i][k], out);
            }
            fputs("}", out);
        }
        fputs(n ? "\n]\n" : "]\n", out);
    } else {
        int aligned = fmt == P2E_OUTLETS_ALIGNED;
        for (size_t i = 0; i <= n; i++)
            for (int k = 0; k < OUTLET_COLS; k++) {
                const char *v = i ? cell[i - 1][k] : head[k];
                int pad = width[k] - screen_width(v);
                if (!aligned)
                    fprintf(out, "%s%s", v, k + 1 < OUTLET_COLS ? "\t" : "\n");
                else if (k + 1 == OUTLET_COLS)
                    fprintf(out, "%*s%s\n", pad, "", v);
                else if (k >= 2) /* numbers: right-aligned */
                    fprintf(out, "%*s%s  ", pad, "", v);
                else
                    fprintf(out, "%s%*s  ", v, pad, "");
            }
    }
    free(cell);
    return 1;
}

p2e_status p2e_command_outlets(const char *const *inputs, size_t ninputs, const char *encoding,
                               const char *sheet, p2e_outlets_format fmt, int verbose, FILE *out, FILE *msg,
                               p2e_err *err)
{
    p2e_progress progress;
    FILE *v = verbose ? msg : NULL;
    p2e_read_opts ro;
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_stdin in;
    memset(&ro, 0, sizeof ro);
    memset(&in, 0, sizeof in);
    ro.encoding = encoding;
    ro.sheet = sheet;
    ro.max_field = P2E_DEFAULT_MAX_FIELD;
    ro.weight_unit = p2e_unit_find("kg", P2E_UNIT_WEIGHT);
    ro.dimension_unit = p2e_unit_find("cm", P2E_UNIT_LENGTH);
    p2e_reader_init(&rd);
    rd.want_stats = 1;
    p2e_status st = P2E_OK;
    p2e_env env;
    read_env(&env);
    p2e_interrupt_install();
    if (p2e_catalog_init(&cat) || p2e_report_init(&rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = p2e_stdin_take(&in, inputs, ninputs, env.tmpdir, &inputs, err);
    start_progress(&progress, inputs, ninputs, 0, verbose, &env, msg);
    p2e_progress_phase(&progress, "checking", input_bytes(inputs, ninputs, NULL, 0, NULL));
    if (!st)
        st = p2e_reader_scan(&rd, inputs, ninputs, &ro, &rep, err);
    if (!st) {
        say_files(&rd, v);
        say_outlets(&rd, 0, v);
    }
    p2e_progress_phase(&progress, "reading", input_bytes(inputs, ninputs, &rd, 1, encoding));
    double t0 = p2e_progress_now();
    if (!st)
        st = p2e_reader_load(&rd, &cat, &ro, &rep, err);
    if (!st)
        say_rows(&cat, p2e_progress_now() - t0, v);
    p2e_progress_end(&progress);
    if (!st) {
        if (fmt == P2E_OUTLETS_AUTO)
            fmt = isatty(fileno(out)) ? P2E_OUTLETS_ALIGNED : P2E_OUTLETS_TSV;
        if (!print_outlets(&rd, fmt, out))
            st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        else if (fflush(out) != 0 || ferror(out))
            st = p2e_fail(err, P2E_ERR_WRITE, "cannot write to standard output: %s", strerror(errno));
        for (size_t i = 0; !st && i < rd.outlets.count; i++)
            note_out_of_range(&rd, i, msg);
    }
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    if (st)
        p2e_stdin_name(&in, err);
    p2e_stdin_free(&in);
    return st;
}

/* ---- check ------------------------------------------------------------------ */

static void csv_cell(FILE *out, const char *s, int last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else
        fputs(s, out);
    fputc(last ? '\n' : ',', out);
}

p2e_status p2e_command_check_to(const p2e_convert_opts *o, FILE *msg, int *exit_code, p2e_err *err)
{
    return run(P2E_RUN_CHECK, o, msg, exit_code, err);
}

p2e_status p2e_command_check(const char *const *inputs, size_t ninputs, int strict, int quiet,
                             FILE *out, FILE *msg, int *exit_code, p2e_err *err)
{
    p2e_report rep;
    p2e_status st = p2e_report_init(&rep);
    if (st)
        return p2e_fail(err, st, "out of memory");
    size_t rows = 0;
    for (size_t i = 0; i < ninputs && !st; i++) {
        size_t n = 0;
        st = p2e_check_file(inputs[i], &rep, &n, err);
        rows += n;
    }
    if (!st)
        st = p2e_report_sort(&rep);
    if (!st) {
        fputs("severity,code,file,line,sku,field,value,message\n", out);
        for (size_t i = 0; i < rep.count; i++) {
            const p2e_finding *f = &rep.items[i];
            char line[32], *message = NULL;
            snprintf(line, sizeof line, "%lu", f->line);
            const char *detail = p2e_pool_get(&rep.strings, f->detail);
            if (*detail && asprintf(&message, "%s (%s)", p2e_code_message(f->code), detail) < 0)
                message = NULL;
            csv_cell(out, p2e_severity_name(p2e_code_severity(f->code)), 0);
            csv_cell(out, p2e_code_name(f->code), 0);
            csv_cell(out, p2e_pool_get(&rep.strings, f->path), 0);
            csv_cell(out, f->line ? line : "", 0);
            csv_cell(out, p2e_pool_get(&rep.strings, f->sku), 0);
            csv_cell(out, p2e_pool_get(&rep.strings, f->field), 0);
            csv_cell(out, p2e_pool_get(&rep.strings, f->value), 0);
            csv_cell(out, message ? message : p2e_code_message(f->code), 1);
            free(message);
        }
        size_t per_code[P2E_CODE_COUNT], per_sev[3];
        p2e_report_count(&rep, per_code, per_sev);
        if (!quiet)
            fprintf(msg, "pos2ecom check: %zu file%s, %zu row%s: %zu error%s, %zu warning%s, "
                         "%zu info\n", ninputs, ninputs == 1 ? "" : "s", rows, rows == 1 ? "" : "s",
                    per_sev[P2E_SEV_ERROR], per_sev[P2E_SEV_ERROR] == 1 ? "" : "s",
                    per_sev[P2E_SEV_WARNING], per_sev[P2E_SEV_WARNING] == 1 ? "" : "s",
                    per_sev[P2E_SEV_INFO]);
        *exit_code = strict && per_sev[P2E_SEV_ERROR] ? 3 : 0;
        if (fflush(out))
            st = p2e_fail(err, P2E_ERR_WRITE, "standard output: cannot write");
    }
    p2e_report_free(&rep);
    return st;
}

/* ---- fill ------------------------------------------------------------------- */

#define FILL_SHOWN 50 /* findings printed; the rest are in the file */

static void print_fill(const p2e_run *r, const char *const *names, FILE *msg)
{
    const p2e_report *rep = &r->rep;
    for (size_t i = 0; i < rep->count && i < FILL_SHOWN; i++) {
        const p2e_finding *f = &rep->items[i];
        const char *value = p2e_pool_get(&rep->strings, f->value);
        const char *field = p2e_pool_get(&rep->strings, f->field);
        const char *detail = p2e_pool_get(&rep->strings, f->detail);
        fprintf(msg, "pos2ecom fill: %s", p2e_pool_get(&rep->strings, f->path));
        if (f->line)
            fprintf(msg, " line %lu", f->line);
        fprintf(msg, ": %s %s", p2e_severity_name(p2e_code_severity(f->code)), p2e_code_name(f->code));
        if (*field)
            fprintf(msg, " %s '%s'", field, value);
        fprintf(msg, ": %s%s%s%s\n", p2e_code_message(f->code), *detail ? " (" : "", detail,
                *detail ? ")" : "");
    }
    if (rep->count > FILL_SHOWN)
        fprintf(msg, "pos2ecom fill: ... and %zu more in %s/%s\n", rep->count - FILL_SHOWN, r->dir,
                names[1]);
    size_t per_code[P2E_CODE_COUNT], per_sev[3];
    p2e_report_count(rep, per_code, per_sev);
    p2e_fill_counts c;
    p2e_fill_get_counts(r->fill, &c);
    fprintf(msg, "pos2ecom fill: %zu rows read, %zu filled; %s/%s: %zu products and %zu "
                 "variations, %zu cells; %s/%s: %zu errors, %zu warnings, %zu info\n",
            c.rows_read, c.rows_filled, r->dir, names[0], c.products, c.variations, c.cells,
            r->dir, names[1], per_sev[P2E_SEV_ERROR], per_sev[P2E_SEV_WARNING],
            per_sev[P2E_SEV_INFO]);
}

p2e_status p2e_command_fill(const p2e_fill_cmd *fo, FILE *msg, int *exit_code, p2e_err *err)
{
    p2e_env env;
    read_env(&env);
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    const char *inputs[2] = {fo->input, fo->products};
    o.inputs = inputs;
    o.ninputs = fo->products ? 2 : 1;
    o.out_dir = fo->out_dir;
    p2e_run r;
    memset(&r, 0, sizeof r);
    r.mode = P2E_RUN_FILL;
    r.o = &o;
    r.env = &env;
    r.dir = o.out_dir ? o.out_dir : P2E_DEFAULT_OUT_DIR;
    *exit_code = 0;
    p2e_interrupt_install();
    p2e_status st = p2e_report_init(&r.rep) ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory") : P2E_OK;
    p2e_fill_opts fopts = {fo->input, fo->products};
    if (!st)
        st = check_clashes(&r, err);
    if (!st)
        st = open_output(&r, err);
    if (!st)
        st = p2e_fill_read(&r.fill, &fopts, &r.rep, err);
    if (!st && p2e_report_sort(&r.rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = p2e_outputs_write(&r, err);
    if (!st)
        st = p2e_outdir_commit(r.od, (const char *const *)r.out.name, r.out.count, err);
    const char *names[P2E_OUTPUTS_MAX];
    size_t n = p2e_outputs_plan(&r, 0, names);
    if (!st && !fo->quiet && n >= 2)
        print_fill(&r, names, msg);
    if (!st) {
        size_t per_code[P2E_CODE_COUNT], per_sev[3];
        p2e_report_count(&r.rep, per_code, per_sev);
        *exit_code = fo->strict && per_sev[P2E_SEV_ERROR] ? 3 : 0;
    }
    p2e_outset_free(&r.out);
    p2e_outdir_free(r.od);
    p2e_fill_free(r.fill);
    p2e_report_free(&r.rep);
    return st;
}
