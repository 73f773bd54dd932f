# bench/bench.mk - `make bench [SIZE=S|M|L]`: the throughput benchmark;
# `make bench-sync`: sync and audit against convert.
# Included by the top Makefile (after its own rules, so `all` stays the default
# goal). Builds go to build/bench/, generated exports to bench/data/ (git-ignored);
# results go to bench/results.md. See bench/README.md.

SIZE ?= M
REPEATS ?= 5
# standard, or heavy: the findings-heavy catalog (bench/gen.c)
PROFILE ?= standard
BENCH_CFLAGS = -std=c11 -O2 -g $(WARNINGS)
# CI and make check treat warnings as errors, as for the program
ifneq ($(CI),)
BENCH_CFLAGS += -Werror
endif

# the generator: the command line, rows and families, the store export
GEN_SRC = bench/gen.c bench/gen_rows.c bench/gen_export.c

build/bench/gen: $(GEN_SRC) bench/gen.h config.mk bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $(GEN_SRC)

build/bench/csvcount: bench/csvcount.c config.mk bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ bench/csvcount.c -lcsv -pthread

build/bench/exportedit: bench/exportedit.c config.mk bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ bench/exportedit.c -lcsv

build/bench/csv2xlsx: bench/csv2xlsx.c config.mk bench/bench.mk
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ bench/csv2xlsx.c -lxlsxwriter -lcsv

bench: build/pos2ecom build/bench/gen build/bench/csvcount build/bench/csv2xlsx
	@scripts/install-deps.sh bench
	@SIZE=$(SIZE) REPEATS=$(REPEATS) PROFILE=$(PROFILE) bench/run.sh $(SIZE)
	@REPEATS=$(REPEATS) bench/progress.sh $(SIZE)
	@REPEATS=$(REPEATS) bench/xlsx.sh $(SIZE)

# the export as an .xlsx against the same CSV (issue 13: within 3x)
bench-xlsx: build/pos2ecom build/bench/csv2xlsx
	@REPEATS=$(REPEATS) bench/xlsx.sh $(SIZE)

# the 1M-row sheet's memory bound alone (no M export needed)
bench-xlsx-memory: build/pos2ecom build/bench/csv2xlsx
	@MEMORY_ONLY=1 bench/xlsx.sh

# sync and audit against convert (issue 20, target 4): the store's catalog
# and the previous export are made from the export of SIZE and PROFILE
bench-sync: build/pos2ecom build/bench/gen build/bench/csvcount build/bench/exportedit
	@scripts/install-deps.sh bench
	@SIZE=$(SIZE) REPEATS=$(REPEATS) PROFILE=$(PROFILE) bench/sync.sh $(SIZE)

# what the progress line costs, on the export make bench made
bench-progress: build/pos2ecom
	@REPEATS=$(REPEATS) bench/progress.sh $(SIZE)

# the generated exports (hundreds of MB to GB) and the raw timings
bench-clean:
	rm -rf bench/data

.PHONY: bench bench-sync bench-progress bench-xlsx bench-xlsx-memory bench-clean

# staging a folder of generated phone photos (issue 17): make bench-photos [PHOTOS=N]
PHOTOS ?= 1000
bench-photos: build/pos2ecom
	@scripts/install-deps.sh bench
	@PHOTOS=$(PHOTOS) bench/photos.sh

.PHONY: bench-photos
