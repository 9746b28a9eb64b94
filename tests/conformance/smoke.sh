#!/usr/bin/env bash
# TypeScript-SDK client smoke test (smoke.mjs) against the built Airlock sample server.
#
#   SAMPLE_DLL  the sample's DLL (default: samples/AirlockSample/bin/Release/net10.0/AirlockSample.dll)
#
# The sample is started from the repository root, so it reads the root appsettings.json (the reference
# configuration), which refuses callers without a key: smoke.mjs calls as the demo agents configured there
# (airlock-demo-admin, airlock-demo-reader) and checks the 401 without a key. Expects `npm ci` to have been run in this folder. The last line printed is always
# `smoke: N passed, M failed`; a run that cannot start counts as one failed check. The exit code is 0 only
# when nothing failed.
set -euo pipefail

CONFORMANCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CONFORMANCE_DIR/../.." && pwd)"
# shellcheck source=lib.sh
source "$CONFORMANCE_DIR/lib.sh"

SAMPLE="${SAMPLE_DLL:-samples/AirlockSample/bin/Release/net10.0/AirlockSample.dll}"
[[ "$SAMPLE" = /* ]] || SAMPLE="$REPO_ROOT/$SAMPLE"
RESULTS_DIR="$CONFORMANCE_DIR/results/smoke"

trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail_setup() {
  echo "error: $1" >&2
  echo "smoke: 0 passed, 1 failed"
  exit 1
}

require_node_modules || fail_setup "node_modules missing"
require_file "$SAMPLE" "build it first: dotnet build samples/AirlockSample -c Release" || fail_setup "sample not built"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
SERVER_LOG="$RESULTS_DIR/server.log"

if ! start_server "$SERVER_LOG" "$REPO_ROOT" "$SAMPLE"; then
  tail -n 30 "$SERVER_LOG" >&2 || true
  fail_setup "the sample server did not start"
fi
URL="http://127.0.0.1:$SERVER_PORT/mcp"
echo "sample server: $URL (pid $SERVER_PID, log $SERVER_LOG)"

smoke_status=0
smoke_output="$(cd "$CONFORMANCE_DIR" && timeout 120 "$NODE_BIN" smoke.mjs "$URL" 2>&1)" || smoke_status=$?
stop_server

# smoke.mjs prints the summary last; without it (a crash, a timeout) the run counts as one failed check.
summary="$(grep -E '^smoke: [0-9]+ passed, [0-9]+ failed$' <<<"$smoke_output" | tail -n 1 || true)"
grep -v -E '^smoke: [0-9]+ passed, [0-9]+ failed$' <<<"$smoke_output" || true
if [[ -z "$summary" ]]; then
  echo "error: smoke.mjs ended without a summary (exit code $smoke_status)" >&2
  echo "smoke: 0 passed, 1 failed"
  exit 1
fi

echo "$summary"
[[ $smoke_status -eq 0 ]]
