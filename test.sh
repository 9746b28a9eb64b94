#!/usr/bin/env bash
# Installs what the tests need, builds, runs every test suite (unit, integration, MCP conformance,
# TypeScript-SDK smoke test) and ends with one line: "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

passed=0
failed=0

note_failure() { echo "test.sh: $1" >&2; failed=$((failed + 1)); }

if ! "$root/scripts/install-prerequisites.sh" --node; then
  note_failure "installing prerequisites failed"
  echo "$passed passed, $failed failed"
  exit 1
fi

if ! dotnet build AgentAirlock.sln -c Release -nologo -v quiet -clp:ErrorsOnly; then
  note_failure "the build failed"
  echo "$passed passed, $failed failed"
  exit 1
fi

# dotnet test: counts come from the TRX files' <Counters> element.
for project in tests/AgentAirlock.Tests tests/AgentAirlock.IntegrationTests; do
  name="$(basename "$project")"
  dotnet test "$project" -c Release --no-build -nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal"
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    note_failure "$name produced no results"
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

# Scripts that print "<name>: N passed, M failed" as their last line.
for script in tests/conformance/run-conformance.sh tests/conformance/smoke.sh; do
  output="$("$root/$script" 2>&1 | tee "$results/$(basename "$script" .sh).log")"
  last="$(tail -n 1 <<<"$output")"
  if [[ "$last" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    note_failure "$script did not report results (see $results/$(basename "$script" .sh).log)"
  fi
  echo "$last"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
