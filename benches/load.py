#!/usr/bin/env python3
"""Runs the load benchmark (see benches/load.sh) and prints one table per backend.

For each backend: seed 10,000 incidents, start the release server, and load each endpoint with
wrk (64 connections, 2 threads) on this same machine: /healthz (the HTTP ceiling), create
incident, get incident, list incidents (50 per page, filtered by status: the first page and a
page 100 pages deep, by its cursor), gap analysis, the gaps report. Then the ceilings the create
is measured against, like for like:
- SQLite: the same creates straight through diesel, one commit each from one thread (SQLite
  writes one transaction at a time), with the same `synchronous` (bench_db ceiling);
- PostgreSQL: pgbench running the create's own statements (its BEGIN, reads, inserts, COMMIT)
  from as many clients as the server's pool has connections, and beside it a one-row INSERT.
Then the list again at 1,000,000 incidents, with the query plans; and the gaps report with its
cache off (`--report-cache-seconds 0`) at 100,000 incidents and 50,000 actions, 8 connections, in
a database of its own; and the change feed, pages of 200 after random cursors at 1,000,000 events,
8 connections.
"""

import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "target/release/clientretro")
BENCH_DB = os.path.join(ROOT, "target/release/examples/bench_db")
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
CONNECTIONS = 64
THREADS = 2
SMALL, LARGE = 10_000, 1_000_000
REPORT_INCIDENTS, REPORT_ACTIONS, REPORT_CONNECTIONS = 100_000, 50_000, 8
FEED_EVENTS, FEED_PAGE, FEED_CONNECTIONS, FEED_P99_MS = 1_000_000, 200, 8, 25
POOL_THREADS = 8  # as many writers as the server's pool has connections

REPORT = r"""
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status))
end
"""

SCRIPTS = {
    "create incident": r"""
wrk.path = "/v1/incidents"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"client_id": "00000000-0000-7000-8000-000000000001", "category": "late_payment", "severity": "high", "occurred_at": "2026-11-20T10:30:00+02:00", "reported_by": "Ioana", "summary": "Factura din octombrie neplatita dupa 45 de zile", "description": "Clientul nu a raspuns la doua mementouri.", "tags": ["facturare"]}'
""",
    "get incident": r"""
request = function()
  return wrk.format(nil, string.format("/v1/incidents/00000000-0000-7000-9000-%012d", math.random(0, SIZE - 1)))
end
""",
    "list incidents": r"""
wrk.path = "/v1/incidents?status=open&limit=50"
""",
    "list, deep page": r"""
wrk.path = "/v1/incidents?status=open&limit=50&cursor=" .. DEEP_CURSOR
""",
    "gap analysis": r"""
wrk.path = "/v1/gap-analysis"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"summary": "Factura din martie, restanta de 60 de zile", "description": "Nimeni nu a trimis un memento dupa scadenta si contractul nu prevede penalitati. Clientul nu raspunde la telefon de doua saptamani, iar suma restanta este de 1.200 EUR.", "category": "late_payment"}'
""",
    "gaps report": r"""
wrk.path = "/v1/reports/gaps"
""",
    "healthz": r"""
wrk.path = "/healthz"
""",
    "feed page": r"""
request = function()
  return wrk.format(nil, "/v1/events?limit=" .. FEED_PAGE .. "&after=" .. CURSORS[math.random(1, #CURSORS)])
end
""",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, database_url, **settings):
        self.port = free_port()
        env = dict(os.environ, DATABASE_URL=database_url, CLIENTRETRO_BIND=f"127.0.0.1:{self.port}",
                   CLIENTRETRO_LOG="warn", CLIENTRETRO_RATE_LIMIT="0", **settings)
        self.process = subprocess.Popen([SERVER], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.key = None
        for line in self.process.stdout:
            if "keep it safe: " in line:
                self.key = line.split("keep it safe: ", 1)[1].strip()
            if "listens on" in line:
                break
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()
        if self.key is None:
            self.key = subprocess.run([SERVER, "keys", "create", "--name", "bench", "--role", "admin"], env=env,
                                      capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def deep_cursor(server, pages=100):
    """The cursor of the page `pages` pages into the filtered list, followed as a client would."""
    import urllib.request
    cursor = None
    for _ in range(pages):
        path = "/v1/incidents?status=open&limit=50" + (f"&cursor={cursor}" if cursor else "")
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}",
                                         headers={"Authorization": f"Bearer {server.key}"})
        with urllib.request.urlopen(request) as reply:
            cursor = json.load(reply)["next_cursor"] or cursor
    return cursor


def wrk(server, name, size, tmp, cursor="", connections=CONNECTIONS, cursors=()):
    script = os.path.join(tmp, name.replace(" ", "_").replace(",", "") + ".lua")
    with open(script, "w") as f:
        f.write(f"SIZE = {size}\nDEEP_CURSOR = '{cursor}'\nwrk.headers['Authorization'] = 'Bearer {server.key}'\n")
        f.write(f"FEED_PAGE = {FEED_PAGE}\nCURSORS = {{{', '.join(repr(c) for c in cursors)}}}\n")
        f.write(SCRIPTS[name] + REPORT)
    peak = [0]
    running = [True]

    def sample():
        while running[0]:
            peak[0] = max(peak[0], rss_kib(server.process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    profiler = None
    if PROFILE and name in PROFILED:
        profiler = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(server.process.pid), "-o",
                                     os.path.join(tmp, "perf.data"), "--", "sleep", str(max(1, SECONDS - 1))],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "5s", "-s", script,
                          f"http://127.0.0.1:{server.port}"], capture_output=True, text=True, check=True).stdout
    running[0] = False
    sampler.join()
    if profiler is not None:
        profiler.wait()
        print(top_frames(name, os.path.join(tmp, "perf.data")), flush=True)
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["peak_rss_mib"] = peak[0] / 1024
    return result


# `PROFILE=1 benches/load.sh` records the server with perf while these load it, and prints the
# frames where it spends its own time.
PROFILE = os.environ.get("PROFILE") == "1"
PROFILED = ("get incident", "create incident", "list incidents")


def top_frames(name, data, count=12):
    report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,symbol", "-g", "none",
                             "--stdio"], capture_output=True, text=True).stdout
    rows = [" ".join(line.split()[:1] + line.split()[1:4])[:110] for line in report.splitlines()
            if line.strip() and not line.startswith("#") and "%" in line.split()[0]]
    return f"  perf, {name} (self time, top {count}):\n" + "\n".join("    " + row for row in rows[:count])


def bench_db(database_url, *args):
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.run([BENCH_DB, *map(str, args)], env=env, capture_output=True, text=True, check=True).stdout.strip()


# The statements the server runs for one create on PostgreSQL (src/models/incident.rs `create`,
# src/ops/events.rs `emit`), in its transaction; ids made up by pgbench as the server makes its own.
PGBENCH_CREATE = """\\set n random(1, 1000000000000000)
BEGIN;
SELECT preferred_language FROM clients WHERE id = '00000000-0000-7000-8000-000000000001';
INSERT INTO incidents (id, client_id, category, severity, status, occurred_at, reported_by, language, summary, description, external_source, external_id, created_at, updated_at) VALUES (('pgbench-' || :client_id || '-' || :n), '00000000-0000-7000-8000-000000000001', 'late_payment', 'high', 'open', now(), 'Ioana', 'ro', 'Factura din octombrie neplatita dupa 45 de zile', 'Clientul nu a raspuns la doua mementouri.', NULL, NULL, now(), now());
DELETE FROM incident_tags WHERE incident_id = ('pgbench-' || :client_id || '-' || :n);
INSERT INTO incident_tags (incident_id, tag) VALUES (('pgbench-' || :client_id || '-' || :n), 'facturare');
SELECT incidents.*, (SELECT json_agg(t.tag ORDER BY t.tag)::text FROM incident_tags t WHERE t.incident_id = incidents.id), (SELECT json_agg(json_build_array(r.action_id, r.earlier_incident_id, r.gap) ORDER BY r.action_id)::text FROM incident_repeats r WHERE r.incident_id = incidents.id) FROM incidents WHERE id = ('pgbench-' || :client_id || '-' || :n);
SELECT * FROM webhooks ORDER BY id;
COMMIT;
"""
PGBENCH_ONE_ROW = """\\set n random(1, 1000000000000000)
INSERT INTO pgbench_one_row (id, at) VALUES (('row-' || :client_id || '-' || :n), now());
"""


def pgbench(base, schema, script, clients, tmp):
    path = os.path.join(tmp, "pgbench.sql")
    with open(path, "w") as f:
        f.write(script)
    env = dict(os.environ, PGOPTIONS=f"-csearch_path={schema}")
    out = subprocess.run(["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, 2)),
                          "-T", str(SECONDS), "-f", path, base], env=env, capture_output=True, text=True, check=True).stdout
    return float(next(line for line in out.splitlines() if line.startswith("tps")).split()[2])


def database_ceilings(backend, database_url, target, tmp):
    """The ceilings the create is measured against, like for like; the first is the target's."""
    if backend == "SQLite":
        one = json.loads(bench_db(database_url, "ceiling", SECONDS, 1))
        return [("one commit per create, 1 thread (diesel)", one["per_second"], 1.5)]
    base, schema = target
    subprocess.run(["psql", base, "-X", "-q", "-c",
                    f"SET search_path TO {schema}; CREATE TABLE pgbench_one_row (id text PRIMARY KEY, at timestamp)"],
                   check=True)
    create = pgbench(base, schema, PGBENCH_CREATE, POOL_THREADS, tmp)
    one_row = pgbench(base, schema, PGBENCH_ONE_ROW, POOL_THREADS, tmp)
    # pgbench's incidents have made-up ids the API would refuse to read: they go before the
    # list is measured again.
    subprocess.run(["psql", base, "-X", "-q", "-c",
                    f"SET search_path TO {schema}; DELETE FROM incident_tags WHERE incident_id LIKE 'pgbench-%'; "
                    "DELETE FROM incidents WHERE id LIKE 'pgbench-%'; DROP TABLE pgbench_one_row"], check=True)
    return [(f"pgbench, the create's statements, {POOL_THREADS} clients", create, 0.5),
            (f"pgbench, one-row INSERT, {POOL_THREADS} clients", one_row, None)]


# A page after a cursor, as the server asks for it: (time, id) compared as one row value.
LIST_SQL = ("SELECT id FROM incidents WHERE status = 'open' AND (occurred_at, id) < ('2026-01-01 00:00:00', 'z') "
            "ORDER BY occurred_at DESC, id DESC LIMIT 51")


def analyze(backend, target):
    if backend == "SQLite":
        import sqlite3
        with sqlite3.connect(target) as db:
            db.execute("ANALYZE")
    else:
        base, schema = target
        subprocess.run(["psql", base, "-X", "-q", "-c", f"SET search_path TO {schema}; ANALYZE"], check=True)


def explain(backend, database_url, path):
    if backend == "SQLite":
        import sqlite3
        with sqlite3.connect(path) as db:
            return "; ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + LIST_SQL))
    base, schema = path
    out = subprocess.run(["psql", base, "-X", "-q", "-t", "-c", f"SET search_path TO {schema}; EXPLAIN {LIST_SQL}"],
                         capture_output=True, text=True, check=True).stdout
    return "; ".join(line.strip() for line in out.splitlines() if line.strip())


def report_cache_off(database_url, tmp):
    """The gaps report counted for every request, in a database of 100,000 incidents."""
    print(bench_db(database_url, "seed", REPORT_INCIDENTS, 0, REPORT_ACTIONS), flush=True)
    server = Server(database_url, CLIENTRETRO_REPORT_CACHE_SECONDS="0")
    time.sleep(1)
    result = wrk(server, "gaps report", REPORT_INCIDENTS, tmp, connections=REPORT_CONNECTIONS)
    server.stop()
    print(f"  gaps report, cache off: {result['rps']:.0f} req/s, p50 {result['p50_us'] / 1000:.2f} ms, "
          f"p99 {result['p99_us'] / 1000:.2f} ms, {result['errors']} errors", flush=True)
    return result


def feed_cursor(position, event_id):
    """A feed cursor as the server issues it (src/models/feed.rs)."""
    import base64
    return base64.urlsafe_b64encode(f"e{position}.{event_id}".encode()).decode().rstrip("=")


def feed_pages(backend, database_url, target, tmp):
    """Pages of 200 events after cursors taken at random through a feed of 1,000,000 events."""
    print(bench_db(database_url, "seed-events", FEED_EVENTS), flush=True)
    # Not within a page of the end, so that every page is a full one.
    sample = ("SELECT position, id FROM events WHERE id < (SELECT max(id) FROM events) - 2 * "
              f"{FEED_PAGE} ORDER BY random() LIMIT 1000")
    if backend == "SQLite":
        import sqlite3
        with sqlite3.connect(target) as db:
            rows = db.execute(sample).fetchall()
    else:
        base, schema = target
        out = subprocess.run(["psql", base, "-X", "-q", "-t", "-A", "-F", " ", "-c", f"SET search_path TO {schema}; {sample}"],
                             capture_output=True, text=True, check=True).stdout
        rows = [tuple(map(int, line.split())) for line in out.splitlines() if line.strip()]
    cursors = [feed_cursor(p, i) for p, i in rows]
    server = Server(database_url)
    time.sleep(1)
    import urllib.request
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}/v1/events?limit={FEED_PAGE}&after={cursors[0]}",
                                     headers={"Authorization": f"Bearer {server.key}"})
    with urllib.request.urlopen(request) as reply:
        served = len(json.load(reply)["items"])
    result = wrk(server, "feed page", FEED_EVENTS, tmp, connections=FEED_CONNECTIONS, cursors=cursors)
    server.stop()
    result["first_page_items"] = served
    print(f"  feed page of {FEED_PAGE} at {FEED_EVENTS:,} events: {result['rps']:.0f} req/s, p50 {result['p50_us'] / 1000:.2f} ms, "
          f"p99 {result['p99_us'] / 1000:.2f} ms, {result['errors']} errors (a sample page held {served} events)", flush=True)
    return result


def run(backend, database_url, explain_target, tmp, report_url):
    print(f"\n## {backend}", flush=True)
    print(bench_db(database_url, "seed", SMALL), flush=True)
    server = Server(database_url)
    time.sleep(2)
    idle = rss_kib(server.process.pid) / 1024
    print(f"  idle RSS: {idle:.1f} MiB", flush=True)
    rows = {}
    for name in ["healthz", "create incident", "get incident", "list incidents", "list, deep page", "gap analysis",
                 "gaps report"]:
        cursor = deep_cursor(server) if name == "list, deep page" else ""
        rows[name] = wrk(server, name, SMALL, tmp, cursor)
        if name == "create incident":
            # The create run doubles the table. PostgreSQL's autovacuum would ANALYZE it within a
            # minute; until then its planner, with statistics of half the table, spends about a
            # millisecond on every query (measured: get incident 1,400 req/s before, 4,200 after).
            analyze(backend, explain_target)
        r = rows[name]
        print(f"  {name}: {r['rps']:.0f} req/s, p50 {r['p50_us'] / 1000:.2f} ms, p99 {r['p99_us'] / 1000:.2f} ms, "
              f"{r['errors']} errors, peak RSS {r['peak_rss_mib']:.1f} MiB", flush=True)
    server.stop()
    ceiling = database_ceilings(backend, database_url, explain_target, tmp)
    for name, per_second, _ in ceiling:
        print(f"  {name}: {per_second:.0f}/s", flush=True)
    print(bench_db(database_url, "seed", LARGE, SMALL), flush=True)
    server = Server(database_url)
    time.sleep(1)
    large = wrk(server, "list incidents", LARGE, tmp)
    server.stop()
    plan = explain(backend, database_url, explain_target)
    report = report_cache_off(report_url, tmp)
    feed = feed_pages(backend, database_url, explain_target, tmp)
    return rows, idle, ceiling, large, plan, report, feed


# The targets of issue 14: (ratio to healthz or None, p99 limit in ms) per backend.
TARGETS = {
    "SQLite": {"get incident": (0.40, 10), "list incidents": (0.10, None), "list, deep page": (0.10, None)},
    "PostgreSQL": {"get incident": (0.25, 25), "list incidents": (0.06, None), "list, deep page": (0.06, None)},
}


def table(backend, rows, idle, ceiling, large, plan, report, feed):
    http = rows["healthz"]["rps"]
    lines = [f"### {backend}", "",
             "| endpoint | req/s | p50 ms | p99 ms | errors | peak RSS MiB | ratio | target |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, r in rows.items():
        checks = [r["errors"] == 0, r["peak_rss_mib"] < 64]
        wanted = []
        if name == "create incident":
            ceiling_name, per_second, need = ceiling[0]
            ratio = r["rps"] / per_second
            shown = f"{ratio:.2f}× {ceiling_name}"
            checks.append(ratio >= need)
            wanted.append(f"≥ {need}×")
        elif name == "healthz":
            shown = "(the HTTP ceiling)"
        else:
            ratio = r["rps"] / http
            shown = f"{ratio:.1%} of healthz"
            need, p99 = TARGETS[backend].get(name, (None, None))
            if need is not None:
                checks.append(ratio >= need)
                wanted.append(f"≥ {need:.0%}")
            if p99 is not None:
                checks.append(r["p99_us"] < p99 * 1000)
                wanted.append(f"p99 < {p99} ms")
        wanted.append("peak < 64 MiB")
        verdict = ("ok" if all(checks) else "MISSED") + ": " + ", ".join(wanted)
        lines.append(f"| {name} | {r['rps']:.0f} | {r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} | {r['errors']} | "
                     f"{r['peak_rss_mib']:.1f} | {shown} | {verdict} |")
    for name, per_second, _ in ceiling:
        lines.append(f"| ceiling: {name} | {per_second:.0f} | | | | | | |")
    growth = large["p50_us"] / rows["list incidents"]["p50_us"]
    lines += ["",
              f"- idle RSS: {idle:.1f} MiB ({'ok' if idle < 20 else 'MISSED'}: under 20 MiB)",
              f"- list p50 at {LARGE:,} incidents: {large['p50_us'] / 1000:.2f} ms vs {rows['list incidents']['p50_us'] / 1000:.2f} ms "
              f"at {SMALL:,}: ×{growth:.2f} ({'ok' if growth <= 1.5 else 'MISSED'}: at most ×1.5); p99 {large['p99_us'] / 1000:.2f} ms, "
              f"{large['rps']:.0f} req/s, {large['errors']} errors",
              f"- list query plan at {LARGE:,}: {plan}",
              f"- gaps report, cache off, {REPORT_INCIDENTS:,} incidents and {REPORT_ACTIONS:,} actions, "
              f"{REPORT_CONNECTIONS} connections: p50 {report['p50_us'] / 1000:.2f} ms "
              f"({'ok' if report['p50_us'] < 50_000 and report['errors'] == 0 else 'MISSED'}: p50 < 50 ms), "
              f"p99 {report['p99_us'] / 1000:.2f} ms, {report['rps']:.0f} req/s, {report['errors']} errors",
              f"- change feed, pages of {FEED_PAGE} after random cursors at {FEED_EVENTS:,} events, {FEED_CONNECTIONS} connections: "
              f"p99 {feed['p99_us'] / 1000:.2f} ms "
              f"({'ok' if feed['p99_us'] < FEED_P99_MS * 1000 and feed['errors'] == 0 and feed['first_page_items'] == FEED_PAGE else 'MISSED'}: "
              f"p99 < {FEED_P99_MS} ms, full pages), p50 {feed['p50_us'] / 1000:.2f} ms, {feed['rps']:.0f} req/s "
              f"({feed['rps'] * FEED_PAGE:,.0f} events/s), {feed['errors']} errors", ""]
    return "\n".join(lines)


def main():
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB"
    print(f"Load benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine}; wrk -t{THREADS} -c{CONNECTIONS} "
          f"-d{SECONDS}s on the same machine; release build; SQLite synchronous=full, pool of 8", flush=True)
    tables = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = os.path.join(tmp, "bench.db")
        report_path = os.path.join(tmp, "report.db")
        tables.append(table("SQLite", *run("SQLite", sqlite_path, sqlite_path, tmp, report_path)))
        base = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/test"
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        report_schema = f"{schema}_report"
        subprocess.run(["psql", base, "-X", "-q", "-c", f"CREATE SCHEMA {schema}; CREATE SCHEMA {report_schema}"],
                       check=True)
        try:
            sep = "&" if "?" in base else "?"
            url = f"{base}{sep}options=-csearch_path%3D{schema}"
            report_url = f"{base}{sep}options=-csearch_path%3D{report_schema}"
            tables.append(table("PostgreSQL", *run("PostgreSQL", url, (base, schema), tmp, report_url)))
        finally:
            subprocess.run(["psql", base, "-X", "-q", "-c", f"DROP SCHEMA {schema} CASCADE; "
                            f"DROP SCHEMA {report_schema} CASCADE"], check=False)
    print("\n" + "\n".join(tables))


if __name__ == "__main__":
    sys.exit(main())
