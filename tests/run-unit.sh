#!/bin/sh
# Run the cmocka test programs given, each through tests/tally.sh (one line
# each, its output in full when it fails); fail if any fails.
# usage: tests/run-unit.sh DIR test_a test_b ...   (PREFIX names the run: san/)
dir=$1; shift
top=$(cd "$(dirname "$0")/.." && pwd)
rc=0
for t in "$@"; do
  "$top/tests/tally.sh" "${PREFIX:-}$t" "$dir/$t" || rc=1
done
exit $rc
