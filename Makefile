# sqlite-normalize: build, test, demo, benchmark.
#   make            builds dist/normalize.$(SO) (.so on Linux, .dylib on macOS, .dll on Windows)
#   make test       every test; ends with one line "N passed, N failed"
#   make demo       runs sql/demo.sql in the sqlite3 shell
#   make install    installs the library and the docs under $(DESTDIR)$(PREFIX)
#                   (PREFIX=/usr/local by default); make uninstall removes them
#   make dist       dist/sqlite-normalize-$(VERSION).tar.gz, the committed sources
#   make windows    cross-compiles dist/normalize.dll with mingw-w64
#   make core-program  dist/core_program: the sources built into a program with
#                   -DSQLITE_CORE, registered by sqlite3_auto_extension
#   make bench      benchmarks (tests/bench)
#   make bench-vectors  norm_fit on float32 vectors next to numpy
#   make format     clang-format the C sources; make lint: cppcheck and clang-tidy
#   make fuzz       libFuzzer targets, FUZZ_SECONDS (default 60) each (clang)
#   make test-asan  the whole test suite with the extension built with
#                   AddressSanitizer and UndefinedBehaviorSanitizer (ASAN_CC)
#   make test-valgrind  valgrind memcheck over the SQL tests
#   make test-tsan  the thread test under ThreadSanitizer (TSAN_CC)

CC ?= cc
SQLITE3 ?= sqlite3
PYTHON ?= /usr/bin/python3
VERSION := $(shell sed -n 's/^\#define NORM_VERSION "\(.*\)"/\1/p' ext/version.h)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -fPIC -Iext $(WARN) $(CFLAGS)
LDLIBS := -lm

UNAME := $(shell uname -s 2>/dev/null || echo Unknown)
ifeq ($(OS),Windows_NT)
  SO := dll
  SHARED := -shared
else ifeq ($(UNAME),Darwin)
  SO := dylib
  SHARED := -dynamiclib -undefined dynamic_lookup
else
  SO := so
  SHARED := -shared
endif

# The layers, one folder each (docs/design.md): ext/core (exact numerics, no
# SQLite), ext/format (state, JSON and vector encodings, no SQLite) and
# ext/sql (argument reading, the SQL functions, registration). Sources include
# across layers as "core/x.h", so every compile takes -Iext.
CORE_SRC := $(wildcard ext/core/*.c) $(wildcard ext/format/*.c)
GLUE_SRC := $(wildcard ext/sql/*.c)
SRC := $(CORE_SRC) $(GLUE_SRC)
HDR := $(wildcard ext/*.h ext/*/*.h)
LIB := dist/normalize.$(SO)

# Installation directories (GNU conventions; DESTDIR stages a package).
# The library goes where Debian puts SQLite extensions (/usr/lib/sqlite3).
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib/sqlite3
DOCDIR ?= $(PREFIX)/share/doc/sqlite-normalize
INSTALL ?= install
DOCS := README.md CHANGELOG.md $(wildcard docs/*.md)

# Windows cross-build: mingw-w64's gcc and SQLite's headers (from any copy of
# libsqlite3-dev; only sqlite3.h and sqlite3ext.h are used, nothing is linked).
MINGW_CC ?= x86_64-w64-mingw32-gcc
SQLITE_INCLUDE ?= /usr/include
WIN_DLL := dist/normalize.dll

.PHONY: all test test-run test-sql test-unit test-oracle demo bench bench-quantiles bench-vectors format lint clean install uninstall dist windows \
  core-program fuzz fuzz-build test-asan test-valgrind test-tsan format-check

all: $(LIB)

$(LIB): $(SRC) $(HDR) Makefile
	@mkdir -p dist
	$(CC) $(ALL_CFLAGS) $(SHARED) -o $@ $(SRC) $(LDLIBS)

# C unit tests link the numerics alone.
dist/unit_tests: tests/unit/*.c tests/unit/*.h $(CORE_SRC) $(HDR)
	@mkdir -p dist
	$(CC) -std=c11 $(WARN) -Wno-missing-prototypes $(CFLAGS) -Iext -o $@ tests/unit/*.c $(CORE_SRC) $(LDLIBS)

# Test programs that link SQLite itself and the extension's sources built with
# -DSQLITE_CORE (registered by calling sqlite3_normalize_init): the
# out-of-memory harness and the thread test share the statements of
# tests/oom/cases.c.
CORE_TEST_FLAGS := -std=c11 $(WARN) -Wno-missing-prototypes -D_POSIX_C_SOURCE=200809L -DSQLITE_CORE -Iext -Itests/oom
CORE_TEST_LIBS := -lsqlite3 -lpthread $(LDLIBS)
OOM_SRC := tests/oom/oom.c tests/oom/cases.c
THREAD_SRC := tests/threads/threads.c tests/oom/cases.c
TEST_HDR := $(wildcard tests/oom/*.h)

dist/oom_test: $(OOM_SRC) $(TEST_HDR) $(SRC) $(HDR)
	@mkdir -p dist
	$(CC) $(CORE_TEST_FLAGS) $(CFLAGS) -o $@ $(OOM_SRC) $(SRC) $(CORE_TEST_LIBS)

dist/thread_test: $(THREAD_SRC) $(TEST_HDR) $(SRC) $(HDR)
	@mkdir -p dist
	$(CC) $(CORE_TEST_FLAGS) $(CFLAGS) -o $@ $(THREAD_SRC) $(SRC) $(CORE_TEST_LIBS)

# make test and make demo first install what they need (tests/deps.sh: Debian
# packages as root or with sudo, the Node.js clients), or name it and stop.
test:
	@bash tests/deps.sh test
	@$(MAKE) --no-print-directory test-run

test-run: $(LIB) dist/unit_tests dist/oom_test dist/thread_test
	@SQLITE3=$(SQLITE3) PYTHON=$(PYTHON) LIB=$(LIB) bash tests/run_all.sh

demo:
	@bash tests/deps.sh demo
	@$(MAKE) --no-print-directory $(LIB)
	$(SQLITE3) :memory: < sql/demo.sql

# make bench [N=rows] [REPS=rounds] [CG_N=rows for callgrind, 0 to skip]; never part of make test.
N ?= 1000000
bench: $(LIB) dist/bench dist/floorext.$(SO)
	@N=$(N) PYTHON=$(PYTHON) LIB=$(LIB) bash tests/bench/run.sh

dist/bench: tests/bench/bench.c tests/bench/arith_floor.c tests/bench/arith_floor.h $(CORE_SRC) $(HDR)
	@mkdir -p dist
	$(CC) -std=c11 -Iext $(WARN) $(CFLAGS) -o $@ tests/bench/bench.c tests/bench/arith_floor.c $(CORE_SRC) -lsqlite3 $(LDLIBS)

# A stand-in with norm_fit's and norm_z's shapes and no work: SQLite's own floor (pairs 3, 4).
dist/floorext.$(SO): tests/bench/floor_ext.c
	@mkdir -p dist
	$(CC) $(ALL_CFLAGS) $(SHARED) -o $@ tests/bench/floor_ext.c

# norm_qfit against norm_fit over 1,000,000 rows (issue 5's speed target).
bench-quantiles: $(LIB)
	NORMALIZE_EXT=$(abspath $(basename $(LIB))) $(PYTHON) tests/bench/quantiles.py

install: $(LIB)
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/normalize.$(SO)
	$(INSTALL) -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/normalize.$(SO)
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	-rmdir $(DESTDIR)$(DOCDIR) $(DESTDIR)$(LIBDIR) 2>/dev/null

# The tarball holds the committed tree (git archive), so it is the same
# wherever it is made; its version is the one in ext/version.h.
dist:
	@test -n "$(VERSION)" || { echo "no version in ext/version.h"; exit 1; }
	@mkdir -p dist
	git archive --format=tar.gz --prefix=sqlite-normalize-$(VERSION)/ \
	  -o dist/sqlite-normalize-$(VERSION).tar.gz HEAD
	@echo dist/sqlite-normalize-$(VERSION).tar.gz

windows: $(WIN_DLL)

$(WIN_DLL): $(SRC) $(HDR) Makefile
	@mkdir -p dist/win-include
	cp $(SQLITE_INCLUDE)/sqlite3.h $(SQLITE_INCLUDE)/sqlite3ext.h dist/win-include/
	$(MINGW_CC) -std=c11 -Iext $(WARN) $(CFLAGS) -Idist/win-include -shared -static-libgcc -o $@ $(SRC)

# The same sources compiled into a program (SQLITE_CORE: no loadable-extension
# indirection), linked with the system's libsqlite3.
core-program: dist/core_program

dist/core_program: tests/core-program/main.c $(SRC) $(HDR) Makefile
	@mkdir -p dist
	$(CC) -std=c11 $(WARN) $(CFLAGS) -DSQLITE_CORE -Iext -o $@ tests/core-program/main.c $(SRC) -lsqlite3 $(LDLIBS)
# norm_fit over 100,000 float32 vectors of 768 dimensions next to numpy (issue 3).
bench-vectors: $(LIB)
	$(PYTHON) tests/bench/vectors.py $(basename $(LIB))

FORMATTED := ext/*.h ext/*/*.c ext/*/*.h tests/unit/*.c tests/unit/*.h

format:
	clang-format -i $(FORMATTED)

# Fails when a file differs from what make format would write.
format-check:
	clang-format --dry-run --Werror $(FORMATTED)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
	  --suppress=missingIncludeSystem -I ext ext/*/*.c
	clang-tidy --quiet ext/*/*.c -- -std=c11 -Iext

# --- fuzzing (tests/fuzz): libFuzzer needs clang ---------------------------
FUZZ_CC ?= clang
FUZZ_FLAGS := -std=c11 $(WARN) -Wno-missing-prototypes -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=all -Iext
FUZZ_SECONDS ?= 60

dist/fuzz/fuzz_state: tests/fuzz/fuzz_state.c $(CORE_SRC) $(HDR)
	@mkdir -p dist/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz_state.c $(CORE_SRC) $(LDLIBS)

dist/fuzz/fuzz_json: tests/fuzz/fuzz_json.c $(SRC) $(HDR)
	@mkdir -p dist/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -DSQLITE_CORE -o $@ tests/fuzz/fuzz_json.c $(SRC) -lsqlite3 $(LDLIBS)

dist/fuzz/fuzz_sql: tests/fuzz/fuzz_sql.c $(SRC) $(HDR)
	@mkdir -p dist/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -DSQLITE_CORE -o $@ tests/fuzz/fuzz_sql.c $(SRC) -lsqlite3 $(LDLIBS)

fuzz-build: dist/fuzz/fuzz_state dist/fuzz/fuzz_json dist/fuzz/fuzz_sql

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

# --- AddressSanitizer + UndefinedBehaviorSanitizer --------------------------
# The extension, the unit tests, the OOM harness and the thread test are built
# with both sanitizers; the sqlite3 CLI and python3 load the extension with
# the ASan runtime preloaded. Leaks: detected in the test programs and in the
# sqlite3 CLI (which frees everything at exit); not in python3, whose own
# allocations at exit would drown them (valgrind covers the SQL tests).
ASAN_CC ?= gcc
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
ifneq (,$(findstring clang,$(ASAN_CC)))
  ASAN_RT = $(shell $(ASAN_CC) -print-file-name=libclang_rt.asan-$(shell uname -m).so)
  SAN_SO_FLAGS := -shared-libasan
else
  ASAN_RT = $(shell $(ASAN_CC) -print-file-name=libasan.so)
  SAN_SO_FLAGS :=
endif

dist/asan/normalize.$(SO): $(SRC) $(HDR) Makefile
	@mkdir -p dist/asan
	$(ASAN_CC) -std=c11 -fPIC -Iext $(WARN) $(SAN_FLAGS) $(SAN_SO_FLAGS) $(SHARED) -o $@ $(SRC) $(LDLIBS)

dist/asan/unit_tests: tests/unit/*.c tests/unit/*.h $(CORE_SRC) $(HDR)
	@mkdir -p dist/asan
	$(ASAN_CC) -std=c11 $(WARN) -Wno-missing-prototypes $(SAN_FLAGS) -Iext -o $@ tests/unit/*.c $(CORE_SRC) $(LDLIBS)

dist/asan/oom_test: $(OOM_SRC) $(TEST_HDR) $(SRC) $(HDR)
	@mkdir -p dist/asan
	$(ASAN_CC) $(CORE_TEST_FLAGS) $(SAN_FLAGS) -o $@ $(OOM_SRC) $(SRC) $(CORE_TEST_LIBS)

dist/asan/thread_test: $(THREAD_SRC) $(TEST_HDR) $(SRC) $(HDR)
	@mkdir -p dist/asan
	$(ASAN_CC) $(CORE_TEST_FLAGS) $(SAN_FLAGS) -o $@ $(THREAD_SRC) $(SRC) $(CORE_TEST_LIBS)

test-asan: $(LIB) dist/unit_tests dist/asan/normalize.$(SO) dist/asan/unit_tests dist/asan/oom_test dist/asan/thread_test
	@printf '#!/bin/sh\nLD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 exec %s "$$@"\n' \
	  "$(ASAN_RT)" "$$(command -v $(SQLITE3))" >dist/asan/sqlite3
	@printf '#!/bin/sh\nLD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 exec %s "$$@"\n' \
	  "$(ASAN_RT)" "$(PYTHON)" >dist/asan/python3
	@chmod +x dist/asan/sqlite3 dist/asan/python3
	@dist/asan/unit_tests >dist/asan/unit.out 2>&1; rc=$$?; grep -v '^ok ' dist/asan/unit.out; \
	  echo "asan unit: $$(grep -c '^ok ' dist/asan/unit.out) passed, exit $$rc"; test $$rc -eq 0
	@SQLITE3=$(CURDIR)/dist/asan/sqlite3 PYTHON=$(CURDIR)/dist/asan/python3 LIB=dist/asan/normalize.$(SO) \
	  OOM_TEST=dist/asan/oom_test THREAD_TEST=dist/asan/thread_test NORMALIZE_SANITIZED=1 bash tests/run_all.sh

# --- valgrind memcheck over the SQL tests -----------------------------------
test-valgrind: $(LIB)
	@SQLITE3=$(SQLITE3) LIB=$(LIB) bash tests/sanitize/valgrind.sh

# --- ThreadSanitizer --------------------------------------------------------
TSAN_CC ?= clang
TSAN_SECONDS ?= 3

dist/tsan/thread_test: $(THREAD_SRC) $(TEST_HDR) $(SRC) $(HDR)
	@mkdir -p dist/tsan
	$(TSAN_CC) $(CORE_TEST_FLAGS) -O1 -g -fsanitize=thread -o $@ $(THREAD_SRC) $(SRC) $(CORE_TEST_LIBS)

test-tsan: dist/tsan/thread_test
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 THREAD_SECONDS=$(TSAN_SECONDS) dist/tsan/thread_test

clean:
	rm -rf dist
