/*
 * test_cli: the command line's table (src/app/cli.c) and the README cannot
 * drift apart. Each command's README heading is its usage; its README
 * section names every option it takes (sync and audit may leave the convert
 * options to convert's section, which they point to) and no option it does
 * not take; its help names every option and exit code; the exit codes'
 * meanings are the README's. And the edit distance behind "did you mean".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "p2e_cli.h"
#include "testutil.h"

static char readme[1 << 20];

static int setup(void **state)
{
    (void)state;
    FILE *fp = fopen("README.md", "rb");
    if (!fp)
        return -1;
    size_t n = fread(readme, 1, sizeof readme - 1, fp);
    fclose(fp);
    readme[n] = '\0';
    return 0;
}

/* The README section of a command, from its heading to the next heading,
 * copied into buf. */
static const char *section(const p2e_cli_cmd *c, char *buf, size_t cap)
{
    char heading[512];
    snprintf(heading, sizeof heading, "\n### `pos2ecom %s`\n", c->usage);
    const char *p = strstr(readme, heading);
    if (!p) {
        fail_msg("README.md has no heading %s", heading + 1);
        buf[0] = '\0';
        return buf;
    }
    /* the section runs to the next heading of its level or above (a
     * "#### subsection" stays inside it) */
    const char *end = p + 1;
    while ((end = strstr(end, "\n#")) != NULL && strspn(end + 1, "#") > 3)
        end++;
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

/* `text` names "`--name" or "`-x, --name" (as the option tables do). */
static int names_option(const char *text, const char *name)
{
    char want[80];
    snprintf(want, sizeof want, "--%s", name);
    size_t n = strlen(want);
    for (const char *p = strstr(text, want); p; p = strstr(p + 1, want)) {
        char after = p[n];
        if (after != '-' && (after < 'a' || after > 'z'))
            return 1;
    }
    return 0;
}

static const p2e_cli_opt *option_named(const char *name, size_t len)
{
    for (size_t i = 0; i < p2e_cli_noptions; i++)
        if (strlen(p2e_cli_options[i].name) == len && !strncmp(p2e_cli_options[i].name, name, len))
            return &p2e_cli_options[i];
    return NULL;
}

static void test_readme_names_every_option(void **state)
{
    (void)state;
    static char sec[65536], conv[65536];
    section(p2e_cli_find("convert"), conv, sizeof conv);
    for (size_t i = 0; i < p2e_cli_ncommands; i++) {
        const p2e_cli_cmd *c = &p2e_cli_commands[i];
        section(c, sec, sizeof sec);
        for (size_t k = 0; k < p2e_cli_noptions; k++) {
            const p2e_cli_opt *o = &p2e_cli_options[k];
            if (!(o->cmds & c->bit) || !strcmp(o->name, "help"))
                continue;
            int inherited = c->bit != P2E_CLI_CONVERT && (o->cmds & P2E_CLI_CONVERT);
            if (!names_option(sec, o->name) && !(inherited && names_option(conv, o->name)))
                fail_msg("README section of %s does not name --%s", c->name, o->name);
        }
        /* every `--option in the section is one the command takes */
        for (const char *p = strstr(sec, "`--"); p; p = strstr(p + 1, "`--")) {
            size_t len = strspn(p + 3, "abcdefghijklmnopqrstuvwxyz-");
            const p2e_cli_opt *o = option_named(p + 3, len);
            if (c->bit && (!o || !(o->cmds & c->bit)))
                fail_msg("README section of %s names --%.*s, which %s does not take", c->name,
                         (int)len, p + 3, c->name);
        }
    }
}

static char *help_of(const p2e_cli_cmd *c)
{
    static char *buf;
    size_t len;
    free(buf);
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    p2e_cli_help_cmd(c, fp);
    fclose(fp);
    return buf;
}

static void test_help_names_options_and_exit_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < p2e_cli_ncommands; i++) {
        const p2e_cli_cmd *c = &p2e_cli_commands[i];
        const char *h = help_of(c);
        char want[512];
        snprintf(want, sizeof want, "usage: pos2ecom %s\n", c->usage);
        assert_non_null(strstr(h, want));
        for (size_t k = 0; k < p2e_cli_noptions; k++)
            if ((p2e_cli_options[k].cmds & c->bit) && !names_option(h, p2e_cli_options[k].name))
                fail_msg("help of %s does not name --%s", c->name, p2e_cli_options[k].name);
        assert_non_null(strstr(h, "\nexamples:\n  pos2ecom "));
        assert_non_null(strstr(h, "\nwrites:\n"));
        assert_non_null(strstr(h, "\nexit codes:\n  0    success"));
        for (const char *p = c->exit_codes; *p;) {
            char *end;
            long code = strtol(p, &end, 10);
            snprintf(want, sizeof want, "\n  %-4ld ", code);
            if (!strstr(h, want))
                fail_msg("help of %s lacks exit code %ld", c->name, code);
            /* the README's table has a row for it */
            snprintf(want, sizeof want, "\n| %ld", code);
            if (!strstr(readme, want))
                fail_msg("README's exit codes have no row for %ld", code);
            p = end + strspn(end, " ");
        }
    }
    /* convert writes the import, sync the update, audit only the drift */
    assert_non_null(strstr(help_of(p2e_cli_find("convert")), "DIR/ecom-import.csv\n"));
    assert_non_null(strstr(help_of(p2e_cli_find("sync")), "DIR/ecom-update.csv\n"));
    const char *audit = help_of(p2e_cli_find("audit"));
    assert_non_null(strstr(audit, "DIR/drift.csv\n"));
    assert_null(strstr(audit, "DIR/ecom-"));
}

/* The meanings of 0, 1 and 3 are the README's words (2 is shortened). */
static void test_exit_meanings_match_readme(void **state)
{
    (void)state;
    static const int codes[] = {0, 1, 3};
    for (size_t i = 0; i < 3; i++) {
        char row[512], plain[512];
        size_t k = 0;
        for (const char *p = p2e_cli_exit_meaning(codes[i]); *p && k < 500; p++)
            plain[k++] = *p;
        plain[k] = '\0';
        snprintf(row, sizeof row, "\n| %d | ", codes[i]);
        const char *r = strstr(readme, row);
        assert_non_null(r);
        r += strlen(row);
        /* the README's row without its backticks */
        char got[512];
        k = 0;
        for (; *r && *r != '\n' && k < 500; r++)
            if (*r != '`')
                got[k++] = *r;
        while (k && (got[k - 1] == ' ' || got[k - 1] == '|'))
            k--;
        got[k] = '\0';
        assert_string_equal(plain, got);
    }
}

/* Within a command no two options share a name or a letter. */
static void test_option_names_unique(void **state)
{
    (void)state;
    for (size_t i = 0; i < p2e_cli_noptions; i++)
        for (size_t k = i + 1; k < p2e_cli_noptions; k++) {
            const p2e_cli_opt *a = &p2e_cli_options[i], *b = &p2e_cli_options[k];
            if (!(a->cmds & b->cmds))
                continue;
            assert_string_not_equal(a->name, b->name);
            assert_true(!a->short_name || a->short_name != b->short_name);
            assert_true(a->id != b->id);
        }
}

/* Distances worked out by hand: one insertion, one deletion, one swap. */
static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(p2e_cli_distance("conver", "convert"), 1);
    assert_int_equal(p2e_cli_distance("--outlt", "--outlet"), 1);
    assert_int_equal(p2e_cli_distance("cnovert", "convert"), 1);
    assert_int_equal(p2e_cli_distance("sync", "audit"), 5);
    assert_int_equal(p2e_cli_distance("", "abc"), 3);
    assert_int_equal(p2e_cli_distance("kitten", "sitting"), 3);
    const char *cmds[] = {"convert", "sync", "audit", "outlets", "help"};
    assert_string_equal(p2e_cli_nearest("sycn", cmds, 5), "sync");
    assert_string_equal(p2e_cli_nearest("outlet", cmds, 5), "outlets");
    assert_string_equal(p2e_cli_nearest("adit", cmds, 5), "audit");
    assert_null(p2e_cli_nearest("frobnicate", cmds, 5));
    const char *opts[] = {"--outlet", "--all-outlets", "--output", "--images", "--image-base-url"};
    assert_string_equal(p2e_cli_nearest("--imagse", opts, 5), "--images");
    assert_string_equal(p2e_cli_nearest("--all-outlet", opts, 5), "--all-outlets");
    assert_null(p2e_cli_nearest("--bogus", opts, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readme_names_every_option),
        cmocka_unit_test(test_help_names_options_and_exit_codes),
        cmocka_unit_test(test_exit_meanings_match_readme),
        cmocka_unit_test(test_option_names_unique),
        cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
