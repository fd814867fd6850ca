#!/usr/bin/env bash
# The demo: builds everything (wasm, shim, reference server), packs the npm package, builds
# the www/ page from that package with Vite, and serves it from the reference server on a
# fixed port. Stays in the foreground; Ctrl-C stops the server.
#   bash scripts/demo.sh    # installs what is missing (scripts/setup.sh), then open the printed URL
#                           # (PORT=9000 to change the port)
# Two tabs of one conversation show each other's typing: use the page's "+ Second user" link.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PORT=${PORT:-8787}
HOST=${HOST:-127.0.0.1}

echo "=== demo: setup (installs only what is missing)"
bash scripts/setup.sh

echo "=== demo: build + pack"
bash scripts/build.sh
bash scripts/pack.sh

echo "=== demo: install www"
# npm ci installs the pinned third-party packages; the freshly packed tarball then goes on top,
# because npm ci would reuse the cached copy of the tarball the lock file recorded. The lock
# file records no integrity hash for wirestore: every rebuild packs a new tarball, and a hash
# would fail `npm ci` (EINTEGRITY) on any machine whose npm cache lacks that exact tarball.
(cd www && npm ci --no-audit --no-fund --loglevel=error &&
  npm install --no-audit --no-fund --no-save --loglevel=error ../.artifacts/wirestore.tgz)

echo "=== demo: vite build"
(cd www && npx --no-install vite build --logLevel warn)

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
  echo "demo: port $PORT on $HOST is in use; stop what runs there or pick another: PORT=9000 bash scripts/demo.sh" >&2
  exit 1
fi

echo "=== demo: reference server"
PORT_FILE=$(mktemp); rm -f "$PORT_FILE"
setsid "$ROOT/target/release/wirestore-server" --addr "$HOST:$PORT" --port-file "$PORT_FILE" --static "$ROOT/www/dist" &
SERVER=$!
stop() {
  trap - INT TERM EXIT
  kill -TERM -- "-$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -f "$PORT_FILE"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

for _ in $(seq 100); do
  [ -s "$PORT_FILE" ] && break
  kill -0 "$SERVER" 2>/dev/null || { echo "demo: the reference server exited" >&2; exit 1; }
  sleep 0.1
done
[ -s "$PORT_FILE" ] || { echo "demo: the reference server did not start listening" >&2; exit 1; }
cat <<MSG

  wirestore demo:  http://$HOST:$PORT/
  second user:     http://$HOST:$PORT/?user=guest-2   (same conversation: typing indicator)
  slower stream:   http://$HOST:$PORT/?tokenMs=80

  Ctrl-C to stop.
MSG
wait "$SERVER"
