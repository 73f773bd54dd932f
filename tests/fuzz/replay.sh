#!/bin/bash
# Replay every recorded fuzz crash (tests/fuzz/regressions/<target>/*) once,
# under ASan and UBSan, with gcc: no clang or libFuzzer needed, so make check
# can run it. Each target is linked with tests/fuzz/standalone.c (a main that
# feeds each file to LLVMFuzzerTestOneInput) against the sanitizer build of
# the library, build/san/libpos2ecom.a (made with make if missing).
#
# A regression passes when its input runs to the end: no sanitizer report,
# no failed property (FUZZ_CHECK aborts), no crash.
#
# usage: tests/fuzz/replay.sh
#   CC, SAN_CFLAGS, LDLIBS   override the compiler and flags (defaults match
#                            config.mk's sanitizer build)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
cc=${CC:-gcc}
san=${SAN_CFLAGS:--std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined}
libs=${LDLIBS:--lxlsxwriter -lminizip -lexpat -lcsv -lz $(pkg-config --libs vips) -lm -pthread}
lib=build/san/libpos2ecom.a
out=build/san/fuzz-replay
if [ ! -f "$lib" ]; then
  make --no-print-directory "$lib" >/dev/null || { echo "replay: cannot build $lib"; exit 1; }
fi
mkdir -p "$out"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

pass=0; fail=0; total=0
for dir in tests/fuzz/regressions/*/; do
  [ -d "$dir" ] || continue
  target=$(basename "$dir")
  src=tests/fuzz/$target.c
  [ -f "$src" ] || { echo "replay: $dir has no target $src"; fail=$((fail + 1)); continue; }
  inputs=$(find "$dir" -maxdepth 1 -type f ! -name '*.md' ! -name '.*' | LC_ALL=C sort)
  [ -n "$inputs" ] || continue
  bin=$out/$target
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$lib" -nt "$bin" ] \
     || [ tests/fuzz/fuzz_util.h -nt "$bin" ] || [ tests/fuzz/standalone.c -nt "$bin" ]; then
    # shellcheck disable=SC2086
    $cc -D_GNU_SOURCE $(for l in src/*/; do printf -- "-I%s " "${l%/}"; done) -Itests/fuzz $san -o "$bin" "$src" tests/fuzz/standalone.c "$lib" $libs \
      || { echo "replay: cannot build $bin"; exit 1; }
  fi
  for f in $inputs; do
    total=$((total + 1))
    if ( "$bin" "$f"; exit $? ) > "$out/last.log" 2>&1; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL replay/$target/$(basename "$f")"
      grep -m6 -E 'property failed|parse back|out of the int64|runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|SUMMARY' \
        "$out/last.log" | sed 's/^/  /'
    fi
  done
done
echo "fuzz replay: $total regression inputs: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
