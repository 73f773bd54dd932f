# bench/lib.sh - what bench/run.sh and bench/sync.sh share (sourced, after
# `set -euo pipefail`, `export LC_ALL=C` and a cd to the repository root):
# the size and profile, the tools, the generated export, one timed run, the
# statistics, the machine and the insertion into bench/results.md.
# shellcheck shell=bash

# The knobs (bench/README.md) and their defaults; SIZE may be the caller's
# first argument (a file sourced without arguments sees the caller's).
SIZE=${1:-${SIZE:-M}}
REPEATS=${REPEATS:-5}
SEED=${SEED:-1}
POS2ECOM=${POS2ECOM:-build/pos2ecom}
GEN=build/bench/gen
CSVCOUNT=build/bench/csvcount
RESULTS=${RESULTS:-bench/results.md}
PROFILE=${PROFILE:-standard}

say() { printf 'bench: %s\n' "$*" >&2; }

# SIZE, PROFILE and REPEATS checked; sets VARIANTS, OUTLETS, PTAG (the file
# name's profile tag) and PNAME (the section title's)
# shellcheck disable=SC2034 # set for the script that sources this file
bench_size() {
    case $PROFILE in
    standard) PTAG='' PNAME='' ;;
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
}

bench_need() { # executables that make builds
    local exe
    for exe in "$@"; do
        if [ ! -x "$exe" ]; then
            echo "bench: $exe is missing: run 'make bench' (it builds it)" >&2
            exit 1
        fi
    done
}

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

bench_need_time() {
    if [ ! -x /usr/bin/time ]; then
        say "installing the Debian package 'time' (for peak RSS)"
        if ! apt_install time || [ ! -x /usr/bin/time ]; then
            say "/usr/bin/time is missing and could not be installed: apt-get install time"
            exit 1
        fi
    fi
}

# ---- the input ------------------------------------------------------------
# sets DATA and GENLOG; generates the export with $GEN when it is missing or
# older than the generator or its sources
bench_export() {
    local stale=0 src t0 t1
    mkdir -p bench/data
    DATA=bench/data/$SIZE$PTAG-v$VARIANTS-k$OUTLETS-s$SEED.csv
    GENLOG=$DATA.gen.txt
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
}

# ---- one timed run ----------------------------------------------------------
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat 2>/dev/null || echo 0; }

# time_run TAG: runs "${CMD[@]}" (stdout to $WORK/out-TAG/stdout, stderr to
# $WORK/stderr, /usr/bin/time's figures to $WORK/rss); on success appends
# "TAG seconds rss_kb cpu_s others_load" to $WORK/times; cpu_s = the run's
# user+sys time; others_load = CPU time the rest of the machine used
# meanwhile, per second of the run (0: quiet, 2: both cores busy). Returns
# the command's exit status.
time_run() {
    local t=$1 t0 t1 b0 b1 rc=0
    b0=$(busy_ticks)
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M %U %S' -o "$WORK/rss" "${CMD[@]}" >"$WORK/out-$t/stdout" 2>"$WORK/stderr" || rc=$?
    t1=$EPOCHREALTIME
    b1=$(busy_ticks)
    [ "$rc" = 0 ] || return "$rc"
    tail -n 1 "$WORK/rss" | awk -v t="$t" -v a="$t0" -v b="$t1" -v b0="$b0" -v b1="$b1" -v hz="$HZ" '{
        wall = b - a; cpu = $2 + $3; others = ((b1 - b0) / hz - cpu) / wall
        if (others < 0) others = 0
        printf "%s %.6f %s %.2f %.2f\n", t, wall, $1, cpu, others
    }' >>"$WORK/times"
}

# ---- statistics -----------------------------------------------------------
median() { sort -n | awk '{v[NR] = $1} END {if (NR) printf "%.6f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# per tag of $WORK/times: median min max max_rss_kb median_cpu median_others
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
calc() { awk "BEGIN{ $1 }"; }
verdict() { # value op target -> met/missed
    calc "v=$1; t=$3; op=\"$2\"; ok = op == \"<=\" ? v <= t : op == \"<\" ? v < t : v >= t; print ok ? \"met\" : \"**missed**\""
}

# the line of a section on pos2ecom's summary.json: rows and findings
summary_line() {
    awk -F'[:,]' '
        /"read"/ {r=$2} /"written": [0-9]/ {w=$2} /"attached"/ {a=$2} /"not_written": [0-9]/ {nw=$2}
        /"error"/ {e=$2} /"warning"/ {wa=$2} /"info"/ {i=$2}
        END {gsub(/ /,"",r); gsub(/ /,"",w); gsub(/ /,"",a); gsub(/ /,"",nw); gsub(/ /,"",e); gsub(/ /,"",wa); gsub(/ /,"",i);
             printf "rows read %s, written %s, attached %s, not written %s; findings: %s errors, %s warnings, %s info", r, w, a, nw, e, wa, i}
    ' "$1" 2>/dev/null || echo "(no summary.json)"
}

# the warning line of a section when BUSY (the largest median other load)
# is over 0.2 cores
busy_line() {
    if awk -v b="${BUSY:-0}" 'BEGIN {exit !(b > 0.2)}'; then
        echo "- **the machine was busy during these runs** (other load up to $(awk -v b="$BUSY" 'BEGIN {printf "%.2f", b}') cores by median): times are inflated; compare the cpu column, or run again on a quiet machine"
    fi
}

# "Where the time of (LETTER) goes", then the table of P2E_PROFILE=1's lines
# in file $3 (nothing when it is empty); $2 says what the phases do
phases_section() {
    [ -s "$3" ] || return 0
    echo "Where the time of ($1) goes: one more run with \`P2E_PROFILE=1\` (wall and CPU"
    echo "seconds per phase; cpu = the whole process, thread = the thread that ran"
    echo "the phase; $2):"
    echo
    phases_table "$3"
    echo
}

# the table of P2E_PROFILE=1's lines in file $1
phases_table() {
    echo "| phase | wall s | cpu s | thread cpu s | peak RSS so far MiB |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '$1 == "pos2ecom: profile" && $2 != "phase" {printf "| %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, ($6 == "" ? "-" : $6)}' "$1"
}

# ---- machine --------------------------------------------------------------
pkgver() { dpkg-query -W -f '${Version}' "$1" 2>/dev/null || echo "?"; }
# sets CPU_MODEL, MEM, OS, CC_VER and COMMIT (of the work tree)
bench_machine() {
    local head_ref ref
    CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
    MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo unknown)
    OS=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
    CC_VER=$(${CC:-gcc} --version 2>/dev/null | head -n 1 || echo unknown)
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
}

# the machine, build and pos2ecom lines of a section (after bench_machine)
bench_machine_lines() {
    echo "- machine: $CPU_MODEL, $(nproc) cores, $MEM RAM; $OS; kernel $(uname -r)"
    echo "- build: $CC_VER, \`-O2 -g\` (config.mk); libcsv $(pkgver libcsv3), libxlsxwriter $(pkgver libxlsxwriter-dev)${MLR_VER:+; $MLR_VER}"
    echo "- pos2ecom: $("$POS2ECOM" --version 2>/dev/null || echo '?'), HEAD $COMMIT (binary built $(date -u -r "$POS2ECOM" '+%Y-%m-%d %H:%M UTC'); the work tree may hold local changes)"
}

# ---- bench/results.md ------------------------------------------------------
# newest first: the preamble (the file's own, or this one for a new file),
# the section in file $1, then the earlier sections
# shellcheck disable=SC2016 # backquotes of markdown
RESULTS_PREAMBLE='# pos2ecom benchmark results

Written by `make bench` (bench/run.sh) and `make bench-sync` (bench/sync.sh), newest
first; bench/README.md says how to run them and what each column means. Targets (M and L):
b/a <= 1.3, c/a <= 3, Miller >= 10x slower than (b), L/M time <= 11, b/a < 1.0 with the
parse on two cores ((e): the parse alone on two cores); sync and audit (L): within 3x the
time of the default convert; peak RSS of convert, sync and audit <= 0.5x the input size on
L.
'
results_put() {
    {
        if [ -s "$RESULTS" ] && grep -q '^## ' "$RESULTS"; then
            awk '/^## / {exit} {print}' "$RESULTS"
        else
            printf '%s\n' "$RESULTS_PREAMBLE"
        fi
        cat "$1"
        if [ -s "$RESULTS" ]; then
            awk 'f || /^## / {f = 1; print}' "$RESULTS"
        fi
    } >"$WORK/results.md"
    cp "$WORK/results.md" "$RESULTS"
    say "section added to $RESULTS"
}
