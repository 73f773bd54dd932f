#!/bin/bash
# report.xlsx as a person sees it: LibreOffice headless prints the demo's
# workbooks (convert with photos, and the sync demo) to PDF and pdftoppm
# makes PNGs of the first pages, kept in build/artefacts/render/<case>/ for
# a person to look at. Checked here: the PDF has a page per sheet at
# least, its text shows what only the formats give (a supply price 21.5
# printed as 21.50, a UPC's leading zero, a fractional stock as 572.5, the
# To do sheet's facts on the first page), and the first PNG is not blank.
# Skips, saying so, when soffice or pdftoppm is absent
# (scripts/install-deps.sh render).
# usage: tests/render.sh path/to/pos2ecom
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/cases-lib.sh"
art=$top/build/artefacts/render
py=/usr/bin/python3
[ -x "$py" ] || py=python3

have_tools() {
  command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
    && command -v pdftotext >/dev/null 2>&1
}

# render NAME: out/report.xlsx of the current case to $art/NAME; checks it
render() {
  local name=$1 dir=$art/$1
  rm -rf "$dir"
  "$py" "$top/tests/xlsx_check.py" out > check.out 2>&1 \
    || problem "xlsx_check: $(head -c 600 check.out)"
  "$top/scripts/xlsx-pages.sh" out/report.xlsx "$dir" 8 > pages.out 2>&1 \
    || { problem "xlsx-pages failed: $(head -c 400 pages.out)"; return; }
  local pages sheets
  pages=$(pdfinfo "$dir/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
  sheets=$("$py" -c 'import openpyxl,sys; print(len(openpyxl.load_workbook(sys.argv[1]).sheetnames))' out/report.xlsx)
  [ "${pages:-0}" -ge "$sheets" ] || problem "the PDF has ${pages:-no} pages for $sheets sheets"
  pdftotext -layout -f 1 -l 1 "$dir/report.pdf" page1.txt
  grep -q "About this run" page1.txt || problem "page 1 lacks the run's facts: $(head -c 300 page1.txt)"
  pdftotext -layout "$dir/report.pdf" all.txt
  [ -s "$dir/page-1.png" ] || problem "no page-1.png"
  # a blank page compresses to a few hundred bytes
  [ "$(stat -c %s "$dir/page-1.png" 2>/dev/null || echo 0)" -gt 4000 ] || problem "page-1.png looks blank"
}

if ! have_tools; then
  want render-convert && skip_case "soffice or pdftoppm is absent (scripts/install-deps.sh render)"
  want render-sync && skip_case "soffice or pdftoppm is absent (scripts/install-deps.sh render)"
  cases_summary render
  exit
fi

if want render-convert; then
  run convert -q --all-outlets --images "$samples/images" -o out "$samples/store/product-export.csv"
  expect_exit 0
  render convert
  # not-synced.csv has supply_price 21.5 (backpacking stove): a price
  grep -q "21\.5," out/not-synced.csv || problem "the sample changed: no supply price 21.5"
  grep -qw "21\.50" all.txt || problem "supply price 21.5 is not printed as 21.50"
  grep -qw "085412003177" all.txt || problem "the UPC-like SKU 085412003177 lost its leading zero"
  grep -qw "572\.5" all.txt || problem "the fractional stock 572.5 is not printed as such"
  done_case
fi

if want render-sync; then
  run sync --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
    --ecom "$samples/sync/ecom-export.csv" --previous "$samples/store/product-export.csv" \
    -o out "$samples/sync/product-export-week2.csv"
  expect_exit 0
  render sync
  grep -q "Sync: products to create" all.txt || problem "the sync's facts are not printed"
  done_case
fi

cases_summary render
