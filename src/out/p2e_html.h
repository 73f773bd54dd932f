/*
 * p2e_html.h - report.html: the catalog as it will look in the store, for
 * a person to read before the import goes live. One self-contained page
 * (inline CSS, one small inline script allowed by its hash, no request to
 * the network of any kind): the to-do list first, one card per product in
 * import order (photos from the staged images/ folder, the description in
 * a sandboxed frame, variations, findings with their action, converted
 * values POS beside eCom, the POS-only values behind a disclosure), the
 * products not written and why, and for sync and audit the differences
 * with the store and the products to create, to delete by hand and those
 * only eCom has. Readable with scripting off (the filters need it, the
 * content does not) and printable.
 *
 * Big catalogs: past P2E_HTML_CARDS products, products without an error or
 * a warning are a line of a compact list rather than a card, and past
 * P2E_HTML_CARDS_MAX cards every further product is a line (README, "The
 * report page", gives the measurements behind the numbers).
 *
 * Every value from an export goes through p2e_html_esc.h.
 *
 * Ownership: everything is borrowed; the page is handed to the output set.
 */
#ifndef P2E_HTML_H
#define P2E_HTML_H

#include <stddef.h>

#include "p2e_catalog.h"
#include "p2e_csvwrite.h"
#include "p2e_images.h"
#include "p2e_outlet.h"
#include "p2e_report.h"
#include "p2e_status.h"
#include "p2e_sync.h"
#include "p2e_units.h"

/* The first P2E_HTML_CARDS products are cards, then those with an error
 * or a warning up to P2E_HTML_CARDS_MAX; the rest are lines. Measured on
 * the 100,000-variant bench page (README, Speed): 300 cards with 30
 * frames held its opening at about 3 s, 150 with 10 at about 2.2 s. */
#define P2E_HTML_CARDS 100
#define P2E_HTML_CARDS_MAX 150
/* The first cards render their description in a frame; later ones show
 * its HTML as text (a frame is a document of its own: the costliest part
 * of a card when the page opens). */
#define P2E_HTML_FRAMES 10

typedef struct {
    const char *command;            /* "convert", "sync" or "audit" */
    const p2e_catalog *cat;
    size_t nfiles;                  /* cat->file_names' length */
    const p2e_report *rep;
    const p2e_images *images;       /* NULL without --images */
    const p2e_outlet_set *outlets;  /* the selected outlets are summed */
    const p2e_unit *weight_unit, *dimension_unit;
    const char *notsynced_path;     /* not-synced.csv as staged, or NULL */
    const char *drift_path;         /* drift.csv as staged (sync, audit), or NULL */
    const p2e_sync *plan;           /* sync and audit, else NULL */
    size_t cards, cards_max;        /* 0: P2E_HTML_CARDS, P2E_HTML_CARDS_MAX (tests set less) */
} p2e_html_input;

p2e_status p2e_html_write(const p2e_html_input *in, const char *dir, const char *name,
                          p2e_outset *set, p2e_err *err) P2E_MUST_CHECK;

#endif
