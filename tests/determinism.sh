#!/bin/bash
# The same input and options give byte-identical outputs on every run, and
# the two-core path (the import file written on a second thread, and
# report.xlsx's sheets copied on two threads) gives the same bytes as the
# one-core path (P2E_SERIAL=1). Every output is compared, report.xlsx and
# the staged images included. tests/test_xlsx.c compares the two workbook
# paths on larger and odder files.
# usage: tests/determinism.sh path/to/pos2ecom
set -u
bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(convert --all-outlets -q --images "$top/samples/images"
      --image-base-url https://cdn.example.com/s "$top/samples/store/product-export.csv")
"$bin" "${args[@]}" -o "$tmp/a" || { echo "determinism: run a failed"; exit 1; }
sleep 1 # a second apart: no clock may leak into an output
"$bin" "${args[@]}" -o "$tmp/b" || { echo "determinism: run b failed"; exit 1; }
P2E_SERIAL=1 "$bin" "${args[@]}" -o "$tmp/c" || { echo "determinism: serial run failed"; exit 1; }
fail=0
for other in b c; do
  if ! diff -r "$tmp/a" "$tmp/$other" > "$tmp/diff"; then
    echo "determinism: outputs of run a and run $other differ:"; head -5 "$tmp/diff"; fail=1
  fi
done
n=$(find "$tmp/a" -type f | wc -l)
[ "$fail" -eq 0 ] && echo "determinism: $n output files identical over 2 runs and the serial path"
exit $fail
