#!/usr/bin/env bash
# The transport tests in headless Chromium: store.stream against real HTTP streams (SSE,
# NDJSON, json-seq; complete, cut and resumed, 500, 401, wrong content type, abort, two at
# once beside a WebSocket), seed 002 end to end (a real socket.io server and
# socket.io-client + ingestEvent, SSE over a POST) and seed 004 end to end (acks by the
# client's own messageId). The loopback server runs in-process on a free port
# (tests/transports/server.mjs). Assumes scripts/build.sh ran (dist/, pkg/).
# TRANSPORTS_ONLY=regex runs the matching tests only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
if [ ! -f dist/index.js ] || [ ! -f pkg/wirestore_bg.wasm ]; then
  echo "test-transports: dist/ or pkg/ missing; run scripts/build.sh first" >&2
  exit 1
fi
[ -d tests/transports/node_modules ] || (cd tests/transports && npm ci --no-audit --no-fund)
timeout 600 node tests/transports/run.mjs
