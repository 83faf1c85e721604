#!/usr/bin/env bash
# The national-scale benchmark of issue #5 (`make bench`): builds release, generates the data
# set, starts a throwaway PostgreSQL 15 tuned as REFERENCE.md §C says, runs national_bench (our
# engine, SQLite, PostgreSQL, DuckDB, the bandwidth probe, Q1–Q6 cross-checked by checksum),
# then the measures through the product: I1 (nqtrack import-values into the national store, and
# bench/import_bench: the bulk import on SQLite and on PostgreSQL beside the bare INSERT / COPY
# of the same store), I3 (write → roll-up over HTTP), I4 (a write on one of two instances on
# PostgreSQL → visible on the other) and H1 (the Q1 answer over HTTP at 16 and 64 connections,
# closed and open loop, against nginx and cpp-httplib serving the same bytes).
# Results: build/bench/results.json and build/bench/results.md. Exits non-zero when a checksum
# differs. bench/national/README.md defines every query.
#   bench/run.sh [--size tiny|XS|S|M] [--structure new|old] [--no-http] [--no-pg] [--no-duckdb]
#                [--no-i4]
# --no-http leaves out every measure through the product (I1, I3, I4, H1); --no-i4 only I4
# (which moves the national store into PostgreSQL first).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZE=S
STRUCTURE=new
HTTP=1
PG=1
DUCKDB=1
I4=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --structure) STRUCTURE="$2"; shift 2 ;;
    --no-http) HTTP=0; shift ;;
    --no-pg) PG=0; shift ;;
    --no-duckdb) DUCKDB=0; shift ;;
    --no-i4) I4=0; shift ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

BUILD="${NQ_BENCH_BUILD:-$ROOT/build/release}"
OUT="$ROOT/build/bench"
DATA="$OUT/data-$SIZE"
mkdir -p "$OUT" "$DATA"
rm -f "$OUT/national.json" "$OUT/http.json" "$OUT/i4.json" "$OUT/import.json" "$OUT/results.json" \
  "$OUT/results.md"
log() { echo "run.sh: $*" >&2; }
started=$SECONDS

# ---- Tools (Debian packages and the DuckDB npm package), installed when missing.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
[[ -f /usr/include/httplib.h ]] || need+=(libcpp-httplib-dev)
ls /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/ltree.control ]] || need+=(postgresql-contrib)
command -v taskset >/dev/null || need+=(util-linux)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [[ $DUCKDB == 1 && ! -d "$ROOT/bench/duckdb/node_modules/@duckdb/node-api" ]]; then
  log "installing @duckdb/node-api"
  (cd "$ROOT/bench/duckdb" && npm ci --silent) || { log "DuckDB did not install; left out"; DUCKDB=0; }
fi

# ---- Build (release).
if [[ -z "${NQ_BENCH_BUILD:-}" ]]; then
  cmake --preset release >/dev/null
fi
cmake --build "$BUILD" -j "$(nproc)" --target nqtrack national_bench httplib_server \
  open_loop import_bench \
  >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; log "build failed"; exit 1; }
log "built in $((SECONDS - started)) s; the benchmark's own time starts now"
started=$SECONDS
NQ="$BUILD/src/cli/nqtrack"
BENCH="$BUILD/bench/national_bench"

# ---- PostgreSQL 15, throwaway, on 127.0.0.1 (settings of REFERENCE.md §C).
pg_cluster=""
pg_uri=""
as_owner=()
PG_BIN=/usr/lib/postgresql/15/bin
stop_pg() {
  if [[ -n "$pg_cluster" ]]; then
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$pg_cluster/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pg_cluster"
    pg_cluster=""
  fi
}
servers=()
stop_servers() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}
cleanup() { stop_servers; stop_pg; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

if [[ $PG == 1 ]]; then
  pg_cluster="$(mktemp -d /tmp/nq-bench-pg.XXXXXX)"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$pg_cluster"
    chmod 700 "$pg_cluster"
    as_owner=(runuser -u postgres --)
  fi
  pg_port="$(free_port)"
  "${as_owner[@]}" "$PG_BIN/initdb" -D "$pg_cluster/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >"$pg_cluster/initdb.log" 2>&1 || { cat "$pg_cluster/initdb.log" >&2; exit 1; }
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$pg_cluster/data" -l "$pg_cluster/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_cluster -c shared_buffers=6GB \
        -c work_mem=256MB -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=2 \
        -c max_parallel_workers=2 -c max_worker_processes=8 -c jit=off -c max_wal_size=16GB \
        -c checkpoint_timeout=30min -c effective_cache_size=16GB -c random_page_cost=1.1" \
    start >/dev/null || { cat "$pg_cluster/server.log" >&2; exit 1; }
  pg_uri="postgresql://postgres@127.0.0.1:$pg_port"
  log "PostgreSQL at $pg_uri"
fi

# ---- The in-process part: generator, engine, peers, cross-check.
# A peer's query is stopped after `timeout` seconds; hot runs stop after `budget` seconds.
case "$SIZE" in
  tiny|XS) timeout=20; budget=10; i1_values=200000 ;;
  M) timeout=300; budget=30; i1_values=2000000 ;;
  *) timeout=15; budget=3; i1_values=1000000 ;;
esac
bench_args=(--size "$SIZE" --structure "$STRUCTURE" --data-dir "$DATA" --out "$OUT/national.json"
  --timeout "$timeout" --budget "$budget")
[[ -n "$pg_uri" ]] && bench_args+=(--pg "$pg_uri")
[[ $DUCKDB == 1 ]] && bench_args+=(--duckdb-dir "$ROOT/bench/duckdb")
[[ $HTTP == 1 ]] && bench_args+=(--product-store "$DATA/product.db" --i1-values "$i1_values")
bench_status=0
"$BENCH" "${bench_args[@]}" || bench_status=$?
if [[ ! -f "$OUT/national.json" ]]; then
  log "national_bench failed (exit $bench_status)"
  exit 1
fi
# ---- I1 beside the bare insert of the same store: SQLite, and PostgreSQL's COPY path.
if [[ $HTTP == 1 ]]; then
  import_args=(--values "$i1_values" --xlsx 0 --dir "$DATA/import" --json "$OUT/import.json")
  [[ -n "$pg_uri" ]] && import_args+=(--pg "$pg_uri")
  "$BUILD/bench/import_bench" "${import_args[@]}" || log "import_bench failed; see above"
fi
# ---- I4: two `nqtrack serve` on the national store in PostgreSQL, a write on one → the other.
if [[ $HTTP == 1 && $I4 == 1 && -n "$pg_uri" ]]; then
  PG_BIN="$PG_BIN" python3 "$ROOT/bench/national/i4_bench.py" "$NQ" "$DATA" \
    "$pg_uri" "$OUT/i4.json" || log "I4 failed; see above"
fi
stop_pg
log "in-process part done at $((SECONDS - started)) s"

# ---- Through the product: I1, I3, H1.
if [[ $HTTP == 1 ]]; then
  python3 "$ROOT/bench/national/http_bench.py" "$NQ" "$BUILD/bench/httplib_server" \
    "$BUILD/bench/open_loop" "$DATA" \
    "$OUT/national.json" "$OUT/http.json" || log "the HTTP measures failed; see above"
fi

python3 "$ROOT/bench/national/report.py" "$OUT" "$((SECONDS - started))"
log "done in $((SECONDS - started)) s: $OUT/results.json, $OUT/results.md"
exit "$bench_status"
