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

SIZE=${1:-${SIZE:-M}}
REPEATS=${REPEATS:-5}
SEED=${SEED:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
POS2ECOM=${POS2ECOM:-build/pos2ecom}
GEN=build/bench/gen
CSVCOUNT=build/bench/csvcount
RESULTS=${RESULTS:-bench/results.md}
PROFILE=${PROFILE:-standard}
case $PROFILE in
standard) PTAG= PNAME= ;;
heavy) PTAG=-heavy PNAME=", findings-heavy profile" ;;
*) echo "bench: PROFILE must be standard or heavy, not '$PROFILE'" >&2; exit 1 ;;
esac

case $SIZE in
S) VARIANTS=10000 OUTLETS=3 ;;
M) VARIANTS=100000 OUTLETS=10 ;;
L) VARIANTS=1000000 OUTLETS=20 ;;
*) echo "bench: SIZE must be S, M or L, not '$SIZE'" >&2; exit 1 ;;
esac
case $REPEATS in
'' | *[!0-9]*) echo "bench: REPEATS must be a number" >&2; exit 1 ;;
esac
if [ "$REPEATS" -lt 1 ]; then
    echo "bench: REPEATS must be at least 1" >&2
    exit 1
fi
for exe in "$POS2ECOM" "$GEN" "$CSVCOUNT"; do
    if [ ! -x "$exe" ]; then
        echo "bench: $exe is missing: run 'make bench' (it builds it)" >&2
        exit 1
    fi
done

say() { printf 'bench: %s\n' "$*" >&2; }

# ---- tools: /usr/bin/time (Debian 'time'), mlr (Debian 'miller') ---------
apt_install() {
    local cmd=()
    if [ "$(id -u)" = 0 ]; then
        cmd=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        cmd=(sudo -n)
    else
        return 1
    fi
    command -v apt-get >/dev/null 2>&1 || return 1
    "${cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
        { "${cmd[@]}" apt-get update -qq >/dev/null 2>&1 &&
          "${cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

if [ ! -x /usr/bin/time ]; then
    say "installing the Debian package 'time' (for peak RSS)"
    if ! apt_install time || [ ! -x /usr/bin/time ]; then
        say "/usr/bin/time is missing and could not be installed: apt-get install time"
        exit 1
    fi
fi
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
mkdir -p bench/data
DATA=bench/data/$SIZE$PTAG-v$VARIANTS-k$OUTLETS-s$SEED.csv
GENLOG=$DATA.gen.txt
stale=0
for src in "$GEN" bench/gen.h bench/gen*.c; do
    if [ "$src" -nt "$DATA" ]; then stale=1; fi
done
if [ ! -s "$DATA" ] || [ "$stale" = 1 ]; then
    say "generating $DATA ($VARIANTS variants x $OUTLETS outlets, seed $SEED, profile $PROFILE)"
    t0=$EPOCHREALTIME
    "$GEN" --variants "$VARIANTS" --outlets "$OUTLETS" --seed "$SEED" --profile "$PROFILE" \
        >"$DATA.tmp" 2>"$GENLOG"
    mv "$DATA.tmp" "$DATA"
    t1=$EPOCHREALTIME
    say "generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
fi
BYTES=$(stat -c %s "$DATA")

WORK=$(mktemp -d "$root/bench/data/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# csvcount once: the record count (and a check that the file parses)
read -r _ RECORDS _ FIELDS _ _ < <("$CSVCOUNT" "$DATA")
ROWS=$((RECORDS - 1)) # data rows: every record after the header

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
    b) CMD=("$POS2ECOM" convert "${NO_XLSX[@]}" --all-outlets -q -o "$out" "$DATA") ;;
    c) CMD=("$POS2ECOM" convert --all-outlets -q -o "$out" "$DATA") ;;
    d) CMD=("$MLR" --icsv --ocsv --allow-ragged-csv-input put "$MLR_EXPR"
            then cut -o -f handle,sku,name,retail_price,stock_sum "$DATA") ;;
    esac
}

TOOLS=(a b c)
[ -n "$MLR" ] && TOOLS+=(d)
D_FAILED=

HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat 2>/dev/null || echo 0; }

# one timed run: appends "tool seconds rss_kb cpu_s others_load" to $WORK/times;
# cpu_s = the run's user+sys time; others_load = CPU time the rest of the
# machine used meanwhile, per second of the run (0: quiet, 2: both cores busy)
measure() {
    local t=$1 t0 t1 b0 b1 rc=0
    run_tool "$t"
    b0=$(busy_ticks)
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "${CMD[@]}" >"$WORK/out-$t/stdout" 2>"$WORK/stderr" || rc=$?
    t1=$EPOCHREALTIME
    b1=$(busy_ticks)
    if [ "$rc" != 0 ]; then
        say "($t) failed with exit $rc: ${CMD[*]}"
        sed 's/^/  /' "$WORK/stderr" | tail -n 5 >&2
        if [ "$t" = d ]; then # Miller: note it and go on without it
            D_FAILED="failed (exit $rc$([ "$rc" = 137 ] && echo ', killed: out of memory?'); peak RSS $(tail -n 1 "$WORK/rss" | awk '{print $1}') KiB)"
            return 1
        fi
        exit 1
    fi
    tail -n 1 "$WORK/rss" | awk -v t="$t" -v a="$t0" -v b="$t1" -v b0="$b0" -v b1="$b1" -v hz="$HZ" '{
        wall = b - a; cpu = $2 + $3; others = ((b1 - b0) / hz - cpu) / wall
        if (others < 0) others = 0
        printf "%s %.6f %s %.2f %.2f\n", t, wall, $1, cpu, others
    }' >>"$WORK/times"
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
SUMMARY=$(awk -F'[:,]' '
    /"read"/ {r=$2} /"written": [0-9]/ {w=$2} /"attached"/ {a=$2} /"not_written": [0-9]/ {nw=$2}
    /"error"/ {e=$2} /"warning"/ {wa=$2} /"info"/ {i=$2}
    END {gsub(/ /,"",r); gsub(/ /,"",w); gsub(/ /,"",a); gsub(/ /,"",nw); gsub(/ /,"",e); gsub(/ /,"",wa); gsub(/ /,"",i);
         printf "rows read %s, written %s, attached %s, not written %s; findings: %s errors, %s warnings, %s info", r, w, a, nw, e, wa, i}
' "$WORK/out-b/summary.json" 2>/dev/null || echo "(no summary.json)")

# ---- statistics -----------------------------------------------------------
median() { sort -n | awk '{v[NR] = $1} END {if (NR) printf "%.6f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# per tool: median min max max_rss_kb median_cpu median_others
stats() {
    local m c o
    m=$(awk -v t="$1" '$1 == t {print $2}' "$WORK/times" | median)
    [ -n "$m" ] || return 1
    c=$(awk -v t="$1" '$1 == t {print $4}' "$WORK/times" | median)
    o=$(awk -v t="$1" '$1 == t {print $5}' "$WORK/times" | median)
    awk -v t="$1" -v m="$m" -v c="$c" -v o="$o" '$1 == t {
            if (!n++ || $2 < lo) lo = $2; if ($2 > hi) hi = $2; if ($3 > rss) rss = $3 }
        END {printf "%s %.6f %.6f %d %s %s\n", m, lo, hi, rss, c, o}' "$WORK/times"
}

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

calc() { awk "BEGIN{ $1 }"; }
label() {
    case $1 in
    a) echo "bare libcsv parse (build/bench/csvcount)" ;;
    b) echo "$B_LABEL" ;;
    c) echo "pos2ecom convert (with report.xlsx)" ;;
    d) echo "Miller: outlet sum + column projection" ;;
    esac
}
verdict() { # value op target -> met/missed
    calc "v=$1; t=$3; ok = (\"$2\" == \"<=\") ? (v <= t) : (v >= t); print ok ? \"met\" : \"**missed**\""
}
targets_apply() { [ "$SIZE" = M ] || [ "$SIZE" = L ]; }

# ---- machine --------------------------------------------------------------
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo unknown)
OS=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
CC_VER=$(${CC:-gcc} --version 2>/dev/null | head -n 1 || echo unknown)
pkgver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
MLR_VER=$({ [ -n "$MLR" ] && "$MLR" --version 2>/dev/null | head -n 1; } || true)
COMMIT=unknown
if [ -f .git ]; then # a worktree: .git names its folder; git reads it
    COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
elif [ -f .git/HEAD ]; then # read without running git
    head_ref=$(cat .git/HEAD)
    case $head_ref in
    ref:*)
        ref=${head_ref#ref: }
        if [ -f ".git/$ref" ]; then COMMIT=$(cut -c1-12 ".git/$ref")
        elif [ -f .git/packed-refs ]; then COMMIT=$(awk -v r="$ref" '$2 == r {print substr($1, 1, 12)}' .git/packed-refs)
        fi ;;
    *) COMMIT=${head_ref:0:12} ;;
    esac
fi

# ---- the section ----------------------------------------------------------
SECTION=$WORK/section.md
{
    echo "## $SIZE: $VARIANTS variants x $OUTLETS outlets$PNAME ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "- machine: $CPU, $(nproc) cores, $MEM RAM; $OS; kernel $(uname -r)"
    echo "- build: $CC_VER, \`-O2 -g\` (config.mk); libcsv $(pkgver libcsv3), libxlsxwriter $(pkgver libxlsxwriter-dev)${MLR_VER:+; $MLR_VER}"
    echo "- pos2ecom: $("$POS2ECOM" --version 2>/dev/null || echo '?'), HEAD $COMMIT (binary built $(date -u -r "$POS2ECOM" '+%Y-%m-%d %H:%M UTC'); the work tree may hold local changes)"
    echo "- input: \`$DATA\`, $(calc "printf \"%.1f\", $BYTES/1e6") MB, $ROWS data rows ($RECORDS records, $FIELDS fields); generator: $(sed -e 's/^gen: //' -e 's|; problems: \([0-9]*\) rows,.*|; \1 product rows with an injected data problem (per kind: `'"$GENLOG"'`)|' "$GENLOG" 2>/dev/null || echo '?')"
    echo "- pos2ecom on it: $SUMMARY"
    echo "- method: $REPEATS runs per tool, alternating (order rotated each round), file in page cache; wall time (bash EPOCHREALTIME around /usr/bin/time); cpu = user+sys of the run (median); peak RSS = /usr/bin/time %M, largest of the runs; MB = 10^6 bytes of input; rows = data records of the input; other load = CPU-seconds per second used by the rest of the machine during the run (median; 0 = quiet, $(nproc) = every core busy)"
    if awk -v b="${BUSY:-0}" 'BEGIN {exit !(b > 0.2)}'; then
        echo "- **the machine was busy during these runs** (other load up to $(awk -v b="$BUSY" 'BEGIN {printf "%.2f", b}') cores by median): times are inflated; compare the cpu column, or run again on a quiet machine"
    fi
    echo
    echo "| | tool | median s | spread s (min-max) | spread % | MB/s | rows/s | cpu s | peak RSS MiB | other load |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for t in a b c d; do
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
    if [ -n "${MED[d]:-}" ]; then
        ratio_row "d/b (Miller / convert)" d b ">=" 10
    else
        echo "| d/b (Miller / convert) | - | - | >= 10 | ${D_FAILED:-skipped: no mlr} |"
    fi
    rss_ratio=$(calc "printf \"%.2f\", ${RSS[c]}*1024/$BYTES")
    if [ "$SIZE" = L ]; then
        echo "| peak RSS of (c) / input size | $rss_ratio | | <= 1 | $(verdict "$rss_ratio" "<=" 1) |"
    else
        echo "| peak RSS of (c) / input size | $rss_ratio | | <= 1 (for L) | |"
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
    if [ -s "$WORK/phases" ]; then
        echo "Where the time of (c) goes: one more run with \`P2E_PROFILE=1\` (wall and CPU"
        echo "seconds per phase; cpu = the whole process, thread = the thread that ran"
        echo "the phase; the import file (and, since 32bbbfe, manual-fields.xlsx) is written on a second thread during the others):"
        echo
        echo "| phase | wall s | cpu s | thread cpu s |"
        echo "|---|---:|---:|---:|"
        awk -F'\t' '$1 == "pos2ecom: profile" && $2 != "phase" {printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5}' "$WORK/phases"
        echo
    fi
} >"$SECTION"

cat "$SECTION"

# newest first: the preamble, this section, then the earlier sections
PREAMBLE='# pos2ecom benchmark results

Written by `make bench` (bench/run.sh), newest first; bench/README.md says how to run it
and what each column means. Targets (M and L): b/a <= 1.3, c/a <= 3, Miller >= 10x slower
than (b), peak RSS <= input size for L with XLSX, L/M time <= 11.
'
{
    if [ -s "$RESULTS" ] && grep -q '^## ' "$RESULTS"; then
        awk '/^## / {exit} {print}' "$RESULTS"
    else
        printf '%s\n' "$PREAMBLE"
    fi
    cat "$SECTION"
    if [ -s "$RESULTS" ]; then
        awk 'f || /^## / {f = 1; print}' "$RESULTS"
    fi
} >"$WORK/results.md"
cp "$WORK/results.md" "$RESULTS"
say "section added to $RESULTS"
