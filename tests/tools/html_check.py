#!/usr/bin/python3
"""tests/tools/html_check.py DOM OUTDIR [--sync] [--hostile FILE] [--no-script]

Checks the DOM that headless Chromium dumped (--dump-dom) of OUTDIR/report.html
against the run's other files, read independently of the page's writer:

  - the page's own script ran (html[data-js]: its hash in the policy is right),
    it is the only script, and no element has an on* attribute or a URL
    attribute with a scheme (every src and href is relative or a fragment);
  - the to-do lines are todo.csv's codes in todo.csv's order, with its counts;
  - one card or line per product of ecom-import.csv (or of the desired import
    with --sync: the products of ecom-update.csv and of the POS), its id the SKU;
  - every thumbnail's src is a file that exists under OUTDIR/images/thumbs/,
    inside a link to the staged photo of the same name under OUTDIR/images/;
  - the not-written section lists summary.json's rows not written (variants
    not written, and rows left out while reading);
  - with --sync: the differences table holds drift.csv's rows, and the
    to-delete section ecom-delete.csv's products;
  - with --hostile FILE: each line of FILE (a value planted in the export) is
    found as text (a text node or an attribute value) in the DOM.
With --no-script DOM is report.html itself (what a browser shows with
scripting off): the same checks but the script's mark.
Prints one line per problem; exit 1 when there is any.
"""
import csv
import json
import os
import sys
import urllib.parse
from html.parser import HTMLParser

VOID = {"img", "br", "meta", "input", "link", "hr", "col", "source", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def all_text(self):
        out = list(self.text)
        for c in self.children:
            out.append(c.all_text())
        return "".join(out)

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        # text goes in order: a child placeholder keeps it beside children
        t = Node("#text", {}, self.cur)
        t.text.append(data)
        self.cur.children.append(t)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    args = sys.argv[1:]
    dom_path, out = args[0], args[1]
    sync = "--sync" in args
    no_script = "--no-script" in args  # the page's file itself: the script has not run
    hostile = args[args.index("--hostile") + 1] if "--hostile" in args else None
    problems = []
    t = Tree()
    with open(dom_path, encoding="utf-8") as f:
        t.feed(f.read())
    nodes = list(t.root.walk())
    by_id = {}
    for n in nodes:
        if "id" in n.attrs:
            by_id.setdefault(n.attrs["id"], n)

    html = [n for n in nodes if n.tag == "html"]
    if no_script:
        pass
    elif not html or html[0].attrs.get("data-js") != "1":
        problems.append("the page's script did not run (html has no data-js=1)")
    scripts = [n for n in nodes if n.tag == "script"]
    if len(scripts) != 1:
        problems.append("%d script elements, expected 1" % len(scripts))
    for n in nodes:
        for k, v in n.attrs.items():
            if k.startswith("on"):
                problems.append("attribute %s on <%s>" % (k, n.tag))
            if k in ("src", "href", "action", "formaction", "data", "poster") and v is not None:
                scheme = urllib.parse.urlsplit(v).scheme
                if scheme:
                    problems.append("<%s %s=%r>: a URL with a scheme" % (n.tag, k, v[:80]))

    # to-do lines: todo.csv's codes, counts and order
    todo = read_csv(os.path.join(out, "todo.csv"))
    sec = by_id.get("todo")
    lines = [n for n in sec.walk() if n.tag == "li"] if sec else []
    got = [(li.children[0].all_text(), li.all_text()) for li in lines]
    want = [r["code"] for r in todo]
    if [g[0] for g in got] != want:
        problems.append("to-do lines %s, todo.csv says %s" % ([g[0] for g in got][:8], want[:8]))
    for (code, text), r in zip(got, todo):
        if "\u00d7%s " % r["count"] not in text or r["action"] not in text:
            problems.append("to-do line %s lacks its count %s or its action" % (code, r["count"]))

    # one card or line per product written, with its SKU as id
    imp = "ecom-update.csv" if sync else "ecom-import.csv"
    skus = []
    if os.path.exists(os.path.join(out, imp)):
        skus = [r["product_sku"] for r in read_csv(os.path.join(out, imp)) if r.get("type") == "product"]
    cards = [n for n in nodes if n.tag == "article" and "card" in n.attrs.get("class", "")]
    items = cards + [n for n in nodes if n.tag == "li" and n.parent.tag == "ul"
                     and "rows" in n.parent.attrs.get("class", "")]
    ids = [n.attrs.get("id") for n in items]
    if len(ids) != len(set(ids)):
        problems.append("a product shown twice")
    missing = [s for s in skus if s not in set(ids)]
    if missing:
        problems.append("%d products of %s without a card: %s" % (len(missing), imp, missing[:5]))
    if not sync and len(ids) != len(skus):
        problems.append("%d cards and lines, %d products in %s" % (len(ids), len(skus), imp))
    for c in cards:
        sku = c.attrs.get("id")
        if sku not in c.all_text():
            problems.append("card %r does not show its SKU" % sku)

    # thumbnails: relative paths to files that exist, the small JPEGs of
    # images/thumbs/ (issue 17), each linked to its staged photo
    for n in nodes:
        if n.tag == "img":
            src = n.attrs.get("src", "")
            path = urllib.parse.unquote(src)
            if not path.startswith("images/thumbs/") or not os.path.isfile(os.path.join(out, path)):
                problems.append("thumbnail %r: no such file under images/thumbs/" % src)
                continue
            a = n.parent
            big = urllib.parse.unquote(a.attrs.get("href") or "") if a is not None and a.tag == "a" else ""
            stem = os.path.splitext(os.path.basename(path))[0]
            if (not big.startswith("images/") or big.startswith("images/thumbs/")
                    or not os.path.isfile(os.path.join(out, big))
                    or os.path.splitext(os.path.basename(big))[0] != stem):
                problems.append("thumbnail %r is not linked to its staged photo (%r)" % (src, big))

    # not written: every row not written is listed
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    nw = by_id.get("not-written")
    if nw is None:
        problems.append("no not-written section")
    else:
        rows = [n for n in nw.walk() if n.tag == "tr" and any(c.tag == "td" for c in n.children)]
        want_rows = summary["rows"]["not_written"]
        if want_rows <= 2000 and len(rows) != want_rows:
            problems.append("not-written section lists %d rows, summary.json says %d" % (len(rows), want_rows))

    # a long table comes in chunks of at most 100 rows, each in a box that
    # the browser lays out only when it scrolls into view (a whole table is
    # laid out at once: 2,000 rows cost Chromium 0.8 s on the M bench page)
    for n in nodes:
        if n.tag == "table" and not any(a.tag == "article" for a in n.ancestors()):
            nrows = sum(1 for r in n.walk() if r.tag == "tr" and any(c.tag == "td" for c in r.children))
            if nrows > 100 or "chunk" not in n.parent.attrs.get("class", "").split():
                problems.append("a table of %d rows outside a card, not in a chunk of 100" % nrows)

    if sync:
        drift = read_csv(os.path.join(out, "drift.csv"))
        sec = by_id.get("drift")
        rows = [n for n in sec.walk() if n.tag == "tr" and any(c.tag == "td" for c in n.children)] if sec else []
        if len(rows) != len(drift):
            problems.append("differences table has %d rows, drift.csv %d" % (len(rows), len(drift)))
        for tr, d in zip(rows, drift):
            cells = [c.all_text() for c in tr.children if c.tag == "td"]
            if cells[:4] != [d["sku"], d["field"], d["ecom_value"], d["pos_value"]]:
                problems.append("difference %r shown as %r" % (list(d.values())[:4], cells[:4]))
        dele = os.path.join(out, "ecom-delete.csv")
        if os.path.exists(dele):
            want = sorted(r["product_sku"] for r in read_csv(dele))
            sec = by_id.get("to-delete")
            got_rows = [n for n in sec.walk() if n.tag == "tr"] if sec else []
            got_skus = sorted([c.all_text() for c in r.children if c.tag == "td"][1]
                              for r in got_rows if any(c.tag == "td" for c in r.children))
            if got_skus != want:
                problems.append("to-delete lists %s, ecom-delete.csv %s" % (got_skus, want))

    if hostile:
        texts = set()
        for n in nodes:
            if n.tag == "#text":
                texts.add("".join(n.text))
            for v in n.attrs.values():
                if v is not None:
                    texts.add(v)
        blob = "\x00".join(texts)
        with open(hostile, encoding="utf-8") as f:
            for value in f.read().split("\n"):
                if value and value not in blob:
                    problems.append("hostile value not held as text: %r" % value)

    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
