#include "p2e_xlsxdate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ECMA-376 part 1, 18.8.30: the built-in formats that show dates and times. */
static p2e_xf_kind builtin_kind(unsigned id)
{
    if (id >= 14 && id <= 17)
        return P2E_XF_DATE;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
        return P2E_XF_TIME;
    return id == 22 ? P2E_XF_DATETIME : P2E_XF_NUMBER;
}

p2e_xf_kind p2e_xlsx_fmt_kind(unsigned id, const char *code)
{
    if (!code)
        return builtin_kind(id);
    int date = 0, time = 0, month_or_minute = 0;
    for (const char *p = code; *p && *p != ';'; p++) {
        char ch = (char)(*p | 0x20);
        if (*p == '"') { /* quoted text: "days" is not a format */
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (*p == '\\' || *p == '_' || *p == '*') { /* the next character is literal */
            if (!p[1])
                break;
            p++;
        } else if (*p == '[') { /* [Red], [$-409], [>100]: not letters; [h] [mm] [ss] are */
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            char e = (char)(p[1] | 0x20);
            if (e == 'h' || e == 'm' || e == 's')
                return P2E_XF_ELAPSED;
            p = q;
        } else if (ch == 'y' || ch == 'd') {
            date = 1;
        } else if (ch == 'h' || ch == 's') {
            time = 1;
        } else if (ch == 'm') {
            month_or_minute = 1;
        } else if (*p == '@') {
            return P2E_XF_NUMBER; /* a text format */
        } else if (ch == 'e' && p[1] && (p[1] == '+' || p[1] == '-')) {
            return P2E_XF_NUMBER; /* 0.00E+00: scientific, not a year */
        }
    }
    if (!date && !time)
        date = month_or_minute; /* mmm-yy has y; "mm" alone is a month */
    return date && time ? P2E_XF_DATETIME : date ? P2E_XF_DATE
                                        : time ? P2E_XF_TIME : P2E_XF_NUMBER;
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's days_from_civil, inverted). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)yoe + era * 400 + (*m <= 2);
}

size_t p2e_xlsx_date_text(double s, p2e_xf_kind kind, int date1904, char *out, size_t cap)
{
    if (!isfinite(s) || s < 0 || s >= 2958466.0 || kind == P2E_XF_NUMBER)
        return 0;
    /* to the nearest second, as Excel shows a time */
    long long secs = llround(s * 86400.0);
    long days = (long)(secs / 86400);
    long t = (long)(secs % 86400);
    if (kind == P2E_XF_ELAPSED) {
        int n = snprintf(out, cap, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
        return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
    }
    int has_time = kind != P2E_XF_DATE || t != 0;
    int has_date = kind != P2E_XF_TIME;
    long y;
    unsigned m, d;
    if (date1904) {
        civil(days - 24107, &y, &m, &d); /* 1904-01-01 is 24107 days before 1970 */
    } else if (days == 60) {
        y = 1900, m = 2, d = 29; /* Excel's leap day that never was */
    } else {
        /* serial 1 is 1900-01-01, 61 is 1900-03-01: 1899-12-31 or -30 as day 0 */
        civil(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
    }
    int n;
    if (has_date && has_time)
        n = snprintf(out, cap, "%04ld-%02u-%02u %02ld:%02ld:%02ld", y, m, d, t / 3600,
                     t / 60 % 60, t % 60);
    else if (has_date)
        n = snprintf(out, cap, "%04ld-%02u-%02u", y, m, d);
    else
        n = snprintf(out, cap, "%02ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
