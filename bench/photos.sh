#!/bin/bash
# bench/photos.sh - `make bench-photos [PHOTOS=N]`: staging a folder of
# generated phone photos (issue 17, point 8). N photos (default 1000) made
# by tests/tools/make-photos.py --phone: 12 MP JPEGs (4032x3024) with EXIF
# orientation 6 and GPS, every tenth one a HEIC; an export with one product
# per photo. Each photo is decoded, turned, shrunk to 2048 px, stripped and
# encoded again. Prints wall time and peak RSS (/usr/bin/time) of convert
# --no-xlsx on two cores and on one (P2E_SERIAL=1); the results go into
# bench/results.md by hand, with the machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/build/pos2ecom
n=${PHOTOS:-1000}
d=$top/bench/data/photos-$n
if [ ! -f "$d/export.csv" ]; then
  rm -rf "$d"; mkdir -p "$d"
  python3 "$top/tests/tools/make-photos.py" --phone "$n" "$d/photos"
  { echo "id,handle,sku,name,variant_option_one_name,variant_option_one_value,retail_price,active,track_inventory,inventory_Main_Outlet"
    for ((i = 0; i < n; i++)); do
      printf 'c3000000-0000-4000-8000-%012d,phone-%d,PHONE-%d,Phone photo %d,,,10.00,1,1,1\n' "$i" "$i" "$i" "$i"
    done; } > "$d/export.csv"
fi
bytes=$(du -sb "$d/photos" | cut -f1)
echo "photos: $n in $d/photos ($((bytes / 1000000)) MB)"
for mode in two one; do
  rm -rf "$d/out-$mode"
  env_serial=""; [ "$mode" = one ] && env_serial="P2E_SERIAL=1"
  env $env_serial /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB peak RSS" \
    "$bin" convert -q --no-xlsx -o "$d/out-$mode" --images "$d/photos" \
    --image-base-url https://cdn.example.com/p "$d/export.csv" 2>"$d/time-$mode" || true
  echo "$mode core(s): $(tail -1 "$d/time-$mode")"
done
diff -r "$d/out-two/images" "$d/out-one/images" >/dev/null && echo "same staged bytes on one core and two"
