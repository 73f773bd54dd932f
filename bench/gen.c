/*
 * bench/gen.c - a synthetic Lightspeed X-Series product export for the benchmark.
 *
 *   gen --variants N --outlets K --seed S [--problems PER_MILLE] > export.csv
 *
 * Writes a generation-C export (docs: shared/spec/xseries-export.md): the fixed
 * columns id .. track_inventory, then per outlet outlet_tax_<O>, inventory_<O>,
 * reorder_point_<O>, restock_level_<O>. N product rows (variants; composite
 * component rows come on top), grouped into families of 1 to 12 variants with up
 * to three options, long HTML descriptions with quotes and newlines, nested
 * categories, composites with current-style component rows (empty handle, the
 * composite's sku, the component's name/sku/quantity, a short row), inactive and
 * in-store-only products, negative and empty stock, a few families split across
 * the file, and PER_MILLE (default 30, i.e. 3 %) product rows with a data problem.
 *
 * Deterministic: the only randomness is a splitmix64 generator seeded with S and
 * only integer arithmetic is used, so the bytes are identical for a seed on any
 * machine. Plain C11 and libc. A short summary of what was written goes to
 * standard error.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers --------------------------------------------------- */

static uint64_t rng;

static uint64_t next64(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [0, n) (n > 0), by multiply-shift: no modulo bias worth noting */
static uint32_t below(uint32_t n)
{
    return (uint32_t)(((next64() >> 32) * (uint64_t)n) >> 32);
}

static int range(int lo, int hi)
{
    return lo + (int)below((uint32_t)(hi - lo + 1));
}

static int chance(unsigned per_mille)
{
    return below(1000) < per_mille;
}

#define PICK(arr) (arr[below(sizeof arr / sizeof arr[0])])
#define COUNT(arr) (sizeof arr / sizeof arr[0])

/* ---- growing byte buffers ---------------------------------------------- */

typedef struct {
    char *d;
    size_t len, cap;
} sbuf;

static void die(const char *msg)
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

static void sb_put(sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n + 1);
    memcpy(b->d + b->len, s, n);
    b->len += n;
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_putc(sbuf *b, char c)
{
    sb_reserve(b, 2);
    b->d[b->len++] = c;
}

/* ---- the row being built ------------------------------------------------ */

enum {
    C_ID, C_HANDLE, C_SKU, C_CNAME, C_CSKU, C_CQTY, C_NAME, C_DESC, C_CAT,
    C_O1N, C_O1V, C_O2N, C_O2V, C_O3N, C_O3V, C_TAGS, C_ONLINE, C_WEIGHT, C_WUNIT,
    C_LENGTH, C_WIDTH, C_HEIGHT, C_DUNIT, C_SUPPLY, C_RETAIL, C_ACC, C_ACCP, C_BRAND,
    C_SUPNAME, C_SUPCODE, C_ACTIVE, C_TRACK, C_FIXED
};

static const char *const fixed_head[C_FIXED] = {
    "id", "handle", "sku", "composite_name", "composite_sku", "composite_quantity", "name",
    "description", "product_category", "variant_option_one_name", "variant_option_one_value",
    "variant_option_two_name", "variant_option_two_value", "variant_option_three_name",
    "variant_option_three_value", "tags", "active_online", "weight", "weight_unit", "length",
    "width", "height", "dimensions_unit", "supply_price", "retail_price", "account_code",
    "account_code_purchase", "brand_name", "supplier_name", "supplier_code", "active",
    "track_inventory",
};

typedef struct {
    const char *s;
    size_t n;
} fld;

static fld *F;            /* fields of the current row */
static size_t NCOLS;      /* header width: C_FIXED + 4 * outlets */
static size_t NF;         /* fields the current row will have */
static char *arena;       /* formatted values of the current row */
static size_t alen, acap;

static void row_reset(void)
{
    for (size_t i = 0; i < NCOLS + 1; i++)
        F[i] = (fld){"", 0};
    NF = NCOLS;
    alen = 0;
}

static void f_str(size_t i, const char *s)
{
    F[i] = (fld){s, strlen(s)};
}

static void f_mem(size_t i, const char *s, size_t n)
{
    F[i] = (fld){s, n};
}

static void f_fmt(size_t i, const char *fmt, ...)
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
static void f_int(size_t i, long v)
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
static void f_hundredths(size_t i, long v, int fixed)
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

static void put_field(sbuf *b, const char *s, size_t n)
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

static void put_row(sbuf *b)
{
    for (size_t i = 0; i < NF; i++) {
        if (i)
            sb_putc(b, ',');
        put_field(b, F[i].s, F[i].n);
    }
    sb_putc(b, '\n');
}

/* ---- the output ------------------------------------------------------- */

static sbuf outbuf;

static void flush_out(int force)
{
    if (!outbuf.len || (!force && outbuf.len < (1u << 20)))
        return;
    if (fwrite(outbuf.d, 1, outbuf.len, stdout) != outbuf.len)
        die("cannot write to standard output");
    outbuf.len = 0;
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
static const char *const tax_names[] = {"Default Tax", "Sales Tax", "GST", "No Tax"};

typedef struct {
    const char *name;
    const char *values[12];
} optdef;

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

static const char *const outlet_pool[] = {
    "Main Outlet", "Warehouse - North (MAIN)", "Pop-Up Store", "Downtown", "Mt Auburn",
    "Off-Site", "Airport Kiosk", "Seattle Flagship", "Bellingham", "Portland Pearl District",
    "Funan", "JFK", "Harbour Front", "Market Square", "Soberish Kirkwood", "Quality Graphics",
    "Basement", "Garage", "TDHCannery", "WGA Pearson",
};

/* ---- state across the file -------------------------------------------- */

typedef struct {
    char sku[64];
    char name[200];
} known_product;

#define RING 256
static known_product standard_ring[RING]; /* recent standard products: components */
static size_t nstandard;
static char sku_ring[RING][64];            /* recent SKUs: duplicates */
static size_t nskus;
static char last_id[40];

typedef struct {
    uint64_t due;         /* family number after which it is written */
    char *data;
    size_t len;
} deferred;

static deferred *pending;
static size_t npending, cap_pending;

static struct {
    uint64_t families, variants, components, orphans, composites, problems, split;
    uint64_t missing_components, nameless_families, option_names_differ;
    uint64_t per_problem[32];
} stats;

static char (*outlet_name)[64];
static char (*outlet_key)[64];
static const char **outlet_tax;
static size_t noutlets;

/* ---- helpers for values ----------------------------------------------- */

static void uuid(char out[37])
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
    if (r < 80)
        return 0;                                   /* 8 %: none */
    if (r < 760)
        return (size_t)range(100, 700);             /* most: a paragraph or two */
    if (r < 970)
        return (size_t)range(700, 2500);            /* long */
    return (size_t)range(2500, 12000);              /* 3 %: Word-pasted HTML */
}

/* ---- a family ---------------------------------------------------------- */

typedef struct {
    uint64_t index;
    int size;
    char name[200], handle[220], code[16], tags[160];
    const char *category, *brand, *brand_code, *supplier;
    sbuf desc;
    int nopt;
    const optdef *opt[3];
    int count[3], offset[3];
    int composite, inactive, instore, untracked, split_last, sku_is_handle;
    long price, supply;      /* hundredths */
    const char *weight_unit, *dims_unit;
    long weight, dim[3];     /* hundredths; -1: empty */
    int numeric_sku;
    int missing_name;
    int name_differs_row;    /* OPTION_NAMES_DIFFER on this variant, -1 none */
} family;

static int size_of_family(void)
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
    if (f->nopt == 1) {
        f->count[0] = f->size;
    } else if (f->nopt == 2) {
        f->count[0] = range(2, f->size < 6 ? 2 : 6);
        f->count[1] = (f->size + f->count[0] - 1) / f->count[0];
    } else {
        f->count[0] = range(2, 3);
        f->count[1] = range(2, 3);
        f->count[2] = (f->size + f->count[0] * f->count[1] - 1) / (f->count[0] * f->count[1]);
    }
}

static const char *opt_value(const family *f, int k, int variant)
{
    int digit = variant;
    for (int j = 0; j < k; j++)
        digit /= f->count[j];
    digit %= f->count[k];
    return f->opt[k]->values[(digit + f->offset[k]) % 12];
}

static void new_family(family *f, uint64_t index, int size, unsigned problems)
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

/* ---- problems ------------------------------------------------------------- */

enum {
    P_MISSING_SKU, P_DUPLICATE_SKU, P_DAMAGED_SKU, P_PRICE_INVALID, P_PRICE_ROUNDED,
    P_PRICE_MISSING, P_STOCK_INVALID, P_STOCK_FRACTIONAL, P_UNIT_UNKNOWN, P_UNIT_MISSING,
    P_WEIGHT_INVALID, P_DUPLICATE_ID, P_FAMILY_CONFLICT, P_OPTION_VALUE_MISSING,
    P_DUPLICATE_COMBINATION, P_ROW_SHORT, P_ROW_TOO_LONG, P_MISSING_HANDLE,
    P_SUPPLIER_DAMAGED, P_LONG_NAME, P_COUNT
};

static const char *const problem_names[P_COUNT] = {
    "missing sku", "duplicate sku", "damaged sku", "invalid price", "3-decimal price",
    "missing price", "invalid stock", "fractional stock", "unknown unit", "missing unit",
    "invalid weight", "duplicate id", "family field conflict", "missing option value",
    "duplicate combination", "short row", "row too long", "missing handle",
    "damaged supplier code", "name over 255 chars",
};

/* A problem kind that applies to variant `v` of f; some need a later row of a
 * variant product, others a standard product. */
static int pick_problem(const family *f, int v)
{
    int p = (int)below(P_COUNT);
    int variant_product = f->nopt > 0 || f->size > 1;
    if ((p == P_FAMILY_CONFLICT || p == P_DUPLICATE_COMBINATION) && (v == 0 || !f->nopt))
        p = P_PRICE_ROUNDED;
    if (p == P_OPTION_VALUE_MISSING && !variant_product)
        p = P_STOCK_FRACTIONAL;
    if (p == P_MISSING_HANDLE && f->size > 1)
        p = P_PRICE_MISSING;
    if (p == P_LONG_NAME && f->size > 1) /* a family field: on a one-row family */
        p = P_STOCK_INVALID;
    if (p == P_DUPLICATE_SKU && !nskus)
        p = P_DAMAGED_SKU;
    if (p == P_DUPLICATE_ID && !last_id[0])
        p = P_UNIT_MISSING;
    if ((p == P_UNIT_UNKNOWN || p == P_UNIT_MISSING || p == P_WEIGHT_INVALID) && f->weight < 0)
        p = P_SUPPLIER_DAMAGED;
    return p;
}

/* ---- writing rows ------------------------------------------------------- */

static void outlet_fields(const family *f, int problem)
{
    size_t bad = problem >= 0 ? below((uint32_t)noutlets) : 0;
    for (size_t o = 0; o < noutlets; o++) {
        size_t base = C_FIXED + 4 * o;
        F[base] = (fld){outlet_tax[o], strlen(outlet_tax[o])};
        if (chance(30))
            f_str(base, "No Tax");
        if (f->composite) {
            f_str(base + 1, "0");
        } else if (problem == P_STOCK_INVALID && o == bad) {
            f_str(base + 1, chance(500) ? "n/a" : "12 units");
        } else if (problem == P_STOCK_FRACTIONAL && o == bad) {
            int whole = range(0, 20);
            f_fmt(base + 1, "%d.%d", whole, range(1, 9));
        } else {
            unsigned r = below(1000);
            if (r < 70) {
                /* empty */
            } else if (r < 120) {
                f_int(base + 1, -range(1, 8));
            } else if (r < 300) {
                f_str(base + 1, "0");
            } else {
                f_int(base + 1, (long)below(below(200) + 1));
            }
        }
        if (chance(600))
            f_int(base + 2, range(0, 10));
        if (chance(600))
            f_int(base + 3, range(5, 50));
    }
}

static void remember_sku(const char *sku)
{
    snprintf(sku_ring[nskus % RING], sizeof sku_ring[0], "%s", sku);
    nskus++;
}

/* The product row for variant v of f into F. */
static void product_row(family *f, int v, unsigned problems)
{
    row_reset();
    int problem = chance(problems) ? pick_problem(f, v) : -1;
    if (problem >= 0) {
        stats.problems++;
        stats.per_problem[problem]++;
    }
    char id[37];
    uuid(id);
    if (problem == P_DUPLICATE_ID)
        f_str(C_ID, last_id); /* last_id is rewritten only after the row is built */
    else
        f_fmt(C_ID, "%s", id);
    f_str(C_HANDLE, problem == P_MISSING_HANDLE ? "" : f->handle);

    /* sku */
    if (problem == P_MISSING_SKU)
        f_str(C_SKU, "");
    else if (problem == P_DUPLICATE_SKU)
        f_fmt(C_SKU, "%s", sku_ring[(nskus - 1 - below(nskus < RING ? (uint32_t)nskus : RING)) % RING]);
    else if (problem == P_DAMAGED_SKU) {
        int lead = range(1, 9), digits = range(10, 99); /* sequenced: one per declarator */
        f_fmt(C_SKU, "%d.%dE+%d", lead, digits, range(10, 12));
    } else if (v == 0 && f->sku_is_handle)
        f_str(C_SKU, f->handle);
    else if (f->numeric_sku)
        f_fmt(C_SKU, "08%010" PRIu64, (f->index * 7919 + 13) % 10000000000ULL);
    else if (f->size == 1)
        f_fmt(C_SKU, "%s-%s", f->brand_code, f->code);
    else
        f_fmt(C_SKU, "%s-%s-%02d", f->brand_code, f->code, v + 1);

    if (f->missing_name)
        f_str(C_NAME, "");
    else if (problem == P_LONG_NAME)
        f_fmt(C_NAME, "%s %s %s %s %s %s %s %s %s %s", f->name, f->name, f->name, f->name,
              f->name, f->name, f->name, f->name, f->name, f->name);
    else
        f_str(C_NAME, f->name);
    f_mem(C_DESC, f->desc.d ? f->desc.d : "", f->desc.len);
    if (problem == P_FAMILY_CONFLICT)
        f_fmt(C_CAT, "%s", PICK(categories));
    else
        f_str(C_CAT, f->category);

    for (int k = 0; k < f->nopt; k++) {
        int vv = problem == P_DUPLICATE_COMBINATION ? v - 1 : v;
        const char *name = f->opt[k]->name;
        if (v == f->name_differs_row && k == f->nopt - 1)
            name = "Colour";
        f_str(C_O1N + 2 * (size_t)k, name);
        if (!(problem == P_OPTION_VALUE_MISSING && k == f->nopt - 1))
            f_str(C_O1V + 2 * (size_t)k, opt_value(f, k, vv));
    }
    f_str(C_TAGS, f->tags);
    int online = !(f->instore || chance(10));
    int active = !(f->inactive || chance(15));
    f_str(C_ONLINE, online ? "1" : "0");

    /* weight and dimensions */
    if (problem == P_WEIGHT_INVALID) {
        f_str(C_WEIGHT, chance(500) ? "heavy" : "-2");
        f_str(C_WUNIT, f->weight_unit);
    } else if (f->weight >= 0) {
        f_hundredths(C_WEIGHT, f->weight ? f->weight + (v % 3) * 10 : 0, 0);
        f_str(C_WUNIT, problem == P_UNIT_UNKNOWN ? "STONE" : problem == P_UNIT_MISSING ? "" : f->weight_unit);
        if (problem == P_UNIT_MISSING && !f->weight)
            f_str(C_WEIGHT, "1.5");
    }
    if (f->dim[0] >= 0) {
        for (int k = 0; k < 3; k++)
            f_hundredths(C_LENGTH + (size_t)k, f->dim[k], 0);
        f_str(C_DUNIT, f->dims_unit);
    }

    f_hundredths(C_SUPPLY, f->supply, 0);
    long price = f->price + (f->nopt ? (v % 3) * 200 : 0);
    if (problem == P_PRICE_INVALID) {
        static const char *const bad[] = {"N/A", "-4.50", "12,50", "$19.99"};
        f_str(C_RETAIL, PICK(bad));
    } else if (problem == P_PRICE_ROUNDED) {
        f_fmt(C_RETAIL, "%ld.%02ld%d", price / 100, price % 100, range(1, 9));
    } else if (problem == P_PRICE_MISSING) {
        f_str(C_RETAIL, "");
    } else {
        f_hundredths(C_RETAIL, price, 1);
    }
    if (chance(100)) {
        f_str(C_ACC, "4010");
        f_str(C_ACCP, "5010");
    }
    f_str(C_BRAND, problem == P_FAMILY_CONFLICT && chance(500) ? "Other Brand" : f->brand);
    f_str(C_SUPNAME, f->supplier);
    if (problem == P_SUPPLIER_DAMAGED)
        f_str(C_SUPCODE, "7.45E+11");
    else if (*f->supplier)
        f_fmt(C_SUPCODE, "%s%d-%s%d", f->brand_code, range(1000, 9999), f->code, v);
    f_str(C_ACTIVE, active ? "1" : "0");
    f_str(C_TRACK, f->untracked ? "0" : "1");
    outlet_fields(f, problem);

    if (problem == P_ROW_SHORT)
        NF = C_FIXED + (noutlets ? 2 : 0);
    if (problem == P_ROW_TOO_LONG) {
        f_str(NCOLS, "extra");
        NF = NCOLS + 1;
    }
    if (problem != P_DUPLICATE_ID)
        memcpy(last_id, id, sizeof id);
    if (F[C_SKU].n)
        remember_sku(F[C_SKU].s);
}

/* A current-style component row: the composite's id and sku, empty handle,
 * the component's name/sku/quantity, fields through track_inventory only. */
static void component_row(const char *id, const char *sku, const char *name,
                          const char *comp_name, const char *comp_sku, const char *qty)
{
    row_reset();
    f_fmt(C_ID, "%s", id);
    f_fmt(C_SKU, "%s", sku);
    f_fmt(C_CNAME, "%s", comp_name);
    f_fmt(C_CSKU, "%s", comp_sku);
    f_str(C_CQTY, qty);
    f_fmt(C_NAME, "%s", name);
    NF = C_FIXED;
}

static void write_family(family *f, unsigned problems, uint64_t *left)
{
    int n = f->size;
    for (int v = 0; v < n; v++) {
        product_row(f, v, problems);
        (*left)--;
        stats.variants++;
        if (v == n - 1 && f->split_last) {
            /* the last variant shows up a few families later */
            sbuf tmp = {0};
            put_row(&tmp);
            if (npending == cap_pending) {
                cap_pending = cap_pending ? cap_pending * 2 : 16;
                pending = realloc(pending, cap_pending * sizeof *pending);
                if (!pending)
                    die("out of memory");
            }
            pending[npending++] = (deferred){f->index + (uint64_t)range(3, 40), tmp.d, tmp.len};
            stats.split++;
            continue;
        }
        put_row(&outbuf);
        if (f->composite) {
            /* the product row just written is the composite: add components */
            char id[40], sku[64], name[sizeof f->name + 8];
            snprintf(id, sizeof id, "%.*s", (int)F[C_ID].n, F[C_ID].s);
            snprintf(sku, sizeof sku, "%.*s", (int)F[C_SKU].n, F[C_SKU].s);
            snprintf(name, sizeof name, "%.*s", (int)F[C_NAME].n, F[C_NAME].s);
            int nc = range(2, 4);
            size_t have = nstandard < RING ? nstandard : RING;
            size_t start = below((uint32_t)have);
            for (int c = 0; c < nc; c++) {
                const known_product *k = &standard_ring[(start + (size_t)c * 7) % have];
                static const char *const qty[] = {"1", "1", "2", "3", "6", "0.5"};
                int missing = chance(problems);
                if (missing) {
                    stats.missing_components++;
                    component_row(id, sku, name, "Discontinued Part", "DISC-000", "1");
                } else {
                    component_row(id, sku, name, k->name, k->sku, PICK(qty));
                }
                put_row(&outbuf);
                stats.components++;
            }
        } else if (f->size == 1 && !f->nopt && F[C_SKU].n) {
            known_product *k = &standard_ring[nstandard % RING];
            snprintf(k->sku, sizeof k->sku, "%.*s", (int)F[C_SKU].n, F[C_SKU].s);
            snprintf(k->name, sizeof k->name, "%.*s", (int)F[C_NAME].n, F[C_NAME].s);
            nstandard++;
        }
        flush_out(0);
    }
}

static void release_pending(uint64_t family_index, int all)
{
    size_t keep = 0;
    for (size_t i = 0; i < npending; i++) {
        if (all || pending[i].due <= family_index) {
            sb_put(&outbuf, pending[i].data, pending[i].len);
            free(pending[i].data);
        } else {
            pending[keep++] = pending[i];
        }
    }
    npending = keep;
}

/* ---- main ------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void usage(void)
{
    fprintf(stderr, "usage: gen --variants N --outlets K --seed S [--problems PER_MILLE] > export.csv\n");
    exit(1);
}

static uint64_t number_arg(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end)
        usage();
    return (uint64_t)v;
}

int main(int argc, char **argv)
{
    uint64_t nvariants = 0, seed = 1;
    unsigned problems = 30;
    int have_variants = 0;
    noutlets = 0;
    int have_outlets = 0;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--variants")) {
            nvariants = number_arg(argv[++i]);
            have_variants = 1;
        } else if (!strcmp(argv[i], "--outlets")) {
            noutlets = (size_t)number_arg(argv[++i]);
            have_outlets = 1;
        } else if (!strcmp(argv[i], "--seed")) {
            seed = number_arg(argv[++i]);
        } else if (!strcmp(argv[i], "--problems")) {
            problems = (unsigned)number_arg(argv[++i]);
            if (problems > 1000)
                usage();
        } else {
            usage();
        }
    }
    if (!have_variants || !have_outlets || noutlets < 1 || noutlets > 1000)
        usage();
    rng = seed;

    /* outlets: names from the pool, then numbered; columns in byte order */
    outlet_name = calloc(noutlets, sizeof *outlet_name);
    outlet_key = calloc(noutlets, sizeof *outlet_key);
    outlet_tax = calloc(noutlets, sizeof *outlet_tax);
    if (!outlet_name || !outlet_key || !outlet_tax)
        die("out of memory");
    for (size_t o = 0; o < noutlets; o++) {
        if (o < COUNT(outlet_pool))
            snprintf(outlet_name[o], sizeof outlet_name[o], "%s", outlet_pool[o]);
        else
            snprintf(outlet_name[o], sizeof outlet_name[o], "Store %03zu", o + 1);
    }
    qsort(outlet_name, noutlets, sizeof *outlet_name, cmp_str);
    for (size_t o = 0; o < noutlets; o++) {
        size_t i = 0;
        for (; outlet_name[o][i]; i++)
            outlet_key[o][i] = outlet_name[o][i] == ' ' ? '_' : outlet_name[o][i];
        outlet_key[o][i] = '\0';
        outlet_tax[o] = PICK(tax_names);
    }

    NCOLS = C_FIXED + 4 * noutlets;
    F = calloc(NCOLS + 1, sizeof *F);
    acap = 64 * 1024 + NCOLS * 64;
    arena = malloc(acap);
    if (!F || !arena)
        die("out of memory");

    /* header */
    sbuf head = {0};
    for (size_t i = 0; i < C_FIXED; i++) {
        sb_puts(&head, i ? "," : "");
        sb_puts(&head, fixed_head[i]);
    }
    static const char *const prefix[4] = {"outlet_tax_", "inventory_", "reorder_point_",
                                          "restock_level_"};
    for (size_t o = 0; o < noutlets; o++)
        for (int k = 0; k < 4; k++) {
            char col[128];
            snprintf(col, sizeof col, "%s%s", prefix[k], outlet_key[o]);
            sb_putc(&head, ',');
            put_field(&head, col, strlen(col));
        }
    sb_putc(&head, '\n');
    sb_put(&outbuf, head.d, head.len);
    free(head.d);

    family f;
    memset(&f, 0, sizeof f);
    uint64_t left = nvariants, index = 0;
    while (left) {
        int size = size_of_family();
        if ((uint64_t)size > left)
            size = (int)left;
        new_family(&f, index, size, problems);
        stats.nameless_families += (uint64_t)f.missing_name;
        stats.option_names_differ += f.name_differs_row >= 0;
        if (size == 1 && !f.nopt && nstandard >= 8 && chance(40)) {
            f.composite = 1;
            stats.composites++;
        }
        write_family(&f, problems, &left);
        stats.families++;
        /* now and then an orphan component row (no composite above it) */
        if (chance(problems / 30 ? problems / 30 : 0)) {
            char id[37];
            uuid(id);
            component_row(id, "GHOST-SKU", "Ghost Bundle", "Some Part", "PART-1", "1");
            put_row(&outbuf);
            stats.orphans++;
        }
        release_pending(index, 0);
        index++;
    }
    release_pending(index, 1);
    flush_out(1);
    if (fflush(stdout) != 0)
        die("cannot write to standard output");
    free(f.desc.d);

    fprintf(stderr,
            "gen: %" PRIu64 " product rows in %" PRIu64 " families (%" PRIu64
            " split), %" PRIu64 " composites with %" PRIu64 " component rows, %" PRIu64
            " orphan component rows, %zu outlets, seed %" PRIu64 "; problems: %" PRIu64
            " rows,",
            stats.variants, stats.families, stats.split, stats.composites, stats.components,
            stats.orphans, noutlets, seed, stats.problems);
    fprintf(stderr, " nameless families %" PRIu64 "; option names differ %" PRIu64
            "; missing components %" PRIu64 ";", stats.nameless_families,
            stats.option_names_differ, stats.missing_components);
    for (int p = 0; p < P_COUNT; p++)
        if (stats.per_problem[p])
            fprintf(stderr, " %s %" PRIu64 ";", problem_names[p], stats.per_problem[p]);
    fprintf(stderr, "\n");
    free(F);
    free(arena);
    free(outbuf.d);
    free(pending);
    free(outlet_name);
    free(outlet_key);
    free(outlet_tax);
    return 0;
}
