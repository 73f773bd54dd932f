#!/bin/sh
# Print a workbook as LibreOffice does, for a person to look at: the PDF
# (LibreOffice headless, each sheet with its own print settings) and its
# first pages as PNG images (pdftoppm, poppler-utils).
# usage: scripts/xlsx-pages.sh BOOK.xlsx OUTDIR [PAGES]
#   writes OUTDIR/<book>.pdf and OUTDIR/page-N.png for the first PAGES
#   pages (default 8). Needs soffice (libreoffice-calc-nogui) and pdftoppm:
#   scripts/install-deps.sh render installs both.
set -eu
book=$1
out=$2
pages=${3:-8}
command -v soffice >/dev/null 2>&1 || { echo "xlsx-pages: soffice is absent (scripts/install-deps.sh render)" >&2; exit 3; }
command -v pdftoppm >/dev/null 2>&1 || { echo "xlsx-pages: pdftoppm is absent (scripts/install-deps.sh render)" >&2; exit 3; }
mkdir -p "$out"
# a profile of its own: no clash with a LibreOffice already running, or
# with another render at the same time
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" \
  "$book" >"$out/soffice.log" 2>&1
pdf=$out/$(basename "$book" .xlsx).pdf
[ -s "$pdf" ] || { echo "xlsx-pages: LibreOffice made no PDF of $book:" >&2; cat "$out/soffice.log" >&2; exit 1; }
rm -f "$out"/page-*.png
pdftoppm -png -r 80 -f 1 -l "$pages" "$pdf" "$out/page"
