#!/usr/bin/env bash
# Runs every example in README.md and docs/*.md and checks that
# docs/functions.md documents every registered function (tests/docs/doctest.py).
cd "$(dirname "$0")/../.."
exec "${PYTHON:-/usr/bin/python3}" tests/docs/doctest.py
