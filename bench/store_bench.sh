#!/usr/bin/env bash
# The API on each store, in the same run on the same machine: one nqtrack server on SQLite and
# one on PostgreSQL (a throwaway cluster from scripts/with-postgres.sh), both holding the demo
# (loaded into SQLite, then moved with `nqtrack migrate-store`, so ids are the same), measured
# one after the other by bench/api_load (closed loop, N keep-alive connections, loopback).
#   bench/store_bench.sh [seconds per run, default 10] [connections, default 8]
# Needs the release build: cmake --preset release && cmake --build --preset release
#   --target nqtrack api_load (the script runs this itself when a binary is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-8}"
THREADS="${NQ_BENCH_THREADS:-4}"

if [[ -z "${NQ_TEST_PG:-}" ]]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi

NQ=build/release/src/cli/nqtrack
LOAD=build/release/bench/api_load
if [[ ! -x "$NQ" || ! -x "$LOAD" ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target nqtrack api_load -j2
fi

work="$(mktemp -d /tmp/nq-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
dbname="nq_bench_$$"
"$PG_BIN/psql" -q "$NQ_TEST_PG/postgres" -c "CREATE DATABASE $dbname" >/dev/null
SQLITE_DB="sqlite:$work/nq.db"
PG_DB="$NQ_TEST_PG/$dbname"

"$NQ" demo --db "$SQLITE_DB" >/dev/null
"$NQ" migrate-store --from "$SQLITE_DB" --to "$PG_DB" >"$work/migrate.txt" || { cat "$work/migrate.txt"; exit 1; }
tail -1 "$work/migrate.txt" >&2
token_sqlite="$("$NQ" user token admin --name bench --db "$SQLITE_DB")"
token_pg="$("$NQ" user token admin --name bench --db "$PG_DB")"

# What to read and write, from the demo: an obligation over its issuing unit, and ten current
# values outside any report (corrections add a version each).
q() { sqlite3 "$work/nq.db" "$1"; }
obligation="$(q "SELECT id FROM obligations ORDER BY id LIMIT 1")"
obligation_unit="$(q "SELECT issuer_unit_id FROM obligations ORDER BY id LIMIT 1")"
values="$(q "SELECT json_group_array(json_object('indicator_id', indicator_id, 'unit_id', unit_id,
  'period', period, 'value', '@@SEQ@@')) FROM (SELECT indicator_id, unit_id, period FROM data_values
  WHERE current = 1 AND report_id IS NULL AND number IS NOT NULL ORDER BY id LIMIT 10)")"
# {seq100} makes nearly every batch a real change (request counter mod 100: percentages fit).
echo "{\"values\": ${values//\"@@SEQ@@\"/\{seq100\}}}" >"$work/values.json"

port_sqlite="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
port_pg="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$NQ" serve --db "$SQLITE_DB" --listen "127.0.0.1:$port_sqlite" --threads "$THREADS" --web-root "$work/none" >"$work/sqlite.log" 2>&1 &
pids+=($!)
"$NQ" serve --db "$PG_DB" --listen "127.0.0.1:$port_pg" --threads "$THREADS" --web-root "$work/none" >"$work/pg.log" 2>&1 &
pids+=($!)
for port in "$port_sqlite" "$port_pg"; do
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/session" && break
    sleep 0.1
  done
done

reads=(--get "/api/v1/rollups/obligation?obligation_id=$obligation&unit_id=$obligation_unit&as_of=2021-12-31")
units=(--get "/api/v1/units?q=ba%20thuoc" --get "/api/v1/units?q=xa" --get "/api/v1/units?q=thanh")
echo "# $(date -u +%FT%TZ), $(nproc) CPU, $SECONDS_PER_RUN s per run, $CONNECTIONS connections, $THREADS server threads"
for store in sqlite pg; do
  if [[ $store == sqlite ]]; then port=$port_sqlite; token=$token_sqlite; else port=$port_pg; token=$token_pg; fi
  common=(--port "$port" --connections "$CONNECTIONS" --seconds "$SECONDS_PER_RUN" --token "$token")
  "$LOAD" "${common[@]}" --label "$store rollups/obligation" "${reads[@]}"
  "$LOAD" "${common[@]}" --label "$store units?q=" "${units[@]}"
  "$LOAD" "${common[@]}" --label "$store POST values x10" --post /api/v1/values --body-file "$work/values.json"
done
