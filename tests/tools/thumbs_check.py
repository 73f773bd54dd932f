#!/usr/bin/python3
"""tests/tools/thumbs_check.py OUTDIR [--no-page]

Checks report.html's thumbnails in OUTDIR (issue 17, point 7) with a reader
that is not pos2ecom's: PIL when installed, else libvips's CLI `vipsheader`,
else /usr/bin/file (format and size only).

  - every staged photo OUTDIR/images/NAME.EXT has OUTDIR/images/thumbs/NAME.jpg,
    and thumbs/ holds nothing else;
  - each thumbnail is a baseline JPEG, 8-bit RGB (3 bands), without EXIF,
    XMP or an ICC profile, and its size is the staged photo's scaled to 240
    px on the long side, never enlarged: the long side min(long, 240), the
    short side within one pixel of short * min(1, 240 / long);
  - unless --no-page: every <img src> of report.html is images/thumbs/X.jpg,
    an existing file, inside an <a href="images/X.EXT"> to the staged photo
    (an existing file, same name).
Prints one line per problem and the number of thumbnails checked; exit 1
on any problem.
"""
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

THUMB = 240

try:
    from PIL import Image
except ImportError:  # the fallbacks below
    Image = None


def read(path):
    """(format, width, height, bands, info) of an image file."""
    if Image is not None:
        with Image.open(path) as im:
            return (im.format, im.size[0], im.size[1], len(im.getbands()), dict(im.info))
    if shutil.which("vipsheader"):
        out = subprocess.run(["vipsheader", "-a", path], capture_output=True, text=True).stdout
        f = dict(l.split(": ", 1) for l in out.splitlines() if ": " in l)
        fmt = f.get("vips-loader", "").replace("load", "").upper()
        info = {k: 1 for k in f if k.startswith("exif-") or k in ("icc-profile-data", "xmp-data")}
        return (fmt, int(f["width"]), int(f["height"]), int(f["bands"]), info)
    out = subprocess.run(["/usr/bin/file", "-b", path], capture_output=True, text=True).stdout

    m = re.search(r"(\d+)x(\d+)", out.split("precision")[-1])
    fmt = "JPEG" if out.startswith("JPEG") else out.split()[0]
    return (fmt, int(m.group(1)), int(m.group(2)), 3 if "components 3" in out else 0, {})


class Imgs(HTMLParser):
    """Each <img src> with the href of the <a> around it (or None)."""

    def __init__(self):
        super().__init__()
        self.href = None
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.href = a.get("href")
        elif tag == "img":
            self.found.append((a.get("src", ""), self.href))

    def handle_endtag(self, tag):
        if tag == "a":
            self.href = None


def main():
    out = sys.argv[1]
    page = "--no-page" not in sys.argv[2:]
    problems = []
    images = os.path.join(out, "images")
    thumbs = os.path.join(images, "thumbs")
    staged = sorted(n for n in os.listdir(images) if os.path.isfile(os.path.join(images, n)))
    want = {os.path.splitext(n)[0] + ".jpg": n for n in staged}
    have = sorted(os.listdir(thumbs)) if os.path.isdir(thumbs) else []
    for n in sorted(set(have) - set(want)):
        problems.append("thumbs/%s: no staged photo of that name" % n)
    for t, s in sorted(want.items()):
        tp = os.path.join(thumbs, t)
        if not os.path.isfile(tp):
            problems.append("%s: no thumbnail thumbs/%s" % (s, t))
            continue
        _, sw, sh, _, _ = read(os.path.join(images, s))
        fmt, w, h, bands, info = read(tp)
        if fmt != "JPEG" or bands != 3:
            problems.append("thumbs/%s: %s with %d bands, not an RGB JPEG" % (t, fmt, bands))
        long_, short = max(sw, sh), min(sw, sh)
        scale = min(1.0, THUMB / long_)
        got_long, got_short = max(w, h), min(w, h)
        if got_long != min(long_, THUMB) or abs(got_short - short * scale) >= 1 or (w >= h) != (sw >= sh):
            problems.append("thumbs/%s: %dx%d from a staged %dx%d (expected long side %d, short %.1f)"
                            % (t, w, h, sw, sh, min(long_, THUMB), short * scale))
        kept = [k for k in info if k in ("exif", "icc_profile", "xmp", "progressive", "progression")
                or k.startswith("exif-") or k in ("icc-profile-data", "xmp-data")]
        if kept:
            problems.append("thumbs/%s keeps %s" % (t, kept))
        data = open(tp, "rb").read()
        if b"Exif\0\0" in data or b"http://ns.adobe.com/xap" in data or b"ICC_PROFILE" in data:
            problems.append("thumbs/%s carries metadata bytes" % t)
    if page:
        p = Imgs()
        p.feed(open(os.path.join(out, "report.html"), encoding="utf-8").read())
        for src, href in p.found:
            path = urllib.parse.unquote(src)
            if not path.startswith("images/thumbs/") or not os.path.isfile(os.path.join(out, path)):
                problems.append("<img src=%r>: not an existing file under images/thumbs/" % src)
                continue
            big = urllib.parse.unquote(href or "")
            stem = os.path.splitext(os.path.basename(path))[0]
            if (not big.startswith("images/") or big.startswith("images/thumbs/")
                    or not os.path.isfile(os.path.join(out, big))
                    or os.path.splitext(os.path.basename(big))[0] != stem):
                problems.append("<img src=%r> links to %r, not its staged photo" % (src, href))
        if not p.found and staged:
            problems.append("report.html shows no photo")
    for pr in problems:
        print(pr)
    print("%d thumbnails checked, %d <img> in report.html" % (len(want), len(p.found) if page else 0))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
