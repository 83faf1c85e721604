#!/usr/bin/env python3
"""The measures of the national benchmark that go through the product (bench/run.sh calls it):

I1  `nqtrack import-values` of a DHIS2 dataValueSets file into the national store (without
    values), validated, audited and committed before the command answers.
I3  time from an acknowledged `POST /api/v1/values` to the `GET /api/v1/rollups/indicator`
    that shows it (p50/p99), against `nqtrack serve` holding the whole national data set.
H1  the Q1 answer over HTTP (`GET /api/v1/rollups/tree`), the server on core 0 and the client
    on core 1, against nginx and cpp-httplib (TCP_NODELAY) serving the same bytes from core 0,
    all three up at once and measured one after the other, with the CPU time each server spent
    per answered request (its own and its children's, from /proc): at 16 and at 64 connections
    (NQ_BENCH_H1_CONNECTIONS), closed loop (wrk: rate and latency of back-to-back requests) and
    open loop (bench/open_loop: a constant rate, the same for the three servers, half the lowest
    closed-loop rate of the three at that connection count unless NQ_BENCH_OPEN_RATE is set;
    latency from each request's due time, so a stall is charged to every request it delays).

NQ_BENCH_PERF=DIR samples nqtrack with `perf record` during its closed-loop lines and writes
the profile and its report by library and symbol into DIR (those lines then carry perf's cost).

Loopback only; every loop is bounded in count and time.
  http_bench.py NQTRACK HTTPLIB_SERVER OPEN_LOOP DATA_DIR NATIONAL_JSON OUT_JSON
"""
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

from bench_common import free_port, logger, percentile, send

NQ, HTTPLIB, OPEN_LOOP, DATA, NATIONAL, OUT = sys.argv[1:7]
WRK_SECONDS = int(os.environ.get("NQ_BENCH_WRK_SECONDS", "10"))
H1_CONNECTIONS = [int(c) for c in os.environ.get("NQ_BENCH_H1_CONNECTIONS", "16,64").split(",")]
OPEN_RATE = float(os.environ.get("NQ_BENCH_OPEN_RATE", "0"))  # 0: half the lowest closed rate
OPEN_WARMUP_SECONDS = 2
# A folder: `perf record` samples nqtrack while wrk runs its closed-loop lines, one perf.data and
# one report by share of each library (kernel included) per connection count, written there.
PERF_DIR = os.environ.get("NQ_BENCH_PERF", "")
I3_WRITES = 200


log = logger("http_bench")


def wait_for(port, path, seconds, headers=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status < 500:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def measure_i1(results):
    source = os.path.join(DATA, "i1-datavaluesets.json")
    store = os.path.join(DATA, "i1.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    shutil.copyfile(os.path.join(DATA, "product.db.structure"), store)
    with open(source, "rb") as f:
        count = f.read().count(b'"dataElement"')
    start = time.monotonic()
    done = subprocess.run([NQ, "import-values", source, "--format", "dhis2", "--db", store],
                          capture_output=True, text=True)
    seconds = time.monotonic() - start
    written = sqlite3.connect(store).execute("SELECT COUNT(*) FROM data_values").fetchone()[0]
    results["i1"] = {"values": count, "seconds": seconds, "values_per_second": count / seconds,
                     "exit_code": done.returncode, "rows_in_store": written,
                     "file_bytes": os.path.getsize(source)}
    if done.returncode != 0:
        results["i1"]["error"] = done.stderr[-500:]
    log(f"I1: {count} values in {seconds:.1f} s = {count / seconds:,.0f} values/s "
        f"(exit {done.returncode}, {written} rows stored)")
    os.remove(store)


def request(connection, method, path, token, body=None):
    status, payload = send(connection, method, path, token, body)
    if status >= 300:
        raise RuntimeError(f"{method} {path}: {status} {payload[:300]!r}")
    return json.loads(payload)


def measure_i3(port, token, plan, results):
    db = sqlite3.connect(os.path.join(DATA, "product.db"))
    unit_id, commune_id = db.execute(
        "SELECT u.id, v.parent_id FROM units u JOIN unit_versions v ON v.unit_id = u.id "
        "WHERE u.kind_id = 5 ORDER BY u.id LIMIT 1").fetchone()
    indicator = plan["trend_indicator_id"]
    period = "202806"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    write_path = "/api/v1/values"
    read_path = (f"/api/v1/rollups/indicator?indicator_id={indicator}&unit_id={commune_id}"
                 f"&period={period}")

    def write(number):
        return request(connection, "POST", write_path, token,
                       {"values": [{"indicator_id": indicator, "unit_id": unit_id,
                                    "period": period, "value": number}]})

    base_number = 500
    write(base_number)
    base = request(connection, "GET", read_path, token)["value"]
    write_ms, visible_ms, misses = [], [], 0
    for index in range(1, I3_WRITES + 1):
        start = time.perf_counter()
        write(base_number + index)
        acknowledged = time.perf_counter()
        figure = request(connection, "GET", read_path, token)
        shown = time.perf_counter()
        write_ms.append((acknowledged - start) * 1000)
        visible_ms.append((shown - acknowledged) * 1000)
        if figure["value"] != base + index:
            misses += 1
    results["i3"] = {"writes": I3_WRITES, "not_visible_at_first_read": misses,
                     "visible_p50_ms": percentile(visible_ms, 0.5),
                     "visible_p99_ms": percentile(visible_ms, 0.99),
                     "write_p50_ms": percentile(write_ms, 0.5),
                     "write_p99_ms": percentile(write_ms, 0.99)}
    log(f"I3: acknowledged write visible in the roll-up at p50 {results['i3']['visible_p50_ms']:.2f} "
        f"ms, p99 {results['i3']['visible_p99_ms']:.2f} ms ({misses} not visible at first read); "
        f"write p50 {results['i3']['write_p50_ms']:.2f} ms")


def parse_wrk(text):
    def millis(value, unit):
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    out = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
           "requests": int(re.search(r"(\d+) requests in", text).group(1))}
    for label, key in (("50%", "p50_ms"), ("99%", "p99_ms")):
        match = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)", text)
        if match:
            out[key] = millis(match.group(1), match.group(2))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["non_2xx"] = int(errors.group(1)) if errors else 0
    return out


def load_average():
    return round(os.getloadavg()[0], 2)


def cpu_seconds(pid):
    """CPU time (user + system) of process `pid` and of its children alive now (nginx's
    worker), in seconds: what a server spent, whatever else ran on the machine."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def with_cpu(pid, measure, answered):
    """Runs `measure`, adding the server's CPU time per answered request (µs) to its figures."""
    before = cpu_seconds(pid)
    out = measure()
    spent = cpu_seconds(pid) - before
    out["server_cpu_seconds"] = round(spent, 2)
    count = answered(out)
    out["server_cpu_us_per_request"] = round(spent * 1e6 / count, 1) if count else None
    return out


def profiled(pid, name, measure):
    """Runs `measure` under `perf record -p pid` when NQ_BENCH_PERF names a folder."""
    if not PERF_DIR or not shutil.which("perf"):
        return measure()
    os.makedirs(PERF_DIR, exist_ok=True)
    data = os.path.join(PERF_DIR, f"{name}.data")
    perf = subprocess.Popen(["perf", "record", "-F", "999", "-g", "-p", str(pid), "-o", data],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return measure()
    finally:
        perf.send_signal(2)
        perf.wait(timeout=60)
        with open(os.path.join(PERF_DIR, f"{name}.txt"), "w") as report:
            subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso",
                            "--stdio"], stdout=report, stderr=subprocess.DEVNULL, timeout=300)
            subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,sym",
                            "--stdio", "-g", "none", "--percent-limit", "0.7"], stdout=report,
                           stderr=subprocess.DEVNULL, timeout=300)
        log(f"profile of {name}: {data}")


def wrk(url, headers, connections):
    args = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{WRK_SECONDS}s",
            "--latency"]
    for header in headers:
        args += ["-H", header]
    out = parse_wrk(run(args + [url]).stdout)
    out["load_average"] = load_average()
    return out


def open_loop(url, headers, connections, rate):
    """bench/open_loop at `rate` requests/s: its JSON (latencies from the due time)."""
    args = ["taskset", "-c", "1", OPEN_LOOP, "--url", url, "--rate", f"{rate:.0f}",
            "--connections", str(connections), "--seconds", str(WRK_SECONDS),
            "--warmup", str(OPEN_WARMUP_SECONDS)]
    for header in headers:
        args += ["-H", header]
    done = subprocess.run(args, capture_output=True, text=True,
                          timeout=WRK_SECONDS + OPEN_WARMUP_SECONDS + 60)
    if not done.stdout.strip():
        raise RuntimeError(f"open_loop failed (exit {done.returncode}): {done.stderr[-300:]}")
    out = json.loads(done.stdout)
    out["load_average"] = load_average()
    return out


def measure_h1(port, token, plan, results, servers):
    path = (f"/api/v1/rollups/tree?indicator_id={plan['trend_indicator_id']}&unit_id=1"
            f"&period={plan['q1_period']}&depth={plan['commune_depth']}&as_of={plan['as_of']}")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    body = response.read()
    h1 = {"path": path, "status": response.status, "bytes": len(body), "seconds": WRK_SECONDS,
          "connections": H1_CONNECTIONS, "closed": {}, "open": {},
          "load_average_start": load_average()}
    results["h1"] = h1
    if response.status != 200:
        h1["error"] = f"the tree route answered {response.status}: {body[:200]!r}"
        log(f"H1: {h1['error']}; only nginx and cpp-httplib measured, on the indicator route's bytes")
        fallback = (f"/api/v1/rollups/indicator?indicator_id={plan['trend_indicator_id']}"
                    f"&unit_id=1&period={plan['q1_period']}")
        connection.request("GET", fallback, headers={"Authorization": f"Bearer {token}"})
        body = connection.getresponse().read()
    static = os.path.join(DATA, "h1")
    os.makedirs(static, exist_ok=True)
    with open(os.path.join(static, "q1.json"), "wb") as f:
        f.write(body)
    targets = {}  # name: (URL, headers, pid)
    if response.status == 200:
        targets["nqtrack"] = (f"http://127.0.0.1:{port}{path}", [f"Authorization: Bearer {token}"],
                              servers[0].pid)

    nginx_port = free_port()
    conf = os.path.join(static, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {static}/nginx.pid;
error_log {static}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  client_body_temp_path {static}/tmp;
  server {{ listen 127.0.0.1:{nginx_port}; root {static}; }}
}}
""")
    servers.append(subprocess.Popen(["taskset", "-c", "0", "nginx", "-c", conf, "-p", static],
                                    stderr=subprocess.DEVNULL))
    if wait_for(nginx_port, "/q1.json", 20):
        targets["nginx"] = (f"http://127.0.0.1:{nginx_port}/q1.json", [], servers[-1].pid)
    httplib_port = free_port()
    servers.append(subprocess.Popen(["taskset", "-c", "0", HTTPLIB, str(httplib_port),
                                     os.path.join(static, "q1.json")], stderr=subprocess.DEVNULL))
    if wait_for(httplib_port, "/q1.json", 20):
        targets["cpp_httplib"] = (f"http://127.0.0.1:{httplib_port}/q1.json", [], servers[-1].pid)

    for connections in H1_CONNECTIONS:
        closed = h1["closed"][str(connections)] = {}
        for name, (url, headers, pid) in targets.items():
            measure = lambda u=url, h=headers: wrk(u, h, connections)  # noqa: E731
            if name == "nqtrack":
                measure = lambda m=measure, p=pid: profiled(  # noqa: E731
                    p, f"nqtrack-closed-{connections}", m)
            closed[name] = with_cpu(pid, measure, lambda out: out["requests"])
            log(f"H1 closed loop, {connections} connections, {name}: {closed[name]}")
    for connections in H1_CONNECTIONS:
        closed = h1["closed"][str(connections)]
        rate = OPEN_RATE or max(round(min(w["requests_per_second"] for w in closed.values()) / 2), 1)
        opened = h1["open"][str(connections)] = {"rate": rate}
        for name, (url, headers, pid) in targets.items():
            opened[name] = with_cpu(pid, lambda u=url, h=headers: open_loop(u, h, connections, rate),
                                    lambda out: out["completed"])
            log(f"H1 open loop, {connections} connections, {rate:.0f} req/s, {name}: {opened[name]}")
    h1["load_average_end"] = load_average()


def main():
    plan = json.load(open(NATIONAL))["plan"]
    results = {}
    measure_i1(results)

    store = os.path.join(DATA, "product.db")
    env = dict(os.environ, NQ_PASSWORD="bench-national-password")
    run([NQ, "user", "add", "bench", "--name", "Benchmark", "--db", store], env=env)
    run([NQ, "user", "grant", "bench", "administrator", "viet-nam", "--db", store])
    token = run([NQ, "user", "token", "bench", "--name", "bench", "--db", store]).stdout.split()[-1]

    port = free_port()
    servers = []
    start = time.monotonic()
    server = subprocess.Popen(["taskset", "-c", "0", NQ, "serve", "--db", store, "--listen",
                               f"127.0.0.1:{port}"], stderr=open(os.path.join(DATA, "serve.log"), "w"))
    servers.append(server)
    try:
        if not wait_for(port, "/api/v1/health", 900):
            raise RuntimeError("nqtrack serve did not come up within 900 s")
        results["serve_start_seconds"] = time.monotonic() - start
        log(f"nqtrack serve up with the national store in {results['serve_start_seconds']:.1f} s")
        measure_i3(port, token, plan, results)
        measure_h1(port, token, plan, results, servers)
    except Exception as error:  # reported in the results, the run goes on to its report
        results["error"] = str(error)
        log(f"error: {error}")
    finally:
        for process in servers:
            if process.poll() is None:
                process.terminate()
                process.wait()
    with open(OUT, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
