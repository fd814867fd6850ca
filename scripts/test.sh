#!/usr/bin/env bash
# Every test, from a clean checkout on a fresh machine: installs what is missing
# (scripts/setup.sh), then lint, host tests, the release build, JS tests (React 19 and 18),
# real-browser tests, the packed package in real apps, the demo page, the protocol conformance
# suite against the reference server and the FastAPI example, and a bench smoke run.
# Stages that mostly wait (servers, browsers, Python) may run in the background (bg_stage),
# collected by join_stages. Ends with `all: N passed, M failed (T s)` and a non-zero exit on
# failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
passed=0; failed=0; failures=()
stage() {  # stage <name> <command...>
  local name=$1; shift
  echo; echo "=== test: $name"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "--- ok: $name ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "--- FAILED: $name ($((SECONDS - t0)) s)"; fi
}
# bg_stage <name> <command...>: a stage that runs beside the others (its own servers on free
# ports, no shared build output), its output kept in .artifacts/stages/ and printed when
# join_stages collects it. For suites that mostly wait (servers, browsers, Python).
BG_PIDS=(); BG_NAMES=(); BG_LOGS=()
bg_stage() {
  local name=$1; shift
  mkdir -p "$ROOT/.artifacts/stages"
  local log; log="$ROOT/.artifacts/stages/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '_').log"
  echo; echo "=== test (started in the background): $name"
  ( t0=$SECONDS
    if "$@" >"$log" 2>&1; then echo "ok $((SECONDS - t0))" >"$log.rc"
    else echo "FAILED $((SECONDS - t0))" >"$log.rc"; fi ) &
  BG_PIDS+=($!); BG_NAMES+=("$name"); BG_LOGS+=("$log")
}
join_stages() {
  local i result secs
  for i in "${!BG_PIDS[@]}"; do
    wait "${BG_PIDS[$i]}" || true
    echo; echo "=== test: ${BG_NAMES[$i]} (ran in the background)"
    cat "${BG_LOGS[$i]}"
    result=FAILED; secs=?
    [ -f "${BG_LOGS[$i]}.rc" ] && read -r result secs <"${BG_LOGS[$i]}.rc"
    if [ "$result" = ok ]; then passed=$((passed + 1)); echo "--- ok: ${BG_NAMES[$i]} ($secs s)"
    else failed=$((failed + 1)); failures+=("${BG_NAMES[$i]}"); echo "--- FAILED: ${BG_NAMES[$i]} ($secs s)"; fi
  done
  BG_PIDS=(); BG_NAMES=(); BG_LOGS=()
}
t_start=$SECONDS
bash scripts/setup.sh || { echo "setup failed"; echo "all: 0 passed, 1 failed"; exit 1; }

stage "cargo fmt"            cargo fmt --all --check
stage "clippy (host)"        cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32)"      cargo clippy -p wirestore --target wasm32-unknown-unknown --lib --test web --locked -- -D warnings
stage "cargo test"           cargo test --workspace --locked
# cargo test regenerates js/generated from the Rust types (ts-rs): they must be committed as is.
stage "TS types current"     bash -c 'git diff --exit-code --stat -- js/generated && [ -z "$(git status --porcelain -- js/generated)" ]'
stage "conformance lint"     bash -c '.venv/bin/ruff format --check conformance && .venv/bin/ruff check conformance && .venv/bin/mypy --config-file conformance/pyproject.toml conformance'
# The schema comes from the Rust types; the pydantic models and TS types come from the schema.
stage "schema + generated types current" bash -c 'bash scripts/gen-types.sh && git diff --exit-code --stat -- schema/protocol-v1.json python/src/wirestore/wire.py js/generated/protocol-v1.ts && [ -z "$(git status --porcelain -- schema/protocol-v1.json python/src/wirestore/wire.py js/generated/protocol-v1.ts)" ]'
stage "python format + lint"  bash -c 'cd python && ../.venv/bin/ruff format --check . ../examples/fastapi && ../.venv/bin/ruff check . ../examples/fastapi'
stage "python types (mypy)"   bash -c 'cd python && ../.venv/bin/mypy'
bg_stage "pytest (python/)"   bash -c 'cd python && ../.venv/bin/pytest -q -p no:cacheprovider'
bg_stage "pip install ./python" bash scripts/test-pip-install.sh
stage "release build"        bash scripts/build.sh
# The protocol conformance suite against both servers (each on its own free port).
bg_stage "conformance (axum)" bash scripts/test-conformance.sh axum
bg_stage "conformance (fastapi)" bash scripts/test-conformance.sh fastapi
stage "tsc --noEmit"         npx tsc --noEmit
stage "dialect fixtures"     bash scripts/test-dialects.sh
bg_stage "transports (Chromium)" bash scripts/test-transports.sh
stage "js tests (vitest)"    npx vitest run
stage "js tests on React 18" bash scripts/test-react18.sh
stage "browser tests"        bash scripts/test-browser.sh
bg_stage "shared tabs (browser)" bash scripts/test-share.sh
stage "npm pack"             bash scripts/pack.sh
bg_stage "fastapi example (Chromium)" bash scripts/test-fastapi-example.sh
stage "example apps"         bash scripts/test-examples.sh
stage "demo page"            bash scripts/test-demo.sh
stage "demo page on the Python server" env DEMO_BACKEND=python DEMO_SKIP_BUILD=1 bash scripts/test-demo.sh
stage "bench smoke"          bash scripts/bench.sh --smoke
bg_stage "python load bench smoke" .venv/bin/python python/bench/load.py --smoke
bg_stage "share bench smoke" bash scripts/bench-share.sh --smoke
join_stages

echo
[ ${#failures[@]} -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "all: $passed passed, $failed failed ($((SECONDS - t_start)) s)"
[ "$failed" -eq 0 ]
