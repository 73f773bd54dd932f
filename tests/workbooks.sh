#!/bin/bash
# Values a spreadsheet changed, read as a merchant saw them (issue 13):
# - a workbook (tests/tools/workbook-cells.py, written by openpyxl) whose code
#   columns hold numbers (a SKU 85412003177 among 12-digit SKUs, a UPC that
#   lost its zero, a SKU past 15 digits), a whole-number name, float prices
#   and dates converts to the same ecom-import.csv and the same findings
#   (file, line, code, field, value, text) as the CSV Excel saves from it;
# - a value that reads two ways is NUMBER_AMBIGUOUS naming both readings:
#   a price's variant is not written, a stock count or weight is not used;
# - the fixtures LibreOffice wrote (tests/data/lo/, made by
#   tests/tools/make-lo-fixtures.sh from source.csv: .xlsx, UTF-16 text, ';'
#   with decimal commas) convert as source.csv; and a public export saved by
#   LibreOffice at test time (skipped, saying so, without soffice);
# - audit with the export, --previous and --ecom all workbooks.
# Values worked out by hand (the check digits with Python, the readings by
# reading the text). usage: tests/workbooks.sh path/to/pos2ecom
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

# the findings without their file column (export.xlsx / export.csv)
findings() { cut -d, -f1,2,4- "$1" | LC_ALL=C sort; }
has() { grep -qF -- "$2" "$1" || problem "$1 lacks: $2"; }

if want numeric-cells-as-csv; then
  if ! "$py" -c 'import openpyxl' 2>/dev/null; then
    skip_case "python3-openpyxl is not installed (scripts/install-deps.sh check)"
  else
    mkdir x c
    "$py" "$top/tests/tools/workbook-cells.py" x/export.xlsx c/export.csv || problem "workbook-cells.py failed"
    run convert -q --all-outlets -o out.x x/export.xlsx; expect_exit 0
    run convert -q --all-outlets -o out.c c/export.csv; expect_exit 0
    cmp -s out.x/ecom-import.csv out.c/ecom-import.csv || problem "ecom-import.csv differs: $(diff out.x/ecom-import.csv out.c/ecom-import.csv | head -4)"
    [ "$(findings out.x/exceptions.csv)" = "$(findings out.c/exceptions.csv)" ] || problem "findings differ: $(diff <(findings out.x/exceptions.csv) <(findings out.c/exceptions.csv) | head -4)"
    e=out.x/exceptions.csv
    has $e 'warning,LEADING_ZERO_LOST,export.xlsx,7,,,,sku,85412003177,'
    has $e '85412003177 was probably 085412003177'
    has $e 'warning,LEADING_ZERO_LOST,export.xlsx,7,tin,85412003177,Tin,upc,36000291452,'
    has $e '036000291452 with them restored'
    has $e 'error,NUMBER_DAMAGED,export.xlsx,8,box,1.23456789012346E+18,Box,sku,1.23456789012346E+18,'
    i=out.x/ecom-import.csv
    has $i 'product,123456789012,1,true,5.00,'
    has $i 'product,098765432109,Mug,true,19.90,'
    has $i 'product,234567890123,2024-03-01,true,7.25,'
    has $i 'product,345678901234,2024-03-01 14:30:00,true,8.00,'
    grep -q 'BOX\|1.23456789012346E+18' $i && problem "the damaged SKU was written"
    done_case
  fi
fi

if want ambiguous-comma-file; then
  printf '%s\n' 'handle,sku,name,retail_price,weight,weight_unit,active,track_inventory,inventory_Main_Outlet' \
    'mug,MUG-1,Mug,19.90,0.5,KG,1,1,3' 'vase,VA-1,Vase,"1,234",1,KG,1,1,1' \
    'pot,PO-1,Pot,5.00,"1,500",KG,1,1,"2,500"' > export.csv
  run convert -q --all-outlets -o out export.csv; expect_exit 0
  e=out/exceptions.csv
  has $e 'error,NUMBER_AMBIGUOUS,export.csv,3,vase,VA-1,Vase,retail_price,"1,234",'
  has $e '(1,234: 1.234 or 1234, '"','"' as the decimal mark or between thousands; this file'"'"'s numbers use a decimal point)'
  has $e 'error,NUMBER_AMBIGUOUS,export.csv,4,pot,PO-1,Pot,weight,"1,500",'
  has $e '(1,500: 1.5 or 1500,'
  has $e 'error,NUMBER_AMBIGUOUS,export.csv,4,pot,PO-1,Pot,inventory_Main_Outlet,"Main Outlet 2,500",'
  has $e '(Main Outlet: 2,500: 2.5 or 2500,'
  grep -q 'PRICE_INVALID\|STOCK_INVALID\|NUMBER_INVALID' $e && problem "a second finding for an ambiguous value"
  grep -q 'VA-1' out/ecom-import.csv && problem "the ambiguous price's variant was written"
  # the pot: written, its stock not used (0), no weight
  has out/ecom-import.csv 'product,PO-1,Pot,true,5.00,true,0,'
  has out/ecom-import.csv 'product,MUG-1,Mug,true,19.90,true,3,0.5'
  grep -q '^product,PO-1,Pot,true,5.00,true,0,$' out/ecom-import.csv || problem "the ambiguous stock or weight was used: $(grep PO-1 out/ecom-import.csv)"
  has out/todo.csv 'error,NUMBER_AMBIGUOUS,3,'
  done_case
fi

if want ambiguous-semicolon-file; then
  printf '%s\n' 'handle;sku;name;retail_price;active;track_inventory;inventory_Main_Outlet' \
    'mug;MUG-1;Mug;19,90;1;1;3' 'vase;VA-1;Vase;1.234;1;1;1' > export.csv
  run convert -q --all-outlets -o out export.csv; expect_exit 0
  has out/exceptions.csv 'error,NUMBER_AMBIGUOUS,export.csv,3,vase,VA-1,Vase,retail_price,1.234,'
  has out/exceptions.csv '(1.234: 1.234 or 1234, '"'.'"' as the decimal mark or between thousands; this file'"'"'s numbers use a decimal comma)'
  grep -q 'VA-1' out/ecom-import.csv && problem "the ambiguous price's variant was written"
  has out/ecom-import.csv 'MUG-1,Mug,true,19.90,'
  done_case
fi

# audit with every input a workbook (the export, --previous, the store's
# catalog --ecom): the same drift.csv and findings as from the CSVs
if want audit-from-workbooks; then
  if ! "$py" -c 'import openpyxl' 2>/dev/null; then
    skip_case "python3-openpyxl is not installed (scripts/install-deps.sh check)"
  else
    s=$top/samples
    "$py" "$top/tests/tools/resave.py" xlsx "$s/store/product-export.csv" prev.xlsx &&
    "$py" "$top/tests/tools/resave.py" xlsx "$s/sync/ecom-export.csv" ecom.xlsx &&
    "$py" "$top/tests/tools/resave.py" xlsx "$s/sync/product-export-week2.csv" week2.xlsx || problem "resave.py failed"
    run audit -q --all-outlets -o out.c --ecom "$s/sync/ecom-export.csv" --previous "$s/store/product-export.csv" "$s/sync/product-export-week2.csv"; expect_exit 0
    run audit -q --all-outlets -o out.x --ecom ecom.xlsx --previous prev.xlsx week2.xlsx; expect_exit 0
    [ -s out.x/drift.csv ] || problem "no drift.csv from the workbooks"
    cmp -s out.c/drift.csv out.x/drift.csv || problem "drift.csv differs: $(diff out.c/drift.csv out.x/drift.csv | head -4)"
    # without the line too: the CSV's lines count the line breaks inside its
    # quoted descriptions, a sheet's rows do not
    nolines() { cut -d, -f1,2,5- "$1" | LC_ALL=C sort; }
    [ "$(nolines out.x/exceptions.csv)" = "$(nolines out.c/exceptions.csv)" ] || problem "findings differ: $(diff <(nolines out.c/exceptions.csv) <(nolines out.x/exceptions.csv) | head -4)"
    done_case
  fi
fi

# tests/data/lo: what LibreOffice wrote from source.csv (tests/tools/make-lo-fixtures.sh)
if want libreoffice-fixtures; then
  d=$top/tests/data/lo
  run convert -q --all-outlets -o out.src "$d/source.csv"; expect_exit 0
  # the source's import, checked by hand: Cafe Noir 12.50 with 5+2 in stock, the
  # tee's three sizes 3, 4+1, 0+7, the grinder 1234.50, the mug untracked
  cmp -s out.src/ecom-import.csv "$d/expected-ecom-import.csv" || problem "source.csv: ecom-import.csv is not the expected one"
  for f in lo.xlsx lo-utf16.txt lo-semicolon.csv; do
    run convert -q --all-outlets -o "out.$f" "$d/$f"; expect_exit 0
    cmp -s out.src/ecom-import.csv "out.$f/ecom-import.csv" || problem "$f: ecom-import.csv differs from source.csv's: $(diff out.src/ecom-import.csv "out.$f/ecom-import.csv" | head -4)"
  done
  grep -q ',NUMBER_CONVENTION,lo-semicolon.csv,2,.*retail_price' out.lo-semicolon.csv/exceptions.csv || problem "lo-semicolon.csv: no NUMBER_CONVENTION for its decimal commas"
  grep -q 'UTF-16' out.lo-utf16.txt/exceptions.csv || problem "lo-utf16.txt: the encoding is not named"
  done_case
fi

# a public export through LibreOffice at test time: the workbook it saves
# converts as the ';' CSV it saves from the same sheet, and differs from the
# original only by the leading zeros LibreOffice took from numeric SKUs
pub=$top/../shared/fixtures-public/xseries/vend2018_samhiggs-data_product-export.csv
if want libreoffice-public-export; then
  if ! command -v soffice >/dev/null; then
    skip_case "soffice is not installed (Debian: libreoffice-calc-nogui): the LibreOffice round trip is not run"
  elif [ ! -f "$pub" ]; then
    skip_case "$pub is absent (the public exports are read there)"
  else
    cp "$pub" export.csv
    mkdir lo
    "$top/tests/tools/make-lo-fixtures.sh" export.csv lo pub >lo.log 2>&1 || problem "make-lo-fixtures.sh failed: $(tail -3 lo.log)"
    run convert -q --all-outlets -o out.csv export.csv; expect_exit 0
    run convert -q --all-outlets -o out.xlsx lo/pub.xlsx; expect_exit 0
    run convert -q --all-outlets -o out.semi lo/pub-semicolon.csv; expect_exit 0
    cmp -s out.xlsx/ecom-import.csv out.semi/ecom-import.csv || problem "LibreOffice's .xlsx and ';' CSV convert differently: $(diff out.xlsx/ecom-import.csv out.semi/ecom-import.csv | head -4)"
    nozeros() { awk -F, 'BEGIN { OFS = "," } { sub(/^0+/, "", $2); print }' "$1"; }
    [ "$(nozeros out.csv/ecom-import.csv)" = "$(nozeros out.xlsx/ecom-import.csv)" ] || problem "the .xlsx differs from the original by more than SKUs' leading zeros: $(diff <(nozeros out.csv/ecom-import.csv) <(nozeros out.xlsx/ecom-import.csv) | head -4)"
    done_case
  fi
fi

cases_summary workbooks
