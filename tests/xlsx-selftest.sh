#!/bin/bash
# tests/xlsx_check.py catches what it claims to: the demo's workbook
# passes, and a copy spoiled with openpyxl (a price and a SKU cell
# unformatted, a tab recoloured, a to-do code unlinked, a sheet printed
# portrait, a column narrowed, a fill removed) fails with one line for
# each. Skips, saying so, without python3-openpyxl.
# usage: tests/xlsx-selftest.sh path/to/pos2ecom
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

if want xlsx-check-catches; then
  if ! "$py" -c 'import openpyxl' 2>/dev/null; then
    skip_case "python3-openpyxl is not installed (scripts/install-deps.sh check)"
  else
    run convert -q --all-outlets -o out "$samples/store/product-export.csv"
    expect_exit 0
    "$py" "$top/tests/xlsx_check.py" out > good.txt 2>&1 || problem "the demo's workbook fails: $(head -c 400 good.txt)"
    cp -r out bad
    "$py" - bad/report.xlsx <<'PY' || problem "could not spoil the workbook"
import sys, openpyxl
from openpyxl.styles import PatternFill
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Mapping"]
head = [c.value for c in ws[1]]
ws.cell(row=2, column=head.index("price_ecom") + 1).number_format = "General"
ws.cell(row=2, column=head.index("product_sku") + 1).number_format = "General"
wb["Outlets"].sheet_properties.tabColor = "00FF00"
wb["To do"]["B2"].hyperlink = None
wb["Not synced"].page_setup.orientation = "portrait"
wb["Exceptions"].column_dimensions["B"].width = 5
wb["Exceptions"]["A2"].fill = PatternFill(fill_type=None)
wb.save(sys.argv[1])
PY
    "$py" "$top/tests/xlsx_check.py" bad > bad.txt 2>&1 && problem "the spoiled workbook passes"
    for want in "^Mapping![A-Z]+2: price_ecom .* want '0\.00'" "^Mapping![A-Z]+2: product_sku .* want text" \
        "^Outlets: tab colour" "^To do!B2: .* not a link" "^Not synced: prints 'portrait'" \
        "^Exceptions!B \(code\): width 5\.0" "^Exceptions!A2: error row without a red fill"; do
      grep -qE -- "$want" bad.txt || problem "xlsx_check did not say: $want ($(head -c 600 bad.txt))"
    done
    done_case
  fi
fi
cases_summary xlsx-selftest
