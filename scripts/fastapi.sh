# Sourced: start_fastapi [VAR=value...] starts the FastAPI example (examples/fastapi/app.py) under
# uvicorn from the project's .venv on a free loopback port (port 0: uvicorn binds, then prints
# the port), in its own process group, and exports FASTAPI_HTTP_URL / FASTAPI_WS_URL;
# stop_fastapi kills every process group started this way. Logs: .artifacts/logs/.
FASTAPI_PGIDS=()
start_fastapi() {
  mkdir -p "$ROOT/.artifacts/logs"
  local log="$ROOT/.artifacts/logs/fastapi-$$-${#FASTAPI_PGIDS[@]}.log"
  env "$@" setsid "$ROOT/.venv/bin/uvicorn" app:app --app-dir "$ROOT/examples/fastapi" \
    --host 127.0.0.1 --port 0 --log-level info > "$log" 2>&1 &
  FASTAPI_PGIDS+=($!)
  local port=""
  for _ in $(seq 200); do
    port=$(sed -n 's|.*Uvicorn running on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)
    [ -n "$port" ] && break
    kill -0 "${FASTAPI_PGIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "the FastAPI example did not start; $log:" >&2; tail -20 "$log" >&2; return 1; }
  export FASTAPI_HTTP_URL="http://127.0.0.1:$port" FASTAPI_WS_URL="ws://127.0.0.1:$port/ws"
}
stop_fastapi() {
  for p in "${FASTAPI_PGIDS[@]:-}"; do [ -n "$p" ] && kill -- -"$p" 2>/dev/null || true; done
  FASTAPI_PGIDS=()
}
