#!/bin/bash
# The same input and options give byte-identical outputs on every run, and
# the two-core path (rows parsed on one thread and loaded on another, the
# import file and manual-fields.xlsx written on a second thread while
# report.xlsx is written on the first, report.xlsx's sheets copied on
# two threads) gives the same bytes as the one-core path (P2E_SERIAL=1).
# Every output is compared, report.xlsx and the staged images included
# (not .pos2ecom-manifest: it records the files' modification times).
# With the benchmark's generator, a 4 MB export (several of the reader's
# 1 MB batches, so the parse hands over many times) is compared the same
# way, and so is an audit of it against another store (the E-Series
# reader parses on a second thread too). tests/test_xlsx.c compares the
# two workbook paths on odder files.
# usage: tests/determinism.sh path/to/pos2ecom [path/to/bench/gen]
set -u
bin=$1
gen=${2:-}
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
  if ! diff -r -x .pos2ecom-manifest "$tmp/a" "$tmp/$other" > "$tmp/diff"; then
    echo "determinism: outputs of run a and run $other differ:"; head -5 "$tmp/diff"; fail=1
  fi
done
n=$(find "$tmp/a" -type f ! -name .pos2ecom-manifest | wc -l)
[ "$fail" -eq 0 ] && echo "determinism: $n output files identical over 2 runs and the serial path"

if [ -n "$gen" ]; then
  "$gen" --variants 3000 --outlets 4 --seed 7 > "$tmp/big.csv" 2>/dev/null ||
    { echo "determinism: the generator failed"; exit 1; }
  big=(convert --all-outlets -q "$tmp/big.csv")
  "$bin" "${big[@]}" -o "$tmp/big-a" || { echo "determinism: big run failed"; exit 1; }
  P2E_SERIAL=1 "$bin" "${big[@]}" -o "$tmp/big-c" || { echo "determinism: big serial run failed"; exit 1; }
  if ! diff -r -x .pos2ecom-manifest "$tmp/big-a" "$tmp/big-c" > "$tmp/diff"; then
    echo "determinism: generated export: two-core and serial outputs differ:"; head -5 "$tmp/diff"; fail=1
  else
    echo "determinism: generated 4 MB export: $(find "$tmp/big-a" -type f | wc -l) output files identical on one and two cores"
  fi
  # audit against another store's import (1.6 MB: the E-Series reader
  # hands over two batches), so that nearly everything drifts
  "$gen" --variants 3000 --outlets 4 --seed 8 > "$tmp/other.csv" 2>/dev/null &&
    "$bin" convert --all-outlets -q -o "$tmp/other" "$tmp/other.csv" ||
    { echo "determinism: the other store failed"; exit 1; }
  aud=(audit --all-outlets -q --ecom "$tmp/other/ecom-import.csv" "$tmp/big.csv")
  "$bin" "${aud[@]}" -o "$tmp/aud-a" || { echo "determinism: audit failed"; exit 1; }
  P2E_SERIAL=1 "$bin" "${aud[@]}" -o "$tmp/aud-c" || { echo "determinism: serial audit failed"; exit 1; }
  if ! diff -r -x .pos2ecom-manifest "$tmp/aud-a" "$tmp/aud-c" > "$tmp/diff"; then
    echo "determinism: audit: two-core and serial outputs differ:"; head -5 "$tmp/diff"; fail=1
  else
    echo "determinism: audit of it against another store: $(wc -l < "$tmp/aud-a/drift.csv") drift lines, identical on one and two cores"
  fi
fi
exit $fail
