#!/bin/bash
# The report a merchant acts on: todo.csv and exceptions.csv of the demo
# and of the four public exports, checked by tests/tools/todo_check.py (an
# independent computation from exceptions.csv: order, counts, first lines,
# actions). The public exports are skipped, saying so, when absent.
# usage: tests/report.sh path/to/pos2ecom
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
pub=$top/../shared/fixtures-public/xseries

todo_ok() { # out-dir
  local msg
  msg=$("$py" "$top/tests/tools/todo_check.py" "$1" 2>&1) || problem "$msg"
}

if want demo-todo; then
  run convert -q --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
    --images "$samples/images" -o out "$samples/store/product-export.csv"
  expect_exit 0
  todo_ok out
  # what a person reads first: the errors, with their actions
  sed -n 2p out/todo.csv | grep -q '^error,DUPLICATE_SKU,1,Give each variant its own SKU' ||
    problem "todo.csv's first line is not DUPLICATE_SKU"
  sed -n 3p out/todo.csv | grep -q '^error,IMAGE_CORRUPT,1,' ||
    problem "todo.csv's second line is not IMAGE_CORRUPT"
  # the row's own name (line 128 of the export), not the earlier row's that has the SKU
  sed -n 2p out/exceptions.csv | grep -q '^error,DUPLICATE_SKU,product-export.csv,128,sticker-ridgeline-logo,STK-001,Sticker - Ridgeline Logo,' ||
    problem "exceptions.csv does not start with the duplicate SKU, named"
  done_case
fi

for f in "$pub"/*.csv; do
  b=$(basename "$f" .csv)
  want "public-todo-$b" || continue
  if [ ! -f "$f" ]; then skip_case "$pub is absent (the public exports are read there)"; continue; fi
  run convert -q --all-outlets -o out "$f"
  expect_exit 0
  todo_ok out
  done_case
done
# ---- the terminal summary (issue 15, point 4): exact lines -------------
# fixtures/report-todo: counts worked out by hand in its NOTES.md
todo_fx=$top/fixtures/report-todo
expect_text() { # file, expected text: compared whole
  printf '%s\n' "$2" > want.txt
  cmp -s want.txt "$1" || problem "$(basename "$1") differs (< expected, > got): $(diff want.txt "$1" | head -30)"
}

if want summary-errors-first; then
  cp "$todo_fx/export.csv" .
  run convert --all-outlets -o out export.csv
  expect_exit 0
  [ -s run.out ] && problem "standard output is not empty: $(head -3 run.out)"
  expect_text run.err "pos2ecom: read 9 rows from 1 file
  written: 5 rows as 4 products and 2 variations
  not written: 4 rows (MISSING_SKU 2, DUPLICATE_SKU 1, PRICE_INVALID 1)
  outlets summed: 'Main Outlet', 'Warehouse'
  files in out/: ecom-import.csv exceptions.csv todo.csv manual-fields.csv not-synced.csv mapping.csv outlets.csv summary.json manual-fields.xlsx report.html report.xlsx
4 errors, 4 warnings, 3 notes; what to do, most serious first (todo.csv):
  2 errors     MISSING_SKU         Give these variants a SKU in the POS and export again.
  1 error      DUPLICATE_SKU       Give each variant its own SKU in the POS and export again.
  1 error      PRICE_INVALID       Fix the price in the POS and export again.
  2 warnings   STOCK_NEGATIVE      Count the stock of these variants and correct it in the POS.
  1 warning    NOT_SYNCED_DAMAGED  Nothing changes in eCom; retype the code in the POS if you use it there, and open exports in a spreadsheet only with codes imported as text.
  1 warning    STOCK_INVALID       Correct the stock count in the POS.
  3 notes: see todo.csv
Next:
  1. Fix the 4 errors: out/exceptions.csv lists them (and the Exceptions sheet of report.xlsx).
  2. Import out/ecom-import.csv in eCom (Catalog > Products > Import).
  3. Fill in the manual fields of 4 products and 2 variations in out/manual-fields.xlsx if you use them, then run pos2ecom fill -o out out/manual-fields.xlsx and import out/ecom-manual-update.csv as an update."
  todo_ok out
  # one row per variant, naming every outlet concerned; one MANUAL_FIELDS for the run
  grep -qF ',tee,TEE-S,Tee,inventory_Main_Outlet inventory_Warehouse,"Main Outlet -2, Warehouse -1",' out/exceptions.csv ||
    problem "TEE-S: not one STOCK_NEGATIVE naming both outlets: $(grep TEE-S out/exceptions.csv)"
  [ "$(grep -c ',MANUAL_FIELDS,' out/exceptions.csv)" = 1 ] || problem "not one MANUAL_FIELDS"
  grep -qF 'info,MANUAL_FIELDS,,,,,,product_compare_to_price product_subtitle product_low_stock_notification_quantity,4 products and 2 variations,' out/exceptions.csv ||
    problem "MANUAL_FIELDS: $(grep MANUAL_FIELDS out/exceptions.csv)"
  done_case
fi

if want summary-dry-run; then
  cp "$todo_fx/export.csv" .
  run convert --all-outlets --dry-run --no-xlsx -o out export.csv
  expect_exit 0
  expect_absent out
  expect_text run.err "pos2ecom: read 9 rows from 1 file (dry run: nothing written)
  would write: 5 rows as 4 products and 2 variations
  not written: 4 rows (MISSING_SKU 2, DUPLICATE_SKU 1, PRICE_INVALID 1)
  outlets summed: 'Main Outlet', 'Warehouse'
4 errors, 4 warnings, 3 notes; what to do, most serious first:
  2 errors     MISSING_SKU         Give these variants a SKU in the POS and export again.
  1 error      DUPLICATE_SKU       Give each variant its own SKU in the POS and export again.
  1 error      PRICE_INVALID       Fix the price in the POS and export again.
  2 warnings   STOCK_NEGATIVE      Count the stock of these variants and correct it in the POS.
  1 warning    NOT_SYNCED_DAMAGED  Nothing changes in eCom; retype the code in the POS if you use it there, and open exports in a spreadsheet only with codes imported as text.
  1 warning    STOCK_INVALID       Correct the stock count in the POS.
  3 notes
Next:
  1. Fix the 4 errors; a run without --dry-run lists them in exceptions.csv.
  2. Run again without --dry-run to write the files."
  done_case
fi

if want summary-singular; then
  # one row, one file, one product, one warning (-3 counted as 0), one note
  # (MANUAL_FIELDS), no error; --no-xlsx: report.xlsx is not named
  printf 'handle,sku,name,retail_price,inventory_Main_Outlet\nlamp,LAMP-1,Desk Lamp,40.00,-3\n' > export.csv
  run convert --no-xlsx -o out export.csv
  expect_exit 0
  expect_text run.err "pos2ecom: read 1 row from 1 file
  written: 1 row as 1 product
  not written: 0 rows
  outlets summed: 'Main Outlet'
  files in out/: ecom-import.csv exceptions.csv todo.csv manual-fields.csv not-synced.csv mapping.csv outlets.csv summary.json report.html
0 errors, 1 warning, 1 note; what to do, most serious first (todo.csv):
  1 warning    STOCK_NEGATIVE  Count the stock of these variants and correct it in the POS.
  1 note: see todo.csv
Next:
  1. Import out/ecom-import.csv in eCom (Catalog > Products > Import).
  2. Fill in the manual fields of 1 product in out/manual-fields.csv if you use them, and import it as an update."
  done_case
fi

if want summary-one-error; then
  # one error: "Fix the error ... lists it"; two products with a variation each
  printf 'handle,sku,name,retail_price,variant_option_one_name,variant_option_one_value,inventory_Main_Outlet\n' > export.csv
  printf 'cup,CUP-S,Cup,4.00,Size,S,1\nmug,MUG-S,Mug,9.00,Size,S,2\npen,PEN-1,Pen,abc,,,1\n' >> export.csv
  run convert -o out export.csv
  expect_exit 0
  expect_err "  written: 2 rows as 2 products and 2 variations"
  expect_err "1 error, 0 warnings, 1 note; what to do, most serious first (todo.csv):"
  expect_err "  1. Fix the error: out/exceptions.csv lists it (and the Exceptions sheet of report.xlsx)."
  expect_err "  3. Fill in the manual fields of 2 products and 2 variations in out/manual-fields.xlsx"
  done_case
fi

if want summary-quiet; then
  cp "$todo_fx/export.csv" .
  run convert --all-outlets -q -o out export.csv
  expect_exit 0
  [ -s run.err ] && problem "-q printed: $(head -3 run.err)"
  done_case
fi

if want summary-sync-next; then
  # the demo's week 2: one product the store gets new (RL-SIT-01), one to delete
  run sync --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
    --ecom "$samples/sync/ecom-export.csv" --previous "$samples/store/product-export.csv" \
    -o out "$samples/sync/product-export-week2.csv"
  expect_exit 0
  expect_err "  2. Import out/ecom-update.csv in eCom as an update."
  expect_err "  3. Delete the 1 product of out/ecom-delete.csv in eCom by hand."
  expect_err "  4. Fill in the manual fields of the products new to the store (1 product) in out/manual-fields.xlsx"
  grep -qF 'info,MANUAL_FIELDS,,,,,,product_compare_to_price product_subtitle product_low_stock_notification_quantity,1 product,' out/exceptions.csv ||
    problem "sync MANUAL_FIELDS: $(grep MANUAL_FIELDS out/exceptions.csv)"
  done_case
fi

cases_summary report
