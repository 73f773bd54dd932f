#include "p2e_command.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "p2e_catalog.h"
#include "p2e_decimal.h"
#include "p2e_ecom.h"
#include "p2e_reader.h"
#include "p2e_report.h"
#include "p2e_rules.h"
#include "p2e_units.h"

/* mkdir -p: create dir and its missing parents. */
static p2e_status make_dir(const char *dir, p2e_err *err)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return p2e_fail(err, P2E_ERR_WRITE, "bad output directory '%s'", dir);
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char c = path[i];
        path[i] = '\0';
        struct stat sb;
        if (stat(path, &sb) != 0) {
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create directory: %s", path,
                                strerror(errno));
        } else if (!S_ISDIR(sb.st_mode)) {
            return p2e_fail(err, P2E_ERR_WRITE, "%s: exists and is not a directory", path);
        }
        path[i] = c;
    }
    return P2E_OK;
}

static p2e_status read_opts(const p2e_convert_opts *o, p2e_read_opts *ro, p2e_err *err)
{
    memset(ro, 0, sizeof *ro);
    ro->encoding = o->encoding;
    ro->upc_from_sku = o->upc_from_sku;
    ro->max_field = o->max_field ? o->max_field : P2E_DEFAULT_MAX_FIELD;
    ro->weight_unit = p2e_unit_find(o->weight_unit ? o->weight_unit : "kg", P2E_UNIT_WEIGHT);
    ro->dimension_unit = p2e_unit_find(o->dimension_unit ? o->dimension_unit : "cm", P2E_UNIT_LENGTH);
    if (!ro->weight_unit)
        return p2e_fail(err, P2E_ERR_USAGE, "--weight-unit must be kg, g, lb or oz, not '%s'", o->weight_unit);
    if (!ro->dimension_unit)
        return p2e_fail(err, P2E_ERR_USAGE, "--dimension-unit must be cm, mm, m or in, not '%s'",
                        o->dimension_unit);
    return P2E_OK;
}

static void print_summary(FILE *msg, const p2e_reader *rd, const p2e_catalog *cat,
                          const p2e_report *rep, const p2e_accounting *a, const char *dir)
{
    size_t per_code[P2E_CODE_COUNT], per_sev[3], families = 0;
    p2e_report_count(rep, per_code, per_sev);
    for (size_t i = 0; i < cat->nfamilies; i++)
        families += cat->families[i].written;
    fprintf(msg, "pos2ecom: read %zu rows from %zu file(s)", a->read, rd->nfiles);
    if (a->blank)
        fprintf(msg, " (and skipped %zu empty rows)", a->blank);
    fprintf(msg, "\n  written: %zu rows as %zu products\n  attached: %zu composite component rows\n"
                 "  not written: %zu rows\n",
            a->written, families, a->attached, a->not_written_total);
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (a->not_written[k])
            fprintf(msg, "    %-28s %zu\n", p2e_code_name((p2e_code)k), a->not_written[k]);
    fprintf(msg, "  outlets summed:");
    for (size_t i = 0; i < rd->outlets.count; i++) {
        char name[512];
        if (!rd->outlets.items[i].selected)
            continue;
        p2e_outlet_display_name(rd->outlets.items[i].key, name, sizeof name);
        fprintf(msg, " '%s'", name);
    }
    fprintf(msg, "%s\n  findings: %zu errors, %zu warnings, %zu info\n",
            rd->outlets.nselected ? "" : " (none)", per_sev[P2E_SEV_ERROR],
            per_sev[P2E_SEV_WARNING], per_sev[P2E_SEV_INFO]);
    for (int k = 0; k < P2E_CODE_COUNT; k++)
        if (per_code[k])
            fprintf(msg, "    %-28s %-8s %zu\n", p2e_code_name((p2e_code)k),
                    p2e_severity_name(p2e_code_severity((p2e_code)k)), per_code[k]);
    fprintf(msg, "  files: %s/ecom-import.csv, %s/exceptions.csv\n", dir, dir);
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

static p2e_status write_outputs(p2e_reader *rd, p2e_catalog *cat, p2e_report *rep, const char *dir,
                                p2e_err *err)
{
    const char *names[rd->nfiles ? rd->nfiles : 1];
    for (size_t i = 0; i < rd->nfiles; i++)
        names[i] = rd->files[i].base;
    p2e_status st = make_dir(dir, err);
    if (!st)
        st = p2e_ecom_write_import(cat, dir, err);
    if (!st)
        st = p2e_report_write_exceptions(rep, names, dir, err);
    return st;
}

p2e_status p2e_command_convert(const p2e_convert_opts *o, FILE *msg, int *exit_code, p2e_err *err)
{
    p2e_read_opts ro;
    p2e_reader rd;
    p2e_catalog cat;
    p2e_report rep;
    p2e_accounting acc;
    const char *dir = o->out_dir ? o->out_dir : P2E_DEFAULT_OUT_DIR;
    *exit_code = 0;
    p2e_status st = read_opts(o, &ro, err);
    if (st)
        return st;
    p2e_reader_init(&rd);
    if (p2e_catalog_init(&cat) || p2e_report_init(&rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = p2e_reader_scan(&rd, o->inputs, o->ninputs, &ro, &rep, err);
    if (!st)
        st = p2e_outlet_set_select(&rd.outlets, o->outlets, o->noutlets, o->all_outlets, err);
    if (!st)
        st = p2e_reader_load(&rd, &cat, &ro, &rep, err);
    if (!st)
        st = p2e_rules_apply(&cat, &rep, err);
    if (!st && p2e_report_sort(&rep))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st) {
        p2e_catalog_account(&cat, &acc);
        st = check_accounting(&acc, err);
    }
    if (!st)
        st = write_outputs(&rd, &cat, &rep, dir, err);
    if (!st) {
        size_t per_code[P2E_CODE_COUNT], per_sev[3];
        p2e_report_count(&rep, per_code, per_sev);
        if (!o->quiet)
            print_summary(msg, &rd, &cat, &rep, &acc, dir);
        if (o->strict && per_sev[P2E_SEV_ERROR])
            *exit_code = 3;
    }
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    return st;
}

p2e_status p2e_command_outlets(const char *const *inputs, size_t ninputs, const char *encoding,
                               FILE *out, p2e_err *err)
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
    }
    p2e_report_free(&rep);
    p2e_catalog_free(&cat);
    p2e_reader_free(&rd);
    return st;
}
