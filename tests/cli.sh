#!/bin/bash
# The command line as a new user meets it: help in its three spellings,
# mistakes answered in one line with the nearest spelling, options that
# contradict each other refused with their reason, sizes with suffixes,
# and the forms of `outlets` (tab-separated piped, aligned on a terminal,
# JSON). Every expected value is worked out by hand from the README.
# usage: tests/cli.sh [path/to/pos2ecom]   (default build/pos2ecom)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "${1:-build/pos2ecom}")" && pwd)/$(basename "${1:-build/pos2ecom}")
. "$top/tests/cases-lib.sh"

# -- help ---------------------------------------------------------------------
for cmd in convert sync audit outlets; do
  if want "help-$cmd"; then
    run help "$cmd"; expect_exit 0; cp run.out a
    run "$cmd" --help; expect_exit 0; cp run.out b
    run "$cmd" -h; expect_exit 0
    cmp -s a b || problem "'help $cmd' and '$cmd --help' differ"
    cmp -s a run.out || problem "'help $cmd' and '$cmd -h' differ"
    grep -q "^usage: pos2ecom $cmd " a || problem "no usage line"
    for part in examples: writes: "exit codes:" "  0    success" "  2    fatal"; do
      grep -qF -- "$part" a || problem "help of $cmd lacks '$part'"
    done
    [ "$(grep -c '^  pos2ecom \|^  [a-z]* .*| pos2ecom ' a)" -ge 2 ] || problem "fewer than two examples"
    [ -s run.err ] && problem "help wrote to stderr: $(head -c 200 run.err)"
    done_case
  fi
done
if want help-all; then
  run help; expect_exit 0
  for cmd in convert sync audit outlets help; do
    grep -q "^  $cmd  *[a-z]" run.out || problem "the list lacks $cmd"
  done
  run --help; expect_exit 0
  run; expect_exit 1
  done_case
fi
# the options a command does not take are not in its help
if want help-scoped; then
  run help outlets; expect_exit 0
  grep -q -- '--ecom\|--outlet \|--strict' run.out && problem "outlets' help shows options it does not take"
  run help convert; expect_exit 0
  grep -q -- '--ecom\|--json' run.out && problem "convert's help shows options it does not take"
  run help sync; grep -q -- '--disable-deleted' run.out || problem "sync's help lacks --disable-deleted"
  run help audit; grep -q -- '--disable-deleted' run.out && problem "audit's help shows --disable-deleted"
  done_case
fi

# -- mistakes in one line -----------------------------------------------------
small() { small_export in.csv; }
if want typo-command; then
  run conver in.csv; expect_exit 1
  expect_one_line "unknown command 'conver'; did you mean 'convert'?"
  run sycn; expect_exit 1; expect_one_line "did you mean 'sync'?"
  run frobnicate; expect_exit 1; expect_one_line "unknown command 'frobnicate' (see 'pos2ecom help')"
  run help conver; expect_exit 1; expect_one_line "did you mean 'convert'?"
  done_case
fi
if want typo-option; then
  small
  run convert --outlt Main in.csv; expect_exit 1
  grep -qx "pos2ecom convert: unknown option '--outlt'; did you mean '--outlet'?" run.err ||
    problem "got: $(cat run.err)"
  [ "$(wc -l < run.err)" = 1 ] || problem "not one line"
  run convert --imagse x in.csv; expect_exit 1
  grep -qF "did you mean '--images'?" run.err || problem "got: $(cat run.err)"
  run convert --bogus in.csv; expect_exit 1
  grep -qx "pos2ecom convert: unknown option '--bogus' (see 'pos2ecom help convert')" run.err ||
    problem "got: $(cat run.err)"
  # an option of another command is unknown here, with its neighbour
  run outlets --all-outlets in.csv; expect_exit 1
  grep -qF "pos2ecom outlets: unknown option '--all-outlets'" run.err || problem "got: $(cat run.err)"
  run convert --ecom x in.csv; expect_exit 1
  grep -qF "pos2ecom convert: unknown option '--ecom'" run.err || problem "got: $(cat run.err)"
  run convert -x in.csv; expect_exit 1
  grep -qF "unknown option '-x'" run.err || problem "got: $(cat run.err)"
  run convert in.csv -o; expect_exit 1
  grep -qx "pos2ecom convert: option '-o' needs a value (see 'pos2ecom help convert')" run.err ||
    problem "got: $(cat run.err)"
  expect_absent pos2ecom-out
  done_case
fi

# -- contradictions and options that do nothing ------------------------------
if want conflicts; then
  small
  run convert --all-outlets --outlet Main_Outlet in.csv; expect_exit 1
  grep -qF "pos2ecom convert: --all-outlets and --outlet contradict each other" run.err ||
    problem "got: $(cat run.err)"
  [ "$(wc -l < run.err)" = 1 ] || problem "not one line"
  run convert --image-base-url https://cdn.example.com in.csv; expect_exit 1
  grep -qF "pos2ecom convert: --image-base-url needs --images DIR" run.err || problem "got: $(cat run.err)"
  run sync --all-outlets in.csv; expect_exit 1
  grep -qF "pos2ecom sync: needs --ecom CATALOG.csv" run.err || problem "got: $(cat run.err)"
  expect_absent pos2ecom-out
  # warned, not refused: the run goes on
  run convert -q -o out in.csv; expect_exit 0
  run sync --disable-deleted --ecom out/ecom-import.csv -o s in.csv; expect_exit 0
  grep -qF "pos2ecom sync: warning: --disable-deleted does nothing without --previous" run.err ||
    problem "got: $(head -c 300 run.err)"
  done_case
fi

# -- sizes: K, M, G and KiB, MiB, GiB are powers of 1024 ----------------------
if want sizes; then
  # a 1010-byte name: within 1K (1024), over 1000
  name=$(head -c 1010 /dev/zero | tr '\0' 'x')
  printf 'handle,sku,name,retail_price,inventory_Main_Outlet\ncup,CUP-1,%s,4.00,3\n' "$name" > in.csv
  run convert --dry-run -q --max-field-size 1K in.csv; expect_exit 0
  run convert --dry-run -q --max-field-size 1KiB in.csv; expect_exit 0
  run convert --dry-run -q --max-field-size 1000 in.csv; expect_exit 2
  run convert --dry-run -q --max-field-size 1009 in.csv; expect_exit 2
  run convert --dry-run -q --max-field-size 1010 in.csv; expect_exit 0
  for s in 128M 64MiB 1G 2GiB 1048576; do
    run convert --dry-run -q --max-field-size "$s" --max-row-size "$s" in.csv; expect_exit 0
  done
  for s in 0 0K 12Q M -1 1.5M 1k 1MB 99999999999999G ""; do
    run convert --dry-run -q --max-row-size "$s" in.csv; expect_exit 1
    grep -qF "pos2ecom convert: --max-row-size needs a positive size such as 1048576, 512K or 64MiB, not '$s'" run.err ||
      problem "size '$s': $(cat run.err)"
  done
  done_case
fi

# -- outlets: tab-separated piped, aligned on a terminal, JSON ----------------
outlets_export() {
  printf 'handle,sku,name,retail_price,inventory_Main_Outlet,inventory_Pop-Up_Store\n' > in.csv
  printf 'cup,CUP-1,Cup,4.00,3,-1\nmug,MUG-1,Mug,9.00,12,0\n' >> in.csv
}
if want outlets-tsv; then
  outlets_export
  run outlets in.csv; expect_exit 0
  printf 'outlet\tkey\tvariants_in_stock\ttotal_stock\tnegative_rows\nMain Outlet\tMain_Outlet\t2\t15\t0\nPop-Up Store\tPop-Up_Store\t0\t0\t1\n' > want
  cmp -s want run.out || problem "tsv: $(diff want run.out | head -5)"
  done_case
fi
if want outlets-json; then
  outlets_export
  run outlets --json in.csv; expect_exit 0
  cat > want <<'EOF'
[
  {"outlet": "Main Outlet", "key": "Main_Outlet", "variants_in_stock": 2, "total_stock": 15, "negative_rows": 0},
  {"outlet": "Pop-Up Store", "key": "Pop-Up_Store", "variants_in_stock": 0, "total_stock": 0, "negative_rows": 1}
]
EOF
  cmp -s want run.out || problem "json: $(diff want run.out | head -5)"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[1]["negative_rows"]==1' run.out ||
    problem "not JSON"
  done_case
fi
if want outlets-terminal; then
  outlets_export
  if command -v script >/dev/null; then
    script -qec "$bin outlets in.csv" /dev/null > tty.out 2>&1; code=$?
    expect_exit 0
    tr -d '\r' < tty.out > got
    cat > want <<'EOF'
outlet        key           variants_in_stock  total_stock  negative_rows
Main Outlet   Main_Outlet                   2           15              0
Pop-Up Store  Pop-Up_Store                  0            0              1
EOF
    cmp -s want got || problem "aligned: $(diff want got | head -6)"
    done_case
  else
    skip_case "script(1) is not installed"
  fi
fi

# -- standard input ----------------------------------------------------------
if want stdin; then
  export TMPDIR=$PWD/tmpdir; mkdir -p "$TMPDIR"
  outlets_export
  run convert --all-outlets -q -o file in.csv; expect_exit 0
  timeout "$limit" "$bin" convert --all-outlets -q -o piped - < in.csv > run.out 2> run.err; code=$?
  expect_exit 0
  cmp -s file/ecom-import.csv piped/ecom-import.csv || problem "the import from stdin differs"
  grep -q '"input_files": \["-"\]' piped/summary.json || problem "summary.json does not name -"
  # findings name it stdin (file column)
  grep -q ',stdin,' piped/exceptions.csv || problem "no finding names stdin: $(head -3 piped/exceptions.csv)"
  "$bin" outlets - < in.csv > a 2>&1 || problem "outlets - failed"
  "$bin" outlets in.csv > b 2>&1
  cmp -s a b || problem "outlets - differs from outlets FILE"
  cat in.csv | "$bin" sync --all-outlets -q --ecom file/ecom-import.csv -o s - > run.out 2> run.err
  code=$?; expect_exit 0; expect_file s/drift.csv
  run convert - - ; expect_exit 1; expect_one_line "'-' (standard input) is given twice"
  "$bin" convert --dry-run -q - < /dev/null > run.out 2> run.err; code=$?
  expect_exit 2; expect_one_line "standard input: empty file"
  # the size caps apply: a 1010-byte field over 1000
  name=$(head -c 1010 /dev/zero | tr '\0' 'x')
  printf 'handle,sku,name,retail_price\ncup,CUP-1,%s,4.00\n' "$name" |
    "$bin" convert --dry-run -q --max-field-size 1000 - > run.out 2> run.err; code=$?
  expect_exit 2
  [ -z "$(ls -A "$TMPDIR")" ] || problem "left in TMPDIR: $(ls -A "$TMPDIR")"
  unset TMPDIR
  done_case
fi

# -- the encoding, in words, on the terminal -----------------------------------
# fixtures/cp1252 is Windows-1252 (its NOTES.md): the summary names the
# encoding assumed and the option that chooses the other one.
if want summary-encoding; then
  run convert --outlet 'Main Outlet' -o out "$top/fixtures/cp1252/export.csv"; expect_exit 0
  grep -qF "encoding of $top/fixtures/cp1252/export.csv: not UTF-8: read as Windows-1252 (Excel for Windows)" run.out run.err \
    || problem "the summary does not name the encoding: $(cat run.out run.err | head -c 600)"
  grep -qF "run again with --encoding macintosh" run.out run.err || problem "the summary does not say how to override it"
  run convert --outlet 'Main Outlet' -o out2 --encoding macintosh "$top/fixtures/cp1252/export.csv"; expect_exit 0
  grep -qF "read as macintosh, as --encoding said" run.out run.err || problem "a forced encoding is not named: $(cat run.out run.err | head -c 600)"
  done_case
fi

# -- progress on a terminal, and -v -------------------------------------------
# about 5.5 MB, over the 4 MiB below which no progress is shown
big_export() {
  awk 'BEGIN { print "handle,sku,name,retail_price,inventory_Main_Outlet";
    for (i = 1; i <= 150000; i++) printf "h%d,SKU-%d,Name %d,%d.50,%d\n", i, i, i, i % 50, i % 7 }' > "$1"
}
# under a pseudo-terminal: stdout and stderr both go to tty.out
on_tty() { script -qfec "$1" /dev/null > tty.out 2>&1; code=$?; }
esc=$(printf '\033')
if want progress-terminal; then
  if command -v script >/dev/null; then
    big_export big.csv
    on_tty "$bin convert --no-xlsx -o tty big.csv"; expect_exit 0
    grep -qF "pos2ecom: reading  " tty.out || problem "no reading line: $(head -c 300 tty.out | od -c | head -5)"
    grep -qF "pos2ecom: checking" tty.out || problem "no checking line"
    grep -qF "of 5.5 MB" tty.out || problem "no bytes of the total"
    grep -qF "pos2ecom: writing the import" tty.out || problem "no writing phase"
    # rewritten in place (CR, erase to the end of the line), erased before the summary
    grep -qF "$(printf '\r')${esc}[Kpos2ecom: read 150000 rows" tty.out || problem "the line is not erased before the summary"
    # the same outputs as without a terminal
    "$bin" convert --no-xlsx -q -o file big.csv > run.out 2> run.err || problem "the plain run failed"
    cmp -s tty/ecom-import.csv file/ecom-import.csv || problem "the import differs under a terminal"
    # -q: nothing at all
    on_tty "$bin convert -q --dry-run big.csv"; expect_exit 0
    [ -s tty.out ] && problem "-q printed under a terminal: $(head -c 200 tty.out | od -c | head -3)"
    # TERM=dumb: plain lines, no cursor movement
    on_tty "env TERM=dumb $bin convert --dry-run big.csv"; expect_exit 0
    grep -qx "pos2ecom: reading (5.5 MB)...$(printf '\r')" tty.out || problem "TERM=dumb: no plain reading line: $(head -3 tty.out)"
    grep -qF "$esc" tty.out && problem "TERM=dumb: escape sequences"
    # NO_COLOR: still shown (there is no colour to take away)
    on_tty "env NO_COLOR=1 $bin convert --dry-run big.csv"; expect_exit 0
    grep -qF "pos2ecom: reading  " tty.out || problem "NO_COLOR: no progress"
    # a small export: no line
    small_export small.csv
    on_tty "$bin convert --dry-run small.csv"; expect_exit 0
    grep -qF "pos2ecom: reading" tty.out && problem "progress for a small export"
    # Ctrl-C: the line is erased before the one-line message (when the run
    # is still going after 0.7 s; a fast machine may finish first)
    on_tty "timeout --preserve-status -s INT 0.7 $bin convert --no-xlsx -o intr big.csv"
    if [ "$code" = 130 ] && grep -qF "pos2ecom: checking" tty.out; then
      grep -qF "$(printf '\r')${esc}[Kpos2ecom: interrupted" tty.out || problem "the line is not erased on Ctrl-C"
    fi
    # outlets shows it too, on stderr only
    on_tty "$bin outlets big.csv"; expect_exit 0
    grep -qF "pos2ecom: reading  " tty.out || problem "outlets: no progress"
    done_case
  else
    skip_case "script(1) is not installed"
  fi
fi
if want progress-not-terminal; then
  big_export big.csv
  run convert --dry-run big.csv; expect_exit 0
  grep -qF "pos2ecom: reading" run.err && problem "progress with stderr in a file"
  grep -qF "$esc" run.err && problem "escape sequences with stderr in a file"
  "$bin" outlets big.csv > run.out 2> run.err || problem "outlets failed"
  [ -s run.err ] && problem "outlets wrote to a file's stderr: $(head -c 200 run.err)"
  done_case
fi
if want verbose; then
  small_export in.csv
  run convert -v --dry-run --all-outlets in.csv; expect_exit 0
  expect_err "pos2ecom: in.csv: 93 B, CSV, encoding UTF-8, delimiter ',', 5 columns"
  expect_err "pos2ecom: outlets: 1: 'Main Outlet' (summed)"
  expect_err "pos2ecom: rows: 2 read in "
  grep -q "^pos2ecom: reading: [0-9.]* s, 93 B read at " run.err || problem "no reading timing: $(cat run.err)"
  grep -q "^pos2ecom: applying the rules: [0-9.]* s" run.err || problem "no rules timing"
  grep -qF "$esc" run.err && problem "-v wrote escape sequences to a file"
  # legacy bytes and semicolons, and outlets -v
  printf 'handle;sku;name;retail_price;inventory_Main;inventory_Pop_Up;colour\ncup;CUP-1;Caf\351;4.00;3;1;red\n' > w.csv
  run outlets -v w.csv; expect_exit 0
  expect_err "encoding WINDOWS-1252 (converted to UTF-8), delimiter ';', 7 columns (1 not used: colour)"
  expect_err "pos2ecom: outlets: 2: 'Main', 'Pop Up'"
  grep -q "^Main	Main	1	3	0$" run.out || problem "outlets -v changed standard output: $(cat run.out)"
  # -q -v: what was decided, no summary
  run convert -q -v --dry-run --all-outlets in.csv; expect_exit 0
  expect_err "encoding UTF-8"
  expect_no_err "pos2ecom: read 2 rows"
  done_case
fi

cases_summary cli
