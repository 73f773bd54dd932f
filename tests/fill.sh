#!/bin/bash
# manual-fields.xlsx and `pos2ecom fill` (issue 15, points 5 and 6).
#  1. the workbook convert writes, read back with openpyxl (an independent
#     reader): key cells text with the format '@', hints locked and grey,
#     fill-in cells unlocked, the subtitle locked on variation rows, data
#     validation on the fill-in columns, the sheet protected, the header
#     frozen, the hidden protected product list; the same bytes twice;
#  2. the round trip: cells filled with openpyxl (an independent writer),
#     `fill`, the update compared with a file written by hand, and
#     `pos2ecom check` on it (no finding);
#  3. the same workbook re-saved by LibreOffice headless after a SKU was
#     typed as a number (what strips leading zeros): the zero restored and
#     reported (skipped, saying so, when soffice is absent);
#  4. the CSV twin, edited with Python's csv module and re-saved by
#     LibreOffice: with and without --products;
#  5. the checks: a 'Compare to' price at or below the price, an unknown
#     SKU, bad numbers, a subtitle on a variation; each with its code, line,
#     field and cell, in fill-findings.csv and on standard error; --strict.
# The fixture, tests/data/fill/export.csv, has a SKU with a leading zero
# (085412003177), a product with two variations (tee: TEE-S, TEE-M) and a
# SKU the formula guard quotes in manual-fields.csv (-MUG).
# usage: tests/fill.sh path/to/pos2ecom
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
export=$top/tests/data/fill/export.csv

if ! $py -c 'import openpyxl' 2>/dev/null; then
  echo "fill: SKIPPED every case: /usr/bin/python3 has no openpyxl (apt-get install python3-openpyxl)"
  echo "fill: 0 passed, 0 failed, 1 skipped"
  exit 0
fi

# convert DIR: the fixture into DIR
convert() { "$bin" convert -q -o "$1" "$export" || problem "convert exited $?"; }

# edit IN OUT CELL=VALUE...: cells set with openpyxl (a number when VALUE
# reads as one, else text), saved as OUT
edit() {
  $py - "$@" <<'PY'
import sys, openpyxl
src, dst, sets = sys.argv[1], sys.argv[2], sys.argv[3:]
wb = openpyxl.load_workbook(src)
ws = wb['Manual fields']
for s in sets:
    ref, val = s.split('=', 1)
    try:
        v = int(val) if val.lstrip('-').isdigit() and not val.startswith('0') else float(val)
    except ValueError:
        v = val
    if val.startswith('text:'):
        v = val[5:]
    ws[ref] = v
wb.save(dst)
PY
}

# expect_update DIR: DIR/ecom-manual-update.csv is stdin, byte for byte,
# and passes pos2ecom check with no finding
expect_update() {
  cat > want.csv
  if ! cmp -s want.csv "$1/ecom-manual-update.csv"; then
    problem "ecom-manual-update.csv differs (< expected, > got): $(diff want.csv "$1/ecom-manual-update.csv" | head -12 | tr '\n' '|')"
  fi
  local found
  found=$("$bin" check -q "$1/ecom-manual-update.csv" | tail -n +2)
  [ -z "$found" ] || problem "pos2ecom check found: $(echo "$found" | head -3)"
}

# expect_finding DIR CODE LINE FIELD [CELL]: in fill-findings.csv, and on
# standard error with the line and the cell
expect_finding() {
  $py - "$1/fill-findings.csv" "$2" "$3" "$4" <<'PY' || problem "fill-findings.csv has no $2 at line $3, $4"
import csv, sys
path, code, line, field = sys.argv[1:]
rows = list(csv.DictReader(open(path, newline='', encoding='utf-8')))
sys.exit(0 if any(r['code'] == code and r['line'] == line and r['field'] == field for r in rows) else 1)
PY
  grep -q "line $3: [a-z]* $2 $4 " run.err || problem "stderr lacks line $3 $2 $4: $(head -c 400 run.err)"
  [ -z "${5:-}" ] || grep -q "line $3: [a-z]* $2 .*cell 'Manual fields'!$5" run.err \
    || problem "stderr does not name cell $5 for $2"
}

# ---- 1. the workbook, read back -----------------------------------------------
if want workbook; then
  convert out
  convert again
  cmp -s out/manual-fields.xlsx again/manual-fields.xlsx || problem "two runs wrote different workbooks"
  $py - out/manual-fields.xlsx > check.out 2>&1 <<'PY' || problem "openpyxl: $(head -c 900 check.out)"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
bad = []
def want(cond, what):
    if not cond:
        bad.append(what)
want(wb.sheetnames == ['Manual fields', 'Instructions', 'Product list'], 'sheets %r' % wb.sheetnames)
ws = wb['Manual fields']
head = [c.value for c in ws[1]]
want(head == ['type', 'product_sku', 'product_name', 'price_pos', 'product_compare_to_price',
              'product_subtitle', 'reorder_point_pos', 'product_low_stock_notification_quantity',
              'product_variation_sku', 'product_variation_option_Size'], 'header %r' % head)
want(ws.max_row == 6, 'rows %d' % ws.max_row)
want(ws.protection.sheet, 'sheet not protected')
want(ws.protection.password is None, 'a password')
want(ws.freeze_panes == 'A2', 'freeze %r' % ws.freeze_panes)
grey = lambda c: c.fill.fill_type == 'solid' and c.fill.fgColor.rgb == 'FFE7E6E6'
# the rows, worked out from the fixture by hand
rows = [('product', '085412003177', 'Apple Jam', 5, 4, None, None),
        ('product', 'tee', 'Tee', 19.9, 3, None, None),
        ('product_variation', 'tee', None, 19.9, 2, 'TEE-S', 'S'),
        ('product_variation', 'tee', None, 19.9, 1, 'TEE-M', 'M'),
        ('product', '-MUG', 'Mug', 9, None, None, None)]
for i, r in enumerate(rows, start=2):
    got = tuple(ws.cell(i, c).value for c in (1, 2, 3, 4, 7, 9, 10))
    want(got == r, 'row %d %r' % (i, got))
    for col in (1, 2, 3, 9, 10):  # keys: text cells, text format, locked, grey
        c = ws.cell(i, col)
        want(c.number_format == '@', '%s format %r' % (c.coordinate, c.number_format))
        want(c.value is None or c.data_type == 's', '%s not a string' % c.coordinate)
        want(c.protection.locked and grey(c), '%s not locked and grey' % c.coordinate)
    for col in (4, 7):  # hints: locked and grey numbers
        c = ws.cell(i, col)
        want(c.protection.locked and grey(c), '%s hint not locked and grey' % c.coordinate)
    want(ws.cell(i, 4).number_format == '0.00', 'price format %r' % ws.cell(i, 4).number_format)
    for col, fmt in ((5, '0.00'), (8, '0')):  # fill-in: unlocked, white
        c = ws.cell(i, col)
        want(not c.protection.locked and not grey(c), '%s not a fill-in cell' % c.coordinate)
        want(c.number_format == fmt, '%s format %r' % (c.coordinate, c.number_format))
    sub = ws.cell(i, 6)
    if r[0] == 'product':
        want(not sub.protection.locked and sub.number_format == '@', '%s subtitle not fillable text' % sub.coordinate)
    else:
        want(sub.protection.locked and grey(sub), '%s subtitle open on a variation' % sub.coordinate)
dv = {str(d.sqref): d for d in ws.data_validations.dataValidation}
want(set(dv) == {'E2:E6', 'H2:H6'}, 'validations on %r' % sorted(dv))
if 'E2:E6' in dv:
    d = dv['E2:E6']
    want(d.type == 'custom' and d.formula1 == 'AND(ISNUMBER(E2),E2>=0,ROUND(E2,2)=E2)',
         'price rule %r %r' % (d.type, d.formula1))
    want(d.showErrorMessage and d.allow_blank, 'price rule shows no error or refuses blanks')
if 'H2:H6' in dv:
    d = dv['H2:H6']
    want(d.type == 'whole' and d.operator in (None, 'between') and d.formula1 == '0'
         and d.formula2 == '2147483647', 'threshold rule %r %r %r' % (d.type, d.formula1, d.formula2))
pl = wb['Product list']
want(pl.sheet_state == 'hidden', 'product list %s' % pl.sheet_state)
want(pl.protection.sheet, 'product list not protected')
lst = [tuple(c.value for c in row) for row in pl.iter_rows()]
want(lst == [('type', 'product_sku', 'product_variation_sku', 'price_pos', 'product_variation_option_Size'),
             ('product', '085412003177', None, '5.00', None),
             ('product', 'tee', None, '19.90', None),
             ('product_variation', 'tee', 'TEE-S', '19.90', 'S'),
             ('product_variation', 'tee', 'TEE-M', '19.90', 'M'),
             ('product', '-MUG', None, '9.00', None)], 'product list %r' % lst)
for row in pl.iter_rows(min_row=2):
    for c in row:
        want(c.number_format == '@' and (c.value is None or c.data_type == 's'), 'list %s not text' % c.coordinate)
want(wb['Instructions']['A1'].value == 'How to fill in manual-fields.xlsx', 'instructions')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY
  done_case
fi

# ---- 2. filled with openpyxl ----------------------------------------------------------
if want openpyxl-round-trip; then
  convert out
  edit out/manual-fields.xlsx out/filled.xlsx E2=6.5 F2=Fresh H2=7 E4=24.9 H5=2 F6='text:Big mug'
  run fill -o out out/filled.xlsx
  expect_exit 0
  expect_update out <<'E'
type,product_sku,product_variation_sku,product_variation_option_Size,product_compare_to_price,product_subtitle,product_low_stock_notification_quantity
product,085412003177,,,6.50,Fresh,7
product,tee,,,,,
product_variation,tee,TEE-S,S,24.90,,
product_variation,tee,TEE-M,M,,,2
product,-MUG,,,,Big mug,
E
  [ "$(cat out/fill-findings.csv)" = "severity,code,file,line,handle,sku,name,field,value,message,action" ] \
    || problem "findings: $(head -c 300 out/fill-findings.csv)"
  expect_err "5 rows read, 4 filled"
  # only the filled columns, only the filled rows
  edit out/manual-fields.xlsx out/one.xlsx H4=3
  run fill -o one out/one.xlsx
  expect_exit 0
  expect_update one <<'E'
type,product_sku,product_variation_sku,product_variation_option_Size,product_low_stock_notification_quantity
product,tee,,,
product_variation,tee,TEE-S,S,3
E
  # the convert's files are left as they were; a second fill replaces its own
  (cd out && md5sum $outputs) > conv.md5
  run fill -o out out/filled.xlsx
  expect_exit 0
  (cd out && md5sum -c --quiet ../conv.md5) > md5.out 2>&1 || problem "fill changed the convert's files: $(head -c 300 md5.out)"
  expect_no_tmp out
  done_case
fi

# ---- 3. re-saved by LibreOffice ---------------------------------------------------------
if want libreoffice; then
  if ! command -v soffice >/dev/null; then
    skip_case "soffice (LibreOffice) is not installed: the re-save case is not run"
  else
    convert out
    # the SKU typed again as a number, as a spreadsheet does with 085412003177
    edit out/manual-fields.xlsx typed.xlsx B2=85412003177 E2=6.5 E3=25 H4=3
    mkdir -p lo home
    HOME=$PWD/home timeout 180 soffice --headless --norestore --convert-to xlsx --outdir lo typed.xlsx \
      > soffice.out 2>&1 || problem "soffice failed: $(head -c 300 soffice.out)"
    if [ -f lo/typed.xlsx ]; then
      $py - lo/typed.xlsx > lo.out 2>&1 <<'PY' || problem "LibreOffice's workbook: $(head -c 400 lo.out)"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Manual fields']
assert ws['B2'].data_type == 'n' and ws['B2'].value == 85412003177, ws['B2'].value
assert ws['B3'].value == 'tee' and ws['B3'].data_type == 's'
assert wb['Product list'].sheet_state == 'hidden', wb['Product list'].sheet_state
PY
      run fill -o res lo/typed.xlsx
      expect_exit 0
      expect_update res <<'E'
type,product_sku,product_variation_sku,product_variation_option_Size,product_compare_to_price,product_low_stock_notification_quantity
product,085412003177,,,6.50,
product,tee,,,25.00,
product_variation,tee,TEE-S,S,,3
E
      expect_finding res FILL_LEADING_ZERO_RESTORED 2 product_sku B2
      grep -q "'85412003177'.*restored to 085412003177" run.err || problem "stderr does not name the restored SKU"
    fi
  fi
  done_case
fi

# ---- 4. the CSV twin ----------------------------------------------------------------------
if want csv; then
  convert out
  # edited with Python's csv module: the guarded '-MUG keeps its quote, the
  # leading zero is lost as a spreadsheet would lose it
  $py - out/manual-fields.csv edited.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert rows[5][1] == "'-MUG", rows[5]
rows[1][1] = '85412003177'; rows[1][3] = '6.5'
rows[5][4] = 'Big mug'
rows[4][5] = '2'
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\n').writerows(rows)
PY
  run fill -o plain edited.csv
  expect_exit 0
  # no product list: keys as read (the zero stays lost), the guard's quote removed
  expect_update plain <<'E'
type,product_sku,product_variation_sku,product_variation_option_Size,product_compare_to_price,product_subtitle,product_low_stock_notification_quantity
product,85412003177,,,6.50,,
product,tee,,,,,
product_variation,tee,TEE-M,M,,,2
product,-MUG,,,,Big mug,
E
  grep -q '^info,FILL_NO_PRODUCT_LIST,edited.csv,,' plain/fill-findings.csv || problem "no FILL_NO_PRODUCT_LIST"
  run fill --products out/manual-fields.xlsx -o listed edited.csv
  expect_exit 0
  expect_update listed <<'E'
type,product_sku,product_variation_sku,product_variation_option_Size,product_compare_to_price,product_subtitle,product_low_stock_notification_quantity
product,085412003177,,,6.50,,
product,tee,,,,,
product_variation,tee,TEE-M,M,,,2
product,-MUG,,,,Big mug,
E
  expect_finding listed FILL_LEADING_ZERO_RESTORED 2 product_sku
  # the unedited CSV as the list works the same (it has no prices)
  run fill --products out/manual-fields.csv -o listed2 edited.csv
  expect_exit 0
  cmp -s listed/ecom-manual-update.csv listed2/ecom-manual-update.csv || problem "--products CSV gave another update"
  # LibreOffice opening the CSV and saving it again strips the zero too
  if command -v soffice >/dev/null; then
    cp out/manual-fields.csv lo-in.csv
    sed -i '2s/,Apple Jam,,/,Apple Jam,7.25,/' lo-in.csv
    mkdir -p lo home
    HOME=$PWD/home timeout 180 soffice --headless --norestore --convert-to csv --outdir lo lo-in.csv \
      > soffice.out 2>&1 || problem "soffice failed: $(head -c 300 soffice.out)"
    grep -q '^product,85412003177,' lo/lo-in.csv || problem "LibreOffice kept the zero: $(sed -n 2p lo/lo-in.csv)"
    run fill --products out/manual-fields.xlsx -o lo-out lo/lo-in.csv
    expect_exit 0
    expect_update lo-out <<'E'
type,product_sku,product_compare_to_price
product,085412003177,7.25
E
  else
    echo "fill: note: soffice absent: the CSV re-saved by LibreOffice is not tried"
  fi
  done_case
fi

# ---- 5. what fill reports ------------------------------------------------------------------
if want findings; then
  convert out
  # B2: a SKU not in the list; E3: at the price; H4: not whole; F4: a subtitle
  # on a variation; E5: three decimals; E6: below the price; H6: negative
  edit out/manual-fields.xlsx bad.xlsx B2=text:XYZ E2=7 E3=19.9 H4=2.5 F4=text:Soft E5=1.999 E6=8 H6=-1
  run fill -o res bad.xlsx
  expect_exit 0
  expect_finding res FILL_UNKNOWN_SKU 2 product_sku B2
  expect_finding res FILL_COMPARE_TO_NOT_ABOVE 3 product_compare_to_price E3
  expect_finding res FILL_INVALID_NUMBER 4 product_low_stock_notification_quantity H4
  expect_finding res FILL_SUBTITLE_ON_VARIATION 4 product_subtitle F4
  expect_finding res FILL_INVALID_NUMBER 5 product_compare_to_price E5
  expect_finding res FILL_COMPARE_TO_NOT_ABOVE 6 product_compare_to_price E6
  expect_finding res FILL_INVALID_NUMBER 6 product_low_stock_notification_quantity H6
  grep -q "FILL_COMPARE_TO_NOT_ABOVE.*the price is 19.90" run.err || problem "the price is not named"
  n=$(tail -n +2 res/fill-findings.csv | wc -l)
  [ "$n" = 7 ] || problem "$n findings, not 7: $(cat res/fill-findings.csv)"
  # what is left: the warnings' cells are written, the errors' are not
  expect_update res <<'E'
type,product_sku,product_compare_to_price
product,tee,19.90
product,-MUG,8.00
E
  run fill --strict -o res2 bad.xlsx
  expect_exit 3
  run fill -q -o res3 bad.xlsx
  expect_exit 0
  [ -s run.err ] && problem "-q printed: $(head -c 200 run.err)"
  # a CSV row with no SKU cannot be matched: not written
  printf 'type,product_sku,product_compare_to_price\nproduct,,5\nproduct,A1,5\n' > nosku.csv
  run fill -o res6 nosku.csv
  expect_exit 0
  expect_finding res6 FILL_UNKNOWN_SKU 2 product_sku
  expect_update res6 <<'E'
type,product_sku,product_compare_to_price
product,A1,5.00
E
  # not a manual-fields sheet: one line, exit 2, nothing written
  small_export notsheet.csv
  run fill -o res4 notsheet.csv
  expect_exit 2
  expect_one_line "no product_sku column"
  expect_absent res4/ecom-manual-update.csv
  run fill -o res5
  expect_exit 1
  done_case
fi

cases_summary fill
