#!/bin/bash
# tests/thumbs.sh BIN [FAULT_BIN] - report.html's thumbnails (issue 17,
# point 7): with --images and report.html, each staged photo gets
# images/thumbs/NAME.jpg, read back by tests/tools/thumbs_check.py (PIL, or
# vipsheader, or file: not pos2ecom's code) for format, pixel size and
# metadata, and the page's <img> point at them, linked to the staged photo.
# Also: sizes and a flattened pixel worked out by hand; a variant's own
# photo; none with --no-html; the same bytes run to run and on one core; a
# thumbnail no longer needed removed on the next run, only when pos2ecom
# wrote it; a run killed in its commit leaves the earlier thumbnails whole.
# FAULT_BIN: a test build with the commit's kill hook (build/san/pos2ecom).
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fault=${2:+$(cd "$(dirname "$2")" && pwd)/$(basename "$2")}
. "$top/tests/cases-lib.sh"
py=/usr/bin/python3
check=$top/tests/tools/thumbs_check.py
fx=$top/fixtures

# convert_fx FIXTURE OUT [OPTIONS...]: the fixture's export and photos
convert_fx() {
  local f=$1 out=$2; shift 2
  run convert -q -o "$out" --images "$fx/$f/photos" --image-base-url https://cdn.example.com/s "$@" \
    "$fx/$f/export.csv"
  expect_exit 0
}
thumbs_ok() { # thumbs_ok OUT [--no-page]
  "$py" "$check" "$@" > check.out 2>&1 || problem "$(head -c 1500 check.out)"
}
size_of() { "$py" -c 'import sys; from PIL import Image; i = Image.open(sys.argv[1]); print("%dx%d %s %s" % (i.size + (i.format, i.mode)))' "$1" 2>/dev/null; }
expect_size() { # expect_size FILE "WxH FORMAT MODE" (by PIL)
  local got; got=$(size_of "$1")
  [ "$got" = "$2" ] || problem "$(basename "$1"): got '$got', expected '$2'"
}
have_pil() { "$py" -c 'import PIL' 2>/dev/null; }

if want converted-photos; then
  # fixtures/images-convert: HEIC, AVIF, TIFF (with alpha), BMP, CMYK,
  # orientation 6, GPS, a PNG with alpha, a wide JPEG over 2048 px
  convert_fx images-convert out
  thumbs_ok out
  n=$(find out/images -maxdepth 1 -type f | wc -l)
  [ "$(find out/images/thumbs -type f | wc -l)" = "$n" ] || problem "not one thumbnail per staged photo ($n)"
  if have_pil; then
    # by hand: 320x240 -> 240x180; the rotated 240x320 -> 180x240; the BMP
    # 240x200 stays (never enlarged); wide.jpg staged 2048x390 -> 240 x
    # 390*240/2048 = 45.7 (libvips's shrink gives 45); every one RGB JPEG
    t=out/images/thumbs
    expect_size $t/phone-1.jpg "240x180 JPEG RGB"
    expect_size $t/rotated-1.jpg "180x240 JPEG RGB"
    expect_size $t/paint-1.jpg "240x200 JPEG RGB"
    expect_size $t/badge-1.jpg "240x180 JPEG RGB"
    case $(size_of $t/wide-1.jpg) in "240x45 JPEG RGB" | "240x46 JPEG RGB") ;;
      *) problem "wide-1.jpg: $(size_of $t/wide-1.jpg), expected 240x45 or 240x46" ;; esac
    # logo.png: flat quadrants at alpha 128, top left (200,40,40): on white
    # 200*128/255 + 255*127/255 = 227.4, 40*128/255 + 255*127/255 = 147.1
    px=$("$py" -c 'import sys; from PIL import Image; print(*Image.open(sys.argv[1]).getpixel((4, 4)))' $t/logo-1.jpg)
    "$py" -c 'import sys; g = list(map(int, sys.argv[1].split())); sys.exit(0 if all(abs(a - b) <= 6 for a, b in zip(g, (227, 147, 147))) else 1)' "$px" ||
      problem "logo-1.jpg top left is ($px), expected about (227 147 147): flattened on white"
  fi
  done_case
fi

if want variant-and-small-photos; then
  # fixtures/images-basic: photos of 200-240 px (never enlarged: 200x200
  # and 210x200 stay), a GIF and a WebP, and a grey JPEG of 200x300 (TEE-M,
  # a variant's own photo): 200*240/300 = 160, so 160x240, in RGB
  convert_fx images-basic out
  thumbs_ok out
  if have_pil; then
    expect_size out/images/thumbs/tee-2.jpg "160x240 JPEG RGB"
    expect_size out/images/thumbs/mug-1.jpg "200x200 JPEG RGB"
    expect_size out/images/thumbs/mug-5.jpg "210x200 JPEG RGB"
    expect_size out/images/thumbs/mug-3.jpg "200x220 JPEG RGB"
  fi
  grep -q '<a href="images/tee-2.jpg"><img loading="lazy" src="images/thumbs/tee-2.jpg" alt="variation photo">' out/report.html ||
    problem "TEE-M's own photo is not shown by its thumbnail: $(grep -o '<a href="images/tee[^>]*><img[^>]*>' out/report.html | head -3)"
  done_case
fi

if want no-html; then
  convert_fx images-convert out --no-html
  expect_absent out/report.html out/images/thumbs
  expect_file out/images/phone-1.jpg
  done_case
fi

if want same-bytes; then
  convert_fx images-convert one
  convert_fx images-convert two
  P2E_SERIAL=1 convert_fx images-convert serial
  diff -r one/images/thumbs two/images/thumbs > /dev/null || problem "thumbnails differ run to run"
  diff -r one/images/thumbs serial/images/thumbs > /dev/null || problem "thumbnails differ on one core"
  [ "$(find one/images/thumbs -type f | wc -l)" -ge 10 ] || problem "too few thumbnails compared"
  done_case
fi

if want stale-removed; then
  # a second run with fewer photos into the same folder: the dropped
  # photo's thumbnail goes (it is an output of the first run, unchanged)
  cp -r "$fx/images-convert/photos" photos
  run convert -q -o out --images photos "$fx/images-convert/export.csv"
  expect_exit 0
  expect_file out/images/thumbs/phone-1.jpg
  cp out/images/thumbs/plain-1.jpg plain-before.jpg
  rm photos/phone.heic
  run convert -q -o out --images photos "$fx/images-convert/export.csv"
  expect_exit 0
  expect_absent out/images/thumbs/phone-1.jpg out/images/phone-1.jpg
  cmp -s plain-before.jpg out/images/thumbs/plain-1.jpg || problem "plain-1.jpg's thumbnail changed"
  thumbs_ok out
  grep -q 'images/thumbs/phone-1.jpg' out/.pos2ecom-manifest && problem "the manifest still lists the removed thumbnail"
  grep -q 'images/thumbs/plain-1.jpg' out/.pos2ecom-manifest || problem "the manifest does not list the thumbnails"
  expect_no_tmp out
  done_case
fi

if want foreign-file-in-thumbs; then
  # a file pos2ecom did not write in images/thumbs/: not replaced, not
  # removed; the run is refused and the folder stays as it was
  cp -r "$fx/images-convert/photos" photos
  run convert -q -o out --images photos "$fx/images-convert/export.csv"
  expect_exit 0
  echo mine > out/images/thumbs/mine.jpg
  rm photos/phone.heic
  snapshot out before
  run convert -q -o out --images photos "$fx/images-convert/export.csv"
  expect_exit 2
  expect_err "images/thumbs/mine.jpg"
  unchanged out before
  done_case
fi

if want killed-in-commit; then
  # the second run (one photo fewer) killed at each step of its commit:
  # the thumbnails are the first run's, whole, or the second's once the
  # next run has completed the commit; never a mixture
  if [ -z "$fault" ] || [ ! -x "$fault" ] || ! strings "$fault" | grep -q P2E_FAULT_KILL_AT; then
    skip_case "no test build with the fault hook (make build/san/pos2ecom)"
  else
    cp -r "$fx/images-convert/photos" photos
    "$fault" convert -q -o first --images photos "$fx/images-convert/export.csv" >/dev/null 2>&1 || problem "first run failed"
    rm photos/phone.heic
    cp -a first second
    "$fault" convert -q -o second --images photos "$fx/images-convert/export.csv" >/dev/null 2>&1 || problem "second run failed"
    (cd first/images/thumbs && md5sum *) > a.sums; (cd second/images/thumbs && md5sum *) > b.sums
    cmp -s a.sums b.sums && problem "the two runs' thumbnails do not differ"
    for k in $(seq 1 80); do
      rm -rf out; cp -a first out
      (P2E_FAULT_KILL_AT=$k "$fault" convert -q -o out --images photos "$fx/images-convert/export.csv" >/dev/null 2>&1; exit $?) 2>/dev/null
      code=$?
      [ "$code" = 0 ] && break
      [ "$code" = 137 ] || { problem "step $k: exit $code, not killed"; break; }
      "$fault" convert -q -o out no-such-file.csv >/dev/null 2>&1 # completes or discards
      now=$(cd out/images/thumbs && md5sum *)
      [ "$now" = "$(cat a.sums)" ] || [ "$now" = "$(cat b.sums)" ] ||
        { problem "step $k: the thumbnails are neither run's, whole"; break; }
      left=$(find out -name '.pos2ecom-stage.*' -o -name '.pos2ecom-commit' -o -name '*.tmp' | head -3)
      [ -z "$left" ] || { problem "step $k: debris: $left"; break; }
    done
    [ "$k" -ge 5 ] || problem "only $k steps: is the hook reached?"
    echo "  (killed at each of $((k - 1)) steps of the commit)"
    done_case
  fi
fi

cases_summary thumbs
