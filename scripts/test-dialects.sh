#!/usr/bin/env bash
# The dialect fixtures are current: the producers type-check against the protocols' own types
# (tsc --checkJs), and regenerating every fixture with the protocols' own packages
# (tests/dialects/generate.mjs) gives exactly the committed tests/fixtures/dialects/.
# The comparison of wirestore's state with the reference readers' is js/test/dialects.wasm.test.ts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
[ -d tests/dialects/node_modules ] || (cd tests/dialects && npm ci --no-audit --no-fund)
echo "=== dialects: type-check the producers"
node_modules/.bin/tsc -p tests/dialects
echo "=== dialects: regenerate the fixtures and compare"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
node tests/dialects/generate.mjs "$out" >/dev/null
if ! diff -r "$out" tests/fixtures/dialects >/dev/null; then
  diff -r "$out" tests/fixtures/dialects | head -40
  echo "tests/fixtures/dialects is not what the producers generate now: run node tests/dialects/generate.mjs and commit"
  exit 1
fi
echo "fixtures current: $(ls tests/fixtures/dialects/*/*.jsonl | wc -l) streams"
