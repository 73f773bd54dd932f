#!/bin/bash
# The output folder: nothing pos2ecom did not write is ever removed or
# replaced; temporary files are never opened through a planted link; an
# interrupted or killed run leaves the previous result whole, and its
# debris goes at the next run; two runs never share a folder. (Issue 19,
# points 1, 5, 6, 7 and 8; the mechanism is src/outdir.c.)
#
# usage: tests/safety/outputs.sh [pos2ecom] [test build of pos2ecom]
#   The test build (make build/san/pos2ecom: -DP2E_FAULT_INJECTION) is the
#   one that can kill itself at each step of the commit; without it, that
#   case is skipped with a message.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
fault=${2:-$top/build/san/pos2ecom}
[ -x "$fault" ] && fault=$(cd "$(dirname "$fault")" && pwd)/$(basename "$fault")
[ -x "$bin" ] || { echo "safety-outputs: $bin not built (make build/pos2ecom)"; exit 1; }
. "$top/tests/cases-lib.sh"

small_export() { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\ncup,CUP-1,Cup,4.00,3\nmug,MUG-1,Mug,9.00,2\n' > "$1"; }
other_export() { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\ncup,CUP-1,Cup,5.00,1\nbowl,BWL-1,Bowl,7.00,4\n' > "$1"; }
# an export big enough that a run lasts a few seconds
big_export() {
  awk 'BEGIN { print "handle,sku,name,retail_price,inventory_Main_Outlet";
    for (i = 1; i <= 150000; i++) printf "h%d,SKU-%d,Name %d,%d.50,%d\n", i, i, i, i % 50, i % 7 }' > "$1"
}
# the visible outputs and the manifest, without debris, for comparing results
outputs_of() { (cd "$1" && find . -maxdepth 2 ! -name '.pos2ecom-stage.*' ! -path './.pos2ecom-stage.*/*' \
  -type f -printf '%p %s\n' | LC_ALL=C sort && find . -maxdepth 2 -type f ! -path './.pos2ecom-stage.*' \
  ! -name .pos2ecom-manifest -exec md5sum {} + | LC_ALL=C sort); }
# wait until a run has made its staging folder in DIR (it holds the lock)
wait_stage() {
  for _ in $(seq 1 200); do
    compgen -G "$1/.pos2ecom-stage.*" >/dev/null && return 0
    sleep 0.05
  done
  return 1
}

# ---- point 1: only what pos2ecom wrote is ever replaced ----------------------

if want photo-folder-is-output-images; then
  # the issue's case: the merchant's photos and export live in shop/images,
  # and the output folder is shop: its images/ would have replaced them
  mkdir -p shop/images
  cp "$samples/images/RL-BTL-32.jpg" shop/images/CUP-1.jpg
  small_export shop/images/export.csv
  snapshot shop before strict
  run convert -q --images shop/images -o shop shop/images/export.csv
  [ "$code" = 1 ] || [ "$code" = 2 ] || problem "exit $code, expected a refusal (1 or 2)"
  expect_err "shop/images"
  unchanged shop before strict
  done_case
fi

if want image-folder-is-root; then
  # every folder is inside "/": refused before anything is read (the whole
  # disk would be walked) or written
  small_export export.csv
  run convert -q --images / -o out export.csv
  expect_exit 1
  expect_err "is inside the image folder /"
  expect_absent out
  done_case
fi

if want output-climbs-into-photo-folder; then
  # an output path through folders not made yet that comes back into the
  # photo folder ("..", after names that do not exist) is inside it too
  mkdir photos
  cp "$samples/images/RL-BTL-32.jpg" photos/CUP-1.jpg
  small_export export.csv
  snapshot photos before strict
  run convert -q --images photos -o new/../photos/out export.csv
  expect_exit 1
  expect_err "is inside the image folder photos"
  unchanged photos before strict
  expect_absent new
  done_case
fi

if want merchant-images-in-the-way; then
  # shop/images holds the merchant's photos (not an input): refused, exit 2
  mkdir -p shop/images photos
  cp "$samples/images/RL-BTL-32.jpg" shop/images/keep-me.jpg
  cp "$samples/images/RL-BTL-32.jpg" photos/CUP-1.jpg
  small_export export.csv
  snapshot shop before strict
  run convert -q --images photos -o shop export.csv
  expect_exit 2
  expect_one_line "shop/images is in the way: pos2ecom did not write it"
  unchanged shop before strict
  done_case
fi

if want merchant-file-named-like-output; then
  mkdir shop; small_export export.csv
  echo "my own notes" > shop/exceptions.csv
  snapshot shop before strict
  run convert -q -o shop export.csv
  expect_exit 2
  expect_one_line "shop/exceptions.csv is in the way"
  unchanged shop before strict
  # a file this run does not write (no report.xlsx with --no-xlsx) is no obstacle
  rm shop/exceptions.csv; echo "mine" > shop/report.xlsx
  run convert -q --no-xlsx -o shop export.csv
  expect_exit 0
  [ "$(cat shop/report.xlsx)" = mine ] || problem "shop/report.xlsx was touched"
  expect_no_tmp shop
  done_case
fi

if want rerun-replaces-own-outputs; then
  small_export export.csv
  run convert -q --images "$samples/images" -o out export.csv
  expect_exit 0
  expect_file out/.pos2ecom-manifest
  grep -q '^f [0-9]* [0-9]*\.[0-9]\{9\} ecom-import.csv$' out/.pos2ecom-manifest \
    || problem "manifest lacks ecom-import.csv: $(head -c 300 out/.pos2ecom-manifest)"
  other_export export.csv
  run convert -q --images "$samples/images" -o out export.csv
  expect_exit 0
  grep -q '^bowl,' out/ecom-import.csv 2>/dev/null || grep -q 'BWL-1' out/ecom-import.csv || problem "second run's import not in place"
  # an output this run leaves (report.xlsx with --no-xlsx) stays, and stays ours
  run convert -q --no-xlsx -o out export.csv
  expect_exit 0
  expect_file out/report.xlsx
  run convert -q -o out export.csv
  expect_exit 0
  expect_no_tmp out
  done_case
fi

if want edited-output-kept; then
  small_export export.csv
  run convert -q -o out export.csv
  expect_exit 0
  echo "CUP-1,my compare-to price,19.99" >> out/manual-fields.csv
  snapshot out before strict
  run convert -q -o out export.csv
  expect_exit 2
  expect_one_line "out/manual-fields.csv was changed after pos2ecom wrote it"
  unchanged out before strict
  done_case
fi

if want merchant-photo-in-staged-images; then
  small_export export.csv
  mkdir photos; cp "$samples/images/RL-BTL-32.jpg" photos/CUP-1.jpg
  run convert -q --images photos -o out export.csv
  expect_exit 0
  expect_file out/images/cup-1.jpg
  cp "$samples/images/backpacking-stove.jpg" out/images/my-own-photo.jpg
  snapshot out before strict
  run convert -q --images photos -o out export.csv
  expect_exit 2
  expect_one_line "out/images/my-own-photo.jpg is in the way"
  unchanged out before strict
  done_case
fi

if want output-is-a-link; then
  # a link standing where an output goes is not ours: neither followed nor replaced
  mkdir out; small_export export.csv; echo precious > target.txt
  ln -s ../target.txt out/ecom-import.csv
  run convert -q -o out export.csv
  expect_exit 2
  expect_err "out/ecom-import.csv is in the way"
  [ "$(cat target.txt)" = precious ] || problem "the link's target was written"
  [ -L out/ecom-import.csv ] || problem "the link was replaced"
  done_case
fi

# ---- point 5: no temporary file is opened through a planted link -----------

if want planted-temporary-links; then
  # earlier versions wrote out/.NAME.<pid>.tmp: plant links at every name the
  # next pids could take, and at this version's staging names. (Other
  # processes may take those pids first, so this case cannot prove the old
  # hole on every machine: test_csvwrite's test_planted_link_not_followed
  # does, with the writer's own pid.)
  mkdir out; small_export export.csv; cp export.csv export.keep
  next=$(sh -c 'echo $$')
  for p in $(seq $((next + 1)) $((next + 80))); do
    for f in ecom-import.csv exceptions.csv summary.json; do ln -s ../export.csv "out/.$f.$p.tmp"; done
  done
  ln -s .. "out/.pos2ecom-stage.$((next + 2)).abcdef"
  run convert -q -o out export.csv
  expect_exit 0
  cmp -s export.csv export.keep || problem "the export was written through a planted link"
  [ -L "out/.pos2ecom-stage.$((next + 2)).abcdef" ] || problem "a link named like a staging folder was touched"
  done_case
fi

# ---- points 6 and 8: interrupted runs, and two runs at once ------------------

for sig in INT TERM; do
  if want "interrupted-by-$sig"; then
    small_export small.csv
    run convert -q -o out small.csv
    snapshot out before
    big_export big.csv
    "$bin" convert -q -o out big.csv >run.out 2>run.err &
    pid=$!
    if ! wait_stage out; then
      problem "no staging folder appeared"
    fi
    kill -s "$sig" "$pid"
    wait "$pid"; code=$?
    want_code=$([ "$sig" = INT ] && echo 130 || echo 143)
    if [ "$code" = 0 ]; then
      problem "the run finished before the signal: make big_export bigger"
    else
      expect_exit "$want_code"
      expect_one_line "interrupted; nothing was changed in out"
      unchanged out before
      expect_no_tmp out
    fi
    done_case
  fi
done

if want killed-run-debris-removed; then
  small_export small.csv
  run convert -q -o out small.csv
  outputs_of out > before.list
  big_export big.csv
  "$bin" convert -q -o out big.csv >/dev/null 2>&1 &
  pid=$!
  wait_stage out || problem "no staging folder appeared"
  kill -KILL "$pid"; wait "$pid" 2>/dev/null
  compgen -G "out/.pos2ecom-stage.*" >/dev/null || problem "expected the killed run's staging folder"
  outputs_of out | cmp -s - before.list || problem "the outputs changed"
  run convert -q -o out small.csv
  expect_exit 0
  expect_no_tmp out
  done_case
fi

if want two-runs-one-folder; then
  big_export big.csv; small_export small.csv
  "$bin" convert -q -o out big.csv >first.out 2>first.err &
  pid=$!
  wait_stage out || problem "no staging folder appeared"
  run convert -q -o out small.csv
  expect_exit 2
  expect_one_line "another pos2ecom run is writing into out"
  wait "$pid"; first=$?
  [ "$first" = 0 ] || problem "the first run failed ($first): $(head -c 300 first.err)"
  grep -q 'SKU-150000' out/ecom-import.csv || problem "the first run's import is not whole"
  expect_no_tmp out
  done_case
fi

# ---- point 7: the commit, killed at every step -------------------------------

if want commit-killed-at-every-step; then
  if [ ! -x "$fault" ] || ! strings "$fault" | grep -q P2E_FAULT_KILL_AT; then
    skip_case "no test build with the fault hook ($fault): make build/san/pos2ecom"
  else
    mkdir photos; cp "$samples/images/RL-BTL-32.jpg" photos/CUP-1.jpg
    cp "$samples/images/backpacking-stove.jpg" photos/MUG-1.jpg
    small_export a.csv; other_export b.csv
    args=(-q --images photos)
    "$fault" convert "${args[@]}" -o want-b b.csv >/dev/null 2>&1 || problem "reference run failed"
    "$fault" convert "${args[@]}" -o pristine a.csv >/dev/null 2>&1 || problem "first run failed"
    outputs_of pristine > a.list; outputs_of want-b > b.list
    steps=0
    for k in $(seq 1 60); do
      rm -rf out; cp -a pristine out
      (P2E_FAULT_KILL_AT=$k "$fault" convert "${args[@]}" -o out b.csv >/dev/null 2>k.err; exit $?) 2>/dev/null
      code=$?
      [ "$code" = 0 ] && break
      steps=$k
      [ "$code" = 137 ] || { problem "step $k: exit $code, not killed: $(head -c 200 k.err)"; break; }
      if [ -e out/.pos2ecom-commit ]; then
        state=b   # past the commit point: the next run completes it
      elif outputs_of out | cmp -s - a.list; then
        state=a   # before it: the old result, whole
      elif outputs_of out | cmp -s - b.list; then
        state=b   # after the journal was removed: the new result, whole
      else
        problem "step $k: no journal, and the folder holds neither whole result"; break
      fi
      # the next run into the folder (here one that fails on a missing
      # input) first completes or discards what the killed run left
      "$fault" convert -q -o out no-such-file.csv >/dev/null 2>&1
      outputs_of out | cmp -s - $state.list || { problem "step $k: after recovery the folder is neither whole result (expected $state)"; break; }
      left=$(find out -name '.pos2ecom-stage.*' -o -name '.pos2ecom-commit' | head -3)
      [ -z "$left" ] || { problem "step $k: debris after recovery: $left"; break; }
    done
    [ "$steps" -ge 5 ] || problem "only $steps steps were killed: is the hook reached?"
    echo "  (killed at each of $steps steps of the commit)"
    done_case
  fi
fi

cases_summary safety-outputs
