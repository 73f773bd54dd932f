#include "p2e_xlsx_format.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_utf8.h"

/* The number formats, by P2E_NF_*: a quantity that is not whole shows up
 * to three decimals (a stock of 2.5 must not read 3). */
static const char *const num_formats[P2E_NF_COUNT_ALL] = {NULL, "@", "0", "0.0##", "0.00",
                                                          "#,##0", NULL};

/* Fills: errors reddish, warnings yellowish (Excel's "bad" and "neutral"). */
static const lxw_color_t fill_colours[P2E_FILLS] = {0, 0xFFC7CE, 0xFFEB9C};

static lxw_format *make(p2e_xlsx_book *b, int nf, int fill, int tall)
{
    lxw_format *f = workbook_add_format(b->wb);
    /* in a row of several lines, every cell reads from the top (in a row
     * of one line the alignment makes no difference: no format needed) */
    if (tall)
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (num_formats[nf])
        format_set_num_format(f, num_formats[nf]);
    if (fill)
        format_set_bg_color(f, fill_colours[fill]);
    /* long text wraps within its column: on screen and on paper the
     * sheet stays as wide as its columns */
    if (nf == P2E_NF_WRAP)
        format_set_text_wrap(f);
    return f;
}

static lxw_format *make_link(p2e_xlsx_book *b, int fill, int tall)
{
    lxw_format *f = make(b, P2E_NF_TEXT, fill, tall);
    format_set_font_color(f, 0x0563C1);
    format_set_underline(f, LXW_UNDERLINE_SINGLE);
    return f;
}

void p2e_xlsx_formats_make(p2e_xlsx_book *b)
{
    static const int col_nf[P2E_COL_KINDS] = {P2E_NF_GENERAL, P2E_NF_TEXT, P2E_NF_INT,
                                              P2E_NF_INT,     P2E_NF_PRICE, P2E_NF_COUNT,
                                              P2E_NF_WRAP};
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xD9E1F2);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    for (int tall = 0; tall < 2; tall++)
        for (int fill = 0; fill < P2E_FILLS; fill++) {
            for (int nf = 0; nf < P2E_NF_COUNT_ALL; nf++)
                b->cell[tall][fill][nf] = make(b, nf, fill, tall);
            b->link[tall][fill] = make_link(b, fill, tall);
        }
    for (int k = 0; k < P2E_COL_KINDS; k++)
        b->col[k] = col_nf[k] == P2E_NF_GENERAL ? NULL : b->cell[0][P2E_FILL_NONE][col_nf[k]];
    b->heading = workbook_add_format(b->wb);
    format_set_bold(b->heading);
    format_set_font_size(b->heading, 13);
    b->fact_count = make(b, P2E_NF_COUNT, 0, 0);
    format_set_align(b->fact_count, LXW_ALIGN_LEFT);
    b->fact_link = make_link(b, 0, 0);
    /* a format is numbered on its first use: number them all now, in one
     * order, so no sheet copy (on whichever thread) changes the workbook */
    lxw_format_get_xf_index(b->head);
    for (int tall = 0; tall < 2; tall++)
        for (int fill = 0; fill < P2E_FILLS; fill++) {
            for (int nf = 0; nf < P2E_NF_COUNT_ALL; nf++)
                lxw_format_get_xf_index(b->cell[tall][fill][nf]);
            lxw_format_get_xf_index(b->link[tall][fill]);
        }
    lxw_format_get_xf_index(b->heading);
    lxw_format_get_xf_index(b->fact_count);
    lxw_format_get_xf_index(b->fact_link);
}

/* Columns by header name; a name ending in '*' is a prefix (one column
 * per outlet). Any other column is GENERAL. */
static const struct {
    const char *name;
    p2e_col_kind kind;
} kinds[] = {
    {"sku", P2E_COL_TEXT}, {"product_sku", P2E_COL_TEXT}, {"variation_sku", P2E_COL_TEXT},
    {"product_variation_sku", P2E_COL_TEXT}, {"handle", P2E_COL_TEXT}, {"code", P2E_COL_TEXT},
    {"upc", P2E_COL_TEXT}, {"key", P2E_COL_TEXT}, {"supplier_code", P2E_COL_TEXT},
    {"file", P2E_COL_TEXT}, {"crc32", P2E_COL_TEXT},
    {"line", P2E_COL_INT}, {"first_line", P2E_COL_INT}, {"width", P2E_COL_INT},
    {"height", P2E_COL_INT}, {"bytes", P2E_COL_INT}, {"position", P2E_COL_INT},
    {"description_bytes", P2E_COL_INT},
    {"quantity_ecom", P2E_COL_QTY}, {"total_stock", P2E_COL_QTY},
    {"reorder_point_pos", P2E_COL_QTY}, {"product_low_stock_notification_quantity", P2E_COL_QTY},
    {"reorder_point_*", P2E_COL_QTY}, {"restock_level_*", P2E_COL_QTY},
    {"price_ecom", P2E_COL_PRICE}, {"supply_price", P2E_COL_PRICE},
    {"product_compare_to_price", P2E_COL_PRICE}, {"product_price", P2E_COL_PRICE},
    {"count", P2E_COL_COUNT}, {"variants_in_stock", P2E_COL_COUNT},
    {"negative_rows", P2E_COL_COUNT},
    {"message", P2E_COL_LONG}, {"action", P2E_COL_LONG}, {"changes", P2E_COL_LONG},
};

p2e_col_kind p2e_xlsx_col_kind(const char *header)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t len = strlen(kinds[i].name);
        if (kinds[i].name[len - 1] == '*' ? !strncmp(header, kinds[i].name, len - 1)
                                          : !strcmp(header, kinds[i].name))
            return kinds[i].kind;
    }
    return P2E_COL_GENERAL;
}

static int whole(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return 1;
    for (dot++; *dot; dot++)
        if (*dot != '0')
            return 0;
    return 1;
}

lxw_format *p2e_xlsx_cell_format(const p2e_xlsx_book *b, p2e_col_kind kind, int fill, int tall,
                                 int number, const char *value)
{
    int nf = P2E_NF_GENERAL;
    if (kind == P2E_COL_TEXT)
        nf = P2E_NF_TEXT;
    else if (kind == P2E_COL_LONG)
        nf = P2E_NF_WRAP;
    else if (number && kind == P2E_COL_INT)
        nf = P2E_NF_INT;
    else if (number && kind == P2E_COL_QTY)
        nf = whole(value) ? P2E_NF_INT : P2E_NF_DEC;
    else if (number && kind == P2E_COL_PRICE)
        nf = P2E_NF_PRICE;
    else if (number && kind == P2E_COL_COUNT)
        nf = P2E_NF_COUNT;
    if (nf == P2E_NF_GENERAL && !fill && !tall)
        return NULL;
    return b->cell[tall != 0][fill][nf];
}

/* ---- widths from a sample --------------------------------------------- */

/* The widest a column gets: the to-do's action and the messages may be
 * long sentences; anything else is cut on screen past 50 characters (the
 * cell keeps its text; the filter and a wider column show it). */
static double width_cap(const char *header)
{
    if (!strcmp(header, "action"))
        return 90;
    if (!strcmp(header, "message") || !strcmp(header, "changes"))
        return 70;
    return 50;
}

typedef struct {
    size_t ncols, rows, seen; /* seen: records so far, the header included */
    size_t col;
    size_t *chars;            /* the widest cell of each column, in characters */
} sampler;

static void sample_field(void *data, size_t len, void *ctx)
{
    sampler *s = ctx;
    if (s->seen >= 1 && s->seen <= s->rows && s->col < s->ncols) {
        size_t n = p2e_utf8_chars(data, len);
        if (n > s->chars[s->col])
            s->chars[s->col] = n;
    }
    s->col++;
}

static void sample_row(int term, void *ctx)
{
    sampler *s = ctx;
    (void)term;
    s->seen++;
    s->col = 0;
}

static void read_sample(const char *path, sampler *s)
{
    FILE *fp = fopen(path, "rb");
    struct csv_parser p;
    if (!fp)
        return;
    if (csv_init(&p, 0) != 0) {
        fclose(fp);
        return;
    }
    char buf[16384];
    size_t n;
    while (s->seen <= s->rows && (n = fread(buf, 1, sizeof buf, fp)) > 0)
        if (csv_parse(&p, buf, n, sample_field, sample_row, s) != n)
            break;
    if (s->seen <= s->rows)
        csv_fini(&p, sample_field, sample_row, s);
    csv_free(&p);
    fclose(fp);
}

void p2e_xlsx_sample_widths(const char *path, char *const *header, const p2e_col_kind *kinds_of,
                            size_t ncols, size_t rows, double *widths)
{
    sampler s = {ncols, rows, 0, 0, calloc(ncols ? ncols : 1, sizeof(size_t))};
    if (s.chars && path)
        read_sample(path, &s);
    for (size_t i = 0; i < ncols; i++) {
        /* the header and its filter button */
        double w = (double)p2e_utf8_chars(header[i], strlen(header[i])) + 4;
        double cell = s.chars ? (double)s.chars[i] + 2 : 0;
        if (kinds_of[i] == P2E_COL_PRICE && cell > 2)
            cell += 3; /* "49" shows as "49.00" */
        if (cell > w)
            w = cell;
        /* the To do sheet's facts overflow from column A over the code
         * column; the action is its widest */
        if (!strcmp(header[i], "code") && w < 26)
            w = 26;
        if (!strcmp(header[i], "action") && w < 40)
            w = 40;
        double cap = width_cap(header[i]);
        widths[i] = w < 8 ? 8 : w > cap ? cap : w;
    }
    free(s.chars);
}

#define MAX_LINES 20 /* 300 points: Excel's limit is 409 */

int p2e_xlsx_text_lines(const char *s, double width)
{
    /* a unit of width is a digit's; text of mostly small letters fits
     * about a tenth more (LibreOffice's rendering of the messages) */
    size_t per = width > 3 ? (size_t)((width - 2) * 1.1) : 1;
    int lines = 0;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        size_t chars = p2e_utf8_chars(s, len);
        size_t n = chars ? (chars + per - 1) / per : 1;
        lines += n > MAX_LINES ? MAX_LINES : (int)n;
        if (!nl || lines >= MAX_LINES)
            break;
        s = nl + 1;
    }
    return lines > MAX_LINES ? MAX_LINES : lines;
}

double p2e_xlsx_row_height(int lines)
{
    return 15.0 * lines;
}

void p2e_xlsx_print_setup(lxw_worksheet *ws, unsigned tab)
{
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_set_footer(ws, "&L&A&RPage &P of &N");
    if (tab)
        worksheet_set_tab_color(ws, tab);
}
