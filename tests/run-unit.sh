#!/bin/sh
# Run the cmocka test programs given; fail if any fails.
# usage: tests/run-unit.sh DIR test_a test_b ...
dir=$1; shift
failed=""
for t in "$@"; do
  "$dir/$t" || failed="$failed $t"
done
if [ -n "$failed" ]; then
  echo "unit tests failed:$failed"
  exit 1
fi
