#!/usr/bin/env bash
# Installs what Agent Airlock's scripts need on a fresh Debian machine, without prompts.
#   --node   also install the npm project in tests/conformance (Node 22, the MCP conformance suite, the TypeScript SDK)
# Debian packages: redis-server (shared rate-limit store), bubblewrap (sandbox backend).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
with_node=false
for arg in "$@"; do
  case "$arg" in
    --node) with_node=true ;;
    *) echo "install-prerequisites: unknown option $arg" >&2; exit 2 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "install-prerequisites: need root (or passwordless sudo) to run: $*" >&2; return 1
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-prerequisites: the .NET SDK (10.0) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
dotnet_major="$(dotnet --version | cut -d. -f1)"
if [ "$dotnet_major" -lt 10 ]; then
  echo "install-prerequisites: .NET SDK 10 or later is required, found $(dotnet --version)" >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-prerequisites: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    as_root apt-get update -qq >/dev/null
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if $with_node; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-prerequisites: npm is required for the conformance suite" >&2
    exit 1
  fi
  echo "install-prerequisites: npm ci in tests/conformance (Node 22, conformance suite, TypeScript SDK)"
  (cd "$root/tests/conformance" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
