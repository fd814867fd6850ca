#!/usr/bin/env bash
# Browser tests: wasm-bindgen-test in headless Chromium against the real reference server
# on a free loopback port (its URL is baked into the test at compile time).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
cd "$ROOT"
[ -x target/release/wirestore-server ] || cargo build --release -p wirestore-server
trap stop_servers EXIT
start_server --token-ms 5
echo "reference server at $WS_TEST_URL"
wasm-pack test --headless --chrome --mode no-install -- --test web
