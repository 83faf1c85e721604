#!/usr/bin/env python3
"""Merges national.json (national_bench), http.json (http_bench.py), i4.json (i4_bench.py) and
import.json (import_bench) into results.json, checks the goals of issue #5 against the figures of this run, and writes
results.md.
  report.py OUT_DIR TOTAL_SECONDS
"""
import json
import os
import platform
import subprocess
import sys

OUT = sys.argv[1]
TOTAL_SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 0
QUERIES = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]


def load(name):
    path = os.path.join(OUT, name)
    return json.load(open(path)) if os.path.exists(path) else {}


def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "kernel": platform.release(), "compiler": compiler.splitlines()[0] if compiler else "?"}


def ms(value):
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value / 1000:,.2f} s"
    if value >= 10:
        return f"{value:,.1f} ms"
    return f"{value:.3f} ms"


def ratio(value):
    return "—" if value is None else (f"{value:,.0f}×" if value >= 10 else f"{value:.2f}×")


def peer_name(system):
    short = system["system"].replace("PostgreSQL", "PG").replace("nqtrack engine", "nqtrack")
    return f"{short} {system['approach']}"


def best_peer(systems, query, key):
    best = None
    for system in systems[1:]:
        timing = system["queries"].get(query)
        if not timing or timing.get("error"):
            continue
        if best is None or timing[key] < best[1]:
            best = (peer_name(system), timing[key])
    return best


def goals(national, http):
    systems = national["systems"]
    ours = systems[0]["queries"]
    dataset = national["dataset"]
    memory = national.get("memory", {})
    out = []

    def goal(name, met, measured, note=""):
        out.append({"goal": name, "met": met, "measured": measured, "note": note})

    best = best_peer(systems, "Q1", "p99_ms")
    if best:
        speedup = best[1] / ours["Q1"]["p99_ms"]
        goal("Q1 p99 ≥ 20× faster than the best peer", speedup >= 20,
             f"{ratio(speedup)} (ours {ms(ours['Q1']['p99_ms'])}, {best[0]} {ms(best[1])})")
    goal("Q1 p99 under 1 ms at size M", ours["Q1"]["p99_ms"] < 1 if dataset["size"] == "M" else None,
         f"{ms(ours['Q1']['p99_ms'])} at size {dataset['size']}",
         "" if dataset["size"] == "M" else "judged only at size M")
    recompute = systems[0].get("recompute", {})
    if recompute.get("bandwidth_gbps"):
        fraction = recompute["held_fraction"]
        goal("Q6 at least half of the memory-bandwidth roofline", fraction >= 0.5,
             f"{fraction:.1%} of the roofline: the {recompute['value_bytes'] / 1e6:,.0f} MB of "
             f"values held read at {recompute['held_gbps']:.1f} GB/s in "
             f"{ms(recompute['median_ms'])} (processor time {ms(recompute['cpu_ms'])} on 2 "
             f"threads) against {recompute['bandwidth_gbps']:.1f} GB/s measured on 2 threads")
    flat = next((s for s in systems if s["approach"].startswith("DHIS2")), None)
    if flat:
        build_ms = flat["build_seconds"] * 1000
        speedup = build_ms / ours["Q6"]["median_ms"]
        goal("Q6 ≥ 50× faster than building the DHIS2-style table", speedup >= 50,
             f"{ratio(speedup)} (build {ms(build_ms)}, Q6 {ms(ours['Q6']['median_ms'])})")
    i1 = http.get("i1")
    sqlite = next((s for s in systems if s["system"].startswith("SQLite")), None)
    if i1:
        rate = i1["values_per_second"]
        goal("I1 ≥ 1 M values/s end to end, durable", rate >= 1e6 and i1["exit_code"] == 0,
             f"{rate:,.0f} values/s ({i1['values']:,} values in {i1['seconds']:.1f} s)")
        if sqlite:
            phase = next((p for p in sqlite["load"] if p["phase"] == "insert values"), None)
            if phase:
                sqlite_rate = dataset["values_stored"] / phase["seconds"]
                goal("I1 ≥ SQLite's own prepared-insert rate", rate >= sqlite_rate,
                     f"{rate / sqlite_rate:.2f}× of SQLite's {sqlite_rate:,.0f} rows/s")
    i3 = http.get("i3")
    if i3:
        goal("I3 p99 under 1 s", i3["visible_p99_ms"] < 1000 and i3["not_visible_at_first_read"] == 0,
             f"p99 {ms(i3['visible_p99_ms'])}, p50 {ms(i3['visible_p50_ms'])}; "
             f"{i3['not_visible_at_first_read']} of {i3['writes']} not visible at the first read")
    i4 = load("i4.json")
    if i4.get("visible_p99_ms") is not None:
        goal("I4 p99 under 1 s, B never stops answering",
             i4["visible_p99_ms"] < 1000 and i4["not_visible_within_s"] == 0
             and i4["failed_reads_on_b"] == 0,
             f"p99 {ms(i4['visible_p99_ms'])}, p50 {ms(i4['visible_p50_ms'])}; "
             f"{i4['failed_reads_on_b']} of {i4['reads_on_b']} reads on B failed")
    for store, figures in load("import.json").items():
        goal(f"I1 on {store} ≥ 0.8× the bare {figures['bare']} of the same store",
             figures["ratio_to_bare"] >= 0.8,
             f"{figures['ratio_to_bare']:.2f}× ({figures['values_per_second']:,.0f} values/s vs "
             f"{figures['bare_rows_per_second']:,.0f} rows/s, {figures['values']:,} values)")
    h1 = http.get("h1", {})
    for connections, closed in h1.get("closed", {}).items():
        if "nqtrack" not in closed:
            continue
        ours_rate = closed["nqtrack"]["requests_per_second"]
        load_note = f"load average {closed['nqtrack'].get('load_average', '?')}"
        if "nginx" in closed:
            share = ours_rate / closed["nginx"]["requests_per_second"]
            goal(f"H1 ≥ half of nginx's rate, {connections} connections", share >= 0.5,
                 f"{share:.2f} of nginx", load_note)
        if "cpp_httplib" in closed:
            times = ours_rate / closed["cpp_httplib"]["requests_per_second"]
            goal(f"H1 ≥ 2× cpp-httplib, {connections} connections", times >= 2,
                 f"{ratio(times)} cpp-httplib", load_note)
        cpu = {name: w.get("server_cpu_us_per_request") for name, w in closed.items()}
        if all(cpu.values()):
            goal(f"H1 CPU per request, {connections} connections (closed loop)", None,
                 ", ".join(f"{name} {us:.0f} µs" for name, us in cpu.items()),
                 "the server's own CPU time: what the machine's load does not change")
        opened = h1.get("open", {}).get(connections, {})
        p99 = opened.get("nqtrack", {}).get("p99_ms")
        goal(f"H1 p99 under 5 ms, {connections} connections, open loop", p99 is not None and p99 < 5,
             f"{ms(p99)} at {opened.get('rate', 0):,.0f} req/s",
             f"closed loop (wrk) p99 {ms(closed['nqtrack'].get('p99_ms'))}")
    if h1 and not any("nqtrack" in closed for closed in h1.get("closed", {}).values()):
        goal("H1 (the Q1 answer over HTTP)", False, "not measured", h1.get("error", ""))
    postgres_bytes = memory.get("postgres_bytes_per_row")
    if postgres_bytes:
        ours_bytes = max(memory["rss_bytes_per_value"], memory["value_bytes_per_value"])
        goal("resident memory per value ≤ half of PostgreSQL's footprint",
             ours_bytes <= postgres_bytes / 2,
             f"ours {ours_bytes:.1f} B/value (RSS {memory['rss_bytes_per_value']:.1f}, held "
             f"{memory['value_bytes_per_value']:.1f}) vs PostgreSQL {postgres_bytes:.1f} B/row")
    return out


def markdown(results):
    national, http = results["national"], results["http"]
    dataset, systems = national["dataset"], national["systems"]
    lines = [f"# National benchmark, size {dataset['size']} ({dataset['structure']} structure)", ""]
    m = results["machine"]
    lines += [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Linux "
              f"{m['kernel']}, {m['compiler']}. Run took {results['total_seconds']:.0f} s.", ""]
    lines += [f"Data set: {dataset['units']:,} units (by depth {dataset['units_by_depth']}), "
              f"{dataset['indicators']} indicators, {dataset['values_stored']:,} values stored "
              f"({dataset['values_current']:,} current), {dataset['goals']:,} goals, "
              f"{dataset['obligations']} obligations, {dataset['assignments']:,} assignments; "
              f"generated in {dataset['generate_seconds']:.1f} s.", ""]
    bandwidth = national.get("bandwidth")
    if bandwidth:
        lines += [f"Memory read bandwidth (same run): {bandwidth['one_thread_gbps']:.1f} GB/s on "
                  f"1 thread, {bandwidth['two_threads_gbps']:.1f} GB/s on 2.", ""]
    lines += ["## Load", "", "| system | approach | phases |", "|---|---|---|"]
    for system in systems:
        phases = ", ".join(f"{p['phase']} {p['seconds']:.1f} s" for p in system["load"])
        lines.append(f"| {system['system']} | {system['approach']} | {phases} |")
    lines += ["", "## Queries", "",
              "Median of the hot runs (p99 for Q1); cold first run in brackets; the ratio is the "
              "best peer's time over ours (higher: we are faster).", ""]
    header = "| query | " + " | ".join(peer_name(s) for s in systems) + " | best peer | ratio |"
    lines += [header, "|" + "---|" * (len(systems) + 3)]
    for query in QUERIES:
        key = "p99_ms" if query == "Q1" else "median_ms"
        cells = []
        for system in systems:
            timing = system["queries"].get(query)
            if timing is None:
                cells.append("n/a")
            elif timing.get("error"):
                cells.append(f"{timing['error'][:40]}")
            else:
                cells.append(f"{ms(timing[key])} ({ms(timing['cold_ms'])}, {timing['hot_runs']} runs)")
        best = best_peer(systems, query, key)
        ours = systems[0]["queries"][query][key]
        lines.append(f"| {query} | " + " | ".join(cells) +
                     (f" | {best[0]} | {ratio(best[1] / ours)} |" if best else " | — | — |"))
    checks = national["checks"]
    lines += ["", "Checksums: " + ("every answer matches the engine's" if national["ok"] else
                                    "MISMATCH — see results.json") + ". Timeouts: " +
              (", ".join(f"{q} {t['system']} ({t['approach']})" for q in QUERIES
                         for t in checks[q].get("timeouts", [])) or "none") + ".", ""]
    memory = national.get("memory", {})
    lines += ["## Memory", "",
              f"Engine: {memory.get('values', 0):,} values, {memory.get('value_bytes_per_value', 0):.1f} "
              f"bytes/value held (ValueBytes), RSS grew {memory.get('rss_bytes_per_value', 0):.1f} "
              f"bytes/value while loading them."]
    if "postgres_bytes_per_row" in memory:
        lines.append(f"PostgreSQL: value table with indexes {memory['postgres_value_table_bytes']:,} "
                     f"bytes for {memory['postgres_value_rows']:,} rows = "
                     f"{memory['postgres_bytes_per_row']:.1f} bytes/row.")
    lines += ["", "## Through the product", ""]
    if "i1" in http:
        i1 = http["i1"]
        lines.append(f"- I1: `nqtrack import-values` of {i1['values']:,} DHIS2 values in "
                     f"{i1['seconds']:.1f} s = {i1['values_per_second']:,.0f} values/s (exit "
                     f"{i1['exit_code']}).")
    if "serve_start_seconds" in http:
        lines.append(f"- `nqtrack serve` with the national store came up in "
                     f"{http['serve_start_seconds']:.1f} s.")
    if "i3" in http:
        i3 = http["i3"]
        lines.append(f"- I3: write → roll-up p50 {ms(i3['visible_p50_ms'])}, p99 "
                     f"{ms(i3['visible_p99_ms'])} ({i3['writes']} writes; write p50 "
                     f"{ms(i3['write_p50_ms'])}).")
    i4 = load("i4.json")
    if i4.get("visible_p50_ms") is not None:
        lines.append(f"- I4: write on A → visible on B (two `serve` on PostgreSQL) p50 "
                     f"{ms(i4['visible_p50_ms'])}, p99 {ms(i4['visible_p99_ms'])}, max "
                     f"{ms(i4['visible_max_ms'])} ({i4['writes']} writes; "
                     f"{i4['failed_reads_on_b']} of {i4['reads_on_b']} reads on B failed; two "
                     f"instances up in {i4['serve_start_seconds']:.1f} s).")
    elif i4.get("error"):
        lines.append(f"- I4: {i4['error']}")
    for store, figures in load("import.json").items():
        lines.append(f"- I1 (bench/import_bench) on {store}: {figures['values']:,} DHIS2 values in "
                     f"{figures['seconds']:.1f} s (read+parse {figures['read_parse_seconds']:.1f} s) "
                     f"= {figures['values_per_second']:,.0f} values/s; bare {figures['bare']} of "
                     f"the same store {figures['bare_rows_per_second']:,.0f} rows/s; ratio "
                     f"{figures['ratio_to_bare']:.2f}.")
    h1 = http.get("h1", {})
    if h1.get("closed"):
        lines += ["", f"H1, the Q1 answer ({h1['bytes']:,} bytes), {h1['seconds']} s per line, "
                  f"servers on core 0, client on core 1; load average "
                  f"{h1.get('load_average_start')} at the start, {h1.get('load_average_end')} at "
                  "the end. Closed loop: wrk. Open loop: bench/open_loop at the rate shown, "
                  "latency from each request's due time. CPU: the server's CPU time per answered "
                  "request.", "",
                  "| connections | loop | server | req/s | p50 | p90 | p99 | p99.9 | CPU µs/req | load |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for connections, closed in h1["closed"].items():
            for name, w in closed.items():
                lines.append(f"| {connections} | closed | {name} | {w['requests_per_second']:,.0f} | "
                             f"{ms(w.get('p50_ms'))} | — | {ms(w.get('p99_ms'))} | — | "
                             f"{w.get('server_cpu_us_per_request', '—')} | "
                             f"{w.get('load_average', '—')} |")
            opened = h1.get("open", {}).get(connections, {})
            for name, o in opened.items():
                if name == "rate":
                    continue
                lost = o["failed"] + o["incomplete"] + o["non_2xx"]
                lines.append(f"| {connections} | open, {opened['rate']:,.0f}/s | {name} | "
                             f"{o['requests_per_second']:,.0f}{f' ({lost} lost)' if lost else ''} | "
                             f"{ms(o['p50_ms'])} | {ms(o['p90_ms'])} | {ms(o['p99_ms'])} | "
                             f"{ms(o['p999_ms'])} | {o.get('server_cpu_us_per_request', '—')} | "
                             f"{o.get('load_average', '—')} |")
        lines.append("")
    if h1.get("error"):
        lines.append(f"- H1: {h1['error']}")
    if http.get("error"):
        lines.append(f"- error: {http['error']}")
    lines += ["", "## Goals of issue 5", "", "| goal | met | measured | note |", "|---|---|---|---|"]
    for g in results["goals"]:
        met = "—" if g["met"] is None else ("yes" if g["met"] else "**no**")
        lines.append(f"| {g['goal']} | {met} | {g['measured']} | {g['note']} |")
    return "\n".join(lines) + "\n"


def main():
    national, http = load("national.json"), load("http.json")
    results = {"machine": machine(), "total_seconds": TOTAL_SECONDS, "national": national,
               "http": http, "i4": load("i4.json"), "import": load("import.json"), "goals": goals(national, http) if national else []}
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    text = markdown(results)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
