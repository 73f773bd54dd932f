#!/bin/bash
# Regenerate the fixtures a real spreadsheet program wrote (issue 13):
# LibreOffice headless opens a small CSV export (tests/data/lo/source.csv,
# made by hand; never a public export) and saves it as
#   lo.xlsx            an Excel workbook
#   lo-utf16.txt       "Unicode text": UTF-16LE with a BOM, tab-separated
#   lo-semicolon.csv   a ';' CSV as a German locale saves it (decimal commas)
#   lo-comma.csv       a ',' CSV saved in the same locale: decimal commas in
#                      quoted numbers ("12,5")
# in a German locale (de-DE), reading the source as en-US (its decimal point).
# tests/workbooks.sh checks that each converts to the source's ecom-import.csv.
# soffice runs with a private profile in a temporary folder, so it needs no
# HOME and works as root in CI.
#
# usage: tests/tools/make-lo-fixtures.sh [SOURCE.csv [OUTDIR [PREFIX]]]
#   (default tests/data/lo/source.csv, tests/data/lo, lo)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$(realpath "${1:-$top/tests/data/lo/source.csv}")
out=$(realpath "${2:-$top/tests/data/lo}")
prefix=${3:-lo}
command -v soffice >/dev/null || { echo "make-lo-fixtures: soffice is not installed (Debian: libreoffice-calc-nogui)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the profile's locale: how numbers are shown when saved as text
mkdir -p "$work/profile/user"
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>de-DE</value></prop></item>
</oor:items>
XCU
cp "$src" "$work/source.csv"
# CSV import options: ',' (44), '"' (34), UTF-8 (76), from line 1, no column
# formats, language en-US (1033): the source's decimal point
lo() { # FORMAT OUTNAME
  mkdir -p "$work/out"
  HOME=$work soffice -env:UserInstallation="file://$work/profile" --headless \
    --infilter=CSV:44,34,76,1,,1033 --convert-to "$1" --outdir "$work/out" "$work/source.csv" >"$work/log" 2>&1 \
    || { cat "$work/log" >&2; exit 1; }
  local made
  made=$(ls "$work/out")
  [ -n "$made" ] || { echo "make-lo-fixtures: soffice wrote nothing for $1" >&2; cat "$work/log" >&2; exit 1; }
  mv "$work/out/$made" "$out/$2"
  rm -rf "$work/out"
}
mkdir -p "$out"
lo xlsx "$prefix.xlsx"
# text filter options: tab (9), '"' (34), Unicode (65535: UTF-16LE with a BOM), from line 1
lo 'txt:Text - txt - csv (StarCalc):9,34,65535,1' "$prefix-utf16.txt"
# ';' (59), '"' (34), UTF-8 (76): numbers as the de-DE locale shows them
lo 'csv:Text - txt - csv (StarCalc):59,34,76,1' "$prefix-semicolon.csv"
# ',' (44), '"' (34), UTF-8 (76): the same numbers, quoted where they hold a comma
lo 'csv:Text - txt - csv (StarCalc):44,34,76,1' "$prefix-comma.csv"
echo "make-lo-fixtures: wrote $out/$prefix.xlsx, $prefix-utf16.txt, $prefix-semicolon.csv, $prefix-comma.csv"
