#!/usr/bin/env python3
"""Write the same small export twice: as a workbook whose code columns hold
numbers where Excel would have turned codes into numbers (a SKU that lost
its leading zero, a UPC that lost its, a SKU past 15 digits, a name that is
a whole number, prices as floats, dates), written by openpyxl; and as the
CSV Excel would save from it (the text it shows). tests/workbooks.sh checks
that both convert the same.

usage: workbook-cells.py OUT.xlsx OUT.csv
"""
import csv
import datetime
import sys

import openpyxl

HEADER = ["handle", "sku", "name", "upc", "retail_price", "active", "track_inventory",
          "inventory_Main_Outlet"]
# (workbook cells, CSV text): the SKUs' other values are 12 digits, two start with 0
ROWS = [
    (["cup", "012345678905", "Cup", "036000291452", 4.5, 1, 1, 3],
     ["cup", "012345678905", "Cup", "036000291452", "4.5", "1", "1", "3"]),
    (["mug", "098765432109", "Mug", "", 19.9, 1, 1, 2],
     ["mug", "098765432109", "Mug", "", "19.9", "1", "1", "2"]),
    (["jug", "123456789012", 1, "", 5, 1, 1, 1],
     ["jug", "123456789012", "1", "", "5", "1", "1", "1"]),
    (["pot", "234567890123", datetime.date(2024, 3, 1), "", 7.25, 1, 1, 4],
     ["pot", "234567890123", "2024-03-01", "", "7.25", "1", "1", "4"]),
    (["pan", "345678901234", datetime.datetime(2024, 3, 1, 14, 30), "", 8, 1, 1, 5],
     ["pan", "345678901234", "2024-03-01 14:30:00", "", "8", "1", "1", "5"]),
    # the numeric cells: a SKU that lost its leading zero (085412003177), a
    # UPC that lost its (036000291452 -> 36000291452)
    (["tin", 85412003177, "Tin", 36000291452, 3, 1, 1, 6],
     ["tin", "85412003177", "Tin", "36000291452", "3", "1", "1", "6"]),
    # a SKU past 15 digits: Excel keeps 15 and shows it in E notation
    (["box", 1234567890123456789, "Box", "", 2, 1, 1, 7],
     ["box", "1.23456789012346E+18", "Box", "", "2", "1", "1", "7"]),
]

wb = openpyxl.Workbook()
ws = wb.active
ws.append(HEADER)
for cells, _ in ROWS:
    ws.append([None if c == "" else c for c in cells])
wb.save(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(HEADER)
    for _, text in ROWS:
        w.writerow(text)
