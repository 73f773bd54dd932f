#!/usr/bin/env python3
"""Regenerate the small workbooks of tests/data/xlsx/ that tests/test_xlsxread.c
and tests/test_input.c read: corner cases a spreadsheet program writes but
openpyxl does not (inline strings, rich text with phonetic runs, _xHHHH_
escapes, sparse rows, numeric and boolean cells), and zips that are not
workbooks. Built by hand with zipfile so every byte of XML is the one
written here.

usage: tests/tools/make-workbooks.py [DIR]   (default tests/data/xlsx)
"""
import os
import sys
import zipfile

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "xlsx")
os.makedirs(out, exist_ok=True)

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def workbook(path, sheets, shared=None, styles=None, wbpr=""):
    """sheets: [(name, sheetData xml)]; shared: <si> elements or None;
    styles: the styleSheet's inner xml or None; wbpr: a workbookPr element."""
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", CT)
    wb = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i + 1, i + 1)
                 for i, (n, _) in enumerate(sheets))
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s>%s<sheets>%s</sheets></workbook>' % (NS, wbpr, wb))
    rels = "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                   % (i + 1, REL, i + 1) for i in range(len(sheets)))
    if shared is not None:
        rels += '<Relationship Id="rIdS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % REL
        z.writestr("xl/sharedStrings.xml",
                   '<?xml version="1.0"?><sst %s count="%d">%s</sst>' % (NS, len(shared), "".join(shared)))
    if styles is not None:
        rels += '<Relationship Id="rIdT" Type="%s/styles" Target="styles.xml"/>' % REL
        z.writestr("xl/styles.xml", '<?xml version="1.0"?><styleSheet %s>%s</styleSheet>' % (NS, styles))
    z.writestr("xl/_rels/workbook.xml.rels",
               '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
               'package/2006/relationships">%s</Relationships>' % rels)
    for i, (_, data) in enumerate(sheets):
        z.writestr("xl/worksheets/sheet%d.xml" % (i + 1),
                   '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, data))
    z.close()


# corners.xlsx: sheet "Notes" first, then "Products" (read with --sheet)
shared = ['<si><t>sku</t></si>', '<si><t>name</t></si>', '<si><t>price</t></si>',
          '<si><t>upc</t></si>', '<si><t>active</t></si>',
          # rich text: runs joined, the phonetic run (rPh) left out
          '<si><r><t>Caf</t></r><r><rPr><b/></rPr><t xml:space="preserve">\u00e9 mug</t></r>'
          '<rPh sb="0" eb="1"><t>KAFE</t></rPh></si>',
          # Excel's escape of a carriage return, and of a literal "_x"
          '<si><t>line_x000D_\nbreak _x005F_x0041_</t></si>']
products = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    # shared and inline strings, a number with float noise, a boolean
    '<row r="2"><c r="A2" t="inlineStr"><is><t>A-1</t></is></c><c r="B2" t="s"><v>5</v></c>'
    '<c r="C2"><v>19.899999999999999</v></c><c r="D2"><v>9300000000001</v></c>'
    '<c r="E2" t="b"><v>1</v></c></row>'
    # a sparse row: B3 then E3 only (A3, C3, D3 missing)
    '<row r="3"><c r="B3" t="s"><v>6</v></c><c r="E3" t="b"><v>0</v></c></row>'
    # a numeric SKU that lost digits (Excel keeps 15), an error cell
    '<row r="5"><c r="A5"><v>1.2345678901234567E+18</v></c><c r="B5" t="e"><v>#N/A</v></c>'
    '<c r="C5" t="str"><f>1+1</f><v>2</v></c><c r="D5"><v>745000000000</v></c></row>'
    # cells without references follow the one before
    '<row r="6"><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>')
workbook(os.path.join(out, "corners.xlsx"),
         [("Notes", '<row r="1"><c r="A1" t="inlineStr"><is><t>not this one</t></is></c></row>'),
          ("Products", products)], shared)

# a workbook without a shared strings part, one sheet of inline strings
workbook(os.path.join(out, "inline.xlsx"),
         [("Sheet1", '<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>'
                     '<row r="2"><c r="A2" t="inlineStr"><is><t>00123</t></is></c></row>')])

# a cell naming a shared string that does not exist
workbook(os.path.join(out, "bad-shared-index.xlsx"),
         [("Sheet1", '<row r="1"><c r="A1" t="s"><v>7</v></c></row>')], ['<si><t>a</t></si>'])

# dates stored as numbers: cell formats (s) 0 General, 1 built-in 14 (m/d/yyyy),
# 2 built-in 22 (m/d/yyyy h:mm), 3 custom dd/mm/yyyy, 4 custom 0.00" days"
# (no date: the d is quoted), 5 built-in 20 (h:mm), 6 custom with a locale tag
# and a text section, 7 built-in 2 (0.00), 8 custom [h]:mm:ss
STYLES = ('<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
          '<numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/>'
          '<numFmt numFmtId="166" formatCode="[$-409]mmmm d, yyyy;@"/>'
          '<numFmt numFmtId="167" formatCode="[h]:mm:ss"/></numFmts>'
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
          '<cellXfs count="9"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/>'
          '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="166"/>'
          '<xf numFmtId="2"/><xf numFmtId="167"/></cellXfs>')


def date_row(r, cells):
    return '<row r="%d">%s</row>' % (r, "".join(
        '<c r="%s%d" s="%d"><v>%s</v></c>' % (chr(65 + i), r, s, v) for i, (s, v) in enumerate(cells)))


# 45352 is 2024-03-01 in the 1900 system; .6041666667 of a day is 14:30:00
dates = (date_row(1, [(0, "45352"), (1, "45352"), (2, "45352.6041666667"), (3, "45352"),
                      (4, "45352"), (5, "0.6041666667"), (6, "45352"), (7, "45352"), (8, "1.5")])
         + date_row(2, [(1, "60"), (1, "59"), (1, "61"), (1, "1"), (3, "-1"), (1, "45352.5"),
                        (5, "45352.25"), (3, "3000000"), (0, "19.899999999999999")])
         + '<row r="3"><c r="A3" s="1" t="s"><v>0</v></c><c r="B3" s="1" t="str"><v>45352</v></c>'
           '<c r="C3" s="99"><v>45352</v></c><c r="D3" s="1"/></row>')
workbook(os.path.join(out, "dates.xlsx"), [("Sheet1", dates)], ['<si><t>45352</t></si>'], STYLES)
# the same serial numbers in the 1904 date system: 43890 is 2024-03-01
workbook(os.path.join(out, "dates1904.xlsx"),
         [("Sheet1", date_row(1, [(1, "43890"), (2, "43890.6041666667"), (1, "0")]))],
         None, STYLES, '<workbookPr date1904="1"/>')

# zips that are not workbooks
with zipfile.ZipFile(os.path.join(out, "spreadsheet.ods"), "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", "<office:document-content/>")
with zipfile.ZipFile(os.path.join(out, "document.numbers"), "w") as z:
    z.writestr("Index/Document.iwa", b"\0\1\2")
with zipfile.ZipFile(os.path.join(out, "archive.zip"), "w") as z:
    z.writestr("products.csv", "sku,name\n")
