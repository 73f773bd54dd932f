#!/usr/bin/env bash
# bench/sync.sh [SIZE] - sync and audit against convert (issue 20, target 4;
# see bench/README.md).
#
# SIZE is S, M (default) or L; the export is bench/run.sh's (generated the
# same way when missing). Once, untimed, in bench/data/sync/:
#   - the previous export (the last sync's): build/bench/exportedit on the
#     export, 5 % of the rows with another price and stock, 1 % of the
#     families left out (new since) and 1 % written again with "-DEL"
#     SKUs and handles (deleted since);
#   - the store's catalog: the previous export edited again (10 % of the rows
#     changed, 1 % of the families and 1 % of the variants left out, 0.5 %
#     of the families added with "-ECOM": made in eCom), converted by
#     `pos2ecom convert --all-outlets -q --no-xlsx`: its ecom-import.csv
#     (src/eseries/store.c reads an import file as a store's catalog).
# Then times, alternating and REPEATS times each (default 5):
#   (c) pos2ecom convert --all-outlets -q -o DIR EXPORT
#   (s) pos2ecom sync --all-outlets -q --ecom STORE --previous PREV -o DIR EXPORT
#   (u) pos2ecom audit --all-outlets -q --ecom STORE --previous PREV -o DIR EXPORT
# runs (s) once more with P2E_PROFILE=1, checks what (s) wrote against the
# edits (and a sync against the export's own import: nothing to update), and
# prints a section with medians, spreads, cpu, peak RSS and the ratios to
# (c), which it also puts at the top of bench/results.md (earlier sections
# kept).
#
# Environment: REPEATS (default 5), SEED (default 1), PROFILE (standard or
# heavy), POS2ECOM (default build/pos2ecom), RESULTS (default
# bench/results.md).
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
EDIT=build/bench/exportedit
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_size
bench_need "$POS2ECOM" "$GEN" "$CSVCOUNT" "$EDIT"
bench_need_time

# ---- the inputs -----------------------------------------------------------
bench_export
# in a folder of their own: bench/xlsx.sh and bench/progress.sh take the
# first bench/data/SIZE-v*.csv
mkdir -p bench/data/sync
BASE=bench/data/sync/$(basename "$DATA" .csv)
PREV=$BASE-previous.csv
STORE=$BASE-store.csv
WORK=$(mktemp -d "$root/bench/data/sync.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# the edits: seed, then exportedit's options (bench/exportedit.c)
PREV_EDIT=(--seed 101 --change 50 --drop 10 --add 10 --tag DEL)
STORE_EDIT=(--seed 202 --change 100 --drop 10 --drop-variants 10 --add 5 --tag ECOM)

older() { # file, then what it is made from: missing or older than one of them
    local f=$1 src
    shift
    [ -s "$f" ] || return 0
    for src in "$@"; do
        [ "$src" -nt "$f" ] && return 0
    done
    return 1
}
if older "$PREV" "$DATA" "$EDIT"; then
    say "making $PREV (exportedit ${PREV_EDIT[*]})"
    "$EDIT" "${PREV_EDIT[@]}" "$DATA" >"$PREV.tmp" 2>"$PREV.edit.txt"
    mv "$PREV.tmp" "$PREV"
fi
if older "$STORE" "$PREV" "$EDIT" "$POS2ECOM"; then
    say "making $STORE (exportedit ${STORE_EDIT[*]} on the previous export, then convert)"
    "$EDIT" "${STORE_EDIT[@]}" "$PREV" >"$WORK/store-pos.csv" 2>"$STORE.edit.txt"
    "$POS2ECOM" convert --all-outlets -q --no-xlsx -o "$WORK/store" "$WORK/store-pos.csv"
    mv "$WORK/store/ecom-import.csv" "$STORE"
    rm -rf "$WORK/store" "$WORK/store-pos.csv"
fi
BYTES=$(stat -c %s "$DATA")
mb() { calc "printf \"%.1f\", $(stat -c %s "$1")/1e6"; }
read -r _ RECORDS _ _ _ _ < <("$CSVCOUNT" "$DATA")
ROWS=$((RECORDS - 1))

# ---- the timed runs -------------------------------------------------------
run_tool() { # tool letter -> the command, output under $WORK/out-X
    local out=$WORK/out-$1
    rm -rf "$out"
    mkdir -p "$out"
    case $1 in
    c) CMD=("$POS2ECOM" convert --all-outlets -q -o "$out" "$DATA") ;;
    s) CMD=("$POS2ECOM" sync --all-outlets -q --ecom "$STORE" --previous "$PREV" -o "$out" "$DATA") ;;
    u) CMD=("$POS2ECOM" audit --all-outlets -q --ecom "$STORE" --previous "$PREV" -o "$out" "$DATA") ;;
    esac
}
measure() { # any failure stops the benchmark
    local t=$1 rc=0
    run_tool "$t"
    time_run "$t" || rc=$?
    if [ "$rc" != 0 ]; then
        say "($t) failed with exit $rc: ${CMD[*]}"
        sed 's/^/  /' "$WORK/stderr" | tail -n 5 >&2
        exit 1
    fi
}

TOOLS=(c s u)
cat "$DATA" "$PREV" "$STORE" >/dev/null # page cache: every run reads warm files
: >"$WORK/times"
say "$SIZE: $(mb "$DATA") MB export, $(mb "$PREV") MB previous, $(mb "$STORE") MB store; ${#TOOLS[@]} commands x $REPEATS runs, alternating"
n=${#TOOLS[@]}
for ((r = 0; r < REPEATS; r++)); do
    line="run $((r + 1))/$REPEATS:"
    for ((i = 0; i < n; i++)); do
        t=${TOOLS[$(((i + r) % n))]} # rotate the order each round
        measure "$t"
        line="$line $t=$(tail -n 1 "$WORK/times" | awk '{printf "%.2fs", $2}')"
    done
    say "$line"
done

# where the time of (s) goes
run_tool s
P2E_PROFILE=1 "${CMD[@]}" >/dev/null 2>"$WORK/phases" || : >"$WORK/phases"

# ---- what (s) wrote -------------------------------------------------------
tally() { # file column [ending] -> "value count" lines (none, said, when it is missing)
    if [ -f "$1" ]; then
        "$EDIT" --tally "$2" ${3:+--ending "$3"} "$1" | tr '\t' ' '
    else
        say "$1 is missing: counted as empty"
    fi
}
count_of() { awk -v k="$1" '$1 == k {print $2; f = 1} END {if (!f) print 0}'; }
types() { # file -> "N product, N product_option, ..." of its type column
    tally "$1" type | awk '$1 !~ /^\((records|other|matching)\)$/ {printf "%s%s %s", n++ ? ", " : "", $2, $1} END {if (!n) printf "none"}'
}
sync_count() { # summary.json key -> the number of the "sync" object
    awk -v k="\"$2\"" '/"sync"/ {f = 1} f && index($0, k) {gsub(/[^0-9]/, ""); print; exit}' "$1"
}
# the update: pos2ecom's counts, and independent ones from the edits
S_OUT=$WORK/out-s
UPD_TYPES=$(types "$S_OUT/ecom-update.csv")
UPD_PRODUCTS=$(tally "$S_OUT/ecom-update.csv" type | count_of product)
UPD_RECORDS=$(tally "$S_OUT/ecom-update.csv" type | count_of '(records)')
DEL_ROWS=$(tally "$S_OUT/ecom-delete.csv" product_sku | count_of '(records)')
DEL_TAGGED=$(tally "$S_OUT/ecom-delete.csv" product_sku product_sku=-DEL | count_of '(matching)')
DEL_EXPECTED=$(tally "$STORE" type product_sku=-DEL | count_of product)
ECOM_EXPECTED=$(tally "$STORE" type product_sku=-ECOM | count_of product)
declare -A SC
for k in created updated unchanged variants_added deactivated reactivated to_delete ecom_only_products ecom_only_variations; do
    SC[$k]=$(sync_count "$S_OUT/summary.json" "$k")
done
DRIFT=$(tally "$S_OUT/drift.csv" action | awk '$1 !~ /^\((records|other|matching)\)$/ {c = $NF; $NF = ""; sub(/ $/, ""); printf "%s%s %s", n++ ? ", " : "", c, $0}')
DRIFT_FIELDS=$(tally "$S_OUT/drift.csv" field | awk '$1 !~ /^\((records|other|matching)\)$/ {printf "%s%s %s", n++ ? ", " : "", $2, $1}')
if cmp -s "$S_OUT/drift.csv" "$WORK/out-u/drift.csv"; then SAME_DRIFT=yes; else SAME_DRIFT="**NO**"; fi
yes_no() { if [ "$1" = "$2" ]; then echo yes; else echo "**NO**"; fi; }

# a sync against the export's own import (the last (c) run's): nothing to do
"$POS2ECOM" sync --all-outlets -q --ecom "$WORK/out-c/ecom-import.csv" --previous "$DATA" \
    -o "$WORK/out-same" "$DATA" >/dev/null 2>"$WORK/same.err" || { say "the sync against its own import failed"; cat "$WORK/same.err" >&2; exit 1; }
SAME_UPD=$(tally "$WORK/out-same/ecom-update.csv" type | count_of '(records)')
SAME_DEL=$(tally "$WORK/out-same/ecom-delete.csv" product_sku | count_of '(records)')
SAME_DRIFT_ROWS=$(tally "$WORK/out-same/drift.csv" field | count_of '(records)')
SAME_UNCHANGED=$(sync_count "$WORK/out-same/summary.json" unchanged)
SAME_WRITTEN=$(awk '/"written": \{/ {f = 1} f && /"products"/ {gsub(/[^0-9]/, ""); print; exit}' "$WORK/out-c/summary.json")

# ---- statistics -----------------------------------------------------------
declare -A MED MIN MAX RSS CPUS OTHERS
for t in "${TOOLS[@]}"; do
    read -r "MED[$t]" "MIN[$t]" "MAX[$t]" "RSS[$t]" "CPUS[$t]" "OTHERS[$t]" < <(stats "$t")
done
BUSY=$(for t in "${TOOLS[@]}"; do echo "${OTHERS[$t]}"; done | sort -n | tail -n 1)
label() {
    case $1 in
    c) echo "pos2ecom convert (the default: with report.xlsx)" ;;
    s) echo "pos2ecom sync --ecom STORE --previous PREV" ;;
    u) echo "pos2ecom audit --ecom STORE --previous PREV" ;;
    esac
}
MLR_VER=
bench_machine

# ---- the section ----------------------------------------------------------
SECTION=$WORK/section.md
at_l() { [ "$SIZE" = L ]; }
judge() { # value op target -> the verdict (in brackets below L: the targets are L's)
    if at_l; then verdict "$@"; else echo "($(verdict "$@" | tr -d '*'))"; fi
}
{
    echo "## sync and audit: $SIZE, $VARIANTS variants x $OUTLETS outlets$PNAME ($(date -u '+%Y-%m-%d %H:%M UTC'), issue 20 target 4)"
    echo
    bench_machine_lines
    echo "- inputs: the export \`$DATA\`, $(mb "$DATA") MB, $ROWS data rows (bench/run.sh's; convert: $(summary_line "$WORK/out-c/summary.json")); the previous export \`$PREV\`, $(mb "$PREV") MB ($(sed 's/^exportedit: //' "$PREV.edit.txt"): \`exportedit ${PREV_EDIT[*]}\`); the store's catalog \`$STORE\`, $(mb "$STORE") MB, $(types "$STORE") rows: the import convert made of the previous export edited again ($(sed 's/^exportedit: //' "$STORE.edit.txt"): \`exportedit ${STORE_EDIT[*]}\`)"
    echo "- method: $REPEATS runs per command, alternating (order rotated each round), files in page cache; wall time (bash EPOCHREALTIME around /usr/bin/time); cpu = user+sys of the run (median); peak RSS = /usr/bin/time %M, largest of the runs; / input = peak RSS over the export's size ($(mb "$DATA") MB); other load = CPU-seconds per second used by the rest of the machine during the run (median; 0 = quiet, $(nproc) = every core busy)"
    busy_line
    echo
    echo "| | command | median s | spread s (min-max) | spread % | cpu s | peak RSS MiB | peak RSS / input | other load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for t in "${TOOLS[@]}"; do
        calc "m=${MED[$t]}; lo=${MIN[$t]}; hi=${MAX[$t]}; printf \"| $t | $(label "$t") | %.3f | %.3f-%.3f | %.0f | %.2f | %.1f | %.2f | %.2f |\n\", m, lo, hi, (hi-lo)/m*100, ${CPUS[$t]}, ${RSS[$t]}/1024, ${RSS[$t]}*1024/$BYTES, ${OTHERS[$t]}"
    done
    echo
    echo "| ratio | value (wall) | by cpu time | target (for L$(at_l || echo '; informative here')) | |"
    echo "|---|---:|---:|---|---|"
    for t in s u; do
        v=$(calc "printf \"%.2f\", ${MED[$t]}/${MED[c]}")
        c=$(calc "d = ${CPUS[c]}; if (d > 0) printf \"%.2f\", ${CPUS[$t]}/d; else printf \"-\"")
        echo "| $t/c ($([ "$t" = s ] && echo sync || echo audit) / convert) | $v | $c | <= 3 | $(judge "$v" "<=" 3) |"
    done
    for t in c s u; do
        v=$(calc "printf \"%.2f\", ${RSS[$t]}*1024/$BYTES")
        echo "| peak RSS of ($t) / input size | $v | | <= 0.5 | $(judge "$v" "<=" 0.5) |"
    done
    echo
    echo "What (s) wrote (its last run), and independent counts from the edits:"
    echo
    echo "- ecom-update.csv: $UPD_RECORDS rows ($UPD_TYPES); pos2ecom's counts: ${SC[created]} created, ${SC[updated]} updated, ${SC[unchanged]} unchanged, ${SC[variants_added]} variants added, ${SC[deactivated]} deactivated, ${SC[reactivated]} reactivated; product rows = created + updated: $(yes_no "$UPD_PRODUCTS" "$((SC[created] + SC[updated]))")"
    echo "- ecom-delete.csv: $DEL_ROWS rows, $DEL_TAGGED of them \"-DEL\" products; the store holds $DEL_EXPECTED \"-DEL\" products (in the previous export, not in this one): all listed, nothing else: $(yes_no "$DEL_ROWS $DEL_TAGGED" "$DEL_EXPECTED $DEL_EXPECTED"); to_delete in summary.json: ${SC[to_delete]}; their product_internal_id is empty, as the store side is an import file, which has none"
    echo "- eCom-only: ${SC[ecom_only_products]} products, ${SC[ecom_only_variations]} variations; the store holds $ECOM_EXPECTED \"-ECOM\" products: $(yes_no "${SC[ecom_only_products]}" "$ECOM_EXPECTED")"
    echo "- drift.csv: ${DRIFT:-no rows}; by field: ${DRIFT_FIELDS:-none}; (u) wrote the same drift.csv: $SAME_DRIFT"
    echo "- a sync with the store = this export's own convert output (the last (c) run's ecom-import.csv, \`--previous\` the export itself): ecom-update.csv $SAME_UPD rows, ecom-delete.csv $SAME_DEL rows, drift.csv $SAME_DRIFT_ROWS rows, $SAME_UNCHANGED of $SAME_WRITTEN products unchanged: $(if [ "$SAME_UPD" = 0 ] && [ "$SAME_DEL" = 0 ] && [ "$SAME_DRIFT_ROWS" = 0 ] && [ "$SAME_UNCHANGED" = "$SAME_WRITTEN" ]; then echo "nothing to do, as it should be"; else echo "**it should be nothing to do**"; fi)"
    if [ "$SAME_DRIFT_ROWS" != 0 ]; then
        echo "  - what differs, by field: $(tally "$WORK/out-same/drift.csv" field | awk '$1 !~ /^\((records|other|matching)\)$/ {printf "%s%s %s", n++ ? ", " : "", $2, $1}'); the first rows of its drift.csv:"
        echo
        echo '```'
        head -n 6 "$WORK/out-same/drift.csv"
        echo '```'
    fi
    echo
    phases_section s "\"sync plan\" converts the previous export and reads back its products' SKUs,
writes the export's import to a scratch folder and reads it back, reads the store's catalog,
and compares" "$WORK/phases"
} >"$SECTION"

cat "$SECTION"
results_put "$SECTION"
