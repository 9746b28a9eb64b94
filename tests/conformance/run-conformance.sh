#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, --suite all) against the built
# ConformanceServer fixture, which has Airlock in front of it.
#
#   CONFORMANCE_SERVER_DLL  the fixture's DLL (default: samples/ConformanceServer/bin/Release/net10.0/ConformanceServer.dll)
#
# Expects `npm ci` to have been run in this folder. Results go to tests/conformance/results/conformance/
# (checks.json per scenario, the suite's output, the server's log). The last line printed is always
# `conformance: N passed, M failed`, counting checks; a run that cannot start counts as one failed check.
# The exit code is 0 only when nothing failed.
set -euo pipefail

CONFORMANCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CONFORMANCE_DIR/../.." && pwd)"
# shellcheck source=lib.sh
source "$CONFORMANCE_DIR/lib.sh"

SERVER_DLL="${CONFORMANCE_SERVER_DLL:-samples/ConformanceServer/bin/Release/net10.0/ConformanceServer.dll}"
[[ "$SERVER_DLL" = /* ]] || SERVER_DLL="$REPO_ROOT/$SERVER_DLL"
RESULTS_DIR="$CONFORMANCE_DIR/results/conformance"
SUITE_ENTRY="$CONFORMANCE_DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js"

trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail_setup() {
  echo "error: $1" >&2
  echo "conformance: 0 passed, 1 failed"
  exit 1
}

require_node_modules || fail_setup "node_modules missing"
require_file "$SUITE_ENTRY" "run 'npm ci' in $CONFORMANCE_DIR" || fail_setup "conformance suite missing"
require_file "$SERVER_DLL" "build it first: dotnet build samples/ConformanceServer -c Release" || fail_setup "server not built"

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
SERVER_LOG="$RESULTS_DIR/server.log"
SUITE_LOG="$RESULTS_DIR/suite-output.txt"

# The fixture reads its own appsettings.json (next to the DLL), so its working directory does not matter.
if ! start_server "$SERVER_LOG" "$(dirname "$SERVER_DLL")" "$SERVER_DLL"; then
  tail -n 30 "$SERVER_LOG" >&2 || true
  fail_setup "the conformance server did not start"
fi
URL="http://127.0.0.1:$SERVER_PORT/mcp"
echo "conformance server: $URL (pid $SERVER_PID)"

suite_status=0
PATH="$(dirname "$NODE_BIN"):$PATH" timeout 600 "$NODE_BIN" "$SUITE_ENTRY" server \
  --url "$URL" --suite all -o "$RESULTS_DIR" >"$SUITE_LOG" 2>&1 || suite_status=$?
stop_server

# Per-scenario lines and failure details from the suite, without its long descriptions.
grep -E '^(✓|✗) |^    - |^Total: ' "$SUITE_LOG" || true

# Count checks from the checks.json files; the suite's own total also covers a scenario that crashed before
# writing its file, so it wins when present.
counts="$("$NODE_BIN" -e '
const fs = require("node:fs"), path = require("node:path");
const root = process.argv[1];
let passed = 0, failed = 0, warnings = 0;
for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
  const file = path.join(root, entry.name, "checks.json");
  if (!entry.isDirectory() || !fs.existsSync(file)) continue;
  for (const check of JSON.parse(fs.readFileSync(file, "utf8"))) {
    if (check.status === "SUCCESS") passed++;
    else if (check.status === "FAILURE") { failed++; console.error(`failed: ${entry.name}: ${check.id}: ${check.errorMessage ?? check.description}`); }
    else if (check.status === "WARNING") { warnings++; console.error(`warning: ${entry.name}: ${check.id}: ${check.errorMessage ?? check.description}`); }
  }
}
console.log(passed, failed, warnings);' "$RESULTS_DIR")" || counts="0 1 0"
read -r passed failed warnings <<<"$counts"

if total_line="$(grep -E '^Total: [0-9]+ passed, [0-9]+ failed' "$SUITE_LOG" | tail -n 1)"; then
  passed="$(sed -E 's/^Total: ([0-9]+) passed.*/\1/' <<<"$total_line")"
  failed="$(sed -E 's/^Total: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$total_line")"
fi

if [[ $suite_status -ne 0 && $failed -eq 0 ]]; then
  echo "error: the conformance suite exited with code $suite_status without reporting a failed check (see $SUITE_LOG)" >&2
  tail -n 20 "$SUITE_LOG" >&2 || true
  failed=1
fi

if [[ $warnings -gt 0 ]]; then
  echo "($warnings warning(s), not counted as failures; listed on stderr)"
fi
echo "results: $RESULTS_DIR"
echo "conformance: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
