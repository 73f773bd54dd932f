# pos2ecom - see README.md. Plain GNU make; settings in config.mk.
include config.mk

SRC = $(filter-out src/app/main.c,$(wildcard $(LAYERS:%=src/%/*.c)))
TESTS = $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

OBJ = $(SRC:src/%.c=build/obj/%.o)
SAN_OBJ = $(SRC:src/%.c=build/san/obj/%.o)
HDR = $(wildcard $(LAYERS:%=src/%/*.h))
# the tests' shared headers (testutil.h, sync_util.h)
TEST_HDR = $(wildcard tests/*.h)

# CI and make check treat warnings as errors
ifneq ($(CI),)
CFLAGS += -Werror
endif

all: build/pos2ecom

deps:
	@scripts/install-deps.sh build

build/obj/%.o: src/%.c $(HDR) config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

build/libpos2ecom.a: $(OBJ)
	rm -f $@
	ar rcs $@ $(OBJ)

build/pos2ecom: build/obj/app/main.o build/libpos2ecom.a
	$(CC) $(CFLAGS) -o $@ build/obj/app/main.o build/libpos2ecom.a $(LDLIBS)

# Transitional (architecture issue, point 6: results that must be checked):
# ---- tests: the same suite twice, plain and under ASan+UBSan ----------
build/san/obj/%.o: src/%.c $(HDR) config.mk
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(SAN_CFLAGS) -Werror -c $< -o $@

build/san/libpos2ecom.a: $(SAN_OBJ)
	rm -f $@
	ar rcs $@ $(SAN_OBJ)

build/san/pos2ecom: build/san/obj/app/main.o build/san/libpos2ecom.a
	$(CC) $(SAN_CFLAGS) -o $@ build/san/obj/app/main.o build/san/libpos2ecom.a $(LDLIBS)

build/tests/%: tests/%.c $(TEST_HDR) build/libpos2ecom.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -Werror -o $@ $< build/libpos2ecom.a $(LDLIBS) -lcmocka

build/san/tests/%: tests/%.c $(TEST_HDR) build/san/libpos2ecom.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(SAN_CFLAGS) -Werror -o $@ $< build/san/libpos2ecom.a $(LDLIBS) -lcmocka

check-deps:
	@scripts/install-deps.sh check

unit: $(TESTS:%=build/tests/%)
	@tests/run-unit.sh build/tests $(TESTS)

unit-san: $(TESTS:%=build/san/tests/%)
	@ASAN_OPTIONS=detect_leaks=1 PREFIX=san/ tests/run-unit.sh build/san/tests $(TESTS)

golden: build/pos2ecom
	@XLSX_CHECK=1 tests/tally.sh golden tests/golden.sh build/pos2ecom

golden-san: build/san/pos2ecom
	@ASAN_OPTIONS=detect_leaks=1 tests/tally.sh san/golden tests/golden.sh build/san/pos2ecom

# the bad-input matrix that cannot live in fixtures/ (big or special inputs)
bad-inputs: build/pos2ecom
	@tests/tally.sh bad-inputs tests/bad-inputs.sh build/pos2ecom

# safety cases, one script per concern (tests/safety/*.sh, helpers in
# tests/cases-lib.sh): data loss, hostile values, interrupted runs
# tests/layers.sh catches what make lint must reject (an include going up)
layers-selftest:
	@tests/tally.sh layers-selftest tests/layers.sh --self-test

safety: build/pos2ecom build/san/pos2ecom
	@rc=0; for t in tests/safety/*.sh; do [ -e "$$t" ] || continue; \
		tests/tally.sh "safety/$$(basename $$t .sh)" bash "$$t" build/pos2ecom build/san/pos2ecom || rc=1; \
		done; exit $$rc

# the command line: help, mistakes, sizes, conflicts, outlets' forms
cli: build/pos2ecom
	@tests/tally.sh cli tests/cli.sh build/pos2ecom

# pos2ecom check: every import file the project writes passes; each rule caught on a broken file
import-check: build/pos2ecom
	@tests/tally.sh import-check tests/check.sh build/pos2ecom

# tests/xlsx_check.py catches a spoiled workbook (formats, tabs, links, print settings)
xlsx-selftest: build/pos2ecom
	@tests/tally.sh xlsx-selftest tests/xlsx-selftest.sh build/pos2ecom

# report.xlsx printed by LibreOffice: PDF and PNGs in build/artefacts/render/
# (skipped, saying so, without soffice: scripts/install-deps.sh render)
render: build/pos2ecom
	@tests/tally.sh render tests/render.sh build/pos2ecom

# the report a merchant acts on: todo.csv against exceptions.csv (demo, public exports)
report: build/pos2ecom
	@tests/tally.sh report tests/report.sh build/pos2ecom

# manual-fields.xlsx read back with openpyxl; fill after openpyxl and LibreOffice edits
fill: build/pos2ecom
	@tests/tally.sh fill bash tests/fill.sh build/pos2ecom

# report.html in headless Chromium (screenshots of the demo in build/artefacts/)
html: build/pos2ecom build/bench/gen
	@tests/tally.sh html tests/html.sh build/pos2ecom

# report.html's thumbnails (images/thumbs/): read back by PIL, none with
# --no-html, same bytes, removed when no longer needed, a killed commit
thumbs: build/pos2ecom build/san/pos2ecom
	@tests/tally.sh thumbs tests/thumbs.sh build/pos2ecom build/san/pos2ecom

# the public exports saved as .xlsx and as UTF-16 text convert as the CSV
spreadsheets: build/pos2ecom
	@tests/tally.sh spreadsheets tests/spreadsheets.sh build/pos2ecom

# numeric and date cells of a workbook read as the CSV Excel saves; NUMBER_AMBIGUOUS
workbooks: build/pos2ecom build/bench/csv2xlsx
	@tests/tally.sh workbooks tests/workbooks.sh build/pos2ecom

# every output of the default convert (demo, public exports) as recorded in
# tests/data/outputs.sha256; the workbooks deflated at level 1 (issue 20)
outputs: build/pos2ecom
	@tests/tally.sh outputs tests/outputs.sh build/pos2ecom

# same bytes on every run, and from the serial and the two-core paths
determinism: build/pos2ecom build/bench/gen
	@tests/tally.sh determinism tests/determinism.sh build/pos2ecom build/bench/gen

# the bench's two-core bare parse counts what one parser counts (issue 20)
parse-split: build/bench/csvcount
	@tests/tally.sh parse-split tests/parse-split.sh build/bench/csvcount

# crashes found by fuzzing, replayed under ASan/UBSan (see tests/fuzz/README.md)
fuzz-replay:
	@tests/tally.sh fuzz-replay tests/fuzz/replay.sh

lint:
	@scripts/install-deps.sh lint
	@tests/lint.sh

valgrind: build/pos2ecom
	@scripts/install-deps.sh valgrind
	@tests/valgrind.sh build/pos2ecom

# Quiet: the builds go to build/check-build.log (shown when one fails), each
# test program prints one line (tests/tally.sh) and its output when it
# fails; the last line is "N passed, N failed, N skipped" over every test.
# V=1 shows everything.
CHECK_BUILD = build/pos2ecom build/san/pos2ecom build/bench/gen build/bench/csv2xlsx build/bench/csvcount \
	$(TESTS:%=build/tests/%) \
	$(TESTS:%=build/san/tests/%)
check: check-deps
	@tests/tally.sh --reset
	@if [ "$(V)" = 1 ]; then $(MAKE) --no-print-directory CI=1 $(CHECK_BUILD); \
	else $(MAKE) --no-print-directory CI=1 $(CHECK_BUILD) > build/check-build.log 2>&1 \
		|| { cat build/check-build.log; echo "make check: the build failed"; exit 1; }; fi
	@$(MAKE) --no-print-directory -k CI=1 unit golden bad-inputs safety layers-selftest cli install-test determinism parse-split outputs spreadsheets workbooks import-check report fill xlsx-selftest render html thumbs \
		unit-san golden-san fuzz-replay; rc=$$?; tests/tally.sh --total && exit $$rc

# ---- the demo --------------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory build/pos2ecom
	@scripts/demo.sh build/pos2ecom

# the man page, made from the same table as the help (src/app/cli.c)
build/pos2ecom.1: build/pos2ecom
	build/pos2ecom help --man > $@.tmp && mv $@.tmp $@

man: build/pos2ecom.1

install: build/pos2ecom build/pos2ecom.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -s -m 755 build/pos2ecom $(DESTDIR)$(BINDIR)/pos2ecom
	install -m 644 build/pos2ecom.1 $(DESTDIR)$(MANDIR)/man1/pos2ecom.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pos2ecom $(DESTDIR)$(MANDIR)/man1/pos2ecom.1

# make install and uninstall under a DESTDIR; the man page rendered
install-test: build/pos2ecom
	@tests/tally.sh install tests/install.sh

clean:
	rm -rf build out

.PHONY: all deps check check-deps unit unit-san golden golden-san bad-inputs safety layers-selftest cli install-test man determinism parse-split outputs spreadsheets workbooks import-check report fill xlsx-selftest render html thumbs fuzz-replay lint \
	valgrind run install uninstall clean
.SECONDARY:

include bench/bench.mk
include tests/fuzz/fuzz.mk
