/*
 * p2e_html_esc.h - values from an export made safe for each place of an
 * HTML page: text and quoted attribute values (every & < > " ' as a
 * character reference), relative URLs (every byte outside the unreserved
 * set percent-encoded, so no scheme such as javascript: can form) and
 * fragments (#sku). Every writer of report.html goes through these: no
 * value from an export reaches the page any other way.
 *
 * Text is also made valid UTF-8 on the way: a byte that does not belong to
 * a valid sequence, and a control character other than TAB, LF and CR,
 * becomes U+FFFD, so the page parses the same in every browser.
 *
 * Ownership: the functions append to a buffer the caller owns.
 */
#ifndef P2E_HTML_ESC_H
#define P2E_HTML_ESC_H

#include <stddef.h>

#include "p2e_buf.h"
#include "p2e_status.h"

/* s[0..len) as text or as the value of a double-quoted attribute (the same
 * escaping serves both). */
p2e_status p2e_html_text(p2e_buf *b, const char *s, size_t len) P2E_MUST_CHECK;
p2e_status p2e_html_cstr(p2e_buf *b, const char *s) P2E_MUST_CHECK;

/* A relative URL (a path under the page's folder, '/' between segments):
 * each byte but A-Z a-z 0-9 - . _ ~ and an inner '/' percent-encoded. A
 * leading '/' or '.' is encoded too, so the URL never leaves the folder
 * by an absolute path and never starts a scheme or a network path. */
p2e_status p2e_html_url(p2e_buf *b, const char *path) P2E_MUST_CHECK;

/* A fragment identifier for href="#...": the id's bytes, percent-encoded
 * as a URL; the browser decodes them before matching the id. */
p2e_status p2e_html_fragment(p2e_buf *b, const char *id) P2E_MUST_CHECK;

/* Lower-case ASCII letters of s, escaped as text: a search key. */
p2e_status p2e_html_lower(p2e_buf *b, const char *s) P2E_MUST_CHECK;

#endif
