#!/bin/bash
# Golden end-to-end tests: run pos2ecom on every fixtures/<case>/ and
# compare with the hand-written expected outputs.
#
# A case holds: args (the arguments after `pos2ecom`, one per line; the
# runner adds -o DIR -q), its input files, and expected/:
#   exit           expected exit code (default 0)
#   stderr         lines that must each appear in standard error
#   findings.csv   code,file,line,field of every finding, compared as
#                  sorted sets (MANUAL_FIELDS, one per run, only when the
#                  file lists it)
#   absent         names of output files that must not exist
#   any other file the exact expected bytes of that output file
# usage: tests/golden.sh path/to/pos2ecom
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
cols=$top/build/tests/csvcols
mkdir -p "$top/build/tests"
if [ ! -x "$cols" ] || [ "$top/tests/tools/csvcols.c" -nt "$cols" ]; then
  ${CC:-gcc} -O1 -o "$cols" "$top/tests/tools/csvcols.c" -lcsv || exit 1
fi
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in "$top"/fixtures/*/; do
  name=$(basename "$dir")
  [ -f "$dir/args" ] || continue
  out="$tmp/$name"
  mkdir -p "$out"
  mapfile -t args < "$dir/args"
  (cd "$dir" && "$bin" "${args[@]}" -o "$out/result" -q) >"$out/stdout" 2>"$out/stderr"
  code=$?
  want_code=0
  [ -f "$dir/expected/exit" ] && want_code=$(tr -d ' \n' < "$dir/expected/exit")
  problems=()
  [ "$code" = "$want_code" ] || problems+=("exit $code, expected $want_code: $(head -c 400 "$out/stderr")")
  if [ -f "$dir/expected/stderr" ]; then
    while IFS= read -r line; do
      [ -z "$line" ] && continue
      grep -qF -- "$line" "$out/stderr" || problems+=("stderr lacks: $line")
    done < "$dir/expected/stderr"
  fi
  for want in "$dir"/expected/*; do
    f=$(basename "$want")
    case "$f" in exit|stderr|findings.csv|absent) continue ;; esac
    # the libvips version in summary.json is the machine's: expected files say "LIBVIPS"
    [ "$f" = summary.json ] && [ -f "$out/result/$f" ] &&
      sed -i 's/^  "libvips": ".*",$/  "libvips": "LIBVIPS",/' "$out/result/$f"
    if ! cmp -s "$want" "$out/result/$f"; then
      problems+=("$f differs (< expected, > got):")
      problems+=("$(diff "$want" "$out/result/$f" 2>&1 | head -20)")
    fi
  done
  if [ -f "$dir/expected/absent" ]; then
    # files that must not exist after the run (e.g. nothing written on failure)
    while IFS= read -r f; do
      [ -n "$f" ] && [ -e "$out/result/$f" ] && problems+=("$f exists but should not")
    done < "$dir/expected/absent"
  fi
  if [ -f "$dir/expected/findings.csv" ]; then
    # MANUAL_FIELDS (one per run) is compared only where listed
    skip='^MANUAL_FIELDS,'
    grep -q '^MANUAL_FIELDS,' "$dir/expected/findings.csv" && skip='^$'
    if [ -f "$out/result/exceptions.csv" ]; then
      "$cols" "$out/result/exceptions.csv" code file line field | grep -v "$skip" \
        | LC_ALL=C sort > "$out/got-findings"
    else
      : > "$out/got-findings"
    fi
    LC_ALL=C sort "$dir/expected/findings.csv" | grep -v '^$' > "$out/want-findings"
    if ! cmp -s "$out/want-findings" "$out/got-findings"; then
      problems+=("findings differ (< expected, > got):")
      problems+=("$(diff "$out/want-findings" "$out/got-findings" | grep '^[<>]' | head -20)")
    fi
  fi
  # report.xlsx read back independently (openpyxl), when asked for
  if [ -n "${XLSX_CHECK:-}" ] && [ -f "$out/result/report.xlsx" ]; then
    python3 "$top/tests/xlsx_check.py" "$out/result" > "$out/xlsx" 2>&1 \
      || problems+=("report.xlsx check failed: $(head -c 600 "$out/xlsx")")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL golden/$name"
    printf '  %s\n' "${problems[@]}"
  fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
