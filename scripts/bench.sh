#!/usr/bin/env bash
# The benchmark (issue 6): ingest throughput against baselines, React commit counts, latency
# to the DOM, end to end through the reference server, size and memory, in headless
# Chromium. Prints the tables; the full run writes BENCHMARKS.md, the smoke run
# bench/out/smoke.md and ends with `bench-smoke: N passed, M failed`.
# Usage: scripts/bench.sh [--smoke] [--build | --no-build]
#   --smoke     small inputs (< 1 min warm): every contender and every check, for the tests
#   --build     rebuild pkg/, dist/ and the server first (the full run does by default)
#   --no-build  use what is built (the smoke run's default, when everything is there)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
cd "$ROOT"

smoke=0; build=auto
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=1 ;;
    --build) build=1 ;;
    --no-build) build=0 ;;
    *) echo "bench.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
if [ "$build" = auto ]; then build=$((1 - smoke)); fi
missing=0
for f in pkg/wirestore.js pkg/wirestore_bg.wasm dist/index.js dist/react.js target/release/wirestore-server; do
  [ -e "$f" ] || missing=1
done
if [ "$build" = 1 ] || [ "$missing" = 1 ]; then bash scripts/build.sh; fi
[ -x /usr/bin/chromium ] || { echo "bench.sh: /usr/bin/chromium missing (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund)
fi

trap stop_servers EXIT
if [ "$smoke" = 1 ]; then words=300; else words=2000; fi
start_server --rate-limit 1000000 --words "$words"
if [ "$smoke" = 1 ]; then node bench/run.mjs --smoke; else node bench/run.mjs; fi
