#!/usr/bin/env bash
# The main job, the whole tips story: set up what is missing, build Argus, run the retrain pipeline
# (demo/tips-retrain.yaml: version the data, tune XGBoost with TPE — every trial a tracked run —, train
# with the best parameters, register the model, evaluate it against @champion and promote it, outright
# the first time), serve models:/tips@champion and send it a few prediction requests, then normal and
# then drifted traffic, run the monitoring pipeline (demo/tips-monitor.yaml: drift per window against
# the training data, a notification to a local webhook when the drifted window arrives), schedule the
# retrain pipeline monthly, then start the tracking server with the web UI on the embedded SQLite store
# (~/.argus, or $ARGUS_HOME) to look at all of it. Stop it with Ctrl+C.
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
echo "Running the retrain pipeline demo/tips-retrain.yaml (data → tune → train → register → evaluate → promote → monitor):"
argus pipeline validate demo/tips-retrain.yaml | sed -n '1,2p'
argus pipeline run demo/tips-retrain.yaml
echo
echo "Serving models:/tips@champion and asking it for three predictions..."
serve_log=$(mktemp)
# Started directly, not through the argus function: $! is then the server's own PID, which the kills below stop.
"${argus_cmd[@]}" serve --model models:/tips@champion --port 0 > "$serve_log" 2>/dev/null &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true; rm -f "$serve_log"' EXIT
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
trap 'kill "$serve_pid" "$hook_pid" 2>/dev/null || true; rm -f "$serve_log" "$hook_log"' EXIT
echo
echo "Running the monitoring pipeline demo/tips-monitor.yaml on ${window} s windows, telling a local webhook about drift:"
argus pipeline run demo/tips-monitor.yaml --param window="${window}s" --param since="$since" --param webhook="http://127.0.0.1:$hook_port/hook"
sleep 0.5
echo
echo "The webhook received:"
sed 's/^/  /' "$hook_log"
kill "$hook_pid" 2>/dev/null || true
echo
echo "Scheduling the retrain pipeline for 03:00 on the first of every month (argus server runs it):"
argus pipeline schedule demo/tips-retrain.yaml --cron "0 3 1 * *"
echo
echo "Pipeline runs so far:"
argus pipeline runs --max 5
echo
echo "Starting the tracking server with the web UI: experiments, models, monitoring, pipelines. Stop it with Ctrl+C."
exec "${argus_cmd[@]}" server "$@"
