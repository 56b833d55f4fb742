#!/usr/bin/env python3
"""Compares two builds of the server in one run, by default on the gap finder's endpoint.

    python3 benches/compare.py OLD_BINARY NEW_BINARY [ROUNDS]
    COMPARE_ENDPOINTS="create incident,get incident,healthz" python3 benches/compare.py OLD NEW
    COMPARE_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test python3 benches/compare.py OLD NEW

Starts both binaries on SQLite (or, with COMPARE_POSTGRES_URL, each in a schema of its own on that
PostgreSQL server) (temporary files, seeded with the load benchmark's 10,000
incidents), then loads each endpoint (default `POST /v1/gap-analysis` and `/healthz`) with wrk (64 connections, 2 threads, 5 s), alternating old and new in every round so
that whatever else the machine does weighs on both alike. Prints each run and the median
requests per second of each, with new/old as a ratio. Needs wrk (`benches/load.sh` installs it
from Debian) and two release binaries, e.g. one built from an older commit in a `git worktree`.
"""

import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402  (the load benchmark's server and wrk helpers)

load.SECONDS = int(os.environ.get("LOAD_SECONDS", "5"))
ENDPOINTS = os.environ.get("COMPARE_ENDPOINTS", "gap analysis,healthz").split(",")


POSTGRES = os.environ.get("COMPARE_POSTGRES_URL")
SCHEMAS = []


def database(tmp, name):
    """A SQLite file, or a fresh schema on COMPARE_POSTGRES_URL."""
    if not POSTGRES:
        return os.path.join(tmp, name + ".db")
    import subprocess
    import uuid
    schema = f"compare_{name}_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", POSTGRES, "-X", "-q", "-c", f"CREATE SCHEMA {schema}"], check=True)
    SCHEMAS.append(schema)
    sep = "&" if "?" in POSTGRES else "?"
    return f"{POSTGRES}{sep}options=-csearch_path%3D{schema}"


def drop_schemas():
    import subprocess
    for schema in SCHEMAS:
        subprocess.run(["psql", POSTGRES, "-X", "-q", "-c", f"DROP SCHEMA {schema} CASCADE"], check=False)


def start(binary, tmp, name):
    path = database(tmp, name)
    load.bench_db(path, "seed", load.SMALL)
    load.SERVER = binary
    return load.Server(path)


def main():
    old_bin, new_bin = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    results = {(b, e): [] for b in ("old", "new") for e in ENDPOINTS}
    with tempfile.TemporaryDirectory() as tmp:
        servers = {"old": start(old_bin, tmp, "old"), "new": start(new_bin, tmp, "new")}
        try:
            for r in range(rounds):
                for endpoint in ENDPOINTS:
                    for build in ("old", "new") if r % 2 == 0 else ("new", "old"):
                        out = load.wrk(servers[build], endpoint, load.SMALL, tmp)
                        results[(build, endpoint)].append(out["rps"])
                        print(f"round {r + 1} {endpoint:15} {build}: {out['rps']:9.0f} req/s "
                              f"p99 {out['p99_us'] / 1000:.1f} ms errors {out['errors']}", flush=True)
        finally:
            for server in servers.values():
                server.stop()
            drop_schemas()
    print()
    for endpoint in ENDPOINTS:
        old = statistics.median(results[("old", endpoint)])
        new = statistics.median(results[("new", endpoint)])
        print(f"{endpoint:15} median req/s: old {old:9.0f}  new {new:9.0f}  new/old {new / old:.2f}")


if __name__ == "__main__":
    main()
