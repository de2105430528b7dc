#!/usr/bin/env bash
# Roll-call benchmark on loopback, release build: a roll-call to 10,000 staff (a fifth also by
# SMS) with real SMTP and HTTP (46elks-shaped) receivers, then 5,000 answers through the
# personal links, on SQLite and PostgreSQL. Results are printed and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
source scripts/lib/build_release.sh
OUT=$(mktemp)
data=$(mktemp -d)
RUST_LOG=warn ./target/release/examples/bench_rollcall --database-url "sqlite://$data/rollcall.db" --label SQLite | tee -a "$OUT"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db=beredskap_rollcall_$$
  psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
  RUST_LOG=warn ./target/release/examples/bench_rollcall --database-url "$PG_SERVER/$db" --label PostgreSQL | tee -a "$OUT"
  psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$OUT"
fi
{
  echo "## Roll-call — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; every peer on loopback."
  echo "Command: \`bash scripts/bench_rollcall.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo "A roll-call started through the API to 10,000 staff in 10 teams; every fifth has a mobile"
  echo "number and asked for mail and SMS (2,000 texts to a receiver answering as 46elks). Times are"
  echo "from sending the start request. Then 5,000 answers through the personal links, 32 at a time,"
  echo "each a check-in and an audit entry; the board is the roll-call's API summary and its event"
  echo "stream. Targets: every message accepted within 30 s, answers at 500 a second or more, the"
  echo "board up to date within a second."
  echo
  echo "| backend | what | result |"
  echo "|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "Roll-call"
echo "Written to BENCHMARKS.md"
