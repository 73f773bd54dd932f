#!/bin/bash
# Hostile values and hostile photo folders (issue 19, points 10-12):
#  - CSV formula injection: every CSV a person may open in a spreadsheet
#    writes a cell that starts with = + - @ TAB or CR (also after leading
#    whitespace a spreadsheet trims) as text, with a ' after the opening
#    quote; a signed plain number (-3, -1.5) stays a number; the import files
#    (ecom-import.csv, ecom-update.csv) keep SKUs and names byte for byte;
#    report.xlsx holds those cells as strings, never formulas.
#  - photos matched by case: an exact-case match wins, an ambiguous one is
#    IMAGE_AMBIGUOUS, never a silent pick.
#  - a gallery past the store's limit is cut, with IMAGE_GALLERY_FULL.
# The hostile export is fixtures/escape-hostile/ (its golden files pin the
# whole import, manual-fields.csv, outlets.csv and not-synced.csv); the
# cases here pin the cells of the other files, and the sync outputs.
#
# usage: tests/safety/escape.sh [path/to/pos2ecom]   (default build/pos2ecom)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "safety-escape: $bin not built (make build/pos2ecom)"; exit 1; }
. "$top/tests/cases-lib.sh"

fx=$top/fixtures/escape-hostile
jpeg=$top/fixtures/images-basic/photos/TEE-M.jpg
cols=$top/build/tests/csvcols
if [ ! -x "$cols" ] || [ "$top/tests/tools/csvcols.c" -nt "$cols" ]; then
  mkdir -p "$top/build/tests"
  ${CC:-gcc} -O1 -o "$cols" "$top/tests/tools/csvcols.c" -lcsv || exit 1
fi
T=$'\t'

# expect_cells FILE "COL COL..." LINE: csvcols prints LINE (cells joined by ,)
expect_cells() {
  local file=$1 names=$2 line=$3
  # shellcheck disable=SC2086
  "$cols" "$file" $names | grep -qxF -- "$line" \
    || problem "$(basename "$file") [$names] lacks the row: $line (got: $("$cols" "$file" $names | head -8 | tr '\n' '|'))"
}
# expect_line FILE LINE: the file holds exactly this line (raw bytes)
expect_line() { grep -qxF -- "$2" "$1" || problem "$(basename "$1") lacks the line: $2"; }
expect_has() { grep -qF -- "$2" "$1" || problem "$(basename "$1") lacks the bytes: $2"; }
# an import file keeps every value as is: no cell gains a guard quote
expect_no_guard() { grep -qF -- "\"'" "$1" && problem "$(basename "$1") has a guarded cell: $(grep -F -- "\"'" "$1" | head -2)"; }
xlsx_ok() {
  if python3 -c 'import openpyxl' 2>/dev/null || /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
    python3 "$top/tests/xlsx_check.py" "$1" > xlsx.out 2>&1 || problem "report.xlsx: $(head -c 600 xlsx.out)"
  else
    problem "openpyxl missing: cannot check report.xlsx (apt-get install python3-openpyxl)"
  fi
}

# ---- point 10: formula injection -----------------------------------------

if want escape-convert-cells; then
  cp "$fx/export.csv" .
  mkdir '@pics' && cp "$jpeg" '@pics/=cmd.jpg'
  run convert -q --all-outlets --images '@pics' -o out export.csv
  expect_exit 0
  # exceptions.csv: text guarded, the number -1.5 left as a number; the
  # STOCK_NEGATIVE value names the outlet (=cmd) before its count: guarded
  expect_cells out/exceptions.csv "code line handle sku field value" \
    "STOCK_NEGATIVE,2,'@handle,'=SKU-1,inventory_=cmd,'=cmd -3"
  expect_cells out/exceptions.csv "code line handle sku field value" "PRICE_INVALID,5,neg,NEG-1,retail_price,-1.5"
  expect_cells out/exceptions.csv "code file value" "IMAGE_ORPHAN,'@pics/=cmd.jpg,'=cmd"
  # the product's name is an export value too: guarded
  expect_line out/exceptions.csv "warning,STOCK_NEGATIVE,export.csv,2,\"'@handle\",\"'=SKU-1\",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",inventory_=cmd,\"'=cmd -3\",negative stock counted as 0,Count the stock of these variants and correct it in the POS."
  # mapping.csv: every text column that reaches it; stock_pos -1 (2 + -3) a number
  expect_cells out/mapping.csv "handle product_sku variation_sku name category brand options stock_pos" \
    "'@handle,'=SKU-1,,'=HYPERLINK(\"http://evil.example/\",\"x\"),'@Cat,'+Brand,,-1"
  expect_cells out/mapping.csv "handle product_sku variation_sku name category brand options" \
    "'+fam,'+fam,'-V-1,'=1+1 Fam,'=Cat / @Sub,'@Brand,'=Opt=-red"
  expect_cells out/mapping.csv "handle product_sku variation_sku options" "'+fam,'+fam,'+V-2,'=Opt==2+2"
  # images.csv: the file's path
  expect_cells out/images.csv "source kind" "'@pics/=cmd.jpg,jpeg"
  # the import keeps every value as is (its bytes are pinned by the fixture)
  expect_has out/ecom-import.csv 'product,=SKU-1,"=HYPERLINK(""http://evil.example/"",""x"")",'
  expect_no_guard out/ecom-import.csv
  xlsx_ok out
  done_case
fi

if want escape-sync-cells; then
  cp "$fx/export.csv" .
  printf 'handle,sku,name,retail_price,inventory_Main_Outlet\n@del,=DEL-1,@Deleted,1.00,1\n' > previous.csv
  cat > store.csv <<'EOF'
type,product_internal_id,product_sku,product_name,product_price,product_is_inventory_tracked,product_quantity,product_is_available,product_description,product_category_1,product_brand
product,5001,=SKU-1,=old name,10.00,true,-1,true,<p>ok</p>,@Cat,+Brand
product,5099,=DEL-1,@Deleted,1.00,true,1,true,,,
category,,,,,,,,,,
EOF
  run sync -q --all-outlets --ecom store.csv --previous previous.csv -o out export.csv
  expect_exit 0
  # ecom-delete.csv: a list the merchant works through by hand: guarded
  printf '%s\n' "product_internal_id,product_sku,product_name" "5099,\"'=DEL-1\",\"'@Deleted\"" > want-delete
  cmp -s want-delete out/ecom-delete.csv || problem "ecom-delete.csv: $(diff want-delete out/ecom-delete.csv | tr '\n' '|')"
  # drift.csv: text guarded, the store's -1 left a number
  expect_line out/drift.csv "\"'=SKU-1\",product_name,\"'=old name\",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",update"
  expect_line out/drift.csv "\"'=SKU-1\",product_quantity,-1,2,update"
  # (the store reader trims the name read back from the desired import: no tab)
  expect_line out/drift.csv "\"'+fam\",(product),,\"'=1+1 Fam\",create"
  expect_line out/drift.csv "\"'=DEL-1\",(product),\"'@Deleted\",,delete"
  # ecom-update.csv: SKUs and names byte for byte, the store matches on them
  expect_has out/ecom-update.csv 'product,5001,=SKU-1,"=HYPERLINK(""http://evil.example/"",""x"")",'
  expect_has out/ecom-update.csv ",+fam,=1+1 Fam,"
  expect_has out/ecom-update.csv ",-V-1,-red"
  expect_has out/ecom-update.csv ",+V-2,=2+2"
  expect_no_guard out/ecom-update.csv
  xlsx_ok out
  done_case
fi

if want escape-outlets-header; then
  # an outlet named by the header inventory_=cmd, in outlets.csv of convert
  printf 'handle,sku,name,retail_price,inventory_@evil,inventory_=cmd\ncup,CUP-1,Cup,4.00,1,2\n' > export.csv
  run convert -q --all-outlets -o out export.csv
  expect_exit 0
  expect_line out/outlets.csv "\"'@evil\",\"'@evil\",yes,1,1,0"
  expect_line out/outlets.csv "\"'=cmd\",\"'=cmd\",yes,1,2,0"
  done_case
fi

# ---- point 11: photos matched by case ---------------------------------------

# jpeg_copy DEST N: the small JPEG with N appended after its end (distinct
# bytes, so no two copies are IMAGE_DUPLICATE)
jpeg_copy() { cp "$jpeg" "$1" && printf 'copy%06d' "$2" >> "$1"; }

if want escape-photo-case; then
  printf 'handle,sku,name,retail_price\ncup-a,CUP-1,Cup A,4.00\ncup-b,cup-1,Cup B,4.00\ncafe,\303\251,Caf\303\251,3.00\n' > export.csv
  mkdir photos
  jpeg_copy photos/CUP-1.jpg 1
  jpeg_copy photos/cup-1.jpg 2
  jpeg_copy photos/Cup-1.jpg 3
  jpeg_copy "$(printf 'photos/\303\211.jpg')" 4
  run convert -q --images photos --image-base-url https://cdn.example.com/s -o out export.csv
  expect_exit 0
  expect_cells out/ecom-import.csv "product_sku product_media_main_image_url" "CUP-1,https://cdn.example.com/s/cup-a-1.jpg"
  expect_cells out/ecom-import.csv "product_sku product_media_main_image_url" "cup-1,https://cdn.example.com/s/cup-b-1.jpg"
  expect_cells out/ecom-import.csv "product_sku product_media_main_image_url" "$(printf '\303\251'),https://cdn.example.com/s/cafe-1.jpg"
  cmp -s photos/CUP-1.jpg out/images/cup-a-1.jpg || problem "cup-a-1.jpg is not CUP-1.jpg"
  cmp -s photos/cup-1.jpg out/images/cup-b-1.jpg || problem "cup-b-1.jpg is not cup-1.jpg"
  expect_cells out/exceptions.csv "severity code file value message" \
    "warning,IMAGE_AMBIGUOUS,photos/Cup-1.jpg,Cup-1,image name matches several SKUs or products only ignoring case; not used (matches SKU CUP-1 and SKU cup-1)"
  expect_cells out/images.csv "source staged_name codes" "photos/Cup-1.jpg,,IMAGE_AMBIGUOUS"
  done_case
fi

# ---- point 12: the gallery cap ------------------------------------------------

if want escape-gallery-full; then
  # 300 distinct photos of one SKU: the import takes 18 (main + 17 gallery)
  printf 'handle,sku,name,retail_price\nbig,BIG-1,Big,4.00\nsmall,SM-1,Small,2.00\n' > export.csv
  mkdir photos
  jpeg_copy photos/BIG-1.jpg 0
  for i in $(seq 2 300); do jpeg_copy "photos/BIG-1_$i.jpg" "$i"; done
  jpeg_copy photos/SM-1.jpg 1000
  run convert -q --images photos --image-base-url https://cdn.example.com/s -o out export.csv
  expect_exit 0
  head -1 out/ecom-import.csv | tr ',' '\n' > header
  n_main=$(grep -cx 'product_media_main_image_url' header)
  n_gal=$(grep -c '^product_media_gallery_image_url_' header)
  [ "$n_main" = 1 ] && [ "$n_gal" = 17 ] || problem "image columns: main $n_main, gallery $n_gal; expected 1 and 17"
  grep -qx 'product_media_gallery_image_url_17' header || problem "no product_media_gallery_image_url_17 column"
  # type,product_sku,product_name,product_is_available,product_price,
  # product_is_inventory_tracked,product_quantity (tracked unless said), 18 image columns
  [ "$(wc -l < header)" = 25 ] || problem "ecom-import.csv has $(wc -l < header) columns, expected 25: $(tr '\n' ' ' < header)"
  awk -F, 'NF != 25 { bad = 1 } END { exit bad }' out/ecom-import.csv || problem "a row of ecom-import.csv has not 25 fields"
  expect_cells out/ecom-import.csv "product_sku product_media_main_image_url product_media_gallery_image_url_17" \
    "BIG-1,https://cdn.example.com/s/big-1.jpg,https://cdn.example.com/s/big-18.jpg"
  expect_cells out/exceptions.csv "severity code line sku value" "warning,IMAGE_GALLERY_FULL,2,BIG-1,282"
  [ "$("$cols" out/exceptions.csv code | grep -c '^IMAGE_GALLERY_FULL$')" = 1 ] || problem "not one IMAGE_GALLERY_FULL"
  [ "$("$cols" out/images.csv codes | grep -c '^IMAGE_GALLERY_FULL$')" = 282 ] || problem "images.csv: not 282 photos marked IMAGE_GALLERY_FULL"
  expect_cells out/images.csv "source staged_name codes" "photos/BIG-1_19.jpg,,IMAGE_GALLERY_FULL"
  # (images/thumbs/ holds report.html's thumbnails: one per staged photo)
  [ "$(find out/images -maxdepth 1 -type f | wc -l)" = 19 ] || problem "staged $(find out/images -maxdepth 1 -type f | wc -l) photos, expected 19 (18 + SM-1's)"
  [ "$(find out/images/thumbs -type f | wc -l)" = 19 ] || problem "$(find out/images/thumbs -type f | wc -l) thumbnails, expected 19"
  done_case
fi

cases_summary safety-escape
