#include "p2e_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "p2e_input.h"
#include "p2e_rules.h"

static const char *lstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->live, v);
}

static const char *dstr(const p2e_sync *s, p2e_str v)
{
    return p2e_store_str(s->desired, v);
}

/* ---- ecom-update.csv -------------------------------------------------- */

typedef struct {
    const p2e_sync *s;
    p2e_csvw *out;
    long type_col, sku_col, path_col, avail_col, vsku_col;
    long tracked_col, quantity_col, oname_col, ovalue_col, odefault_col;
    char **header;              /* the desired file's header */
    int header_done;
    int products_done;          /* the product rows are all written */
    size_t ncols;
    uint32_t block;             /* desired product whose rows are being copied */
    p2e_pool paths;             /* category paths of the products in the update */
    p2e_map needed;
    /* the option whose rows are being copied: its last row (the pattern of
     * a row added for a value a deactivated variation still names) and the
     * values written so far */
    char **opt_row;
    const char *opt_id;
    char **opt_values;
    size_t nopt_values, cap_opt_values;
} update_ctx;

static const char *cell_of(const p2e_row *row, long col)
{
    return col >= 0 && (size_t)col < row->ncells ? row->cell[col] : "";
}

/* A row of the update's layout: cells by column index, id after `type`. */
static void write_cells(update_ctx *u, const char *const *cells, const char *id)
{
    for (size_t i = 0; i < u->ncols; i++) {
        p2e_csvw_cstr(u->out, cells[i] ? cells[i] : "");
        if ((long)i == u->type_col)
            p2e_csvw_cstr(u->out, id);
    }
    p2e_csvw_end_row(u->out);
}

static long column(const update_ctx *u, const char *name)
{
    for (size_t i = 0; i < u->ncols; i++)
        if (!strcmp(u->header[i], name))
            return (long)i;
    return -1;
}

/* A row the POS did not otherwise change (a product or variation made
 * unavailable) carries the store's current value in every column the
 * update has: what an empty cell does on import is not documented per
 * column (ecom-import.md §1 "Empty cell", §8 "Partial updates"), so no
 * cell is left empty that would clear a value. Images: the main image and
 * the gallery in order (§5: an update row's images replace the whole set).
 * Cells that are image lines point into `f`'s image text and end at its
 * next newline: the caller cuts them (cut_lines). */
static const struct {
    const char *column;
    p2e_store_field field;
    int variation; /* also a variation column */
} live_columns[] = {
    {"product_name", P2E_SF_NAME, 0},        {"product_price", P2E_SF_PRICE, 1},
    {"product_is_inventory_tracked", P2E_SF_TRACKED, 1},
    {"product_quantity", P2E_SF_QUANTITY, 1}, {"product_description", P2E_SF_DESCRIPTION, 0},
    {"product_category_1", P2E_SF_CATEGORY, 0}, {"product_brand", P2E_SF_BRAND, 0},
    {"product_upc", P2E_SF_UPC, 1},          {"product_weight", P2E_SF_WEIGHT, 1},
    {"product_length", P2E_SF_LENGTH, 0},    {"product_width", P2E_SF_WIDTH, 0},
    {"product_height", P2E_SF_HEIGHT, 0},
};

static void live_values(update_ctx *u, const char **cells, const p2e_str *f, int variation,
                        uint8_t *image_cell)
{
    for (size_t i = 0; i < sizeof live_columns / sizeof live_columns[0]; i++) {
        long c = column(u, live_columns[i].column);
        if (c >= 0 && (!variation || live_columns[i].variation))
            cells[c] = lstr(u->s, f[live_columns[i].field]);
    }
    const char *img = lstr(u->s, f[P2E_SF_IMAGES]);
    char col[64];
    for (int n = 0; *img; n++) {
        if (n == 0)
            snprintf(col, sizeof col, "product_media_main_image_url");
        else
            snprintf(col, sizeof col, "product_media_gallery_image_url_%d", n);
        long c = column(u, col);
        if (c >= 0 && (n == 0 || !variation)) {
            cells[c] = img;
            image_cell[c] = 1;
        }
        const char *nl = strchr(img, '\n');
        if (!nl)
            break;
        img = nl + 1;
    }
}

/* The store variations of product `lp` whose POS variant was deactivated:
 * a row each, with its option values for matching, made unbuyable:
 * tracked with quantity 0. A variation has no availability of its own
 * (the store's export leaves product_is_available empty on variation rows,
 * docs/convert-rules.md "Columns per row type"), and the import cannot
 * delete it (ecom-import.md §8). */
static void off_variation_rows(update_ctx *u, uint32_t lp)
{
    const p2e_store *L = u->s->live;
    const char *cells[u->ncols ? u->ncols : 1];
    char col[600];
    for (uint32_t v = L->products[lp].first_variation; v != P2E_STORE_NONE; v = L->variations[v].next) {
        if (!u->s->off_variation[v])
            continue;
        for (size_t i = 0; i < u->ncols; i++)
            cells[i] = "";
        uint8_t image_cell[u->ncols ? u->ncols : 1];
        memset(image_cell, 0, sizeof image_cell);
        live_values(u, cells, L->variations[v].f, 1, image_cell);
        cells[u->type_col] = "product_variation";
        if (u->sku_col >= 0)
            cells[u->sku_col] = lstr(u->s, L->products[lp].f[P2E_SF_SKU]);
        if (u->vsku_col >= 0)
            cells[u->vsku_col] = lstr(u->s, L->variations[v].f[P2E_SF_SKU]);
        if (u->tracked_col >= 0)
            cells[u->tracked_col] = "true";
        if (u->quantity_col >= 0)
            cells[u->quantity_col] = "0";
        /* "Name=value\n" lines of the combination into their columns */
        const char *combo = lstr(u->s, L->variations[v].f[P2E_SF_OPTIONS]);
        for (const char *line = combo; *line;) {
            const char *eq = strchr(line, '=');
            const char *end = strchr(line, '\n');
            if (!eq || !end)
                break;
            snprintf(col, sizeof col, "product_variation_option_%.*s", (int)(eq - line), line);
            long c = column(u, col);
            if (c < 0) {
                snprintf(col, sizeof col, "product_variation_option_{%.*s}", (int)(eq - line), line);
                c = column(u, col);
            }
            if (c >= 0)
                cells[c] = eq + 1; /* cut at the newline below */
            line = end + 1;
        }
        /* the option cells point into combo: copy them cut at their newline */
        char *owned[u->ncols ? u->ncols : 1];
        for (size_t i = 0; i < u->ncols; i++) {
            owned[i] = NULL;
            int lines = image_cell[i] || !strncmp(u->header[i], "product_variation_option_", 25);
            const char *nl = cells[i] && lines ? strchr(cells[i], '\n') : NULL;
            if (nl) {
                owned[i] = strndup(cells[i], (size_t)(nl - cells[i]));
                cells[i] = owned[i] ? owned[i] : "";
                if (!owned[i])
                    u->out->status = P2E_ERR_NOMEM;
            }
        }
        write_cells(u, cells, lstr(u->s, L->products[lp].f[P2E_SF_INTERNAL_ID]));
        for (size_t i = 0; i < u->ncols; i++)
            free(owned[i]);
    }
}

static void option_forget(update_ctx *u)
{
    for (size_t i = 0; u->opt_row && i < u->ncols; i++)
        free(u->opt_row[i]);
    free(u->opt_row);
    u->opt_row = NULL;
    for (size_t i = 0; i < u->nopt_values; i++)
        free(u->opt_values[i]);
    u->nopt_values = 0;
}

static int option_has(const update_ctx *u, const char *v, size_t len)
{
    for (size_t i = 0; i < u->nopt_values; i++)
        if (strlen(u->opt_values[i]) == len && !memcmp(u->opt_values[i], v, len))
            return 1;
    return 0;
}

static void option_note(update_ctx *u, const char *v, size_t len)
{
    if (u->out->status)
        return;
    char *copy = strndup(v, len);
    if (!copy || p2e_grow((void **)&u->opt_values, &u->cap_opt_values, u->nopt_values + 1,
                          sizeof *u->opt_values)) {
        free(copy);
        u->out->status = P2E_ERR_NOMEM;
        return;
    }
    u->opt_values[u->nopt_values++] = copy;
}

/* A row of the option being copied is a row of the same product and option. */
static int option_continues(const update_ctx *u, const p2e_row *row)
{
    return u->opt_row && !strcmp(cell_of(row, u->type_col), "product_option") &&
           !strcmp(cell_of(row, u->sku_col), u->opt_row[u->sku_col]) &&
           !strcmp(cell_of(row, u->oname_col), u->opt_row[u->oname_col]);
}

/* An option row was copied: remember it (the pattern) and its value. */
static void option_copied(update_ctx *u, const p2e_row *row, const char *id)
{
    if (u->oname_col < 0 || u->ovalue_col < 0 || u->sku_col < 0)
        return;
    if (!option_continues(u, row)) {
        option_forget(u);
        u->opt_row = calloc(u->ncols ? u->ncols : 1, sizeof *u->opt_row);
        for (size_t i = 0; u->opt_row && i < u->ncols; i++)
            if (!(u->opt_row[i] = strdup(cell_of(row, (long)i))))
                u->out->status = P2E_ERR_NOMEM;
        if (!u->opt_row)
            u->out->status = P2E_ERR_NOMEM;
        u->opt_id = id;
    }
    const char *v = cell_of(row, u->ovalue_col);
    option_note(u, v, strlen(v));
}

/* The rows of an option ended: a value that a deactivated variation of the
 * product names, and that the POS's option rows no longer list, gets a row
 * of its own (not the default), so that the variation's row names a value
 * of its product's option (ecom-import.md §4: a variation value must equal
 * a product_option_value of that option), whatever the import does with
 * values left out of an update's option rows (not documented). */
static void option_end(update_ctx *u)
{
    if (!u->opt_row || u->out->status)
        goto done;
    uint32_t lp = u->block == P2E_STORE_NONE ? P2E_STORE_NONE : u->s->live_of[u->block];
    const p2e_store *L = u->s->live;
    const char *name = u->opt_row[u->oname_col];
    size_t nlen = strlen(name);
    for (uint32_t v = lp == P2E_STORE_NONE ? P2E_STORE_NONE : L->products[lp].first_variation;
         v != P2E_STORE_NONE; v = L->variations[v].next) {
        if (!u->s->off_variation[v])
            continue;
        /* the combination: "Name=value\n" lines */
        for (const char *line = lstr(u->s, L->variations[v].f[P2E_SF_OPTIONS]); *line;) {
            const char *end = strchr(line, '\n');
            if (!end)
                break;
            const char *val = line + nlen + 1;
            if (!strncmp(line, name, nlen) && line[nlen] == '=' &&
                !option_has(u, val, (size_t)(end - val))) {
                option_note(u, val, (size_t)(end - val));
                if (u->out->status)
                    goto done;
                const char *cells[u->ncols ? u->ncols : 1];
                for (size_t i = 0; i < u->ncols; i++)
                    cells[i] = u->opt_row[i];
                cells[u->ovalue_col] = u->opt_values[u->nopt_values - 1];
                if (u->odefault_col >= 0)
                    cells[u->odefault_col] = "false";
                write_cells(u, cells, u->opt_id);
            }
            line = end + 1;
        }
    }
done:
    option_forget(u);
}

/* The block of desired product `block` ended: add its unavailable variations. */
static void end_block(update_ctx *u)
{
    if (u->block == P2E_STORE_NONE)
        return;
    uint32_t lp = u->s->live_of[u->block];
    if (lp != P2E_STORE_NONE)
        off_variation_rows(u, lp);
    u->block = P2E_STORE_NONE;
}

/* Should this desired row go into the update? *id: the store's id. */
static int keep_row(update_ctx *u, const p2e_row *row, const char **id)
{
    const char *type = cell_of(row, u->type_col);
    *id = "";
    if (!strcmp(type, "category")) {
        const char *path = cell_of(row, u->path_col);
        uint32_t one;
        return p2e_map_get(&u->needed, &u->paths, path, strlen(path), &one) &&
               !p2e_store_has_category(u->s->live, path);
    }
    uint32_t dp = p2e_store_find_product(u->s->desired, cell_of(row, u->sku_col));
    if (dp != u->block) {
        end_block(u);
        u->block = dp;
    }
    if (dp == P2E_STORE_NONE || u->s->action[dp] == P2E_SYNC_UNCHANGED)
        return 0;
    uint32_t lp = u->s->live_of[dp];
    if (lp != P2E_STORE_NONE)
        *id = lstr(u->s, u->s->live->products[lp].f[P2E_SF_INTERNAL_ID]);
    return 1;
}

static p2e_status take_header(update_ctx *u, const p2e_row *row)
{
    u->header_done = 1;
    u->ncols = row->ncells;
    u->header = calloc(row->ncells ? row->ncells : 1, sizeof *u->header);
    if (!u->header)
        return P2E_ERR_NOMEM;
    for (size_t i = 0; i < row->ncells; i++)
        if (!(u->header[i] = strdup(row->cell[i])))
            return P2E_ERR_NOMEM;
    u->type_col = column(u, "type");
    u->sku_col = column(u, "product_sku");
    u->path_col = column(u, "category_path");
    u->avail_col = column(u, "product_is_available");
    u->tracked_col = column(u, "product_is_inventory_tracked");
    u->quantity_col = column(u, "product_quantity");
    u->oname_col = column(u, "product_option_name");
    u->ovalue_col = column(u, "product_option_value");
    u->odefault_col = column(u, "product_option_is_default_option_selection");
    u->vsku_col = column(u, "product_variation_sku");
    write_cells(u, (const char *const *)u->header, "product_internal_id");
    return P2E_OK;
}

static void disabled_rows(update_ctx *u);

/* The last product block ended: its deactivated variations, then the
 * products made unavailable, before any category row. Once. */
static void products_end(update_ctx *u)
{
    if (u->products_done)
        return;
    u->products_done = 1;
    end_block(u);
    disabled_rows(u);
}

static p2e_status update_row(void *ctx, const p2e_row *row)
{
    update_ctx *u = ctx;
    if (!u->header_done)
        return take_header(u, row);
    const char *id;
    if (!option_continues(u, row))
        option_end(u);
    if (!strcmp(cell_of(row, u->type_col), "category"))
        products_end(u); /* category rows come after every product (ecom-import.md §1.1) */
    if (keep_row(u, row, &id)) {
        if (!strcmp(cell_of(row, u->type_col), "product_option"))
            option_copied(u, row, id);
        const char *cells[u->ncols ? u->ncols : 1];
        for (size_t i = 0; i < u->ncols; i++)
            cells[i] = i < row->ncells ? row->cell[i] : "";
        write_cells(u, cells, id);
    }
    return u->out->status;
}

/* Store products made unavailable: deleted (with --disable-deleted) or
 * sold in store only now. */
static void disabled_rows(update_ctx *u)
{
    const p2e_store *L = u->s->live;
    const char *cells[u->ncols ? u->ncols : 1];
    for (size_t lp = 0; lp < L->nproducts; lp++) {
        if (!u->s->disable[lp])
            continue;
        uint8_t image_cell[u->ncols ? u->ncols : 1];
        memset(image_cell, 0, sizeof image_cell);
        for (size_t i = 0; i < u->ncols; i++)
            cells[i] = "";
        live_values(u, cells, L->products[lp].f, 0, image_cell);
        cells[u->type_col] = "product";
        if (u->sku_col >= 0)
            cells[u->sku_col] = lstr(u->s, L->products[lp].f[P2E_SF_SKU]);
        if (u->avail_col >= 0)
            cells[u->avail_col] = "false";
        char *owned[u->ncols ? u->ncols : 1];
        for (size_t i = 0; i < u->ncols; i++) { /* image lines: cut at their newline */
            const char *nl = image_cell[i] ? strchr(cells[i], '\n') : NULL;
            owned[i] = nl ? strndup(cells[i], (size_t)(nl - cells[i])) : NULL;
            if (nl)
                cells[i] = owned[i] ? owned[i] : "";
            if (nl && !owned[i])
                u->out->status = P2E_ERR_NOMEM;
        }
        write_cells(u, cells, lstr(u->s, L->products[lp].f[P2E_SF_INTERNAL_ID]));
        for (size_t i = 0; i < u->ncols; i++)
            free(owned[i]);
    }
}

/* Category paths (and their parents) of the products in the update. */
static p2e_status needed_paths(update_ctx *u)
{
    const p2e_store *D = u->s->desired;
    p2e_status st = p2e_pool_init(&u->paths);
    for (size_t dp = 0; dp < D->nproducts && !st; dp++) {
        if (u->s->action[dp] == P2E_SYNC_UNCHANGED)
            continue;
        const char *path = dstr(u->s, D->products[dp].f[P2E_SF_CATEGORY]);
        size_t len = strlen(path);
        for (size_t end = 0; !st && (end = p2e_category_next(path, len, end)) != 0;) {
            uint32_t one;
            if (p2e_map_get(&u->needed, &u->paths, path, end, &one))
                continue;
            p2e_str k;
            st = p2e_pool_add(&u->paths, path, end, &k);
            if (!st)
                st = p2e_map_put(&u->needed, &u->paths, k, 1);
        }
    }
    return st;
}

static void update_free(update_ctx *u)
{
    option_forget(u);
    free(u->opt_values);
    for (size_t i = 0; u->header && i < u->ncols; i++)
        free(u->header[i]);
    free(u->header);
    p2e_map_free(&u->needed);
    p2e_pool_free(&u->paths);
}

p2e_status p2e_update_write(const p2e_sync *s, const char *desired_path, const char *dir,
                                 const char *name, p2e_outset *set, p2e_err *err)
{
    p2e_csvw out;
    p2e_status st = p2e_csvw_open(&out, dir, name, err);
    if (st)
        return st;
    out.guard_formulas = 0; /* the store matches SKUs and names byte for byte */
    update_ctx u;
    memset(&u, 0, sizeof u);
    u.s = s;
    u.out = &out;
    u.block = P2E_STORE_NONE;
    p2e_input_opts opts = {.delim = ','};
    st = needed_paths(&u) ? p2e_fail(err, P2E_ERR_NOMEM, "out of memory")
                          : p2e_input_read_file(desired_path, &opts, update_row, &u, err);
    if (!st && !u.header_done)
        st = p2e_fail(err, P2E_ERR_FORMAT, "%s: no header", desired_path);
    if (!st) {
        option_end(&u);
        products_end(&u);
    }
    update_free(&u);
    if (st) {
        p2e_csvw_abandon(&out);
        return st == P2E_ERR_NOMEM ? p2e_fail(err, st, "out of memory") : st;
    }
    return p2e_csvw_finish(&out, set, err);
}

p2e_status p2e_update_write_delete(const p2e_sync *s, const char *dir, const char *name,
                                 p2e_outset *set, p2e_err *err)
{
    p2e_csvw out;
    p2e_status st = p2e_csvw_open(&out, dir, name, err);
    if (st)
        return st;
    p2e_csvw_cstr(&out, "product_internal_id");
    p2e_csvw_cstr(&out, "product_sku");
    p2e_csvw_cstr(&out, "product_name");
    p2e_csvw_end_row(&out);
    const p2e_store *L = s->live;
    for (size_t lp = 0; lp < L->nproducts; lp++) {
        if (!s->deleted[lp])
            continue;
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_INTERNAL_ID]));
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_SKU]));
        p2e_csvw_cstr(&out, lstr(s, L->products[lp].f[P2E_SF_NAME]));
        p2e_csvw_end_row(&out);
    }
    return p2e_csvw_finish(&out, set, err);
}

