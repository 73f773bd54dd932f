#!/bin/bash
# make install under a DESTDIR with PREFIX and MANDIR: a stripped binary
# that runs, the man page that renders without a warning (mandoc -T lint
# where installed, else man -l with groff's warnings), and make uninstall
# removing both.
# usage: tests/install.sh
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
dest=$tmp/root
make -s -C "$top" install DESTDIR="$dest" PREFIX=/opt/p2e MANDIR=/opt/p2e/man > "$tmp/log" 2>&1 ||
  { cat "$tmp/log"; bad "make install"; }
bin=$dest/opt/p2e/bin/pos2ecom
man=$dest/opt/p2e/man/man1/pos2ecom.1
[ -x "$bin" ] && "$bin" --version | grep -q '^pos2ecom ' && ok "binary installed under DESTDIR/PREFIX" || bad "binary"
if readelf -S "$bin" 2>/dev/null | grep -q '\.symtab'; then bad "binary not stripped"; else ok "binary stripped"; fi
[ -f "$man" ] && grep -q '^\.Dt POS2ECOM 1' "$man" && ok "man page under DESTDIR/MANDIR/man1" || bad "man page"
# every command and option of the help is in the man page
missing=""
for cmd in convert sync audit outlets; do
  grep -q "^\.Ss $cmd\$" "$man" || missing="$missing $cmd"
  for o in $("$bin" help "$cmd" | grep -oE -- '--[a-z-]+' | sort -u); do
    grep -q -- "Fl \\\\${o#-}" "$man" || missing="$missing $o"
  done
done
[ -z "$missing" ] && ok "man page names every command and option" || bad "man page lacks:$missing"
if command -v mandoc >/dev/null; then
  if mandoc -T lint -W warning "$man" > "$tmp/lint" 2>&1; then ok "mandoc -T lint"; else cat "$tmp/lint"; bad "mandoc -T lint"; fi
elif command -v man >/dev/null && command -v groff >/dev/null; then
  MANWIDTH=80 man --warnings=w -l "$man" > "$tmp/page" 2> "$tmp/warn"
  if [ ! -s "$tmp/warn" ] && grep -q 'EXIT STATUS' "$tmp/page"; then ok "man -l renders without warnings"
  else head -20 "$tmp/warn"; bad "man -l"; fi
else
  skip=$((skip + 1)); echo "SKIP man page rendering: neither mandoc nor man with groff"
fi
make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/opt/p2e MANDIR=/opt/p2e/man > "$tmp/log" 2>&1
[ ! -e "$bin" ] && [ ! -e "$man" ] && ok "make uninstall removes both" || bad "make uninstall"
echo "install: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
