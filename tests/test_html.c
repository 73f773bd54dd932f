/*
 * test_html.c - the escaping of report.html (p2e_html_esc.h): text and
 * attributes, relative URLs, fragments; and a fuzz-style property test:
 * random strings built from hostile pieces (<script>, "onerror=,
 * javascript:, </textarea>, broken UTF-8, controls) always come out as
 * valid UTF-8 with no character that could end a text node or an
 * attribute, and URLs that cannot carry a scheme. The browser side of the
 * same claim is tests/html.sh (hostile values as text in Chromium's DOM).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "p2e_html_esc.h"
#include "testutil.h"

static char *esc_text(const char *s, size_t len)
{
    p2e_buf b = {0};
    assert_int_equal(p2e_html_text(&b, s, len), P2E_OK);
    assert_int_equal(p2e_buf_putc(&b, 0), P2E_OK);
    return b.data;
}

static char *esc_url(const char *s, int fragment)
{
    p2e_buf b = {0};
    assert_int_equal(fragment ? p2e_html_fragment(&b, s) : p2e_html_url(&b, s), P2E_OK);
    assert_int_equal(p2e_buf_putc(&b, 0), P2E_OK);
    return b.data ? b.data : strdup("");
}

#define TEXT_IS(in, want)                                                     \
    do {                                                                      \
        char *got = esc_text((in), sizeof(in) - 1);                           \
        assert_string_equal(got, (want));                                     \
        free(got);                                                            \
    } while (0)

static void test_text_escapes_markup(void **state)
{
    (void)state;
    TEXT_IS("plain café", "plain café");
    TEXT_IS("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    TEXT_IS("x\"onerror=alert(1)", "x&quot;onerror=alert(1)");
    TEXT_IS("' onmouseover='a", "&#39; onmouseover=&#39;a");
    TEXT_IS("</textarea>&amp;", "&lt;/textarea&gt;&amp;amp;");
    TEXT_IS("tab\tline\nend\r", "tab\tline\nend\r");
}

/* Broken UTF-8 and controls become U+FFFD, one per byte. */
static void test_text_cleans_bytes(void **state)
{
    (void)state;
    TEXT_IS("caf\xE9", "caf\xEF\xBF\xBD");                      /* Latin-1 é */
    TEXT_IS("\xC3", "\xEF\xBF\xBD");                            /* cut sequence */
    TEXT_IS("\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");            /* overlong '/' */
    TEXT_IS("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
    TEXT_IS("\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* > U+10FFFF */
    TEXT_IS("a\x01" "b\x7F", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    TEXT_IS("\xF0\x9F\x8D\x95", "\xF0\x9F\x8D\x95");            /* 🍕 stays */
    char *got = esc_text("a\0b", 3);                             /* NUL */
    assert_string_equal(got, "a\xEF\xBF\xBD" "b");
    free(got);
}

static void test_url_relative_only(void **state)
{
    (void)state;
    struct {
        const char *in, *want;
    } cases[] = {
        {"RL-BTL-32.jpg", "RL-BTL-32.jpg"},
        {"a b/c.jpg", "a%20b/c.jpg"},
        {"javascript:alert(1)", "javascript%3Aalert%281%29"},
        {"/etc/passwd", "%2Fetc/passwd"},
        {"//evil.example/x", "%2F/evil.example/x"},
        {"../up.jpg", "%2E./up.jpg"},
        {"x\"onerror=alert(1).jpg", "x%22onerror%3Dalert%281%29.jpg"},
        {"caf\xC3\xA9.png", "caf%C3%A9.png"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = esc_url(cases[i].in, 0);
        assert_string_equal(got, cases[i].want);
        free(got);
    }
    char *got = esc_url("a/b c", 1); /* a fragment keeps no '/' either */
    assert_string_equal(got, "a%2Fb%20c");
    free(got);
}

/* Is s valid UTF-8 (strict)? An independent check: a decoder of its own. */
static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i], need, cp, min;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) need = 1, cp = c & 0x1F, min = 0x80;
        else if ((c & 0xF0) == 0xE0) need = 2, cp = c & 0x0F, min = 0x800;
        else if ((c & 0xF8) == 0xF0) need = 3, cp = c & 0x07, min = 0x10000;
        else return 0;
        for (unsigned k = 1; k <= need; k++) {
            if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += need + 1;
    }
    return 1;
}

static const char *const pieces[] = {
    "<script>", "</script>", "\"onerror=alert(1)", "'", "javascript:", "</textarea>",
    "<img src=x>", "&", "&amp;", "&#0;", "\xFF", "\xC3", "\xE2\x82", "\xED\xA0\x80", "\x01", "\x7F",
    "caf\xC3\xA9", "\xF0\x9F\x8D\x95", " ", "/", "..", "%", "#", "?", "=", ">", "<!--", "]]>",
    "\n", "\t", "\\", "`", "data:text/html,",
};

static void test_fuzz_hostile_values(void **state)
{
    (void)state;
    srand(16);
    char in[512];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        int n = rand() % 12;
        for (int k = 0; k < n; k++) {
            const char *p = pieces[rand() % (int)(sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (len + pl >= sizeof in)
                break;
            memcpy(in + len, p, pl);
            len += pl;
        }
        in[len] = 0;
        char *t = esc_text(in, len);
        size_t tl = strlen(t);
        assert_true(valid_utf8((const unsigned char *)t, tl));
        /* nothing that ends a text node or a quoted attribute, no NUL or control */
        assert_null(strpbrk(t, "<>\"'"));
        for (size_t i = 0; i < tl; i++) {
            unsigned char c = (unsigned char)t[i];
            assert_true(c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
            assert_true(c != 0x7F);
            if (c == '&') /* only the references the escaper writes */
                assert_true(!strncmp(t + i, "&amp;", 5) || !strncmp(t + i, "&lt;", 4) ||
                            !strncmp(t + i, "&gt;", 4) || !strncmp(t + i, "&quot;", 6) ||
                            !strncmp(t + i, "&#39;", 5));
        }
        free(t);
        char *u = esc_url(in, 0);
        /* only unreserved bytes, '%' escapes and inner '/': no scheme, no host */
        for (size_t i = 0; u[i]; i++)
            assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%/",
                                   u[i]));
        assert_true(u[0] != '/' && u[0] != '.');
        free(u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_escapes_markup),
        cmocka_unit_test(test_text_cleans_bytes),
        cmocka_unit_test(test_url_relative_only),
        cmocka_unit_test(test_fuzz_hostile_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
