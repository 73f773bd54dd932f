/*
 * The command line's table: the commands and their options (p2e_cli.h),
 * and the parsing of each command's arguments into the option structs of
 * p2e_command.h. Help and the man page are printed from these rows by
 * help.c; main() only calls p2e_cli_main.
 */
#include "p2e_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_command.h"
#include "p2e_run.h"

enum {
    OPT_OUTLET = 256,
    OPT_ALL_OUTLETS,
    OPT_WEIGHT_UNIT,
    OPT_DIMENSION_UNIT,
    OPT_UPC_FROM_SKU,
    OPT_RESTORE_UPC_ZEROS,
    OPT_ENCODING,
    OPT_SHEET,
    OPT_MAX_FIELD,
    OPT_MAX_ROW,
    OPT_STRICT,
    OPT_DRY_RUN,
    OPT_NO_XLSX,
    OPT_NO_HTML,
    OPT_ECOM,
    OPT_PREVIOUS,
    OPT_DISABLE_DELETED,
    OPT_IMAGES,
    OPT_IMAGE_BASE_URL,
    OPT_MAX_IMAGE_PX,
    OPT_KEEP_METADATA,
    OPT_JSON,
    OPT_PRODUCTS,
};

#define RUNS (P2E_CLI_CONVERT | P2E_CLI_SYNC | P2E_CLI_AUDIT)
#define READS (RUNS | P2E_CLI_OUTLETS)

/* Grouped in the help in the order a group first appears here. */
const p2e_cli_opt p2e_cli_options[] = {
    {"ecom", 0, "CATALOG.csv", OPT_ECOM, P2E_CLI_SYNC | P2E_CLI_AUDIT, "The store",
     "the store's E-Series catalog export (required)"},
    {"previous", 0, "OLD.csv", OPT_PREVIOUS, P2E_CLI_SYNC | P2E_CLI_AUDIT, "The store",
     "the POS export of the last sync (repeatable): tells deletions apart"},
    {"disable-deleted", 0, NULL, OPT_DISABLE_DELETED, P2E_CLI_SYNC, "The store",
     "also make products deleted in the POS unavailable (needs --previous)"},
    {"outlet", 0, "NAME", OPT_OUTLET, RUNS, "Stock",
     "sum this outlet's stock (repeatable, or NAME,NAME)"},
    {"all-outlets", 0, NULL, OPT_ALL_OUTLETS, RUNS, "Stock", "sum the stock of every outlet"},
    {"weight-unit", 0, "U", OPT_WEIGHT_UNIT, RUNS, "Conversion",
     "the store's weight unit: kg (default), g, lb, oz"},
    {"dimension-unit", 0, "U", OPT_DIMENSION_UNIT, RUNS, "Conversion",
     "the store's dimension unit: cm (default), mm, m, in"},
    {"upc-from-sku", 0, NULL, OPT_UPC_FROM_SKU, RUNS, "Conversion",
     "with no UPC column, a SKU that is a valid GTIN becomes the UPC"},
    {"restore-upc-zeros", 0, NULL, OPT_RESTORE_UPC_ZEROS, RUNS, "Conversion",
     "write a UPC that lost its leading zeros in a spreadsheet with them restored"},
    {"images", 0, "DIR", OPT_IMAGES, RUNS, "Images",
     "a folder of product photos named by SKU or handle (repeatable)"},
    {"image-base-url", 0, "URL", OPT_IMAGE_BASE_URL, RUNS, "Images",
     "where DIR/images/ will be uploaded: the photos get URLs (needs --images)"},
    {"max-image-px", 0, "N", OPT_MAX_IMAGE_PX, RUNS, "Images",
     "shrink photos to N px on their long side (default 2048; 1 to 65535)"},
    {"keep-metadata", 0, NULL, OPT_KEEP_METADATA, RUNS, "Images",
     "keep the photos' location and personal metadata (GPS, serial, owner)"},
    {"encoding", 0, "NAME", OPT_ENCODING, READS, "Input",
     "the export's encoding when not UTF-8 (default: a byte-order mark's, else told from "
     "the bytes: windows-1252 or macintosh)"},
    {"sheet", 0, "NAME", OPT_SHEET, READS, "Input",
     "the sheet of an .xlsx export to read (default: the first)"},
    {"max-field-size", 0, "N", OPT_MAX_FIELD, RUNS, "Input",
     "largest field, in bytes or with K, M, G, KiB, MiB, GiB (default 64MiB)"},
    {"max-row-size", 0, "N", OPT_MAX_ROW, RUNS, "Input",
     "largest row, likewise (default 64MiB)"},
    {"products", 0, "FILE", OPT_PRODUCTS, P2E_CLI_FILL, "Input",
     "the product list: the manual-fields.xlsx (or the unedited manual-fields.csv) pos2ecom "
     "wrote; default: the workbook's own"},
    {"output", 'o', "DIR", 'o', RUNS | P2E_CLI_FILL | P2E_CLI_CHECK, "Output",
     "the output folder, created if missing (default " P2E_DEFAULT_OUT_DIR ")"},
    {"dry-run", 0, NULL, OPT_DRY_RUN, RUNS, "Output",
     "read and check everything, print the summary, write nothing"},
    {"no-xlsx", 0, NULL, OPT_NO_XLSX, RUNS | P2E_CLI_CHECK, "Output",
     "skip report.xlsx (the CSV files hold the same)"},
    {"no-html", 0, NULL, OPT_NO_HTML, RUNS, "Output", "skip report.html (the page to look at)"},
    {"strict", 0, NULL, OPT_STRICT, RUNS | P2E_CLI_CHECK | P2E_CLI_FILL, "Output", "exit 3 when the report holds errors"},
    {"json", 0, NULL, OPT_JSON, P2E_CLI_OUTLETS, "Output", "print a JSON array instead of columns"},
    {"quiet", 'q', NULL, 'q', RUNS | P2E_CLI_CHECK | P2E_CLI_FILL, "Output",
     "no summary and no progress line on standard error"},
    {"verbose", 'v', NULL, 'v', READS, "Output",
     "say on standard error what is read and decided (encoding, columns, outlets, rows per "
     "second of each phase): for support requests"},
    {"help", 'h', NULL, 'h', READS | P2E_CLI_CHECK | P2E_CLI_FILL, "Help", "this help"},
};
const size_t p2e_cli_noptions = sizeof p2e_cli_options / sizeof p2e_cli_options[0];

static int run_convert(int argc, char **argv);
static int run_sync(int argc, char **argv);
static int run_audit(int argc, char **argv);
static int run_outlets(int argc, char **argv);
static int run_help(int argc, char **argv);
static int run_check(int argc, char **argv);
static int run_fill(int argc, char **argv);

const p2e_cli_cmd p2e_cli_commands[] = {
    {"convert", P2E_CLI_CONVERT, "turn X-Series product exports into an E-Series import",
     "convert [options] EXPORT.csv [EXPORT2.csv ...]",
     "Reads one or more X-Series product exports (as one export; .csv.gz is read directly; - "
     "reads standard input) and writes the E-Series catalog import and the report files into "
     "the output folder, all in one commit.",
     {{"pos2ecom convert --outlet \"Main Outlet\" -o out product-export.csv",
       "convert, counting the stock of one outlet"},
      {"pos2ecom convert --all-outlets --images photos --image-base-url https://cdn.example.com/s "
       "-o out export.csv",
       "with photos, uploaded to that address"},
      {"gunzip -c export.csv.gz | pos2ecom convert --dry-run -", "check an export, write nothing"}},
     P2E_RUN_CONVERT, NULL, "0 1 2 3 130", run_convert},
    {"sync", P2E_CLI_SYNC, "bring a live store in line with a new POS export",
     "sync [options] --ecom CATALOG.csv [--previous OLD.csv ...] EXPORT.csv ...",
     "Compares a new POS export with the store's catalog export by the one-way sync rules "
     "(POS to eCom) and writes the update to import, the products to delete by hand, the "
     "drift and the report files. Takes every convert option.",
     {{"pos2ecom sync --outlet Main --ecom catalog.csv --previous last.csv -o sync new.csv",
       "the weekly sync"},
      {"pos2ecom sync --all-outlets --ecom catalog.csv --previous last.csv --disable-deleted "
       "-o sync new.csv",
       "also make deleted products unavailable"},
      {NULL, NULL}},
     P2E_RUN_SYNC, NULL, "0 1 2 3 130", run_sync},
    {"audit", P2E_CLI_AUDIT, "show how a store differs from the POS, write no import",
     "audit [options] --ecom CATALOG.csv [--previous OLD.csv ...] EXPORT.csv ...",
     "The comparison of sync, for an audit: writes drift.csv and the report files (what "
     "differs, what is unmatched, what a sync would do), never an import file.",
     {{"pos2ecom audit --outlet Main --ecom catalog.csv -o audit new.csv",
       "what a sync would overwrite, in audit/drift.csv"},
      {"pos2ecom audit --all-outlets --ecom catalog.csv --dry-run new.csv",
       "the counts only, nothing written"},
      {NULL, NULL}},
     P2E_RUN_AUDIT, NULL, "0 1 2 3 130", run_audit},
    {"outlets", P2E_CLI_OUTLETS, "list the outlets of an export and their stock",
     "outlets [options] EXPORT.csv ...",
     "Prints one line per outlet: its name as a person would type it (for --outlet), its "
     "column key, the rows with stock there, the total of that stock and the negative rows. "
     "Aligned columns on a terminal, tab-separated when piped, JSON with --json.",
     {{"pos2ecom outlets product-export.csv", "which outlets, and how much stock each holds"},
      {"pos2ecom outlets --json export.csv", "the same for a script"},
      {"zcat export.csv.gz | pos2ecom outlets -", "from standard input"}},
     0, "a table on standard output; nothing is written to disk", "0 1 2", run_outlets},
    {"help", 0, "show the help of a command", "help [COMMAND]",
     "Without a command, lists the commands; with one, prints its options, examples, the files "
     "it writes and its exit codes (as COMMAND --help does).",
     {{"pos2ecom help sync", "the options of sync"}, {NULL, NULL}, {NULL, NULL}},
     0, "the help on standard output", "0 1", run_help},
    {"check", P2E_CLI_CHECK, "check E-Series import files against the import format",
     "check [options] FILE.csv ...",
     "Checks any E-Series import file, whoever wrote it (pos2ecom, a person, another tool): "
     "encoding, quoting, column names, row types and their order, keys, booleans, numbers, "
     "options against variations, unique SKUs, lengths, image URLs and missing combinations "
     "(docs/import-checks.md lists each rule and its source). With -o, writes the report "
     "files of convert into DIR; without, prints one finding per problem "
     "as CSV, with the file and line.",
     {{"pos2ecom check out/ecom-import.csv", "is the import file valid?"},
      {"pos2ecom check --strict edited.csv > findings.csv", "exit 3 when an error was found"},
      {"pos2ecom check -o checked out/ecom-import.csv", "the findings as exceptions.csv and report.xlsx"}},
     P2E_RUN_CHECK, "without -o: the findings as CSV on standard output (severity,code,file,line,"
        "sku,field,value,message), nothing written to disk", "0 1 2 3 130", run_check},
    {"fill", P2E_CLI_FILL, "turn the filled manual-fields sheet into an import of the filled cells",
     "fill [options] manual-fields.xlsx",
     "Reads the merchant's filled manual-fields.xlsx (or manual-fields.csv), checks each filled "
     "cell (a price with at most two decimals, above the price; a whole-number threshold; a SKU "
     "of the product list, with leading zeros a spreadsheet dropped restored) and writes "
     "ecom-manual-update.csv, a partial import of only the filled cells, and the findings.",
     {{"pos2ecom fill -o out out/manual-fields.xlsx", "the update to import, in out/"},
      {"pos2ecom fill --products out/manual-fields.xlsx -o out edited.csv",
       "a CSV, checked against the workbook's product list"},
      {NULL, NULL}},
     P2E_RUN_FILL, NULL, "0 1 2 3 130", run_fill},
};
const size_t p2e_cli_ncommands = sizeof p2e_cli_commands / sizeof p2e_cli_commands[0];

const char *p2e_cli_exit_meaning(int code)
{
    switch (code) {
    case 0: return "success; data problems are in the report, not fatal";
    case 1: return "usage error (bad option, unknown outlet, several outlets and none chosen)";
    case 2: return "fatal error: unreadable or missing input, not a product export, an output "
                   "that cannot be written, something in the output folder pos2ecom did not "
                   "write, another run writing into the same folder";
    case 3: return "with --strict: the run finished but the report has errors";
    case 130: return "interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP): the output folder "
                     "was not changed";
    default: return NULL;
    }
}

const p2e_cli_cmd *p2e_cli_find(const char *name)
{
    for (size_t i = 0; i < p2e_cli_ncommands; i++)
        if (!strcmp(p2e_cli_commands[i].name, name))
            return &p2e_cli_commands[i];
    return NULL;
}

/* ---- mistakes, in one line ------------------------------------------------------ */

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "pos2ecom%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, msg, arg);
    fprintf(stderr, " (see 'pos2ecom help%s%s')\n", cmd ? " " : "", cmd ? cmd : "");
    return 1;
}

static void warn(const char *cmd, const char *msg)
{
    fprintf(stderr, "pos2ecom %s: warning: %s\n", cmd, msg);
}

/* An option getopt did not take: unknown (with the nearest spelling), or
 * missing its argument. */
static int bad_option(const char *cmd, unsigned bit, const char *arg, int missing)
{
    char name[128];
    size_t len = strcspn(arg, "=");
    if (strncmp(arg, "--", 2) && optopt > 0 && optopt < 128) /* a short one */
        snprintf(name, sizeof name, "-%c", optopt);
    else
        snprintf(name, sizeof name, "%.*s", (int)(len < 100 ? len : 100), arg);
    if (missing)
        return usage_error(cmd, "option '%s' needs a value", name);
    const char *names[64];
    char spelled[64][40];
    size_t n = 0;
    for (size_t i = 0; i < p2e_cli_noptions && n < 64; i++)
        if (p2e_cli_options[i].cmds & bit) {
            snprintf(spelled[n], sizeof spelled[n], "--%s", p2e_cli_options[i].name);
            names[n] = spelled[n];
            n++;
        }
    const char *near = p2e_cli_nearest(name, names, n);
    fprintf(stderr, "pos2ecom %s: unknown option '%s'", cmd, name);
    if (near)
        fprintf(stderr, "; did you mean '%s'?\n", near);
    else
        fprintf(stderr, " (see 'pos2ecom help %s')\n", cmd);
    return 1;
}

/* A size in bytes, with K, M, G (or KiB, MiB, GiB: the same, powers of
 * 1024) after the number; 0, a bare suffix or an overflow are refused. */
static int parse_size(const char *s, size_t *out)
{
    static const struct {
        const char *suffix;
        unsigned shift;
    } units[] = {{"", 0},   {"K", 10},   {"KiB", 10}, {"M", 20},
                 {"MiB", 20}, {"G", 30}, {"GiB", 30}};
    if (*s < '0' || *s > '9')
        return 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix))
            continue;
        if (v == 0 || v > (unsigned long long)SIZE_MAX >> units[i].shift)
            return 0;
        *out = (size_t)(v << units[i].shift);
        return 1;
    }
    return 0;
}

/* getopt's list for one command, from the table. */
static void long_options(unsigned bit, struct option *lo, char *shorts, size_t cap)
{
    size_t n = 0, k = 0;
    shorts[k++] = ':'; /* ':' back for a missing value */
    for (size_t i = 0; i < p2e_cli_noptions; i++) {
        const p2e_cli_opt *o = &p2e_cli_options[i];
        if (!(o->cmds & bit))
            continue;
        lo[n++] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->id};
        if (o->short_name && k + 3 < cap) {
            shorts[k++] = o->short_name;
            if (o->arg)
                shorts[k++] = ':';
        }
    }
    lo[n] = (struct option){NULL, 0, NULL, 0};
    shorts[k] = '\0';
}

/* One command's options, read one at a time by opts_next. */
typedef struct {
    const p2e_cli_cmd *c;
    struct option lo[64];
    char shorts[32];
} opt_reader;

static const p2e_cli_cmd *opts_start(opt_reader *r, const char *name)
{
    r->c = p2e_cli_find(name);
    long_options(r->c->bit, r->lo, r->shorts, sizeof r->shorts);
    opterr = 0;
    return r->c;
}

/* The next option's id, or -1 once they are read. -h (the command's help,
 * *rc = 0) and a mistake (said in one line, *rc = 1) end the command: -2.
 * The caller hands an id it has no case for to opts_unknown. */
static int opts_next(opt_reader *r, int argc, char **argv, int *rc)
{
    int o = getopt_long(argc, argv, r->shorts, r->lo, NULL);
    if (o == 'h') {
        p2e_cli_help_cmd(r->c, stdout);
        *rc = 0;
        return -2;
    }
    if (o == '?' || o == ':') {
        *rc = bad_option(r->c->name, r->c->bit, argv[optind - 1], o == ':');
        return -2;
    }
    return o;
}

static int opts_unknown(const opt_reader *r, char **argv)
{
    return bad_option(r->c->name, r->c->bit, argv[optind - 1], 0);
}

/* ---- the commands ---------------------------------------------------------------- */

static int finish(const char *cmd, p2e_status st, const p2e_err *err, int exit_code)
{
    (void)cmd;
    if (st) {
        fprintf(stderr, "pos2ecom: %s\n", err->msg[0] ? err->msg : p2e_strerror(st));
        return p2e_status_exit_code(st);
    }
    return exit_code;
}

/* Options that contradict each other or do nothing: refused (exit 1) or
 * warned about, each with its reason. */
static int check_combination(const p2e_cli_cmd *c, const p2e_convert_opts *o)
{
    if (o->all_outlets && o->noutlets)
        return usage_error(c->name, "%s", "--all-outlets and --outlet contradict each other: "
                                           "--all-outlets already sums every outlet; give one");
    if (o->image_base_url && !o->nimage_dirs)
        return usage_error(c->name, "%s", "--image-base-url needs --images DIR: without photos "
                                           "there is nothing to give a URL");
    if (c->bit != P2E_CLI_CONVERT && !o->ecom_path)
        return usage_error(c->name, "%s", "needs --ecom CATALOG.csv (the store's export)");
    if (o->disable_deleted && !o->nprevious)
        warn(c->name, "--disable-deleted does nothing without --previous: only the last "
                      "sync's export tells a deleted product from one made in eCom");
    return -1;
}

static int run_runs(const p2e_cli_cmd *c, int argc, char **argv)
{
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    const char **outlets = calloc((size_t)argc, sizeof *outlets);
    const char **previous = calloc((size_t)argc, sizeof *previous);
    const char **images = calloc((size_t)argc, sizeof *images);
    opt_reader rd;
    opts_start(&rd, c->name);
    int c_, rc = -1;
    if (!outlets || !previous || !images) {
        rc = finish(c->name, P2E_ERR_NOMEM, &(p2e_err){"out of memory"}, 2);
        argc = 0;
    }
    o.outlets = outlets;
    o.previous = previous;
    o.image_dirs = images;
    while (rc < 0 && (c_ = opts_next(&rd, argc, argv, &rc)) >= 0) {
        switch (c_) {
        case 'o': o.out_dir = optarg; break;
        case OPT_OUTLET: outlets[o.noutlets++] = optarg; break;
        case OPT_ALL_OUTLETS: o.all_outlets = 1; break;
        case OPT_WEIGHT_UNIT: o.weight_unit = optarg; break;
        case OPT_DIMENSION_UNIT: o.dimension_unit = optarg; break;
        case OPT_UPC_FROM_SKU: o.upc_from_sku = 1; break;
        case OPT_RESTORE_UPC_ZEROS: o.restore_upc_zeros = 1; break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case OPT_SHEET: o.sheet = optarg; break;
        case OPT_MAX_FIELD:
            if (!parse_size(optarg, &o.max_field))
                rc = usage_error(c->name, "--max-field-size needs a positive size such as "
                                          "1048576, 512K or 64MiB, not '%s'", optarg);
            break;
        case OPT_MAX_IMAGE_PX: {
            char *end = NULL;
            long px = strtol(optarg, &end, 10);
            if (!*optarg || *end || px < 1 || px > 65535)
                rc = usage_error(c->name, "--max-image-px needs a number of pixels from 1 to 65535, "
                                          "not '%s'", optarg);
            else
                o.max_image_px = (uint32_t)px;
            break;
        }
        case OPT_KEEP_METADATA: o.keep_metadata = 1; break;
        case OPT_MAX_ROW:
            if (!parse_size(optarg, &o.max_row))
                rc = usage_error(c->name, "--max-row-size needs a positive size such as "
                                          "1048576, 512K or 64MiB, not '%s'", optarg);
            break;
        case OPT_STRICT: o.strict = 1; break;
        case OPT_DRY_RUN: o.dry_run = 1; break;
        case OPT_NO_XLSX: o.no_xlsx = 1; break;
        case OPT_NO_HTML: o.no_html = 1; break;
        case OPT_ECOM: o.ecom_path = optarg; break;
        case OPT_PREVIOUS: previous[o.nprevious++] = optarg; break;
        case OPT_DISABLE_DELETED: o.disable_deleted = 1; break;
        case OPT_IMAGES: images[o.nimage_dirs++] = optarg; break;
        case OPT_IMAGE_BASE_URL: o.image_base_url = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'v': o.verbose = 1; break;
        default: rc = opts_unknown(&rd, argv); break;
        }
    }
    if (rc < 0 && optind >= argc)
        rc = usage_error(c->name, "%s", "give at least one export file (or - for standard input)");
    if (rc < 0)
        rc = check_combination(c, &o);
    if (rc < 0) {
        o.inputs = (const char *const *)argv + optind;
        o.ninputs = (size_t)(argc - optind);
        p2e_err err = {{0}};
        int exit_code = 0;
        p2e_status st = c->bit == P2E_CLI_CONVERT
                            ? p2e_command_convert(&o, stderr, &exit_code, &err)
                            : p2e_command_sync(&o, c->bit == P2E_CLI_AUDIT, stderr, &exit_code, &err);
        rc = finish(c->name, st, &err, exit_code);
    }
    free(outlets);
    free(previous);
    free(images);
    return rc;
}

static int run_convert(int argc, char **argv)
{
    return run_runs(p2e_cli_find("convert"), argc, argv);
}

static int run_sync(int argc, char **argv)
{
    return run_runs(p2e_cli_find("sync"), argc, argv);
}

static int run_audit(int argc, char **argv)
{
    return run_runs(p2e_cli_find("audit"), argc, argv);
}

static int run_outlets(int argc, char **argv)
{
    opt_reader rd;
    const p2e_cli_cmd *c = opts_start(&rd, "outlets");
    const char *encoding = NULL, *sheet = NULL;
    int json = 0, verbose = 0, o, rc = 0;
    while ((o = opts_next(&rd, argc, argv, &rc)) != -1) {
        if (o == -2)
            return rc;
        if (o == OPT_ENCODING)
            encoding = optarg;
        else if (o == OPT_SHEET)
            sheet = optarg;
        else if (o == OPT_JSON)
            json = 1;
        else if (o == 'v')
            verbose = 1;
        else
            return opts_unknown(&rd, argv);
    }
    if (optind >= argc)
        return usage_error(c->name, "%s", "give at least one export file (or - for standard input)");
    p2e_err err = {{0}};
    p2e_outlets_format fmt = json ? P2E_OUTLETS_JSON : P2E_OUTLETS_AUTO;
    p2e_status st = p2e_command_outlets((const char *const *)argv + optind, (size_t)(argc - optind),
                                        encoding, sheet, fmt, verbose, stdout, stderr, &err);
    return finish(c->name, st, &err, 0);
}

static int run_check(int argc, char **argv)
{
    opt_reader rd;
    const p2e_cli_cmd *c = opts_start(&rd, "check");
    int strict = 0, quiet = 0, no_xlsx = 0, o, rc = 0;
    const char *out_dir = NULL;
    while ((o = opts_next(&rd, argc, argv, &rc)) != -1) {
        if (o == -2)
            return rc;
        if (o == OPT_STRICT)
            strict = 1;
        else if (o == 'q')
            quiet = 1;
        else if (o == 'o')
            out_dir = optarg;
        else if (o == OPT_NO_XLSX)
            no_xlsx = 1;
        else
            return opts_unknown(&rd, argv);
    }
    if (optind >= argc)
        return usage_error(c->name, "%s", "give at least one import file");
    if (no_xlsx && !out_dir)
        return usage_error(c->name, "%s", "--no-xlsx does nothing without -o DIR (no report.xlsx "
                                          "is written without an output folder)");
    p2e_err err = {{0}};
    int exit_code = 0;
    p2e_status st;
    if (out_dir) {
        p2e_convert_opts co;
        memset(&co, 0, sizeof co);
        co.inputs = (const char *const *)argv + optind;
        co.ninputs = (size_t)(argc - optind);
        co.out_dir = out_dir;
        co.strict = strict;
        co.quiet = quiet;
        co.no_xlsx = no_xlsx;
        st = p2e_command_check_to(&co, stderr, &exit_code, &err);
    } else
        st = p2e_command_check((const char *const *)argv + optind, (size_t)(argc - optind), strict,
                               quiet, stdout, stderr, &exit_code, &err);
    return finish(c->name, st, &err, exit_code);
}

static int run_fill(int argc, char **argv)
{
    opt_reader rd;
    const p2e_cli_cmd *c = opts_start(&rd, "fill");
    p2e_fill_cmd fo;
    memset(&fo, 0, sizeof fo);
    int o, rc = 0;
    while ((o = opts_next(&rd, argc, argv, &rc)) != -1) {
        if (o == -2)
            return rc;
        if (o == 'o')
            fo.out_dir = optarg;
        else if (o == OPT_PRODUCTS)
            fo.products = optarg;
        else if (o == OPT_STRICT)
            fo.strict = 1;
        else if (o == 'q')
            fo.quiet = 1;
        else
            return opts_unknown(&rd, argv);
    }
    if (optind + 1 != argc)
        return usage_error(c->name, "%s", optind >= argc ? "give the filled manual-fields.xlsx (or .csv)"
                                                         : "give one filled sheet");
    fo.input = argv[optind];
    p2e_err err = {{0}};
    int exit_code = 0;
    p2e_status st = p2e_command_fill(&fo, stderr, &exit_code, &err);
    return finish(c->name, st, &err, exit_code);
}

static int unknown_command(const char *name)
{
    const char *names[16];
    size_t n = 0;
    for (size_t i = 0; i < p2e_cli_ncommands && n < 16; i++)
        names[n++] = p2e_cli_commands[i].name;
    const char *near = p2e_cli_nearest(name, names, n);
    if (near)
        fprintf(stderr, "pos2ecom: unknown command '%s'; did you mean '%s'?\n", name, near);
    else
        fprintf(stderr, "pos2ecom: unknown command '%s' (see 'pos2ecom help')\n", name);
    return 1;
}

static int run_help(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        p2e_cli_help_all(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--man")) { /* the man page's source (make man) */
        p2e_cli_man(stdout);
        return 0;
    }
    const p2e_cli_cmd *c = p2e_cli_find(argv[1]);
    if (!c)
        return unknown_command(argv[1]);
    p2e_cli_help_cmd(c, stdout);
    return 0;
}

int p2e_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        p2e_cli_help_all(stderr);
        return 1;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
        return run_help(1, argv);
    if (!strcmp(cmd, "--version")) {
        printf("pos2ecom %s\n", P2E_VERSION);
        return 0;
    }
    const p2e_cli_cmd *c = p2e_cli_find(cmd);
    if (!c && cmd[0] == '-')
        return usage_error(NULL, "'%s' before a command: give the command first", cmd);
    if (!c)
        return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}
