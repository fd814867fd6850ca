#!/usr/bin/env bash
# Tabs sharing one socket, in a real browser: serves tests/share/ (a bare page) with the built
# shim and wasm (dist/, pkg/) from the reference server (--token-ms 5, a free port) and runs
# tests/share/e2e.mjs (playwright-core + Debian chromium, several pages of one context).
# Assumes scripts/build.sh ran. Ends with `share: N passed, M failed`.
# SHARE_ONLY=regex runs the matching steps only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
source "$ROOT/scripts/share-page.sh"
cd "$ROOT"
PAGE=.artifacts/share-page
make_share_page "$PAGE" || { echo "share: 0 passed, 1 failed"; exit 1; }
trap stop_servers EXIT
# Twenty replies from one user at once: above the default rate limit of 10 per minute.
start_server --static "$PAGE" --token-ms 5 --rate-limit 1000
echo "reference server at $WS_HTTP_URL"
node tests/share/e2e.mjs
