#!/usr/bin/env bash
# Outbox benchmark on loopback, release build: a year of daily FAQ publications to 10,000
# subscribers each, then the delivery board and the publication list timed over HTTP before
# and after the retention job (90 days), on SQLite and PostgreSQL. Results are printed and
# written to BENCHMARKS.md. BENCH_DAYS and BENCH_SUBSCRIBERS make it smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
DAYS=${BENCH_DAYS:-365}
SUBSCRIBERS=${BENCH_SUBSCRIBERS:-10000}
source scripts/lib/build_release.sh
OUT=$(mktemp)
data=$(mktemp -d)
RUST_LOG=warn ./target/release/examples/bench_outbox --database-url "sqlite://$data/outbox.db" --label SQLite --days "$DAYS" --subscribers "$SUBSCRIBERS" | tee -a "$OUT"
rm -rf "$data"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db=beredskap_outbox_$$
  psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
  RUST_LOG=warn ./target/release/examples/bench_outbox --database-url "$PG_SERVER/$db" --label PostgreSQL --days "$DAYS" --subscribers "$SUBSCRIBERS" | tee -a "$OUT"
  psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$OUT"
fi
{
  echo "## The outbox over a year — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; client and server on loopback."
  echo "Command: \`bash scripts/bench_outbox.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo "$DAYS daily publications to $SUBSCRIBERS subscribers each (one in a thousand refused), written"
  echo "straight into the outbox as sent; then each timed request is made $((50)) times, one at a time,"
  echo "signed in. A settled publication's board and list line read its kept counts; today's, not"
  echo "settled yet, counts its rows. Target: board and list under 20 ms."
  echo
  echo "| backend | what | median | p95 |"
  echo "|---|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "The outbox over a year"
echo "Written to BENCHMARKS.md"
