#!/usr/bin/env bash
# Installs what `make demo` or `make test` needs, so that the README's two
# commands work on a fresh Debian or Ubuntu machine with only git, gcc and make.
#
#   bash tests/deps.sh demo    the sqlite3 shell and SQLite's headers
#   bash tests/deps.sh test    also Python with numpy, scikit-learn and
#                              statsmodels, sqlite-utils, mingw-w64, and the
#                              Node.js clients (tests/clients)
#
# Required packages are installed with apt-get when run as root or with a
# password-less sudo; otherwise (no root, or no apt-get on this system) it
# prints one line naming what to install and exits 1. Optional pieces (Node.js
# and its clients) are tried once: when they cannot be had, the tests that use
# them report "skip" with the reason, never a pass.
# NORMALIZE_NO_INSTALL=1 only checks, never installs.
set -u
cd "$(dirname "$0")/.."
want=${1:-test}
PYTHON=${PYTHON:-/usr/bin/python3}

# package -> a command that succeeds when it is already there
declare -A need=(
  [sqlite3]="command -v ${SQLITE3:-sqlite3}"
  [libsqlite3-dev]="test -f /usr/include/sqlite3ext.h"
)
declare -A optional=()
if [ "$want" = test ]; then
  need+=(
    [python3]="test -x $PYTHON"
    [python3-numpy]="$PYTHON -c 'import numpy'"
    [python3-sklearn]="$PYTHON -c 'import sklearn'"
    [python3-statsmodels]="$PYTHON -c 'import statsmodels'"
    [sqlite-utils]="command -v sqlite-utils"
    [gcc-mingw-w64-x86-64]="command -v x86_64-w64-mingw32-gcc"
  )
  optional+=(
    [nodejs]="command -v node"
    [npm]="command -v npm"
  )
fi

missing() { # name of an associative array: prints the packages not there
  local -n table=$1
  local pkg
  for pkg in "${!table[@]}"; do
    eval "${table[$pkg]}" >/dev/null 2>&1 || printf '%s\n' "$pkg"
  done | sort
}

mapfile -t req < <(missing need)
mapfile -t opt < <(missing optional)

SUDO=""
can_install=0
if [ "${NORMALIZE_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    can_install=1
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=sudo can_install=1
  fi
fi

apt_install() { # packages...
  echo "make $want: installing $*"
  if [ ! -e /tmp/.sqlite-normalize-apt-updated ]; then
    $SUDO apt-get update -qq && touch /tmp/.sqlite-normalize-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ ${#req[@]} -gt 0 ]; then
  if [ $can_install = 1 ]; then
    apt_install "${req[@]}" || {
      echo "make $want: could not install ${req[*]} (apt-get failed); install them and run again"
      exit 1
    }
  else
    echo "make $want: missing ${req[*]}; install them (Debian/Ubuntu: sudo apt-get install ${req[*]}) and run again"
    exit 1
  fi
fi

# Optional: Node.js and the clients the tests load the extension from. A
# failure here is reported, and the Node.js checks are then skipped.
if [ "$want" = test ]; then
  if [ ${#opt[@]} -gt 0 ] && [ $can_install = 1 ]; then
    apt_install "${opt[@]}" ||
      echo "make test: could not install ${opt[*]}; the Node.js client checks will be skipped"
  fi
  if command -v npm >/dev/null && [ ! -d tests/clients/node_modules/better-sqlite3 ] &&
    [ "${NORMALIZE_NO_INSTALL:-0}" != 1 ]; then
    # better-sqlite3 downloads a prebuilt binary, or else compiles itself with
    # node-gyp against the installed Node.js headers.
    if [ -f /usr/include/node/common.gypi ]; then export npm_config_nodedir=/usr; fi
    echo "make test: installing the Node.js clients into tests/clients"
    npm install --prefix tests/clients --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
      echo "make test: npm install --prefix tests/clients failed; the Node.js client checks will be skipped"
  fi
fi
exit 0
