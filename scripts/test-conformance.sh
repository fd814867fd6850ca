#!/usr/bin/env bash
# The conformance suite (conformance/) against one of the project's servers, every frame also
# validated against schema/protocol-v1.json (its ServerEnvelope):
#   axum     the reference server's release binary, replies paced at 5 ms a frame, a replay
#            buffer of 256 frames (the suite's --replay-frames); then a check that the suite
#            can fail: with the server's fault knobs on (duplicated, reordered, malformed
#            frames) it must report a ProtocolViolation.
#   fastapi  the FastAPI example of the Python package under uvicorn
#            (`uvicorn app:app --app-dir examples/fastapi`), 5 ms a frame, 64 frames of replay
#            (its deltas coalesce, so a long reply has fewer, larger frames).
# Both on free loopback ports. Assumes scripts/setup.sh (and, for axum, scripts/build.sh) ran.
# Usage: scripts/test-conformance.sh [axum|fastapi] [python -m conformance args…]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
source "$ROOT/scripts/fastapi.sh"
cd "$ROOT"

target=axum
case "${1:-}" in axum | fastapi) target=$1; shift ;; esac
SCHEMA="$ROOT/schema/protocol-v1.json#/\$defs/ServerEnvelope"
[ -x .venv/bin/python ] || { echo "test-conformance: no .venv; run scripts/setup.sh first" >&2; exit 1; }
trap 'stop_servers; stop_fastapi' EXIT INT TERM

suite() { .venv/bin/python -m conformance --schema "$SCHEMA" "$@"; }

if [ "$target" = fastapi ]; then
  start_fastapi WIRESTORE_TOKEN_MS=5 WIRESTORE_REPLAY_FRAMES=64
  suite --url "$FASTAPI_WS_URL" --replay-frames 64 "$@"
  exit 0
fi

[ -x target/release/wirestore-server ] || { echo "test-conformance: run scripts/build.sh first" >&2; exit 1; }
start_server --token-ms 5 --replay-frames 256
suite --url "$WS_TEST_URL" --replay-frames 256 "$@"

echo "=== conformance: a server that breaks the rules fails (axum fault knobs)"
for fault in duplicate reorder malformed:1; do
  if out=$(suite --url "$WS_TEST_URL?faults=$fault" -k seq_gap_free -q 2>&1); then
    echo "the suite passed a server with faults=$fault" >&2
    exit 1
  fi
  caught=$(grep -m1 -o "ProtocolViolation: .*" <<<"$out") || { echo "$out" >&2; exit 1; }
  echo "faults=$fault caught: ${caught#ProtocolViolation: }"
done
