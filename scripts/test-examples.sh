#!/usr/bin/env bash
# The package as users get it: installs the packed tarball (.artifacts/wirestore.tgz, never a
# link into the source tree) into each app under examples/, builds it (vite build, next build),
# serves it, and drives it with examples/e2e.mjs in Debian's Chromium against the reference
# server; examples/esbuild (a plain bundler) runs its own check.mjs instead. Run scripts/setup.sh, scripts/build.sh and scripts/pack.sh first.
# Ends with `examples: N passed, M failed`; exits non-zero on any failure.
#
# Installing: the example lockfiles carry no integrity hash for wirestore (every rebuild packs
# a new tarball with a new hash). Not `npm ci`: the registry here lacks next's macOS/Windows
# swc binaries, so the Next.js lockfile cannot list them and `npm ci` calls it out of sync;
# `npm install --no-save` installs what the lockfile pins and never rewrites it. Installs are
# skipped while the tarball, package.json and the lockfile are unchanged.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
cd "$ROOT"

APPS=(vite nextjs esbuild)
TGZ=.artifacts/wirestore.tgz
LOGS=.artifacts/logs
STAMP=node_modules/.wirestore-install-stamp

die() { echo "test-examples: $*" >&2; echo "examples: 0 passed, ${#APPS[@]} failed"; exit 1; }
[ -f "$TGZ" ] || die "$TGZ is missing: run scripts/build.sh and then scripts/pack.sh"
[ -x target/release/wirestore-server ] || die "target/release/wirestore-server is missing: run scripts/build.sh"
[ -d node_modules/playwright-core ] || die "playwright-core is not installed at the root: run scripts/setup.sh"
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || die "/usr/bin/chromium is missing: run scripts/setup.sh"
mkdir -p "$LOGS"

APP_PGIDS=()
cleanup() {
  for p in "${APP_PGIDS[@]:-}"; do [ -n "$p" ] && kill -- -"$p" 2>/dev/null || true; done
  stop_servers
}
trap cleanup EXIT

T0=$SECONDS
step() { echo "--- $* ($((SECONDS - T0))s)"; }
# run <log> <cmd...>: runs quietly into the log; on failure shows its tail.
run() {
  local log=$1; shift
  if "$@" > "$log" 2>&1; then return 0; fi
  echo "failed: $* (in $PWD); last lines of $log:" >&2
  grep -v 'Unknown user config' "$log" | tail -30 >&2
  return 1
}
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_http() { # wait_http <url> <pid>: until it answers 200, or the server died
  for _ in $(seq 300); do
    node -e 'fetch(process.argv[1]).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))' "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# install <app>: what the committed lockfile pins, and the current tarball.
install() {
  local app=$1
  # `npm install` writes the tarball's integrity into the lockfile; the next rebuild would then
  # fail `npm ci` with EINTEGRITY. Drop it again (the committed lockfile has none).
  node -e '
    const fs = require("fs");
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    const entry = lock.packages["node_modules/wirestore"];
    if (entry && entry.integrity) {
      delete entry.integrity;
      fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
      console.log("dropped the wirestore integrity hash from package-lock.json");
    }'
  local want; want=$(cat "$ROOT/$TGZ" package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then echo "install: up to date"; return 0; fi
  # npm keeps an installed wirestore of the same version: remove it so the new tarball lands.
  rm -rf node_modules/wirestore "$STAMP"
  run "$ROOT/$LOGS/examples-$app-install.log" npm install --no-save --no-audit --no-fund || return 1
  # The installed copy is the tarball's, byte for byte.
  local f
  for f in pkg/wirestore_bg.wasm dist/index.js dist/react.js; do
    if [ "$(tar -xzOf "$ROOT/$TGZ" "package/$f" | sha256sum)" != "$(sha256sum < "node_modules/wirestore/$f")" ]; then
      echo "node_modules/wirestore/$f differs from $TGZ" >&2; return 1
    fi
  done
  echo "$want" > "$STAMP"
}

build() {
  case $1 in
    vite) run "$ROOT/$LOGS/examples-vite-build.log" node_modules/.bin/vite build ;;
    nextjs) run "$ROOT/$LOGS/examples-nextjs-build.log" node_modules/.bin/next build ;;
  esac
}

# serve <app> <port>: in its own process group (killed on exit).
serve() {
  local log="$ROOT/$LOGS/examples-$1-serve.log"
  case $1 in
    vite) setsid node_modules/.bin/vite preview --host 127.0.0.1 --port "$2" --strictPort > "$log" 2>&1 & ;;
    nextjs) setsid node_modules/.bin/next start -H 127.0.0.1 -p "$2" > "$log" 2>&1 & ;;
  esac
  local pid=$!
  APP_PGIDS+=("$pid")
  wait_http "http://127.0.0.1:$2/" "$pid" || { echo "$1 did not start; $log:" >&2; tail -20 "$log" >&2; return 1; }
}

# check_cli: the packed `wirestore` command (package.json "bin", run from an app that installed
# the tarball) replays a fixture: exit 0 when every frame fits its route, 1 when one does not.
check_cli() {
  local bin=node_modules/.bin/wirestore fx=$ROOT/tests/fixtures/seed001_openagents log=$ROOT/$LOGS/examples-cli.log
  "$bin" check-routes "$fx.jsonl" --options "$fx.options.json" > "$log" 2>&1 || { cat "$log" >&2; return 1; }
  grep -q '^message 5f0c6a3e-0001 (streaming)$' "$log" || { cat "$log" >&2; return 1; }
  local rc=0
  "$bin" check-routes "$fx.jsonl" --envelope '{"actionType":"type","messageId":"message_id","payload":null}' \
    --routes '{"Update":{"op":"content.delta","text":"delta.content"}}' >> "$log" 2>&1 || rc=$?
  [ "$rc" = 1 ] && grep -q 'field `text` at path `delta.content` is absent' "$log" || { cat "$log" >&2; return 1; }
  echo "wirestore check-routes: ok"
}

declare -A RESULT # app -> failure reason
TARGETS=()
for app in "${APPS[@]}"; do
  step "$app: install, build, serve"
  if ! (cd "examples/$app" && install "$app"); then RESULT[$app]="install failed"; continue; fi
  if [ "$app" = vite ] && ! (cd "examples/$app" && check_cli); then RESULT[$app]="wirestore check-routes failed"; continue; fi
  if [ "$app" = esbuild ]; then
    # A plain bundler: no build step or server of its own; check.mjs bundles and opens the pages.
    node examples/esbuild/check.mjs || RESULT[$app]="esbuild pages failed"
    continue
  fi
  if ! (cd "examples/$app" && build "$app"); then RESULT[$app]="build failed"; continue; fi
  port=$(free_port)
  # Not in a subshell: serve records the process group to kill.
  cd "examples/$app"
  if ! serve "$app" "$port"; then RESULT[$app]="server failed"; cd "$ROOT"; continue; fi
  cd "$ROOT"
  TARGETS+=("$app=http://127.0.0.1:$port/")
done

if [ ${#TARGETS[@]} -gt 0 ]; then
  step "reference server"
  start_server --token-ms 5
  step "e2e: ${TARGETS[*]}"
  out=$(node examples/e2e.mjs "${TARGETS[@]}" 2>&1) || true
  echo "$out"
  for target in "${TARGETS[@]}"; do
    app=${target%%=*}
    grep -q "^PASS $app " <<< "$out" || RESULT[$app]="e2e failed"
  done
fi

passed=0 failed=0
for app in "${APPS[@]}"; do
  if [ -n "${RESULT[$app]:-}" ]; then
    failed=$((failed + 1)); echo "FAILED $app: ${RESULT[$app]}"
  else
    passed=$((passed + 1))
  fi
done
step "done"
echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
