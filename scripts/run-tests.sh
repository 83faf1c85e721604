#!/usr/bin/env bash
# Runs every test of the debug (ASan+UBSan) build and CTest's summary, `nqtrack check` on a
# fresh demo (SQLite and PostgreSQL), then the web UI's tests:
# Vitest (formatting, statuses, components) and the browser tests (web/e2e, @playwright/test
# driving Debian's Chromium against the debug server, on a desktop and a phone screen). Ends with one summary line for the web tests;
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
(cd web && NQ_BINARY="${NQ_BINARY:-build/debug/src/cli/nqtrack}" PLAYWRIGHT_JSON_OUTPUT_FILE="$results/e2e.json" \
  npx playwright test)
e2e_status=$?

read -r unit_passed unit_failed < <(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0));
  } catch { console.log(0, 1); }' "$results/vitest.json")
# Playwright's JSON report: expected (passed), unexpected (failed), flaky (passed on a retry),
# skipped (not about that width, or after a failure in the same file); errors outside any test.
read -r e2e_passed e2e_failed < <(node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.stats.expected + r.stats.flaky, r.stats.unexpected + (r.errors?.length ?? 0));
  } catch { console.log(0, 1); }' "$results/e2e.json")
# The same by screen width (Playwright's projects).
node -e '
  try {
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const by = {};
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) {
        const p = (by[t.projectName] ??= { passed: 0, failed: 0, skipped: 0 });
        if (t.status === "expected" || t.status === "flaky") p.passed++;
        else if (t.status === "unexpected") p.failed++;
        else p.skipped++;
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of r.suites ?? []) walk(suite);
    const parts = Object.entries(by).map(([name, p]) => `${name} ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`);
    if (parts.length) console.log(`browser by width: ${parts.join("; ")}`);
  } catch {}' "$results/e2e.json"
if ((vitest_status != 0 && unit_failed == 0)); then unit_failed=1; fi
if ((e2e_status != 0 && e2e_failed == 0)); then e2e_failed=1; fi
echo "web tests: vitest ${unit_passed} passed, ${unit_failed} failed; browser ${e2e_passed} passed, ${e2e_failed} failed"
echo "web: $((unit_passed + e2e_passed)) passed, $((unit_failed + e2e_failed)) failed"
((ctest_status == 0 && check_status == 0 && vitest_status == 0 && e2e_status == 0))
