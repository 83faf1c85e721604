#!/usr/bin/env bash
# `make reliability`: the full campaign of docs/reliability.md, in under an hour on the debug
# (ASan+UBSan) build: the crash campaign on SQLite and PostgreSQL (NQ_CRASH_ROUNDS rounds, 200 by
# default, of about NQ_CRASH_WRITES acknowledged writes each, 130 by default: 52,000 in all), the
# fault sweep over every I/O call of its workload (NQ_FAULT_POINTS=all), the disk-full tests
# (SQLite, and PostgreSQL on a tablespace of a small tmpfs) and the I/O errors injected inside
# PostgreSQL before every request of the workload (PgFaultTest), the fuzz build made beside them, a
# short fuzz of every target (scripts/fuzz.sh, FUZZ_SECONDS=10), the overload levels and the
# slow clients.
# Prints the figures and each step's time at the end; fails when any part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
tests=build/debug/tests
log=$(mktemp -d /tmp/nq-reliability.XXXXXX)
started=$(date +%s)

step() {  # step NAME COMMAND...: runs it, its output kept in $log/NAME.log
  local name=$1
  shift
  echo "reliability: $name started"
  local begun=$(date +%s)
  if "$@" >"$log/$name.log" 2>&1; then
    echo "reliability: $name passed in $(($(date +%s) - begun)) s" | tee -a "$log/steps"
  else
    grep -v '^{"time"' "$log/$name.log" | tail -40
    echo "reliability: $name FAILED after $(($(date +%s) - begun)) s (log $log/$name.log)" |
      tee -a "$log/steps"
    echo "$name" >>"$log/failed"  # (a step may run in a background subshell)
  fi
}

# The two stores' campaigns and the fault sweep run side by side (each mostly waits on its disk,
# its server or its database).
crash() {  # crash STORE-FILTER
  env NQ_CRASH_ROUNDS="${NQ_CRASH_ROUNDS:-200}" NQ_CRASH_WRITES="${NQ_CRASH_WRITES:-130}" \
    "$tests/crash_test" --gtest_filter="$1"
}
# The fuzz build (preset `fuzz`; only what the targets need, see tests/CMakeLists.txt) is made
# beside them, so that scripts/fuzz.sh finds it built; without libFuzzer the debug build's
# targets run instead (the replay-and-mutate driver), as they do with FUZZ_BUILD=debug.
fuzz_build() {
  { [[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz; } &&
    nice -n 19 cmake --build build/fuzz -j2 \
      --target $(cd tests/fuzz/corpus && ls -d */ | tr -d / | sed 's/^/fuzz_/')
}
fuzz_with="${FUZZ_BUILD:-fuzz}"
fuzz_build_job=""
if [[ "$fuzz_with" == fuzz ]]; then
  step fuzz-build fuzz_build &
  fuzz_build_job=$!
fi
step crash-sqlite crash '*OnSqlite' &
sqlite_job=$!
step crash-postgres crash '*OnPostgres' &
postgres_job=$!
step faults env NQ_FAULT_POINTS="${NQ_FAULT_POINTS:-all}" "$tests/fault_sweep_test"
wait "$sqlite_job" "$postgres_job" $fuzz_build_job
grep -qx fuzz-build "$log/failed" 2>/dev/null && fuzz_with=debug
step fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-10}" FUZZ_BUILD="$fuzz_with" scripts/fuzz.sh
# Past capacity: the shed rate and latencies at 1×, 2× and 5× of the measured capacity, then the
# bounded test (shedding with Retry-After, the wait bound, recovery after the burst); slow
# clients: a normal request's latency beside 1,000 connections trickling headers and 100
# trickling bodies.
step overload-levels env NQ_OVERLOAD_FIGURES=1 "$tests/overload_test"
step overload "$tests/overload_test"
step slow-clients "$tests/reliability_test" --gtest_filter='SlowClientsTest.*'

echo
echo "reliability: figures ($(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n), $(nproc) cores, debug build," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg))"
grep -h -E '^(crash campaign|fault sweep|disk full|pg faults: points)' "$log"/*.log
grep -h -E '^(capacity:|[0-9.]+× \(|after the burst:)' "$log/overload-levels.log" \
  "$log/overload.log" 2>/dev/null | sed 's/^/overload: /'
grep -h -E '^slow clients:' "$log/slow-clients.log" 2>/dev/null
[[ -f "$log/fuzz.log" ]] && grep -h -i -E 'exec|crash' "$log/fuzz.log" | tail -20
grep -h -E '^reliability: .* (passed|FAILED)' "$log/steps" 2>/dev/null
if [[ -f "$log/failed" ]]; then
  echo "reliability: FAILED ($(tr '\n' ' ' <"$log/failed")) in $(($(date +%s) - started)) s"
  exit 1
fi
echo "reliability: passed in $(($(date +%s) - started)) s"
