#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster: initdb in a temporary folder, a free
# port on 127.0.0.1 and a private socket folder; NQ_TEST_PG holds its conninfo (a URI without a
# database name: tests create their own databases). The cluster is stopped and removed on exit.
# When NQ_TEST_PG is already set, the command runs against that server instead.
#   scripts/with-postgres.sh ctest --preset debug
set -euo pipefail

if [[ -n "${NQ_TEST_PG:-}" ]]; then
  exec "$@"
fi

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "with-postgres: no PostgreSQL server binaries (install postgresql-15)" >&2
  exit 1
fi

cluster="$(mktemp -d /tmp/nq-pg.XXXXXX)"
as_owner=()
if [[ "$(id -u)" == 0 ]]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  chown postgres: "$cluster"
  chmod 700 "$cluster"
  as_owner=(runuser -u postgres --)
fi

stop_cluster() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as_owner[@]}" "$PG_BIN/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 || { cat "$cluster/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=on -c max_connections=400" \
  start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }

export NQ_TEST_PG="postgresql://postgres@127.0.0.1:$port"
echo "with-postgres: PostgreSQL at $NQ_TEST_PG (cluster $cluster)" >&2
status=0
"$@" || status=$?
exit "$status"
