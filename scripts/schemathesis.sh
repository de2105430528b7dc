#!/usr/bin/env bash
# Checks the OpenAPI document with openapi-spec-validator, then runs schemathesis with every
# check over every operation against `beredskap --demo` on loopback (SQLite in a temporary
# folder). Bounded: ST_EXAMPLES examples per operation (default 25), a fixed seed unless
# ST_SEED is set, so CI runs the same cases each time. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
EXAMPLES=${ST_EXAMPLES:-25}
SEED=${ST_SEED:-20261124}
BIN=${BEREDSKAP_BIN:-target/debug/beredskap}
VENV=${ST_VENV:-target/schemathesis-venv}

if [ ! -x "$VENV/bin/schemathesis" ]; then
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    echo "python3 venv is missing; installing Debian's python3-venv"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; fi
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install -q "schemathesis>=4.3,<5" "openapi-spec-validator>=0.7" requests
fi
[ -x "$BIN" ] || cargo build --locked

DATA=$(mktemp -d -t beredskap-st.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
DATA_DIR="$DATA" BIND="127.0.0.1:$PORT" TRUST_PROXY=1 RUST_LOG=warn "$BIN" --demo >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "$URL/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "$URL/healthz" >/dev/null || { echo "the app did not start:"; cat "$DATA/server.log"; exit 1; }

curl -sf "$URL/api/openapi.json" -o "$DATA/openapi.json"
"$VENV/bin/openapi-spec-validator" "$DATA/openapi.json"

export BEREDSKAP_URL="$URL"
export SCHEMATHESIS_HOOKS=hooks
export PYTHONPATH="$PWD/tests/schemathesis"
"$VENV/bin/schemathesis" --config-file tests/schemathesis/schemathesis.toml run "$URL/api/openapi.json" \
  --url "$URL" --checks all --max-examples "$EXAMPLES" --seed "$SEED" --workers 2 \
  --no-color
