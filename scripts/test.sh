#!/usr/bin/env bash
# Runs every test Beredskap has: the Rust unit and black-box tests on SQLite, the same again on
# PostgreSQL, and the browser journeys in headless Chromium. It installs or starts what it
# needs (PostgreSQL, Chromium, playwright-core) and says what it skipped and why. With CI set,
# nothing may be skipped: a missing piece fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

PG_SERVER=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
export TEST_POSTGRES_URL=$PG_SERVER
LOG=$(mktemp -t beredskap-tests.XXXXXX)
skipped=()
failed_steps=()

say() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
skip_or_fail() {
  if [ -n "${CI:-}" ]; then
    echo "ERROR: $1 (CI may not skip it)"; exit 1
  fi
  echo "SKIPPED: $1"; skipped+=("$1")
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || return 1
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null && apt_updated=1 || return 1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_ready() { command -v pg_isready >/dev/null && pg_isready -h 127.0.0.1 -p 5432 -q; }

ensure_postgres() {
  pg_ready && return 0
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL is not installed; installing Debian's postgresql package"
    apt_install postgresql || return 1
    # Tests connect as postgres over loopback without a password, as on the project's machines.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      as_root sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(host\s+all\s+all\s+::1\/128\s+)\S+/\1trust/' "$hba"
    done
  fi
  for version in $(ls /etc/postgresql 2>/dev/null); do
    echo "Starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do pg_ready && return 0; sleep 1; done
  return 1
}

drop_test_databases() {
  command -v psql >/dev/null || return 0
  # One session for all of them: a psql process per database took minutes on a busy machine.
  psql "$PG_SERVER/postgres" -Atc "select format('drop database if exists %I;', datname) from pg_database where datname like 'beredskap_test_%'" 2>/dev/null |
    psql "$PG_SERVER/postgres" -q >/dev/null 2>&1 || true
}

ensure_chromium() {
  command -v chromium >/dev/null && return 0
  echo "Chromium is not installed; installing Debian's chromium package"
  apt_install chromium && command -v chromium >/dev/null
}

run() { # run NAME COMMAND... ; output goes to the screen and the log
  say "$1"; shift
  if "$@" 2>&1 | tee -a "$LOG"; then return 0; fi
  failed_steps+=("$*"); return 1
}

say "Building"
cargo build --locked --all-targets || { echo "ERROR: the build failed"; exit 1; }

run "Unit and black-box tests on SQLite" env BEREDSKAP_TEST_DB=sqlite cargo test --locked

say "PostgreSQL on 127.0.0.1:5432"
if ensure_postgres; then
  drop_test_databases
  run "Unit and black-box tests on PostgreSQL" env BEREDSKAP_TEST_DB=postgres cargo test --locked
  drop_test_databases
else
  skip_or_fail "PostgreSQL tests: no PostgreSQL answered on 127.0.0.1:5432 and it could not be installed or started"
fi

say "OpenAPI document and schemathesis (every operation, every check)"
if command -v python3 >/dev/null; then
  run "openapi-spec-validator and schemathesis --checks all" bash scripts/schemathesis.sh
else
  skip_or_fail "schemathesis: python3 is needed to run it"
fi

say "Browser journeys"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  skip_or_fail "browser tests: Node.js and npm are needed to drive Chromium"
elif ! ensure_chromium; then
  skip_or_fail "browser tests: Chromium could not be installed"
else
  (cd tests/browser && npm ci --no-audit --no-fund --silent) || skip_or_fail "browser tests: npm could not install playwright-core"
  if [ -d tests/browser/node_modules/playwright-core ]; then
    run "Browser journeys in headless Chromium" bash -c 'cd tests/browser && npm test --silent'
  fi
fi

# One closing line over everything that ran.
passed=$(grep -hoE 'test result: (ok|FAILED)\. [0-9]+ passed' "$LOG" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -hoE 'test result: (ok|FAILED)\. [0-9]+ passed; [0-9]+ failed' "$LOG" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
node_pass=$(grep -hoE '^(ℹ|#) pass [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')
node_fail=$(grep -hoE '^(ℹ|#) fail [0-9]+' "$LOG" | awk '{s+=$3} END {print s+0}')
rm -f "$LOG"
echo
for s in "${skipped[@]}"; do echo "Skipped: $s"; done
for f in "${failed_steps[@]}"; do echo "Failed step: $f"; done
echo "Summary: $((passed + node_pass)) passed, $((failed + node_fail)) failed"
[ ${#failed_steps[@]} -eq 0 ] && [ $((failed + node_fail)) -eq 0 ]
