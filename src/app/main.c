/* pos2ecom command line: parses arguments and calls p2e_command_*. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_command.h"

static const char usage_text[] =
    "usage: pos2ecom convert [options] EXPORT.csv [EXPORT2.csv ...]\n"
    "       pos2ecom sync  [options] --ecom CATALOG.csv [--previous OLD.csv] EXPORT.csv [...]\n"
    "       pos2ecom audit [options] --ecom CATALOG.csv [--previous OLD.csv] EXPORT.csv [...]\n"
    "       pos2ecom outlets [--encoding NAME] EXPORT.csv [...]\n"
    "       pos2ecom --help | --version\n"
    "\n"
    "convert options:\n"
    "  -o, --output DIR         output directory (default " P2E_DEFAULT_OUT_DIR ")\n"
    "      --outlet NAME        sum this outlet's stock (repeatable, or NAME,NAME)\n"
    "      --all-outlets        sum the stock of every outlet\n"
    "      --weight-unit U      store weight unit: kg (default), g, lb, oz\n"
    "      --dimension-unit U   store dimension unit: cm (default), mm, m, in\n"
    "      --upc-from-sku       with no UPC column, use a SKU that is a valid GTIN\n"
    "      --images DIR         product photos, named by SKU or handle (repeatable)\n"
    "      --image-base-url URL where DIR/images/ will be uploaded: images get URLs\n"
    "      --max-image-px N     shrink photos to N px on their long side (default 2048)\n"
    "      --keep-metadata      keep photos' location and personal metadata\n"
    "      --encoding NAME      the input's encoding when not UTF-8 (default windows-1252)\n"
    "      --max-field-size N   largest field in bytes (default 64 MiB)\n"
    "      --max-row-size N     largest row in bytes (default 64 MiB)\n"
    "      --strict             exit 3 when the report has errors\n"
    "      --dry-run            read and check everything, print the summary, write nothing\n"
    "      --no-xlsx            skip report.xlsx (the CSV files hold the same)\n"
    "  -q, --quiet              no summary on standard error\n"
    "\n"
    "sync and audit options (and every convert option):\n"
    "      --ecom FILE          the store's E-Series catalog export\n"
    "      --previous FILE      the POS export of the last sync (repeatable): finds deletions\n"
    "      --disable-deleted    sync: also make deleted products unavailable\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "pos2ecom: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'pos2ecom --help'.\n");
    return 1;
}

static int finish(p2e_status st, const p2e_err *err, int exit_code)
{
    if (st) {
        fprintf(stderr, "pos2ecom: %s\n", err->msg[0] ? err->msg : p2e_strerror(st));
        return p2e_status_exit_code(st);
    }
    return exit_code;
}

enum {
    OPT_OUTLET = 256,
    OPT_ALL_OUTLETS,
    OPT_WEIGHT_UNIT,
    OPT_DIMENSION_UNIT,
    OPT_UPC_FROM_SKU,
    OPT_ENCODING,
    OPT_MAX_FIELD,
    OPT_MAX_ROW,
    OPT_STRICT,
    OPT_DRY_RUN,
    OPT_NO_XLSX,
    OPT_ECOM,
    OPT_PREVIOUS,
    OPT_DISABLE_DELETED,
    OPT_IMAGES,
    OPT_IMAGE_BASE_URL,
    OPT_MAX_IMAGE_PX,
    OPT_KEEP_METADATA,
};

static const struct option convert_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"outlet", required_argument, NULL, OPT_OUTLET},
    {"all-outlets", no_argument, NULL, OPT_ALL_OUTLETS},
    {"weight-unit", required_argument, NULL, OPT_WEIGHT_UNIT},
    {"dimension-unit", required_argument, NULL, OPT_DIMENSION_UNIT},
    {"upc-from-sku", no_argument, NULL, OPT_UPC_FROM_SKU},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"max-field-size", required_argument, NULL, OPT_MAX_FIELD},
    {"max-row-size", required_argument, NULL, OPT_MAX_ROW},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"no-xlsx", no_argument, NULL, OPT_NO_XLSX},
    {"ecom", required_argument, NULL, OPT_ECOM},
    {"previous", required_argument, NULL, OPT_PREVIOUS},
    {"disable-deleted", no_argument, NULL, OPT_DISABLE_DELETED},
    {"images", required_argument, NULL, OPT_IMAGES},
    {"image-base-url", required_argument, NULL, OPT_IMAGE_BASE_URL},
    {"max-image-px", required_argument, NULL, OPT_MAX_IMAGE_PX},
    {"keep-metadata", no_argument, NULL, OPT_KEEP_METADATA},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || v == 0)
        return 0;
    *out = (size_t)v;
    return 1;
}

/* convert, sync (mode 1) and audit (mode 2) share their options. */
static int run_convert(int argc, char **argv, int mode)
{
    p2e_convert_opts o;
    memset(&o, 0, sizeof o);
    const char **outlets = calloc((size_t)argc, sizeof *outlets);
    const char **previous = calloc((size_t)argc, sizeof *previous);
    const char **images = calloc((size_t)argc, sizeof *images);
    if (!outlets || !previous || !images) {
        free(outlets);
        free(previous);
        free(images);
        return finish(P2E_ERR_NOMEM, &(p2e_err){"out of memory"}, 2);
    }
    o.outlets = outlets;
    o.previous = previous;
    o.image_dirs = images;
    int c, rc = -1;
    size_t px = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, "o:qh", convert_options, NULL)) != -1) {
        switch (c) {
        case 'o': o.out_dir = optarg; break;
        case OPT_OUTLET: outlets[o.noutlets++] = optarg; break;
        case OPT_ALL_OUTLETS: o.all_outlets = 1; break;
        case OPT_WEIGHT_UNIT: o.weight_unit = optarg; break;
        case OPT_DIMENSION_UNIT: o.dimension_unit = optarg; break;
        case OPT_UPC_FROM_SKU: o.upc_from_sku = 1; break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case OPT_MAX_FIELD:
            if (!parse_size(optarg, &o.max_field))
                rc = usage_error("--max-field-size needs a positive number of bytes, not '%s'", optarg);
            break;
        case OPT_MAX_ROW:
            if (!parse_size(optarg, &o.max_row))
                rc = usage_error("--max-row-size needs a positive number of bytes, not '%s'", optarg);
            break;
        case OPT_STRICT: o.strict = 1; break;
        case OPT_DRY_RUN: o.dry_run = 1; break;
        case OPT_NO_XLSX: o.no_xlsx = 1; break;
        case OPT_ECOM: o.ecom_path = optarg; break;
        case OPT_PREVIOUS: previous[o.nprevious++] = optarg; break;
        case OPT_DISABLE_DELETED: o.disable_deleted = 1; break;
        case OPT_IMAGES: images[o.nimage_dirs++] = optarg; break;
        case OPT_IMAGE_BASE_URL: o.image_base_url = optarg; break;
        case OPT_MAX_IMAGE_PX:
            if (!parse_size(optarg, &px) || px > 65535)
                rc = usage_error("--max-image-px needs a number of pixels from 1 to 65535, not '%s'", optarg);
            o.max_image_px = (uint32_t)px;
            break;
        case OPT_KEEP_METADATA: o.keep_metadata = 1; break;
        case 'q': o.quiet = 1; break;
        case 'h': fputs(usage_text, stdout); rc = 0; break;
        default: rc = usage_error("%s", "bad option (see --help)"); break;
        }
    }
    if (rc < 0 && optind >= argc)
        rc = usage_error("%s", "give at least one export file");
    if (rc < 0 && mode == 0 && (o.ecom_path || o.nprevious || o.disable_deleted))
        rc = usage_error("%s", "--ecom, --previous and --disable-deleted are for sync and audit");
    if (rc < 0) {
        o.inputs = (const char *const *)argv + optind;
        o.ninputs = (size_t)(argc - optind);
        p2e_err err = {{0}};
        int exit_code = 0;
        p2e_status st = mode == 0 ? p2e_command_convert(&o, stderr, &exit_code, &err)
                                  : p2e_command_sync(&o, mode == 2, stderr, &exit_code, &err);
        rc = finish(st, &err, exit_code);
    }
    free(outlets);
    free(previous);
    free(images);
    return rc;
}

static int run_outlets(int argc, char **argv)
{
    static const struct option opts[] = {
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *encoding = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == OPT_ENCODING)
            encoding = optarg;
        else if (c == 'h') {
            fputs(usage_text, stdout);
            return 0;
        } else
            return usage_error("%s", "bad option for outlets");
    }
    if (optind >= argc)
        return usage_error("%s", "outlets needs at least one export file");
    p2e_err err = {{0}};
    p2e_status st = p2e_command_outlets((const char *const *)argv + optind, (size_t)(argc - optind),
                                        encoding, stdout, stderr, &err);
    return finish(st, &err, 0);
}

int main(int argc, char **argv)
{
    /* a file-size limit must fail a write (EFBIG, reported), not kill us
     * before the temporary files are cleaned up */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2)
        return usage_error("%s", "missing command");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("pos2ecom %s\n", P2E_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "convert"))
        return run_convert(argc - 1, argv + 1, 0);
    if (!strcmp(cmd, "sync"))
        return run_convert(argc - 1, argv + 1, 1);
    if (!strcmp(cmd, "audit"))
        return run_convert(argc - 1, argv + 1, 2);
    if (!strcmp(cmd, "outlets"))
        return run_outlets(argc - 1, argv + 1);
    return usage_error("unknown command '%s'", cmd);
}
