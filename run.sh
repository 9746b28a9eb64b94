#!/usr/bin/env bash
# Builds and serves the sample MCP server with Airlock in front, on its embedded defaults:
#   ./run.sh                          -> http://127.0.0.1:5000/mcp
#   ./run.sh --urls http://127.0.0.1:8080
# Any argument is passed to the server (ASP.NET Core command-line configuration, e.g. --Airlock:Enabled=false).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
"$root/scripts/install-prerequisites.sh"

dotnet build samples/AirlockSample -c Release -nologo -v quiet -clp:ErrorsOnly
# The repository root is the working directory, so the server reads (and watches) the root appsettings.json.
exec dotnet samples/AirlockSample/bin/Release/net10.0/AirlockSample.dll --urls http://127.0.0.1:5000 "$@"
