#!/usr/bin/env python3
"""Make the photo fixtures of fixtures/images-convert/photos (and, with
--phone N DIR, a folder of N phone-like photos for make bench).

Pixels are drawn here (a PPM gradient, python3 only); the encoders are
libvips's CLI `vips` (Debian libvips-tools) and `heif-enc` (Debian
libheif-examples: HEIC, and AVIF with -A). EXIF blocks (orientation, GPS, serial, owner) are built
here byte by byte, as TIFF structures, and put after the JPEG's SOI: no
decoder is written, only metadata. Run it again to remake the fixtures;
the tests read what is committed.

Usage: tests/tools/make-photos.py DIR
       tests/tools/make-photos.py --phone N DIR
       tests/tools/make-photos.py --demo samples/images-phone
"""
import os
import struct
import subprocess
import sys
import tempfile


QUAD = ((200, 40, 40), (40, 160, 60), (40, 60, 200), (230, 200, 40))


def quadrant(x, y, w, h):
    """The colour index of a 2 x 2 chequer of flat colours (the top left one
    red: an orientation shows)."""
    return (2 if y >= h // 2 else 0) + (1 if x >= w // 2 else 0)


def ppm(path, w, h, seed=0, flat=False):
    """A smooth colour gradient, or four flat quadrants (tiny once
    compressed, even as PNG), w x h."""
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            if flat:
                row += bytes(QUAD[quadrant(x, y, w, h)])
                continue
            row += bytes(((x * 255 // max(w - 1, 1) + seed) & 255,
                          (y * 255 // max(h - 1, 1) + 2 * seed) & 255,
                          ((x + y) * 127 // max(w + h - 2, 1) + 3 * seed) & 255))
        rows.append(bytes(row))
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h))
        f.write(b"".join(rows))


def run(*args):
    subprocess.run(args, check=True)


def ifd(entries, next_ifd=0, base=0):
    """A little-endian TIFF IFD at offset base: entries (tag, type, count,
    value bytes); values over 4 bytes go after the IFD. Returns bytes."""
    entries = sorted(entries)
    out = struct.pack("<H", len(entries))
    data_at = base + 2 + 12 * len(entries) + 4
    extra = b""
    for tag, typ, count, val in entries:
        if len(val) <= 4:
            out += struct.pack("<HHI", tag, typ, count) + val.ljust(4, b"\0")
        else:
            out += struct.pack("<HHII", tag, typ, count, data_at + len(extra))
            extra += val + (b"\0" if len(val) % 2 else b"")
    return out + struct.pack("<I", next_ifd) + extra


def ascii_(s):
    b = s.encode() + b"\0"
    return (2, len(b), b)


def rational(*pairs):
    return (5, len(pairs), b"".join(struct.pack("<II", a, b) for a, b in pairs))


def exif_app1(orientation=None, gps=False, personal=False):
    """APP1 'Exif' segment: IFD0 (Make, Orientation, Artist, pointers),
    the EXIF IFD (serial, owner) and the GPS IFD as asked."""
    ifd0 = [(0x010F, *ascii_("PhoneMaker"))]
    if orientation:
        ifd0.append((0x0112, 3, 1, struct.pack("<H", orientation)))
    if personal:
        ifd0.append((0x013B, *ascii_("Jane Owner")))
    # sizes first, with placeholder pointers, then the real offsets
    exif_entries = [(0xA431, *ascii_("SN123456789"))] if personal else []
    if personal:
        exif_entries.append((0xA430, *ascii_("Jane Owner")))
    gps_entries = [
        (0x0000, 1, 4, bytes((2, 3, 0, 0))),
        (0x0001, *ascii_("N")), (0x0002, *rational((48, 1), (51, 1), (2400, 100))),
        (0x0003, *ascii_("E")), (0x0004, *rational((2, 1), (21, 1), (700, 100))),
    ] if gps else []
    n0 = len(ifd0) + (1 if exif_entries else 0) + (1 if gps_entries else 0)
    probe = ifd(ifd0 + [(0x8769, 4, 1, b"\0" * 4)] * (1 if exif_entries else 0)
                + [(0x8825, 4, 1, b"\0" * 4)] * (1 if gps_entries else 0), base=8)
    assert probe[:2] == struct.pack("<H", n0)
    at = 8 + len(probe)
    ptrs = []
    exif_at = gps_at = 0
    if exif_entries:
        exif_at = at
        at += len(ifd(exif_entries, base=exif_at))
        ptrs.append((0x8769, 4, 1, struct.pack("<I", exif_at)))
    if gps_entries:
        gps_at = at
        ptrs.append((0x8825, 4, 1, struct.pack("<I", gps_at)))
    tiff = b"II*\0" + struct.pack("<I", 8) + ifd(ifd0 + ptrs, base=8)
    if exif_entries:
        tiff += ifd(exif_entries, base=exif_at)
    if gps_entries:
        tiff += ifd(gps_entries, base=gps_at)
    body = b"Exif\0\0" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def with_exif(src_jpeg, dst, **kw):
    data = open(src_jpeg, "rb").read()
    assert data[:2] == b"\xff\xd8"
    open(dst, "wb").write(data[:2] + exif_app1(**kw) + data[2:])


def bmp(path, w, h):
    """An 8-bit RLE-compressed BMP of the four quadrants (a header, a
    palette, then runs of (count, index) per row, bottom row first)."""
    px = bytearray()
    for y in range(h - 1, -1, -1):
        x = 0
        while x < w:
            c = quadrant(x, y, w, h)
            n = 1
            while x + n < w and n < 255 and quadrant(x + n, y, w, h) == c:
                n += 1
            px += bytes((n, c))
            x += n
        px += b"\0\0"                      # end of line
    px += b"\0\1"                          # end of bitmap
    pal = b"".join(bytes((b, g, r, 0)) for r, g, b in QUAD)
    off = 14 + 40 + len(pal)
    head = struct.pack("<2sIHHI", b"BM", off + len(px), 0, 0, off)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 8, 1, len(px), 2835, 2835, 4, 4)
    open(path, "wb").write(head + info + pal + px)


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        base = os.path.join(t, "base.ppm")
        ppm(base, 320, 240)
        flat = os.path.join(t, "flat.ppm")
        ppm(flat, 320, 240, flat=True)
        j = lambda name, q=75: os.path.join(out, name) + "[Q=%d,strip]" % q
        run("vips", "copy", base, j("plain.jpg"))                      # untouched
        run("vips", "copy", base, os.path.join(t, "up.jpg") + "[Q=75,strip]")
        with_exif(os.path.join(t, "up.jpg"), os.path.join(out, "rotated.jpg"), orientation=6)
        with_exif(os.path.join(t, "up.jpg"), os.path.join(out, "located.jpg"), gps=True,
                  personal=True)
        with_exif(os.path.join(t, "up.jpg"), os.path.join(out, "camera.jpg"))  # Make only
        run("vips", "icc_export", flat, os.path.join(t, "cmyk.v"), "--output-profile", "cmyk")
        run("vips", "copy", os.path.join(t, "cmyk.v"), j("print.jpg"))
        run("vips", "copy", base, os.path.join(out, "scan.tif") + "[compression=deflate,strip]")
        bmp(os.path.join(out, "paint.bmp"), 240, 200)
        run("vips", "copy", base, os.path.join(t, "h.png"))
        run("heif-enc", "-q", "40", "-o", os.path.join(out, "phone.heic"), os.path.join(t, "h.png"))
        run("heif-enc", "-A", "-q", "40", "-o", os.path.join(out, "studio.avif"), os.path.join(t, "h.png"))
        # alpha: a PNG (taken as it is) and a TIFF (converted to PNG)
        run("vips", "bandjoin_const", flat, os.path.join(out, "logo.png") + "[compression=9,strip]", "128")
        run("vips", "bandjoin_const", flat, os.path.join(out, "badge.tif") + "[compression=deflate,strip]", "128")
        big = os.path.join(t, "big.ppm")
        ppm(big, 2100, 400, flat=True)
        run("vips", "copy", big, j("wide.jpg", 50))                   # over 2048 px
        # a truncated JPEG whose header is valid: the first half, then EOI
        data = open(os.path.join(t, "up.jpg"), "rb").read()
        open(os.path.join(out, "cut.jpg"), "wb").write(data[: len(data) // 2] + b"\xff\xd9")


def phone(n, out):
    """n phone-like photos: 12 MP JPEGs with orientation 6 and GPS, and
    every tenth one a HEIC, for make bench."""
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        base = os.path.join(t, "base.ppm")
        ppm(base, 4032, 3024)
        jpg = os.path.join(t, "p.jpg")
        run("vips", "copy", base, jpg + "[Q=90,strip]")
        heic = os.path.join(t, "p.heic")
        run("heif-enc", "-q", "50", "-o", heic, jpg)
        for i in range(n):
            if i % 10 == 9:
                with open(heic, "rb") as s, open(os.path.join(out, "PHONE-%d.heic" % i), "wb") as d:
                    d.write(s.read())
                continue
            # a different comment per photo: different bytes, not duplicates
            data = open(jpg, "rb").read()
            com = b"photo %d" % i
            seg = b"\xff\xfe" + struct.pack(">H", len(com) + 2) + com
            path = os.path.join(out, "PHONE-%d.jpg" % i)
            with open(path, "wb") as d:
                d.write(data[:2] + exif_app1(orientation=6, gps=True) + seg + data[2:])


def demo(out):
    """samples/images-phone: one iPhone-style HEIC for the demo (make run)."""
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        base = os.path.join(t, "base.ppm")
        ppm(base, 640, 480, seed=40)
        run("vips", "copy", base, os.path.join(t, "h.png"))
        run("heif-enc", "-q", "30", "-o", os.path.join(out, "camp-hammock.heic"), os.path.join(t, "h.png"))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--demo":
        demo(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "--phone":
        phone(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 2:
        fixtures(sys.argv[1])
    else:
        sys.exit(__doc__)
