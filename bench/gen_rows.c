/*
 * bench/gen_rows.c - rows and fields for the benchmark generator (gen.h):
 * the random state, growing byte buffers, the row being built (its fields,
 * formatted into an arena, and CSV quoting), the vocabulary, value helpers
 * (uuid, codes, handles, HTML descriptions) and product families: names,
 * brands, categories, tags, options, prices, weights and dimensions.
 *
 * Integer arithmetic only and one random draw per statement (the order in
 * which a call's arguments are evaluated differs between compilers), so the
 * bytes are the same for a seed on any machine.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

uint64_t rng;
int heavy;

/* ---- growing byte buffers ---------------------------------------------- */

void die(const char *msg)
{
    fprintf(stderr, "gen: %s\n", msg);
    exit(2);
}

static void sb_reserve(sbuf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < extra)
        cap *= 2;
    char *d = realloc(b->d, cap);
    if (!d)
        die("out of memory");
    b->d = d;
    b->cap = cap;
}

void sb_put(sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n + 1);
    memcpy(b->d + b->len, s, n);
    b->len += n;
}

void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

void sb_putc(sbuf *b, char c)
{
    sb_reserve(b, 2);
    b->d[b->len++] = c;
}

/* ---- the row being built ------------------------------------------------ */

fld *F;
size_t NCOLS;
size_t NF;
static char *arena;       /* formatted values of the current row */
static size_t alen, acap;

void row_init(size_t ncols)
{
    NCOLS = ncols;
    F = calloc(NCOLS + 1, sizeof *F);
    acap = 64 * 1024 + NCOLS * 64;
    arena = malloc(acap);
    if (!F || !arena)
        die("out of memory");
}

void row_free(void)
{
    free(F);
    free(arena);
}

void row_reset(void)
{
    for (size_t i = 0; i < NCOLS + 1; i++)
        F[i] = (fld){"", 0};
    NF = NCOLS;
    alen = 0;
}

void f_str(size_t i, const char *s)
{
    F[i] = (fld){s, strlen(s)};
}

void f_mem(size_t i, const char *s, size_t n)
{
    F[i] = (fld){s, n};
}

void f_fmt(size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(arena + alen, acap - alen, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= acap - alen)
        die("row arena full");
    F[i] = (fld){arena + alen, (size_t)n};
    alen += (size_t)n + 1;
}

/* integers without printf: most fields are small numbers */
void f_int(size_t i, long v)
{
    char tmp[24];
    size_t n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (alen + n + 2 > acap)
        die("row arena full");
    char *p = arena + alen;
    size_t k = 0;
    if (v < 0)
        p[k++] = '-';
    while (n)
        p[k++] = tmp[--n];
    p[k] = '\0';
    F[i] = (fld){p, k};
    alen += k + 1;
}

/* hundredths as "12.50" (fixed) or trimmed "12.5" / "12" */
void f_hundredths(size_t i, long v, int fixed)
{
    long w = v / 100, c = v % 100;
    if (fixed)
        f_fmt(i, "%ld.%02ld", w, c);
    else if (c == 0)
        f_int(i, w);
    else if (c % 10 == 0)
        f_fmt(i, "%ld.%ld", w, c / 10);
    else
        f_fmt(i, "%ld.%02ld", w, c);
}

static int needs_quotes(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[n - 1] == ' '))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return 1;
    return 0;
}

void put_field(sbuf *b, const char *s, size_t n)
{
    if (!needs_quotes(s, n)) {
        sb_put(b, s, n);
        return;
    }
    sb_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') {
            sb_put(b, s + start, i + 1 - start);
            sb_putc(b, '"');
            start = i + 1;
        }
    sb_put(b, s + start, n - start);
    sb_putc(b, '"');
}

void put_row(sbuf *b)
{
    for (size_t i = 0; i < NF; i++) {
        if (i)
            sb_putc(b, ',');
        put_field(b, F[i].s, F[i].n);
    }
    sb_putc(b, '\n');
}

/* ---- vocabulary ------------------------------------------------------- */

static const char *const adjectives[] = {
    "Ridgeline", "Summit", "Trail", "Harbor", "Cascade", "Alpine", "Coastal", "Urban",
    "Classic", "Everyday", "Heritage", "Ultralight", "Rugged", "Cozy", "Vintage", "Organic",
    "Caf\xC3\xA9", "Apl\xC3\xB3s", "Nordic", "Desert", "Meadow", "Granite", "Canyon", "Lakeside",
};
static const char *const materials[] = {
    "Merino", "Cotton", "Linen", "Canvas", "Enamel", "Ceramic", "Stainless", "Bamboo",
    "Leather", "Fleece", "Ripstop", "Cast Iron", "Hemp", "Wool", "Oak", "Copper",
};
static const char *const nouns[] = {
    "Hiking Sock", "Tee", "Hoodie", "Camp Mug", "Water Bottle", "Backpack", "Beanie",
    "Rain Shell", "Headlamp", "Camp Chair", "Hammock", "Skillet", "Pour-Over Dripper",
    "Coffee Blend", "Espresso Roast", "Tote Bag", "Trail Map", "Compass", "Stove",
    "Sleeping Bag", "Tent Stakes", "Gloves", "Scarf", "Candle", "Notebook", "Tea Tin",
    "Chili Margarita", "Hot Sauce", "Granola", "Soap Bar", "Dog Leash", "Sunglasses",
    "Cutting Board", "Knife Roll", "Apron", "Cap", "Shorts", "Leggings", "Jacket", "Vest",
};
static const char *const name_extras[] = {
    " & Co.", " (Limited Edition)", "\xE2\x84\xA2", " \xE2\x80\x98Reserve\xE2\x80\x99",
    " 12\" Edition", ", Set of 2", " \xE6\x97\xA5\xE6\x9C\xAC", " #2",
};
static const char *const categories[] = {
    "Outdoor / Camping", "Outdoor / Navigation", "Outdoor / Navigation / Maps",
    "Outdoor / Hydration", "Outdoor / Lighting", "Apparel / T-Shirts", "Apparel / Outerwear",
    "Apparel / Socks", "Apparel / Accessories", "Apparel / Kids / Tops", "Coffee / Whole Bean",
    "Coffee / Brewing Gear", "Coffee / Ground", "Kitchen / Cookware", "Kitchen / Tools",
    "Home & Garden", "Home & Garden / Candles", "Pantry / Snacks", "Pantry / Sauces & Spices",
    "Ready To Drink", "Non-Alcoholic & Dealcoholized Wine / Sparkling White",
    "Gifts / Mixology Sets & Gifts", "Pets / Walking", "Stationery", "Bath & Body",
    "Sale", "Accessories / Eyewear", "Books / Local", "THC / THC Drinks", "Uncategorized",
};

const char *pick_category(void)
{
    return PICK(categories);
}
static const struct {
    const char *name, *code, *supplier;
} brands[] = {
    {"Ridgeline", "RL", "Trailhead Gear Supply"},
    {"Trailhead", "TH", "Trailhead Gear Supply"},
    {"Ridgeline Roasters", "RR", "Cascade Coffee Importers"},
    {"Kiln & Kettle", "KK", "Kiln & Kettle Wholesale"},
    {"Green Trails", "GT", "Green Trails Maps"},
    {"Apl\xC3\xB3s", "AP", "Airgoods"},
    {"Summit Apparel", "SA", "Summit Apparel Co."},
    {"&merci", "ME", "Merci Imports, LLC"},
    {"Nordlys", "NL", "Nordlys AS"},
    {"Harbor Goods", "HG", "Harbor Goods Wholesale"},
    {"", "XX", ""},
};
static const char *const tag_words[] = {
    "camping", "coffee", "apparel", "gift", "sale", "new", "local", "organic", "kids",
    "best seller", "summer", "winter", "CHILDRENS WEARABLES", "eco, recycled", "staff pick",
};
static const char *const words[] = {
    "the", "a", "with", "and", "for", "every", "trail", "morning", "handmade", "durable",
    "lightweight", "soft", "organic", "cotton", "merino", "roasted", "notes", "of", "cocoa",
    "citrus", "caramel", "packable", "waterproof", "breathable", "classic", "fit", "seams",
    "stitched", "in", "Seattle", "Portland", "small", "batches", "built", "to", "last",
    "designed", "weekend", "adventures", "daily", "use", "easy", "care", "machine", "wash",
    "cold", "tumble", "dry", "low", "our", "best", "selling", "style", "now", "recycled",
    "materials", "zippered", "pocket", "adjustable", "strap", "gift-ready", "box",
    "caf\xC3\xA9", "cr\xC3\xA8me", "na\xC3\xAFve", "r\xC3\xA9sum\xC3\xA9", "\xE2\x80\x94",
    "1:24,000", "3.5", "minutes", "100%", "BPA-free", "dishwasher", "safe", "hand", "thrown",
};

static const optdef options[] = {
    {"Size", {"XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "One Size", "Petite S",
              "Petite M", "Tall L"}},
    {"Color", {"Black", "White", "Navy", "Olive", "Sand", "Heather Grey", "Red",
               "Forest Green", "Charcoal", "Rust", "Sky Blue", "Cr\xC3\xA8me"}},
    {"Length", {"28\"", "30\"", "32\"", "34\"", "36\"", "38\"", "40\"", "42\"", "44\"",
                "46\"", "48\"", "50\""}},
    {"Pack", {"Single", "2 pack", "4 pack", "6 pack", "12 pack", "24 pack", "Case of 6",
              "Case of 12", "Sampler", "Gift Box", "Refill", "Bulk 5 lb"}},
    {"Flavor", {"Chili Margarita", "Yuzu, Lime & Salt", "Cold Brew", "Mango", "Original",
                "Smoky", "Vanilla Bean", "Dark Cherry", "Ginger", "Mint", "Blood Orange",
                "Unflavored"}},
    {"Material", {"Cotton", "Merino", "Linen", "Hemp", "Nylon", "Polyester", "Recycled Poly",
                  "Leather", "Canvas", "Wool", "Silk", "Bamboo"}},
    {"Grind Size", {"Whole Bean", "Espresso", "Fine", "Medium", "Coarse", "French Press",
                    "Pour Over", "Aeropress", "Moka Pot", "Cold Brew", "Turkish", "Drip"}},
    {"Style", {"Crew", "V-Neck", "Henley", "Raglan", "Pocket", "Tank", "Long Sleeve",
               "Cropped", "Relaxed", "Slim", "Boxy", "Oversized"}},
    {"Sequence", {"12.19", "12.82", "16", "17.5", "18", "19.25", "20", "21", "22.5", "24",
                  "25", "26.75"}},
};

/* ---- helpers for values ----------------------------------------------- */

void uuid(char out[37])
{
    uint64_t a = next64(), b = next64();
    a = (a & ~0xF000ULL) | 0x4000ULL;                 /* version 4 */
    b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; /* variant */
    snprintf(out, 37, "%08" PRIx32 "-%04" PRIx32 "-%04" PRIx32 "-%04" PRIx32 "-%012" PRIx64,
             (uint32_t)(a >> 32), (uint32_t)(a >> 16) & 0xFFFF, (uint32_t)a & 0xFFFF,
             (uint32_t)(b >> 48), (uint64_t)(b & 0xFFFFFFFFFFFFULL));
}

static void base36(char *out, uint64_t v)
{
    char tmp[16];
    size_t n = 0;
    do {
        tmp[n++] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v % 36];
        v /= 36;
    } while (v);
    while (n)
        *out++ = tmp[--n];
    *out = '\0';
}

static void slug(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    int dash = 0;
    for (; *s && n + 2 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[n++] = (char)c;
            dash = 0;
        } else if (c >= 'A' && c <= 'Z') {
            out[n++] = (char)(c - 'A' + 'a');
            dash = 0;
        } else if (!dash && n) {
            out[n++] = '-';
            dash = 1;
        }
    }
    while (n && out[n - 1] == '-')
        n--;
    out[n] = '\0';
}

/* An HTML description of about `target` bytes: paragraphs, a list, attributes
 * in double quotes, entities, LF between blocks. */
static void description(sbuf *d, size_t target, const char *name)
{
    d->len = 0;
    if (!target)
        return;
    int para = 0;
    while (d->len < target) {
        int kind = (int)below(10);
        if (para == 0) {
            sb_puts(d, "<p><strong>");
            sb_puts(d, name);
            sb_puts(d, "</strong> ");
        } else if (kind == 0) {
            sb_puts(d, "<ul>\n");
            for (int i = range(2, 5); i > 0; i--) {
                sb_puts(d, "<li>");
                for (int w = range(2, 6); w > 0; w--) {
                    sb_puts(d, PICK(words));
                    if (w > 1)
                        sb_putc(d, ' ');
                }
                sb_puts(d, "</li>\n");
            }
            sb_puts(d, "</ul>\n");
            para++;
            continue;
        } else if (kind == 1) {
            sb_puts(d, "<p class=\"MsoNormal\" style=\"margin: 0in; font-family: &quot;Calibri&quot;, "
                       "sans-serif;\"><span style=\"font-size: 11pt;\">");
        } else if (kind == 2) {
            sb_puts(d, "<p>\xC3\x82\xC2\xA0"); /* mojibake seen in real exports */
        } else {
            sb_puts(d, "<p>");
        }
        for (int s = range(1, 4); s > 0; s--) {
            int nw = range(6, 16);
            for (int w = 0; w < nw; w++) {
                const char *x = PICK(words);
                if (w == 0 && x[0] >= 'a' && x[0] <= 'z') {
                    sb_putc(d, (char)(x[0] - 'a' + 'A'));
                    sb_puts(d, x + 1);
                } else {
                    sb_puts(d, x);
                }
                if (w + 1 < nw)
                    sb_putc(d, below(20) == 0 ? ',' : ' ');
                if (w + 1 < nw && d->d[d->len - 1] == ',')
                    sb_putc(d, ' ');
            }
            if (below(12) == 0)
                sb_puts(d, " \"as tough as it looks\"");
            sb_puts(d, s > 1 ? ". " : ".");
        }
        sb_puts(d, kind == 1 ? "</span></p>" : "</p>");
        sb_putc(d, '\n');
        para++;
    }
    if (d->len && d->d[d->len - 1] == '\n')
        d->len--;
}

static size_t description_length(void)
{
    unsigned r = below(1000);
    if (heavy) {                                    /* the same draw, longer texts */
        if (r < 20)
            return 0;
        if (r < 420)
            return (size_t)range(100, 700);
        if (r < 820)
            return (size_t)range(700, 2500);
        return (size_t)range(2500, 12000);          /* 18 % */
    }
    if (r < 80)
        return 0;                                   /* 8 %: none */
    if (r < 760)
        return (size_t)range(100, 700);             /* most: a paragraph or two */
    if (r < 970)
        return (size_t)range(700, 2500);            /* long */
    return (size_t)range(2500, 12000);              /* 3 %: Word-pasted HTML */
}

/* ---- a family ---------------------------------------------------------- */

int size_of_family(void)
{
    static const int weights[12] = {500, 80, 100, 80, 60, 60, 25, 25, 20, 20, 10, 20};
    unsigned r = below(1000), acc = 0;
    for (int i = 0; i < 12; i++) {
        acc += (unsigned)weights[i];
        if (r < acc)
            return i + 1;
    }
    return 1;
}

static void choose_options(family *f)
{
    f->nopt = 0;
    f->gap = -1;
    if (f->size == 1) {
        if (chance(30)) { /* a one-row family with an option: seen in real data */
            f->nopt = 1;
            f->opt[0] = &options[below(COUNT(options))];
            f->count[0] = 1;
            f->offset[0] = (int)below(12);
        }
        return;
    }
    unsigned r = below(100);
    if (heavy)  /* the same draw: more families with two or three options */
        f->nopt = r < 25 ? 1 : r < 75 ? 2 : 3;
    else
        f->nopt = r < 50 ? 1 : r < 85 ? 2 : 3;
    if (f->size < 4 && f->nopt == 3)
        f->nopt = 2;
    /* distinct option names */
    int used[COUNT(options)] = {0};
    for (int k = 0; k < f->nopt; k++) {
        int i;
        do
            i = (int)below(COUNT(options));
        while (used[i]);
        used[i] = 1;
        f->opt[k] = &options[i];
        f->offset[k] = (int)below(12);
    }
    /* heavy: most families of three or more variants with two or three
     * options skip one inner cell of their grid (INCOMPLETE_VARIANT_GRID):
     * variants from `gap` on take the next cell */
    if (heavy && f->nopt >= 2 && f->size >= 3 && chance(800))
        f->gap = range(1, f->size - 1);
    int cells = f->size + (f->gap >= 0);
    if (f->nopt == 1) {
        f->count[0] = f->size;
    } else if (f->nopt == 2) {
        f->count[0] = range(2, f->size < 6 ? 2 : 6);
        f->count[1] = (cells + f->count[0] - 1) / f->count[0];
    } else {
        f->count[0] = range(2, 3);
        f->count[1] = range(2, 3);
        f->count[2] = (cells + f->count[0] * f->count[1] - 1) / (f->count[0] * f->count[1]);
    }
}

const char *opt_value(const family *f, int k, int variant)
{
    int digit = f->gap >= 0 && variant >= f->gap ? variant + 1 : variant;
    for (int j = 0; j < k; j++)
        digit /= f->count[j];
    digit %= f->count[k];
    return f->opt[k]->values[(digit + f->offset[k]) % 12];
}

void new_family(family *f, uint64_t index, int size, unsigned problems)
{
    f->index = index;
    f->size = size;
    base36(f->code, index * 7919 + 46656); /* injective: unique codes */
    /* one random draw per statement: the order in which a call's arguments are
     * evaluated differs between compilers, and the bytes must not */
    const char *adjective = PICK(adjectives);
    const char *material = PICK(materials);
    const char *noun = PICK(nouns);
    const char *extra = chance(60) ? PICK(name_extras) : "";
    snprintf(f->name, sizeof f->name, "%s %s %s%s", adjective, material, noun, extra);
    char s[160];
    slug(s, sizeof s, f->name);
    snprintf(f->handle, sizeof f->handle, "%s-%s", s, f->code);
    size_t b = below(COUNT(brands));
    f->brand = brands[b].name;
    f->brand_code = brands[b].code;
    f->supplier = brands[b].supplier;
    f->category = chance(40) ? "" : PICK(categories);
    if (chance(700)) {
        int nt = range(1, 3);
        size_t n = 0;
        f->tags[0] = '\0';
        for (int i = 0; i < nt; i++)
            n += (size_t)snprintf(f->tags + n, sizeof f->tags - n, "%s%s", i ? ";" : "",
                                  PICK(tag_words));
    } else {
        f->tags[0] = '\0';
    }
    description(&f->desc, description_length(), f->name);
    choose_options(f);
    f->composite = 0;
    f->inactive = chance(20);
    f->instore = chance(20);
    f->untracked = chance(20);
    f->split_last = size >= 3 && chance(10);
    f->sku_is_handle = size >= 2 && chance(20);
    f->numeric_sku = size == 1 && chance(250);
    f->price = range(3, 400) * 100;
    f->price += chance(500) ? 0 : (chance(500) ? 99 : 50);
    f->supply = f->price * range(30, 60) / 100;
    static const char *const wunits[] = {"LB", "KG", "G", "OZ", "LB", "KG"};
    static const char *const dunits[] = {"IN", "CM", "IN", "CM", "MM"};
    unsigned w = below(100);
    if (w < 20) {            /* empty */
        f->weight = -1;
        f->weight_unit = "";
    } else if (w < 45) {     /* zero with a unit: the D5 style */
        f->weight = 0;
        f->weight_unit = "LB";
    } else {
        f->weight_unit = PICK(wunits);
        f->weight = !strcmp(f->weight_unit, "G") ? range(20, 2000) * 100 : range(5, 900);
    }
    unsigned d = below(100);
    if (d < 35) {
        f->dim[0] = f->dim[1] = f->dim[2] = -1;
        f->dims_unit = "";
    } else if (d < 60) {
        f->dim[0] = f->dim[1] = f->dim[2] = 0;
        f->dims_unit = "IN";
    } else {
        f->dims_unit = PICK(dunits);
        for (int k = 0; k < 3; k++)
            f->dim[k] = range(10, 9000);
    }
    f->missing_name = problems >= 10 && chance(problems / 10);
    f->name_differs_row = size >= 2 && f->nopt && chance(problems / 3) ? range(1, size - 1) : -1;
}
