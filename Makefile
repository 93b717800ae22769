# sqlite-normalize: build, test, demo, benchmark.
#   make            builds dist/normalize.$(SO)
#   make test       every test; ends with one line "N passed, N failed"
#   make demo       runs sql/demo.sql in the sqlite3 shell
#   make bench      benchmarks (tests/bench)
#   make bench-vectors  norm_fit on float32 vectors next to numpy
#   make format     clang-format the C sources; make lint: cppcheck and clang-tidy

CC ?= cc
SQLITE3 ?= sqlite3
PYTHON ?= /usr/bin/python3
VERSION := $(shell sed -n 's/^\#define NORM_VERSION "\(.*\)"/\1/p' ext/version.h)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -fPIC $(WARN) $(CFLAGS)
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

# The numerics (no SQLite) and the SQL glue.
CORE_SRC := ext/exactsum.c ext/extrema.c ext/accum.c ext/moments.c ext/state.c ext/json.c ext/vec.c ext/vecacc.c
GLUE_SRC := ext/args.c ext/fit.c ext/row.c ext/apply.c ext/inspect.c ext/vecfit.c ext/vecapply.c ext/normalize.c
SRC := $(CORE_SRC) $(GLUE_SRC)
HDR := $(wildcard ext/*.h)
LIB := dist/normalize.$(SO)

.PHONY: all test test-sql test-unit test-oracle demo bench bench-vectors format lint clean

all: $(LIB)

$(LIB): $(SRC) $(HDR) Makefile
	@mkdir -p dist
	$(CC) $(ALL_CFLAGS) $(SHARED) -o $@ $(SRC) $(LDLIBS)

# C unit tests link the numerics alone.
dist/unit_tests: tests/unit/*.c tests/unit/*.h $(CORE_SRC) $(HDR)
	@mkdir -p dist
	$(CC) -std=c11 $(WARN) -Wno-missing-prototypes $(CFLAGS) -Iext -o $@ tests/unit/*.c $(CORE_SRC) $(LDLIBS)

test: $(LIB) dist/unit_tests
	@SQLITE3=$(SQLITE3) PYTHON=$(PYTHON) LIB=$(LIB) bash tests/run_all.sh

demo: $(LIB)
	$(SQLITE3) :memory: < sql/demo.sql

bench: $(LIB)
	@PYTHON=$(PYTHON) LIB=$(LIB) bash tests/bench/run.sh

# norm_fit over 100,000 float32 vectors of 768 dimensions next to numpy (issue 3).
bench-vectors: $(LIB)
	$(PYTHON) tests/bench/vectors.py $(basename $(LIB))

format:
	clang-format -i ext/*.c ext/*.h tests/unit/*.c tests/unit/*.h

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability --std=c11 \
	  --suppress=missingIncludeSystem -I ext ext/*.c
	clang-tidy --quiet ext/*.c -- -std=c11 -Iext

clean:
	rm -rf dist
