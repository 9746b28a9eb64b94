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

# A throwaway redis-server on a free loopback port for the Redis rate-limit tests (no persistence, its own folder),
# stopped when this script exits. The tests read AIRLOCK_TEST_REDIS and fail without it, so a server that cannot be
# started shows as failures, never as skipped tests.
redis_pid=""
redis_dir=""
stop_test_redis() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null
    wait "$redis_pid" 2>/dev/null
    redis_pid=""
  fi
  if [ -n "$redis_dir" ]; then
    rm -rf "$redis_dir"
    redis_dir=""
  fi
}
trap stop_test_redis EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

redis_answers() {
  local port="$1" reply=""
  if command -v redis-cli >/dev/null 2>&1; then
    reply="$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)"
  else
    reply="$({ exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'PING\r\n' >&3 && timeout 1 head -c 5 <&3; } 2>/dev/null)"
  fi
  [[ "$reply" == *PONG* ]]
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_test_redis() {
  local server port
  server="$(command -v redis-server)" || { echo "test.sh: redis-server is not installed" >&2; return 1; }
  redis_dir="$(mktemp -d "${TMPDIR:-/tmp}/airlock-test-redis.XXXXXX")" || return 1
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    "$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --dir "$redis_dir" --protected-mode yes >"$redis_dir/redis.log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 1 100); do
      if redis_answers "$port"; then
        export AIRLOCK_TEST_REDIS="127.0.0.1:$port"
        export AIRLOCK_TEST_REDIS_SERVER="$server"
        echo "test.sh: redis-server (pid $redis_pid) on $AIRLOCK_TEST_REDIS"
        return 0
      fi
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$redis_pid" 2>/dev/null
    wait "$redis_pid" 2>/dev/null
    redis_pid=""
  done
  echo "test.sh: redis-server did not answer PING on a loopback port; its last log:" >&2
  tail -n 20 "$redis_dir/redis.log" >&2 2>/dev/null
  return 1
}

if ! start_test_redis; then
  unset AIRLOCK_TEST_REDIS AIRLOCK_TEST_REDIS_SERVER
  note_failure "could not start redis-server for the Redis tests (they will fail: AIRLOCK_TEST_REDIS is not set)"
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
stop_test_redis

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
