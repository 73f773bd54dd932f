#!/bin/bash
# Safety of reading the inputs (issue 19: nothing the merchant owns is ever
# lost, and no hostile value gets through):
#   - a stray quote costs its own row, never the rows after it
#   - a NUL byte in a field is reported where it is, never cuts the value
#   - an input that changes between its two reads stops the run
#   - every output is valid UTF-8 (and summary.json valid JSON) whatever the
#     input's bytes or file name
#   - a FIFO or a device given as an input is refused, never read forever
# Expected values are worked out by hand or with Python's csv and json
# modules, never taken from pos2ecom's own output.
#
# usage: tests/safety/reader.sh [path/to/pos2ecom]   (default build/pos2ecom)
#   BAD_ONLY=glob  run only the matching cases; BAD_TIMEOUT=secs per run
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "safety-reader: $bin not built (make build/pos2ecom)"; exit 1; }
BAD_TIMEOUT=${BAD_TIMEOUT:-60}
. "$top/tests/cases-lib.sh"
fx=$top/fixtures/sync-previous

# ---- inputs that are not regular files ----------------------------------
# A FIFO's open waits for a writer, /dev/zero never ends: both used to hang
# the run. Each input (export, --previous, --ecom) is refused in one line,
# exit 2, within the time limit.

not_regular() { # NAME ARGS...: a run that must refuse quickly
  local name=$1; shift
  if want "$name"; then
    mkfifo fifo.csv
    limit=20 run "$@"
    expect_exit 2
    expect_one_line "is not a regular file"
    for f in $outputs; do expect_absent "out/$f"; done
    expect_no_tmp .
    done_case
  fi
}
not_regular fifo-export convert -q -o out fifo.csv
not_regular dev-zero-export convert -q -o out /dev/zero
not_regular fifo-ecom sync -q -o out --ecom fifo.csv "$fx/export.csv"
not_regular dev-zero-ecom sync -q -o out --ecom /dev/zero "$fx/export.csv"
not_regular fifo-previous sync -q -o out --ecom "$fx/store.csv" --previous fifo.csv "$fx/export.csv"
not_regular dev-zero-previous sync -q -o out --ecom "$fx/store.csv" --previous /dev/zero "$fx/export.csv"

cases_summary safety-reader
