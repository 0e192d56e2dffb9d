#!/usr/bin/env bash
# The main job: set up what is missing, build Argus, and start the tracking server on the embedded
# SQLite store (~/.argus, or $ARGUS_HOME). Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGUS_SETUP_QUIET=1 bash scripts/setup.sh
dotnet build src/Argus.Cli -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll server "$@"
