#!/bin/bash
# bench/xlsx.sh [SIZE] - an .xlsx of the benchmark's export against the
# same data as CSV (issue 13: within 3x the time). The export of SIZE (made
# by bench/run.sh) is saved once as a workbook by build/bench/csv2xlsx
# (libxlsxwriter: plain numbers as number cells, the rest as strings), then
# `pos2ecom convert --no-xlsx` runs REPEATS times on each, alternating; prints
# wall and CPU medians, their ratios and peak RSS (/usr/bin/time), checks the
# two give the same ecom-import.csv, and appends the section to
# bench/results.md. No timing is asserted in make check.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
SIZE=${1:-${SIZE:-M}}
REPEATS=${REPEATS:-5}
POS2ECOM=${POS2ECOM:-build/pos2ecom}
RESULTS=${RESULTS:-bench/results.md}
DATA=$(ls bench/data/"$SIZE"-v*.csv 2>/dev/null | head -n 1)
[ -n "$DATA" ] || { echo "bench-xlsx: no $SIZE export in bench/data: run make bench SIZE=$SIZE first"; exit 1; }
XLSX=${DATA%.csv}.xlsx
if [ ! -s "$XLSX" ] || [ "$DATA" -nt "$XLSX" ] || [ build/bench/csv2xlsx -nt "$XLSX" ]; then
    echo "bench-xlsx: saving $DATA as $XLSX"
    build/bench/csv2xlsx "$DATA" "$XLSX.tmp" && mv "$XLSX.tmp" "$XLSX" || exit 1
fi
work=$(mktemp -d "$root/bench/data/xlsx.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat "$DATA" "$XLSX" >/dev/null # a warm page cache for every run

run() { # way input: "way wall cpu rss_kb" appended to $work/times
    local t0 t1
    rm -rf "$work/out.$1"
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S %M' -o "$work/res" "$POS2ECOM" convert -q --no-xlsx --all-outlets \
        -o "$work/out.$1" "$2" || { echo "bench-xlsx: the run on $2 failed"; exit 1; }
    t1=$EPOCHREALTIME
    awk -v w="$1" -v a="$t0" -v b="$t1" '{printf "%s %.6f %.2f %d\n", w, b - a, $1 + $2, $3}' "$work/res" >> "$work/times"
}
for ((i = 0; i < REPEATS; i++)); do
    if ((i % 2)); then run x "$XLSX"; run c "$DATA"; else run c "$DATA"; run x "$XLSX"; fi
done
cmp -s "$work/out.c/ecom-import.csv" "$work/out.x/ecom-import.csv" && same=yes || same=NO
median() { sort -n | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -v w="$1" -v k="$2" '$1 == w {print $k}' "$work/times"; }
cw=$(col c 2 | median); xw=$(col x 2 | median)
cc=$(col c 3 | median); xc=$(col x 3 | median)
cr=$(col c 4 | sort -n | tail -1); xr=$(col x 4 | sort -n | tail -1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
section=$(cat <<EOT
## xlsx: the $SIZE export as a workbook against the CSV ($(date -u '+%Y-%m-%d %H:%M') UTC, issue 13)

- inputs: \`$DATA\` ($(stat -c %s "$DATA") bytes) and \`$XLSX\` ($(stat -c %s "$XLSX") bytes; build/bench/csv2xlsx, libxlsxwriter constant_memory: inline strings, plain numbers as numbers)
- method: \`pos2ecom convert -q --no-xlsx --all-outlets\`, $REPEATS runs each, alternating; wall (bash EPOCHREALTIME), cpu = user+sys (/usr/bin/time), median; peak RSS the largest; the same ecom-import.csv from both: **$same**; other load (1-min loadavg at the end): $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores

| input | median wall s | median cpu s | peak RSS MiB |
|---|---|---|---|
| CSV | $cw | $cc | $(mib "$cr") |
| .xlsx | $xw | $xc | $(mib "$xr") |
| .xlsx / CSV | **$(ratio "$cw" "$xw")** | $(ratio "$cc" "$xc") | $(ratio "$cr" "$xr") |
EOT
)
# memory on a 1M-row sheet: a narrow export of 1,000,000 rows (awk), as CSV
# and as .xlsx; the workbook reader streams the sheet, so its peak RSS is the
# CSV's (the catalog both build), not the sheet's size
big=$work/rows1m.csv
awk 'BEGIN { print "handle,sku,name,retail_price,inventory_Main_Outlet";
             for (i = 1; i <= 1000000; i++) printf "p%d,SKU-%07d,Product %d with a name,%d.%02d,%d\n", i, i, i, i % 500, i % 100, i % 37 }' > "$big"
build/bench/csv2xlsx "$big" "$work/rows1m.xlsx" 2>/dev/null || { echo "bench-xlsx: csv2xlsx failed on the 1M-row sheet"; exit 1; }
big_run() { # input -> "wall cpu rss_kb"
    rm -rf "$work/out.big"
    local t0=$EPOCHREALTIME t1
    /usr/bin/time -f '%U %S %M' -o "$work/res" "$POS2ECOM" convert -q --no-xlsx --all-outlets \
        -o "$work/out.big" "$1" || { echo "bench-xlsx: the run on $1 failed"; exit 1; }
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" '{printf "%.2f %.2f %d", b - a, $1 + $2, $3}' "$work/res"
}
read -r bcw bcc bcr <<<"$(big_run "$big")"
read -r bxw bxc bxr <<<"$(big_run "$work/rows1m.xlsx")"
section="$section

1,000,000 rows of 5 columns (awk; $(stat -c %s "$big") bytes as CSV, $(stat -c %s "$work/rows1m.xlsx") as .xlsx), one run each:

| input | wall s | cpu s | peak RSS MiB |
|---|---|---|---|
| CSV | $bcw | $bcc | $(mib "$bcr") |
| .xlsx | $bxw | $bxc | $(mib "$bxr") |"
echo "$section"
if [ -f "$RESULTS" ]; then
    { head -n 6 "$RESULTS"; echo "$section"; echo; tail -n +7 "$RESULTS"; } > "$work/results" && cp "$work/results" "$RESULTS"
fi
