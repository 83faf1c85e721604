#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) each and prints, per target, the
# executions, the coverage and whether it crashed. The targets are the folders of
# tests/fuzz/corpus/ (each target's seeds and regression inputs).
#
# By default the targets of the fuzz build are used (preset `fuzz`: GCC with AddressSanitizer,
# UBSan and coverage, linked with libFuzzer; configured and built here when needed). With
# FUZZ_BUILD=debug the debug build's targets run instead, with the replay-and-mutate driver
# (no coverage feedback). New inputs libFuzzer finds are kept in build/fuzz-runs/corpus/<target>/
# (so that campaigns add up), crashes in build/fuzz-runs/crash-*; every target runs even when
# one crashes, and the script then fails. FUZZ_TARGETS="a b" runs only those.
#   FUZZ_SECONDS=600 scripts/fuzz.sh
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds="${FUZZ_SECONDS:-60}"
build="${FUZZ_BUILD:-fuzz}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
targets="${FUZZ_TARGETS:-$(cd tests/fuzz/corpus && ls -d */ | tr -d /)}"
if [[ "$build" == fuzz ]]; then
  [[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null || exit 1
fi
nice -n 19 cmake --build "build/$build" -j2 --target $(printf 'fuzz_%s ' $targets) >/dev/null ||
  { echo "fuzz: building the targets failed"; exit 1; }
runs="$root/build/fuzz-runs"
mkdir -p "$runs"
failed=0
for target in $targets; do
  binary="$root/build/$build/tests/fuzz_$target"
  seeds="$root/tests/fuzz/corpus/$target"
  log="$runs/$target.log"
  if [[ "$build" == fuzz ]]; then
    mkdir -p "$runs/corpus/$target"
    (cd "$runs" && nice -n 19 "$binary" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$runs/crash-$target-" -rss_limit_mb=2048 -timeout=10 \
      "$runs/corpus/$target" "$seeds") >"$log" 2>&1
    status=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    corpus=$(ls "$runs/corpus/$target" | wc -l)
    echo "fuzz $target: ${execs:-0} execs in ${seconds} s, cov ${cov:-0}, ft ${ft:-0}," \
      "corpus ${corpus}, $([[ $status == 0 ]] && echo "0 crashes" || echo "CRASH (see $log)")"
  else
    (cd "$runs" && nice -n 19 "$binary" -seconds="$seconds" "$seeds") >"$log" 2>&1
    status=$?
    tail -1 "$log"
  fi
  [[ $status == 0 ]] || failed=1
done
exit $failed
