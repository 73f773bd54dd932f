#!/bin/bash
# Each public export (../shared/fixtures-public/xseries/) saved as a
# spreadsheet would save it (.xlsx, and Excel's "Unicode text": UTF-16LE
# with a BOM, tab-separated), into a temporary folder, converts to the same
# ecom-import.csv as the original CSV; and the Mac Roman export (2017)
# converts with default options as with --encoding macintosh; and each saved
# as a European locale saves it (';' between fields, decimal commas:
# tests/tools/eurosave.py) gives the same ecom-import.csv too.
# Skips, saying so, when the exports or python3-openpyxl are absent.
# usage: tests/spreadsheets.sh path/to/pos2ecom
set -u
bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
pub=$top/../shared/fixtures-public/xseries
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ ! -d "$pub" ]; then
  echo "spreadsheets: SKIPPED: $pub is absent (the public exports are read there)"
  exit 0
fi
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
  echo "spreadsheets: SKIPPED: python3-openpyxl is not installed (scripts/install-deps.sh check)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
run() { # name input [options...]
  local name=$1 in=$2; shift 2
  "$bin" convert -q --all-outlets "$@" -o "$tmp/out.$name" "$in" >"$tmp/$name.log" 2>&1
}
for f in "$pub"/*.csv; do
  b=$(basename "$f" .csv)
  enc=utf-8-sig
  case $b in vend2017*) enc=mac_roman ;; esac
  run "$b.csv" "$f" || { echo "FAIL $b: the CSV does not convert"; fail=$((fail + 1)); continue; }
  for kind in xlsx utf16; do
    out=$tmp/$b.$kind
    [ $kind = xlsx ] || out=$tmp/$b.txt
    "$py" "$top/tests/tools/resave.py" $kind "$f" "$out" $enc || { fail=$((fail + 1)); continue; }
    if run "$b.$kind" "$out" && cmp -s "$tmp/out.$b.csv/ecom-import.csv" "$tmp/out.$b.$kind/ecom-import.csv"; then
      pass=$((pass + 1))
    else
      echo "FAIL $b as $kind: ecom-import.csv differs from the CSV's"
      head -c 400 "$tmp/$b.$kind.log"
      fail=$((fail + 1))
    fi
  done
  # the same export saved in a European locale: ';' and decimal commas
  eu=$tmp/$b.eu.csv
  if "$py" "$top/tests/tools/eurosave.py" "$f" "$eu" $enc && run "$b.eu" "$eu" \
     && cmp -s "$tmp/out.$b.csv/ecom-import.csv" "$tmp/out.$b.eu/ecom-import.csv"; then
    pass=$((pass + 1))
  else
    echo "FAIL $b as ';' with decimal commas: ecom-import.csv differs from the CSV's"
    head -c 400 "$tmp/$b.eu.log"
    diff "$tmp/out.$b.csv/ecom-import.csv" "$tmp/out.$b.eu/ecom-import.csv" | head -6
    fail=$((fail + 1))
  fi
  case $b in vend2017*)
    if run "$b.mac" "$f" --encoding macintosh && cmp -s "$tmp/out.$b.csv/ecom-import.csv" "$tmp/out.$b.mac/ecom-import.csv" \
       && grep -q 'Mac Roman' "$tmp/out.$b.csv/exceptions.csv"; then
      pass=$((pass + 1))
    else
      echo "FAIL $b: default options do not read it as Mac Roman"; fail=$((fail + 1))
    fi ;;
  esac
done
echo "spreadsheets: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
