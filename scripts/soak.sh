#!/usr/bin/env bash
# `make soak`: the 30-minute soak of docs/reliability.md. Serves a fresh demo store (SQLite) with
# the release build (NQ_BINARY to choose another), runs the mixed workload of scripts/soak.py
# against it for SOAK_SECONDS (default 1800), sampling the server's resident memory and open
# descriptors every SOAK_SAMPLE seconds (default 10), and fails when either grew from the first
# quarter of the run to the last (or the server stopped answering). The series is written to
# build/soak/series.csv and the output to build/soak/soak.log.
#   SOAK_SECONDS=300 scripts/soak.sh
set -uo pipefail
cd "$(dirname "$0")/.."
nqtrack="${NQ_BINARY:-build/release/src/cli/nqtrack}"
[[ -x "$nqtrack" ]] || { echo "soak: no server binary at $nqtrack (make build-release)"; exit 1; }
out=build/soak
mkdir -p "$out"
work=$(mktemp -d /tmp/nq-soak.XXXXXX)
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$nqtrack" demo --db "$work/soak.db" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
du -cb "$work"/soak.db* | tail -1 | cut -f1 >"$work/store-at-start"
"$nqtrack" serve --db "$work/soak.db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$out/server.log" &
server=$!
url=""
for _ in $(seq 1 300); do  # up to 30 s for the first line, which names the address
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out" 2>/dev/null | head -1)
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || { echo "soak: the server did not start"; tail "$out/server.log"; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "soak: the server did not say where it listens"; exit 1; }
echo "soak: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -n), $(nproc) cores, load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) at the start; server $nqtrack (pid $server) on $url" |
  tee "$out/soak.log"
python3 scripts/soak.py --url "$url" --pid "$server" --seconds "${SOAK_SECONDS:-1800}" \
  --sample "${SOAK_SAMPLE:-10}" --series "$out/series.csv" | tee -a "$out/soak.log"
status=${PIPESTATUS[0]}
echo "soak: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; the store (file and" \
  "write-ahead log) $(du -cb "$work"/soak.db* | tail -1 | cut -f1) bytes, after" \
  "$(cat "$work/store-at-start") at the start" | tee -a "$out/soak.log"
exit "$status"
