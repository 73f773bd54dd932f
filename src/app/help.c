/*
 * The help and the man page, printed from the command line's table
 * (cli.c): the list of commands, each command's page (usage, options by
 * group, examples, the files it writes, its exit codes), and pos2ecom.1 in
 * mdoc. Also the edit distance behind "did you mean".
 */
#include "p2e_cli.h"

#include <stdlib.h>
#include <string.h>

#include "p2e_outputs.h"

size_t p2e_cli_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 60 || lb > 60)
        return 99;
    size_t d[61][61];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *p2e_cli_nearest(const char *word, const char *const *names, size_t n)
{
    size_t limit = strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = p2e_cli_distance(word, names[i]);
        /* a prefix that getopt found ambiguous is near every name it starts */
        if (strlen(word) > 3 && !strncmp(names[i], word, strlen(word)))
            d = 1;
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

/* "-o, --output DIR" */
static void spell(const p2e_cli_opt *o, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%c%s--%s%s%s", o->short_name ? "-" : "    ",
             o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->name,
             o->arg ? " " : "", o->arg ? o->arg : "");
    if (!o->short_name) /* align the long names */
        memmove(buf, buf + 1, strlen(buf));
}

/* The groups of a command's options, in the table's order. */
static size_t groups_of(unsigned bit, const char **groups, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p2e_cli_noptions; i++) {
        const p2e_cli_opt *o = &p2e_cli_options[i];
        if (!(o->cmds & bit))
            continue;
        size_t k = 0;
        while (k < n && strcmp(groups[k], o->group))
            k++;
        if (k == n && n < cap)
            groups[n++] = o->group;
    }
    return n;
}

void p2e_cli_help_all(FILE *out)
{
    fprintf(out, "usage: pos2ecom COMMAND [options] [EXPORT.csv ...]\n"
                 "       pos2ecom help COMMAND | COMMAND --help | --version\n\n"
                 "Turns Lightspeed X-Series POS product exports into Lightspeed eCom E-Series\n"
                 "import files, offline.\n\ncommands:\n");
    for (size_t i = 0; i < p2e_cli_ncommands; i++)
        fprintf(out, "  %-9s %s\n", p2e_cli_commands[i].name, p2e_cli_commands[i].summary);
    fprintf(out, "\nRun 'pos2ecom help COMMAND' for its options, examples, files and exit codes.\n");
}

/* Wrap `text` at 79 columns; the cursor is at column `col`, and the lines
 * after the first start after `indent` spaces. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
    int first = col > 0;
    while (*text) {
        size_t w = strcspn(text, " ");
        if (col > indent && col + 1 + (int)w > 79) {
            fputc('\n', out);
            col = 0;
        }
        if (!col)
            col = fprintf(out, "%*s", indent, "");
        else if (first)
            first = 0;
        else
            col += fprintf(out, " ");
        col += fprintf(out, "%.*s", (int)w, text);
        text += w;
        while (*text == ' ')
            text++;
    }
    if (col)
        fputc('\n', out);
}

void p2e_cli_help_cmd(const p2e_cli_cmd *c, FILE *out)
{
    fprintf(out, "usage: pos2ecom %s\n\n", c->usage);
    wrap(out, c->about, 0, 0);
    const char *groups[16];
    size_t ng = c->bit ? groups_of(c->bit, groups, 16) : 0;
    for (size_t g = 0; g < ng; g++) {
        fprintf(out, "\n%s:\n", groups[g]);
        for (size_t i = 0; i < p2e_cli_noptions; i++) {
            const p2e_cli_opt *o = &p2e_cli_options[i];
            if (!(o->cmds & c->bit) || strcmp(o->group, groups[g]))
                continue;
            char flag[64];
            spell(o, flag, sizeof flag);
            wrap(out, o->help, fprintf(out, "  %-26s ", flag), 29);
        }
    }
    fprintf(out, "\nexamples:\n");
    for (size_t i = 0; i < 3 && c->examples[i].text; i++)
        fprintf(out, "  %s\n      %s\n", c->examples[i].text, c->examples[i].comment);
    fprintf(out, "\nwrites:\n");
    if (c->writes) {
        const char *names[P2E_OUTPUTS_MAX], *conds[P2E_OUTPUTS_MAX];
        size_t n = p2e_outputs_list(c->writes, names, conds);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "  DIR/%s%s%s%s\n", names[i], strcmp(names[i], "images") ? "" : "/",
                    conds[i][0] ? "  " : "", conds[i]);
    }
    if (c->writes_note)
        fprintf(out, "  %s\n", c->writes_note);
    fprintf(out, "\nexit codes:\n");
    for (const char *p = c->exit_codes; *p;) {
        char *end;
        long code = strtol(p, &end, 10);
        wrap(out, p2e_cli_exit_meaning((int)code), fprintf(out, "  %-4ld ", code), 7);
        p = end;
        while (*p == ' ')
            p++;
    }
}

/* Text for mdoc: a line that would start with '.' or '\'' is guarded, a
 * backslash doubled. */
static void roff(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else
            fputc(*s, out);
    }
}

static void man_command(const p2e_cli_cmd *c, FILE *out)
{
    fprintf(out, ".Ss %s\n.Nm\n.Cm ", c->name);
    roff(out, c->usage);
    fputs("\n.Pp\n", out);
    roff(out, c->about);
    fputc('\n', out);
    const char *groups[16];
    size_t ng = c->bit ? groups_of(c->bit, groups, 16) : 0;
    for (size_t g = 0; g < ng; g++) {
        fprintf(out, ".Pp\n%s:\n.Bl -tag -width Ds\n", groups[g]);
        for (size_t i = 0; i < p2e_cli_noptions; i++) {
            const p2e_cli_opt *o = &p2e_cli_options[i];
            if (!(o->cmds & c->bit) || strcmp(o->group, groups[g]))
                continue;
            fputs(".It", out);
            if (o->short_name)
                fprintf(out, " Fl %c%s%s Ns , ", o->short_name, o->arg ? " Ar " : "",
                        o->arg ? o->arg : "");
            fprintf(out, " Fl \\-%s%s%s\n", o->name, o->arg ? " Ar " : "", o->arg ? o->arg : "");
            roff(out, o->help);
            fputc('\n', out);
        }
        fputs(".El\n", out);
    }
}

void p2e_cli_man(FILE *out)
{
    fprintf(out, ".Dd $Mdocdate$\n.Dt POS2ECOM 1\n.Os\n.Sh NAME\n.Nm pos2ecom\n"
                 ".Nd convert Lightspeed X-Series product exports to eCom E-Series imports\n"
                 ".Sh SYNOPSIS\n");
    for (size_t i = 0; i < p2e_cli_ncommands; i++) {
        fprintf(out, ".Nm\n.Cm ");
        roff(out, p2e_cli_commands[i].usage);
        fputc('\n', out);
    }
    fprintf(out, ".Sh DESCRIPTION\n"
                 ".Nm\nreads the product export of a Lightspeed Retail X-Series point of sale\n"
                 "and writes files that Lightspeed eCom E-Series imports, offline.\n"
                 "An export named\n.Ar -\nis read from standard input.\n");
    for (size_t i = 0; i < p2e_cli_ncommands; i++)
        man_command(&p2e_cli_commands[i], out);
    fprintf(out, ".Sh FILES\nInto the output folder\n.Ar DIR :\n.Bl -tag -width Ds\n");
    const char *names[P2E_OUTPUTS_MAX], *conds[P2E_OUTPUTS_MAX];
    size_t n = p2e_outputs_list(P2E_RUN_CONVERT | P2E_RUN_SYNC | P2E_RUN_AUDIT, names, conds);
    for (size_t i = 0; i < n; i++)
        fprintf(out, ".It Pa %s\n%s%s\n", names[i], conds[i][0] ? conds[i] : "always",
                strstr(names[i], "ecom-update") || strstr(names[i], "delete") ? " (sync)"
                : strstr(names[i], "drift") ? " (sync and audit)" : "");
    fprintf(out, ".El\n.Sh ENVIRONMENT\n.Bl -tag -width Ds\n"
                 ".It Ev TMPDIR\nwhere standard input and a dry-run sync's scratch files go\n"
                 ".It Ev SOURCE_DATE_EPOCH\nthe creation time written into report.xlsx, and the time in the "
                 "name of a new manual-fields file written beside one you edited\n"
                 ".It Ev P2E_SERIAL\n1 keeps a run on one core\n"
                 ".It Ev P2E_PROFILE\n1 prints each phase's wall and CPU time on standard error\n"
                 ".El\n.Sh EXIT STATUS\n"
                 ".Bl -tag -width Ds\n");
    static const int codes[] = {0, 1, 2, 3, 130};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        fprintf(out, ".It %d\n", codes[i]);
        roff(out, p2e_cli_exit_meaning(codes[i]));
        fputc('\n', out);
    }
    fprintf(out, ".El\n.Sh EXAMPLES\n");
    for (size_t i = 0; i < p2e_cli_ncommands; i++)
        for (size_t k = 0; k < 3 && p2e_cli_commands[i].examples[k].text; k++) {
            fputs(".Pp\n", out);
            roff(out, p2e_cli_commands[i].examples[k].comment);
            fputs(":\n.Bd -literal -offset indent\n", out);
            roff(out, p2e_cli_commands[i].examples[k].text);
            fputs("\n.Ed\n", out);
        }
}
