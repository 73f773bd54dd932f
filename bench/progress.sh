#!/bin/bash
# bench/progress.sh [SIZE] - what the progress line costs (issue 18: under 1%).
# Runs `pos2ecom convert --no-xlsx` on the benchmark's export of SIZE (made
# by bench/run.sh; S, M or L) REPEATS times each way, alternating: with
# standard error on a pseudo-terminal (script(1): the progress line is drawn),
# on the same pseudo-terminal with -q (no line, no summary: the control, with
# the same script(1) and terminal costs), and into a file. The cost of the
# line is the first against the second. Prints the medians and ratios, and
# appends them to bench/results.md.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
SIZE=${1:-${SIZE:-M}}
REPEATS=${REPEATS:-5}
POS2ECOM=${POS2ECOM:-build/pos2ecom}
DATA=$(ls bench/data/"$SIZE"-v*.csv 2>/dev/null | head -n 1)
[ -n "$DATA" ] || { echo "bench-progress: no $SIZE export in bench/data: run make bench SIZE=$SIZE first"; exit 1; }
command -v script >/dev/null || { echo "bench-progress: script(1) is needed (Debian: bsdutils)"; exit 1; }
work=$(mktemp -d "$root/bench/data/progress.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat "$DATA" >/dev/null # a warm page cache for every run

# one run: "way wall cpu" appended to $work/times; way t = terminal, q =
# terminal with -q, f = file
run() {
    local way=$1 t0 t1 cmd q=
    [ "$way" = q ] && q=-q
    rm -rf "$work/out"
    cmd="/usr/bin/time -f '%U %S' -o $work/cpu $POS2ECOM convert --no-xlsx --all-outlets $q -o $work/out $DATA"
    t0=$EPOCHREALTIME
    if [ "$way" != f ]; then
        script -qfec "$cmd" /dev/null > "$work/tty" 2>&1 || { echo "bench-progress: the run failed"; exit 1; }
        if [ "$way" = t ] && ! grep -q "pos2ecom: reading" "$work/tty"; then
            echo "bench-progress: no progress line drawn"; exit 1
        fi
    else
        eval "$cmd" > /dev/null 2> "$work/err" || { echo "bench-progress: the run failed"; exit 1; }
    fi
    t1=$EPOCHREALTIME
    awk -v w="$way" -v a="$t0" -v b="$t1" '{printf "%s %.6f %.2f\n", w, b - a, $1 + $2}' "$work/cpu" >> "$work/times"
}
: > "$work/times"
for ((r = 0; r < REPEATS; r++)); do
    case $((r % 3)) in
    0) run t; run q; run f ;;
    1) run q; run f; run t ;;
    2) run f; run t; run q ;;
    esac
done
median() { sort -n | awk '{v[NR] = $1} END {printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -v w="$1" -v c="$2" '$1 == w {print $c}' "$work/times" | median; }
tw=$(col t 2); qw=$(col q 2); fw=$(col f 2); tc=$(col t 3); qc=$(col q 3); fc=$(col f 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a / b}'; }
line="progress line ($SIZE, $(date -u '+%Y-%m-%d %H:%M UTC'), $REPEATS runs each way, rotated): median wall $tw s with the line, $qw s on the same terminal with -q, $fw s into a file; CPU $tc, $qc and $fc s. Cost of the line: wall ratio $(ratio "$tw" "$qw"), CPU ratio $(ratio "$tc" "$qc") (target: under 1%, ratio < 1.01)"
echo "bench: $line"
printf '\n- %s\n' "$line" >> bench/results.md
