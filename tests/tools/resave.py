#!/usr/bin/env python3
"""Save a CSV export as a spreadsheet would: as .xlsx (openpyxl; cells that
are plain numbers stored as numbers, as Excel does when it opens a CSV,
only where the number shows as the same text) or as Excel's "Unicode text"
(UTF-16LE with a byte-order mark, tab-separated, CRLF).

usage: tests/tools/resave.py xlsx|utf16 IN.csv OUT [IN-ENCODING]
"""
import csv
import re
import sys

kind, src, dst = sys.argv[1:4]
enc = sys.argv[4] if len(sys.argv) > 4 else "utf-8-sig"
INT = re.compile(r"-?(0|[1-9][0-9]{0,14})\Z")
DEC = re.compile(r"-?(0|[1-9][0-9]{0,12})\.[0-9]{0,2}[1-9]\Z")

with open(src, newline="", encoding=enc) as f:
    rows = list(csv.reader(f))


def cell(v):
    if INT.match(v):
        return int(v)
    if DEC.match(v) and repr(float(v)) == v:
        return float(v)
    return v


if kind == "xlsx":
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Products")
    ws.append(rows[0])
    for r in rows[1:]:
        ws.append([cell(v) for v in r])
    wb.save(dst)
else:
    with open(dst, "wb") as out:
        out.write(b"\xff\xfe")
        import io
        text = io.StringIO()
        csv.writer(text, delimiter="\t", lineterminator="\r\n").writerows(rows)
        out.write(text.getvalue().encode("utf-16-le"))
