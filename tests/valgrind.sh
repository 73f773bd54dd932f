#!/bin/bash
# Every end-to-end fixture (fixtures/<case>/, as tests/golden.sh runs them)
# under valgrind memcheck: zero errors and zero leaks of any kind (definite,
# indirect, possible, and still reachable) in every run, the failing runs
# (exit 1, 2, 3) included. Outputs are not compared here: golden.sh does
# that.
#
# usage: tests/valgrind.sh [path/to/pos2ecom]   (default build/pos2ecom,
#        the plain build: valgrind and ASan do not mix)
#   VALGRIND_ONLY=glob   only the cases whose name matches
#   VALGRIND_JOBS=n      cases run in parallel (default: the number of CPUs)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind: not installed (apt-get install valgrind)"
  exit 1
fi
[ -x "$bin" ] || { echo "valgrind: $bin not built (make build/pos2ecom)"; exit 1; }
if nm -u "$bin" 2>/dev/null | grep -q __asan_; then
  echo "valgrind: $bin is an ASan build; give the plain build/pos2ecom"
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one case: writes "ok NAME" or the problems to $tmp/NAME/verdict; the log
# is $tmp/NAME/vg.log. --error-exitcode=1 would be read as pos2ecom's own
# exit 1 (usage errors), so the verdict comes from the log's counts.
run_case() {
  # tests/valgrind.supp: what libvips and GLib keep for the process's life.
  # VIPSHOME elsewhere: libvips loads none of its modules (HEIF, ImageMagick,
  # JPEG XL...): libjxl's libhwy runs RDTSCP when loaded, which valgrind 3.19
  # cannot; those paths run under ASan in make check. VIPS_NOVECTOR: no
  # run-time generated SIMD code.
  local vg=(env VIPSHOME=/nonexistent VIPS_NOVECTOR=1
            valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --show-leak-kinds=all
            --errors-for-leak-kinds=all --track-origins=yes --num-callers=30
            --suppressions="$top/tests/valgrind.supp")
  local dir=$1 name out args
  name=$(basename "$dir")
  out=$tmp/$name
  mkdir -p "$out"
  mapfile -t args < "$dir/args"
  (cd "$dir" && "${vg[@]}" --log-file="$out/vg.log" "$bin" "${args[@]}" -o "$out/result" -q) \
    > "$out/stdout" 2> "$out/stderr"
  local code=$? problems=()
  local errors
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9][0-9]*\) errors.*/\1/p' "$out/vg.log" | tail -1)
  [ -n "$errors" ] || problems+=("no ERROR SUMMARY in the valgrind log (exit $code)")
  [ -n "$errors" ] && [ "$errors" != 0 ] && problems+=("$errors errors")
  local leaks
  leaks=$(grep -E '(definitely|indirectly|possibly) lost: [1-9]|still reachable: [1-9]' "$out/vg.log")
  [ -z "$leaks" ] || problems+=("leaks: $(echo "$leaks" | sed 's/^==[0-9]*== *//' | tr '\n' ';')")
  {
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok $name"
  else
    echo "FAIL valgrind/$name"
    printf '  %s\n' "${problems[@]}"
    # the first error's stack, for the report
    grep -m1 -A14 -E '== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|Argument)|are (definitely|possibly|indirectly) lost|still reachable in' \
      "$out/vg.log" | sed 's/^==[0-9]*==/   /'
  fi
  } > "$out/verdict"
}
export -f run_case
export tmp bin top

cases=()
for dir in "$top"/fixtures/*/; do
  [ -f "$dir/args" ] || continue
  case "$(basename "$dir")" in ${VALGRIND_ONLY:-*}) cases+=("${dir%/}") ;; esac
done
jobs=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 1)}
printf '%s\n' "${cases[@]}" | xargs -P "$jobs" -I{} bash -c 'run_case "$1"' _ {}
for c in "${cases[@]}"; do
  cat "$tmp/$(basename "$c")/verdict" 2>/dev/null || echo "FAIL valgrind/$(basename "$c"): no verdict"
done > "$tmp/results"
fails=$(grep -c '^FAIL' "$tmp/results")
oks=$(grep -c '^ok ' "$tmp/results")
grep -v '^ok ' "$tmp/results"
echo "valgrind: $oks clean, $fails with errors or leaks"
[ "$fails" -eq 0 ]
