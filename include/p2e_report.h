/*
 * p2e_report.h - findings: every data problem and every change a rule made.
 *
 * A finding has a stable code (P2E_CODE_*), a severity fixed by the code, the
 * file and line of the row, its handle and SKU, the field (input column) and
 * the value. Data problems never stop a run; they end up here.
 *
 * Ownership: the report copies every string given to p2e_report_add and owns
 * the copies; p2e_report_free releases them.
 */
#ifndef P2E_REPORT_H
#define P2E_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "p2e_buf.h"
#include "p2e_csvwrite.h"
#include "p2e_status.h"

typedef enum { P2E_SEV_ERROR, P2E_SEV_WARNING, P2E_SEV_INFO } p2e_severity;

#define P2E_CODES(X)                                                                          \
    X(ENCODING_CONVERTED, WARNING, "the file was not UTF-8 and was converted; check accented letters")   \
    X(UNKNOWN_COLUMN, INFO, "column not used by the conversion")                              \
    X(DUPLICATE_COLUMN, WARNING, "column name repeated; the first column of that name is used") \
    X(ROW_TOO_LONG, ERROR, "row has more fields than the header; not written")                \
    X(ROW_SHORT, WARNING, "row has fewer fields than the header; missing fields read as empty") \
    X(UNTERMINATED_QUOTE, ERROR, "the file ends inside a quoted field: that last row holds the rest of the file and is not written") \
    X(TEXT_AFTER_QUOTE, ERROR, "text after a closing quote (\"Lid\" large): the row is not written; the rows after it are read as usual") \
    X(NUL_IN_FIELD, ERROR, "a field holds a NUL byte (U+0000, shown as \u2400 in the value): the row is not written") \
    X(COMPONENT_ORPHAN, ERROR, "composite component row with no composite row above it; not written") \
    X(MISSING_HANDLE, WARNING, "empty handle; the product name is used to group variants")    \
    X(MISSING_SKU, ERROR, "empty SKU; not written (eCom could never match it again)")         \
    X(DUPLICATE_SKU, ERROR, "SKU already used by an earlier row; this row is not written")    \
    X(DUPLICATE_ID, WARNING, "id already used by an earlier row; this row is not written")    \
    X(NUMBER_DAMAGED, ERROR, "value looks like spreadsheet scientific notation; its digits are lost") \
    X(MISSING_NAME, ERROR, "product has no name; not written")                                \
    X(NAME_TOO_LONG, ERROR, "name over 255 characters; written, but eCom will reject it")     \
    X(SKU_TOO_LONG, ERROR, "SKU over 255 characters; written, but eCom will reject it")       \
    X(FAMILY_FIELD_CONFLICT, WARNING, "differs from the family's first row; the first row's value is used") \
    X(OPTION_NAMES_DIFFER, WARNING, "option names differ from the family's first row; values are read by position") \
    X(OPTION_VALUE_MISSING, WARNING, "variant has no value for this option")                  \
    X(DUPLICATE_COMBINATION, ERROR, "same option values as an earlier variant of the family; not written") \
    X(IN_STORE_ONLY, INFO, "sold in store only (active_online=0); product not written")       \
    X(IN_STORE_ONLY_VARIANT, INFO, "variant sold in store only (active_online=0); not written") \
    X(INACTIVE_PRODUCT, INFO, "no active variant; written as unavailable")                    \
    X(INACTIVE_VARIANT, INFO, "inactive variant of an active product; not written")          \
    X(PRICE_INVALID, ERROR, "price is not a non-negative number; variant not written")        \
    X(PRICE_MISSING, WARNING, "empty price; written as 0.00")                                 \
    X(PRICE_ROUNDED, INFO, "price rounded half-up to 2 decimals")                             \
    X(STOCK_NEGATIVE, WARNING, "negative stock counted as 0")                                 \
    X(STOCK_INVALID, WARNING, "stock is not a number; counted as 0")                          \
    X(STOCK_FRACTIONAL, WARNING, "fractional stock total rounded down")                       \
    X(UNTRACKED_INVENTORY, INFO, "stock not tracked; written as not tracked, no quantity")    \
    X(COMPOSITE_MISSING_COMPONENT, WARNING, "component missing or with a bad quantity; composite stock set to 0") \
    X(GTIN_INVALID, WARNING, "UPC is not a valid GTIN-8/12/13/14; written anyway")            \
    X(UNIT_UNKNOWN, ERROR, "unknown unit; value not written")                                 \
    X(UNIT_MISSING, WARNING, "no unit; value taken to be in the store's unit")                \
    X(NUMBER_INVALID, ERROR, "not a non-negative number; value not written")                  \
    X(SKU_BASE_SUFFIX, INFO, "handle equals a SKU in the file; ' - Base' appended to the product SKU") \
    X(IMAGE_UNSUPPORTED, WARNING, "not a JPEG, PNG, GIF or WebP image; not used")               \
    X(IMAGE_CORRUPT, ERROR, "image header unreadable, empty or truncated; not used")          \
    X(IMAGE_EXTENSION, WARNING, "file extension does not match its content; staged with the right one") \
    X(IMAGE_DUPLICATE, INFO, "same bytes as another image; staged once")                      \
    X(IMAGE_ORPHAN, WARNING, "image matches no written product or variant; not used")         \
    X(IMAGE_MISSING, INFO, "written product has no image")                                    \
    X(IMAGE_SMALL, INFO, "image under 200 px on its short side")                              \
    X(MANUAL_FIELDS, INFO, "eCom-only fields to fill by hand: 'Compare to' price, subtitle, low stock threshold (see manual-fields.csv)") \
    X(TAX_INCLUSIVE_PRICES, INFO, "the export has tax columns: prices are tax-inclusive in such stores; check the eCom store's tax display") \
    X(TOO_MANY_OPTIONS, WARNING, "variants of one product use more than three option names; eCom gets the family's first three") \
    X(ECOM_ONLY_PRODUCT, INFO, "product in the eCom store that matches no POS product: eCom-only, or deleted in the POS; left alone") \
    X(ECOM_ONLY_VARIATION, INFO, "variation in the eCom store that matches no POS variant; left alone") \
    X(DELETED_IN_POS, WARNING, "product deleted in the POS (in --previous, not in the export): delete it in eCom (see ecom-delete.csv)") \
    X(IMAGE_AMBIGUOUS, WARNING, "image name matches several SKUs or products only ignoring case; not used") \
    X(IMAGE_GALLERY_FULL, WARNING, "more photos than the import takes per product (18: main image and 17 gallery images); the last ones in gallery order are left out") \
    X(IMAGE_NO_BASE_URL, WARNING, "images staged but not referenced: upload DIR/images/ and run again with --image-base-url") \
    X(STOCK_OUT_OF_RANGE, ERROR, "stock count beyond what the store holds (2,147,483,647); variant not written") \
    X(REORDER_POINT_OUT_OF_RANGE, WARNING, "reorder points sum beyond what the store's low stock threshold holds (2,147,483,647); the hint in manual-fields.csv is left empty") \
    X(CATEGORY_TOO_DEEP, ERROR, "category path deeper than 32 levels; the product is written without a category")

typedef enum {
#define P2E_CODE_ENUM(name, sev, text) P2E_CODE_##name,
    P2E_CODES(P2E_CODE_ENUM)
#undef P2E_CODE_ENUM
    P2E_CODE_COUNT
} p2e_code;

#define P2E_NO_VARIANT UINT32_MAX

/* Findings about a row's values are recorded while reading, before the
 * rules decide whether the row is written; keep says which survive. */
typedef enum {
    P2E_KEEP_ALWAYS,
    P2E_KEEP_IF_WRITTEN,     /* value findings: only for written rows */
    P2E_KEEP_IF_EXCLUDED_BY, /* only if this very code excluded the row */
} p2e_keep;

/* file index of findings about files other than the exports (images) */
#define P2E_FILE_OTHER UINT32_MAX

typedef struct {
    p2e_code code;
    uint32_t file;       /* index into the run's input files, or P2E_FILE_OTHER */
    p2e_str path;        /* with P2E_FILE_OTHER: the file's path */
    unsigned long line;  /* 0: about the whole file */
    uint32_t variant;    /* catalog variant, or P2E_NO_VARIANT */
    p2e_keep keep;       /* when the finding survives the variant's fate */
    p2e_str handle, sku, field, value, detail;
} p2e_finding;

typedef struct {
    p2e_finding *items;
    size_t count, cap;
    p2e_pool strings;
} p2e_report;

p2e_status p2e_report_init(p2e_report *r) P2E_MUST_CHECK;
void p2e_report_free(p2e_report *r);

/* Strings may be NULL. detail (optional) is appended to the code's message. */
p2e_status p2e_report_add(p2e_report *r, p2e_code code, uint32_t file, unsigned long line,
                          uint32_t variant, p2e_keep keep, const char *handle,
                          const char *sku, const char *field, const char *value,
                          const char *detail) P2E_MUST_CHECK;

/* A finding about a file that is not an export (an image): shown with
 * `path` as its file and no line; sorted after the exports' findings. */
p2e_status p2e_report_add_path(p2e_report *r, p2e_code code, const char *path,
                               const char *handle, const char *sku, const char *field,
                               const char *value, const char *detail) P2E_MUST_CHECK;

/* The same, with a line number in that file. */
p2e_status p2e_report_add_at(p2e_report *r, p2e_code code, const char *path, unsigned long line,
                             const char *handle, const char *sku, const char *field,
                             const char *value, const char *detail) P2E_MUST_CHECK;

/* Keep only the findings for which keep_fn returns true. */
void p2e_report_filter(p2e_report *r, int (*keep_fn)(void *ctx, const p2e_finding *f), void *ctx);

/* Sort by file, then line; equal keys keep the order they were added in. */
p2e_status p2e_report_sort(p2e_report *r) P2E_MUST_CHECK;

const char *p2e_code_name(p2e_code code);
p2e_severity p2e_code_severity(p2e_code code);
const char *p2e_code_message(p2e_code code);
const char *p2e_severity_name(p2e_severity sev);

/* Count of findings per code (array of P2E_CODE_COUNT) and per severity. */
void p2e_report_count(const p2e_report *r, size_t per_code[P2E_CODE_COUNT], size_t per_sev[3]);



/* Write DIR/exceptions.csv: severity,code,file,line,handle,sku,field,value,
 * message, in the report's current order; file_names maps file indexes to
 * the names shown. Cells a spreadsheet would run as formulas are written
 * as text. The file goes to `set`, or into place at once when set is NULL. */
p2e_status p2e_report_write_exceptions(const p2e_report *r, const char *const *file_names,
                                       const char *dir, p2e_outset *set, p2e_err *err)
    P2E_MUST_CHECK;
#endif
