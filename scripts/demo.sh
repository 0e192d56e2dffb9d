#!/usr/bin/env bash
# The main job: set up what is missing, build Argus, and start the tracking server on the embedded
# SQLite store (~/.argus, or $ARGUS_HOME). Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGUS_SETUP_QUIET=1 bash scripts/setup.sh
log=$(mktemp)
if ! dotnet build src/Argus.Cli -c Release -nologo -v q -clp:ErrorsOnly > "$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
exec dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll server "$@"
