#!/usr/bin/env python3
"""Independent read-back of a run's report.xlsx with openpyxl.

usage: python3 tests/xlsx_check.py OUTDIR

OUTDIR holds the outputs of one `pos2ecom convert` run. Checks:
  - the sheets are exactly Summary, Exceptions, Manual fields, Not synced,
    Outlets, [Images when OUTDIR/images.csv exists], Mapping, [Drift when
    OUTDIR/drift.csv exists], in that order;
    any of the CSV sheets may continue on "<Title> (2)", "<Title> (3)", ...
  - every sheet copied from a CSV equals that CSV cell for cell: an empty
    CSV cell is an empty xlsx cell, a text cell equals the CSV text (after
    decoding the OOXML _xHHHH_ escapes, as Excel does), a
    numeric cell equals the CSV text read as a decimal number (49 == "49.00");
  - no copied cell is a formula (a guarded '=... CSV text stays a string);
  - the code columns (sku, product_sku, variation_sku, product_variation_sku,
    handle, code, upc, key, supplier_code, file) hold text, never numbers, so
    a value like 085412003177 keeps its leading zero;
  - every sheet's header row is frozen (freeze_panes A2), every CSV sheet has
    an autofilter over its header and rows;
  - Exceptions rows of severity error / warning are filled (errors reddish,
    warnings yellowish), info rows are not;
  - the Summary sheet's 'rows read' equals summary.json rows.read.
Exit 0 and print "xlsx check: N sheets, M cells compared" when all holds;
otherwise print every mismatch and exit 1 (2 for a usage or setup problem).
"""
import csv
import json
import os
import re
import sys
import warnings
from decimal import Decimal, InvalidOperation

try:
    import openpyxl
    from openpyxl.utils import get_column_letter, range_boundaries
except ImportError:
    # A pyenv or venv python3 first on PATH does not see Debian's
    # python3-openpyxl; retry once with the system interpreter.
    system = "/usr/bin/python3"
    if (os.path.exists(system) and not os.environ.get("XLSX_CHECK_REEXEC")
            and os.path.realpath(sys.executable) != os.path.realpath(system)):
        os.environ["XLSX_CHECK_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    sys.stderr.write("xlsx_check: openpyxl is missing: apt-get install python3-openpyxl\n")
    sys.exit(2)

TEXT_COLUMNS = {"sku", "product_sku", "variation_sku", "product_variation_sku", "handle",
                "code", "upc", "key", "supplier_code", "file"}

# (sheet title, CSV file); Images and Drift only when their CSV exists
CSV_SHEETS = [("Exceptions", "exceptions.csv"), ("Manual fields", "manual-fields.csv"),
              ("Not synced", "not-synced.csv"), ("Outlets", "outlets.csv"),
              ("Images", "images.csv"), ("Mapping", "mapping.csv"), ("Drift", "drift.csv")]
OPTIONAL_SHEETS = {"Images", "Drift"}


class Checker:
    def __init__(self):
        self.problems = []
        self.cells = 0

    def fail(self, msg):
        self.problems.append(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def as_decimal(text):
    try:
        d = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return d if d.is_finite() else None


def rgb_of(cell):
    """The cell's solid fill colour as (r, g, b), or None when unfilled."""
    fill = cell.fill
    if fill is None or fill.fill_type in (None, "none"):
        return None
    colour = fill.fgColor
    rgb = colour.rgb if colour is not None and colour.type == "rgb" else None
    if not isinstance(rgb, str) or not re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb):
        return (-1, -1, -1)  # filled, colour not given as RGB (theme/indexed)
    rgb = rgb[-6:]
    return tuple(int(rgb[i:i + 2], 16) for i in (0, 2, 4))


def reddish(c):
    return c[0] >= 0 and c[0] >= max(c[1], c[2]) + 0x20


def yellowish(c):
    return c[0] >= 0 and min(c[0], c[1]) >= c[2] + 0x20 and abs(c[0] - c[1]) < 0x40


_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_text(value):
    """Cell text as Excel shows it: OOXML strings escape characters XML
    cannot hold as _xHHHH_ (CR is _x000D_, a literal "_x" is _x005F_x),
    and openpyxl leaves those escapes in place."""
    return _XESC.sub(lambda m: chr(int(m.group(1), 16)), value)


def compare_cell(chk, where, cell, want, text_col):
    """One xlsx cell against its CSV text."""
    chk.cells += 1
    got = cell.value if cell is not None else None
    if cell is not None and cell.data_type == "f":
        chk.fail(f"{where}: a formula {cell.value!r}; every copied cell must be a value")
        return
    if want == "":
        if got not in (None, ""):
            chk.fail(f"{where}: expected empty, got {got!r}")
        return
    if got is None or got == "":
        chk.fail(f"{where}: expected {want!r}, got an empty cell")
        return
    if text_col and cell.data_type != "s":
        chk.fail(f"{where}: {want!r} must be text, is type {cell.data_type!r} ({got!r})")
    if isinstance(got, bool):
        chk.fail(f"{where}: expected {want!r}, got boolean {got!r}")
    elif isinstance(got, (int, float)):
        want_num = as_decimal(want)
        got_num = Decimal(repr(got)) if isinstance(got, float) else Decimal(got)
        if want_num is None:
            chk.fail(f"{where}: expected text {want!r}, got number {got!r}")
        elif want_num != got_num:
            chk.fail(f"{where}: expected {want!r}, got number {got!r}")
    elif isinstance(got, str):
        got = ooxml_text(got)
        if got != want:
            chk.fail(f"{where}: expected {want!r}, got {got!r}")
    else:
        chk.fail(f"{where}: expected {want!r}, got {type(got).__name__} {got!r}")


def sheet_rows(ws):
    """All rows of a sheet as lists of cells (openpyxl cells, None-padded)."""
    return [list(r) for r in ws.iter_rows()]


def check_frozen(chk, ws):
    if ws.freeze_panes != "A2":
        chk.fail(f"{ws.title}: header row not frozen (freeze_panes {ws.freeze_panes!r}, want 'A2')")


def check_filter(chk, ws, ncols, last_row):
    ref = ws.auto_filter.ref
    if not ref:
        chk.fail(f"{ws.title}: no autofilter on the header row")
        return
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        chk.fail(f"{ws.title}: unreadable autofilter range {ref!r}")
        return
    want = f"A1:{get_column_letter(max(ncols, 1))}{max(last_row, 1)}"
    if min_col != 1 or min_row != 1 or max_col < ncols or (max_row or 0) < last_row:
        chk.fail(f"{ws.title}: autofilter {ref!r} does not cover the header and rows ({want})")


def check_csv_sheet(chk, parts, title, rows):
    """parts: the sheet and its continuation sheets, in order."""
    if not rows:
        chk.fail(f"{title}: its CSV file is empty (no header)")
        return
    header = rows[0]
    ncols = len(header)
    text_cols = {i for i, name in enumerate(header) if name in TEXT_COLUMNS}
    sev_col = header.index("severity") if title == "Exceptions" and "severity" in header else None
    data = rows[1:]
    pos = 0  # next CSV data row
    for part in parts:
        check_frozen(chk, part)
        xrows = sheet_rows(part)
        if not xrows:
            chk.fail(f"{part.title}: empty sheet, expected the header row")
            continue
        # header row
        for c in range(max(ncols, len(xrows[0]))):
            cell = xrows[0][c] if c < len(xrows[0]) else None
            want = header[c] if c < ncols else ""
            compare_cell(chk, f"{part.title}!{get_column_letter(c + 1)}1", cell, want, False)
        nrows_here = len(xrows) - 1
        if pos + nrows_here > len(data):
            chk.fail(f"{part.title}: {pos + nrows_here} data rows so far, CSV has {len(data)}")
        for i in range(1, len(xrows)):
            csv_row = data[pos] if pos < len(data) else []
            pos += 1
            width = max(ncols, len(csv_row), len(xrows[i]))
            for c in range(width):
                cell = xrows[i][c] if c < len(xrows[i]) else None
                want = csv_row[c] if c < len(csv_row) else ""
                compare_cell(chk, f"{part.title}!{get_column_letter(c + 1)}{i + 1}", cell, want,
                             c in text_cols)
            if sev_col is not None:
                check_severity_fill(chk, part, i + 1, xrows[i], csv_row, sev_col, ncols)
        check_filter(chk, part, ncols, len(xrows))
    if pos < len(data):
        chk.fail(f"{title}: the sheets hold {pos} data rows, the CSV {len(data)}")


def check_severity_fill(chk, ws, rownum, cells, csv_row, sev_col, ncols):
    sev = csv_row[sev_col] if sev_col < len(csv_row) else ""
    for c in range(ncols):
        cell = cells[c] if c < len(cells) else None
        colour = rgb_of(cell) if cell is not None else None
        where = f"{ws.title}!{get_column_letter(c + 1)}{rownum}"
        if sev == "error":
            if colour is None or not reddish(colour):
                chk.fail(f"{where}: error row without a red fill (fill {colour})")
        elif sev == "warning":
            if colour is None or not yellowish(colour):
                chk.fail(f"{where}: warning row without a yellow fill (fill {colour})")
        elif colour is not None:
            chk.fail(f"{where}: {sev or 'untyped'} row has a fill {colour}")


def check_summary(chk, ws, outdir):
    check_frozen(chk, ws)
    path = os.path.join(outdir, "summary.json")
    try:
        with open(path, encoding="utf-8") as f:
            want = json.load(f)["rows"]["read"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        chk.fail(f"summary.json: cannot read rows.read: {e}")
        return
    found = [r for r in ws.iter_rows(values_only=True) if r and r[0] == "rows read"]
    if len(found) != 1:
        chk.fail(f"Summary: {len(found)} 'rows read' rows, expected one")
        return
    got = found[0][1] if len(found[0]) > 1 else None
    chk.cells += 1
    num = as_decimal(str(got)) if got is not None else None
    if num is None or num != Decimal(want):
        chk.fail(f"Summary: 'rows read' is {got!r}, summary.json rows.read is {want}")


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.stderr.write("usage: python3 tests/xlsx_check.py OUTDIR\n")
        return 2
    outdir = argv[1]
    book = os.path.join(outdir, "report.xlsx")
    if not os.path.isfile(book):
        print(f"xlsx check: {book} does not exist")
        return 1
    chk = Checker()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(book)
    names = wb.sheetnames

    # expected order: Summary, then each CSV sheet with its continuations
    sheets = [(t, f) for t, f in CSV_SHEETS
              if t not in OPTIONAL_SHEETS or os.path.exists(os.path.join(outdir, f))]
    groups, i = {}, 0
    if not names or names[0] != "Summary":
        chk.fail(f"first sheet is {names[0] if names else None!r}, expected 'Summary'")
    else:
        i = 1
    for title, _ in sheets:
        if i < len(names) and names[i] == title:
            groups[title] = [wb[names[i]]]
            i += 1
            k = 2
            while i < len(names) and names[i] == f"{title} ({k})":
                groups[title].append(wb[names[i]])
                i += 1
                k += 1
        else:
            chk.fail(f"sheet {len(groups) + 2} is {names[i] if i < len(names) else None!r}, "
                     f"expected {title!r}")
            if title in names:
                groups[title] = [wb[title]]
    if i < len(names) and not chk.problems:
        chk.fail(f"unexpected sheets after the expected ones: {names[i:]}")
    if chk.problems:
        chk.fail(f"sheets are {names}, expected Summary, "
                 + ", ".join(t for t, _ in sheets) + " (continuations after each)")

    if "Summary" in names:
        check_summary(chk, wb["Summary"], outdir)
    for title, fname in sheets:
        path = os.path.join(outdir, fname)
        if not os.path.exists(path):
            chk.fail(f"{fname}: missing, so sheet {title!r} cannot be checked")
            continue
        if title not in groups:
            continue
        check_csv_sheet(chk, groups[title], title, read_csv(path))

    if chk.problems:
        for p in chk.problems:
            print(p)
        print(f"xlsx check: {len(chk.problems)} problem(s) in {len(names)} sheets, "
              f"{chk.cells} cells compared")
        return 1
    print(f"xlsx check: {len(names)} sheets, {chk.cells} cells compared")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
