#!/bin/bash
# Safety of reading the inputs (issue 19: nothing the merchant owns is ever
# lost, and no hostile value gets through):
#   - a stray quote costs its own row, never the rows after it
#   - a NUL byte in a field is reported where it is, never cuts the value
#   - an input that changes between its two reads stops the run
#   - every output is valid UTF-8 (and summary.json valid JSON) whatever the
#     input's bytes or file name
#   - a FIFO or a device given as an input is refused, never read forever
# Expected values are worked out by hand or with Python's csv and json
# modules, never taken from pos2ecom's own output.
#
# usage: tests/safety/reader.sh [path/to/pos2ecom]   (default build/pos2ecom)
#   BAD_ONLY=glob  run only the matching cases; BAD_TIMEOUT=secs per run
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "safety-reader: $bin not built (make build/pos2ecom)"; exit 1; }
BAD_TIMEOUT=${BAD_TIMEOUT:-60}
. "$top/tests/cases-lib.sh"
fx=$top/fixtures/sync-previous

# ---- a stray quote costs its own row, never the rows after it -----------

# A 5,000-row export whose row 2,500 has text after a closing quote in its
# name ("Lid" large); every 7th row has a quoted two-line description, so
# line numbers differ from row numbers. libcsv alone read on inside the
# quote to the end of the file: "read 2 rows", exit 0. Python's csv module
# reads all 5,000 rows; every row but the damaged one must be written
# exactly as Python reads it, and the damaged one reported at its line.
gen_lid_export() { # FILE
  python3 - "$1" <<'PY'
import sys
with open(sys.argv[1], 'w', newline='') as f:
    f.write('handle,sku,name,description,retail_price,inventory_Main_Outlet\n')
    for i in range(1, 5001):
        name = '"Lid" large' if i == 2500 else 'Product %d' % i
        desc = '"<p>Line one,\nline two</p>"' if i % 7 == 0 else 'plain'
        f.write('p%d,SKU-%d,%s,%s,%d.00,%d\n' % (i, i, name, desc, i % 90 + 1, i % 5))
PY
}
check_lid_run() { # the outputs in out/ against Python's reading of export.csv
  python3 - export.csv out > check.txt 2>&1 <<'PY' || problem "$(head -c 600 check.txt)"
import csv, json, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(src, newline='', encoding='utf-8')))
assert len(rows) == 5000, len(rows)
data = open(src, encoding='utf-8').read()
bad_line = data[:data.index('p2500,')].count('\n') + 1   # 2858: 357 two-line rows before
want = {r['sku']: r for r in rows if r['sku'] != 'SKU-2500'}
got = {r['product_sku']: r for r in csv.DictReader(open(out + '/ecom-import.csv', newline='', encoding='utf-8'))
       if r['type'] == 'product'}
assert set(got) == set(want), ('products differ', sorted(set(got) ^ set(want))[:5])
for sku, r in want.items():
    g = got[sku]
    assert g['product_name'] == r['name'], (sku, g['product_name'], r['name'])
    assert g['product_price'] == r['retail_price'], sku
    assert g['product_quantity'] == r['inventory_Main_Outlet'], sku
    assert g.get('product_description', r['description']) == r['description'], sku
s = json.load(open(out + '/summary.json', encoding='utf-8'))
rs = s['rows']
assert (rs['read'], rs['written'], rs['not_written'], rs['attached']) == (5000, 4999, 1, 0), rs
assert rs['read'] == rs['written'] + rs['attached'] + rs['not_written']
assert rs['rows_recovered'] == 2500, rs
assert s['not_written_by_reason'] == {'TEXT_AFTER_QUOTE': 1}, s['not_written_by_reason']
ex = [r for r in csv.DictReader(open(out + '/exceptions.csv', newline='', encoding='utf-8'))
      if r['severity'] == 'error']
assert len(ex) == 1, ex
e = ex[0]
assert (e['code'], e['file'], e['line'], e['sku']) == ('TEXT_AFTER_QUOTE', 'export.csv', str(bad_line), 'SKU-2500'), e
assert e['value'] == str(bad_line + 1), e
PY
}
if want stray-quote-5000-rows; then
  gen_lid_export export.csv
  run convert -q -o out export.csv
  expect_exit 0
  check_lid_run
  # both paths (one core, two) give the same bytes
  P2E_SERIAL=1 run convert -q -o serial export.csv
  for f in ecom-import.csv exceptions.csv mapping.csv not-synced.csv summary.json; do
    cmp -s "out/$f" "serial/$f" || problem "$f differs between one and two cores"
  done
  done_case
fi

# the same export, gzipped: the same rows (the reader sees the same bytes)
if want stray-quote-5000-rows-gz; then
  gen_lid_export export.csv
  gzip -c export.csv > export.csv.gz
  run convert -q -o out export.csv.gz
  expect_exit 0
  python3 -c "import json; s = json.load(open('out/summary.json')); r = s['rows']; assert (r['read'], r['written'], r['rows_recovered']) == (5000, 4999, 2500), r" \
    2> check.txt || problem "summary: $(tail -1 check.txt)"
  done_case
fi

# ---- every output is valid UTF-8, whatever the input's name or bytes ----

# check_outputs DIR: summary.json parses (json.load), every CSV decodes as
# UTF-8 with no NUL, and report.xlsx opens with openpyxl
# (a pyenv or venv python3 first on PATH may not see Debian's python3-openpyxl)
pyx=python3
python3 -c 'import openpyxl' 2>/dev/null || { [ -x /usr/bin/python3 ] && pyx=/usr/bin/python3; }
check_outputs() {
  "$pyx" - "$1" > check.txt 2>&1 <<'PY' || problem "$(tail -c 600 check.txt)"
import glob, json, os, sys
d = sys.argv[1]
s = json.load(open(os.path.join(d, 'summary.json'), encoding='utf-8'))
for f in glob.glob(os.path.join(d, '*.csv')):
    t = open(f, 'rb').read().decode('utf-8')
    assert '\0' not in t, f
import openpyxl
wb = openpyxl.load_workbook(os.path.join(d, 'report.xlsx'))
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        pass
print(s['input_files'])
PY
}

# An export whose name is Latin-1 bytes (caf\xE9.csv): summary.json was
# invalid JSON. The name is shown with U+FFFD for the bad byte.
if want latin1-file-name; then
  name=$(printf 'caf\xe9.csv')
  small_export "$name"
  run convert -q -o out "$name"
  expect_exit 0
  check_outputs out
  grep -q "caf\\\\ufffd.csv\|caf�.csv" out/summary.json || problem "summary.json does not name caf\\ufffd.csv"
  grep -q '^warning\|^info' out/exceptions.csv && \
    { cut -d, -f3 out/exceptions.csv | grep -qx 'caf�.csv' || problem "exceptions.csv file column is not caf\\ufffd.csv"; }
  done_case
fi

# A UTF-16 export (forced) with U+0000 inside a SKU: reported where it is,
# the row not written, and no NUL in any output.
if want utf16-nul-in-sku; then
  python3 -c "
open('export.csv', 'wb').write('handle,sku,name,retail_price,inventory_Main_Outlet\ncup,CUP-1,Cup,4.00,3\nmug,MUG\0-1,Mug,9.00,2\n'.encode('utf-16'))"
  run convert -q --encoding UTF-16 -o out export.csv
  expect_exit 0
  check_outputs out
  grep -q '^error,NUL_IN_FIELD,export.csv,3,mug,MUG␀-1,,sku,MUG␀-1,' out/exceptions.csv || problem "no NUL_IN_FIELD at line 3: $(grep NUL out/exceptions.csv)"
  grep -q 'MUG' out/ecom-import.csv && problem "MUG written: $(grep MUG out/ecom-import.csv)"
  done_case
fi

# ---- inputs that are not regular files ----------------------------------
# A FIFO's open waits for a writer, /dev/zero never ends: both used to hang
# the run. Each input (export, --previous, --ecom) is refused in one line,
# exit 2, within the time limit.

not_regular() { # NAME ARGS...: a run that must refuse quickly
  local name=$1; shift
  if want "$name"; then
    mkfifo fifo.csv
    limit=20 run "$@"
    expect_exit 2
    expect_one_line "is not a regular file"
    for f in $outputs; do expect_absent "out/$f"; done
    expect_no_tmp .
    done_case
  fi
}
not_regular fifo-export convert -q -o out fifo.csv
not_regular dev-zero-export convert -q -o out /dev/zero
not_regular fifo-ecom sync -q -o out --ecom fifo.csv "$fx/export.csv"
not_regular dev-zero-ecom sync -q -o out --ecom /dev/zero "$fx/export.csv"
not_regular fifo-previous sync -q -o out --ecom "$fx/store.csv" --previous fifo.csv "$fx/export.csv"
not_regular dev-zero-previous sync -q -o out --ecom "$fx/store.csv" --previous /dev/zero "$fx/export.csv"

cases_summary safety-reader
