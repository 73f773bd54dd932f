#!/bin/bash
# Every output of the default convert (the CSV files, todo.csv,
# summary.json, report.html, and the content of report.xlsx and
# manual-fields.xlsx) on the demo and on the four public exports, against
# the digests recorded in tests/data/outputs.sha256: a change that is meant
# to leave what the program writes alone (an optimisation, issue 20) must
# leave every digest as it is. The workbooks are digested by content (each
# member's name and uncompressed bytes, tests/tools/xlsx_zip_check.py), so
# that another zlib's bytes do not count as a change; their compression is
# checked on its own: every member is exactly zlib's level 1 of its content.
# The check proves it can fail (one byte changed in a copy is found), and
# that P2E_PROFILE=1 changes no output.
#
# A change that is meant to change outputs records the new digests, and the
# diff of tests/data/outputs.sha256 shows which files changed:
#   tests/outputs.sh build/pos2ecom --update
# usage: tests/outputs.sh path/to/pos2ecom [--update]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
zipcheck=$top/tests/tools/xlsx_zip_check.py
recorded=$top/tests/data/outputs.sha256
export SOURCE_DATE_EPOCH=1577836800
unset P2E_SERIAL P2E_PROFILE

# digests NAME DIR: one line "NAME/FILE SHA256" per output, sorted
digests() {
  local f base
  for f in "$2"/*; do
    base=$(basename "$f")
    case $base in
    *.xlsx) echo "$1/$base $($py "$zipcheck" digest "$f" | cut -d' ' -f1) content" ;;
    *) echo "$1/$base $(sha256sum < "$f" | cut -d' ' -f1)" ;;
    esac
  done | LC_ALL=C sort
}

# convert NAME ARGS...: the default convert into $tmp/NAME (stderr kept),
# from the top folder: the inputs' names as given are in the outputs
convert() {
  local name=$1; shift
  rm -rf "${tmp:?}/$name"
  (cd "$top" && "$bin" convert -q -o "$tmp/$name" "$@") 2>"$tmp/$name.err"
}

runs=(demo)
demo=(--outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' samples/store/product-export.csv)
pub=$top/../shared/fixtures-public/xseries
declare -A pub_file
if [ -d "$pub" ]; then
  for f in "$pub"/*.csv; do
    n=public-$(basename "$f" .csv)
    runs+=("$n"); pub_file[$n]=../shared/fixtures-public/xseries/$(basename "$f")
  done
fi
run_args() { # the arguments of run $1
  if [ "$1" = demo ]; then args=("${demo[@]}"); else args=(--all-outlets "${pub_file[$1]}"); fi
}

: >"$tmp/now.sha256"
for n in "${runs[@]}"; do
  run_args "$n"
  convert "$n" "${args[@]}" || echo "$n: convert failed: $(head -c 300 "$tmp/$n.err")" >>"$tmp/failed"
  digests "$n" "$tmp/$n" >>"$tmp/now.sha256"
done

if [ "$update" = --update ]; then
  [ -d "$pub" ] || { echo "outputs: --update needs ../shared/fixtures-public"; exit 1; }
  [ -s "$tmp/failed" ] && { cat "$tmp/failed"; exit 1; }
  cp "$tmp/now.sha256" "$recorded"
  echo "outputs: $(wc -l < "$recorded") digests recorded in $recorded"
  exit 0
fi

# the recorded lines of the runs made here (no public exports: the demo's)
recorded_here() {
  if [ -d "$pub" ]; then cat "$recorded"; else grep '^demo/' "$recorded"; fi
}

if want every-output-as-recorded; then
  [ -s "$tmp/failed" ] && problems+=("$(cat "$tmp/failed")")
  if ! diff <(recorded_here) "$tmp/now.sha256" >"$tmp/diff"; then
    problems+=("outputs differ from tests/data/outputs.sha256 (< recorded, > now):")
    problems+=("$(head -20 "$tmp/diff")")
  fi
  [ "$(wc -l < "$tmp/now.sha256")" -ge 10 ] || problems+=("only $(wc -l < "$tmp/now.sha256") outputs digested")
  for kind in ecom-import.csv exceptions.csv mapping.csv not-synced.csv manual-fields.csv \
              outlets.csv todo.csv summary.json report.html report.xlsx manual-fields.xlsx; do
    grep -q "^demo/$kind " "$tmp/now.sha256" || problems+=("the demo run wrote no $kind")
  done
  done_case
fi
[ -d "$pub" ] || { want public-exports && skip_case "../shared/fixtures-public absent: public exports not checked"; }

# the check can fail: one byte changed in a copy of an output is found
if want the-check-finds-a-changed-byte; then
  cp -r "$tmp/demo" "$tmp/mutant"
  printf 'X' | dd of="$tmp/mutant/ecom-import.csv" bs=1 seek=100 conv=notrunc status=none
  digests demo "$tmp/mutant" >"$tmp/mutant.sha256"
  changed=$(diff "$tmp/now.sha256" "$tmp/mutant.sha256" | grep -c '^>')
  [ "$changed" = 1 ] && grep -q '^> demo/ecom-import.csv ' <(diff "$tmp/now.sha256" "$tmp/mutant.sha256") ||
    problems+=("a changed byte of ecom-import.csv gave $changed changed digests")
  done_case
fi

# every workbook's every member deflated at level 1 (src/out/xlsx_zip.c)
if want workbooks-deflated-at-level-1; then
  books=()
  for n in "${runs[@]}"; do books+=("$tmp/$n/report.xlsx" "$tmp/$n/manual-fields.xlsx"); done
  $py "$zipcheck" level "${books[@]}" >"$tmp/level" 2>&1 || problems+=("$(grep -v 'members checked' "$tmp/level" | head -10)")
  [ "$(grep -c 'members checked' "$tmp/level")" = "${#books[@]}" ] || problems+=("$(cat "$tmp/level")")
  done_case
fi

# P2E_PROFILE=1: a line per phase on standard error, and the same outputs
if want profile-changes-no-output; then
  rm -rf "$tmp/prof"
  (cd "$top" && P2E_PROFILE=1 "$bin" convert -q -o "$tmp/prof" "${demo[@]}") 2>"$tmp/prof.err" ||
    problems+=("convert with P2E_PROFILE=1 failed: $(head -c 300 "$tmp/prof.err")")
  diff <(digests demo "$tmp/prof") <(grep '^demo/' "$tmp/now.sha256") >/dev/null ||
    problems+=("P2E_PROFILE=1 changed an output")
  for phase in read rules 'write ecom-import.csv (second thread)' 'write exceptions.csv' \
               'write report.html' 'write report.xlsx' 'write manual-fields.xlsx (second thread)' commit total; do
    grep -qF "$(printf 'pos2ecom: profile\t%s\t' "$phase")" "$tmp/prof.err" ||
      problems+=("no profile line for '$phase'")
  done
  grep -q 'profile' "$tmp/demo.err" && problems+=("a profile line without P2E_PROFILE")
  done_case
fi

# P2E_PROFILE=1's last column, the peak memory so far: a whole number of MiB
# on every line, the total's the largest, and the total the kernel's own
# count for the whole run (ru_maxrss of the child, read by Python)
if want profile-peak-memory; then
  rm -rf "$tmp/prof2"
  kib=$(cd "$top" && P2E_PROFILE=1 $py -c '
import resource, subprocess, sys
with open(sys.argv[1], "w") as err:
    subprocess.run(sys.argv[2:], stderr=err, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$tmp/prof2.err" "$bin" convert -q -o "$tmp/prof2" "${demo[@]}") ||
    problems+=("convert with P2E_PROFILE=1 failed: $(head -c 300 "$tmp/prof2.err")")
  verdict=$(awk -F'\t' -v kib="${kib:-0}" '
    $1 != "pos2ecom: profile" || $2 == "phase" { next }
    NF != 6 || $6 !~ /^[0-9]+$/ { print "not a peak in MiB: " $0; bad = 1; next }
    $2 == "total" { total = $6; next }
    $6 + 0 > most { most = $6 + 0 }
    END {
      if (bad) exit
      if (total == "") { print "no total line"; exit }
      if (total + 0 < most) print "the total peak " total " is below a phase peak " most
      else if (total + 0 < 1) print "a peak of 0 MiB"
      else if (total - kib / 1024 > 0.5 || kib / 1024 - total > 2)
        print "total peak " total " MiB, the kernel counted " kib " KiB"
    }' "$tmp/prof2.err")
  [ -z "$verdict" ] || problems+=("$verdict")
  done_case
fi

cases_summary outputs
