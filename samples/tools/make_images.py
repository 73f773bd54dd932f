#!/usr/bin/env python3
"""Regenerate the demo store's image folder (samples/images/).

Pure Python standard library: PNG through zlib, JPEG through the small baseline
encoder below (8x8 float DCT, 4:4:4, IJG quality scaling, the standard Huffman
tables of ITU-T T.81 Annex K). No ImageMagick or PIL is needed, and the same
Python gives the same bytes on every run.

    python3 samples/tools/make_images.py            # (re)write samples/images/
    python3 samples/tools/make_images.py --check    # compare, exit 1 on any difference
    python3 samples/tools/make_images.py --out DIR  # write elsewhere

The list IMAGES below is the manifest; samples/README.md describes what each file
is meant to match in samples/store/product-export.csv.
"""

import hashlib
import math
import os
import struct
import sys
import zlib

# ---------------------------------------------------------------------------
# Manifest: (relative path, kind, width, height, label, role)
#   kind: "jpeg", "png", "png-as-jpg" (PNG bytes under a .jpg name),
#         "truncated-jpeg" (first bytes of a JPEG only: corrupt)
# ---------------------------------------------------------------------------
IMAGES = [
    # named by handle: <handle>.jpg, <handle>_2.png, <handle>-3.jpg, <handle> (2).png
    ("ridgeline-enamel-mug.jpg", "jpeg", 400, 300, "ridgeline-enamel-mug", "handle, main image"),
    ("ridgeline-enamel-mug_2.png", "png", 300, 300, "ridgeline-enamel-mug _2", "handle, gallery (_2)"),
    ("ridgeline-enamel-mug-3.jpg", "jpeg", 240, 180, "ridgeline-enamel-mug -3", "handle, gallery (-3)"),
    ("trail-headlamp-300.jpg", "jpeg", 320, 240, "trail-headlamp-300", "handle, main image"),
    ("trail-headlamp-300 (2).png", "png", 200, 200, "trail-headlamp-300 (2)", "handle, gallery ( (2))"),
    ("rain-shell-jacket.jpg", "jpeg", 300, 400, "rain-shell-jacket", "handle, main image"),
    ("rain-shell-jacket_2.jpg", "jpeg", 300, 400, "rain-shell-jacket _2", "handle, gallery (_2)"),
    ("house-blend-coffee.jpg", "jpeg", 256, 256, "house-blend-coffee", "handle (variant family)"),
    ("ethiopia-yirgacheffe.png", "png", 256, 256, "ethiopia-yirgacheffe", "handle (variant family)"),
    ("merino-hiking-socks.jpg", "jpeg", 320, 240, "merino-hiking-socks", "handle (variant family)"),
    ("backpacking-stove.jpg", "jpeg", 160, 120, "backpacking-stove", "handle, small (short side 120)"),
    ("baseplate-compass.png", "png", 64, 64, "compass", "handle, tiny 64x64"),
    ("wide-mouth-bottle.jpg", "jpeg", 200, 300, "wide-mouth-bottle", "handle (variant family)"),
    ("pour-over-starter-kit.jpg", "jpeg", 400, 300, "pour-over-starter-kit", "handle (composite)"),
    ("coffee-club-tee.png", "png", 240, 240, "coffee-club-tee", "handle (variant family)"),
    ("squeeze-water-filter.jpg", "png-as-jpg", 200, 150, "squeeze-water-filter", "handle; PNG data with a .jpg name"),
    ("camp-chair.jpg", "truncated-jpeg", 300, 225, "camp-chair", "handle; corrupt (cut off after 120 bytes)"),
    # a folder named after a handle, holding two images
    ("ridgeline-logo-tee/front.jpg", "jpeg", 300, 300, "ridgeline-logo-tee front", "folder = handle"),
    ("ridgeline-logo-tee/back.png", "png", 300, 300, "ridgeline-logo-tee back", "folder = handle"),
    # named by variant SKU
    ("RL-TEE-CHR-L.jpg", "jpeg", 240, 240, "RL-TEE-CHR-L", "variant SKU (ridgeline-logo-tee L / Charcoal)"),
    ("RL-BTL-32.jpg", "jpeg", 200, 300, "RL-BTL-32", "variant SKU (wide-mouth-bottle 32 oz)"),
    ("RL-DPK-24-RST.jpg", "jpeg", 300, 240, "RL-DPK-24-RST", "variant SKU (ridgeline-day-pack 24L / Rust)"),
    # named by a standard product's SKU (12-digit UPC with a leading zero)
    ("085412003177.jpg", "jpeg", 240, 240, "085412003177", "standard SKU with leading zero (ceramic-pour-over-dripper)"),
    # matches no handle and no SKU
    ("summer-sale-banner.jpg", "jpeg", 320, 120, "summer-sale-banner", "orphan"),
]

TRUNCATE_AT = 120  # bytes kept of the corrupt JPEG: ends inside the quantisation tables


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------
FONT = {
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("####.", "....#", "....#", ".###.", "....#", "....#", "####."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    "-": (".....", ".....", ".....", "#####", ".....", ".....", "....."),
    "_": (".....", ".....", ".....", ".....", ".....", ".....", "#####"),
    ".": (".....", ".....", ".....", ".....", ".....", ".##..", ".##.."),
    "(": ("...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#."),
    ")": (".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#..."),
    "/": (".....", "....#", "...#.", "..#..", ".#...", "#....", "....."),
    " ": (".....", ".....", ".....", ".....", ".....", ".....", "....."),
}


class Canvas:
    def __init__(self, w, h, rgb=(255, 255, 255)):
        self.w, self.h = w, h
        self.px = bytearray(bytes(rgb) * (w * h))

    def set(self, x, y, rgb):
        if 0 <= x < self.w and 0 <= y < self.h:
            i = (y * self.w + x) * 3
            self.px[i:i + 3] = bytes(rgb)

    def vgradient(self, top, bottom):
        for y in range(self.h):
            t = y / max(1, self.h - 1)
            c = bytes(int(top[k] + (bottom[k] - top[k]) * t + 0.5) for k in range(3))
            row = c * self.w
            self.px[y * self.w * 3:(y + 1) * self.w * 3] = row

    def rect(self, x0, y0, x1, y1, rgb):
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(self.w, x1), min(self.h, y1)
        if x1 <= x0:
            return
        row = bytes(rgb) * (x1 - x0)
        for y in range(y0, y1):
            i = (y * self.w + x0) * 3
            self.px[i:i + len(row)] = row

    def circle(self, cx, cy, r, rgb):
        for y in range(max(0, cy - r), min(self.h, cy + r + 1)):
            dy = y - cy
            dx = int(math.sqrt(max(0, r * r - dy * dy)))
            self.rect(cx - dx, y, cx + dx + 1, y + 1, rgb)

    def mountains(self, base, peaks, rgb):
        """Fill below a polyline through (x, y) peaks down to the bottom edge."""
        pts = [(0, base)] + peaks + [(self.w - 1, base)]
        for x in range(self.w):
            for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
                if xa <= x <= xb:
                    t = (x - xa) / max(1, xb - xa)
                    ytop = int(ya + (yb - ya) * t)
                    self.rect(x, ytop, x + 1, self.h, rgb)
                    break

    def text(self, x, y, s, rgb, scale=1):
        for ch in s.upper():
            glyph = FONT.get(ch, FONT[" "])
            for gy, line in enumerate(glyph):
                for gx, bit in enumerate(line):
                    if bit == "#":
                        self.rect(x + gx * scale, y + gy * scale,
                                  x + (gx + 1) * scale, y + (gy + 1) * scale, rgb)
            x += 6 * scale


def wrap(label, per_line):
    """Split a label into lines of at most per_line characters, preferring '-' and ' '."""
    lines, cur = [], ""
    for word in label.replace("-", "- ").split(" "):
        if not word:
            continue
        cand = word if not cur else (cur + ("" if cur.endswith("-") else " ") + word)
        if len(cand) <= per_line:
            cur = cand
        else:
            if cur:
                lines.append(cur)
            while len(word) > per_line:
                lines.append(word[:per_line])
                word = word[per_line:]
            cur = word
    if cur:
        lines.append(cur)
    return lines


def palette(name):
    h = hashlib.sha256(name.encode("utf-8")).digest()
    sky_top = (60 + h[0] % 120, 90 + h[1] % 120, 150 + h[2] % 100)
    sky_bot = (200 + h[3] % 55, 180 + h[4] % 70, 140 + h[5] % 100)
    far = (40 + h[6] % 80, 70 + h[7] % 80, 60 + h[8] % 80)
    near = (20 + h[9] % 50, 40 + h[10] % 50, 30 + h[11] % 50)
    sun = (240, 190 + h[12] % 60, 80 + h[13] % 100)
    return h, sky_top, sky_bot, far, near, sun


def draw(w, h, label):
    hsh, sky_top, sky_bot, far, near, sun = palette(label)
    c = Canvas(w, h)
    c.vgradient(sky_top, sky_bot)
    c.circle(w * (20 + hsh[14] % 60) // 100, h * (15 + hsh[15] % 20) // 100,
             max(4, min(w, h) // 8), sun)
    c.mountains(h * 3 // 4, [(w * 1 // 5, h * (35 + hsh[16] % 15) // 100),
                             (w * 2 // 5, h * 3 // 5),
                             (w * 3 // 5, h * (25 + hsh[17] % 15) // 100),
                             (w * 4 // 5, h * 11 // 20)], far)
    c.mountains(h * 17 // 20, [(w // 4, h * 2 // 3), (w // 2, h * 4 // 5),
                               (w * 3 // 4, h * 13 // 20)], near)
    # label band at the bottom
    scale = 2 if w >= 200 else 1
    per_line = max(1, (w - 8) // (6 * scale))
    lines = wrap(label, per_line)
    band = len(lines) * 9 * scale + 6
    c.rect(0, h - band, w, h, (250, 248, 240))
    for i, line in enumerate(lines):
        c.text(4, h - band + 4 + i * 9 * scale, line, (30, 30, 30), scale)
    return c


# ---------------------------------------------------------------------------
# PNG
# ---------------------------------------------------------------------------
def png_bytes(c):
    def chunk(tag, data):
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    stride = c.w * 3
    raw = b"".join(b"\x00" + bytes(c.px[y * stride:(y + 1) * stride]) for y in range(c.h))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", c.w, c.h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------
# JPEG (baseline, sequential, Huffman, 3 components 4:4:4)
# ---------------------------------------------------------------------------
ZIGZAG = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]
STD_LUMA_Q = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
STD_CHROMA_Q = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
] + [99] * 32
# (class/id, BITS, HUFFVAL) of ITU-T T.81 Annex K.3
HUFF = {
    "dc_l": (0x00, "00010501010101010100000000000000", "000102030405060708090a0b"),
    "ac_l": (0x10, "0002010303020403050504040000017d",
             "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282"
             "090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
             "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6"
             "a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6"
             "e7e8e9eaf1f2f3f4f5f6f7f8f9fa"),
    "dc_c": (0x01, "00030101010101010101010000000000", "000102030405060708090a0b"),
    "ac_c": (0x11, "00020102040403040705040400010277",
             "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a"
             "162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a"
             "636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4"
             "a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5"
             "e6e7e8e9eaf2f3f4f5f6f7f8f9fa"),
}
COS = [[math.cos((2 * x + 1) * u * math.pi / 16) * (math.sqrt(0.5) if u == 0 else 1.0) / 2
        for x in range(8)] for u in range(8)]


def scaled_q(table, quality):
    s = 5000 // quality if quality < 50 else 200 - quality * 2
    return [min(255, max(1, (v * s + 50) // 100)) for v in table]


def huff_codes(bits_hex, vals_hex):
    bits, vals = bytes.fromhex(bits_hex), bytes.fromhex(vals_hex)
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.n += length
        while self.n >= 8:
            self.n -= 8
            b = (self.acc >> self.n) & 0xFF
            self.out.append(b)
            if b == 0xFF:
                self.out.append(0x00)
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)


def fdct(block):
    tmp = [[sum(COS[v][y] * block[y * 8 + x] for y in range(8)) for x in range(8)] for v in range(8)]
    return [sum(COS[u][x] * tmp[v][x] for x in range(8)) for v in range(8) for u in range(8)]


def category(v):
    v = abs(v)
    n = 0
    while v:
        n += 1
        v >>= 1
    return n


def encode_block(bw, coeffs, q, prev_dc, dc_codes, ac_codes):
    zz = [int(math.floor(coeffs[ZIGZAG[i]] / q[ZIGZAG[i]] + 0.5)) for i in range(64)]
    diff = zz[0] - prev_dc
    s = category(diff)
    bw.put(*dc_codes[s])
    if s:
        bw.put(diff if diff > 0 else diff + (1 << s) - 1, s)
    run = 0
    for i in range(1, 64):
        v = zz[i]
        if v == 0:
            run += 1
            continue
        while run > 15:
            bw.put(*ac_codes[0xF0])
            run -= 16
        s = category(v)
        bw.put(*ac_codes[(run << 4) | s])
        bw.put(v if v > 0 else v + (1 << s) - 1, s)
        run = 0
    if run:
        bw.put(*ac_codes[0x00])
    return zz[0]


def jpeg_bytes(c, quality=70):
    ql, qc = scaled_q(STD_LUMA_Q, quality), scaled_q(STD_CHROMA_Q, quality)
    codes = {k: huff_codes(b, v) for k, (_, b, v) in HUFF.items()}
    w, h = c.w, c.h
    ycc = ([], [], [])
    for y in range(h):
        for x in range(w):
            i = (y * w + x) * 3
            r, g, b = c.px[i], c.px[i + 1], c.px[i + 2]
            ycc[0].append(0.299 * r + 0.587 * g + 0.114 * b - 128)
            ycc[1].append(-0.168736 * r - 0.331264 * g + 0.5 * b)
            ycc[2].append(0.5 * r - 0.418688 * g - 0.081312 * b)
    bw = BitWriter()
    prev = [0, 0, 0]
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            for comp in range(3):
                plane = ycc[comp]
                block = [plane[min(h - 1, by + yy) * w + min(w - 1, bx + xx)]
                         for yy in range(8) for xx in range(8)]
                if comp == 0:
                    prev[0] = encode_block(bw, fdct(block), ql, prev[0], codes["dc_l"], codes["ac_l"])
                else:
                    prev[comp] = encode_block(bw, fdct(block), qc, prev[comp], codes["dc_c"], codes["ac_c"])
    bw.flush()

    def seg(marker, data):
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    out = bytearray(b"\xff\xd8")
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xDB, b"\x00" + bytes(ql[z] for z in ZIGZAG) + b"\x01" + bytes(qc[z] for z in ZIGZAG))
    out += seg(0xC0, struct.pack(">BHHB", 8, h, w, 3) + b"\x01\x11\x00" + b"\x02\x11\x01" + b"\x03\x11\x01")
    out += seg(0xC4, b"".join(bytes([tc]) + bytes.fromhex(b) + bytes.fromhex(v) for tc, b, v in HUFF.values()))
    out += seg(0xDA, b"\x03" + b"\x01\x00" + b"\x02\x11" + b"\x03\x11" + b"\x00\x3f\x00")
    out += bw.out
    out += b"\xff\xd9"
    return bytes(out)


# ---------------------------------------------------------------------------
def render(kind, w, h, label):
    c = draw(w, h, label)
    if kind == "jpeg":
        return jpeg_bytes(c)
    if kind in ("png", "png-as-jpg"):
        return png_bytes(c)
    if kind == "truncated-jpeg":
        return jpeg_bytes(c)[:TRUNCATE_AT]
    raise ValueError(kind)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.normpath(os.path.join(here, "..", "images"))
    check = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--check":
            check = True
        elif a == "--out" and args:
            out = args.pop(0)
        else:
            print(__doc__.strip(), file=sys.stderr)
            return 2
    bad = 0
    total = 0
    for rel, kind, w, h, label, _role in IMAGES:
        data = render(kind, w, h, label)
        total += len(data)
        path = os.path.join(out, rel)
        if check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except OSError:
                same = False
            if not same:
                print("differs: %s" % rel)
                bad += 1
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    if check:
        print("%d of %d images differ" % (bad, len(IMAGES)))
        return 1 if bad else 0
    print("wrote %d images, %d bytes, to %s" % (len(IMAGES), total, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
