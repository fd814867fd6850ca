#!/usr/bin/env bash
# The conformance suite (conformance/) against the axum reference server: the release
# binary on a free loopback port, replies paced at 5 ms a frame, a replay buffer of 256
# frames (the suite's --replay-frames). Then a check that the suite can fail: with the
# server's fault knobs on (duplicated, reordered, malformed frames) it must report a
# ProtocolViolation. Assumes scripts/build.sh and scripts/setup.sh ran.
# Extra arguments go to the main run's `python -m conformance` (e.g. -x, -k resume).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/server.sh"
cd "$ROOT"

REPLAY_FRAMES=256
if [ ! -x target/release/wirestore-server ] || [ ! -x .venv/bin/python ]; then
  echo "test-conformance: missing target/release/wirestore-server or .venv; run scripts/build.sh and scripts/setup.sh first" >&2
  exit 1
fi
trap 'stop_servers' EXIT INT TERM
start_server --token-ms 5 --replay-frames "$REPLAY_FRAMES"
.venv/bin/python -m conformance --url "$WS_TEST_URL" --replay-frames "$REPLAY_FRAMES" "$@"

echo "=== conformance: a server that breaks the rules fails (axum fault knobs)"
for fault in duplicate reorder malformed:1; do
  if out=$(.venv/bin/python -m conformance --url "$WS_TEST_URL?faults=$fault" -k seq_gap_free -q 2>&1); then
    echo "the suite passed a server with faults=$fault" >&2
    exit 1
  fi
  caught=$(grep -m1 -o "ProtocolViolation: .*" <<<"$out") || { echo "$out" >&2; exit 1; }
  echo "faults=$fault caught: ${caught#ProtocolViolation: }"
done
