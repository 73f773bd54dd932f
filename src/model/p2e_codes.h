/*
 * p2e_codes.h - the finding codes: each has a stable name, a severity that
 * means what it says (error: not written, or the store will reject it;
 * warning: written with an assumption; info: a rule changed or left out
 * something on purpose) and a message. The table is the one list of codes:
 * the README's table and its action texts are kept in step with it by
 * tests/test_docs.c.
 *
 * Ownership: nothing here allocates.
 */
#ifndef P2E_CODES_H
#define P2E_CODES_H

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
    X(IMAGE_UNSUPPORTED, WARNING, "not a photo format the image library reads; not used")     \
    X(IMAGE_CORRUPT, ERROR, "image empty, truncated or that the image library cannot decode; not used") \
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
    X(REORDER_POINT_OUT_OF_RANGE, WARNING, "reorder points sum beyond what the store's low stock threshold holds (2,147,483,647); the hint (reorder_point_pos in mapping.csv) is left empty") \
    X(CATEGORY_TOO_DEEP, ERROR, "category path deeper than 32 levels; the product is written without a category") \
    X(NO_OPTION_VALUES, WARNING, "no row of the product has an option value: a variation is a set of option values, so it is written as a standard product") \
    X(VARIANT_WITHOUT_OPTION_VALUE, ERROR, "row has no option value: a variation is a set of option values; not written") \
    X(OPTION_NAME_RENAMED, WARNING, "option name used in two slots of one product; the later slot is renamed (Color 2) so that both values are kept") \
    X(INCOMPLETE_VARIANT_GRID, WARNING, "combinations of option values with no variation: the store would sell them as the base product, so the base product is written tracked with quantity 0") \
    X(TEXT_CLEANED, INFO, "line breaks, tabs or other control characters became single spaces, and leading or trailing spaces were trimmed") \
    X(IMAGE_CONVERTED, INFO, "photo in a format or colours the store does not take; staged as sRGB 8-bit JPEG (PNG with transparency)") \
    X(IMAGE_ROTATED, INFO, "photo with an EXIF orientation; staged upright") \
    X(IMAGE_RESIZED, INFO, "photo over --max-image-px on its long side; staged shrunk to it, aspect ratio kept") \
    X(IMAGE_METADATA_REMOVED, INFO, "location and personal metadata (GPS, serial numbers, owner) left out of the staged photos; the value is how many") \
    X(ROW_TRUNCATED, ERROR, "a text field reaches the spreadsheet cell limit (32,767 characters) and every later field is empty: a spreadsheet cut the row; not written") \
    X(LEADING_ZERO_LOST, WARNING, "a spreadsheet dropped leading zeros from this code") \
    X(NUMBER_CONVENTION, INFO, "numbers of this column are written with a decimal comma or marks between thousands (a spreadsheet's locale); read that way") \
    X(CURRENCY_STRIPPED, INFO, "a currency sign or code around the prices of this column was removed") \
    X(IMPORT_ENCODING, ERROR, "import file is not UTF-8, or starts with a byte-order mark: the store's exports are UTF-8 with no BOM") \
    X(IMPORT_QUOTING, ERROR, "broken quoting (text after a closing quote, or a quote open to the end of the file), or a row with more or fewer fields than the header") \
    X(IMPORT_UNKNOWN_COLUMN, WARNING, "column the E-Series import does not know; the store ignores it") \
    X(IMPORT_ROW_TYPE, ERROR, "type is not product, product_option, product_variation or category") \
    X(IMPORT_ROW_ORDER, ERROR, "option or variation row not among its product's rows (product, then its options, then its variations)") \
    X(IMPORT_KEY_MISSING, ERROR, "row lacks a required key: a product needs a name to be created or a SKU or internal id to be updated; an option row its product's key, option name and value; a variation row its product's key and an option value") \
    X(IMPORT_BOOLEAN, ERROR, "not true or false in lowercase") \
    X(IMPORT_DECIMAL, ERROR, "not a number with a dot decimal point and no thousands separators") \
    X(IMPORT_QUANTITY, ERROR, "not a whole number") \
    X(IMPORT_OPTION_VALUE, ERROR, "variation value is not one of the values of its option in the product's option rows") \
    X(IMPORT_OPTION_DEFAULT, ERROR, "option has more than one default value") \
    X(IMPORT_DUPLICATE_SKU, ERROR, "product SKU or variation SKU already used by an earlier row of the file") \
    X(IMPORT_TOO_LONG, ERROR, "longer than the store takes (255 characters for names, SKUs and each category level)") \
    X(IMPORT_IMAGE_URL, ERROR, "image is not an absolute http:// or https:// URL: the store downloads images from their URLs") \
    X(IMPORT_LEGACY_FORMAT, WARNING, "a legacy-format file (stores made before 24.05.2023: name;sku;price...), which the legacy importer maps by position; its rows are not checked") \
    X(CATEGORY_LEVEL_SEPARATOR, WARNING, "a category level holds '/' or ';': written as one level, as the POS shows it (the store splits paths only at ' / '); check the category tree after the import") \
    X(IMPORT_DUPLICATE_COLUMN, ERROR, "column name already used by an earlier column of the header: the import maps columns by name, so which one it takes is not defined") \
    X(IMPORT_CATEGORY_ORDER, WARNING, "category rows before a product row: the store's exports put every category row after all the products") \
    X(IMPORT_ROW_TYPE_COLUMN, WARNING, "value in a column this row type does not have (the store's export leaves it empty on such rows): what the import does with it is not documented")

typedef enum {
#define P2E_CODE_ENUM(name, sev, text) P2E_CODE_##name,
    P2E_CODES(P2E_CODE_ENUM)
#undef P2E_CODE_ENUM
    P2E_CODE_COUNT
} p2e_code;

#endif
