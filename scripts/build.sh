#!/usr/bin/env bash
# Builds everything a user gets: the release wasm (pkg/), the TypeScript shim (dist/),
# the reference server binary; then loads the wasm once in Node so a broken optimizer
# can never pass silently. Usage: scripts/build.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# One build at a time per checkout: parallel runs would overwrite its pkg/ and dist/ (other
# checkouts, e.g. git worktrees, build beside it).
mkdir -p "$ROOT/.artifacts"; exec 9>"$ROOT/.artifacts/build.lock"; flock 9
echo "=== build: wasm (release)"
wasm-pack build --release --target web --mode no-install --out-dir pkg --out-name wirestore --no-pack
echo "=== build: js shim"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.build.json
node scripts/wasm-inline.mjs
echo "=== build: reference server"
cargo build --release -p wirestore-server
echo "=== build: load check"
node scripts/wasm-check.mjs
