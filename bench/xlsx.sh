#!/bin/bash
# bench/xlsx.sh [SIZE] - an .xlsx of the benchmark's export against the
# same data as CSV (issue 13: within 3x the time). The export of SIZE (made
# by bench/run.sh) is saved once as a workbook by build/bench/csv2xlsx
# (libxlsxwriter: plain numbers as number cells, the rest as strings), then
# `pos2ecom convert --no-xlsx` runs REPEATS times on each, alternating; prints
# wall and CPU medians, their ratios and peak RSS (/usr/bin/time), checks the
# two give the same ecom-import.csv, and appends the section to
# bench/results.md. No timing is asserted in make check.
# Memory on a 1M-row sheet is asserted: the .xlsx run's peak RSS may exceed
# the CSV run's by at most MEM_BOUND_MIB (64) plus the size of the
# workbook's shared-strings part unpacked (the one thing the reader holds);
# past it the script says so and exits 1 (after recording the section).
# MEMORY_ONLY=1 runs that part alone (no M export needed).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
SIZE=${1:-${SIZE:-M}}
REPEATS=${REPEATS:-5}
POS2ECOM=${POS2ECOM:-build/pos2ecom}
RESULTS=${RESULTS:-bench/results.md}
MEMORY_ONLY=${MEMORY_ONLY:-0}
MEM_BOUND_MIB=${MEM_BOUND_MIB:-64}
mkdir -p bench/data
work=$(mktemp -d "$root/bench/data/xlsx.XXXXXX")
trap 'rm -rf "$work"' EXIT
section=""
median() { sort -n | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
if [ "$MEMORY_ONLY" != 1 ]; then
DATA=$(ls bench/data/"$SIZE"-v*.csv 2>/dev/null | head -n 1)
[ -n "$DATA" ] || { echo "bench-xlsx: no $SIZE export in bench/data: run make bench SIZE=$SIZE first"; exit 1; }
XLSX=${DATA%.csv}.xlsx
if [ ! -s "$XLSX" ] || [ "$DATA" -nt "$XLSX" ] || [ build/bench/csv2xlsx -nt "$XLSX" ]; then
    echo "bench-xlsx: saving $DATA as $XLSX"
    build/bench/csv2xlsx "$DATA" "$XLSX.tmp" && mv "$XLSX.tmp" "$XLSX" || exit 1
fi
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
col() { awk -v w="$1" -v k="$2" '$1 == w {print $k}' "$work/times"; }
cw=$(col c 2 | median); xw=$(col x 2 | median)
cc=$(col c 3 | median); xc=$(col x 3 | median)
cr=$(col c 4 | sort -n | tail -1); xr=$(col x 4 | sort -n | tail -1)
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
fi
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
# the shared-strings part unpacked (csv2xlsx writes inline strings: none)
sst=$(/usr/bin/python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(i.file_size for i in z.infolist() if i.filename.endswith("sharedStrings.xml")))' "$work/rows1m.xlsx" 2>/dev/null || echo 0)
sheet=$(/usr/bin/python3 -c 'import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' "$work/rows1m.xlsx" 2>/dev/null || echo "?")
bound_kb=$((bcr + MEM_BOUND_MIB * 1024 + sst / 1024))
if [ "$bxr" -le "$bound_kb" ]; then mem=held; else mem=EXCEEDED; fi
if [ -z "$section" ]; then
    section="## xlsx memory: a 1,000,000-row sheet against its CSV ($(date -u '+%Y-%m-%d %H:%M') UTC, issue 13)

- how: \`make bench-xlsx-memory\` (\`MEMORY_ONLY=1 bench/xlsx.sh\`), pos2ecom $(git rev-parse --short HEAD 2>/dev/null); other load (1-min loadavg at the end): $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
fi
section="$section

1,000,000 rows of 5 columns (awk; $(stat -c %s "$big") bytes as CSV, $(stat -c %s "$work/rows1m.xlsx") as .xlsx, its sheet's XML $sheet bytes unpacked, shared strings $sst bytes), one run each:

| input | wall s | cpu s | peak RSS MiB |
|---|---|---|---|
| CSV | $bcw | $bcc | $(mib "$bcr") |
| .xlsx | $bxw | $bxc | $(mib "$bxr") |

Memory bound (asserted): the .xlsx run's peak RSS <= the CSV run's + $MEM_BOUND_MIB MiB + the shared strings unpacked = $(mib "$bound_kb") MiB: **$mem** ($(mib "$bxr") MiB; holding the sheet's XML alone would take $(awk -v b="$sheet" 'BEGIN {printf "%.0f", b / 1048576}') MiB more)."
echo "$section"
if [ -f "$RESULTS" ]; then
    # below the header paragraph, whatever its length: before the first section
    { awk '/^## / {exit} {print}' "$RESULTS"; echo "$section"; echo; awk 'f || /^## / {f = 1; print}' "$RESULTS"; } > "$work/results" && cp "$work/results" "$RESULTS"
fi
if [ "$mem" != held ]; then
    echo "bench-xlsx: FAIL: the .xlsx run peaked at $(mib "$bxr") MiB, over the bound of $(mib "$bound_kb") MiB (the CSV run's $(mib "$bcr") + $MEM_BOUND_MIB + shared strings)"
    exit 1
fi
