#!/usr/bin/python3
"""html_filter_check.py DOM CODE: report.html's filters after a link
#code=CODE, read from the DOM headless Chromium dumped: every card and line
whose finding codes hold CODE is shown, every other one hidden, the count
says how many are shown, and the closed list of lines is open when one of
its lines is shown. Exit 1 with the problems on stdout."""
import sys
from html.parser import HTMLParser


class Items(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.shown, self.more_open = [], None, None
        self.in_rows = self.in_shown = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "card" in a.get("class", "").split():
            self.items.append((a.get("id"), a.get("data-codes", ""), "hidden" in a, "card"))
        elif tag == "ul" and "rows" in a.get("class", "").split():
            self.in_rows = True
        elif tag == "li" and self.in_rows:
            self.items.append((a.get("id"), a.get("data-f", ""), "hidden" in a, "line"))
        elif tag == "details" and a.get("id") == "more":
            self.more_open = "open" in a
        elif tag == "b" and a.get("id") == "shown":
            self.in_shown, self.shown = True, ""

    def handle_endtag(self, tag):
        if tag == "ul":
            self.in_rows = False
        if tag == "b":
            self.in_shown = False

    def handle_data(self, data):
        if self.in_shown:
            self.shown += data


dom, code = sys.argv[1], sys.argv[2]
p = Items()
p.feed(open(dom, encoding="utf-8").read())
problems = []
want = [i for i in p.items if " %s " % code in " %s " % i[1]]
if not want:
    problems.append("no product has %s: the case shows nothing" % code)
for sku, codes, hidden, kind in p.items:
    if hidden == (" %s " % code in " %s " % codes):
        problems.append("%s %r (codes %r) is %s" % (kind, sku, codes.strip(), "hidden" if hidden else "shown"))
if (p.shown or "").strip() != str(len(want)):
    problems.append("the count says %r, %d shown" % (p.shown, len(want)))
if any(k == "line" for _, _, _, k in want) and not p.more_open:
    problems.append("a line is shown but the list of lines stays closed")
print("\n".join(problems[:20]))
sys.exit(1 if problems else 0)
