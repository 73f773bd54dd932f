#!/bin/bash
# make check's quiet runner. Each test program prints one line, its name
# and its counts; a failing one also prints its output in full. The counts
# are added up in $TALLY (default build/check.tally) and --total prints the
# last line CI reads: "N passed, N failed, N skipped".
#
#   tests/tally.sh NAME COMMAND [ARGS...]   run one test program
#   tests/tally.sh --total                  the sum; exit 1 when any failed
#   tests/tally.sh --reset                  start a new sum
#
# V=1 shows every program's output as it runs.
#
# Counts are read from the program's output: cmocka's "[  PASSED  ] N
# test(s)." lines (and FAILED, SKIPPED; summed over its groups), else the
# last "N passed, N failed[, N skipped]" line (golden.sh, cases-lib.sh, the
# fuzz replay), else the program is one test, passed when it exits 0. A
# program that exits non-zero with no failure counted counts one failure.
set -u
tally=${TALLY:-build/check.tally}
mkdir -p "$(dirname "$tally")"

case "${1:-}" in
--reset) : > "$tally"; exit 0 ;;
--total)
  p=0; f=0; s=0
  if [ -f "$tally" ]; then
    while read -r _ tp tf ts; do p=$((p + tp)); f=$((f + tf)); s=$((s + ts)); done < "$tally"
  fi
  echo "$p passed, $f failed, $s skipped"
  [ "$f" -eq 0 ]; exit ;;
esac

name=$1; shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ "${V:-}" = 1 ]; then
  "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
else
  "$@" > "$log" 2>&1; rc=$?
fi

sum_cmocka() { # sum_cmocka TAG: N of every "[  TAG  ] N test(s)" line
  sed -n "s/^\[ *$1 *\] \([0-9][0-9]*\) test(s).*/\1/p" "$log" | awk '{n += $1} END {print n + 0}'
}
if grep -q '^\[==========\] [0-9]* test(s) run' "$log"; then
  p=$(sum_cmocka PASSED); f=$(sum_cmocka FAILED); s=$(sum_cmocka SKIPPED)
elif line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1) && [ -n "$line" ]; then
  p=$(grep -oE '[0-9]+ passed' <<< "$line" | tail -1 | cut -d' ' -f1)
  f=$(grep -oE '[0-9]+ failed' <<< "$line" | tail -1 | cut -d' ' -f1)
  s=$(grep -oE '[0-9]+ skipped' <<< "$line" | tail -1 | cut -d' ' -f1)
  s=${s:-0}
elif [ "$rc" -eq 0 ]; then
  p=1; f=0; s=0
else
  p=0; f=1; s=0
fi
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1

echo "$name $p $f $s" >> "$tally"
if [ "$f" -eq 0 ]; then
  printf '%-28s %5d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
else
  printf '%-28s %5d passed, %d failed, %d skipped  FAILED (exit %d):\n' "$name" "$p" "$f" "$s" "$rc"
  [ "${V:-}" = 1 ] || sed 's/^/    /' "$log"
fi
[ "$f" -eq 0 ]
