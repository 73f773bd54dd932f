#!/usr/bin/env python3
"""Independent read-back of a run's report.xlsx with openpyxl.

usage: python3 tests/xlsx_check.py OUTDIR

OUTDIR holds the outputs of one `pos2ecom convert` run. Checks:
  - the sheets are exactly To do (the active one), Exceptions, Manual fields, Not synced,
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
  - the To do sheet is todo.csv cell for cell (when the run wrote one; its
    rows filled by severity too), each code cell a link to the Exceptions
    row its first_line names; then, after a blank row, the facts: files
    read, rows read / written / attached / not written, outlets and files
    written as summary.json has them, each file with a sheet linking to it;
  - the look (see check_look): number formats by column kind (prices 0.00,
    quantities whole unless fractional, counts #,##0, codes text "@" on the
    cells and the column), widths from the content, landscape one page
    wide with the header row repeated, tab colours.
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

# The look, written out here from the issue (#15), not from the program:
# number formats by header name; a prefix ends in '*'
PRICE_COLUMNS = {"price_ecom", "supply_price", "product_compare_to_price", "product_price"}
QTY_COLUMNS = {"quantity_ecom", "total_stock", "reorder_point_pos",
               "product_low_stock_notification_quantity", "reorder_point_*", "restock_level_*"}
INT_COLUMNS = {"line", "first_line", "width", "height", "bytes", "position", "description_bytes"}
COUNT_COLUMNS = {"count", "variants_in_stock", "negative_rows"}
CODE_FORMAT = TEXT_COLUMNS | {"crc32"}
# tab colours: findings by severity; to fill in; changes; reference
TAB_ERRORS, TAB_WARNINGS, TAB_CLEAN = "C00000", "FFC000", "00B050"
SHEET_TABS = {"Manual fields": "4472C4", "Drift": "ED7D31", "Not synced": "A5A5A5",
              "Outlets": "A5A5A5", "Images": "A5A5A5", "Mapping": "A5A5A5"}
SAMPLE_ROWS = 200
LONG_COLUMNS = {"message", "action", "changes"}  # sentences: wrapped
WIDTH_CAPS = {"action": 90, "message": 70, "changes": 70}


def in_set(name, names):
    return name in names or any(n.endswith("*") and name.startswith(n[:-1]) for n in names)

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


def check_csv_sheet(chk, parts, title, rows, last_row=None):
    """parts: the sheet and its continuation sheets, in order. last_row:
    the copy's last row when more rows follow it (the To do sheet's
    facts); the sheet's rows are then compared up to there."""
    if not rows:
        chk.fail(f"{title}: its CSV file is empty (no header)")
        return
    header = rows[0]
    ncols = len(header)
    text_cols = {i for i, name in enumerate(header) if name in TEXT_COLUMNS}
    sev_col = (header.index("severity")
               if title in ("Exceptions", "To do") and "severity" in header else None)
    data = rows[1:]
    pos = 0  # next CSV data row
    for part in parts:
        check_frozen(chk, part)
        xrows = sheet_rows(part)
        if last_row is not None:
            xrows = xrows[:last_row]
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
                where = f"{part.title}!{get_column_letter(c + 1)}{i + 1}"
                compare_cell(chk, where, cell, want, c in text_cols)
                if cell is not None and c < ncols:
                    check_cell_format(chk, where, cell, header[c])
            if sev_col is not None:
                check_severity_fill(chk, part, i + 1, xrows[i], csv_row, sev_col, ncols)
        check_filter(chk, part, ncols, len(xrows))
        check_look(chk, part, header, rows)
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


def check_cell_format(chk, where, cell, name):
    """A copied cell's number format, from its column's kind."""
    value = cell.value
    if value is None or value == "":
        return
    if name in LONG_COLUMNS and not cell.alignment.wrap_text:
        chk.fail(f"{where}: {name} does not wrap")
    fmt = cell.number_format
    if in_set(name, CODE_FORMAT):
        if fmt != "@":
            chk.fail(f"{where}: {name} cell formatted {fmt!r}, want text '@'")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    want = None
    if in_set(name, PRICE_COLUMNS):
        want = "0.00"
    elif in_set(name, QTY_COLUMNS):
        want = "0" if float(value).is_integer() else "0.0##"
    elif in_set(name, INT_COLUMNS):
        want = "0"
    elif in_set(name, COUNT_COLUMNS):
        want = "#,##0"
    if want and fmt != want:
        chk.fail(f"{where}: {name} {value!r} formatted {fmt!r}, want {want!r}")


def check_print(chk, ws):
    """Landscape, one page wide (any number of pages down), the header
    row repeated on every printed page."""
    ps = ws.page_setup
    if ps.orientation != "landscape":
        chk.fail(f"{ws.title}: prints {ps.orientation!r}, want 'landscape'")
    pr = ws.sheet_properties.pageSetUpPr
    if pr is None or not pr.fitToPage:
        chk.fail(f"{ws.title}: not fit to the page width")
    if int(ps.fitToWidth if ps.fitToWidth is not None else 1) != 1 or \
            int(ps.fitToHeight if ps.fitToHeight is not None else 1) != 0:
        chk.fail(f"{ws.title}: fit to {ps.fitToWidth} x {ps.fitToHeight} pages, "
                 "want 1 wide, any number tall (0)")
    if (ws.print_title_rows or "").replace("$", "") != "1:1":
        chk.fail(f"{ws.title}: print title rows {ws.print_title_rows!r}, want row 1")


def check_look(chk, ws, header, rows):
    """Print settings; each column as wide as its content (the longest of
    the first SAMPLE_ROWS rows, up to a cap) and its header, and formatted
    as its kind (text '@', prices '0.00') for cells typed in later."""
    check_print(chk, ws)
    sample = rows[1:1 + SAMPLE_ROWS]
    for c, name in enumerate(header):
        letter = get_column_letter(c + 1)
        dim = ws.column_dimensions.get(letter)
        width = dim.width if dim is not None and dim.customWidth else None
        cap = WIDTH_CAPS.get(name, 50)
        longest = max((len(r[c]) for r in sample if c < len(r)), default=0)
        if not width:
            chk.fail(f"{ws.title}!{letter} ({name}): no width set")
            continue
        if width < min(longest, cap) or width < len(name) + 1 or width > cap + 1:
            chk.fail(f"{ws.title}!{letter} ({name}): width {width:.1f}, content {longest} "
                     f"characters, header {len(name)}, cap {cap}")
        want = "@" if in_set(name, CODE_FORMAT) else "0.00" if in_set(name, PRICE_COLUMNS) else None
        if want and dim.number_format != want:
            chk.fail(f"{ws.title}!{letter} ({name}): column formatted {dim.number_format!r}, "
                     f"want {want!r}")


def tab_rgb(ws):
    colour = ws.sheet_properties.tabColor
    rgb = colour.rgb if colour is not None else None
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def check_tabs(chk, wb, summary):
    sev = summary.get("findings_by_severity", {})
    findings = (TAB_ERRORS if sev.get("error") else TAB_WARNINGS if sev.get("warning")
                else TAB_CLEAN)
    for ws in wb.worksheets:
        title = re.sub(r" \(\d+\)$", "", ws.title)
        want = findings if title in ("To do", "Exceptions") else SHEET_TABS.get(title)
        if tab_rgb(ws) != want:
            chk.fail(f"{ws.title}: tab colour {tab_rgb(ws)}, want {want}")


def resolve_link(wb, location):
    """An internal link's target as (sheet, row), or None."""
    m = re.fullmatch(r"'?(.+?)'?!\$?A\$?(\d+)", location or "")
    if not m or m.group(1) not in wb.sheetnames:
        return None
    return wb[m.group(1)], int(m.group(2))


def check_todo_links(chk, wb, ws, todo):
    """Each code cell links to an Exceptions row holding that code; the
    first one, at todo.csv's first_line (the CSV's line = the row)."""
    header = todo[0]
    code_col, line_col = header.index("code"), header.index("first_line")
    for r, row in enumerate(todo[1:], start=2):
        cell = ws.cell(row=r, column=code_col + 1)
        link = cell.hyperlink
        where = f"To do!{cell.coordinate}"
        if link is None or not link.location:
            chk.fail(f"{where}: {row[code_col]} is not a link to its rows")
            continue
        target = resolve_link(wb, link.location)
        if target is None:
            chk.fail(f"{where}: link {link.location!r} names no sheet of the workbook")
            continue
        sheet, trow = target
        if not sheet.title.startswith("Exceptions"):
            chk.fail(f"{where}: links to {sheet.title!r}, want the Exceptions sheet")
            continue
        exc_header = [c.value for c in sheet[1]]
        got = sheet.cell(row=trow, column=exc_header.index("code") + 1).value \
            if "code" in exc_header else None
        if got != row[code_col]:
            chk.fail(f"{where}: links to {link.location}, which holds {got!r}, not {row[code_col]}")
        if sheet.title == "Exceptions" and str(trow) != row[line_col]:
            chk.fail(f"{where}: links to row {trow}, todo.csv first_line is {row[line_col]}")


def fact_groups(rows):
    """The facts as {label: [value cell, ...]}: a row with no label goes
    on with the label above."""
    groups, label = {}, None
    for row in rows:
        a = row[0].value if row else None
        d = row[3] if len(row) > 3 else None
        if a not in (None, ""):
            label = a
        if label is not None and d is not None and d.value is not None:
            groups.setdefault(label, []).append(d)
    return groups


def check_facts(chk, rows, summary):
    if not rows or rows[0][0].value != "About this run":
        chk.fail(f"To do: the facts do not start with 'About this run' "
                 f"({rows[0][0].value if rows else None!r})")
        return
    groups = fact_groups(rows[1:])
    want_nums = {"Rows read": summary["rows"]["read"], "Rows written": summary["rows"]["written"],
                 "Rows attached to a composite product": summary["rows"]["attached"],
                 "Rows not written": summary["rows"]["not_written"]}
    for label, want in want_nums.items():
        got = [c.value for c in groups.get(label, [])]
        chk.cells += 1
        if got != [want]:
            chk.fail(f"To do: {label!r} is {got}, summary.json says {want}")
    lists = {"Files read": summary["input_files"],
             "Outlets summed (stock)": summary["outlets_used"] or ["none"]}
    for label, want in lists.items():
        got = [ooxml_text(c.value) for c in groups.get(label, [])]
        chk.cells += 1
        if got != want:
            chk.fail(f"To do: {label!r} lists {got}, summary.json says {want}")
    written = groups.get("Files written", [])
    if len(written) != len(summary["output_files"]):
        chk.fail(f"To do: {len(written)} files written listed, summary.json has "
                 f"{len(summary['output_files'])}")
    sheets = dict((f, t) for t, f in CSV_SHEETS)
    for cell, name in zip(written, summary["output_files"]):
        chk.cells += 1
        if not str(cell.value).startswith(name + ": "):
            chk.fail(f"To do!{cell.coordinate}: {cell.value!r} does not start with {name}")
        loc = cell.hyperlink.location if cell.hyperlink is not None else None
        want = f"'{sheets[name]}'!A1" if name in sheets else None
        if loc != want:
            chk.fail(f"To do!{cell.coordinate}: {name} links to {loc!r}, want {want!r}")


def read_summary(chk, outdir):
    try:
        with open(os.path.join(outdir, "summary.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        chk.fail(f"summary.json: cannot read: {e}")
        return None


def check_todo(chk, wb, outdir, summary):
    ws = wb["To do"]
    check_frozen(chk, ws)
    check_print(chk, ws)
    rows = sheet_rows(ws)
    path = os.path.join(outdir, "todo.csv")
    start = 0
    if os.path.exists(path):
        todo = read_csv(path)
        check_csv_sheet(chk, [ws], "To do", todo, last_row=len(todo))
        if todo and "code" in todo[0] and "first_line" in todo[0]:
            check_todo_links(chk, wb, ws, todo)
        start = len(todo)
        if len(todo) == 1:  # no finding: it says so
            said = rows[1][0].value if len(rows) > 1 and rows[1] else None
            if not (isinstance(said, str) and said.startswith("Nothing to do")):
                chk.fail(f"To do!A2: {said!r}, want 'Nothing to do...' (todo.csv has no row)")
            start += 1
        blank = rows[start] if start < len(rows) else []
        if any(c.value not in (None, "") for c in blank):
            chk.fail(f"To do: row {start + 1} is not blank between the to-do lines and the facts")
        start += 1
    check_facts(chk, rows[start:], summary)


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

    # expected order: To do, then each CSV sheet with its continuations
    sheets = [(t, f) for t, f in CSV_SHEETS
              if t not in OPTIONAL_SHEETS or os.path.exists(os.path.join(outdir, f))]
    groups, i = {}, 0
    if not names or names[0] != "To do":
        chk.fail(f"first sheet is {names[0] if names else None!r}, expected 'To do'")
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
        chk.fail(f"sheets are {names}, expected To do, "
                 + ", ".join(t for t, _ in sheets) + " (continuations after each)")

    if wb.active is None or wb.active.title != "To do":
        chk.fail(f"the active sheet is {wb.active.title if wb.active else None!r}, want 'To do'")
    summary = read_summary(chk, outdir)
    if summary is not None:
        check_tabs(chk, wb, summary)
        if "To do" in names:
            check_todo(chk, wb, outdir, summary)
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
