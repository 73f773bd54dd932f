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
	@ASAN_OPTIONS=detect_leaks=1 tests/run-unit.sh build/san/tests $(TESTS)

golden: build/pos2ecom
	@XLSX_CHECK=1 tests/golden.sh build/pos2ecom

golden-san: build/san/pos2ecom
	@ASAN_OPTIONS=detect_leaks=1 tests/golden.sh build/san/pos2ecom

# the bad-input matrix that cannot live in fixtures/ (big or special inputs)
bad-inputs: build/pos2ecom
	@tests/bad-inputs.sh build/pos2ecom

# safety cases, one script per concern (tests/safety/*.sh, helpers in
# tests/cases-lib.sh): data loss, hostile values, interrupted runs
safety: build/pos2ecom build/san/pos2ecom
	@rc=0; for t in tests/safety/*.sh; do [ -e "$$t" ] || continue; \
		bash "$$t" build/pos2ecom build/san/pos2ecom || rc=1; done; exit $$rc

# the public exports saved as .xlsx and as UTF-16 text convert as the CSV
spreadsheets: build/pos2ecom
	@tests/spreadsheets.sh build/pos2ecom

# same bytes on every run, and from the serial and the two-core paths
determinism: build/pos2ecom build/bench/gen
	@tests/determinism.sh build/pos2ecom build/bench/gen

# crashes found by fuzzing, replayed under ASan/UBSan (see tests/fuzz/README.md)
fuzz-replay:
	@tests/fuzz/replay.sh

lint:
	@scripts/install-deps.sh lint
	@tests/lint.sh

valgrind: build/pos2ecom
	@scripts/install-deps.sh valgrind
	@tests/valgrind.sh build/pos2ecom

check: check-deps
	@$(MAKE) --no-print-directory CI=1 build/pos2ecom
	@$(MAKE) --no-print-directory CI=1 unit golden bad-inputs safety determinism spreadsheets
	@$(MAKE) --no-print-directory CI=1 unit-san golden-san fuzz-replay
	@echo "make check: all tests passed"

# ---- the demo --------------------------------------------------------
run: deps
	@$(MAKE) --no-print-directory build/pos2ecom
	@scripts/demo.sh build/pos2ecom

install: build/pos2ecom
	mkdir -p $(DESTDIR)$(BINDIR)
	cp -f build/pos2ecom $(DESTDIR)$(BINDIR)/pos2ecom
	chmod 755 $(DESTDIR)$(BINDIR)/pos2ecom

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pos2ecom

clean:
	rm -rf build out

.PHONY: all deps check check-deps unit unit-san golden golden-san bad-inputs safety determinism spreadsheets fuzz-replay lint \
	valgrind run install uninstall clean
.SECONDARY:

include bench/bench.mk
include tests/fuzz/fuzz.mk
