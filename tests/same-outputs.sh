#!/bin/bash
# Two builds of pos2ecom write the same bytes: every output of every
# fixture, of the demo (convert and sync) and of the four public exports.
# For refactors that must not change what the program writes (the
# architecture work): build the reference from the commit before, then
#   tests/same-outputs.sh /path/to/reference/pos2ecom build/pos2ecom
# .pos2ecom-manifest is left out (it records modification times).
# Exit 0 when every output is identical.
set -u
[ $# -eq 2 ] || { echo "usage: $0 REFERENCE_BIN NEW_BIN"; exit 2; }
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
ref=$(abs "$1"); new=$(abs "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1577836800
same=0; differ=0

# compare NAME DIR ARGS...: run both builds in DIR with ARGS -o OUT -q
compare() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && "$ref" "$@" -o "$tmp/$name.ref" -q) >"$tmp/$name.ref.err" 2>&1
  local rc1=$?
  (cd "$dir" && "$new" "$@" -o "$tmp/$name.new" -q) >"$tmp/$name.new.err" 2>&1
  local rc2=$?
  if [ "$rc1" != "$rc2" ]; then
    echo "DIFF $name: exit $rc1 (reference) vs $rc2"; differ=$((differ + 1)); return
  fi
  mkdir -p "$tmp/$name.ref" "$tmp/$name.new" # a dry run or a refusal writes none
  if ! diff -r -x .pos2ecom-manifest "$tmp/$name.ref" "$tmp/$name.new" >"$tmp/$name.diff" 2>&1 \
     || ! cmp -s "$tmp/$name.ref.err" "$tmp/$name.new.err"; then
    echo "DIFF $name:"; head -5 "$tmp/$name.diff"; differ=$((differ + 1)); return
  fi
  same=$((same + 1))
}

for d in "$top"/fixtures/*/; do
  [ -f "$d/args" ] || continue
  mapfile -t args < "$d/args"
  compare "fixture-$(basename "$d")" "$d" "${args[@]}"
done
store=samples/store/product-export.csv
compare demo-convert "$top" convert --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
  --images samples/images --image-base-url https://cdn.example.com/ridgeline "$store"
compare demo-sync "$top" sync --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
  --ecom samples/sync/ecom-export.csv --previous "$store" samples/sync/product-export-week2.csv
pub=$top/../shared/fixtures-public/xseries
if [ -d "$pub" ]; then
  for f in "$pub"/*.csv; do
    compare "public-$(basename "$f" .csv)" "$top" convert --all-outlets "$f"
  done
else
  echo "same-outputs: ../shared/fixtures-public absent: public exports not compared"
fi
echo "same-outputs: $same identical, $differ differ"
[ "$differ" -eq 0 ]
