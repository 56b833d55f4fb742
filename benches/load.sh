#!/usr/bin/env bash
# The load benchmark: builds the release binary, installs wrk (Debian) when missing, and measures
# the API on SQLite and PostgreSQL against its HTTP and database ceilings. One command:
#   benches/load.sh                 (LOAD_SECONDS=10 per run by default; BENCH_POSTGRES_URL or
#                                    TEST_POSTGRES_URL selects the PostgreSQL server, else the local one;
#                                    PROFILE=1 prints perf's top frames for get, create and list)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  apt_get() { if [ "$(id -u)" -eq 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get install -y wrk || { apt_get update && apt_get install -y wrk; }
fi
cargo build --release --quiet --bin clientretro --example bench_db
exec python3 benches/load.py "$@"
