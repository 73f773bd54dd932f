#!/usr/bin/python3
"""Check todo.csv against exceptions.csv, computed here independently:
exceptions.csv rows go errors, warnings, info, each by file then line (the
export files first, in the order they were given; other files after);
todo.csv has one line per code with its count, its first line in
exceptions.csv, its severity, and the order errors, warnings, info, then
count descending, then code. Prints what is wrong; exits 1 if anything is.
usage: todo_check.py DIR"""
import csv, sys

out = sys.argv[1]
with open(f"{out}/exceptions.csv", newline="", encoding="utf-8") as f:
    exc = list(csv.DictReader(f))
with open(f"{out}/todo.csv", newline="", encoding="utf-8") as f:
    todo = list(csv.DictReader(f))
rank = {"error": 0, "warning": 1, "info": 2}
bad = []

sev = [rank[r["severity"]] for r in exc]
if sev != sorted(sev):
    bad.append("exceptions.csv is not ordered errors, warnings, info")
seen = set()
for a, b in zip(exc, exc[1:]):
    if a["severity"] != b["severity"]:
        seen = set()
    elif a["file"] == b["file"]:
        if int(a["line"] or 0) > int(b["line"] or 0):
            bad.append(f"exceptions.csv: {a['file']} line {a['line']} before {b['line']}")
            break
    else:
        seen.add(a["file"])
        if b["file"] in seen:
            bad.append(f"exceptions.csv: {b['file']}'s {b['severity']} rows are not together")
            break
for r in exc:
    if not r["action"]:
        bad.append(f"exceptions.csv: {r['code']} has no action")
        break

count, first, severity = {}, {}, {}
for i, r in enumerate(exc):
    c = r["code"]
    count[c] = count.get(c, 0) + 1
    first.setdefault(c, i + 2)  # the header is line 1
    severity[c] = r["severity"]
want = sorted(count, key=lambda c: (rank[severity[c]], -count[c], c))
got = [r["code"] for r in todo]
if got != want:
    bad.append(f"todo.csv codes {got} != {want}")
for r in todo:
    c = r["code"]
    if c not in count:
        continue
    if int(r["count"]) != count[c]:
        bad.append(f"todo.csv {c}: count {r['count']} != {count[c]}")
    if int(r["first_line"]) != first[c]:
        bad.append(f"todo.csv {c}: first_line {r['first_line']} != {first[c]}")
    if r["severity"] != severity[c]:
        bad.append(f"todo.csv {c}: severity {r['severity']} != {severity[c]}")
    ex = exc[first[c] - 2]
    if r["action"] != ex["action"]:
        bad.append(f"todo.csv {c}: action differs from exceptions.csv's")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
