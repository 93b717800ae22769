#!/usr/bin/env bash
# The thread test (tests/threads/threads.c): 8 connections in 8 threads, every
# result equal to the single-threaded one. THREAD_TEST picks the binary (make
# test-tsan runs the ThreadSanitizer build); THREAD_SECONDS the duration.
cd "$(dirname "$0")/../.."
bin=${THREAD_TEST:-dist/thread_test}
[ -x "$bin" ] || { echo "FAIL threads: $bin is not built (make $bin)"; exit 1; }
THREAD_SECONDS=${THREAD_SECONDS:-0.5} exec "$bin"
