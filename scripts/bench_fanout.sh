#!/usr/bin/env bash
# Fan-out benchmark on loopback, release build: one FAQ update to 10 and to 100,000 confirmed
# subscribers and 20 signed webhook endpoints (real SMTP and HTTP receivers), on SQLite and
# PostgreSQL, with Postfix's smtp-source against the same SMTP sink as the mail reference.
# Results are printed and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
source scripts/lib/build_release.sh
OUT=$(mktemp)
data=$(mktemp -d)
command -v smtp-source >/dev/null || echo "smtp-source (Debian's postfix package) is not installed: the mail reference is left out."
# The same publication to 10 subscribers and to 100,000: the page, feed and open browsers
# must not notice the difference.
SUBSCRIBERS=${BENCH_SUBSCRIBERS:-10 100000}
for n in $SUBSCRIBERS; do
  RUST_LOG=warn ./target/release/examples/bench_fanout --database-url "sqlite://$data/fanout-$n.db" --label "SQLite, $n subscribers" --subscribers "$n" | tee -a "$OUT"
done
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  for n in $SUBSCRIBERS; do
    db=beredskap_fanout_$$_$n
    psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
    RUST_LOG=warn ./target/release/examples/bench_fanout --database-url "$PG_SERVER/$db" --label "PostgreSQL, $n subscribers" --subscribers "$n" | tee -a "$OUT"
    psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
  done
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$OUT"
fi
{
  echo "## FAQ fan-out — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; every peer on loopback."
  echo "Command: \`bash scripts/bench_fanout.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo "One answer published through the API to 10 and to 100,000 confirmed subscribers and 20 signed"
  echo "webhook endpoints; times are from sending the publish request. Mail goes over our pool of"
  echo "\`MAIL_CONNECTIONS\`=32 connections (TCP_NODELAY); the reference is Postfix's \`smtp-source\` with"
  echo "32 sessions sending as many mails of the same size to the same sink, right after, in the same run."
  echo
  echo "| backend | what | result |"
  echo "|---|---|---|"
  cat "$OUT"
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "FAQ fan-out"
echo "Written to BENCHMARKS.md"
