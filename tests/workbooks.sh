#!/bin/bash
# Values a spreadsheet changed, read as a merchant saw them (issue 13):
# - a workbook (tests/tools/workbook-cells.py, written by openpyxl) whose code
#   columns hold numbers (a SKU 85412003177 among 12-digit SKUs, a UPC that
#   lost its zero, a SKU past 15 digits), a whole-number name, float prices
#   and dates converts to the same ecom-import.csv and the same findings
#   (file, line, code, field, value, text) as the CSV Excel saves from it;
# - a value that reads two ways is NUMBER_AMBIGUOUS naming both readings:
#   a price's variant is not written, a stock count or weight is not used;
# - a column's decimal mark told by its own values: decimal commas in a tab
#   or quoted ',' file, a column using both marks, a mark shown after the
#   rows looked at first (NUMBER_CONVENTION_LATE);
# - the fixtures LibreOffice wrote (tests/data/lo/, made by
#   tests/tools/make-lo-fixtures.sh from source.csv: .xlsx, UTF-16 text, ';'
#   and ',' with decimal commas) convert as source.csv; and a public export saved by
#   LibreOffice at test time (skipped, saying so, without soffice);
# - audit with the export, --previous and --ecom all workbooks;
# - a 200,000-row sheet peaks no higher than its CSV (+32 MiB).
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
  has $e '(1,234: 1.234 or 1234, '"','"' as the decimal mark or between thousands; this column'"'"'s numbers use a decimal point)'
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
  has out/exceptions.csv '(1.234: 1.234 or 1234, '"'.'"' as the decimal mark or between thousands; this file'"'"'s numbers use a decimal comma (a '"';'"'-separated file))'
  grep -q 'VA-1' out/ecom-import.csv && problem "the ambiguous price's variant was written"
  has out/ecom-import.csv 'MUG-1,Mug,true,19.90,'
  done_case
fi

# a column's decimal mark told by its own values (issue 13, point 4), in a
# tab-separated file and in a ',' CSV with quoted numbers: a column whose
# numbers show only decimal commas reads 1,250 as 1.25; by hand: Mug 1,250
# -> 1.25 (price and weight), Vase 19,90 and 0,5, Pot 1.234,50 -> 1234.50,
# Cup 1 234,50 -> 1234.50; the stock column shows no mark (3, 2, 1, 4)
if want column-decimal-comma; then
  printf '%s\n' 'handle	sku	name	retail_price	weight	weight_unit	active	track_inventory	inventory_Main_Outlet' \
    'mug	MUG-1	Mug	1,250	1,250	KG	1	1	3' 'vase	VA-1	Vase	19,90	0,5	KG	1	1	2' \
    'pot	PO-1	Pot	1.234,50	2	KG	1	1	1' 'cup	CU-1	Cup	1 234,50	0,25	KG	1	1	4' > tab.txt
  printf '%s\n' 'handle,sku,name,retail_price,weight,weight_unit,active,track_inventory,inventory_Main_Outlet' \
    'mug,MUG-1,Mug,"1,250","1,250",KG,1,1,3' 'vase,VA-1,Vase,"19,90","0,5",KG,1,1,2' \
    'pot,PO-1,Pot,"1.234,50",2,KG,1,1,1' 'cup,CU-1,Cup,"1 234,50","0,25",KG,1,1,4' > quoted.csv
  printf '%s\n' 'type,product_sku,product_name,product_is_available,product_price,product_is_inventory_tracked,product_quantity,product_weight' \
    'product,MUG-1,Mug,true,1.25,true,3,1.25' 'product,VA-1,Vase,true,19.90,true,2,0.5' \
    'product,PO-1,Pot,true,1234.50,true,1,2' 'product,CU-1,Cup,true,1234.50,true,4,0.25' > expected.csv
  for f in tab.txt quoted.csv; do
    run convert -q --all-outlets -o "out.$f" "$f"; expect_exit 0
    cmp -s expected.csv "out.$f/ecom-import.csv" || problem "$f: ecom-import.csv is not the one worked out by hand: $(diff expected.csv "out.$f/ecom-import.csv" | head -4)"
    e=out.$f/exceptions.csv
    has $e "info,NUMBER_CONVENTION,$f,2,mug,MUG-1,Mug,retail_price,\"1,250\","
    has $e 'a decimal comma, the decimal mark of every number of this column that shows one; 1,250 read as 1.25)'
    has $e "info,NUMBER_CONVENTION,$f,2,mug,MUG-1,Mug,weight,\"1,250\","
    [ "$(grep -c NUMBER_CONVENTION $e)" = 2 ] || problem "$f: not one NUMBER_CONVENTION per column: $(grep NUMBER_CONVENTION $e)"
    grep -q 'NUMBER_AMBIGUOUS\|PRICE_INVALID\|NUMBER_INVALID' $e && problem "$f: a value was not read: $(grep 'NUMBER_AMBIGUOUS\|INVALID' $e | head -2)"
  done
  done_case
fi

# a column that uses both marks: a value that reads one way is read so
# (19.90, "19,90"), one that reads two ways is an error naming both
if want column-mixed-marks; then
  printf '%s\n' 'handle,sku,name,retail_price,active,track_inventory,inventory_Main_Outlet' \
    'mug,MUG-1,Mug,19.90,1,1,1' 'vase,VA-1,Vase,"19,90",1,1,3' 'pot,PO-1,Pot,"1,234",1,1,2' \
    'cup,CU-1,Cup,1.234,1,1,2' > mixed.csv
  run convert -q --all-outlets -o out mixed.csv; expect_exit 0
  e=out/exceptions.csv
  has $e 'error,NUMBER_AMBIGUOUS,mixed.csv,4,pot,PO-1,Pot,retail_price,"1,234",'
  has $e '(1,234: 1.234 or 1234, '"','"' as the decimal mark or between thousands; this column'"'"'s numbers use both a decimal comma and a decimal point)'
  has $e 'error,NUMBER_AMBIGUOUS,mixed.csv,5,cup,CU-1,Cup,retail_price,1.234,'
  has $e '(1.234: 1.234 or 1234, '"'.'"' as the decimal mark or between thousands; this column'"'"'s numbers use both'
  has $e 'info,NUMBER_CONVENTION,mixed.csv,3,vase,VA-1,Vase,retail_price,"19,90",'
  printf '%s\n' 'type,product_sku,product_name,product_is_available,product_price,product_is_inventory_tracked,product_quantity' \
    'product,MUG-1,Mug,true,19.90,true,1' 'product,VA-1,Vase,true,19.90,true,3' > expected.csv
  cmp -s expected.csv out/ecom-import.csv || problem "ecom-import.csv: $(diff expected.csv out/ecom-import.csv | head -4)"
  done_case
fi

# past the rows looked at first (10,000), a column's mark is told from the
# rows read so far: a weight 1.250 read as 1.25 on line 2 (nothing decided
# then) and a "0,5" on line 10,008 give one NUMBER_CONVENTION_LATE naming it
if want column-mark-after-lookahead; then
  awk 'BEGIN { print "handle,sku,name,retail_price,weight,weight_unit,active,track_inventory"
               print "a,A-1,A,5,1.250,KG,1,1"
               for (i = 0; i < 10005; i++) printf "p%d,P-%d,P,5,,KG,1,1\n", i, i
               print "z,Z-1,Z,5,\"0,5\",KG,1,1"; print "y,Y-1,Y,5,0.75,KG,1,1" }' > late.csv
  run convert -q --all-outlets -o out late.csv; expect_exit 0
  e=out/exceptions.csv
  has $e 'warning,NUMBER_CONVENTION_LATE,late.csv,2,,,,weight,1.250,'
  has $e '(1 value of this column that read two ways (the first: 1.250, read as 1.25) was read with a decimal point'
  has $e 'later rows use both a decimal comma and a decimal point'
  [ "$(grep -c NUMBER_CONVENTION_LATE $e)" = 1 ] || problem "not one NUMBER_CONVENTION_LATE"
  has out/ecom-import.csv 'product,Z-1,Z,true,5.00,true,0,0.5'
  has out/ecom-import.csv 'product,A-1,A,true,5.00,true,0,1.25'
  # within the rows looked at first, the same values are known before any is read
  head -n 1000 late.csv > short.csv; tail -n 2 late.csv >> short.csv
  run convert -q --all-outlets -o out.short short.csv; expect_exit 0
  has out.short/exceptions.csv 'error,NUMBER_AMBIGUOUS,short.csv,2,a,A-1,A,weight,1.250,'
  grep -q NUMBER_CONVENTION_LATE out.short/exceptions.csv && problem "NUMBER_CONVENTION_LATE within the rows looked at first"
  done_case
fi

# memory stays bounded on a big sheet (issue 13, point 1): 200,000 rows with
# a 200-character column the catalog does not keep, as CSV and as .xlsx
# (build/bench/csv2xlsx: inline strings); the sheet's XML is about 100 MB
# unpacked, so a reader that held it would peak that much above the CSV run.
# Peak RSS from getrusage (python3), not timed: the workbook's run may peak at
# most 32 MiB above the CSV's (both build the same catalog)
if want sheet-memory-bounded; then
  c2x=$top/build/bench/csv2xlsx
  if [ ! -x "$c2x" ]; then
    skip_case "$c2x is not built (make build/bench/csv2xlsx)"
  else
    awk 'BEGIN { n = sprintf("%0200d", 0); gsub(/0/, "x", n)
                 print "handle,sku,name,retail_price,inventory_Main_Outlet,notes"
                 for (i = 1; i <= 200000; i++)
                   printf "p%d,SKU-%07d,Product %d,%d.%02d,%d,%s %d\n", i, i, i, i % 500, i % 100, i % 37, n, i }' > big.csv
    "$c2x" big.csv big.xlsx >/dev/null 2>&1 || problem "csv2xlsx failed"
    sheet=$("$py" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' big.xlsx)
    peak() { # the peak RSS in KiB of pos2ecom convert on $1
      "$py" -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if r.returncode == 0 else -1)' \
        "$bin" convert -q --no-xlsx --all-outlets -o "out.$1" "$1"
    }
    rc=$(peak big.csv); rx=$(peak big.xlsx)
    [ "$rc" -gt 0 ] && [ "$rx" -gt 0 ] || problem "a run failed (peak RSS $rc, $rx)"
    [ "${sheet:-0}" -gt 90000000 ] || problem "the sheet's XML is only ${sheet} bytes: the test would not tell"
    [ "$rx" -le $((rc + 32768)) ] || problem "the .xlsx run peaked at $((rx / 1024)) MiB, the CSV run at $((rc / 1024)) MiB (bound: +32 MiB; the sheet's XML is $((sheet / 1048576)) MiB)"
    cmp -s out.big.csv/ecom-import.csv out.big.xlsx/ecom-import.csv || problem "ecom-import.csv differs"
    done_case
  fi
fi

# --sheet for every command that reads an export (convert, outlets): a
# workbook whose first sheet is notes; by hand: Mug 19,90 with 3+4 in
# stock, Cup 7.5 (a number cell) with 2+1; a sheet that is not there names
# the sheets there; without --sheet, the notes sheet is not an export
if want sheet-option; then
  if ! "$py" -c 'import openpyxl' 2>/dev/null; then
    skip_case "python3-openpyxl is not installed (scripts/install-deps.sh check)"
  else
    "$py" -c 'import openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Notes"; ws.append(["nothing here"])
ws = wb.create_sheet("Products")
ws.append(["handle", "sku", "name", "retail_price", "inventory_Main_Outlet", "inventory_Back_Room"])
ws.append(["mug", "MUG-1", "Mug", "19,90", "3", "4"]); ws.append(["cup", "CUP-1", "Cup", 7.5, 2, "1"])
wb.save("two.xlsx")' || problem "openpyxl failed"
    run convert -q --all-outlets --sheet Products -o out two.xlsx; expect_exit 0
    printf '%s\n' 'type,product_sku,product_name,product_is_available,product_price,product_is_inventory_tracked,product_quantity' \
      'product,MUG-1,Mug,true,19.90,true,7' 'product,CUP-1,Cup,true,7.50,true,3' > expected.csv
    cmp -s expected.csv out/ecom-import.csv || problem "ecom-import.csv: $(diff expected.csv out/ecom-import.csv | head -4)"
    "$bin" outlets --sheet Products two.xlsx > outlets.tsv 2>outlets.err || problem "outlets --sheet failed: $(cat outlets.err)"
    printf 'outlet\tkey\tvariants_in_stock\ttotal_stock\tnegative_rows\nMain Outlet\tMain_Outlet\t2\t5\t0\nBack Room\tBack_Room\t2\t5\t0\n' > outlets.expected
    cmp -s outlets.expected outlets.tsv || problem "outlets --sheet: $(cat outlets.tsv)"
    run convert -q --all-outlets --sheet Nope -o out2 two.xlsx; expect_exit 2
    grep -qF "the workbook has no sheet named 'Nope'; its sheets: 'Notes', 'Products'" run.err || problem "no list of the sheets: $(cat run.err)"
    run outlets two.xlsx; expect_exit 2
    # without --sheet the first sheet is refused, and the line says where to look
    grep -qF "(that is the workbook's first sheet; its 2 sheets: 'Notes', 'Products': give the export's with --sheet NAME)" run.err || problem "outlets: no hint at --sheet: $(cat run.err)"
    run convert -q --all-outlets -o out3 two.xlsx; expect_exit 2
    [ "$(wc -l < run.err)" = 1 ] && grep -qF "missing column(s) sku, name, retail_price; found 1 column(s): nothing here (that is the workbook's first sheet; its 2 sheets: 'Notes', 'Products': give the export's with --sheet NAME)" run.err || problem "convert: not the one line naming the sheets: $(cat run.err)"
    done_case
  fi
fi

# files that are not exports, through the command line: one line saying
# what the file is and what to give instead, exit 2, no option suggested
if want not-exports-refused; then
  d=$top/tests/data/xlsx
  printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0junk' > old.xls
  printf '%%PDF-1.7\n' > export.pdf
  printf '<!DOCTYPE html><html><body>sku,name</body></html>\n' > page.csv
  for f in "$d/spreadsheet.ods:OpenDocument spreadsheet (.ods)" "$d/document.numbers:Apple Numbers document" \
           "$d/archive.zip:zip archive, not a product export" "old.xls:Excel 97-2003 workbook (.xls)" \
           "export.pdf:PDF document" "page.csv:web page (HTML)"; do
    run convert -q -o out "${f%%:*}"; expect_exit 2
    [ "$(wc -l < run.err)" = 1 ] || problem "${f%%:*}: not one line: $(cat run.err)"
    grep -qF "this is a ${f#*:}" run.err || grep -qF "this is an ${f#*:}" run.err || problem "${f%%:*}: $(cat run.err)"
    grep -q -- '--' run.err && problem "${f%%:*}: an option suggested: $(cat run.err)"
  done
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
    # sync reads the same three inputs: the same changes to import and to delete
    run sync -q --all-outlets -o sync.c --ecom "$s/sync/ecom-export.csv" --previous "$s/store/product-export.csv" "$s/sync/product-export-week2.csv"; expect_exit 0
    run sync -q --all-outlets -o sync.x --ecom ecom.xlsx --previous prev.xlsx week2.xlsx; expect_exit 0
    for f in ecom-update.csv ecom-delete.csv; do
      [ -s "sync.x/$f" ] || problem "sync from the workbooks wrote no $f"
      cmp -s "sync.c/$f" "sync.x/$f" || problem "sync: $f differs: $(diff "sync.c/$f" "sync.x/$f" | head -4)"
    done
    done_case
  fi
fi

# tests/data/lo: what LibreOffice wrote from source.csv (tests/tools/make-lo-fixtures.sh)
if want libreoffice-fixtures; then
  d=$top/tests/data/lo
  run convert -q --all-outlets -o out.src "$d/source.csv"; expect_exit 0
  # the source's import, checked by hand: the scale 24.95, 1+2 in stock, 1.125 kg; Cafe Noir 12.50 with 5+2 in stock, the
  # tee's three sizes 3, 4+1, 0+7, the grinder 1234.50, the mug untracked
  cmp -s out.src/ecom-import.csv "$d/expected-ecom-import.csv" || problem "source.csv: ecom-import.csv is not the expected one"
  for f in lo.xlsx lo-utf16.txt lo-semicolon.csv lo-comma.csv; do
    run convert -q --all-outlets -o "out.$f" "$d/$f"; expect_exit 0
    cmp -s out.src/ecom-import.csv "out.$f/ecom-import.csv" || problem "$f: ecom-import.csv differs from source.csv's: $(diff out.src/ecom-import.csv "out.$f/ecom-import.csv" | head -4)"
  done
  grep -q ',NUMBER_CONVENTION,lo-semicolon.csv,2,.*retail_price' out.lo-semicolon.csv/exceptions.csv || problem "lo-semicolon.csv: no NUMBER_CONVENTION for its decimal commas"
  grep -q 'UTF-16' out.lo-utf16.txt/exceptions.csv || problem "lo-utf16.txt: the encoding is not named"
  # tab-separated and ',' with quotes: decimal commas told by each column's
  # values, so the scale's weight 1,125 (line 2) is 1.125, not NUMBER_AMBIGUOUS
  for f in lo-utf16.txt lo-comma.csv; do
    grep -q ",NUMBER_CONVENTION,$f,2,scale,SC-1,Kitchen scale,weight,\"1,125\",.*the decimal mark of every number of this column" "out.$f/exceptions.csv" || problem "$f: no NUMBER_CONVENTION naming the weight column's decimal comma"
    grep -q NUMBER_AMBIGUOUS "out.$f/exceptions.csv" && problem "$f: NUMBER_AMBIGUOUS: $(grep NUMBER_AMBIGUOUS "out.$f/exceptions.csv" | head -1)"
  done
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
