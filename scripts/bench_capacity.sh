#!/usr/bin/env bash
# Capacity: the whole day's forecast in process, and the Erlang calculator over HTTP against a
# plain authenticated GET on the same server (release build, demo data, loopback).
# Writes its section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/build_release.sh
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
data=$(mktemp -d)
DATA_DIR=$data BIND=127.0.0.1:$port BEREDSKAP_DEMO=1 RUST_LOG=warn ./target/release/beredskap serve > "$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
OUT=$(mktemp)
./target/release/examples/bench_capacity "http://127.0.0.1:$port" | tee "$OUT"
{
  echo "## Capacity forecast and the Erlang calculator — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB memory; release build; client and server on loopback; SQLite with the demo."
  echo "Command: \`bash scripts/bench_capacity.sh\` (also run by \`bash scripts/bench.sh\`)."
  echo
  echo "| what | result | spread |"
  echo "|---|---|---|"
  cat "$OUT"
  echo
  echo "Target: the whole day (5 queues × 96 quarter-hours) in under 5 ms, and the calculator at the"
  echo "rate of a plain authenticated GET. The calculator reads the token and the membership like"
  echo "every API call; the sums themselves take microseconds."
  echo
} > "$OUT.md"
python3 scripts/lib/write_section.py "$OUT.md" "Capacity forecast and the Erlang calculator"
echo "Written to BENCHMARKS.md"
