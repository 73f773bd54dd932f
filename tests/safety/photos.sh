#!/bin/bash
# Photos the store takes (issue 17): what is staged from
# fixtures/images-convert/photos (made by tests/tools/make-photos.py), read
# back independently: the format and pixel size by `vipsheader` (libvips's
# CLI, not pos2ecom's code), EXIF and bytes by python3. A merchant's home
# must not be published with a product photo: no GPS tag, serial number or
# owner is left in a staged photo unless --keep-metadata is given.
#
# usage: tests/safety/photos.sh [path/to/pos2ecom]   (default build/pos2ecom)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/pos2ecom}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "safety-photos: $bin not built (make build/pos2ecom)"; exit 1; }
. "$top/tests/cases-lib.sh"

fx=$top/fixtures/images-convert
src=$fx/photos
command -v vipsheader >/dev/null || { echo "safety-photos: vipsheader missing (scripts/install-deps.sh check)"; exit 1; }

# header FILE: "WIDTHxHEIGHT BANDS INTERPRETATION LOADER" from vipsheader
header() {
  vipsheader -a "$1" 2>/dev/null | awk -F': ' '
    $1=="width"{w=$2} $1=="height"{h=$2} $1=="bands"{b=$2} $1=="interpretation"{i=$2}
    $1=="vips-loader"{l=$2} END{print w "x" h, b, i, l}'
}
# tags FILE: the metadata fields that place or name someone, one a line
tags() { vipsheader -a "$1" 2>/dev/null | grep -E '^(exif-ifd3-|exif-ifd2-(BodySerialNumber|CameraOwnerName)|exif-ifd0-Artist|orientation: [2-8])' ; }
expect_header() { # expect_header FILE "WxH BANDS INTERP LOADER"
  local got; got=$(header "$1")
  [ "$got" = "$2" ] || problem "$(basename "$1"): got '$got', expected '$2'"
}
convert_photos() { # convert_photos [OPTIONS...]: into ./out
  cp "$fx/export.csv" . && cp -r "$src" photos
  run convert -q -o out --images photos --image-base-url https://cdn.example.com/s "$@" export.csv
  expect_exit 0
}

if want staged-formats-and-sizes; then
  convert_photos
  i=out/images
  expect_header $i/rotated-1.jpg "240x320 3 srgb jpegload"   # orientation 6 applied
  expect_header $i/print-1.jpg "320x240 3 srgb jpegload"     # CMYK -> sRGB
  expect_header $i/scan-1.jpg "320x240 3 srgb jpegload"      # TIFF -> JPEG
  expect_header $i/paint-1.jpg "240x200 3 srgb jpegload"     # BMP -> JPEG
  expect_header $i/phone-1.jpg "320x240 3 srgb jpegload"     # HEIC -> JPEG
  expect_header $i/studio-1.jpg "320x240 3 srgb jpegload"    # AVIF -> JPEG
  expect_header $i/badge-1.png "320x240 4 srgb pngload"      # TIFF with alpha -> PNG
  expect_header $i/wide-1.jpg "2048x390 3 srgb jpegload"     # 2100x400 to 2048 px
  [ -e $i/cut-1.jpg ] && problem "the undecodable cut.jpg was staged"
  for f in $i/*; do [ -z "$(tags "$f")" ] || problem "$(basename "$f") keeps: $(tags "$f" | head -2)"; done
  grep -q '^info,IMAGE_METADATA_REMOVED,images/,,,,,,1,' out/exceptions.csv ||
    problem "no IMAGE_METADATA_REMOVED with count 1: $(grep METADATA out/exceptions.csv)"
  done_case
fi

if want untouched-keep-their-bytes; then
  convert_photos
  for p in plain:jpg camera:jpg logo:png; do
    cmp -s "$src/${p%:*}.${p#*:}" "out/images/${p%:*}-1.${p#*:}" || problem "${p%:*} was changed"
  done
  # located.jpg is plain.jpg with an EXIF segment inserted: cleaned, it is plain.jpg again
  cmp -s "$src/plain.jpg" out/images/located-1.jpg || problem "located.jpg: pixels re-encoded or EXIF left"
  done_case
fi

if want keep-metadata; then
  convert_photos --keep-metadata
  tags out/images/located-1.jpg | grep -q '^exif-ifd3-GPSLatitude' || problem "--keep-metadata lost the GPS"
  cmp -s "$src/located.jpg" out/images/located-1.jpg || problem "--keep-metadata changed located.jpg"
  tags out/images/rotated-1.jpg | grep -q orientation && problem "rotated-1.jpg still has an orientation"
  grep -q IMAGE_METADATA_REMOVED out/exceptions.csv && problem "IMAGE_METADATA_REMOVED with --keep-metadata"
  done_case
fi

if want max-image-px; then
  convert_photos --max-image-px 100
  expect_header out/images/plain-1.jpg "100x75 3 srgb jpegload"
  expect_header out/images/rotated-1.jpg "75x100 3 srgb jpegload"
  expect_header out/images/badge-1.png "100x75 4 srgb pngload"
  run convert -q -o out2 --max-image-px 0 export.csv; expect_exit 1
  run convert -q -o out2 --max-image-px 12x export.csv; expect_exit 1
  done_case
fi

if want same-bytes-one-core-or-two; then
  convert_photos
  mv out one
  P2E_SERIAL=1 run convert -q -o serial --images photos --image-base-url https://cdn.example.com/s export.csv
  expect_exit 0
  diff -r one/images serial/images >/dev/null || problem "P2E_SERIAL=1 staged other bytes"
  run convert -q -o again --images photos --image-base-url https://cdn.example.com/s export.csv
  diff -r one/images again/images >/dev/null || problem "a second run staged other bytes"
  done_case
fi

if want bracket-names-are-not-options; then
  # libvips reads "name[options]" as options; pos2ecom never hands it a name
  cp "$fx/export.csv" . && mkdir -p photos/plain photos/rotated
  cp "$src/plain.jpg" 'photos/plain/front.jpg[page=9]'
  cp "$src/rotated.jpg" 'photos/rotated/side.jpg[shrink=2]'
  run convert -q -o out --images photos --image-base-url https://cdn.example.com/s export.csv
  expect_exit 0
  grep -q IMAGE_CORRUPT out/exceptions.csv && problem "a bracket in a name made a photo corrupt"
  cmp -s "$src/plain.jpg" out/images/plain-1.jpg || problem "front.jpg[page=9] was not copied as it is"
  expect_header out/images/rotated-1.jpg "240x320 3 srgb jpegload"
  done_case
fi

cases_summary safety-photos
