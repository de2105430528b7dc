#!/usr/bin/env bash
# Fan-out benchmark on loopback, release build: one FAQ update to 10,000 confirmed subscribers
# and 20 signed webhook endpoints (real SMTP and HTTP receivers), on SQLite and PostgreSQL.
# Results are printed and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
source scripts/lib/build_release.sh
OUT=$(mktemp)
data=$(mktemp -d)
RUST_LOG=warn ./target/release/examples/bench_fanout --database-url "sqlite://$data/fanout.db" --label SQLite | tee -a "$OUT"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db=beredskap_fanout_$$
  psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
  RUST_LOG=warn ./target/release/examples/bench_fanout --database-url "$PG_SERVER/$db" --label PostgreSQL | tee -a "$OUT"
  psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$OUT"
fi
{
  echo "## FAQ fan-out — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; every peer on loopback."
  echo "Command: \`bash scripts/bench_fanout.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo "One answer published through the API to 10,000 confirmed subscribers and 20 signed webhook"
  echo "endpoints; times are from sending the publish request. Mail goes through lettre's pooled SMTP"
  echo "transport with \`MAIL_CONNECTIONS\`=32 (the default)."
  echo
  echo "| backend | what | result |"
  echo "|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "FAQ fan-out"
echo "Written to BENCHMARKS.md"
