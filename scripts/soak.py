#!/usr/bin/env python3
"""The soak (docs/reliability.md, `make soak`): a mixed workload against a served store for a
while, sampling the server's resident memory and open descriptors every SAMPLE seconds.

    soak.py --url http://127.0.0.1:PORT --pid PID --seconds 1800 --series out.csv

The workload, from --workers threads signed in as the administrator: reads (lists, views,
roll-ups), value writes, evidence on an assignment, a draft report's text, and DHIS2 and CSV
imports. Writes go to a fixed set of places (the same indicators, units and years, the same
assignments and reports), so the store's figures do not grow with time and neither should the
server: its memory or descriptors growing says something is kept that should not be.

Prints a line per sample and writes them to --series (CSV). At the end compares the mean of the
last quarter of the samples with the first quarter's; exits 1 when resident memory grew by more
than --rss-growth (fraction) and more than --rss-slack MB, when open descriptors grew by more
than --fd-slack, when the server stopped answering, or when fewer than 95% of requests were
answered 2xx.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

PASSWORD = "nqtrack-demo-2021"


class Client:
    """One keep-alive connection, signed in as the administrator."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = None
        self.headers = {}
        status, headers, body = self.request(
            "POST", "/api/v1/session", {"login": "admin", "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"sign-in answered {status}: {body[:200]!r}")
        cookie = headers.get("set-cookie", "").split(";")[0]
        self.headers = {"Cookie": cookie, "X-CSRF-Token": json.loads(body)["csrf_token"]}

    def request(self, method, target, body=None, headers=None, raw=None,
                content_type="application/json"):
        data = raw if raw is not None else (
            json.dumps(body).encode() if body is not None else None)
        all_headers = dict(self.headers)
        if data is not None:
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.connection.request(method, target, body=data, headers=all_headers)
                response = self.connection.getresponse()
                payload = response.read()
                answer_headers = {k.lower(): v for k, v in response.getheaders()}
                if answer_headers.get("connection", "").lower() == "close":
                    self.close()
                return response.status, answer_headers, payload
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 1:
                    return 0, {}, b""
        return 0, {}, b""

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def get_json(client, target):
    status, _, body = client.request("GET", target)
    if status != 200:
        raise RuntimeError(f"GET {target} answered {status}: {body[:200]!r}")
    return json.loads(body)


class World:
    """What the workload writes to, read from the store at the start."""

    def __init__(self, client):
        indicators = get_json(client, "/api/v1/indicators")["items"]
        units = get_json(client, "/api/v1/units")["items"]
        parents = {unit["parent_id"] for unit in units}
        self.leaves = [u for u in units if u["id"] not in parents and u["open"]]
        self.units = units
        self.indicators = [i for i in indicators
                           if i["period_type"] == "year" and i["value_type"] == "number"
                           and i["numerator_id"] is None]
        self.assignments = get_json(client, "/api/v1/assignments")["items"]
        # The value slots that take a write (an indicator may not be reported by every kind
        # of unit): found by trying, once.
        self.slots = []
        for indicator in self.indicators:
            for unit in self.leaves[:12]:
                status, _, _ = client.request("POST", "/api/v1/values", {"values": [{
                    "indicator_id": indicator["id"], "unit_id": unit["id"], "period": "2024",
                    "value": 1}]})
                if 200 <= status < 300:
                    self.slots.append((indicator, unit))
            if len(self.slots) >= 24:
                break
        if not self.slots:
            raise RuntimeError("no indicator and unit take a value")


READS = ["/api/v1/units", "/api/v1/indicators", "/api/v1/reports", "/api/v1/assignments",
         "/api/v1/views/overview?unit_id=1", "/api/v1/obligations", "/api/v1/documents",
         "/api/v1/health", "/api/v1/rollups/tree?indicator_id=2&unit_id=1&period=2024"]


class Workload:
    def __init__(self, url, world, deadline):
        self.url, self.world, self.deadline = url, world, deadline
        self.lock = threading.Lock()
        self.counts = {}  # (kind, status class) -> count
        self.failures = []  # a few examples of non-2xx answers

    def count(self, kind, status, body=b""):
        with self.lock:
            key = (kind, "2xx" if 200 <= status < 300 else str(status))
            self.counts[key] = self.counts.get(key, 0) + 1
            if not 200 <= status < 300 and len(self.failures) < 20:
                self.failures.append(f"{kind} {status} {body[:160]!r}")

    def totals(self):
        with self.lock:
            ok = sum(n for (_, s), n in self.counts.items() if s == "2xx")
            return ok, sum(self.counts.values())

    def run(self, seed):
        rng = random.Random(seed)
        client = Client(self.url)
        world = self.world
        report = None  # this worker's draft report: (id, version)
        while time.monotonic() < self.deadline:
            roll = rng.random()
            if roll < 0.50:
                target = rng.choice(READS)
                status, _, body = client.request("GET", target)
                self.count("read", status, body)
            elif roll < 0.70:
                indicator, unit = rng.choice(world.slots)
                status, _, body = client.request("POST", "/api/v1/values", {"values": [{
                    "indicator_id": indicator["id"], "unit_id": unit["id"],
                    "period": str(rng.randint(2021, 2025)), "value": rng.randint(1, 10**6)}]})
                self.count("value", status, body)
            elif roll < 0.80:
                status, body = self.evidence(client, rng)
                self.count("evidence", status, body)
            elif roll < 0.90:
                report, status, body = self.report(client, rng, report, seed)
                self.count("report", status, body)
            else:
                status, body = self.import_values(client, rng)
                self.count("import", status, body)
        client.close()

    def evidence(self, client, rng):
        assignment = rng.choice(self.world.assignments)
        current = client.request("GET", f"/api/v1/assignments/{assignment['id']}")
        if current[0] != 200:
            return current[0], current[2]
        version = json.loads(current[2])["version"]
        status, _, body = client.request(
            "PATCH", f"/api/v1/assignments/{assignment['id']}",
            {"evidence": {"document_number": f"{rng.randint(1, 99)}-KH/ĐU",
                          "attendance": [{"group": "đảng viên", "count": rng.randint(1, 500)}],
                          "note": "Hội nghị quán triệt"}},
            headers={"If-Match": f'"{version}"'})
        return status, body

    def report(self, client, rng, report, seed):
        text = f"Kết quả thực hiện, lần {rng.randint(1, 10**6)}"
        if report is None:
            unit = self.world.leaves[seed % len(self.world.leaves)]
            # A period of the far future, one per worker: no other write takes it.
            status, _, body = client.request("POST", "/api/v1/reports", {
                "unit_id": unit["id"], "period": str(2090 + seed),
                "sections": {"results": text}})
            if status == 201:
                created = json.loads(body)
                report = (created["id"], created["version"])
            elif status == 409:  # made by an earlier soak on this store: taken over
                for item in get_json(client, "/api/v1/reports")["items"]:
                    if item["unit_id"] == unit["id"] and item["period"] == str(2090 + seed):
                        report = (item["id"], item["version"])
            return report, status, body
        status, headers, body = client.request(
            "PATCH", f"/api/v1/reports/{report[0]}", {"sections": {"results": text}},
            headers={"If-Match": f'"{report[1]}"'})
        if 200 <= status < 300:
            report = (report[0], json.loads(body)["version"])
        return report, status, body

    def import_values(self, client, rng):
        indicator, unit = rng.choice(self.world.slots)
        if rng.random() < 0.5:
            status, _, body = client.request("POST", "/api/v1/imports/datavaluesets", {
                "dataValues": [{"dataElement": indicator["code"], "orgUnit": unit["code"],
                                "period": str(rng.randint(2021, 2025)),
                                "value": str(rng.randint(1, 10**6))}]})
        else:
            csv = ("indicator_code,unit_code,period,value\n"
                   f"{indicator['code']},{unit['code']},{rng.randint(2021, 2025)},"
                   f"{rng.randint(1, 10**6)}\n")
            status, _, body = client.request("POST", "/api/v1/imports/values.csv",
                                             raw=csv.encode(), content_type="text/csv")
        return status, body


def process_sample(pid):
    """(resident MB, open descriptors) of the process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
        return rss / 1024.0, len(os.listdir(f"/proc/{pid}/fd"))
    except (OSError, StopIteration):
        return None


def mean(values):
    return sum(values) / len(values) if values else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--seconds", type=int, default=1800)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--series", default="soak-series.csv")
    parser.add_argument("--rss-growth", type=float, default=0.10)
    parser.add_argument("--rss-slack", type=float, default=16.0)
    parser.add_argument("--fd-slack", type=int, default=8)
    args = parser.parse_args()

    setup = Client(args.url)
    world = World(setup)
    setup.close()
    print(f"soak: {len(world.slots)} value slots, {len(world.assignments)} assignments, "
          f"{args.workers} workers, {args.seconds} s, a sample every {args.sample} s", flush=True)
    started = time.monotonic()
    workload = Workload(args.url, world, started + args.seconds)
    threads = [threading.Thread(target=workload.run, args=(seed,), daemon=True)
               for seed in range(args.workers)]
    for thread in threads:
        thread.start()
    samples = []  # (seconds, rss MB, fds, requests answered 2xx, requests)
    gone = False
    with open(args.series, "w") as series:
        series.write("seconds,rss_mb,open_fds,requests_2xx,requests\n")
        next_sample = started
        while True:
            sample = process_sample(args.pid)
            if sample is None:
                gone = True
                print("soak: the server is gone", flush=True)
                break
            ok, total = workload.totals()
            seconds = time.monotonic() - started
            samples.append((seconds, sample[0], sample[1], ok, total))
            line = f"{seconds:.0f},{sample[0]:.1f},{sample[1]},{ok},{total}"
            series.write(line + "\n")
            series.flush()
            print(f"soak: t={seconds:5.0f} s  rss {sample[0]:7.1f} MB  fds {sample[1]:4d}  "
                  f"requests {total} ({ok} 2xx)", flush=True)
            if seconds >= args.seconds:
                break
            next_sample += args.sample
            time.sleep(max(0.0, next_sample - time.monotonic()))
    for thread in threads:
        thread.join(timeout=60)

    ok, total = workload.totals()
    quarter = max(1, len(samples) // 4)
    first, last = samples[:quarter], samples[-quarter:]
    rss_first, rss_last = mean([s[1] for s in first]), mean([s[1] for s in last])
    fd_first, fd_last = mean([s[2] for s in first]), mean([s[2] for s in last])
    by_kind = {}
    for (kind, status), n in sorted(workload.counts.items()):
        by_kind.setdefault(kind, []).append(f"{status} {n}")
    print("soak: requests by kind: " +
          "; ".join(f"{kind} {', '.join(parts)}" for kind, parts in by_kind.items()))
    for failure in workload.failures[:5]:
        print(f"soak: e.g. {failure}")
    rss_grew = rss_last - rss_first > max(args.rss_slack, args.rss_growth * rss_first)
    fds_grew = fd_last - fd_first > args.fd_slack
    few_ok = total == 0 or ok < 0.95 * total
    print(f"soak figures: {samples[-1][0] if samples else 0:.0f} s, {len(samples)} samples, "
          f"{total} requests ({total / max(1.0, samples[-1][0] if samples else 1):.1f}/s), "
          f"{ok} answered 2xx; resident memory first quarter {rss_first:.1f} MB, last quarter "
          f"{rss_last:.1f} MB, max {max(s[1] for s in samples):.1f} MB; open descriptors "
          f"first quarter {fd_first:.1f}, last quarter {fd_last:.1f}, max "
          f"{max(s[2] for s in samples)}; growth "
          f"{'FLAGGED' if rss_grew or fds_grew else 'none past the bounds'}", flush=True)
    if gone or rss_grew or fds_grew or few_ok:
        print("soak: FAILED" + (" (server gone)" if gone else "") +
              (" (memory grew)" if rss_grew else "") + (" (descriptors grew)" if fds_grew else "") +
              (" (under 95% answered 2xx)" if few_ok else ""))
        return 1
    print("soak: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
