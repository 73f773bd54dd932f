#!/bin/bash
# tests/html.sh BIN - report.html in a real browser: headless Chromium loads
# the page from a file:// URL with the network off (its own network
# namespace where it can have one, a dead proxy and resolver besides) and
# dumps its DOM; tests/tools/html_check.py checks that DOM against the run's
# other files (todo.csv, ecom-import.csv, summary.json, drift.csv, ...).
# Cases: the demo convert and the demo sync (screenshots kept in
# build/artefacts/), the public exports (../shared/fixtures-public), an
# export of hostile values (each must be text in the DOM, nothing runs), the
# page with scripting off, a catalog past the cards (lines), the same
# bytes run to run, --no-html (no thumbnails either).
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$top/tests/cases-lib.sh"
check=$top/tests/tools/html_check.py
art=$top/build/artefacts
mkdir -p "$art"
chrome=$(command -v chromium || command -v chromium-browser || true)
py=/usr/bin/python3
outlets=(--outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)')
images=(--images "$samples/images" --images "$samples/images-phone" --image-base-url https://cdn.example.com/ridgeline)

netns=()
if unshare -n true 2>/dev/null; then netns=(unshare -n); fi
# browse MODE FILE OUT [flags]: --dump-dom or --screenshot of file://FILE
browse() {
  local mode=$1 file=$2 out=$3; shift 3
  local flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile"
    --proxy-server=http://127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND'
    --disable-background-networking --disable-component-update "$@")
  if [ "$mode" = dom ]; then
    timeout 300 "${netns[@]}" "$chrome" "${flags[@]}" --dump-dom "file://$file" > "$out" 2> chromium.err
  else
    timeout 300 "${netns[@]}" "$chrome" "${flags[@]}" --window-size=1000,1400 --hide-scrollbars \
      --screenshot="$out" "file://$file" > /dev/null 2> chromium.err
  fi
  [ -s "$out" ] || problem "chromium gave no $mode of $file: $(tail -c 300 chromium.err)"
}
# dom_check DIR [args]: dump DIR/report.html's DOM and check it
dom_check() {
  local dir=$1; shift
  expect_file "$dir/report.html"
  [ -f "$dir/report.html" ] || return
  browse dom "$dir/report.html" dom.html
  [ -s dom.html ] || return
  "$py" "$check" dom.html "$dir" "$@" > check.out 2>&1 || problem "$(head -c 1500 check.out)"
}

if [ -z "$chrome" ]; then
  want browser && skip_case "chromium is missing (make check-deps installs it)"
  cases_summary html; exit
fi

if want demo-convert; then
  run convert -q "${outlets[@]}" "${images[@]}" -o "$tmp/demo-convert/out" "$samples/store/product-export.csv"
  expect_exit 0
  dom_check "$tmp/demo-convert/out"
  grep -q 'class="card"' dom.html || problem "no card in the demo's page"
  # its thumbnails (images/thumbs/), read back by PIL: format, size, no metadata
  "$py" "$top/tests/tools/thumbs_check.py" "$tmp/demo-convert/out" > thumbs.out 2>&1 ||
    problem "$(head -c 1500 thumbs.out)"
  browse shot "$tmp/demo-convert/out/report.html" "$art/report-demo.png"
  done_case
fi

if want demo-sync; then
  run sync -q "${outlets[@]}" --ecom "$samples/sync/ecom-export.csv" \
    --previous "$samples/store/product-export.csv" -o "$tmp/demo-sync/out" "$samples/sync/product-export-week2.csv"
  expect_exit 0
  dom_check "$tmp/demo-sync/out" --sync
  grep -q '<mark>' dom.html || problem "no difference highlighted"
  browse shot "$tmp/demo-sync/out/report.html" "$art/report-demo-sync.png"
  done_case
fi

if want scripting-off; then
  # headless Chromium's --dump-dom and --screenshot need scripting: with it
  # off a browser shows the file as it is (no script changes it), so the
  # file itself is checked, as the DOM is
  run convert -q "${outlets[@]}" "${images[@]}" -o "$tmp/scripting-off/out" "$samples/store/product-export.csv"
  "$py" "$check" "$tmp/scripting-off/out/report.html" "$tmp/scripting-off/out" --no-script > check.out 2>&1 ||
    problem "$(head -c 1500 check.out)"
  grep -q '<div id="filters" hidden' out/report.html || problem "the filters show without the script that runs them"
  done_case
fi

pub=$top/../shared/fixtures-public/xseries
for f in "$pub"/*.csv; do
  name=public-$(basename "$f" .csv)
  want "$name" || continue
  if [ ! -f "$f" ]; then skip_case "no public exports in ../shared/fixtures-public"; continue; fi
  run convert -q --all-outlets -o out "$f"
  expect_exit 0
  dom_check "$PWD/out"
  done_case
done

if want hostile; then
  # values planted in every field the page shows; each must come back as text
  cat > values.txt <<'V'
<script>alert(1)</script>
x"onerror=alert(2) y
javascript:alert(3)
</textarea><b>t</b>
</style><script>alert(4)</script>
' onmouseover='alert(5)
V
  {
    echo 'handle,sku,name,retail_price,inventory_Main_Outlet,description,brand_name,product_category,supplier_name'
    echo '"javascript:alert(3)","x""onerror=alert(2) y","<script>alert(1)</script>",5,3,"<img src=x onerror=alert(6)><script>alert(7)</script></textarea>","</textarea><b>t</b>","</style><script>alert(4)</script>","'"'"' onmouseover='"'"'alert(5)"'
    printf 'cup,CUP-1,Cup \xff\xfe broken,4,2,,,,\n'
  } > export.csv
  mkdir photos && cp "$samples/images/RL-BTL-32.jpg" 'photos/x"onerror=alert(2) y.jpg'
  run convert -q --all-outlets --images photos -o out export.csv
  expect_exit 0
  dom_check "$PWD/out" --hostile values.txt
  # the description: in the frame's srcdoc, as text of the attribute
  grep -qF 'srcdoc=' dom.html || problem "no description frame"
  grep -q 'sandbox=""' dom.html || problem "the description frame is not sandboxed"
  done_case
fi

if want big; then
  # past the first cards, products without an error or a warning are lines
  # of a closed list: still one per product, with its SKU as id
  gen=$top/build/bench/gen
  if [ ! -x "$gen" ]; then skip_case "build/bench/gen is missing (make build/bench/gen)"; else
    "$gen" --variants 3000 --outlets 2 --seed 3 > export.csv 2> /dev/null
    run convert -q --all-outlets -o out export.csv
    expect_exit 0
    dom_check "$PWD/out"
    grep -q '<details id="more"' dom.html || problem "no compact list on a catalog of $(grep -c . export.csv) rows"
    n=$(grep -o '<article class="card"' dom.html | wc -l)
    [ "$n" -le 150 ] || problem "$n cards: more than the 150 the page allows"
    # a to-do line's link filters the page (the script runs at the first
    # filter): the most frequent code, and one only lines have
    for code in $(sed -n 2p out/todo.csv | cut -d, -f2) UNTRACKED_INVENTORY; do
      browse dom "$PWD/out/report.html#code=$code" filtered.html
      "$py" "$top/tests/tools/html_filter_check.py" filtered.html "$code" > filter.out 2>&1 ||
        problem "#code=$code: $(head -c 800 filter.out)"
    done
    done_case
  fi
fi

if want same-bytes; then
  for i in 1 2; do
    run convert -q "${outlets[@]}" "${images[@]}" -o "$tmp/same-bytes/$i" "$samples/store/product-export.csv"
    run sync -q "${outlets[@]}" --ecom "$samples/sync/ecom-export.csv" \
      --previous "$samples/store/product-export.csv" -o "$tmp/same-bytes/s$i" "$samples/sync/product-export-week2.csv"
  done
  cmp -s 1/report.html 2/report.html || problem "convert: report.html differs run to run"
  cmp -s s1/report.html s2/report.html || problem "sync: report.html differs run to run"
  done_case
fi

if want no-html; then
  small_export export.csv
  run convert -q --all-outlets --no-html "${images[@]}" -o out export.csv
  expect_exit 0
  expect_absent out/report.html out/images/thumbs
  expect_file out/report.xlsx
  done_case
fi

cases_summary html
