# Sourced: start_server [args...] starts the reference server (release build) on a free
# loopback port in its own process group and exports WS_HTTP_URL / WS_TEST_URL;
# stop_servers kills every process group started this way. Logs: .artifacts/logs/.
SERVER_PGIDS=()
start_server() {
  mkdir -p "$ROOT/.artifacts/logs"
  local port_file; port_file=$(mktemp)
  rm -f "$port_file"
  setsid "$ROOT/target/release/wirestore-server" --addr 127.0.0.1:0 --port-file "$port_file" "$@" \
    > "$ROOT/.artifacts/logs/server-$$-${#SERVER_PGIDS[@]}.log" 2>&1 &
  SERVER_PGIDS+=($!)
  for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
  [ -s "$port_file" ] || { echo "reference server did not start" >&2; return 1; }
  local port; port=$(cat "$port_file"); rm -f "$port_file"
  export WS_HTTP_URL="http://127.0.0.1:$port" WS_TEST_URL="ws://127.0.0.1:$port/ws"
}
stop_servers() {
  for p in "${SERVER_PGIDS[@]:-}"; do [ -n "$p" ] && kill -- -"$p" 2>/dev/null || true; done
  SERVER_PGIDS=()
}
