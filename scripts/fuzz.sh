#!/usr/bin/env bash
# Runs every fuzz target of the debug (ASan+UBSan) build for FUZZ_SECONDS (default 60) each,
# with random mutations of its seed corpus (tests/fuzz), and prints each target's executions.
# A crash stops the script; the crashing input is left as crash-<target>-<hash> in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build/fuzz
for target in json_body period zip xlsx csv; do
  (cd build/fuzz && "../debug/tests/fuzz_${target}" -seconds="$seconds" \
    "../../tests/fuzz/corpus/${target}")
done
