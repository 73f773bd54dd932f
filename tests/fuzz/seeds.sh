#!/bin/bash
# Seed corpora for the fuzz targets, made from the project's own fixtures
# (fixtures/, samples/) and, when present, the first lines of the public
# exports in ../shared/fixtures-public/ - copied into the build tree at
# build time, never committed here.
#
# usage: tests/fuzz/seeds.sh OUTDIR     (make fuzz uses build/fuzz/seeds)
# Makes OUTDIR/<target>/ for fuzz_export, fuzz_store, fuzz_decimal and
# fuzz_images; each seed is named by its sha1, so re-runs are idempotent.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build/fuzz/seeds}
shared=$top/../shared/fixtures-public
rm -rf "$out"/fuzz_export "$out"/fuzz_store "$out"/fuzz_decimal "$out"/fuzz_images "$out"/fuzz_xlsx
mkdir -p "$out"/fuzz_export "$out"/fuzz_store "$out"/fuzz_decimal "$out"/fuzz_images "$out"/fuzz_xlsx

# add TARGET FILE: copy FILE into the target's corpus under its sha1
add() {
  local sum
  sum=$(sha1sum < "$2" | cut -c1-40)
  cp "$2" "$out/$1/$sum"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fuzz_export: an export, then one options byte (see fuzz_export.c); each
# fixture export with the default options and with a second set derived
# from its position, so both option paths start covered.
n=0
exports=("$top"/fixtures/*/*.csv "$top"/fixtures/*/*.csv.gz "$top"/samples/store/*.csv)
for f in "${exports[@]}"; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # keep seeds small: the first 60 lines are enough to reach every path
  case "$f" in
    *.gz) cp "$f" "$tmp/x" ;;
    *) head -n 60 "$f" | head -c 32768 > "$tmp/x" ;;
  esac
  cp "$tmp/x" "$tmp/a"; printf '\000' >> "$tmp/a"; add fuzz_export "$tmp/a"
  cp "$tmp/x" "$tmp/b"; printf "\\$(printf '%03o' $(( (n * 37) % 128 )))" >> "$tmp/b"
  add fuzz_export "$tmp/b"
done
if [ -d "$shared/xseries" ]; then
  for f in "$shared"/xseries/*.csv; do
    head -n 40 "$f" | head -c 32768 > "$tmp/a"; printf '\000' >> "$tmp/a"; add fuzz_export "$tmp/a"
  done
fi

# fuzz_store: the import files the golden tests expect (E-Series new
# format), and the public store exports (new and legacy format)
for f in "$top"/fixtures/*/expected/ecom-import.csv "$top"/fixtures/*/expected/ecom-update.csv; do
  [ -f "$f" ] && add fuzz_store "$f"
done
if [ -d "$shared/ecom" ]; then
  for f in "$shared"/ecom/*.csv; do
    head -n 80 "$f" > "$tmp/a"; add fuzz_store "$tmp/a"
  done
fi

# fuzz_decimal: every number-looking cell of the fixtures, and the edge
# cases of docs/convert-rules.md
{
  cat "$top"/fixtures/*/*.csv 2>/dev/null | tr ',;\t"' '\n\n\n\n' \
    | grep -aE '^ *[-+]?[0-9]*\.?[0-9]*([eE][-+]?[0-9]+)? *$' | grep -aE '[0-9]' | sort -u | head -400
  printf '%s\n' '' ' ' '0' '-0' '+1' '44.992' '0.125' '-0.125' '7.45E+11' '7.45e+11' '1E+5' \
    '9223372036854' '9223372036849.999999' '-9223372036849.9999995' '9223372036854.5' \
    '9223372036854.775807' '-9223372036854.775808' '9223372036854.775808' '9223372036853.5' \
    '9223372036853.995' '-9223372036853.999999' '1.0000005' '.5' '5.' \
    '1,5' '1 000' '--1' '12abc' '0x10' 'NaN' 'inf' '1e-5' ' 3.50 '
} > "$tmp/nums"
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s' "$line" > "$tmp/n$i"
  add fuzz_decimal "$tmp/n$i"
done < "$tmp/nums"

# fuzz_images: the sample photos, and every image in a fixture folder (the
# HEIC, AVIF, TIFF and BMP of images-convert too: libvips's other loaders)
for f in "$top"/samples/images/* "$top"/samples/images-phone/* "$top"/fixtures/*/*/*.jpg \
         "$top"/fixtures/*/*/*.png "$top"/fixtures/*/*/*.gif "$top"/fixtures/*/*/*.webp \
         "$top"/fixtures/images-convert/photos/*; do
  [ -f "$f" ] && add fuzz_images "$f"
done

# fuzz_xlsx: the hand-built workbooks and zips (tests/tools/make-workbooks.py)
for f in "$top"/tests/data/xlsx/*; do
  [ -f "$f" ] && add fuzz_xlsx "$f"
done

for t in fuzz_export fuzz_store fuzz_decimal fuzz_images fuzz_xlsx; do
  echo "seeds: $t: $(find "$out/$t" -type f | wc -l) files"
done
