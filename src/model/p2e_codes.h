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
    X(ENCODING_CONVERTED, WARNING, "the file was not UTF-8 and was converted; check accented letters", \
      "Check the accented letters in ecom-import.csv; if they are wrong, run again with the --encoding the finding names.") \
    X(UNKNOWN_COLUMN, INFO, "column not used by the conversion", \
      "Nothing to do, unless the column holds data you expected to move to eCom.") \
    X(DUPLICATE_COLUMN, WARNING, "column name repeated; the first column of that name is used", \
      "Remove the extra column from the export and run again.") \
    X(ROW_TOO_LONG, ERROR, "row has more fields than the header; not written", \
      "Fix the row in the export (a stray comma or quote) and run again.") \
    X(ROW_SHORT, WARNING, "row has fewer fields than the header; missing fields read as empty", \
      "Check that the row was not cut off; export again from the POS if it was.") \
    X(UNTERMINATED_QUOTE, ERROR, "the file ends inside a quoted field: that last row holds the rest of the file and is not written", \
      "Export again from the POS: the file is cut off or has a stray quote.") \
    X(TEXT_AFTER_QUOTE, ERROR, "text after a closing quote (\"Lid\" large): the row is not written; the rows after it are read as usual", \
      "Fix the quotes of the row in the POS (\"\" for a quote inside a quoted value) and export again.") \
    X(NUL_IN_FIELD, ERROR, "a field holds a NUL byte (U+0000, shown as \u2400 in the value): the row is not written", \
      "Fix the value in the POS and export again; check that the --encoding given is right.") \
    X(COMPONENT_ORPHAN, ERROR, "composite component row with no composite row above it; not written", \
      "Fix the composite product in the POS so the component sits under it, and export again.") \
    X(MISSING_HANDLE, WARNING, "empty handle; the product name is used to group variants", \
      "Give the product a handle in the POS.") \
    X(MISSING_SKU, ERROR, "empty SKU; not written (eCom could never match it again)", \
      "Give these variants a SKU in the POS and export again.") \
    X(DUPLICATE_SKU, ERROR, "SKU already used by an earlier row; this row is not written", \
      "Give each variant its own SKU in the POS and export again.") \
    X(DUPLICATE_ID, WARNING, "id already used by an earlier row; this row is not written", \
      "Remove the repeated rows (do two exports overlap?) and run again.") \
    X(NUMBER_DAMAGED, ERROR, "value looks like spreadsheet scientific notation; its digits are lost", \
      "Retype the code in the POS and export again; open exports in a spreadsheet only with codes imported as text.") \
    X(MISSING_NAME, ERROR, "product has no name; not written", \
      "Name the product in the POS and export again.") \
    X(NAME_TOO_LONG, ERROR, "name over 255 characters; written, but eCom will reject it", \
      "Shorten the name or SKU to 255 characters in the POS and export again.") \
    X(SKU_TOO_LONG, ERROR, "SKU over 255 characters; written, but eCom will reject it", \
      "Shorten the name or SKU to 255 characters in the POS and export again.") \
    X(FAMILY_FIELD_CONFLICT, WARNING, "differs from the family's first row; the first row's value is used", \
      "Give the variants of the product the same value in the POS.") \
    X(OPTION_NAMES_DIFFER, WARNING, "option names differ from the family's first row; values are read by position", \
      "Give the variants of the product the same option names in the POS.") \
    X(OPTION_VALUE_MISSING, WARNING, "variant has no value for this option", \
      "Fill in the option value in the POS.") \
    X(DUPLICATE_COMBINATION, ERROR, "same option values as an earlier variant of the family; not written", \
      "Give each variant of the product its own combination of option values in the POS and export again.") \
    X(IN_STORE_ONLY, INFO, "sold in store only (active_online=0); product not written", \
      "Nothing to do, unless it should sell online: then turn its online sale on in the POS.") \
    X(IN_STORE_ONLY_VARIANT, INFO, "variant sold in store only (active_online=0); not written", \
      "Nothing to do, unless it should sell online: then turn its online sale on in the POS.") \
    X(INACTIVE_PRODUCT, INFO, "no active variant; written as unavailable", \
      "Nothing to do: the product is written as unavailable.") \
    X(INACTIVE_VARIANT, INFO, "inactive variant of an active product; not written", \
      "Nothing to do: an inactive variant is not sold online.") \
    X(PRICE_INVALID, ERROR, "price is not a non-negative number; variant not written", \
      "Fix the price in the POS and export again.") \
    X(PRICE_MISSING, WARNING, "empty price; written as 0.00", \
      "Set the price in the POS, or check that 0.00 is meant.") \
    X(PRICE_ROUNDED, INFO, "price rounded half-up to 2 decimals", \
      "Nothing to do: eCom prices have two decimals.") \
    X(STOCK_NEGATIVE, WARNING, "negative stock counted as 0", \
      "Count the stock of these variants and correct it in the POS.") \
    X(STOCK_INVALID, WARNING, "stock is not a number; counted as 0", \
      "Correct the stock count in the POS.") \
    X(STOCK_FRACTIONAL, INFO, "fractional stock total rounded down", \
      "Nothing to do, unless the unit of measure is wrong in the POS.") \
    X(UNTRACKED_INVENTORY, INFO, "stock not tracked; written as not tracked, no quantity", \
      "Nothing to do: eCom does not track the stock of these products either.") \
    X(COMPOSITE_MISSING_COMPONENT, WARNING, "component missing or with a bad quantity; composite stock set to 0", \
      "Export the components too, or fix the composite product in the POS.") \
    X(GTIN_INVALID, WARNING, "UPC is not a valid GTIN-8/12/13/14; written anyway", \
      "Check the barcode in the POS.") \
    X(UNIT_UNKNOWN, ERROR, "unknown unit; value not written", \
      "Fix the unit in the POS and export again.") \
    X(UNIT_MISSING, WARNING, "no unit; value taken to be in the store's unit", \
      "Set the unit in the POS, or check that the store's unit is meant.") \
    X(NUMBER_INVALID, ERROR, "not a non-negative number; value not written", \
      "Fix the value in the POS and export again.") \
    X(SKU_BASE_SUFFIX, INFO, "handle equals a SKU in the file; ' - Base' appended to the product SKU", \
      "Nothing to do: the product SKU ends in ' - Base' so that it differs from the variant's.") \
    X(IMAGE_UNSUPPORTED, WARNING, "not a photo format the image library reads; not used", \
      "Save the photo as JPEG or PNG and run again.") \
    X(IMAGE_CORRUPT, ERROR, "image empty, truncated or that the image library cannot decode; not used", \
      "Replace the photo file with a good copy and run again.") \
    X(IMAGE_EXTENSION, INFO, "file extension does not match its content; staged with the right one", \
      "Nothing to do: the photo is staged under the right extension.") \
    X(IMAGE_DUPLICATE, INFO, "same bytes as another image; staged once", \
      "Nothing to do: the photo is staged once.") \
    X(IMAGE_ORPHAN, WARNING, "image matches no written product or variant; not used", \
      "Rename the photo after the SKU or handle of its product, or remove it from the folder.") \
    X(IMAGE_MISSING, INFO, "written product has no image", \
      "Add a photo of the product to the image folder, named after its SKU or handle.") \
    X(IMAGE_SMALL, WARNING, "image under 200 px on its short side", \
      "Use a larger photo (at least 200 px on its short side).") \
    X(MANUAL_FIELDS, INFO, "eCom-only fields to fill by hand: 'Compare to' price, subtitle, low stock threshold (see manual-fields.csv)", \
      "Fill in the 'Compare to' prices, subtitles and low stock thresholds you use in manual-fields.xlsx and run pos2ecom fill (or in manual-fields.csv), then import the update.") \
    X(TAX_INCLUSIVE_PRICES, INFO, "the export has tax columns: prices are tax-inclusive in such stores; check the eCom store's tax display", \
      "Check that the eCom store shows prices as tax-inclusive too.") \
    X(TOO_MANY_OPTIONS, WARNING, "variants of one product use more than three option names; eCom gets the family's first three", \
      "Use at most three option names per product in the POS.") \
    X(ECOM_ONLY_PRODUCT, INFO, "product in the eCom store that matches no POS product: eCom-only, or deleted in the POS; left alone", \
      "Delete the product in eCom if it was deleted in the POS; otherwise leave it.") \
    X(ECOM_ONLY_VARIATION, INFO, "variation in the eCom store that matches no POS variant; left alone", \
      "Delete the variation in eCom if it was deleted in the POS; otherwise leave it.") \
    X(DELETED_IN_POS, WARNING, "product deleted in the POS (in --previous, not in the export): delete it in eCom (see ecom-delete.csv)", \
      "Delete the product in eCom: ecom-delete.csv lists it.") \
    X(IMAGE_AMBIGUOUS, WARNING, "image name matches several SKUs or products only ignoring case; not used", \
      "Rename the photo to the exact SKU or handle of its product.") \
    X(IMAGE_GALLERY_FULL, WARNING, "more photos than the import takes per product (18: main image and 17 gallery images); the last ones in gallery order are left out", \
      "Keep the best 18 photos (name them first), or add the rest in eCom by hand.") \
    X(IMAGE_NO_BASE_URL, WARNING, "images staged but not referenced: upload DIR/images/ and run again with --image-base-url", \
      "Upload the images folder to a public web address and run again with --image-base-url.") \
    X(STOCK_OUT_OF_RANGE, ERROR, "stock count beyond what the store holds (2,147,483,647); variant not written", \
      "Fix the stock count in the POS (often a barcode typed into a stock column) and export again.") \
    X(REORDER_POINT_OUT_OF_RANGE, WARNING, "reorder points sum beyond what the store's low stock threshold holds (2,147,483,647); the hint (reorder_point_pos in mapping.csv) is left empty", \
      "Fix the reorder point in the POS; set the low stock threshold in eCom by hand.") \
    X(CATEGORY_TOO_DEEP, ERROR, "category path deeper than 32 levels; the product is written without a category", \
      "Shorten the category path in the POS (a stray ' / ' in a name?) and export again.") \
    X(NO_OPTION_VALUES, WARNING, "no row of the product has an option value: a variation is a set of option values, so it is written as a standard product", \
      "Fill in the option values in the POS, or make the rows separate products.") \
    X(VARIANT_WITHOUT_OPTION_VALUE, ERROR, "row has no option value: a variation is a set of option values; not written", \
      "Fill in the option value in the POS and export again.") \
    X(OPTION_NAME_RENAMED, WARNING, "option name used in two slots of one product; the later slot is renamed (Color 2) so that both values are kept", \
      "Give the options of the product distinct names in the POS.") \
    X(INCOMPLETE_VARIANT_GRID, WARNING, "combinations of option values with no variation: the store would sell them as the base product, so the base product is written tracked with quantity 0", \
      "Add the missing variants in the POS if they exist; otherwise nothing to do: they cannot be bought.") \
    X(TEXT_CLEANED, INFO, "line breaks, tabs or other control characters became single spaces, and leading or trailing spaces were trimmed", \
      "Nothing to do; tidy the text in the POS if you like.") \
    X(IMAGE_CONVERTED, INFO, "photo in a format or colours the store does not take; staged as sRGB 8-bit JPEG (PNG with transparency)", \
      "Nothing to do: the photo is staged in a format the store takes.") \
    X(IMAGE_ROTATED, INFO, "photo with an EXIF orientation; staged upright", \
      "Nothing to do: the photo is staged upright.") \
    X(IMAGE_RESIZED, INFO, "photo over --max-image-px on its long side; staged shrunk to it, aspect ratio kept", \
      "Nothing to do, or run again with a larger --max-image-px.") \
    X(IMAGE_METADATA_REMOVED, INFO, "location and personal metadata (GPS, serial numbers, owner) left out of the staged photos; the value is how many", \
      "Nothing to do; --keep-metadata keeps the metadata.") \
    X(ROW_TRUNCATED, ERROR, "a text field reaches the spreadsheet cell limit (32,767 characters) and every later field is empty: a spreadsheet cut the row; not written", \
      "Export the products again straight from the POS, not through a spreadsheet.") \
    X(LEADING_ZERO_LOST, WARNING, "a spreadsheet dropped leading zeros from this code", \
      "Run again with --restore-upc-zeros, or export again with the code columns kept as text.") \
    X(NUMBER_CONVENTION, INFO, "numbers of this column are written with a decimal comma or marks between thousands (a spreadsheet's locale); read that way", \
      "Nothing to do; check the values the finding names.") \
    X(CURRENCY_STRIPPED, INFO, "a currency sign or code around the prices of this column was removed", \
      "Nothing to do: the store's currency is set in eCom.") \
    X(IMPORT_ENCODING, ERROR, "import file is not UTF-8, or starts with a byte-order mark: the store's exports are UTF-8 with no BOM", \
      "Save the file as UTF-8 without a byte-order mark.") \
    X(IMPORT_QUOTING, ERROR, "broken quoting (text after a closing quote, or a quote open to the end of the file), or a row with more or fewer fields than the header", \
      "Fix the quotes: a field holding a comma, quote or line break is quoted whole, with its quotes doubled.") \
    X(IMPORT_UNKNOWN_COLUMN, WARNING, "column the E-Series import does not know; the store ignores it", \
      "Check the column's spelling against docs/import-checks.md.") \
    X(IMPORT_ROW_TYPE, ERROR, "type is not product, product_option, product_variation or category", \
      "Correct the row's type.") \
    X(IMPORT_ROW_ORDER, ERROR, "option or variation row not among its product's rows (product, then its options, then its variations)", \
      "Move the row under its product, options before variations.") \
    X(IMPORT_KEY_MISSING, ERROR, "row lacks a required key: a product needs a name to be created or a SKU or internal id to be updated; an option row its product's key, option name and value; a variation row its product's key and an option value", \
      "Fill in the row's key.") \
    X(IMPORT_BOOLEAN, ERROR, "not true or false in lowercase", \
      "Write lowercase true or false.") \
    X(IMPORT_DECIMAL, ERROR, "not a number with a dot decimal point and no thousands separators", \
      "Write the number with a dot and no thousands separators, as 1350.00.") \
    X(IMPORT_QUANTITY, ERROR, "not a whole number", \
      "Write a whole number.") \
    X(IMPORT_OPTION_VALUE, ERROR, "variation value is not one of the values of its option in the product's option rows", \
      "Add the value to the product's option rows, or correct the variation's value.") \
    X(IMPORT_OPTION_DEFAULT, ERROR, "option has more than one default value", \
      "Mark one value of the option as the default (true), the others false.") \
    X(IMPORT_DUPLICATE_SKU, ERROR, "product SKU or variation SKU already used by an earlier row of the file", \
      "Give each product and variation its own SKU.") \
    X(IMPORT_TOO_LONG, ERROR, "longer than the store takes (255 characters for names, SKUs and each category level)", \
      "Shorten the value to 255 characters.") \
    X(IMPORT_IMAGE_URL, ERROR, "image is not an absolute http:// or https:// URL: the store downloads images from their URLs", \
      "Upload the image and give its absolute http:// or https:// URL.") \
    X(IMPORT_LEGACY_FORMAT, WARNING, "a legacy-format file (stores made before 24.05.2023: name;sku;price...), which the legacy importer maps by position; its rows are not checked", \
      "Import the file through the legacy importer, or export it again in the new format.") \
    X(CATEGORY_LEVEL_SEPARATOR, WARNING, "a category level holds '/' or ';': written as one level, as the POS shows it (the store splits paths only at ' / '); check the category tree after the import", \
      "Look at the category tree after the import; rename the category in the POS if the store split it.") \
    X(FILL_INVALID_NUMBER, ERROR, "(fill) not a value the store takes in this column; the cell is not written", \
      "Correct the cell and run fill again.") \
    X(FILL_COMPARE_TO_NOT_ABOVE, WARNING, "(fill) the 'Compare to' price is at or below the price: the store shows no reduction; written as filled", \
      "Raise it, or empty the cell.") \
    X(FILL_UNKNOWN_SKU, ERROR, "(fill) the row's SKU is not in the product list pos2ecom wrote (changed, or a row added by hand); the row is not written", \
      "Give the row its SKU as written, or convert again if the catalog changed.") \
    X(FILL_LEADING_ZERO_RESTORED, WARNING, "(fill) a spreadsheet dropped the SKU's leading zeros; restored from the product list", \
      "Nothing to do; keep SKU cells as text next time.") \
    X(FILL_SUBTITLE_ON_VARIATION, WARNING, "(fill) a subtitle on a variation row: the subtitle is a product field; not written", \
      "Type it on the product's row.") \
    X(FILL_NO_PRODUCT_LIST, INFO, "(fill) a CSV without --products: SKUs are written as read (a lost leading zero is not restored) and 'Compare to' prices are not compared with the prices", \
      "Run fill again with --products manual-fields.xlsx (or the unedited manual-fields.csv).") \
    X(IMPORT_DUPLICATE_COLUMN, ERROR, "column name already used by an earlier column of the header: the import maps columns by name, so which one it takes is not defined", \
      "Keep one column of that name.") \
    X(IMPORT_CATEGORY_ORDER, WARNING, "category rows before a product row: the store's exports put every category row after all the products", \
      "Move the category rows to the end of the file.") \
    X(IMPORT_ROW_TYPE_COLUMN, WARNING, "value in a column this row type does not have (the store's export leaves it empty on such rows): what the import does with it is not documented", \
      "Move the value to the row type that has the column (availability is the product row's), or leave the cell empty.") \
    X(NOT_SYNCED_DAMAGED, WARNING, "value looks like spreadsheet scientific notation; its digits are lost, in a POS field that does not go to eCom (see not-synced.csv)", \
      "Nothing changes in eCom; retype the code in the POS if you use it there, and open exports in a spreadsheet only with codes imported as text.") \
    X(NUMBER_AMBIGUOUS, ERROR, "a number that reads two ways against the file's other numbers, not guessed: a price so written leaves its variant unwritten; a stock count, weight or dimension is not used", \
      "Write the number without a thousands mark, with the decimal mark the file's other numbers use, and export again.") \
    X(NUMBER_CONVENTION_LATE, WARNING, "numbers of a column that read two ways were read with the decimal mark of the rows before them, and a later row (past the rows looked at first) showed the column uses the other mark too; written as read", \
      "Check the values the finding counts (the first is named); write them without a thousands mark and export again.") \
    X(NOT_DELETED_ROW_LEFT_OUT, WARNING, "product in the eCom store that is in --previous and whose SKU is still on a row of the POS export, a row left out as a duplicate id or SKU: not deleted, left alone", \
      "Fix the POS row (its DUPLICATE_ID or DUPLICATE_SKU finding gives the line) and sync again; delete the product in eCom only if it is gone from the POS.")

typedef enum {
#define P2E_CODE_ENUM(name, sev, text, action) P2E_CODE_##name,
    P2E_CODES(P2E_CODE_ENUM)
#undef P2E_CODE_ENUM
    P2E_CODE_COUNT
} p2e_code;

#endif
