#!/usr/bin/env bash
# The JS tests (hooks against the real wasm) once more against React 18, which the package
# supports beside 19: React 18 (and a testing library resolving it) is installed into
# .artifacts/react18, not the root.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
DIR=.artifacts/react18
if [ "$(node -p "require('./$DIR/node_modules/react/package.json').version" 2>/dev/null)" != 18.3.1 ]; then
  mkdir -p "$DIR" && echo '{"private":true}' > "$DIR/package.json"
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error react@18.3.1 react-dom@18.3.1 \
    @testing-library/react@16.3.3 @testing-library/dom@10.4.2
fi
WIRESTORE_EXPECT_REACT_MAJOR=18 WIRESTORE_REACT_DIR="$ROOT/$DIR/node_modules" npx vitest run
