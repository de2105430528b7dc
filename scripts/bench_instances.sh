#!/usr/bin/env bash
# Three app instances behind nginx on one PostgreSQL (loopback, release build): check-ins from
# 10,000 staff through nginx, a threshold crossing published once, a publication heard on the
# SSE streams of all three, its mail sent once to every subscriber. Needs PostgreSQL on
# 127.0.0.1:5432 and nginx (installed from Debian's packages when missing). Results are printed
# and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
SECONDS_LOAD=${BENCH_SECONDS:-10}
if ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432: several instances need it."; exit 1; }
source scripts/lib/build_release.sh
OUT=$(mktemp)
db=beredskap_instances_$$
psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
trap 'psql "$PG_SERVER/postgres" -qc "drop database if exists $db with (force)" >/dev/null' EXIT
RUST_LOG=warn ./target/release/examples/bench_instances --database-url "$PG_SERVER/$db" \
  --seconds "$SECONDS_LOAD" | tee -a "$OUT"
{
  echo "## Three instances behind nginx — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; everything on loopback."
  echo "Command: \`bash scripts/bench_instances.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo "Three \`beredskap serve\` processes on one PostgreSQL with one \`JWT_SECRET\`, nginx in front with"
  echo "the README's upstream block (round robin, keepalive). The load client runs in the same machine:"
  echo "all five processes share the 2 cores, so rates are lower than one instance's alone."
  echo
  echo "| setup | what | result |"
  echo "|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "Three instances behind nginx"
echo "Written to BENCHMARKS.md"
