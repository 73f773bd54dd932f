#!/usr/bin/env bash
# bench/run.sh [SIZE] - the pos2ecom benchmark (see bench/README.md).
#
# SIZE is S, M (default) or L. For that size: generates the export under
# bench/data/ when missing (or older than the generator or its sources
# bench/gen*.c, bench/gen.h), then times, alternating
# and REPEATS times each (default 5):
#   (a) build/bench/csvcount: a bare libcsv parse that only counts fields
#   (b) pos2ecom convert --no-xlsx --all-outlets -q -o DIR
#   (c) pos2ecom convert --all-outlets -q -o DIR (with report.xlsx)
#   (d) Miller: the outlet sum and a column projection (skipped without mlr)
#   (e) build/bench/csvcount -j 2: the bare parse on two cores (issue 20,
#       target 6: what parsing on both cores can give)
# and prints a section with medians, spreads, MB/s, rows/s, ratios and peak
# RSS, which it also puts at the top of bench/results.md (earlier sections kept).
#
# Environment: REPEATS (default 5), SEED (default 1), PROFILE (standard,
# the default, or heavy: the findings-heavy catalog of bench/gen.c), POS2ECOM
# (default build/pos2ecom), RESULTS (default bench/results.md).
# After the timed runs, (c) runs once more with P2E_PROFILE=1 and the
# section gives its time per phase.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_size
bench_need "$POS2ECOM" "$GEN" "$CSVCOUNT"
bench_need_time
MLR=$(command -v mlr || true)
MLR_NOTE=
if [ -z "$MLR" ]; then
    say "installing the Debian package 'miller' for (d)"
    if apt_install miller && command -v mlr >/dev/null 2>&1; then
        MLR=$(command -v mlr)
    else
        MLR_NOTE="skipped: mlr (Debian package miller) is not installed and could not be installed"
        say "$MLR_NOTE"
    fi
fi

# ---- the input ------------------------------------------------------------
bench_export
BYTES=$(stat -c %s "$DATA")

WORK=$(mktemp -d "$root/bench/data/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# csvcount once: the record count (and a check that the file parses)
read -r _ RECORDS _ FIELDS _ _ < <("$CSVCOUNT" "$DATA")
ROWS=$((RECORDS - 1)) # data rows: every record after the header
# csvcount -j 2 once: the same counts, and where it split
TWO=$("$CSVCOUNT" -j 2 "$DATA")
read -r _ R2 _ F2 _ _ <<<"$TWO"
if [ "$R2" != "$RECORDS" ] || [ "$F2" != "$FIELDS" ]; then
    say "csvcount -j 2 counted $R2 records, $F2 fields; one parser $RECORDS, $FIELDS: (e) is wrong"
    exit 1
fi
SPLIT=$(awk 'NR == 2 {printf "split at byte %s, proven a record boundary: %s", $2, $4}' <<<"$TWO")
SPLIT=${SPLIT:-not split}

# ---- the commands ---------------------------------------------------------
NO_XLSX=(--no-xlsx)
B_LABEL="pos2ecom convert --no-xlsx (CSV outputs)"
if ! "$POS2ECOM" convert --no-xlsx --help >/dev/null 2>&1; then
    NO_XLSX=()
    B_LABEL="pos2ecom convert: xlsx included (no --no-xlsx yet)"
    say "$POS2ECOM rejects --no-xlsx: (b) runs without it and includes report.xlsx"
fi

# Miller: sum of the inventory_ columns (non-numbers as 0) and a projection
MLR_EXPR='func n(x) { return is_numeric(x) ? x : 0 } $stock_sum = 0'
while IFS= read -r col; do
    MLR_EXPR="$MLR_EXPR + n(\${$col})"
done < <(head -n 1 "$DATA" | tr -d '\r' | tr ',' '\n' | grep '^inventory_')

run_tool() { # tool letter -> the command, output under $WORK/out-X
    local out=$WORK/out-$1
    rm -rf "$out"
    mkdir -p "$out"
    case $1 in
    a) CMD=("$CSVCOUNT" "$DATA") ;;
    e) CMD=("$CSVCOUNT" -j 2 "$DATA") ;;
    b) CMD=("$POS2ECOM" convert "${NO_XLSX[@]}" --all-outlets -q -o "$out" "$DATA") ;;
    c) CMD=("$POS2ECOM" convert --all-outlets -q -o "$out" "$DATA") ;;
    d) CMD=("$MLR" --icsv --ocsv --allow-ragged-csv-input put "$MLR_EXPR"
            then cut -o -f handle,sku,name,retail_price,stock_sum "$DATA") ;;
    esac
}

TOOLS=(a b c e)
[ -n "$MLR" ] && TOOLS+=(d)
D_FAILED=

# one timed run of tool t (lib.sh's time_run); a failure of Miller is noted
# and the rest goes on, any other stops the run
measure() {
    local t=$1 rc=0
    run_tool "$t"
    time_run "$t" || rc=$?
    if [ "$rc" != 0 ]; then
        say "($t) failed with exit $rc: ${CMD[*]}"
        sed 's/^/  /' "$WORK/stderr" | tail -n 5 >&2
        if [ "$t" = d ]; then # Miller: note it and go on without it
            D_FAILED="failed (exit $rc$([ "$rc" = 137 ] && echo ', killed: out of memory?'); peak RSS $(tail -n 1 "$WORK/rss" | awk '{print $1}') KiB)"
            return 1
        fi
        exit 1
    fi
}

cat "$DATA" >/dev/null # page cache: every run reads a warm file
: >"$WORK/times"
say "$SIZE: $(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1e6}') MB, $ROWS rows; ${#TOOLS[@]} tools x $REPEATS runs, alternating"
n=${#TOOLS[@]}
for ((r = 0; r < REPEATS; r++)); do
    line="run $((r + 1))/$REPEATS:"
    for ((i = 0; i < n; i++)); do
        t=${TOOLS[$(((i + r) % n))]} # rotate the order each round
        [ "$t" = d ] && [ -n "$D_FAILED" ] && continue
        if measure "$t"; then
            line="$line $t=$(tail -n 1 "$WORK/times" | awk '{printf "%.2fs", $2}')"
        else
            line="$line $t=failed"
        fi
    done
    say "$line"
done

# where the time goes: (c) once more with the per-phase profile on stderr
run_tool c
P2E_PROFILE=1 "${CMD[@]}" >/dev/null 2>"$WORK/phases" || : >"$WORK/phases"

# what pos2ecom made of the file, from (b)'s summary.json
SUMMARY=$(summary_line "$WORK/out-b/summary.json")

# ---- statistics -----------------------------------------------------------
declare -A MED MIN MAX RSS CPU OTHERS
for t in "${TOOLS[@]}"; do
    read -r MED[$t] MIN[$t] MAX[$t] RSS[$t] CPU[$t] OTHERS[$t] < <(stats "$t") || unset "MED[$t]"
done
BUSY=$(for t in "${TOOLS[@]}"; do [ -n "${MED[$t]:-}" ] && echo "${OTHERS[$t]}"; done | sort -n | tail -n 1)

# machine-readable copy for the L/M ratio (tool median min max rss bytes rows)
TSV=bench/data/results-$SIZE$PTAG.tsv
: >"$TSV"
for t in "${TOOLS[@]}"; do
    [ -n "${MED[$t]:-}" ] || continue
    echo "$t ${MED[$t]} ${MIN[$t]} ${MAX[$t]} ${RSS[$t]} $BYTES $ROWS ${CPU[$t]}" >>"$TSV"
done

label() {
    case $1 in
    a) echo "bare libcsv parse (build/bench/csvcount)" ;;
    b) echo "$B_LABEL" ;;
    c) echo "pos2ecom convert (with report.xlsx)" ;;
    d) echo "Miller: outlet sum + column projection" ;;
    e) echo "bare libcsv parse on two cores (csvcount -j 2: $SPLIT)" ;;
    esac
}
targets_apply() { [ "$SIZE" = M ] || [ "$SIZE" = L ]; }

# ---- machine --------------------------------------------------------------
MLR_VER=$({ [ -n "$MLR" ] && "$MLR" --version 2>/dev/null | head -n 1; } || true)
bench_machine

# ---- the section ----------------------------------------------------------
SECTION=$WORK/section.md
{
    echo "## $SIZE: $VARIANTS variants x $OUTLETS outlets$PNAME ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    bench_machine_lines
    echo "- input: \`$DATA\`, $(calc "printf \"%.1f\", $BYTES/1e6") MB, $ROWS data rows ($RECORDS records, $FIELDS fields); generator: $(sed -e 's/^gen: //' -e 's|; problems: \([0-9]*\) rows,.*|; \1 product rows with an injected data problem (per kind: `'"$GENLOG"'`)|' "$GENLOG" 2>/dev/null || echo '?')"
    echo "- pos2ecom on it: $SUMMARY"
    echo "- method: $REPEATS runs per tool, alternating (order rotated each round), file in page cache; wall time (bash EPOCHREALTIME around /usr/bin/time); cpu = user+sys of the run (median); peak RSS = /usr/bin/time %M, largest of the runs; MB = 10^6 bytes of input; rows = data records of the input; other load = CPU-seconds per second used by the rest of the machine during the run (median; 0 = quiet, $(nproc) = every core busy)"
    busy_line
    echo
    echo "| | tool | median s | spread s (min-max) | spread % | MB/s | rows/s | cpu s | peak RSS MiB | other load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for t in a b c d e; do
        if [ -z "${MED[$t]:-}" ]; then
            [ "$t" = d ] && echo "| d | Miller | - | - | - | - | - | - | ${D_FAILED:-${MLR_NOTE:-skipped}} | - |"
            continue
        fi
        calc "m=${MED[$t]}; lo=${MIN[$t]}; hi=${MAX[$t]}; printf \"| $t | $(label "$t") | %.3f | %.3f-%.3f | %.0f | %.1f | %.0f | %.2f | %.1f | %.2f |\n\", m, lo, hi, (hi-lo)/m*100, $BYTES/1e6/m, $ROWS/m, ${CPU[$t]}, ${RSS[$t]}/1024, ${OTHERS[$t]}"
    done
    echo
    echo "| ratio | value (wall) | by cpu time | target$(targets_apply || echo ' (for M and L; informative here)') | |"
    echo "|---|---:|---:|---|---|"
    ratio_row() { # name tool_num tool_den op target
        local v c
        v=$(calc "printf \"%.2f\", ${MED[$2]}/${MED[$3]}")
        c=$(calc "d = ${CPU[$3]}; if (d > 0) printf \"%.2f\", ${CPU[$2]}/d; else printf \"-\"")
        if targets_apply; then
            echo "| $1 | $v | $c | $4 $5 | $(verdict "$v" "$4" "$5") |"
        else
            echo "| $1 | $v | $c | $4 $5 | |"
        fi
    }
    ratio_row "b/a (convert, CSV outputs / bare parse)" b a "<=" 1.3
    ratio_row "c/a (convert with XLSX / bare parse)" c a "<=" 3
    if [ -n "${MED[e]:-}" ]; then # no target of its own: what target 6 could build on
        echo "| e/a (bare parse on two cores / on one) | $(calc "printf \"%.2f\", ${MED[e]}/${MED[a]}") | $(calc "printf \"%.2f\", ${CPU[e]}/${CPU[a]}") | none: the parse alone, nothing loaded | |"
    fi
    ratio_row "b/a again: target 6, convert with CSV outputs / bare parse" b a "<" 1.0
    if [ -n "${MED[d]:-}" ]; then
        ratio_row "d/b (Miller / convert)" d b ">=" 10
    else
        echo "| d/b (Miller / convert) | - | - | >= 10 | ${D_FAILED:-skipped: no mlr} |"
    fi
    rss_ratio=$(calc "printf \"%.2f\", ${RSS[c]}*1024/$BYTES")
    if [ "$SIZE" = L ]; then
        echo "| peak RSS of (c) / input size | $rss_ratio | | <= 0.5 | $(verdict "$rss_ratio" "<=" 0.5) |"
    else
        echo "| peak RSS of (c) / input size | $rss_ratio | | <= 0.5 (for L) | |"
    fi
    if [ "$SIZE" = L ]; then
        if [ -s bench/data/results-M$PTAG.tsv ]; then
            for t in a b c d; do
                [ -n "${MED[$t]:-}" ] || continue
                m=$(awk -v t="$t" '$1 == t {print $2}' bench/data/results-M$PTAG.tsv)
                mc=$(awk -v t="$t" '$1 == t {print $8}' bench/data/results-M$PTAG.tsv)
                [ -n "$m" ] || continue
                v=$(calc "printf \"%.2f\", ${MED[$t]}/$m")
                c=$(calc "d = \"$mc\" + 0; if (d > 0) printf \"%.2f\", ${CPU[$t]}/d; else printf \"-\"")
                if [ "$t" = b ] || [ "$t" = c ]; then
                    echo "| L/M time of ($t) | $v | $c | <= 11 | $(verdict "$v" "<=" 11) |"
                else
                    echo "| L/M time of ($t) | $v | $c | (input: $(awk -v l="$BYTES" -v r="$ROWS" '$1 == "a" {printf "%.1fx rows, %.1fx bytes", r/$7, l/$6}' bench/data/results-M$PTAG.tsv)) | |"
                fi
            done
        else
            echo "| L/M time | - | - | <= 11 | no M results on this machine: run make bench SIZE=M PROFILE=$PROFILE first |"
        fi
    fi
    echo
    phases_section c "the import file (and, since 32bbbfe, manual-fields.xlsx) is written on a second thread during the others" "$WORK/phases"
} >"$SECTION"

cat "$SECTION"

results_put "$SECTION"
