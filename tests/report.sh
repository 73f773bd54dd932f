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
  sed -n 2p out/exceptions.csv | grep -q '^error,DUPLICATE_SKU,product-export.csv,128,sticker-ridgeline-logo,STK-001,Sticker - Coffee & Mountains,' ||
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
cases_summary report
