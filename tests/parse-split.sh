#!/bin/bash
# bench/csvcount -j 2 (issue 20, target 6: the parse on two cores) counts
# exactly what one parser counts, wherever the split falls: the record and
# field counts of each file are checked against `csvcount FILE` and, for the
# LF files, against Python's csv module (an independent parser). The cases
# put the middle inside a quoted field with newlines and doubled quotes
# (the guess passes over the newlines inside it to the next record:
# "verified yes"), inside one 5 MB quoted
# field whose lines look like records (the guess is fooled, the first half
# proves the split wrong: "verified no", and the counts still hold), in a
# CRLF file, in a file with no newline past the middle (no split), and in a
# file whose last quote is never closed (libcsv, set up as pos2ecom sets it,
# takes the open field to the end: pos2ecom reports such a row itself).
# usage: tests/parse-split.sh path/to/csvcount
set -u
cc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

python3 - "$tmp" <<'EOF'
import sys
d = sys.argv[1]
rows = []
for i in range(40000):
    desc = '"<p>Line one of %d with ""quotes""\nline two, with a comma</p>"' % i if i % 3 else "plain"
    rows.append('%d,"Name %d",%s,%d.50\n' % (i, i, desc, i))
# most newlines inside quotes, the first one past the middle among them
# (an odd count of quotes before it), so the split must look further
# (over 64 of them before the next record: the first version of the guess
# looked no further), padded until the middle falls so
lines = "".join('line %d, ""quoted"" text\n' % k for k in range(120))
body = "".join('%d,"Name %d","<p>%s</p>",%d.50\n' % (i, i, lines, i) for i in range(2000))
def newlines_to_next_record(text):
    at, inside = len(text) // 2, text.count('"', 0, len(text) // 2) % 2
    n = 0
    for ch in text[at:]:
        inside ^= ch == '"'
        n += ch == "\n"
        if ch == "\n" and not inside:
            return n
for pad in range(0, 4000, 7):
    text = "id,name,description,price\n0,%s,,\n" % ("x" * pad) + body
    if newlines_to_next_record(text) > 64:
        break
assert newlines_to_next_record(text) > 64
open(d + "/quoted.csv", "w", newline="").write(text)
inner = "".join("x%d,y,z\n" % i for i in range(600000))
open(d + "/fooled.csv", "w", newline="").write('id,text\n1,"' + inner + '"\n2,end\n')
open(d + "/crlf.csv", "w", newline="").write("".join(r.replace("\n", "\r\n") for r in rows[:20000]))
open(d + "/oneline.csv", "w", newline="").write("a," * 100000 + "b\n")
open(d + "/open-quote.csv", "w", newline="").write("".join(rows) + '9,"never closed\n')
EOF

check() { # check NAME FILE WANT_SPLIT(yes|no|none) [python]
  local name=$1 f=$2 want=$3 one two probs=()
  one=$("$cc" "$f") || probs+=("csvcount failed")
  two=$("$cc" -j 2 "$f") || probs+=("csvcount -j 2 failed")
  [ "$(head -1 <<< "$two")" = "$one" ] || probs+=("-j 2 counted '$(head -1 <<< "$two")', one parser '$one'")
  case $want in
  none) [ "$(wc -l <<< "$two")" -eq 1 ] || probs+=("split where none was possible: $two") ;;
  *) grep -q "^split [0-9]* verified $want\$" <<< "$two" || probs+=("wanted 'verified $want': $two") ;;
  esac
  if [ "${4:-}" = python ]; then
    local py
    py=$(python3 -c 'import csv,sys
csv.field_size_limit(sys.maxsize)
r=list(csv.reader(open(sys.argv[1], newline="")))
print("records %d fields %d" % (len(r), sum(len(x) for x in r)))' "$f")
    [ "${one% bytes *}" = "$py" ] || probs+=("libcsv '$one', Python '$py'")
  fi
  if [ ${#probs[@]} -eq 0 ]; then pass=$((pass + 1)); echo "PASS $name: $one"
  else fail=$((fail + 1)); echo "FAIL $name"; printf '  %s\n' "${probs[@]}"; fi
}

check quoted-newlines-at-the-middle "$tmp/quoted.csv" yes python
check guess-fooled-split-refused "$tmp/fooled.csv" no python
check crlf "$tmp/crlf.csv" yes
check no-newline-past-the-middle "$tmp/oneline.csv" none python

check unclosed-quote-at-the-end "$tmp/open-quote.csv" yes

echo "parse-split: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
