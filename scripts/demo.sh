#!/usr/bin/env bash
# The demo: builds everything (wasm, shim, reference server), packs the npm package, builds
# the www/ page from that package with Vite, and serves it from the reference server on a
# fixed port. Stays in the foreground; Ctrl-C stops the server.
#   bash scripts/demo.sh    # installs what is missing (scripts/setup.sh), then open the printed URL
#                           # (PORT=9000 to change the port)
# Two tabs of one conversation show each other's typing: use the page's "+ Second user" link.
# The backend: the reference server (default), or the Python package's FastAPI example
# (examples/fastapi/app.py under uvicorn, from the project's .venv):
#   bash scripts/demo.sh --backend python      # or WIRESTORE_BACKEND=python bash scripts/demo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PORT=${PORT:-8787}
HOST=${HOST:-127.0.0.1}
BACKEND=${WIRESTORE_BACKEND:-reference}
while [ $# -gt 0 ]; do
  case $1 in
    --backend) BACKEND=${2:-}; shift 2 ;;
    --backend=*) BACKEND=${1#--backend=}; shift ;;
    *) echo "demo: unknown argument $1 (use --backend reference|python)" >&2; exit 2 ;;
  esac
done
case $BACKEND in
  reference|python) ;;
  *) echo "demo: unknown backend '$BACKEND' (reference or python)" >&2; exit 2 ;;
esac

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

PORT_FILE=$(mktemp); rm -f "$PORT_FILE"
if [ "$BACKEND" = python ]; then
  echo "=== demo: the Python server (uvicorn app:app --app-dir examples/fastapi)"
  WIRESTORE_STATIC="$ROOT/www/dist" setsid "$ROOT/.venv/bin/uvicorn" app:app \
    --app-dir "$ROOT/examples/fastapi" --host "$HOST" --port "$PORT" --log-level warning &
else
  echo "=== demo: reference server"
  setsid "$ROOT/target/release/wirestore-server" --addr "$HOST:$PORT" --port-file "$PORT_FILE" --static "$ROOT/www/dist" &
fi
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

listening() {
  if [ "$BACKEND" = python ]; then (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; else [ -s "$PORT_FILE" ]; fi
}
for _ in $(seq 100); do
  listening && break
  kill -0 "$SERVER" 2>/dev/null || { echo "demo: the $BACKEND server exited" >&2; exit 1; }
  sleep 0.1
done
listening || { echo "demo: the $BACKEND server did not start listening" >&2; exit 1; }
cat <<MSG

  wirestore demo:  http://$HOST:$PORT/   (backend: $BACKEND)
  second user:     http://$HOST:$PORT/?user=guest-2   (same conversation: typing indicator)
  slower stream:   http://$HOST:$PORT/?tokenMs=80

  Ctrl-C to stop.
MSG
wait "$SERVER"
