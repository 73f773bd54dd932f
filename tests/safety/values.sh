#!/bin/bash
# Values that cost more than they should (issue 19, points 9 and 13), made
# here in a temporary folder:
# - sums of counts that overflowed: a 13-digit EAN typed into a stock column
#   made `pos2ecom outlets` print a negative total, and composite quantities
#   wrote a wrapped product_quantity into the import;
# - inputs that cost more than their size: a category path of 20,000 levels
#   (1.6 GB of memory and of import) and one family of 60,000 rows each with a
#   new option name (out of memory at 4 GB).
# Each big case runs in a subshell with a memory limit (ulimit -v, default
# 1 GiB) and a time limit, and checks the exit code, the finding in
# exceptions.csv, and that the outputs grow linearly: the same input at half
# the size must give outputs at least about half as big.
#
# usage: tests/safety/values.sh [path/to/pos2ecom]   (default build/pos2ecom)
#   VALUES_MEM_KB=n    the memory limit (default 1048576)
#   VALUES_TIMEOUT=s   per run (default 60)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "safety-values: $bin not built (make build/pos2ecom)"; exit 1; }
. "$top/tests/cases-lib.sh"
limit=${VALUES_TIMEOUT:-60}
mem=${VALUES_MEM_KB:-1048576}

# run_capped ARGS...: like run, under the memory limit
run_capped() {
  ( ulimit -v "$mem" && exec timeout "$limit" "$bin" "$@" ) >run.out 2>run.err
  code=$?
  [ "$code" = 124 ] && problem "did not finish within $limit s: pos2ecom $*"
  [ "$code" -ge 128 ] && [ "$code" != 124 ] && problem "killed by signal $((code - 128)): pos2ecom $*"
}
# count_code FILE CODE: how many findings of CODE in an exceptions.csv
count_code() { grep -c "^[a-z]*,$2," "$1" 2>/dev/null || true; }
bytes() { du -sb "$1" 2>/dev/null | cut -f1; }
# linear SMALL_OUT SMALL_IN BIG_OUT BIG_IN: output bytes per input byte must
# not grow with the input (20% slack), and stay under 40 per input byte
linear() {
  local so si bo bi
  so=$(bytes "$1"); si=$(bytes "$2"); bo=$(bytes "$3"); bi=$(bytes "$4")
  [ "$((bo * si * 10))" -le "$((so * bi * 12))" ] \
    || problem "outputs not linear: $so bytes for $si of input, $bo for $bi"
  [ "$bo" -le "$((bi * 40))" ] || problem "outputs $bo bytes for $bi of input"
}
ean=4006381333931

# ---- sums of counts --------------------------------------------------------

if want outlets-ean-total; then
  # three rows, each with the EAN in the stock column: the total was
  # -6427600071916.551616; now the three counts are left out and said
  { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\n'
    for i in 1 2 3; do printf 'p%s,P-%s,P,1.00,%s\n' "$i" "$i" "$ean"; done
    printf 'q,Q-1,Q,1.00,2.5\n'; } > export.csv
  run_capped outlets export.csv
  expect_exit 0
  printf 'Main Outlet\tMain_Outlet\t1\t2.5\t0\n' > want
  tail -n +2 run.out | cmp -s - want || problem "outlets printed: $(tail -n +2 run.out)"
  grep -q -- '-[0-9]' run.out && problem "a negative number in: $(cat run.out)"
  expect_err "outlet 'Main Outlet': 3 stock counts beyond 2147483647"
  expect_err "the first: export.csv line 2, inventory_Main_Outlet"
  done_case
fi

if want outlets-total-past-decimals; then
  # 4300 rows at the store's limit: 4294 x 2147483647 = 9221294780218 fits
  # the scaled decimals (9223372036853), the 4295th (line 4296) would not
  { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\n'
    for i in $(seq 1 4300); do printf 'p%s,P-%s,P,1.00,2147483647\n' "$i" "$i"; done; } > export.csv
  run_capped outlets export.csv
  expect_exit 0
  printf 'Main Outlet\tMain_Outlet\t4294\t9221294780218\t0\n' > want
  tail -n +2 run.out | cmp -s - want || problem "outlets printed: $(tail -n +2 run.out)"
  expect_err "6 stock counts beyond 2147483647"
  expect_err "the first: export.csv line 4296"
  done_case
fi

if want convert-ean-stock; then
  { printf 'handle,sku,name,retail_price,inventory_Main_Outlet\n'
    for i in 1 2 3; do printf 'p%s,P-%s,P,1.00,%s\n' "$i" "$i" "$ean"; done
    printf 'q,Q-1,Q,1.00,2\n'; } > export.csv
  run_capped convert -q -o out export.csv
  expect_exit 0
  n=$(count_code out/exceptions.csv STOCK_OUT_OF_RANGE)
  [ "$n" = 3 ] || problem "$n STOCK_OUT_OF_RANGE findings, expected 3"
  grep -q '^error,STOCK_OUT_OF_RANGE,export.csv,2,p1,P-1,P,inventory_Main_Outlet,4006381333931,' \
    out/exceptions.csv 2>/dev/null || problem "no finding for line 2: $(head -3 out/exceptions.csv)"
  printf 'type,product_sku,product_name,product_is_available,product_price,product_is_inventory_tracked,product_quantity\nproduct,Q-1,Q,true,1.00,true,2\n' > want
  cmp -s out/ecom-import.csv want || problem "ecom-import.csv: $(cat out/ecom-import.csv 2>/dev/null)"
  grep -q '"identity_holds": true' out/summary.json || problem "accounting does not hold"
  grep -q '"STOCK_OUT_OF_RANGE": 3' out/summary.json || problem "summary lacks 3 rows not written"
  done_case
fi

if want composite-family-sum; then
  # two composite variations of 0.000001 of a component: each got
  # 9223372036853000000 and the product's sum wrapped to -3551616
  printf '%s\n' 'handle,sku,composite_sku,composite_quantity,name,retail_price,variant_option_one_name,variant_option_one_value,inventory_Main' \
    'big,BIG-1,,,Big,1.00,,,9223372036853' 'screw,SCREW-1,,,Screw,1.00,,,3000' \
    'pack,PACK-A,,,Pack,2.00,Size,A,' ',PACK-A,SCREW-1,0.001,,,,,' \
    'pack,PACK-B,,,Pack,2.00,Size,B,' ',PACK-B,SCREW-1,0.002,,,,,' > export.csv
  run_capped convert -q -o out export.csv
  expect_exit 0
  # 3000 / 0.001 = 3,000,000 and 3000 / 0.002 = 1,500,000: the sum 4,500,000
  grep -q '^product,pack,Pack,true,2.00,true,4500000,' out/ecom-import.csv 2>/dev/null \
    || problem "pack: $(grep '^product,pack' out/ecom-import.csv 2>/dev/null)"
  grep -q ',-[0-9]' out/ecom-import.csv 2>/dev/null && problem "a negative quantity: $(grep ',-[0-9]' out/ecom-import.csv 2>/dev/null)"
  [ "$(count_code out/exceptions.csv STOCK_OUT_OF_RANGE)" = 1 ] || problem "BIG-1 not reported"
  grep -q '"identity_holds": true' out/summary.json || problem "accounting does not hold"
  done_case
fi

# ---- inputs that cost more than their size ---------------------------------

deep_export() { # deep_export LEVELS FILE: one product with a path of LEVELS levels
  { printf 'handle,sku,name,retail_price,product_category,inventory_Main\nd,D-1,Deep,1.00,"'
    seq -f 'L%05g' 0 $(($1 - 1)) | paste -sd'|' | sed 's,|, / ,g' | tr -d '\n'
    printf '",1\nok,OK-1,Fine,1.00,A / B,1\n'; } > "$2"
}

if want category-20000-levels; then
  deep_export 10000 half.csv
  deep_export 20000 export.csv
  run_capped convert -q -o half half.csv
  run_capped convert -q -o out export.csv
  expect_exit 0
  [ "$(count_code out/exceptions.csv CATEGORY_TOO_DEEP)" = 1 ] \
    || problem "no CATEGORY_TOO_DEEP: $(cut -c1-200 out/exceptions.csv 2>/dev/null)"
  grep -q '20000 levels; at most 32 are written' out/exceptions.csv 2>/dev/null || problem "the finding does not say the depth"
  grep -q '^product,D-1,Deep,true,1.00,true,1,,,$' out/ecom-import.csv \
    || problem "D-1 not written without its category: $(grep D-1 out/ecom-import.csv 2>/dev/null | cut -c1-200)"
  [ "$(grep -c '^category,' out/ecom-import.csv 2>/dev/null)" = 2 ] || problem "category rows are not A and A / B"
  linear half half.csv out export.csv
  done_case
fi

many_options() { # many_options ROWS FILE: one family, each row a new option name
  { printf 'handle,sku,name,retail_price,variant_option_one_name,variant_option_one_value,inventory_Main\n'
    seq 0 $(($1 - 1)) | sed 's/.*/fam,SKU-&,Fam,1.00,Opt&,v&,1/'; } > "$2"
}

if want option-names-60000-rows; then
  many_options 30000 half.csv
  many_options 60000 export.csv
  run_capped convert -q -o half half.csv
  run_capped convert -q -o out export.csv
  expect_exit 0
  # Opt0 (line 2), Opt1, Opt2, then Opt3 (line 5) is the fourth: said once
  n=$(count_code out/exceptions.csv TOO_MANY_OPTIONS)
  [ "$n" = 1 ] || problem "$n TOO_MANY_OPTIONS findings, expected 1"
  grep -q '^warning,TOO_MANY_OPTIONS,export.csv,5,fam,SKU-3,[^,]*,variant_option_one_name,Opt3,' \
    out/exceptions.csv 2>/dev/null || problem "TOO_MANY_OPTIONS not at line 5"
  [ "$(count_code out/exceptions.csv OPTION_NAMES_DIFFER)" = 59999 ] || problem "OPTION_NAMES_DIFFER not once per later row"
  [ "$(grep -c '^product_variation,' out/ecom-import.csv 2>/dev/null)" = 60000 ] || problem "not every variation written"
  linear half half.csv out export.csv
  done_case
fi

cases_summary safety-values
