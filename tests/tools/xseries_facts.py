#!/usr/bin/env python3
"""Independent reference facts for Lightspeed X-Series (Vend) product-export CSVs.

Usage (from /work/main):

    python3 tests/tools/xseries_facts.py ../shared/fixtures-public/xseries \
        > tests/data/xseries_facts.txt

This script is deliberately independent of the C code in this project: it uses
only the Python 3 standard library (csv, decimal, re, codecs, ...) and the
reading rules written down in shared/spec/xseries-export.md.  Its output is a
plain list of facts that the C test suite parses and compares with what the
converter computes.  The output is deterministic: files are processed in
sorted basename order and every list is printed in file (line) order.

Output format, one block per *.csv file in the given directory:

    FILE <basename>
    encoding <utf-8|mac_roman>
    columns <n>                  header columns
    records <n>                  records after the header (blank lines skipped)
    last_record_line <n>         physical line on which the last record starts
    product_rows <n>
    component_rows <n>
    families <n>
    variant_families <n>
    standard_products <n>
    split_families <n>
    composites <n>
    orphan_components <n>
    short_rows <n>
    long_rows <n>
    empty_handle_rows <n>
    duplicate_sku_rows <n>
    duplicate_id_rows <n>
    empty_sku_rows <n>
    outlet <key> <rows_in_stock> <positive_total> <negative_rows>   (per outlet)
    damaged <line> <column> <value>                                 (0..n)
    price_problem <line> <empty|invalid|negative> <value|->         (0..n)
    note <free text>              (ignored by the C parser; see below)
    END

Definitions follow the project brief: a component row has a non-empty
composite_sku / composite_handle / composite_name (whichever exist); all other
records are product rows.  A component is attached to the nearest preceding
product row with the same sku (else it is an orphan).  Family key = handle,
or name when handle is empty.  Emptiness tests strip surrounding spaces.
Numbers are parsed with decimal.Decimal only when they match a plain decimal
pattern (no exponent); totals are exact.

`note` lines describe the known Excel damage of the 2017 file (cut-off rows,
stray fragment rows) and component rows that are not adjacent to their
parent; they are detected generically but only that file triggers them.

Reading rules implemented here (the "contract"):
  * Valid UTF-8 is decoded as UTF-8 (a BOM is stripped); anything else is
    decoded as Mac Roman (the Excel-for-Mac damaged 2017 export).
  * CSV: ',' delimiter, '"' quote, '""' escape; a record ends at LF, CRLF or
    a bare CR; quoted fields may contain CR/LF.  Completely empty records
    (blank lines) are skipped.
  * Line numbers are 1-based physical lines; LF, CRLF (once) and bare CR each
    end a line, also inside quoted fields.  The header starts on line 1.
  * Records are split twice: by csv.reader and by a small quote-aware scanner
    written below (which also records start lines).  The two must agree field
    for field, otherwise the script aborts.
"""

import codecs
import csv
import io
import os
import re
import sys
from decimal import Decimal

# Descriptions can be tens of KB; lift the csv module's 128 KiB field limit.
csv.field_size_limit(1 << 30)

# A plain decimal number (no exponent, no thousands separator, no currency).
PLAIN_DECIMAL = re.compile(r'^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$')
# Excel scientific-notation damage of a long numeric code, e.g. 7.45E+11.
EXCEL_SCI = re.compile(r'^[0-9]+(\.[0-9]+)?[Ee]\+[0-9]+$')

COMPOSITE_KEY_COLUMNS = ('composite_sku', 'composite_handle', 'composite_name')
OUTLET_PREFIXES = ('inventory_', 'reorder_point_', 'restock_level_', 'outlet_tax_')
# Code columns checked for Excel damage: sku, supplier_code, plus any column
# literally named upc/ean/gtin/barcode (none exist in the four fixtures).
DAMAGE_COLUMNS = ('sku', 'supplier_code', 'upc', 'ean', 'gtin', 'barcode')


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------

def decode_file(path):
    """Return (text, encoding_label).  UTF-8 (BOM stripped) or Mac Roman."""
    with open(path, 'rb') as fh:
        raw = fh.read()
    try:
        text = raw.decode('utf-8')
        label = 'utf-8'
        if text.startswith('\ufeff'):          # strip a UTF-8 BOM
            text = text[1:]
    except UnicodeDecodeError:
        text = codecs.decode(raw, 'mac_roman')  # never fails: 256 code points
        label = 'mac_roman'
    return text, label


# --------------------------------------------------------------------------
# Record splitting
# --------------------------------------------------------------------------

def scan_records(text):
    """Own quote-aware CSV scanner that also tracks physical line numbers.

    Returns (records, blank_lines): a list of (start_line, fields) for every
    non-blank record, and the list of line numbers of skipped blank lines.
    A "line break" is LF, CRLF (counted once) or a bare CR, whether it ends a
    record or sits inside a quoted field.  Quote handling mirrors Python's
    csv module in its default (non-strict) dialect: a '"' opens a quoted
    section only at the start of a field; inside quotes '""' is a literal
    quote; after a closing quote any further characters up to the delimiter
    are appended as literal text; a '"' in the middle of an unquoted field is
    literal.
    """
    records = []
    blank_lines = []
    n = len(text)
    i = 0
    line = 1
    while i < n:
        start_line = line
        fields = []
        field = []
        at_field_start = True
        in_quotes = False
        consumed_any = False        # did this record contain any character?
        while i < n:
            c = text[i]
            if in_quotes:
                if c == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        field.append('"')
                        i += 2
                    else:
                        in_quotes = False
                        i += 1
                    continue
                if c == '\r':
                    if i + 1 < n and text[i + 1] == '\n':
                        field.append('\r\n')
                        i += 2
                    else:
                        field.append('\r')
                        i += 1
                    line += 1
                    continue
                if c == '\n':
                    field.append('\n')
                    line += 1
                    i += 1
                    continue
                field.append(c)
                i += 1
                continue
            # not inside quotes
            if c == '\r' or c == '\n':
                # record terminator: CRLF counts as one line break
                if c == '\r' and i + 1 < n and text[i + 1] == '\n':
                    i += 2
                else:
                    i += 1
                line += 1
                break
            consumed_any = True
            if c == ',':
                fields.append(''.join(field))
                field = []
                at_field_start = True
                i += 1
                continue
            if c == '"' and at_field_start:
                in_quotes = True
                at_field_start = False
                i += 1
                continue
            field.append(c)
            at_field_start = False
            i += 1
        if in_quotes:
            raise ValueError('unterminated quoted field in record starting at line %d'
                             % start_line)
        if consumed_any:
            fields.append(''.join(field))
            records.append((start_line, fields))
        else:
            blank_lines.append(start_line)   # terminator only -> skipped
    return records, blank_lines


def csv_module_records(text):
    """Records as seen by csv.reader, blank lines ([]) skipped."""
    reader = csv.reader(io.StringIO(text, newline=''),
                        delimiter=',', quotechar='"', doublequote=True)
    return [row for row in reader if row != []]


LINE_BREAK = re.compile(r'\r\n|\r|\n')


def check_line_numbers(path, text, scanned, blank_lines, via_csv):
    """Second, independent check of the start lines.

    Every physical line of the file must be covered exactly once, either by
    a blank line or by a record spanning start_line .. start_line + (number
    of line breaks inside its csv.reader fields).
    """
    total = len(LINE_BREAK.findall(text))
    if text and not text.endswith(('\r', '\n')):
        total += 1                    # last line has no terminator
    covered = list(blank_lines)
    for (start, _), fields in zip(scanned, via_csv):
        inside = sum(len(LINE_BREAK.findall(x)) for x in fields)
        covered.extend(range(start, start + inside + 1))
    if sorted(covered) != list(range(1, total + 1)):
        raise SystemExit('%s: record start lines do not tile the %d physical '
                         'lines' % (path, total))


def read_records(path):
    text, label = decode_file(path)
    scanned, blank_lines = scan_records(text)
    via_csv = csv_module_records(text)
    # Cross-check: the two splitters must agree exactly (count and content).
    if len(scanned) != len(via_csv):
        raise SystemExit('%s: scanner found %d records, csv.reader %d'
                         % (path, len(scanned), len(via_csv)))
    for (ln, a), b in zip(scanned, via_csv):
        if a != b:
            raise SystemExit('%s: record at line %d differs between scanner '
                             'and csv.reader' % (path, ln))
    check_line_numbers(path, text, scanned, blank_lines, via_csv)
    return label, scanned


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def format_decimal(d):
    """Exact decimal, no exponent, no trailing zeros after the point."""
    s = format(d, 'f')
    if '.' in s:
        s = s.rstrip('0').rstrip('.')
    if s in ('', '-0'):
        s = '0'
    return s


class Table:
    """Header-name based access to ragged rows (missing fields are empty)."""

    def __init__(self, header):
        self.header = header
        self.index = {}
        for pos, name in enumerate(header):
            self.index.setdefault(name, pos)   # first occurrence wins

    def has(self, name):
        return name in self.index

    def get(self, fields, name):
        pos = self.index.get(name)
        if pos is None or pos >= len(fields):
            return ''
        return fields[pos]

    def sget(self, fields, name):
        """Value with surrounding spaces stripped."""
        return self.get(fields, name).strip(' ')


# --------------------------------------------------------------------------
# Facts for one file
# --------------------------------------------------------------------------

def facts_for_file(path):
    label, records = read_records(path)
    header_line, header = records[0]
    assert header_line == 1, 'header must start on line 1'
    body = records[1:]
    t = Table(header)
    out = []

    def emit(*parts):
        out.append(' '.join(str(p) for p in parts))

    emit('FILE', os.path.basename(path))
    emit('encoding', label)
    emit('columns', len(header))
    emit('records', len(body))
    emit('last_record_line', body[-1][0] if body else 0)

    composite_cols = [c for c in COMPOSITE_KEY_COLUMNS if t.has(c)]

    # Classify rows; attach components to the nearest preceding product row
    # with the same sku.
    products = []          # list of (line, fields)
    component_count = 0
    orphans = 0
    components_of = {}     # product index -> number of attached components
    last_product_with_sku = {}   # sku -> product index (most recent)
    attachments = []       # (component line, parent line, line of the last
                           #  product row before the component, sku)
    short_rows = long_rows = 0
    for line, fields in body:
        if len(fields) < len(header):
            short_rows += 1
        elif len(fields) > len(header):
            long_rows += 1
        is_component = any(t.sget(fields, c) != '' for c in composite_cols)
        sku = t.get(fields, 'sku')
        if is_component:
            component_count += 1
            parent = last_product_with_sku.get(sku)
            if parent is None:
                orphans += 1
            else:
                components_of[parent] = components_of.get(parent, 0) + 1
                attachments.append((line, products[parent][0],
                                    products[-1][0], sku))
        else:
            last_product_with_sku[sku] = len(products)
            products.append((line, fields))

    emit('product_rows', len(products))
    emit('component_rows', component_count)

    # Families: key = handle, or name when handle is empty.
    family_rows = {}       # key -> list of product indexes (in file order)
    family_has_option = {}
    family_order = []
    for idx, (line, fields) in enumerate(products):
        handle = t.get(fields, 'handle')
        key = handle if handle.strip(' ') != '' else t.get(fields, 'name')
        if key not in family_rows:
            family_rows[key] = []
            family_has_option[key] = False
            family_order.append(key)
        family_rows[key].append(idx)
        if t.sget(fields, 'variant_option_one_name') != '':
            family_has_option[key] = True

    variant_families = standard = split = 0
    for key in family_order:
        rows = family_rows[key]
        if len(rows) > 1 or family_has_option[key]:
            variant_families += 1
        else:
            standard += 1
        if len(rows) > 1 and rows[-1] - rows[0] != len(rows) - 1:
            split += 1   # product-row indexes are not consecutive
    emit('families', len(family_order))
    emit('variant_families', variant_families)
    emit('standard_products', standard)
    emit('split_families', split)
    emit('composites', len(components_of))
    emit('orphan_components', orphans)
    emit('short_rows', short_rows)
    emit('long_rows', long_rows)

    empty_handle = sum(1 for _, f in products if t.sget(f, 'handle') == '')
    emit('empty_handle_rows', empty_handle)

    def duplicates(col):
        seen = set()
        dup = 0
        for _, f in products:
            v = t.get(f, col)
            if v.strip(' ') == '':
                continue
            if v in seen:
                dup += 1
            seen.add(v)
        return dup

    emit('duplicate_sku_rows', duplicates('sku'))
    emit('duplicate_id_rows', duplicates('id'))
    emit('empty_sku_rows', sum(1 for _, f in products if t.sget(f, 'sku') == ''))

    # Outlet keys in order of first appearance in the header.
    outlet_keys = []
    for name in header:
        for prefix in OUTLET_PREFIXES:
            if name.startswith(prefix):
                key = name[len(prefix):]
                if key not in outlet_keys:
                    outlet_keys.append(key)
                break
    for key in outlet_keys:
        col = 'inventory_' + key
        in_stock = negative = 0
        total = Decimal(0)
        if t.has(col):
            for _, f in products:
                v = t.sget(f, col)
                if not PLAIN_DECIMAL.match(v):
                    continue     # empty or not a number
                d = Decimal(v)
                if d > 0:
                    in_stock += 1
                    total += d
                elif d < 0:
                    negative += 1
        emit('outlet', key, in_stock, format_decimal(total), negative)

    # Excel scientific-notation damage in code columns (line order, then
    # header order within a line).
    damage_cols = [c for c in header if c in DAMAGE_COLUMNS]
    for line, f in products:
        for col in damage_cols:
            v = t.sget(f, col)
            if EXCEL_SCI.match(v):
                emit('damaged', line, col, v)

    # Retail price problems.
    for line, f in products:
        v = t.sget(f, 'retail_price')
        if v == '':
            emit('price_problem', line, 'empty', '-')
        elif not PLAIN_DECIMAL.match(v):
            emit('price_problem', line, 'invalid', v)
        elif Decimal(v) < 0:
            emit('price_problem', line, 'negative', v)

    # Known damage of the 2017 Excel-for-Mac file (README: a row cut off by
    # Excel after `description`).  Detected generically; in the fixtures only
    # the 2017 file triggers these.  The C parser ignores `note` lines.
    #  * cutoff_row: description non-empty and every later field empty
    #    (Excel's 32,767-character cell limit);
    #  * stray_row: a product row with empty handle, sku and name (a fragment
    #    of a cut description that Excel turned into a record of its own);
    #  * nonadjacent_component: a component row whose parent is not the
    #    product row right before it (2017 is sorted by id, so a composite's
    #    component rows are scattered; the "nearest preceding product row
    #    with the same sku" rule still finds the parent).
    if t.has('description'):
        dpos = t.index['description']
        for line, f in products:
            rest = f[dpos + 1:]
            if t.get(f, 'description') != '' and all(x == '' for x in rest):
                emit('note', 'cutoff_row line', line, 'handle', t.get(f, 'handle'),
                     'sku', t.get(f, 'sku'),
                     'description_codepoints', len(t.get(f, 'description')))
    for line, f in products:
        if all(t.sget(f, c) == '' for c in ('handle', 'sku', 'name')):
            nonempty = [c for c in header if t.sget(f, c) != '']
            emit('note', 'stray_row line', line, 'nonempty_columns',
                 ','.join(nonempty) or '-')
    for line, parent_line, previous_line, sku in attachments:
        if parent_line != previous_line:
            emit('note', 'nonadjacent_component line', line,
                 'parent_line', parent_line, 'sku', sku)
    emit('END')
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: %s <fixtures-dir>\n' % argv[0])
        return 2
    directory = argv[1]
    names = sorted(n for n in os.listdir(directory) if n.lower().endswith('.csv'))
    lines = []
    for name in names:
        lines.extend(facts_for_file(os.path.join(directory, name)))
    sys.stdout.write('\n'.join(lines) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
