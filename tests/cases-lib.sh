# tests/cases-lib.sh - the case helpers of the shell test scripts
# (tests/bad-inputs.sh, tests/safety/*.sh), sourced by each:
#   . "$top/tests/cases-lib.sh"   after setting top and bin
# Each case states what a merchant must get: the exit code, the lines in
# standard error, what must not change, and that no temporary file is left.
# A script ends with cases_summary NAME, which prints
# "NAME: N passed, N failed, N skipped" and returns non-zero on a failure.
set -u
limit=${BAD_TIMEOUT:-300}
samples=$top/samples

tmp=$(mktemp -d)
chmod 755 "$tmp"
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
  chmod -R u+rwX "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

pass=0; fail=0; skip=0
failed=()
case_name=""; problems=()

want() { # want NAME: start a case; returns 1 when BAD_ONLY excludes it
  case_name=$1; problems=()
  case "$1" in ${BAD_ONLY:-*}) ;; *) return 1 ;; esac
  mkdir -p "$tmp/$1"
  cd "$tmp/$1" || exit 1
  return 0
}
problem() { problems+=("$*"); }
done_case() {
  if [ ${#problems[@]} -eq 0 ]; then
    pass=$((pass + 1)); echo "PASS $case_name"
  else
    fail=$((fail + 1)); failed+=("$case_name"); echo "FAIL $case_name"
    printf '  %s\n' "${problems[@]}"
  fi
  cd "$tmp" || exit 1
}
skip_case() { skip=$((skip + 1)); echo "SKIP $case_name: $*"; cd "$tmp" || exit 1; }

# run ARGS...: pos2ecom with a time limit; sets $code, stderr in ./err
run() {
  timeout "$limit" "$bin" "$@" >run.out 2>run.err
  code=$?
  [ "$code" = 124 ] && problem "did not finish within $limit s: pos2ecom $*"
  [ "$code" -ge 128 ] && [ "$code" != 124 ] && problem "killed by signal $((code - 128)): pos2ecom $*"
}
# run_as_nobody ARGS...: the same, without root's file access
run_as_nobody() {
  timeout "$limit" setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" "$@" >run.out 2>run.err
  code=$?
  [ "$code" = 124 ] && problem "did not finish within $limit s"
}
expect_exit() { [ "$code" = "$1" ] || problem "exit $code, expected $1; stderr: $(head -c 300 run.err)"; }
expect_err() { grep -qF -- "$1" run.err || problem "stderr lacks: $1 (got: $(head -c 300 run.err))"; }
expect_no_err() { grep -qF -- "$1" run.err && problem "stderr should not say: $1"; }
# a fatal error is one line "pos2ecom: ..." (README), holding TEXT
expect_one_line() {
  grep -q "^pos2ecom: .*$1" run.err || problem "no line 'pos2ecom: ...$1' in stderr: $(head -c 300 run.err)"
  [ "$(wc -l < run.err)" -le 1 ] || problem "stderr has $(wc -l < run.err) lines, not one: $(head -c 300 run.err | tr '\n' '|')"
}
expect_file() { [ -f "$1" ] || problem "$1 missing"; }
expect_absent() { for f in "$@"; do [ -e "$f" ] && problem "$f exists but should not"; done; }
# no temporary or partial file anywhere under DIR
expect_no_tmp() {
  local left
  left=$(find "$1" -name '.*.tmp' -o -name '*.tmp' -o -name '.pos2ecom-work.*' \
    -o -name '.pos2ecom-stage.*' -o -name '.pos2ecom-commit' 2>/dev/null | head -5)
  [ -z "$left" ] || problem "temporary files left: $left"
}
# snapshot DIR NAME [strict] / unchanged DIR NAME [strict]: every entry's
# name, type, mode and link target, every file's size, mtime and bytes; with
# strict also the folders' mtimes (a file made and removed again shows)
list_tree() {
  (cd "$1" && if [ -n "${2:-}" ]; then find . -printf '%p %y %m %s %T@ %l\n'
    else find . \( -type f -printf '%p f %m %s %T@\n' \) -o \( ! -type f -printf '%p %y %m %l\n' \); fi \
    | LC_ALL=C sort && find . -type f -exec md5sum {} + | LC_ALL=C sort)
}
snapshot() { list_tree "$1" "${3:-}" > "$tmp/$2.snap"; }
unchanged() {
  list_tree "$1" "${3:-}" > "$tmp/$2.now"
  cmp -s "$tmp/$2.snap" "$tmp/$2.now" || \
    problem "$1 changed: $(diff "$tmp/$2.snap" "$tmp/$2.now" | grep '^[<>]' | head -6 | tr '\n' ' ')"
}

# can we run as an unprivileged user (needed as root)?
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user=run_as_nobody; user_note="as nobody (setpriv), since root ignores file modes"
  else
    as_user=""; user_note="running as root: chmod does not stop root and setpriv is not available"
  fi
else
  as_user=run; user_note="as $(id -un)"
fi

outputs="ecom-import.csv exceptions.csv todo.csv manual-fields.csv not-synced.csv mapping.csv outlets.csv summary.json manual-fields.xlsx report.html report.xlsx"
small_export() { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\ncup,CUP-1,Cup,4.00,3\nmug,MUG-1,Mug,9.00,2\n' > "$1"; }


cases_summary() {
  echo "$1: $pass passed, $fail failed, $skip skipped"
  [ "$fail" -eq 0 ] || echo "failed: ${failed[*]}"
  [ "$fail" -eq 0 ]
}
