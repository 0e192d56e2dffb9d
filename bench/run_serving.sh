#!/usr/bin/env bash
# Serving benchmark (issue 4): `argus serve` beside the serving peers of shared/bench/peers, in one run.
#   1. Builds Argus Release (src/Argus.Cli) and runs a private copy of the build output, so a rebuild of the
#      tree by someone else during the run cannot swap the binary under the server.
#   2. Copies shared/bench/peers to a temporary directory (the peers' scripts write results/ and build output
#      beside themselves; shared/ stays untouched) and runs serving/train_tips.py there if the peer's model or
#      bodies are missing.
#   3. bench/serving_package.py package: an Argus model package from the peer's own model
#      (serving/model/tips_xgb.json, six integer-encoded numerical features), so both sides serve the same trees;
#      bench/serving_package.py check: Argus's answers to body_1, body_5 and body_1000 equal the peer's (float32).
#   4. wrk on loopback exactly as the peers run it (wrk/post.lua, the same bodies, -t1 -c1 / -t2 -c16|64, -d10s,
#      --timeout 5s, --latency, a 5 s warm-up at c=16 per server start, REPS clean runs with the bg/steal rejection of
#      wrk/lib.sh) for four servers, alternating per setting (rows x connections) in a rotating order:
#        argus-log         argus serve, inference log on (the default), --inference-log in a temporary directory
#        argus-nolog       argus serve --no-inference-log
#        py-gunicorn-omp1  the Flask peer at its best setting: serving/run_python.sh gunicorn-omp1
#        net-const         the bare-Kestrel ceiling: dotnet/run_dotnet.sh const
#      Each server starts fresh for each setting and is stopped by its PID. The peers' servers are started and
#      stopped by the peers' own scripts (called with BODIES/CONNS of the setting); Argus's runs use lib.sh's
#      wait_quiet and wrk_one and write the same TSV line as its bench_matrix, and also count the records the
#      inference log wrote against the requests wrk counted (warm-up included), so a dropped record shows.
#   5. bench/serving_package.py summarize: medians (the peers' summarize.py rule), ratios against the targets.
#   6. Argus.Bench serving-profile: the in-process cost of each step of a request (no HTTP), for the breakdown.
# Results in bench/results/: serving_raw.tsv (every wrk run, peers' rows included), serving_summary.md,
# serving_predictions.txt, serving_inference_log.tsv, serving_profile.tsv, serving_log.txt, serving_machine.txt.
#
# Environment: REPS (3), WRK_DURATION (10s), CONNS ("1 16 64"), BODIES ("1 1000"), SERVERS (the four above),
# QUIET_WAIT (60: max s to wait for a quiet machine before each run), BG_MAX/STEAL_MAX (10) and MAX_ATTEMPTS (4) as
# in lib.sh, BUDGET_S (1500: at that point the running unit is killed and the summary is made from what was measured).
# BASELINE (a folder holding another argus build, e.g. one built from `git archive` of an older commit) with SERVERS
# naming base-log / base-nolog measures that build beside this one, for before/after comparisons; NAME (serving) is
# the prefix of the result files.
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
PEERS_SRC="$(cd "$ROOT/../shared/bench/peers" && pwd)"
TIPS_CSV="$(cd "$ROOT/../shared/data" && pwd)/tips.csv"
PYTHON=/usr/bin/python3 # the system python with Debian's xgboost 1.7.4, flask, pandas, as the peers expect
export REPS="${REPS:-3}" WRK_DURATION="${WRK_DURATION:-10s}" CONNS="${CONNS:-1 16 64}" BODIES="${BODIES:-1 1000}"
export QUIET_WAIT="${QUIET_WAIT:-60}" BG_MAX="${BG_MAX:-10}" STEAL_MAX="${STEAL_MAX:-10}" MAX_ATTEMPTS="${MAX_ATTEMPTS:-4}"
SERVERS="${SERVERS:-argus-log argus-nolog py-gunicorn-omp1 net-const}"
BUDGET_S="${BUDGET_S:-1500}"
NAME="${NAME:-serving}" # prefix of the result files, so a comparison run leaves the main run's files alone
RAW="$RESULTS/${NAME}_raw.tsv"
LOG="$RESULTS/${NAME}_log.txt"
SUMMARY="$RESULTS/${NAME}_summary.md"
MACHINE="$RESULTS/${NAME}_machine.txt"
CHECK="$RESULTS/${NAME}_predictions.txt"
LOGCOUNT="$RESULTS/${NAME}_inference_log.tsv"
PROFILE="$RESULTS/${NAME}_profile.tsv"
START_S=$SECONDS
DEADLINE=$((START_S + BUDGET_S))

mkdir -p "$RESULTS"
rm -f "$RAW" "$SUMMARY" "$CHECK" "$LOGCOUNT" "$PROFILE"
: >"$LOG"
WORK="$(mktemp -d /tmp/argus-serving-bench.XXXXXX)"
UNIT_PID=""

log() { echo "[$((SECONDS - START_S))s] $*" | tee -a "$LOG"; }

# All descendants of a PID, deepest first (from /proc, by PID).
descendants() {
  local pid=$1 child
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

# Stops a process we started and everything it started, by PID: TERM, then KILL after 5 s.
kill_tree() {
  local pid=$1 pids p
  pids="$(descendants "$pid") $pid"
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return 0
    sleep 0.1
  done
  for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
}

cleanup() {
  [[ -n "$UNIT_PID" ]] && kill_tree "$UNIT_PID"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$ROOT"

# --- prerequisites: wrk, gunicorn, Flask and pandas from Debian (what the peers use) -----------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gunicorn >/dev/null || missing+=(gunicorn)
"$PYTHON" -c 'import flask' 2>/dev/null || missing+=(python3-flask)
"$PYTHON" -c 'import pandas' 2>/dev/null || missing+=(python3-pandas)
"$PYTHON" -c 'import xgboost' 2>/dev/null || missing+=(python3-xgboost)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} (apt-get)"
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 || { apt-get update >>"$LOG" 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1; }
  else
    echo "missing: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# --- build Argus, copy the peers --------------------------------------------------------------------------------
log "building Argus Release (src/Argus.Cli)"
dotnet build -c Release src/Argus.Cli -nologo -v q 2>&1 | tail -n 3 | tee -a "$LOG"
cp -r src/Argus.Cli/bin/Release/net10.0 "$WORK/argus"
ARGUS="$WORK/argus/argus"
if [[ " $SERVERS " == *" base-"* ]]; then
  [[ -x "${BASELINE:-}/argus" ]] || { echo "SERVERS names base-*: set BASELINE to the folder of another argus build" >&2; exit 1; }
  cp -r "$BASELINE" "$WORK/baseline"
  BASELINE_BIN="$WORK/baseline/argus"
fi

log "copying the peers to $WORK/peers"
cp -r "$PEERS_SRC" "$WORK/peers"
chmod -R u+w "$WORK/peers"
rm -rf "$WORK/peers/results" "$WORK/peers"/dotnet/*/bin "$WORK/peers"/dotnet/*/obj
mkdir -p "$WORK/peers/results"
PEERS="$WORK/peers"
if [[ ! -f "$PEERS/serving/model/tips_xgb.json" || ! -f "$PEERS/wrk/body_1.json" || ! -f "$PEERS/wrk/body_1000.json" || ! -f "$PEERS/serving/model/pred5_python.json" ]]; then
  log "the peer's model or bodies are missing: serving/train_tips.py (in the copy)"
  TIPS_CSV="$TIPS_CSV" "$PYTHON" "$PEERS/serving/train_tips.py" 2>&1 | tee -a "$LOG"
fi
log "building the peers' .NET servers (ConstApi, XgbApi) once, untimed"
for p in ConstApi XgbApi; do (cd "$PEERS/dotnet/$p" && dotnet build -c Release -nologo -v q 2>&1 | tail -n 1) | tee -a "$LOG"; done

# lib.sh: wait_http, stop_pid, wait_quiet, wrk_one (the peers' quiet-machine wait and bg/steal accounting)
# shellcheck source=/dev/null
source "$PEERS/wrk/lib.sh"

{
  machine_facts
  echo "python: $("$PYTHON" --version 2>&1); xgboost $("$PYTHON" -c 'import xgboost; print(xgboost.__version__)'); flask $("$PYTHON" -c 'import flask; print(flask.__version__)'); pandas $("$PYTHON" -c 'import pandas; print(pandas.__version__)')"
  echo "gunicorn: $(gunicorn --version 2>&1 | head -n 1)"
  echo "wrk: $(wrk -v 2>&1 | head -n 1)"
  echo "filesystem (inference log): $(df -T "$WORK" | awk 'NR==2 {print $2}')"
  echo "git_commit: $(git rev-parse --short HEAD)$([[ -z "$(git status --porcelain)" ]] || echo ' plus working tree')"
  echo "command: bench/run_serving.sh (NAME=$NAME REPS=$REPS WRK_DURATION=$WRK_DURATION CONNS=\"$CONNS\" BODIES=\"$BODIES\" SERVERS=\"$SERVERS\" QUIET_WAIT=$QUIET_WAIT BUDGET_S=$BUDGET_S${BASELINE:+ BASELINE=$BASELINE})"
} >"$MACHINE"
tee -a "$LOG" <"$MACHINE"

# --- the Argus package and the prediction check -----------------------------------------------------------------
PKG="$WORK/tips"
"$PYTHON" bench/serving_package.py package --model "$PEERS/serving/model/tips_xgb.json" --csv "$TIPS_CSV" --out "$PKG" | tee -a "$LOG"
export ARGUS_HOME="$WORK/home"

free_port() {
  local p=$1
  while ss -ltnH "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

# start_argus NAME PORT : starts argus serve in the background, sets ARGUS_PID
start_argus() {
  local name=$1 port=$2 bin=$ARGUS
  local args=(serve --model "$PKG" --host 127.0.0.1 --port "$port")
  [[ $name == base-* ]] && bin=$BASELINE_BIN
  if [[ $name == *-log ]]; then
    rm -rf "$WORK/inference"
    args+=(--inference-log "$WORK/inference")
  else
    args+=(--no-inference-log)
  fi
  "$bin" "${args[@]}" >"$WORK/$name.out" 2>>"$LOG" &
  ARGUS_PID=$!
  wait_http "http://127.0.0.1:$port/ping" 30
}

log "checking Argus's predictions against the peer's"
port=$(free_port 5311)
start_argus argus-nolog "$port"
check_rc=0
"$PYTHON" bench/serving_package.py check --url "http://127.0.0.1:$port/invocations" --peers "$PEERS" --out "$CHECK" | tee -a "$LOG" || check_rc=$?
stop_pid "$ARGUS_PID"
[[ $check_rc == 0 ]] || { log "Argus's predictions differ from the peer's; stopping"; exit 1; }

# --- one unit: one server, one setting ---------------------------------------------------------------------------

# argus_unit NAME ROWS CONNS : the Argus server for one setting, with lib.sh's bench_matrix steps (warm-up, then REPS
# clean runs), plus the inference log's record count against the requests wrk counted.
argus_unit() {
  local name=$1 b=$2 c=$3 port body url a r line bg st status sent=0 n
  port=$(free_port 5311)
  start_argus "$name" "$port"
  url="http://127.0.0.1:$port/invocations"
  body="$PEERS/wrk/body_$b.json"
  n=$(BODY="$body" wrk -t2 -c16 -d"$WARMUP_DURATION" -s "$PEERS/wrk/post.lua" "$url" | sed -n 's/^RESULT.* requests=\([0-9]*\).*/\1/p')
  sent=$((sent + ${n:-0}))
  for r in $(seq 1 "$REPS"); do
    for a in $(seq 1 "$MAX_ATTEMPTS"); do
      wait_quiet
      line=$(wrk_one "$url" "$body" "$c" "$ARGUS_PID")
      n=$(echo "$line" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
      sent=$((sent + ${n:-0}))
      bg=$(echo "$line" | sed -n 's/.*bg_pct=\([0-9.]*\).*/\1/p')
      st=$(echo "$line" | sed -n 's/.*steal_pct=\([0-9.]*\).*/\1/p')
      if awk -v b="$bg" -v m="$BG_MAX" -v s="$st" -v sm="$STEAL_MAX" 'BEGIN{exit !(b <= m && s <= sm)}'; then status=ok; else status=rejected; fi
      [[ $a -eq $MAX_ATTEMPTS && $status == rejected ]] && status=contaminated
      echo "$name	rows=$b	c=$c	rep=$r	$line	$status" | tee -a "$RAW"
      [[ $status == rejected ]] || break
    done
  done
  stop_pid "$ARGUS_PID" # graceful: the inference log drains and fsyncs before the process exits
  if [[ $name == *-log ]]; then
    local logged bytes
    logged=$(find "$WORK/inference" -name '*.jsonl' -exec cat {} + | wc -l)
    bytes=$(du -sb "$WORK/inference" | cut -f1)
    printf '%s\trows=%s\tc=%s\trequests_counted_by_wrk=%s\trecords_logged=%s\tlog_bytes=%s\n' "$name" "$b" "$c" "$sent" "$logged" "$bytes" | tee -a "$LOGCOUNT"
    rm -rf "$WORK/inference"
  fi
}

# peer_unit NAME ROWS CONNS : the peer's own script for one setting; its TSV rows are appended to ours.
peer_unit() {
  local name=$1 b=$2 c=$3 script variant tsv port before
  case $name in
    py-gunicorn-omp1) script="$PEERS/serving/run_python.sh" variant=gunicorn-omp1 tsv="$PEERS/results/serving_python_raw.tsv" port=8001 ;;
    net-const) script="$PEERS/dotnet/run_dotnet.sh" variant=const tsv="$PEERS/results/serving_dotnet_raw.tsv" port=5001 ;;
    *) echo "unknown server $name" >&2; return 2 ;;
  esac
  # The peers' ports are fixed: never measure somebody else's server that happens to hold the port.
  for _ in $(seq 1 60); do ss -ltnH "sport = :$port" | grep -q . || break; sleep 1; done
  if ss -ltnH "sport = :$port" | grep -q .; then
    log "port $port is held by another process; $name skipped for rows=$b c=$c"
    return 0
  fi
  touch "$tsv"
  before=$(wc -l <"$tsv")
  BODIES="$b" CONNS="$c" "$script" "$variant" >>"$LOG" 2>&1
  tail -n +"$((before + 1))" "$tsv" | tee -a "$RAW"
}

# run_unit NAME ROWS CONNS : one unit in the background, killed (whole process tree, by PID) at the deadline.
run_unit() {
  local name=$1 rc=0
  case $name in
    argus-* | base-*) argus_unit "$@" & ;;
    *) peer_unit "$@" & ;;
  esac
  UNIT_PID=$!
  while kill -0 "$UNIT_PID" 2>/dev/null; do
    if ((SECONDS >= DEADLINE)); then
      log "BUDGET_S=$BUDGET_S reached: stopping $name (rows=$2 c=$3)"
      kill_tree "$UNIT_PID"
      break
    fi
    sleep 1
  done
  wait "$UNIT_PID" 2>/dev/null || rc=$?
  UNIT_PID=""
  ((rc == 0)) || log "$name rows=$2 c=$3 ended with status $rc"
}

# --- the matrix: settings in order, servers rotating per setting --------------------------------------------------
read -r -a servers <<<"$SERVERS"
setting=0
for b in $BODIES; do
  for c in $CONNS; do
    for k in $(seq 0 $((${#servers[@]} - 1))); do
      name=${servers[$(((k + setting) % ${#servers[@]}))]}
      if ((SECONDS >= DEADLINE)); then break 3; fi
      log "rows=$b c=$c: $name"
      run_unit "$name" "$b" "$c"
    done
    setting=$((setting + 1))
  done
done
((SECONDS >= DEADLINE)) && log "budget of ${BUDGET_S}s used up; the summary covers what was measured"

if ((SECONDS < DEADLINE)); then
  log "in-process cost per step (Argus.Bench serving-profile, no HTTP)"
  dotnet build -c Release bench/Argus.Bench -nologo -v q 2>&1 | tail -n 1 | tee -a "$LOG"
  wait_quiet
  timeout $((DEADLINE - SECONDS + 5)) bench/Argus.Bench/bin/Release/net10.0/Argus.Bench serving-profile --package "$PKG" \
    --bodies "$PEERS/wrk/body_1.json" "$PEERS/wrk/body_1000.json" | tee "$PROFILE" | tee -a "$LOG" || true
fi

log "summary"
"$PYTHON" bench/serving_package.py summarize --raw "$RAW" --out "$SUMMARY" | tee -a "$LOG"
if [[ -f "$LOGCOUNT" ]]; then
  { echo; echo "Inference log records (log on; requests counted by wrk include the warm-up and rejected runs):"; echo; cat "$LOGCOUNT"; } | tee -a "$SUMMARY" "$LOG"
fi
{ echo; echo "Predictions:"; echo; sed 's/^/    /' "$CHECK"; } >>"$SUMMARY"
log "done in $((SECONDS - START_S))s; raw results in $RAW, summary in $SUMMARY"
