#!/usr/bin/env bash
# Signed-in requests and check-ins under load, each beside the public FAQ page measured on the
# same server in the same run (the reference: a page answered from memory). On SQLite and,
# when it is running on 127.0.0.1:5432, on PostgreSQL:
#   - reads: wrk -t2 -c50, rounds alternating the public page, GET /api/v1/me and
#     GET /api/v1/checkins/mine (a crisis lead's bearer token); medians of the rounds;
#   - check-ins: an organisation of 10,000 staff; wrk -t2 -c50 sends check-ins as each person
#     in turn (scripts/lib/checkins.lua); afterwards every answered check-in is counted in the
#     database, and the absence ladder's level changes are timed against the check-in that
#     crossed each threshold (replayed from the stored check-ins);
#   - peak resident memory of the server through all of it.
# Results are printed and written to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=50
THREADS=2
PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
SECRET=bench-secret-0123456789-0123456789-0123456789
command -v wrk >/dev/null || { echo "wrk is needed (scripts/bench_public.sh installs it)"; exit 1; }
source scripts/lib/build_release.sh
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
summary() { python3 scripts/lib/wrk_summary.py "$@"; }

run() { # run LABEL DATABASE_URL
  local label=$1 url=$2 port dir pid
  port=$(free_port); dir=$work/$label; mkdir -p "$dir"
  DATABASE_URL=$url JWT_SECRET=$SECRET DATA_DIR=$dir/data BIND=127.0.0.1:$port RUST_LOG=warn BEREDSKAP_DEMO=1 \
    ./target/release/beredskap serve > "$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  ./target/release/examples/bench_checkins seed-load --database-url "$url" --jwt-secret "$SECRET" --out "$dir"
  local base=http://127.0.0.1:$port lead; lead=$(cat "$dir/lead_token.txt")
  local auth="Authorization: Bearer $lead"
  curl -fs -H "$auth" "$base/api/v1/me" >/dev/null || { echo "the lead's token is refused"; exit 1; }
  wrk -t$THREADS -c$CONNECTIONS -d3s "$base/p/demo/faq" >/dev/null
  wrk -t$THREADS -c$CONNECTIONS -d3s -H "$auth" "$base/api/v1/me" >/dev/null
  for r in $(seq 1 "$ROUNDS"); do
    wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency "$base/p/demo/faq" > "$dir/public.$r.txt"
    wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency -H "$auth" "$base/api/v1/me" > "$dir/me.$r.txt"
    wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency -H "$auth" "$base/api/v1/checkins/mine" > "$dir/mine.$r.txt"
  done
  TOKENS=$dir/tokens.txt THREADS=$THREADS wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency \
    -s scripts/lib/checkins.lua "$base" > "$dir/checkins.1.txt"
  summary "$dir"/public.*.txt > "$dir/public.json"
  summary "$dir"/me.*.txt > "$dir/me.json"
  summary "$dir"/mine.*.txt > "$dir/mine.json"
  summary "$dir/checkins.1.txt" > "$dir/checkins.json"
  local answered; answered=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["requests"]-d["non2xx"])' "$dir/checkins.json")
  # Let the last requests wrk cut off finish before counting.
  sleep 1
  ./target/release/examples/bench_checkins verify-load --database-url "$url" --label "$label" \
    --org "$(cat "$dir/org_id.txt")" --answered "$answered" > "$dir/verify.md"
  awk '/VmHWM/ {print $2}' "/proc/$pid/status" > "$dir/peak_kb"
  grep -c "database is locked" "$dir/server.log" > "$dir/locked" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 - "$dir" "$label" <<'PY' >> "$work/table.md"
import json, sys
d, label = sys.argv[1:3]
j = lambda n: json.load(open(f"{d}/{n}.json"))
pub = j("public")
ok = lambda b: "met" if b else "**not met**"
for name, what in (("me", "`GET /api/v1/me`"), ("mine", "`GET /api/v1/checkins/mine`")):
    r = j(name)
    share = r["rps"] / pub["rps"] * 100
    print(f"| {label} | {what} | {r['rps']:,.0f}/s | {share:.0f} % of {pub['rps']:,.0f}/s | {r['p50']:.2f} ms | {r['p99']:.2f} ms | {r['non2xx']} | ≥ 25 %, p99 ≤ 20 ms: {ok(share >= 25 and r['p99'] <= 20)} |")
c = j("checkins")
print(f"| {label} | `POST /api/v1/checkins`, 10,000 staff | {c['rps']:,.0f}/s | public page {pub['rps']:,.0f}/s | {c['p50']:.2f} ms | {c['p99']:.2f} ms | {c['non2xx']} | ≥ 3,000/s, p99 ≤ 50 ms: {ok(c['rps'] >= 3000 and c['p99'] <= 50)} |")
peak = int(open(f"{d}/peak_kb").read()) / 1024
locked = open(f"{d}/locked").read().strip() or "0"
verify = open(f"{d}/verify.md").read()
print(verify, end="")
print(f"| {label} | peak resident memory (VmHWM) through the run | {peak:.0f} MB | | | | | ≤ 150 MB: {ok(peak <= 150)} |")
print(f"| {label} | \"database is locked\" in the server log | {locked} | | | | | |")
PY
}

data=$(mktemp -d)
run SQLite "sqlite://$data/bench.db"
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  db=beredskap_signed_in_$$
  psql "$PG_SERVER/postgres" -qc "create database $db" >/dev/null
  run PostgreSQL "$PG_SERVER/$db"
  psql "$PG_SERVER/postgres" -qc "drop database $db" >/dev/null
else
  echo "PostgreSQL is not running on 127.0.0.1:5432; its rows are left out." | tee -a "$work/table.md"
fi

{
  echo "## Signed in: reads and check-ins — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; wrk and the server on the same loopback."
  echo "Command: \`bash scripts/bench.sh\` (this part alone: \`bash scripts/bench_signed_in.sh\`)."
  echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency; reads: $ROUNDS rounds alternating with the public page on the same server"
  echo "(the reference), medians of the rounds; check-ins: one run as 10,000 people in turn (\`scripts/lib/checkins.lua\`)."
  echo
  echo "| backend | what | rate | reference | p50 | p99 | non-2xx | target |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$work/table.md"
  echo
} > "$work/section.md"
cat "$work/section.md"
python3 scripts/lib/write_section.py "$work/section.md" "Signed in: reads and check-ins"
echo "Written to BENCHMARKS.md"
