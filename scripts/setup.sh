#!/usr/bin/env bash
# Installs, idempotently, everything building and testing wirestore needs on a fresh machine:
# the wasm32 target, the pinned wasm-bindgen CLI and wasm-pack, wasm-opt from npm binaryen,
# Debian chromium + chromedriver, the npm dependencies of the repository, and a Python
# virtualenv (.venv) with the pinned packages of conformance/requirements.txt,
# python/requirements-dev.txt and the Python package itself (./python, editable).
# Each step checks for its result first, so a warm run takes seconds.
# Why each pin: ../shared/TOOLCHAIN.md (the wasm-bindgen CLI must equal the crate exactly;
# Debian's binaryen emits broken wasm; browsers are never downloaded by a test tool).
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
WEBPKI_ROOTS_FALLBACK=1.0.10   # wasm-bindgen-cli 0.2.130's lock wants 1.0.11, absent from the registry
BINARYEN_NPM_VERSION=132.0.0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${WIRESTORE_TOOLS:-$HOME/.cache/wirestore-tools}
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export PATH="$TOOLS/binaryen/node_modules/.bin:$CARGO_HOME/bin:$PATH"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
mkdir -p "$TOOLS"

say() { echo "=== setup: $*"; }

say "rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

say "chromium + chromedriver (Debian)"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
fi

say "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  if ! cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --locked; then
    # The published lock pins a webpki-roots the registry lacks: re-lock that one crate.
    src=$(ls -d "$CARGO_HOME"/registry/src/*/wasm-bindgen-cli-"$WASM_BINDGEN_VERSION" 2>/dev/null | head -1 || true)
    [ -n "$src" ] || { echo "wasm-bindgen-cli source not unpacked; cannot re-lock" >&2; exit 1; }
    rm -rf "$TOOLS/wbcli-src"; cp -r "$src" "$TOOLS/wbcli-src"
    (cd "$TOOLS/wbcli-src" && cargo update -p webpki-roots --precise "$WEBPKI_ROOTS_FALLBACK" &&
      cargo install --path . --locked --target-dir "$TOOLS/wbcli-target")
    rm -rf "$TOOLS/wbcli-target" "$TOOLS/wbcli-src"
  fi
fi

say "wasm-pack $WASM_PACK_VERSION"
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  cargo install wasm-pack --version "=$WASM_PACK_VERSION" --locked
fi

say "wasm-opt from npm binaryen@$BINARYEN_NPM_VERSION"
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_NPM_VERSION%%.*}" ]; then
  mkdir -p "$TOOLS/binaryen"; echo '{"private":true}' > "$TOOLS/binaryen/package.json"
  (cd "$TOOLS/binaryen" && npm install --no-audit --no-fund "binaryen@$BINARYEN_NPM_VERSION")
fi

if [ -f "$ROOT/package-lock.json" ]; then
  say "npm dependencies"
  (cd "$ROOT" && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
fi

if [ -f "$ROOT/tests/transports/package-lock.json" ]; then
  say "npm dependencies of the transport tests (tests/transports: socket.io, socket.io-client)"
  (cd "$ROOT/tests/transports" && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
fi

if [ -f "$ROOT/tests/dialects/package-lock.json" ]; then
  say "npm dependencies of the dialect fixtures (tests/dialects: the protocols' own packages)"
  (cd "$ROOT/tests/dialects" && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
fi

if [ -f "$ROOT/schema/package-lock.json" ]; then
  say "schema: npm json-schema-to-typescript (the TypeScript generator)"
  (cd "$ROOT/schema" && { [ -d node_modules ] && npm ls --depth=0 >/dev/null 2>&1 || npm ci --no-audit --no-fund; })
fi

say "python: .venv with conformance/requirements.txt, python/requirements-dev.txt and ./python"
PYTHON=${PYTHON:-python3}
VENV="$ROOT/.venv"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
want=$(cat "$ROOT/conformance/requirements.txt" "$ROOT/python/requirements-dev.txt" "$ROOT/python/pyproject.toml" \
  "$ROOT/examples/fastapi/requirements.txt" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.wirestore-stamp" 2>/dev/null)" != "$want" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$ROOT/conformance/requirements.txt" -r "$ROOT/python/requirements-dev.txt" \
    -r "$ROOT/examples/fastapi/requirements.txt" -e "$ROOT/python"
  echo "$want" > "$VENV/.wirestore-stamp"
fi

say "done: $(wasm-bindgen --version), $(wasm-pack --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null), $("$VENV/bin/python" --version)"
