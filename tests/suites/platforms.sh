#!/usr/bin/env bash
# Install and platforms (issue 6, part 5): make install with PREFIX and with
# DESTDIR, make uninstall, make dist (a tarball named with the version of
# ext/version.h that builds on its own), the Windows DLL cross-built with
# mingw-w64, and the sources built into a program with -DSQLITE_CORE and
# registered by sqlite3_auto_extension. Prints ok/FAIL/skip lines.
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
ROOT=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A make of our own, not a child of the `make test` that may be running us.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$ROOT" "$@"; }

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
check() { # name, expected, actual
  if [ "$2" == "$3" ]; then ok "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

version=$(sed -n 's/^#define NORM_VERSION "\(.*\)"/\1/p' ext/version.h)
case "$(uname -s)" in Darwin) so=dylib ;; MINGW* | MSYS* | CYGWIN*) so=dll ;; *) so=so ;; esac

# --- make install PREFIX=<empty folder> -----------------------------------
prefix=$tmp/prefix
mkdir -p "$prefix"
if mk install PREFIX="$prefix" >"$tmp/install.log" 2>&1; then
  ok "install runs"
  lib=$prefix/lib/sqlite3/normalize.$so
  check "install library loads" "$version" "$("$SQLITE3" :memory: -cmd ".load ${lib%.*}" 'SELECT norm_version();' 2>&1)"
  for f in README.md CHANGELOG.md functions.md state-format.md; do
    if [ -f "$prefix/share/doc/sqlite-normalize/$f" ]; then ok "install doc $f"; else fail "install doc $f" "missing"; fi
  done
  mk uninstall PREFIX="$prefix" >>"$tmp/install.log" 2>&1
  left=$(find "$prefix" -type f | wc -l)
  check "uninstall removes every installed file" 0 "$left"
else
  fail "install runs" "$(tail -n 3 "$tmp/install.log")"
fi

# --- make install DESTDIR=... PREFIX=/usr (a package build) -----------------
if mk install DESTDIR="$tmp/stage" PREFIX=/usr >"$tmp/destdir.log" 2>&1; then
  if [ -f "$tmp/stage/usr/lib/sqlite3/normalize.$so" ] && [ -f "$tmp/stage/usr/share/doc/sqlite-normalize/functions.md" ]; then
    ok "install DESTDIR stages under DESTDIR/PREFIX"
  else
    fail "install DESTDIR stages under DESTDIR/PREFIX" "$(cd "$tmp/stage" && find . -type f | head -5)"
  fi
else
  fail "install DESTDIR" "$(tail -n 3 "$tmp/destdir.log")"
fi

# --- make dist ---------------------------------------------------------------
if [ ! -d .git ] && [ ! -f .git ]; then
  echo "skip dist: not a git checkout (make dist archives the committed tree)"
elif mk dist >"$tmp/dist.log" 2>&1; then
  tarball=dist/sqlite-normalize-$version.tar.gz
  if [ -f "$tarball" ]; then ok "dist names the tarball with the version ($version)"; else fail "dist tarball" "no $tarball"; fi
  mkdir -p "$tmp/unpack"
  tar -xzf "$tarball" -C "$tmp/unpack"
  top=$(ls "$tmp/unpack")
  check "dist has one top folder" "sqlite-normalize-$version" "$top"
  for f in Makefile README.md ext/sql/normalize.c ext/version.h docs/functions.md tests/run_all.sh; do
    if [ -f "$tmp/unpack/$top/$f" ]; then ok "dist holds $f"; else fail "dist holds $f" "missing"; fi
  done
  if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$tmp/unpack/$top" >"$tmp/distbuild.log" 2>&1; then
    check "dist builds alone; norm_version() says its version" "$version" \
      "$("$SQLITE3" :memory: -cmd ".load $tmp/unpack/$top/dist/normalize" 'SELECT norm_version();' 2>&1)"
  else
    fail "dist builds alone" "$(tail -n 3 "$tmp/distbuild.log")"
  fi
else
  fail "dist runs" "$(tail -n 3 "$tmp/dist.log")"
fi

# --- Windows DLL, cross-compiled with mingw-w64 -------------------------------
mingw=${MINGW_CC:-x86_64-w64-mingw32-gcc}
if ! command -v "$mingw" >/dev/null; then
  echo "skip windows: $mingw is not installed (apt-get install gcc-mingw-w64-x86-64; .ci/run does)"
elif mk windows >"$tmp/win.log" 2>&1; then
  ok "windows DLL builds with -Wall -Wextra -Werror"
  objdump=${mingw%gcc}objdump
  dump=$("$objdump" -p dist/normalize.dll 2>&1)
  if grep -q 'PE32+' <(file dist/normalize.dll 2>/dev/null) || grep -q 'pei-x86-64' <<<"$dump"; then
    ok "windows DLL is a 64-bit PE file"
  else
    fail "windows DLL is a 64-bit PE file" "$(file dist/normalize.dll 2>&1)"
  fi
  if grep -q '\] sqlite3_normalize_init$' <<<"$dump"; then ok "windows DLL exports sqlite3_normalize_init"; else fail "windows DLL exports sqlite3_normalize_init" "not in the export table"; fi
  imports=$(grep 'DLL Name:' <<<"$dump" | awk '{print $3}' | sort | tr '\n' ' ')
  check "windows DLL needs only system DLLs (no sqlite3.dll, no libgcc)" "KERNEL32.dll msvcrt.dll " "$imports"
else
  fail "windows DLL builds" "$(grep -E 'error|warning' "$tmp/win.log" | head -n 3)"
fi

# --- the sources built into a program: -DSQLITE_CORE + sqlite3_auto_extension --
if mk core-program >"$tmp/core.log" 2>&1; then
  ok "core program builds with -DSQLITE_CORE"
  # Hand-worked values: 1..5 has mean 3, population variance 2, sample variance 2.5;
  # z of 5 with ddof 1 is 2 / sqrt(2.5) = 1.2649110640673518 (printed to 15 digits).
  out=$(dist/core_program "SELECT norm_version(); WITH t(x) AS (VALUES (1), (2), (3), (4), (5)) SELECT norm_mean(s), norm_var(s), norm_var(s, 1), norm_z(5, s, NULL, 1) FROM (SELECT norm_fit(x) AS s FROM t);" 2>&1)
  check "core program: functions registered by sqlite3_auto_extension" "$version
3.0|2.0|2.5|1.26491106406735" "$out"
else
  fail "core program builds" "$(grep -E 'error' "$tmp/core.log" | head -n 3)"
fi
