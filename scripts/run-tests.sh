#!/usr/bin/env bash
# Runs every test of the debug (ASan+UBSan) build; ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset debug -j "$(nproc)" --timeout 300
