/*
 * test_docs: the README documents every finding code (its table is where a
 * merchant looks a code up) with the very action text the program prints in
 * todo.csv and exceptions.csv, and the codes are stable UPPER_SNAKE names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "p2e_report.h"
#include "testutil.h"

static char *read_readme(void)
{
    FILE *fp = fopen("README.md", "rb");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    return buf;
}

/* The code starts a row of a table, alone or in a list: "| CODE |" or
 * "| CODE, OTHER |" or "| OTHER, CODE |". */
static int documented(const char *readme, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = strstr(readme, code); p; p = strstr(p + 1, code)) {
        char before = p == readme ? '\n' : p[-1];
        char after = p[n];
        if ((before == ' ' || before == '|') && (after == ' ' || after == ',' || after == '|')) {
            const char *line = p;
            while (line > readme && line[-1] != '\n')
                line--;
            if (*line == '|')
                return 1;
        }
    }
    return 0;
}

static void test_every_code_documented(void **state)
{
    (void)state;
    const char *readme = read_readme();
    for (int k = 0; k < P2E_CODE_COUNT; k++) {
        const char *code = p2e_code_name((p2e_code)k);
        if (!documented(readme, code))
            fail_msg("README.md has no table row for finding code %s", code);
    }
}

/* The last cell of the code's README row ("| code | severity | meaning |
 * what to do |") is the program's action text, word for word. */
static void test_actions_match_readme(void **state)
{
    (void)state;
    const char *readme = read_readme();
    for (int k = 0; k < P2E_CODE_COUNT; k++) {
        const char *code = p2e_code_name((p2e_code)k);
        const char *action = p2e_code_action((p2e_code)k);
        char want[1024];
        snprintf(want, sizeof want, "| %s |\n", action);
        int found = 0;
        for (const char *p = strstr(readme, code); p && !found; p = strstr(p + 1, code)) {
            const char *line = p;
            while (line > readme && line[-1] != '\n')
                line--;
            const char *end = strchr(p, '\n');
            size_t wn = strlen(want);
            if (*line == '|' && end && (size_t)(end + 1 - line) >= wn &&
                !strncmp(end + 1 - wn, want, wn))
                found = 1;
        }
        if (!found)
            fail_msg("README.md's row for %s does not end with its action \"%s\"", code, action);
    }
}

static void test_codes_are_upper_snake(void **state)
{
    (void)state;
    for (int k = 0; k < P2E_CODE_COUNT; k++) {
        const char *code = p2e_code_name((p2e_code)k);
        assert_true(strlen(code) > 3);
        for (const char *p = code; *p; p++)
            assert_true((*p >= 'A' && *p <= 'Z') || *p == '_' || (*p >= '0' && *p <= '9'));
        assert_true(strlen(p2e_code_message((p2e_code)k)) > 10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_documented),
        cmocka_unit_test(test_actions_match_readme),
        cmocka_unit_test(test_codes_are_upper_snake),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
