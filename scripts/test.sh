#!/usr/bin/env bash
# Every test, from a clean checkout on a fresh machine: installs what is missing
# (scripts/setup.sh), then lint, host tests, the release build, JS tests (React 19 and 18),
# real-browser tests, the packed package in real apps, the demo page, and a bench smoke run.
# Ends with a line `all: N passed, M failed` (stages) and a non-zero exit on failure.
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
bash scripts/setup.sh || { echo "setup failed"; echo "all: 0 passed, 1 failed"; exit 1; }

stage "cargo fmt"            cargo fmt --all --check
stage "clippy (host)"        cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32)"      cargo clippy -p wirestore --target wasm32-unknown-unknown --lib --test web --locked -- -D warnings
stage "cargo test"           cargo test --workspace --locked
# cargo test regenerates js/generated from the Rust types (ts-rs): they must be committed as is.
stage "TS types current"     bash -c 'git diff --exit-code --stat -- js/generated && [ -z "$(git status --porcelain -- js/generated)" ]'
stage "release build"        bash scripts/build.sh
stage "tsc --noEmit"         npx tsc --noEmit
stage "js tests (vitest)"    npx vitest run
stage "js tests on React 18" bash scripts/test-react18.sh
stage "browser tests"        bash scripts/test-browser.sh
stage "npm pack"             bash scripts/pack.sh
stage "example apps"         bash scripts/test-examples.sh
stage "demo page"            bash scripts/test-demo.sh
stage "bench smoke"          bash scripts/bench.sh --smoke

echo
[ ${#failures[@]} -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
