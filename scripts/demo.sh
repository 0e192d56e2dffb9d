#!/usr/bin/env bash
# The main job: set up what is missing, build Argus, tune XGBoost on the waiter-tips data (every
# trial a tracked run, the best retrained and logged as a model), then start the tracking server on
# the embedded SQLite store (~/.argus, or $ARGUS_HOME) to look at the results. Stop it with Ctrl+C.
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
argus() { dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll "$@"; }
echo "Tuning XGBoost on demo/tips.csv (target: tip), 30 trials with TPE..."
argus tune --data demo/tips.csv --target tip --experiment tips --max-evals 30 --algo tpe
echo
exec dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll server "$@"
