#!/usr/bin/env bash
# The benchmark of tabs sharing one socket (bench/share.mjs): frames/s delivered to 1, 3 and 8
# tabs, shared vs a socket per tab, a follower's lag behind the leader, the leader's cost per
# frame, in headless Chromium against the reference server (a free port).
# Usage: scripts/bench-share.sh [--smoke]   full run: BENCHMARKS-share.md; smoke: bench/out/.
# Assumes scripts/build.sh ran.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
source "$ROOT/scripts/share-page.sh"
cd "$ROOT"
PAGE=.artifacts/share-bench-page
make_share_page "$PAGE"
trap stop_servers EXIT
start_server --static "$PAGE" --rate-limit 1000000 --words 300
node bench/share.mjs "$@"
