#include "p2e_xlsxread.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minizip/unzip.h>

#include "p2e_buf.h"
#include "p2e_xlsxdate.h"

#define XML_CHUNK (64 * 1024)
#define MAX_COLS 16384                     /* Excel's last column, XFD */
#define MAX_SHARED ((size_t)1 << 30)       /* bytes of shared strings held */
#define NO_CELL ((size_t)-1)
#define MAX_XF 65536                       /* cell formats held (Excel's limit: 64,000) */

struct p2e_xlsx {
    const char *path;
    p2e_xlsx_opts opts;
    unzFile zf;
    char *sheet;                  /* the chosen sheet's name */
    p2e_buf sheets;               /* every sheet's name, quoted, for a message */
    size_t nsheets;
    char *sheet_rid;              /* its relationship id */
    char *sheet_part;             /* its part in the zip */
    char *sst_part;               /* the shared strings' part, or NULL */
    char *styles_part;            /* the styles' part, or NULL */
    int date1904;                 /* workbookPr date1904: the 1904 date system */
    unsigned char *xf_kind;       /* per cell format (the s attribute): a p2e_xf_kind */
    size_t nxf, xf_cap;
    p2e_buf sst;                  /* every shared string, each NUL-terminated */
    size_t *sst_off;              /* where string i starts in sst */
    size_t nsst, sst_cap;
};

/* ---- one XML part, streamed ------------------------------------------ */

typedef enum { PART_WORKBOOK, PART_RELS, PART_SST, PART_STYLES, PART_SHEET } part_kind;

typedef struct {
    p2e_xlsx *x;
    part_kind kind;
    XML_Parser parser;
    p2e_status st;
    p2e_err *err;
    p2e_buf names;                /* workbook: the sheets' names, for a message */
    /* text being collected: a shared string, a cell's value */
    p2e_buf text;
    int collect, rph, in_si, in_c, in_is;
    /* sheet */
    char type[12];                /* the cell's t attribute */
    p2e_xf_kind date;             /* what the cell's format shows */
    /* styles: the custom number formats that show dates, then cellXfs */
    unsigned *fmt_id;
    unsigned char *fmt_kind;
    size_t nfmt, fmt_cap, fmt_cap2;
    int in_xfs;
    long col, last_col;
    unsigned long rownum;
    p2e_buf rowbuf;               /* the row's cells, each NUL-terminated */
    size_t *off, *len;            /* per column: where its text is in rowbuf */
    size_t cols_cap;
    long maxcol;
    const char **cellp;
    size_t *cell_len;
    size_t cellp_cap, width;
    p2e_row_fn fn;
    void *fn_ctx;
} pctx;

static const char *local_name(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local_name(atts[i]), name))
            return atts[i + 1];
    return NULL;
}

static void stop(pctx *c, p2e_status st)
{
    if (!c->st)
        c->st = st;
    XML_StopParser(c->parser, XML_FALSE);
}

static void stop_nomem(pctx *c)
{
    p2e_fail(c->err, P2E_ERR_NOMEM, "out of memory");
    stop(c, P2E_ERR_NOMEM);
}

static void damaged(pctx *c, const char *what)
{
    p2e_fail(c->err, P2E_ERR_FORMAT,
             "%s: the workbook is damaged (%s); open it in the spreadsheet and save it again, "
             "or save it as CSV UTF-8", c->x->path, what);
    stop(c, P2E_ERR_FORMAT);
}

/* Excel writes characters XML cannot hold as _xHHHH_ (and a literal
 * "_x" as _x005F_x): decoded in place (never longer). */
static size_t unescape(char *s, size_t n)
{
    const char *u = memchr(s, '_', n);
    if (!u)
        return n; /* most text has no escape: scanned once, not copied */
    size_t w = (size_t)(u - s);
    for (size_t i = w; i < n;) {
        unsigned cp = 0;
        int ok = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (size_t k = 2; ok && k < 6; k++) {
            char h = s[i + k];
            int v = h >= '0' && h <= '9' ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            ok = v >= 0;
            cp = cp * 16 + (unsigned)(v < 0 ? 0 : v);
        }
        if (!ok || (cp >= 0xD800 && cp <= 0xDFFF)) {
            s[w++] = s[i++];
            continue;
        }
        if (cp < 0x80) {
            s[w++] = (char)cp;
        } else if (cp < 0x800) {
            s[w++] = (char)(0xC0 | cp >> 6);
            s[w++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[w++] = (char)(0xE0 | cp >> 12);
            s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        }
        i += 7;
    }
    return w;
}

static void on_text(void *ud, const XML_Char *s, int n)
{
    pctx *c = ud;
    if (!c->collect || c->rph || c->st)
        return;
    size_t cap = c->x->opts.max_field;
    if (cap && c->text.len + (size_t)n > cap) {
        if (c->kind == PART_SHEET)
            p2e_fail(c->err, P2E_ERR_LIMIT,
                     "%s: row %lu: a cell is longer than %zu bytes; raise the limit with "
                     "--max-field-size", c->x->path, c->rownum, cap);
        else
            p2e_fail(c->err, P2E_ERR_LIMIT,
                     "%s: a shared string is longer than %zu bytes; raise the limit with "
                     "--max-field-size", c->x->path, cap);
        stop(c, P2E_ERR_LIMIT);
        return;
    }
    if (p2e_buf_append(&c->text, s, (size_t)n))
        stop_nomem(c);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                       const XML_Char *pubid, int internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)internal;
    damaged(ud, "a part declares a DTD, which no workbook does");
}

/* ---- workbook and relationships --------------------------------------- */

static char *dup_or_stop(pctx *c, const char *s)
{
    char *d = strdup(s);
    if (!d)
        stop_nomem(c);
    return d;
}

static void workbook_start(pctx *c, const char *name, const char **atts)
{
    if (!strcmp(name, "workbookPr")) {
        const char *d = attr(atts, "date1904");
        c->x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
        return;
    }
    if (strcmp(name, "sheet"))
        return;
    const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
    if (!sname || !rid)
        return;
    c->x->nsheets++;
    if (c->names.len < 600) {
        if ((c->names.len && p2e_buf_puts(&c->names, ", ")) || p2e_buf_putc(&c->names, '\'') ||
            p2e_buf_puts(&c->names, sname) || p2e_buf_putc(&c->names, '\''))
            stop_nomem(c);
    }
    p2e_xlsx *x = c->x;
    if (x->sheet || (x->opts.sheet && strcmp(x->opts.sheet, sname)))
        return;
    x->sheet = dup_or_stop(c, sname);
    if (x->sheet)
        x->sheet_rid = dup_or_stop(c, rid);
}

/* A relationship's target as a part name: relative to xl/, or absolute. */
static char *part_name(pctx *c, const char *target)
{
    char *p;
    if (target[0] == '/')
        p = strdup(target + 1);
    else if (asprintf(&p, "xl/%s", target) < 0)
        p = NULL;
    if (!p)
        stop_nomem(c);
    return p;
}

static void rels_start(pctx *c, const char *name, const char **atts)
{
    if (strcmp(name, "Relationship"))
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
               *type = attr(atts, "Type");
    if (!id || !target || !type)
        return;
    p2e_xlsx *x = c->x;
    size_t tl = strlen(type);
    if (!x->sheet_part && x->sheet_rid && !strcmp(id, x->sheet_rid))
        x->sheet_part = part_name(c, target);
    else if (!x->sst_part && tl >= 14 && !strcmp(type + tl - 14, "/sharedStrings"))
        x->sst_part = part_name(c, target);
    else if (!x->styles_part && tl >= 7 && !strcmp(type + tl - 7, "/styles"))
        x->styles_part = part_name(c, target);
}

/* ---- shared strings ----------------------------------------------------- */

static void sst_start(pctx *c, const char *name)
{
    if (!strcmp(name, "si")) {
        c->in_si = 1;
        c->text.len = 0;
    } else if (!strcmp(name, "rPh")) {
        c->rph++;
    } else if (!strcmp(name, "t") && c->in_si) {
        c->collect = 1;
    }
}

static void sst_end(pctx *c, const char *name)
{
    p2e_xlsx *x = c->x;
    if (!strcmp(name, "rPh")) {
        c->rph--;
    } else if (!strcmp(name, "t")) {
        c->collect = 0;
    } else if (!strcmp(name, "si") && c->in_si) {
        c->in_si = 0;
        size_t n = c->text.len ? unescape(c->text.data, c->text.len) : 0;
        if (x->sst.len + n + 1 > MAX_SHARED) {
            p2e_fail(c->err, P2E_ERR_LIMIT,
                     "%s: the workbook's shared strings hold over %zu bytes; save the sheet as "
                     "CSV UTF-8 instead", x->path, MAX_SHARED);
            stop(c, P2E_ERR_LIMIT);
            return;
        }
        if (p2e_grow((void **)&x->sst_off, &x->sst_cap, x->nsst + 1, sizeof *x->sst_off)) {
            stop_nomem(c);
            return;
        }
        x->sst_off[x->nsst++] = x->sst.len;
        if ((n && p2e_buf_append(&x->sst, c->text.data, n)) || p2e_buf_putc(&x->sst, '\0'))
            stop_nomem(c);
    }
}

/* ---- styles: which cell formats show dates ----------------------------- */

static p2e_xf_kind fmt_kind(const pctx *c, unsigned id)
{
    for (size_t i = 0; i < c->nfmt; i++)
        if (c->fmt_id[i] == id)
            return (p2e_xf_kind)c->fmt_kind[i];
    return id < 164 ? p2e_xlsx_fmt_kind(id, NULL) : P2E_XF_NUMBER;
}

static void styles_start(pctx *c, const char *name, const char **atts)
{
    p2e_xlsx *x = c->x;
    const char *id = attr(atts, "numFmtId");
    if (!strcmp(name, "numFmt")) {
        const char *code = attr(atts, "formatCode");
        p2e_xf_kind k = id && code ? p2e_xlsx_fmt_kind(0, code) : P2E_XF_NUMBER;
        if (k == P2E_XF_NUMBER && (!id || strtoul(id, NULL, 10) >= 164))
            return; /* a custom number format: the default for an id not listed */
        if (c->nfmt >= MAX_XF ||
            p2e_grow((void **)&c->fmt_id, &c->fmt_cap, c->nfmt + 1, sizeof *c->fmt_id) ||
            p2e_grow((void **)&c->fmt_kind, &c->fmt_cap2, c->nfmt + 1, 1)) {
            stop_nomem(c);
            return;
        }
        c->fmt_id[c->nfmt] = (unsigned)strtoul(id, NULL, 10);
        c->fmt_kind[c->nfmt++] = (unsigned char)k;
    } else if (!strcmp(name, "cellXfs")) {
        c->in_xfs = 1;
    } else if (c->in_xfs && !strcmp(name, "xf") && x->nxf < MAX_XF) {
        if (p2e_grow((void **)&x->xf_kind, &x->xf_cap, x->nxf + 1, 1)) {
            stop_nomem(c);
            return;
        }
        unsigned long n = id ? strtoul(id, NULL, 10) : 0;
        x->xf_kind[x->nxf++] = (unsigned char)fmt_kind(c, n > 0xFFFF ? 0 : (unsigned)n);
    }
}

/* ---- the sheet ---------------------------------------------------------- */

/* "BC12" -> column 54 (0-based); -1 when it does not start with letters. */
static long ref_col(const char *r)
{
    long col = 0;
    int n = 0;
    for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
        col = col * 26 + (*r - 'A' + 1);
    return n && n < 4 ? col - 1 : -1;
}

/* A number as Excel shows it in a CSV it saves: integers whole, other
 * values with 15 significant digits, large or small ones in its E+
 * notation (the digits past the 15th are lost there too). */
static size_t format_number(const char *v, char *out, size_t cap)
{
    const char *p = v + (*v == '-');
    size_t digits = strspn(p, "0123456789");
    if (digits && !p[digits] && digits <= 15 && (p[0] != '0' || digits == 1)) {
        size_t n = (size_t)(p - v) + digits; /* a whole number as written: copied */
        if (n >= cap)
            return 0;
        memcpy(out, v, n + 1);
        return n;
    }
    errno = 0;
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d))
        return (size_t)snprintf(out, cap, "%s", v);
    if (d == 0)
        return (size_t)snprintf(out, cap, "0");
    if (fabs(d) < 1e15 && d == floor(d))
        return (size_t)snprintf(out, cap, "%.0f", d);
    int n = snprintf(out, cap, "%.15G", d);
    return n < 0 ? 0 : (size_t)n;
}

static int ensure_cols(pctx *c, size_t n)
{
    if (n <= c->cols_cap)
        return 0;
    size_t cap = c->cols_cap, cap2 = c->cols_cap;
    if (p2e_grow((void **)&c->off, &cap, n, sizeof *c->off) ||
        p2e_grow((void **)&c->len, &cap2, n, sizeof *c->len))
        return -1;
    c->cols_cap = cap < cap2 ? cap : cap2;
    return 0;
}

static void cell_end(pctx *c)
{
    c->in_c = 0;
    c->collect = 0;
    const char *val = c->text.data ? c->text.data : "";
    size_t n = c->text.len;
    char num[64];
    if (p2e_buf_putc(&c->text, '\0')) {
        stop_nomem(c);
        return;
    }
    val = c->text.data;
    const char *t = c->type;
    if (!strcmp(t, "s")) {
        char *end;
        errno = 0;
        unsigned long long i = n ? strtoull(val, &end, 10) : 0;
        if (!n || *end || errno || i >= c->x->nsst) {
            damaged(c, "a cell names a shared string that does not exist");
            return;
        }
        val = c->x->sst.data + c->x->sst_off[i];
        n = strlen(val);
    } else if (!strcmp(t, "b")) {
        val = n && val[0] == '1' ? "TRUE" : "FALSE";
        n = strlen(val);
    } else if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) {
        n = unescape(c->text.data, n);
    } else if (!strcmp(t, "n") || !t[0]) {
        size_t dn = n && c->date ? p2e_xlsx_date_text(strtod(val, NULL), c->date,
                                                      c->x->date1904, num, sizeof num) : 0;
        if (dn) {
            n = dn;
            val = num;
        } else if (n) {
            n = format_number(val, num, sizeof num);
            val = num;
        }
    } /* e (errors: #N/A), d (ISO dates): their text as it is */
    long col = c->col;
    if (ensure_cols(c, (size_t)col + 1)) {
        stop_nomem(c);
        return;
    }
    for (long k = c->maxcol + 1; k <= col; k++)
        c->off[k] = NO_CELL;
    if (col > c->maxcol)
        c->maxcol = col;
    size_t cap = c->x->opts.max_row;
    if (cap && c->rowbuf.len + n > cap) {
        p2e_fail(c->err, P2E_ERR_LIMIT,
                 "%s: row %lu is longer than %zu bytes; raise the limit with --max-row-size",
                 c->x->path, c->rownum, cap);
        stop(c, P2E_ERR_LIMIT);
        return;
    }
    c->off[col] = c->rowbuf.len;
    c->len[col] = n;
    if ((n && p2e_buf_append(&c->rowbuf, val, n)) || p2e_buf_putc(&c->rowbuf, '\0'))
        stop_nomem(c);
}

static void row_end(pctx *c)
{
    if (c->maxcol < 0)
        return; /* a row without cells: an empty line, which CSV skips too */
    size_t n = (size_t)c->maxcol + 1;
    if (n < c->width)
        n = c->width;
    if (!c->width)
        c->width = n;
    size_t cap = c->cellp_cap, cap2 = c->cellp_cap;
    if (p2e_grow((void **)&c->cellp, &cap, n, sizeof *c->cellp) ||
        p2e_grow((void **)&c->cell_len, &cap2, n, sizeof *c->cell_len)) {
        stop_nomem(c);
        return;
    }
    c->cellp_cap = cap < cap2 ? cap : cap2;
    p2e_row row = {.ncells = n, .cell = c->cellp, .len = c->cell_len, .line = c->rownum,
                   .nul_cell = -1};
    for (size_t i = 0; i < n; i++) {
        int has = (long)i <= c->maxcol && c->off[i] != NO_CELL;
        c->cellp[i] = has ? c->rowbuf.data + c->off[i] : "";
        c->cell_len[i] = has ? c->len[i] : 0;
        if (row.nul_cell < 0 && c->cell_len[i] && memchr(c->cellp[i], 0, c->cell_len[i]))
            row.nul_cell = (long)i;
    }
    p2e_status st = c->fn(c->fn_ctx, &row);
    if (st)
        stop(c, st);
}

static void sheet_start(pctx *c, const char *name, const char **atts)
{
    if (!strcmp(name, "row")) {
        const char *r = attr(atts, "r");
        unsigned long n = r ? strtoul(r, NULL, 10) : 0;
        c->rownum = n ? n : c->rownum + 1;
        c->rowbuf.len = 0;
        c->maxcol = -1;
        c->last_col = -1;
    } else if (!strcmp(name, "c")) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *sx = attr(atts, "s");
        long col = r ? ref_col(r) : c->last_col + 1;
        if (col < 0 || col >= MAX_COLS) {
            damaged(c, "a cell reference is not a column A to XFD");
            return;
        }
        c->col = c->last_col = col;
        snprintf(c->type, sizeof c->type, "%s", t ? t : "");
        unsigned long xf = sx ? strtoul(sx, NULL, 10) : 0;
        c->date = xf < c->x->nxf ? (p2e_xf_kind)c->x->xf_kind[xf] : P2E_XF_NUMBER;
        c->in_c = 1;
        c->in_is = 0;
        c->rph = 0;
        c->text.len = 0;
    } else if (c->in_c && !strcmp(name, "v")) {
        c->collect = 1;
    } else if (c->in_c && !strcmp(name, "is")) {
        c->in_is = 1;
    } else if (c->in_is && !strcmp(name, "rPh")) {
        c->rph++;
    } else if (c->in_is && !strcmp(name, "t")) {
        c->collect = 1;
    }
}

static void sheet_end(pctx *c, const char *name)
{
    if (!strcmp(name, "c") && c->in_c)
        cell_end(c);
    else if (!strcmp(name, "row"))
        row_end(c);
    else if (!strcmp(name, "v") || !strcmp(name, "t"))
        c->collect = 0;
    else if (!strcmp(name, "rPh") && c->rph)
        c->rph--;
    else if (!strcmp(name, "is"))
        c->in_is = 0;
}

static void on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
    pctx *c = ud;
    if (c->st)
        return;
    const char *name = local_name(qname);
    switch (c->kind) {
    case PART_WORKBOOK: workbook_start(c, name, atts); break;
    case PART_RELS: rels_start(c, name, atts); break;
    case PART_SST: sst_start(c, name); break;
    case PART_STYLES: styles_start(c, name, atts); break;
    case PART_SHEET: sheet_start(c, name, atts); break;
    }
}

static void on_end(void *ud, const XML_Char *qname)
{
    pctx *c = ud;
    if (c->st)
        return;
    const char *name = local_name(qname);
    if (c->kind == PART_SST)
        sst_end(c, name);
    else if (c->kind == PART_SHEET)
        sheet_end(c, name);
    else if (c->kind == PART_STYLES && !strcmp(name, "cellXfs"))
        c->in_xfs = 0;
}

/* Stream one part of the zip through expat with c's handlers. A missing
 * part is P2E_ERR_FORMAT with `missing` in the message, or P2E_OK when
 * missing is NULL (an optional part). */
static p2e_status parse_part(p2e_xlsx *x, const char *part, pctx *c, const char *missing,
                             p2e_err *err)
{
    c->x = x;
    c->err = err;
    if (unzLocateFile(x->zf, part, 1) != UNZ_OK) {
        if (!missing)
            return P2E_OK;
        return p2e_fail(err, P2E_ERR_FORMAT,
                        "%s: the workbook is damaged (%s); open it in the spreadsheet and save "
                        "it again, or save it as CSV UTF-8", x->path, missing);
    }
    if (unzOpenCurrentFile(x->zf) != UNZ_OK)
        return p2e_fail(err, P2E_ERR_FORMAT,
                        "%s: the workbook is damaged (its part %s cannot be read); save it "
                        "again, or save it as CSV UTF-8", x->path, part);
    c->parser = XML_ParserCreate(NULL);
    if (!c->parser) {
        unzCloseCurrentFile(x->zf);
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    XML_SetUserData(c->parser, c);
    XML_SetElementHandler(c->parser, on_start, on_end);
    XML_SetCharacterDataHandler(c->parser, on_text);
    XML_SetStartDoctypeDeclHandler(c->parser, on_doctype);
    p2e_status st = P2E_OK;
    for (;;) {
        /* read straight into expat's buffer: no copy of the part's bytes */
        void *buf = XML_GetBuffer(c->parser, XML_CHUNK);
        if (!buf) {
            st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
            break;
        }
        int n = unzReadCurrentFile(x->zf, buf, XML_CHUNK);
        if (n < 0) {
            st = p2e_fail(err, P2E_ERR_FORMAT,
                          "%s: the workbook is damaged (its part %s does not decompress); "
                          "save it again, or save it as CSV UTF-8", x->path, part);
            break;
        }
        if (XML_ParseBuffer(c->parser, n, n == 0) == XML_STATUS_ERROR) {
            if (c->st)
                st = c->st;
            else
                st = p2e_fail(err, P2E_ERR_FORMAT,
                              "%s: the workbook is damaged (%s, line %lu of its part %s); save "
                              "it again, or save it as CSV UTF-8", x->path,
                              XML_ErrorString(XML_GetErrorCode(c->parser)),
                              (unsigned long)XML_GetCurrentLineNumber(c->parser), part);
            break;
        }
        if (c->st) {
            st = c->st;
            break;
        }
        if (n == 0)
            break;
    }
    XML_ParserFree(c->parser);
    c->parser = NULL;
    int rc = unzCloseCurrentFile(x->zf);
    if (!st && rc == UNZ_CRCERROR)
        st = p2e_fail(err, P2E_ERR_FORMAT,
                      "%s: the workbook is damaged (its part %s fails its checksum); save it "
                      "again, or save it as CSV UTF-8", x->path, part);
    return st;
}

static void pctx_free(pctx *c)
{
    p2e_buf_free(&c->names);
    p2e_buf_free(&c->text);
    p2e_buf_free(&c->rowbuf);
    free(c->off);
    free(c->len);
    free(c->cellp);
    free(c->cell_len);
    free(c->fmt_id);
    free(c->fmt_kind);
}

/* ---- what the zip is ---------------------------------------------------- */

static int has_part(p2e_xlsx *x, const char *name)
{
    return unzLocateFile(x->zf, name, 1) == UNZ_OK;
}

/* A zip without a workbook: say what it is and what to export instead. */
static p2e_status not_a_workbook(p2e_xlsx *x, p2e_err *err)
{
    if (has_part(x, "xl/workbook.bin"))
        return p2e_fail(err, P2E_ERR_FORMAT,
                        "%s: this is an Excel binary workbook (.xlsb): save it as an Excel "
                        "workbook (.xlsx) or as CSV UTF-8", x->path);
    if (has_part(x, "mimetype") && unzOpenCurrentFile(x->zf) == UNZ_OK) {
        char m[128] = {0};
        int n = unzReadCurrentFile(x->zf, m, sizeof m - 1);
        unzCloseCurrentFile(x->zf);
        if (n > 0 && strstr(m, "opendocument.spreadsheet"))
            return p2e_fail(err, P2E_ERR_FORMAT,
                            "%s: this is an OpenDocument spreadsheet (.ods): save it as an "
                            "Excel workbook (.xlsx) or as CSV UTF-8", x->path);
        if (n > 0 && strstr(m, "opendocument"))
            return p2e_fail(err, P2E_ERR_FORMAT,
                            "%s: this is an OpenDocument file, not a spreadsheet: export the "
                            "products from X-Series as CSV", x->path);
    }
    if (has_part(x, "Index/Document.iwa") || has_part(x, "Index.zip"))
        return p2e_fail(err, P2E_ERR_FORMAT,
                        "%s: this is an Apple Numbers document: in Numbers choose File > Export "
                        "To > CSV (Unicode UTF-8) or Excel (.xlsx)", x->path);
    return p2e_fail(err, P2E_ERR_FORMAT,
                    "%s: this is a zip archive, not a product export or an Excel workbook: "
                    "unzip it and give the CSV product export it holds", x->path);
}

/* ---- the reader --------------------------------------------------------- */

int p2e_xlsx_claims(const unsigned char *head, size_t n)
{
    return n >= 4 && !memcmp(head, "PK\3\4", 4);
}

p2e_status p2e_xlsx_open(p2e_xlsx **out, const char *path, const p2e_xlsx_opts *opts,
                         p2e_err *err)
{
    *out = NULL;
    p2e_xlsx *x = calloc(1, sizeof *x);
    if (!x)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    x->path = path;
    x->opts = *opts;
    p2e_status st = P2E_OK;
    x->zf = unzOpen64(path);
    if (!x->zf)
        st = p2e_fail(err, P2E_ERR_FORMAT,
                      "%s: starts like a zip archive (an .xlsx workbook?) but cannot be opened: "
                      "it is damaged or incomplete; save or download it again", path);
    else if (!has_part(x, "xl/workbook.xml"))
        st = not_a_workbook(x, err);
    pctx c;
    memset(&c, 0, sizeof c);
    if (!st) {
        c.kind = PART_WORKBOOK;
        st = parse_part(x, "xl/workbook.xml", &c, "no workbook part", err);
        if (!st && c.names.len && p2e_buf_puts(&x->sheets, c.names.data))
            st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    if (!st && !x->sheet) {
        if (opts->sheet)
            st = p2e_fail(err, P2E_ERR_FORMAT, "%s: the workbook has no sheet named '%s'; its "
                          "sheets: %s", path, opts->sheet, c.names.len ? c.names.data : "none");
        else
            st = p2e_fail(err, P2E_ERR_FORMAT, "%s: the workbook has no worksheet", path);
    }
    pctx_free(&c);
    if (!st) {
        memset(&c, 0, sizeof c);
        c.kind = PART_RELS;
        st = parse_part(x, "xl/_rels/workbook.xml.rels", &c, "no workbook relationships", err);
        pctx_free(&c);
    }
    if (!st && !x->sheet_part)
        st = p2e_fail(err, P2E_ERR_FORMAT,
                      "%s: the workbook is damaged (sheet '%s' has no part); save it again, or "
                      "save it as CSV UTF-8", path, x->sheet);
    if (!st && x->sst_part) {
        memset(&c, 0, sizeof c);
        c.kind = PART_SST;
        st = parse_part(x, x->sst_part, &c, NULL, err);
        pctx_free(&c);
    }
    if (!st && x->styles_part) {
        memset(&c, 0, sizeof c);
        c.kind = PART_STYLES;
        st = parse_part(x, x->styles_part, &c, NULL, err);
        pctx_free(&c);
    }
    if (st) {
        p2e_xlsx_free(x);
        return st;
    }
    *out = x;
    return P2E_OK;
}

const char *p2e_xlsx_sheet(const p2e_xlsx *x)
{
    return x->sheet;
}

const char *p2e_xlsx_sheets(const p2e_xlsx *x, size_t *n)
{
    *n = x->nsheets;
    return x->sheets.len ? x->sheets.data : "";
}

p2e_status p2e_xlsx_read(p2e_xlsx *x, p2e_row_fn fn, void *ctx, p2e_err *err)
{
    pctx c;
    memset(&c, 0, sizeof c);
    c.kind = PART_SHEET;
    c.fn = fn;
    c.fn_ctx = ctx;
    c.maxcol = -1;
    p2e_status st = parse_part(x, x->sheet_part, &c, "the sheet's part is missing", err);
    pctx_free(&c);
    return st == P2E_ROW_STOP ? P2E_OK : st;
}

void p2e_xlsx_free(p2e_xlsx *x)
{
    if (!x)
        return;
    if (x->zf)
        unzClose(x->zf);
    free(x->sheet);
    p2e_buf_free(&x->sheets);
    free(x->sheet_rid);
    free(x->sheet_part);
    free(x->sst_part);
    free(x->styles_part);
    free(x->xf_kind);
    p2e_buf_free(&x->sst);
    free(x->sst_off);
    free(x);
}
