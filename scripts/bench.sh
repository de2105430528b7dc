#!/usr/bin/env bash
# Every benchmark, in one command, on loopback against release builds; results are printed and
# written to BENCHMARKS.md with the date, the machine and the commands:
#   1. the public FAQ under load against nginx serving the same bytes (scripts/bench_public.sh;
#      installs nginx and wrk from Debian's packages when missing);
#   2. signed-in reads and check-ins at 50 connections beside the public page on the same
#      server (scripts/bench_signed_in.sh);
#   3. the crisis pages on a year of data;
#   4. one FAQ update fanned out to 10,000 subscribers and 20 webhooks (scripts/bench_fanout.sh),
#      and a year of daily fan-outs: the board and list before and after the retention
#      job (scripts/bench_outbox.sh);
#   5. the capacity forecast and the Erlang calculator (scripts/bench_capacity.sh);
#   6. a roll-call to 10,000 staff by mail and SMS, and answers through the links
#      (scripts/bench_rollcall.sh);
#   7. three instances behind nginx on one PostgreSQL (scripts/bench_instances.sh).
# 2, 3 and 4 run on SQLite and, when it is running on 127.0.0.1:5432, on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bench_public.sh
bash scripts/bench_signed_in.sh
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
SECRET=bench-secret-0123456789-0123456789-0123456789
source scripts/lib/build_release.sh
OUT=$(mktemp)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run() { # run LABEL DATABASE_URL
  local label=$1 url=$2 port data pid
  port=$(free_port); data=$(mktemp -d)
  DATABASE_URL=$url JWT_SECRET=$SECRET DATA_DIR=$data BIND=127.0.0.1:$port RUST_LOG=warn \
    ./target/release/beredskap serve > "$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  ./target/release/examples/bench_checkins pages --url "http://127.0.0.1:$port" --database-url "$url" --jwt-secret "$SECRET" --label "$label" | tee -a "$OUT"
  local rss; rss=$(ps -o rss= -p "$pid" | tr -d ' ')
  echo "| $label | server resident memory after the run | $((rss / 1024)) MB | |" | tee -a "$OUT"
  local locked; locked=$(grep -c "database is locked" "$data/server.log" || true)
  echo "| $label | \"database is locked\" in the server log | $locked | |" | tee -a "$OUT"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

data=$(mktemp -d)
run SQLite "sqlite://$data/bench.db"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db=beredskap_bench_$$
  psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
  run PostgreSQL "$PG_SERVER/$db"
  psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$OUT"
fi

{
  echo "## The crisis pages on a year of data — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; client and server on loopback."
  echo "Command: \`bash scripts/bench.sh\` (runs every benchmark in this file)."
  echo
  echo "| backend | what | median | p95 |"
  echo "|---|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "The crisis pages on a year of data"
echo "Written to BENCHMARKS.md"
bash scripts/bench_fanout.sh
bash scripts/bench_outbox.sh
bash scripts/bench_instances.sh
bash scripts/bench_capacity.sh
bash scripts/bench_rollcall.sh
