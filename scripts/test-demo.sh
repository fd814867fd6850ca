#!/usr/bin/env bash
# The demo's end-to-end test: builds www/ from the packed package, serves it from the
# reference server (--token-ms 5, a free port) and runs www/e2e.mjs (playwright-core +
# Debian chromium). Assumes scripts/build.sh and scripts/pack.sh ran.
# Screenshots: .artifacts/screenshots/. Closing line: `demo: N passed, M failed`.
# DEMO_ONLY=regex runs the matching steps only. DEMO_BACKEND=python serves it from the Python
# server's FastAPI example instead (examples/fastapi/app.py under uvicorn, .venv).
# DEMO_SKIP_BUILD=1 reuses www/dist as the last run built it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
source "$ROOT/scripts/fastapi.sh"
cd "$ROOT"
BACKEND=${DEMO_BACKEND:-reference}

summary() { echo "demo: ${1:-0} passed, ${2:-1} failed"; }
TGZ=.artifacts/wirestore.tgz
if [ ! -f "$TGZ" ] || [ ! -x target/release/wirestore-server ]; then
  echo "test-demo: missing $TGZ or target/release/wirestore-server; run scripts/build.sh and scripts/pack.sh first" >&2
  summary 0 1
  exit 1
fi

trap 'stop_servers; stop_fastapi' EXIT INT TERM

if [ "${DEMO_SKIP_BUILD:-0}" = 1 ] && [ -f www/dist/index.html ]; then
  echo "=== demo: reusing www/dist"
else
  echo "=== demo: install www (npm ci, then the current $TGZ)"
  # The lock pins the third-party packages. npm ci alone would reuse the cached copy of the
  # tarball recorded in the lock even after a rebuild, so install the current one on top
  # (--no-save leaves package-lock.json alone).
  (cd www && npm ci --no-audit --no-fund --loglevel=error &&
    npm install --no-audit --no-fund --no-save --loglevel=error "../$TGZ")

  echo "=== demo: typecheck + vite build"
  (cd www && npx --no-install tsc --noEmit -p . && npx --no-install vite build --logLevel warn)

fi

echo "=== demo: e2e"
rm -f .artifacts/demo-e2e.json
mkdir -p .artifacts/screenshots
rm -f .artifacts/screenshots/*.png
if [ "$BACKEND" = python ]; then
  start_fastapi WIRESTORE_STATIC="$ROOT/www/dist" WIRESTORE_TOKEN_MS=5
  export WS_HTTP_URL=$FASTAPI_HTTP_URL WS_TEST_URL=$FASTAPI_WS_URL
  echo "the Python server (examples/fastapi) at $WS_HTTP_URL"
else
  start_server --static www/dist --token-ms 5
  echo "reference server at $WS_HTTP_URL"
fi
rc=0
(cd www && node e2e.mjs) || rc=$?

if [ -f .artifacts/demo-e2e.json ]; then
  read -r passed failed < <(node -e 'const r=require("./.artifacts/demo-e2e.json");console.log(r.passed,r.failed)')
else
  passed=0 failed=1
fi
[ "$rc" = 0 ] || [ "$failed" != 0 ] || failed=1
summary "$passed" "$failed"
[ "$rc" = 0 ] && [ "$failed" = 0 ]
