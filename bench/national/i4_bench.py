#!/usr/bin/env python3
"""I4 of the national benchmark (bench/run.sh calls it): two `nqtrack serve` on one PostgreSQL
database holding the national data set; a value written through instance A, and the time from
A's acknowledgement until instance B's `GET /api/v1/rollups/indicator` for the unit's parent
shows it (p50/p99). B follows A through the change feed (storage/change_log.h,
app/change_feed.h). Also counts B's reads that failed while it caught up (it must keep
answering).

Loopback only; every loop is bounded in count and time.
  i4_bench.py NQTRACK DATA_DIR PG_URI OUT_JSON
PG_URI names the server (postgresql://user@host:port); the script moves DATA_DIR/product.db
into a database of its own with `nqtrack migrate-store`, or, with NQ_BENCH_I4_DB set to a
database URI, uses that store as it is (and keeps it).
"""
import http.client
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

from bench_common import free_port, logger, percentile, send

NQ, DATA, PG_URI, OUT = sys.argv[1:5]
WRITES = int(os.environ.get("NQ_BENCH_I4_WRITES", "200"))
VISIBLE_WITHIN_S = 30  # a write not visible on B by then counts as lost for the run


log = logger("i4_bench")


def wait_up(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/health")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def main():
    results = {"writes": WRITES}
    given = os.environ.get("NQ_BENCH_I4_DB")
    database = f"nq_i4_{os.getpid()}"
    pg_db = given or f"{PG_URI}/{database}"
    run = lambda args: subprocess.run(args, check=True, capture_output=True, text=True)
    psql = os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")
    if not given:
        run([psql, "-q", f"{PG_URI}/postgres", "-c", f"CREATE DATABASE {database}"])
    servers = []
    try:
        if not given:
            start = time.monotonic()
            # The generated store marks a few duties done without evidence (queries count them),
            # which the product refuses to import: a copy gives them the evidence the others have.
            source = os.path.join(DATA, "i4-source.db")
            shutil.copyfile(os.path.join(DATA, "product.db"), source)
            with sqlite3.connect(source) as db:
                db.execute("UPDATE assignments SET evidence = (SELECT evidence FROM assignments "
                           "WHERE status = 'done' AND evidence LIKE '%01-BC%' LIMIT 1) "
                           "WHERE status = 'done' AND evidence NOT LIKE '%01-BC%'")
            run([NQ, "migrate-store", "--from", source, "--to", pg_db])
            os.remove(source)
            results["migrate_seconds"] = time.monotonic() - start
            log(f"national store moved to PostgreSQL in {results['migrate_seconds']:.1f} s")
        results["values_in_store"] = int(run(
            [psql, "-Atq", pg_db, "-c", "SELECT COUNT(*) FROM data_values WHERE current = 1"]
        ).stdout)
        # A summed number of a unit that has a parent: the parent's roll-up moves with it.
        indicator, unit_id, period, parent_id = run([psql, "-Atq", "-F", " ", pg_db, "-c", """
            SELECT v.indicator_id, v.unit_id, v.period, u.parent_id FROM data_values v
            JOIN indicators i ON i.id = v.indicator_id
            JOIN unit_versions u ON u.unit_id = v.unit_id AND u.valid_to IS NULL
            WHERE v.current = 1 AND v.number IS NOT NULL AND i.unit_aggregation = 'sum'
              AND i.value_type = 'number' AND u.parent_id IS NOT NULL
            ORDER BY v.id DESC LIMIT 1"""]).stdout.split()
        env = dict(os.environ, NQ_PASSWORD="bench-national-password")
        subprocess.run([NQ, "user", "add", "bench", "--name", "Benchmark", "--db", pg_db], env=env,
                       capture_output=True)  # there already when http_bench.py ran first
        root = run([psql, "-Atq", pg_db, "-c", "SELECT u.code FROM units u JOIN unit_versions v "
                    "ON v.unit_id = u.id WHERE v.parent_id IS NULL ORDER BY u.id LIMIT 1"]).stdout
        subprocess.run([NQ, "user", "grant", "bench", "administrator", root.strip(), "--db", pg_db],
                       capture_output=True)
        token = run([NQ, "user", "token", "bench", "--name", "i4", "--db", pg_db]).stdout.split()[-1]
        ports = [free_port(), free_port()]
        start = time.monotonic()
        for name, port in zip("ab", ports):
            servers.append(subprocess.Popen(
                [NQ, "serve", "--db", pg_db, "--listen", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL,
                stderr=open(os.path.join(DATA, f"i4-serve-{name}.log"), "w")))
        for port in ports:
            if not wait_up(port, 1800):
                raise RuntimeError("nqtrack serve on PostgreSQL did not come up within 1800 s")
        results["serve_start_seconds"] = time.monotonic() - start
        log(f"two instances up in {results['serve_start_seconds']:.1f} s")

        a = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=30)
        b = http.client.HTTPConnection("127.0.0.1", ports[1], timeout=30)
        read_path = (f"/api/v1/rollups/indicator?indicator_id={indicator}&unit_id={parent_id}"
                     f"&period={period}")

        def write(number):
            status, payload = send(a, "POST", "/api/v1/values", token,
                                      {"values": [{"indicator_id": int(indicator),
                                                   "unit_id": int(unit_id), "period": period,
                                                   "value": number}]})
            if status != 200:
                raise RuntimeError(f"write on A: {status} {payload[:300]!r}")

        def read_b():
            status, payload = send(b, "GET", read_path, token)
            return json.loads(payload).get("value") if status == 200 else None

        base_number = 500
        write(base_number)
        deadline = time.monotonic() + VISIBLE_WITHIN_S
        base = None
        while time.monotonic() < deadline:
            status, payload = send(a, "GET", read_path, token)
            base = json.loads(payload)["value"]
            if read_b() == base:
                break
            time.sleep(0.01)
        visible_ms, failed_reads, reads, lost = [], 0, 0, 0
        for index in range(1, WRITES + 1):
            write(base_number + index)
            acknowledged = time.perf_counter()
            limit = time.monotonic() + VISIBLE_WITHIN_S
            while True:
                value = read_b()
                reads += 1
                if value is None:
                    failed_reads += 1
                if value == base + index:
                    visible_ms.append((time.perf_counter() - acknowledged) * 1000)
                    break
                if time.monotonic() > limit:
                    lost += 1
                    break
                time.sleep(0.0005)
        results.update({"visible_p50_ms": percentile(visible_ms, 0.5) if visible_ms else None,
                        "visible_p99_ms": percentile(visible_ms, 0.99) if visible_ms else None,
                        "visible_max_ms": max(visible_ms) if visible_ms else None,
                        "not_visible_within_s": lost, "reads_on_b": reads,
                        "failed_reads_on_b": failed_reads})
        log(f"I4: write on A visible on B at p50 {results['visible_p50_ms']:.1f} ms, p99 "
            f"{results['visible_p99_ms']:.1f} ms ({lost} of {WRITES} not visible within "
            f"{VISIBLE_WITHIN_S} s; {failed_reads} of {reads} reads on B failed)")
    except Exception as error:  # reported in the results, the run goes on
        results["error"] = str(error)[-500:]
        log(f"I4 failed: {error}")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if not given:
            subprocess.run([psql, "-q", f"{PG_URI}/postgres", "-c",
                            f"DROP DATABASE IF EXISTS {database}"], capture_output=True)
    json.dump(results, open(OUT, "w"), indent=2)


if __name__ == "__main__":
    main()
