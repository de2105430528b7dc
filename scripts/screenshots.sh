#!/usr/bin/env bash
# Refreshes the README's screenshots in docs/screenshots: runs the browser suite's walkthrough
# (tests/browser/readme.test.mjs) against a fresh demo, which checks every step the README
# describes and photographs it on the way. Needs what the browser tests need (Chromium, Node).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked
(cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent; })
mkdir -p docs/screenshots
(cd tests/browser && README_SHOTS=1 node --test readme.test.mjs)
echo "Screenshots written to docs/screenshots:"
ls -1 docs/screenshots
