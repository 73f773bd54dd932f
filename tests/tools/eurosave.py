#!/usr/bin/env python3
"""Save a CSV export as a spreadsheet in a European locale would: ';'
between fields, and in the columns pos2ecom reads as numbers (retail_price,
inventory_*, reorder_point_*, weight, length, width, height,
composite_quantity) a decimal comma, with '.' between thousands where a
number has a fraction and a whole part of four digits or more (1.234,50;
a whole number keeps no mark: 1.234 alone reads two ways). Done on the digit
strings, no floating point. Written as UTF-8.

usage: tests/tools/eurosave.py IN.csv OUT.csv [IN-ENCODING]
"""
import csv
import re
import sys

src, dst = sys.argv[1:3]
enc = sys.argv[3] if len(sys.argv) > 3 else "utf-8-sig"
NUM = re.compile(r"(-?)([0-9]+)\.([0-9]+)\Z")
COLS = re.compile(r"(retail_price|weight|length|width|height|composite_quantity"
                  r"|inventory_.*|reorder_point_.*)\Z")

with open(src, newline="", encoding=enc) as f:
    rows = list(csv.reader(f))
numeric = [bool(COLS.match(h)) for h in rows[0]]


def euro(v):
    m = NUM.match(v)
    if not m:
        return v
    sign, whole, frac = m.groups()
    if len(whole) > 3:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ".".join([whole] + groups)
    return sign + whole + "," + frac


with open(dst, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(rows[0])
    for r in rows[1:]:
        w.writerow([euro(v) if k < len(numeric) and numeric[k] else v for k, v in enumerate(r)])
