#!/usr/bin/env bash
# The main job: set up what is missing, build Argus, tune XGBoost on the waiter-tips data (every
# trial a tracked run, the best retrained and logged as a model), register the model and promote it
# (outright the first time; afterwards only if it beats @champion), serve models:/tips@champion and
# send it a few prediction requests, then normal and then drifted traffic, monitor the served model's
# inference log (drift per window against the training data, a notification to a local webhook when
# the drifted window arrives), then start the tracking server on the embedded SQLite store
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
argus_cmd=(dotnet src/Argus.Cli/bin/Release/net10.0/argus.dll)
argus() { "${argus_cmd[@]}" "$@"; }
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
# Started directly, not through the argus function: $! is then the server's own PID, which the kills below stop.
"${argus_cmd[@]}" serve --model models:/tips@champion --port 0 > "$serve_log" 2>/dev/null &
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
echo "(argus serve --model models:/tips@champion also has a web form at / for one prediction at a time.)"
echo

# Monitoring: windows of 15 s so the demo does not wait long. Normal traffic (rows of the training data) goes into
# one window, drifted traffic (bills three times larger, every party smoking at Saturday lunch) into the next.
window=15
next_window() { local now; now=$(date +%s.%N); sleep "$(awk -v n="$now" -v w="$window" 'BEGIN{printf "%.2f", (int(n / w) + 1) * w - n + 0.3}')"; }
traffic() { # traffic FILTER: 10 requests of 10 rows of demo/tips.csv, rewritten by the awk FILTER
  local i
  for i in $(seq 0 9); do
    { echo 'total_bill,sex,smoker,day,time,size'
      awk -F, -v OFS=, -v start=$((2 + i * 20)) "NR >= start && NR < start + 20 && NR % 2 == 0 { gsub(/\"/, \"\"); $1 }" demo/tips.csv | cut -d, -f1,3-7
    } | curl -sS -o /dev/null "$url/invocations" -H 'Content-Type: text/csv' --data-binary @-
  done
}
next_window
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "Sending normal traffic (100 rows of the training data)..."
traffic 'print'
next_window
echo "Sending drifted traffic (the same rows, bills tripled, all smokers at Saturday lunch)..."
traffic '$1 = $1 * 3; $4 = "Yes"; $5 = "Sat"; $6 = "Lunch"; print'
next_window
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null || true # a graceful stop: the inference log is written out

# A local webhook receiver stands in for Slack or a team mailbox.
hook_log=$(mktemp)
hook_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -c '
import http.server, json, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        print(body["text"], flush=True)
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
' "$hook_port" > "$hook_log" 2>&1 &
hook_pid=$!
notify=$(mktemp --suffix=.yaml)
trap 'kill "$serve_pid" "$hook_pid" 2>/dev/null || true; rm -f "$tuned" "$serve_log" "$hook_log" "$notify"' EXIT
printf 'channels:\n  - {name: demo-hook, type: webhook, url: "http://127.0.0.1:%s/hook"}\n' "$hook_port" > "$notify"
echo
echo "Monitoring the inference log: argus monitor --model tips --window ${window}s --notify notifications.yaml"
argus monitor --model tips --window "${window}s" --since "$since" --notify "$notify"
sleep 0.5
echo
echo "The webhook received:"
sed 's/^/  /' "$hook_log"
kill "$hook_pid" 2>/dev/null || true
echo
exec "${argus_cmd[@]}" server "$@"
