#!/usr/bin/env bash
# Runs every test of the debug (ASan+UBSan) build and CTest's summary, `nqtrack check` on a
# fresh demo (SQLite and PostgreSQL), then the web UI's tests:
# Vitest (formatting, statuses, components) and the browser tests (web/e2e, Playwright driving
# Debian's Chromium against the debug server). Ends with one summary line for the web tests;
# fails when any part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
# The PostgreSQL suites need a server: run this whole script again inside a throwaway
# PostgreSQL 15 cluster (scripts/with-postgres.sh sets NQ_TEST_PG and removes it at the end).
if [[ -z "${NQ_TEST_PG:-}" ]]; then exec scripts/with-postgres.sh scripts/run-tests.sh "$@"; fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset debug -j "$(nproc)" --timeout 300
ctest_status=$?
# The OpenAPI counts: routes, those with full schemas, answers checked against them.
grep -h -E '^(openapi|api_contract): ' build/debug/Testing/Temporary/LastTest.log 2>/dev/null

# The integrity check on a fresh demo, on SQLite and on PostgreSQL: `nqtrack check` recomputes
# the figures from the stored rows and must agree with the engine (docs/structure-rule.md).
nqtrack="${NQ_BINARY:-build/debug/src/cli/nqtrack}"
check_dir=$(mktemp -d)
check_status=0
echo "check: nqtrack check on a fresh demo (SQLite)"
if ! { "$nqtrack" demo --db "$check_dir/demo.db" >"$check_dir/demo.log" 2>&1 &&
       "$nqtrack" check --db "$check_dir/demo.db"; }; then
  cat "$check_dir/demo.log"
  check_status=1
fi
pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
check_pg="nq_check_demo_$$"
echo "check: nqtrack check on a fresh demo (PostgreSQL)"
if ! { "$pg_bin/createdb" --maintenance-db="$NQ_TEST_PG/postgres" "$check_pg" &&
       "$nqtrack" demo --db "$NQ_TEST_PG/$check_pg" >"$check_dir/demo-pg.log" 2>&1 &&
       "$nqtrack" check --db "$NQ_TEST_PG/$check_pg"; }; then
  cat "$check_dir/demo-pg.log" 2>/dev/null
  check_status=1
fi
"$pg_bin/dropdb" --maintenance-db="$NQ_TEST_PG/postgres" "$check_pg" >/dev/null 2>&1
rm -rf "$check_dir"
echo "check: $([[ $check_status == 0 ]] && echo passed || echo FAILED)"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
(cd web && npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest.json")
vitest_status=$?
NQ_BINARY="${NQ_BINARY:-build/debug/src/cli/nqtrack}" node web/e2e/run.mjs | tee "$results/e2e.txt"
e2e_status=${PIPESTATUS[0]}

read -r unit_passed unit_failed < <(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0));
  } catch { console.log(0, 1); }' "$results/vitest.json")
e2e_line=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$results/e2e.txt" | tail -1)
e2e_passed=$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"${e2e_line:-e2e: 0 passed, 1 failed}")
e2e_failed=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"${e2e_line:-e2e: 0 passed, 1 failed}")
if ((vitest_status != 0 && unit_failed == 0)); then unit_failed=1; fi
if ((e2e_status != 0 && e2e_failed == 0)); then e2e_failed=1; fi
echo "web tests: vitest ${unit_passed} passed, ${unit_failed} failed; browser ${e2e_passed} passed, ${e2e_failed} failed"
echo "web: $((unit_passed + e2e_passed)) passed, $((unit_failed + e2e_failed)) failed"
((ctest_status == 0 && check_status == 0 && vitest_status == 0 && e2e_status == 0))
