#!/bin/bash
# Static checks (make lint, and CI):
#   1. cppcheck over src/ (warning, portability and performance checks; any
#      finding fails). A false positive is silenced where it is, with a
#      comment: // cppcheck-suppress <id>  (--inline-suppr).
#   2. banned functions: no sprintf, vsprintf, strcpy, strcat, strncpy, gets
#      or atoi in src/, tests/tools/ and tests/fuzz/ (C files).
#      Use snprintf, memcpy with a checked length, p2e_buf, strtol/strtoull
#      with an end pointer. A word match: snprintf and vsnprintf are fine.
#   3. the layers of src/: no file includes a header of a layer above its
#      own (tests/layers.sh; the layers are in config.mk and
#      docs/ARCHITECTURE.md).
# usage: tests/lint.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
fail=0

if ! command -v cppcheck >/dev/null 2>&1; then
  echo "lint: cppcheck is not installed (apt-get install cppcheck)"
  exit 1
fi

echo "lint: cppcheck $(cppcheck --version | sed 's/^Cppcheck //') over src/"
if ! cppcheck --enable=warning,portability,performance --error-exitcode=1 --inline-suppr \
     --quiet --std=c11 -D_GNU_SOURCE $(for l in src/*/; do printf -- "-I%s " "${l%/}"; done) src/; then
  echo "lint: cppcheck found problems (above)"
  fail=1
fi

banned='sprintf|vsprintf|strcpy|strcat|strncpy|gets|atoi'
files=$(find src tests/tools tests/fuzz -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)
# a call: the name as a whole word, then optional spaces and '('
hits=$(grep -nHE "(^|[^A-Za-z0-9_])($banned)[[:space:]]*\(" $files)
if [ -n "$hits" ]; then
  echo "lint: banned functions (use snprintf, memcpy with a checked length, p2e_buf, strtol):"
  printf '%s\n' "$hits"
  fail=1
else
  echo "lint: no banned function in $(echo "$files" | wc -l) files"
fi

# 3. the layers: no include goes up (tests/layers.sh)
"$top/tests/layers.sh" || fail=1

[ "$fail" -eq 0 ] && echo "lint: ok"
exit "$fail"
