#!/usr/bin/env bash
# The FastAPI example end to end: installs the packed tarball (.artifacts/wirestore.tgz) into
# examples/fastapi/web, builds the page with Vite, serves it from `uvicorn app:app --app-dir
# examples/fastapi` on a free loopback port (WIRESTORE_STATIC), and runs examples/fastapi/e2e.mjs
# in Debian's Chromium: send, stream, stop, form, and a drop mid-stream resumed exactly.
# Run scripts/setup.sh, scripts/build.sh and scripts/pack.sh first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/fastapi.sh"
cd "$ROOT"
TGZ=.artifacts/wirestore.tgz
LOGS=.artifacts/logs
WEB=examples/fastapi/web
[ -f "$TGZ" ] || { echo "$TGZ is missing: run scripts/build.sh and scripts/pack.sh" >&2; exit 1; }
mkdir -p "$LOGS"
trap stop_fastapi EXIT

echo "--- install the tarball into $WEB"
(cd "$WEB" && rm -rf node_modules/wirestore &&
  npm install --no-save --no-audit --no-fund --loglevel=error > "$ROOT/$LOGS/fastapi-web-install.log" 2>&1) ||
  { tail -20 "$LOGS/fastapi-web-install.log" >&2; exit 1; }
# npm install writes the tarball's integrity into the lockfile; the committed one has none.
node -e '
  const fs = require("fs"), f = process.argv[1];
  const lock = JSON.parse(fs.readFileSync(f, "utf8"));
  const entry = lock.packages["node_modules/wirestore"];
  if (entry && entry.integrity) { delete entry.integrity; fs.writeFileSync(f, JSON.stringify(lock, null, 2) + "\n"); }' "$WEB/package-lock.json"
echo "--- vite build"
(cd "$WEB" && node_modules/.bin/vite build --logLevel warn)
echo "--- uvicorn app:app --app-dir examples/fastapi"
start_fastapi WIRESTORE_STATIC="$ROOT/$WEB/dist" WIRESTORE_TOKEN_MS=15
echo "--- e2e against $FASTAPI_HTTP_URL"
node examples/fastapi/e2e.mjs "$FASTAPI_HTTP_URL"
