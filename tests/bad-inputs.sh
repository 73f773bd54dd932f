#!/bin/bash
# Bad inputs that cannot live in fixtures/: inputs too big to commit (made
# here, in a temporary folder), and cases that need special setup (file
# modes, a full disk, ulimit -f, symbolic links, outputs next to inputs).
# The small cases of the matrix are fixtures/bad-*/ (tests/golden.sh).
#
# Each case states what a merchant must get: the exit code, the lines that
# must be in standard error (what is wrong, and what to do), and what must
# not change: previous outputs, the input files, the image folders; and no
# partial or temporary file left behind.
#
# usage: tests/bad-inputs.sh [path/to/pos2ecom]   (default build/pos2ecom)
#   Give the plain build. The ASan build works too, but until libcsv's field
#   buffer grows by more than 128 bytes at a time (csv_set_blk_size is never
#   called), a 20 MiB field costs it an hour of reallocs: the size cases
#   time out there.
#   BAD_ONLY=glob      run only the cases whose name matches (e.g. 'out-*')
#   BAD_TIMEOUT=secs   per run (default 300); a run that takes longer fails
#
# Cases that need privileges: as root, "unreadable" and "not writable" are
# checked by running pos2ecom as nobody (setpriv), since chmod does not stop
# root; without setpriv they are skipped with a message. The full-disk cases
# mount a small tmpfs, which needs root; otherwise they are skipped.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "bad-inputs: $bin not built (make build/pos2ecom)"; exit 1; }
. "$top/tests/cases-lib.sh"

# ---- big inputs, made here ----------------------------------------------

if want big-field-20mb; then
  # a 20 MiB quoted description (with commas, quotes and line breaks in it)
  { printf 'handle,sku,name,description,retail_price\n'
    printf 'big,BIG-1,Big,"<p>start, ""quoted""\n'
    head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
    printf '\n</p>",5.00\nsmall,SMALL-1,Small,ok,2.00\n'; } > export.csv
  run convert -q -o out export.csv
  expect_exit 0
  grep -q '^product,SMALL-1,' out/ecom-import.csv 2>/dev/null || problem "SMALL-1 (line 5) not written"
  size=$(stat -c %s out/ecom-import.csv 2>/dev/null || echo 0)
  [ "$size" -gt $((20 * 1024 * 1024)) ] || problem "ecom-import.csv is $size bytes: the 20 MiB description was not written whole"
  expect_file out/report.xlsx
  done_case
fi

if want big-field-over-cap; then
  { printf 'handle,sku,name,description,retail_price\nsmall,SMALL-1,Small,ok,2.00\n'
    printf 'big,BIG-1,Big,"'; head -c $((20 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
    printf '",5.00\n'; } > export.csv
  run convert -q --max-field-size 1000000 -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: export.csv: line 3: a field is longer than 1000000 bytes"
  expect_err "--max-field-size"
  for f in $outputs; do expect_absent "out/$f"; done
  expect_no_tmp .
  done_case
fi

if want runaway-quote; then
  # line 3 opens a quote that never closes; 40,000 more lines follow
  { printf 'handle,sku,name,description,retail_price\ncup,CUP-1,Cup,ok,4.00\n'
    printf 'mug,MUG-1,Mug,"<p>Enamel mug,9.00\n'
    awk 'BEGIN { for (i = 1; i <= 40000; i++) printf "p%d,SKU-%d,Product %d,plain,1.00\n", i, i, i }'; } > export.csv
  run convert -q --max-field-size 1000000 -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: export.csv: line 3:"
  expect_err "--max-field-size"
  for f in $outputs; do expect_absent "out/$f"; done
  done_case
fi

if want name-over-excel-cell-limit; then
  # NAME_TOO_LONG is a finding; the run must still write every output,
  # report.xlsx included (Excel cells hold 32,767 characters at most)
  { printf 'handle,sku,name,retail_price\nlong,LONG-1,'
    head -c 40000 /dev/zero | tr '\0' 'N'
    printf ',1.00\ncup,CUP-1,Cup,4.00\n'; } > export.csv
  run convert -q -o out export.csv
  expect_exit 0
  expect_no_err "String exceeds Excel's limit"
  expect_file out/report.xlsx
  grep -q 'NAME_TOO_LONG' out/exceptions.csv 2>/dev/null || problem "no NAME_TOO_LONG finding"
  done_case
fi

if want columns-50000-unknown; then
  # handle and the three required columns, then 49,996 columns the conversion ignores
  { printf 'handle,sku,name,retail_price'; seq -f ',extra_%g' 1 49996 | tr -d '\n'
    printf '\ncup,CUP-1,Cup,4.00'; head -c 49996 /dev/zero | tr '\0' ','; printf '\n'; } > export.csv
  run convert -q -o out export.csv
  expect_exit 0
  grep -q '^product,CUP-1,Cup,true,4.00' out/ecom-import.csv 2>/dev/null || problem "CUP-1 not written"
  n=$(grep -c ',UNKNOWN_COLUMN,' out/exceptions.csv 2>/dev/null)
  [ "$n" = 49996 ] || problem "$n UNKNOWN_COLUMN findings, expected 49996"
  done_case
fi

if want columns-50000-not-export; then
  { seq -f 'col_%g' 1 50000 | paste -sd, -; seq -f '%g' 1 50000 | paste -sd, -; } > export.csv
  run convert -q -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: export.csv: not an X-Series product export: missing column(s) sku, name, retail_price; found 50000 column(s): col_1, col_2,"
  len=$(wc -c < run.err)
  [ "$len" -lt 2000 ] || problem "the message is $len bytes long: the list of columns found must stay short"
  for f in $outputs; do expect_absent "out/$f"; done
  done_case
fi

if want columns-50000-outlets; then
  # P2E_OUTLET_MAX is 4096: an export with more outlets is refused, saying so
  { printf 'handle,sku,name,retail_price'; seq -f ',inventory_Outlet_%g' 1 49996 | tr -d '\n'
    printf '\ncup,CUP-1,Cup,4.00'; head -c 49996 /dev/zero | tr '\0' ','; printf '\n'; } > export.csv
  run convert -q --all-outlets -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: export.csv: more than 4096 outlets"
  expect_no_err "a field is longer than"
  for f in $outputs; do expect_absent "out/$f"; done
  done_case
fi

if want row-size-cap; then
  # a 2 MB row of short fields: no field is over the field cap, the row is
  # over a 1 MB row cap (the issue asks for a cap on row size too)
  { printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,4.00\nmug,MUG-1,Mug,9.00'
    head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ','; printf '\n'; } > export.csv
  run convert -q --max-row-size 1000000 -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: export.csv: line 3:"
  expect_err "--max-row-size"
  for f in $outputs; do expect_absent "out/$f"; done
  done_case
fi

if want one-family-100000-variants; then
  # a spreadsheet fill-down gave every row the same handle: one family of
  # 100,000 variants must convert in seconds, not minutes
  { printf 'handle,sku,name,retail_price,variant_option_one_name,variant_option_one_value\n'
    awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "shirt,S-%d,Shirt,1.00,Size,%d\n", i, i }'; } > export.csv
  start=$(date +%s)
  run convert -q --no-xlsx -o out export.csv
  took=$(( $(date +%s) - start ))
  expect_exit 0
  [ "$took" -le 30 ] || problem "took $took s (limit 30 s): quadratic work per family"
  done_case
fi

if want ecom-100000-variations; then
  # a store export with one product of 100,000 variations
  { printf 'type,product_sku,product_name,product_price,product_variation_sku,product_variation_option_Size\n'
    printf 'product,P-1,Shirt,1.00,,\n'
    awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "product_variation,P-1,,1.00,V-%d,%d\n", i, i }'; } > store.csv
  printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,4.00\n' > export.csv
  start=$(date +%s)
  run audit -q --no-xlsx --ecom store.csv -o out export.csv
  took=$(( $(date +%s) - start ))
  expect_exit 0
  [ "$took" -le 30 ] || problem "took $took s (limit 30 s): quadratic work per product"
  done_case
fi

if want ecom-runaway-quote; then
  # the field cap applies to the store export given with --ecom too
  { printf 'type,product_sku,product_name,product_price\nproduct,CUP-1,"Cup,4.00\n'
    awk 'BEGIN { for (i = 1; i <= 40000; i++) printf "product,SKU-%d,Product %d,1.00\n", i, i }'; } > store.csv
  printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,4.00\n' > export.csv
  run audit -q --max-field-size 100000 --ecom store.csv -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: store.csv: line 2:"
  expect_err "--max-field-size"
  expect_absent out/drift.csv out/summary.json
  done_case
fi

# ---- files the run may not read, places it may not write ----------------

if want unreadable-file; then
  if [ -z "$as_user" ]; then skip_case "$user_note"; else
    small_export export.csv; chmod 000 export.csv; mkdir out; chmod 777 out
    $as_user convert -q -o out export.csv
    expect_exit 2
    expect_err "pos2ecom: export.csv: cannot open: Permission denied"
    for f in $outputs; do expect_absent "out/$f"; done
    expect_no_tmp out
    echo "  ($user_note)"
    done_case
  fi
fi

if want out-not-writable; then
  if [ -z "$as_user" ]; then skip_case "$user_note"; else
    small_export export.csv; chmod 644 export.csv
    run convert -q --no-xlsx -o out export.csv   # the previous run's outputs
    small_export export.csv; printf 'bowl,BOWL-1,Bowl,6.00,1\n' >> export.csv
    chmod 555 out; snapshot out before
    $as_user convert -q -o out export.csv
    expect_exit 2
    expect_err "pos2ecom: out"
    expect_err "Permission denied"
    unchanged out before
    echo "  ($user_note)"
    done_case
  fi
fi

if want out-is-file; then
  small_export export.csv
  printf 'not a folder\n' > out; before=$(md5sum < out)
  run convert -q -o out export.csv
  expect_exit 2
  expect_err "pos2ecom: out: exists and is not a folder"
  run convert -q -o out/sub export.csv
  expect_exit 2
  expect_err "pos2ecom: out: exists and is not a folder"
  [ -f out ] && [ "$(md5sum < out)" = "$before" ] || problem "the file out changed"
  expect_no_tmp .
  done_case
fi

# previous outputs of the demo store, then a run that cannot finish
prepare_previous() {
  run convert -q --all-outlets -o out "$samples/store/product-export.csv"
  [ "$code" = 0 ] || problem "could not make the previous outputs (exit $code)"
  snapshot out before
}

if want write-error-ulimit; then
  # ulimit -f with SIGXFSZ ignored (as a shell that ignores it passes on):
  # writes fail with EFBIG, the run stops, the previous outputs stay
  prepare_previous
  (ulimit -f 8; trap '' XFSZ; run convert -q --all-outlets -o out "$samples/store/product-export.csv"; echo "$code" > code)
  code=$(cat code)
  expect_exit 2
  expect_err "cannot write: File too large"
  unchanged out before
  expect_no_tmp out
  done_case
fi

if want write-error-ulimit-sigxfsz; then
  # the same with SIGXFSZ at its default (terminate): pos2ecom must not be
  # killed half-way, leaving temporary files; it ignores the signal and
  # handles EFBIG like any other write error
  prepare_previous
  (ulimit -f 8; run convert -q --all-outlets -o out "$samples/store/product-export.csv" 2>/dev/null; echo "$code" > code) 2>/dev/null
  code=$(cat code)
  expect_exit 2
  expect_err "File too large"
  unchanged out before
  expect_no_tmp out
  done_case
fi

mount_small() { # mount_small DIR KB: a tmpfs of that size, or return 1
  mkdir -p "$1"
  [ "$(id -u)" = 0 ] && mount -t tmpfs -o "size=${2}k" tmpfs "$1" 2>/dev/null || return 1
  mounts+=("$PWD/$1")
}

if want disk-full; then
  if ! mount_small disk 64; then skip_case "cannot mount a small tmpfs (needs root)"; else
    small_export export.csv
    run convert -q --no-xlsx -o disk/out export.csv
    snapshot disk/out before
    run convert -q --all-outlets -o disk/out "$samples/store/product-export.csv"
    expect_exit 2
    expect_one_line "No space left on device"
    unchanged disk/out before
    expect_no_tmp disk
    done_case
  fi
fi

if want disk-full-workbook; then
  # room for the CSV files but not for report.xlsx: the message must still
  # say why (no space), and nothing may be left behind
  run convert -q --all-outlets --no-xlsx -o sizes "$samples/store/product-export.csv"
  kb=$(( $(find sizes -type f -printf '%s\n' | awk '{s += int(($1 + 4095) / 4096) * 4} END {print s}') + 16 ))
  if ! mount_small disk2 "$kb"; then skip_case "cannot mount a small tmpfs (needs root)"; else
    run convert -q --all-outlets -o disk2/out "$samples/store/product-export.csv"
    expect_exit 2
    expect_one_line "No space left on device"
    for f in $outputs; do expect_absent "disk2/out/$f"; done
    expect_no_tmp disk2
    done_case
  fi
fi

if want commit-fails-late; then
  # the last step, renaming the finished files into place, fails for one of
  # them (summary.json is a folder now): the previous outputs must all stay
  # as they were, not a mix of new and old files
  printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,4.00\n' > export.csv
  run convert -q -o out export.csv
  printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,5.00\n' > export.csv
  rm -f out/summary.json; mkdir -p out/summary.json/keep; snapshot out before
  run convert -q -o out export.csv
  expect_exit 2
  expect_err "summary.json"
  unchanged out before
  expect_no_tmp out
  done_case
fi

if want images-staged-on-failed-run; then
  # photos are staged into DIR/images/; a run that then fails must not
  # leave them there (nor replace the previous run's)
  mkdir pics; cp "$samples/images/RL-BTL-32.jpg" pics/CUP-1.jpg
  printf 'handle,sku,name,retail_price\ncup,CUP-1,Cup,4.00\n' > export.csv
  mkdir -p out/summary.json/keep; snapshot out before   # makes the run fail at the end
  run convert -q --images pics --image-base-url https://cdn.example.com/s -o out export.csv
  expect_exit 2
  unchanged out before
  expect_no_tmp out
  done_case
fi

# ---- outputs next to the inputs ----------------------------------------

if want clash-input-named-like-output; then
  # the export saved as ecom-import.csv in the folder given with -o: the
  # run must refuse before writing, never overwrite its own input
  mkdir shop; small_export shop/ecom-import.csv; snapshot shop before strict
  run convert -q -o shop shop/ecom-import.csv
  expect_exit 1
  expect_err "ecom-import.csv"
  expect_err "-o"
  unchanged shop before strict
  done_case
fi

if want clash-other-spelling; then
  # the same file reached through another path: a clash is by file, not name
  mkdir -p shop/sub; small_export shop/summary.json; snapshot shop before strict
  run convert -q -o shop/sub/.. ./shop/summary.json
  expect_exit 1
  expect_err "summary.json"
  unchanged shop before strict
  done_case
fi

if want clash-sync-ecom; then
  # sync: the store export given with --ecom named like an output of sync
  mkdir shop; small_export shop/export.csv
  run convert -q --no-xlsx -o conv shop/export.csv
  cp conv/ecom-import.csv shop/ecom-update.csv; snapshot shop before strict
  run sync -q --ecom shop/ecom-update.csv -o shop shop/export.csv
  expect_exit 1
  expect_err "ecom-update.csv"
  unchanged shop before strict
  done_case
fi

if want out-is-input-folder; then
  # control: -o the export's own folder, no name in common: allowed, and
  # the export is not touched
  mkdir shop; small_export shop/export.csv; touch -d '2020-01-01 00:00' shop/export.csv
  before=$(stat -c '%s %Y %a' shop/export.csv; md5sum < shop/export.csv)
  run convert -q -o shop shop/export.csv
  expect_exit 0
  expect_file shop/ecom-import.csv
  [ "$(stat -c '%s %Y %a' shop/export.csv; md5sum < shop/export.csv)" = "$before" ] || problem "shop/export.csv changed"
  done_case
fi

# ---- image folders ---------------------------------------------------------

if want images-symlink-loops; then
  mkdir -p pics/sub pics/CUP-1
  cp "$samples/images/RL-BTL-32.jpg" pics/CUP-1/front.jpg
  cp "$samples/images/backpacking-stove.jpg" pics/MUG-1.jpg
  ln -s loop2 pics/loop1; ln -s loop1 pics/loop2          # a link loop
  ln -s .. pics/sub/up; ln -s ../sub pics/sub/self        # folder cycles
  ln -s "$tmp" pics/sub/out; ln -s /etc pics/etc          # links out of the folder
  ln -s missing pics/dangling.jpg
  small_export export.csv; snapshot pics before strict
  run convert -q --images pics --image-base-url https://cdn.example.com/s -o out export.csv
  expect_exit 0
  got=$(cut -d, -f1 out/images.csv 2>/dev/null | tail -n +2 | tr '\n' ' ')
  [ "$got" = "pics/CUP-1/front.jpg pics/MUG-1.jpg " ] || problem "images.csv lists: $got"
  unchanged pics before strict
  done_case
fi

if want images-folder-is-output; then
  # -o the image folder itself: the image folder must never be written to
  mkdir pics; cp "$samples/images/RL-BTL-32.jpg" pics/NO-SUCH-SKU.jpg
  small_export export.csv; snapshot pics before strict
  run convert -q --images pics -o pics export.csv
  expect_exit 1
  expect_err "image folder"
  unchanged pics before strict
  done_case
fi

cases_summary bad-inputs
