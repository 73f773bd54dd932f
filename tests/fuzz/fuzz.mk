# tests/fuzz/fuzz.mk - libFuzzer targets (included from the top Makefile).
#
#   make fuzz                    build the targets, make the seed corpora from
#                                the fixtures, run each target FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=300   longer runs
#   make fuzz FUZZ_TARGETS=fuzz_decimal
#   make fuzz-build              only build them
#   make fuzz-coverage           line coverage of src/ by the corpora
#                                (seeds + build/fuzz/corpus), with llvm-cov
#
# Needs clang with libFuzzer (Debian: apt-get install clang). The library is
# rebuilt under build/fuzz/ with -fsanitize=fuzzer-no-link,address,undefined
# so the fuzzer sees coverage in src/. Corpora grow in build/fuzz/corpus/;
# a crash stops the run and is left in build/fuzz/crashes/<target>/: minimize
# it (see tests/fuzz/README.md) and add it to tests/fuzz/regressions/<target>/,
# which tests/fuzz/replay.sh replays in make check.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= fuzz_export fuzz_store fuzz_decimal fuzz_images fuzz_xlsx
# extra libFuzzer flags, e.g. FUZZ_FLAGS=-jobs=2
FUZZ_FLAGS ?=
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) $(WARNINGS)

FUZZ_OBJ = $(SRC:src/%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: src/%.c $(HDR) config.mk tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/libpos2ecom.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h build/fuzz/libpos2ecom.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		build/fuzz/libpos2ecom.a $(LDLIBS)

fuzz-check-clang:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
		echo "make fuzz needs $(FUZZ_CC) with libFuzzer: apt-get install clang"; exit 1; }

fuzz-build: fuzz-check-clang $(FUZZ_TARGETS:%=build/fuzz/%)

fuzz-seeds:
	@tests/fuzz/seeds.sh build/fuzz/seeds

# Each target: the seeds plus the corpus it grew before; new inputs go to
# build/fuzz/corpus/<target>. Stops at the first crash (exit 1).
fuzz: fuzz-build fuzz-seeds
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/crashes/$$t; \
		dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
		echo "== $$t for $(FUZZ_SECONDS) s"; \
		build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=build/fuzz/crashes/$$t/ $$dict $(FUZZ_FLAGS) \
			build/fuzz/corpus/$$t build/fuzz/seeds/$$t 2> build/fuzz/$$t.log; \
		rc=$$?; grep -E '^(#[0-9]+ +DONE|Done|stat::)' build/fuzz/$$t.log | tail -6; \
		if [ $$rc -ne 0 ]; then \
			echo "$$t: crash (exit $$rc), see build/fuzz/$$t.log and build/fuzz/crashes/$$t/"; \
			grep -A30 -m1 -E '^==[0-9]+==ERROR|runtime error|property failed' build/fuzz/$$t.log; \
			exit 1; \
		fi; \
	done; echo "make fuzz: no crash"

# Source-based coverage: each target rebuilt with -fprofile-instr-generate
# (no sanitizers) and the standalone main, run once per input (an input
# that fails a property still counts the lines it reached).
FUZZ_COV_FLAGS = -std=c11 -O0 -g -fprofile-instr-generate -fcoverage-mapping

build/fuzz/cov/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h tests/fuzz/standalone.c $(SRC) $(HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_COV_FLAGS) -o $@ $< tests/fuzz/standalone.c $(SRC) $(LDLIBS)

fuzz-coverage: fuzz-check-clang fuzz-seeds $(FUZZ_TARGETS:%=build/fuzz/cov/%)
	@for t in $(FUZZ_TARGETS); do \
		rm -rf build/fuzz/cov/$$t.prof && mkdir -p build/fuzz/cov/$$t.prof build/fuzz/corpus/$$t; \
		find build/fuzz/seeds/$$t build/fuzz/corpus/$$t -type f | while read -r f; do \
			LLVM_PROFILE_FILE=build/fuzz/cov/$$t.prof/%p.profraw build/fuzz/cov/$$t "$$f" >/dev/null 2>&1; \
		done; \
		llvm-profdata merge -o build/fuzz/cov/$$t.profdata build/fuzz/cov/$$t.prof/*.profraw && \
		echo "== $$t" && llvm-cov report build/fuzz/cov/$$t -instr-profile=build/fuzz/cov/$$t.profdata $(SRC) \
			| awk '$$10 != "0.00%" || NR <= 2'; \
	done

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-check-clang fuzz-coverage
