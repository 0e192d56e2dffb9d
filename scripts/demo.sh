#!/usr/bin/env bash
# The main job: set up what is missing, build Argus, tune XGBoost on the waiter-tips data (every
# trial a tracked run, the best retrained and logged as a model), register the model and promote it
# (outright the first time; afterwards only if it beats @champion), serve models:/tips@champion and
# send it a few prediction requests, then start the tracking server on the embedded SQLite store
# (~/.argus, or $ARGUS_HOME) to look at the results. Stop it with Ctrl+C.
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
tuned=$(mktemp)
trap 'rm -f "$tuned"' EXIT
argus tune --data demo/tips.csv --target tip --experiment tips --max-evals 30 --algo tpe | tee "$tuned"
run=$(sed -n 's/^Retrained best: run \([0-9a-f]*\).*/\1/p' "$tuned")
echo
echo "Registering run $run as model 'tips' and promoting it..."
version=$(argus models register --run "$run" --name tips | sed -n 's/^Registered tips version \([0-9]*\).*/\1/p')
# The demo has one file, so the candidate and the champion are compared on all of it; with real data,
# pass a holdout set the models never trained on.
argus models promote tips --candidate "$version" --data demo/tips.csv --reason "demo: tuned on demo/tips.csv"
echo
echo "Serving models:/tips@champion and asking it for three predictions..."
serve_log=$(mktemp)
argus serve --model models:/tips@champion --port 0 > "$serve_log" 2>/dev/null &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true; rm -f "$tuned" "$serve_log"' EXIT
for _ in $(seq 1 300); do
  url=$(sed -n 's/^Argus model server: //p' "$serve_log")
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "argus serve stopped before it was ready" >&2; exit 1; }
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "argus serve did not start" >&2; exit 1; }
echo "POST $url/invocations (dataframe_split, two rows):"
curl -sS "$url/invocations" -H 'Content-Type: application/json' -d '{"dataframe_split": {"columns": ["total_bill", "sex", "smoker", "day", "time", "size"], "data": [[16.99, "Female", "No", "Sun", "Dinner", 2], [50.81, "Male", "Yes", "Sat", "Dinner", 3]]}}'
echo
echo "POST $url/invocations (CSV, one row):"
printf 'total_bill,sex,smoker,day,time,size\n24.59,Female,No,Sun,Dinner,4\n' | curl -sS "$url/invocations" -H 'Content-Type: text/csv' --data-binary @-
echo
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null || true
echo "(argus serve --model models:/tips@champion also has a web form at / for one prediction at a time.)"
echo
exec dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll server "$@"
