#!/bin/sh
# The demo behind `make run`: convert the bundled store in samples/ into out/.
# usage: scripts/demo.sh path/to/pos2ecom
set -eu
bin=$1
store=samples/store/product-export.csv

# out/ is the demo's own folder. One left by a pos2ecom from before the
# manifest (.pos2ecom-manifest) would be refused as "not written by
# pos2ecom": the demo starts such a folder afresh.
if [ -d out ] && [ ! -e out/.pos2ecom-manifest ]; then rm -rf out; fi

echo "== pos2ecom outlets $store"
"$bin" outlets "$store"
echo
echo "== pos2ecom convert (no outlet chosen: it stops and says how to choose)"
"$bin" convert -o out "$store" || echo "(exit $?, as expected: nothing written)"
echo
echo "== pos2ecom convert --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \\"
echo "     --images samples/images --images samples/images-phone \\"
echo "     --image-base-url https://cdn.example.com/ridgeline -o out $store"
"$bin" convert --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
  --images samples/images --images samples/images-phone \
  --image-base-url https://cdn.example.com/ridgeline -o out "$store"
echo
echo "An iPhone's HEIC photo, converted for the store (images.csv and the report):"
grep -h 'camp-hammock' out/images.csv
grep -h 'IMAGE_CONVERTED' out/exceptions.csv
echo
echo "Output files in out/:"
ls -l out
echo
echo "The catalog as a page (open it in a browser): file://$(pwd)/out/report.html"

echo
echo "== week 2: pos2ecom sync against the store's eCom export (samples/sync/)"
"$bin" sync --outlet 'Main Outlet' --outlet 'Warehouse - North (MAIN)' \
  --ecom samples/sync/ecom-export.csv --previous "$store" \
  -o out/sync samples/sync/product-export-week2.csv
echo
echo "drift.csv (the store's values the POS will overwrite, and what sync does):"
cat out/sync/drift.csv
echo
echo "ecom-delete.csv (delete these in eCom by hand):"
cat out/sync/ecom-delete.csv
echo
echo "The catalog as a page, with the differences: file://$(pwd)/out/sync/report.html"
echo "and the convert's: file://$(pwd)/out/report.html"
