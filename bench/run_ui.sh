#!/usr/bin/env bash
# Web UI benchmark in headless chromium: builds the UI and Release, seeds a SQLite store (one experiment of 100,000
# runs, one run whose metric has 1,000,000 points, one experiment whose 100 runs have 2,000 metrics each), starts
# `argus server` on it, and lets `Argus.Bench ui` drive Debian's chromium through Playwright:
#   1. the first page of the 100,000-run experiment until interactive (target <= 1 s),
#   2. the 1,000,000-point metric chart until ECharts has drawn it (target <= 1 s), and once without downsampling,
#   3. the runs table with all 2,000 metric columns: load, column chooser, scrolling (no long task > 200 ms).
# Raw results: bench/results/<NAME>_raw.tsv; summary: <NAME>_summary.md; log: <NAME>_log.txt; machine facts:
# <NAME>_machine.txt (NAME defaults to ui).
# The server listens on 127.0.0.1 on a free port and is stopped by its PID; every step is bounded by `timeout`.
#
# Environment: REPS (5) measured repetitions per scenario, after one warm-up; RAW_REPS (1) of the chart without
# downsampling; RUNS (100000); HISTORY_POINTS (1000000); WIDE_RUNS (100); WIDE_METRICS (2000);
# WIDE_PAGE_SIZES ("25,100"); SCENARIOS ("first-page,chart,wide,chart-raw"); QUIET_WAIT (10) seconds each
# measurement may wait for other processes to go quiet; MAX_NOISE_PCT (25): a measurement during which other
# processes or the hypervisor took more of a core is repeated, up to ATTEMPTS (3) times, then kept and marked;
# BUDGET_S (1200) bounds the measuring step (measurements left once it is used are skipped and listed);
# CHROMIUM (/usr/bin/chromium); ARGUS, another build's argus executable to serve instead of this tree's (for
# before/after comparisons; its wwwroot is the UI measured); NAME (ui), the results' file prefix.
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
REPS="${REPS:-5}"
RAW_REPS="${RAW_REPS:-1}"
RUNS="${RUNS:-100000}"
HISTORY_POINTS="${HISTORY_POINTS:-1000000}"
WIDE_RUNS="${WIDE_RUNS:-100}"
WIDE_METRICS="${WIDE_METRICS:-2000}"
WIDE_PAGE_SIZES="${WIDE_PAGE_SIZES:-25,100}"
SCENARIOS="${SCENARIOS:-first-page,chart,wide,chart-raw}"
QUIET_WAIT="${QUIET_WAIT:-10}"
MAX_NOISE_PCT="${MAX_NOISE_PCT:-25}"
ATTEMPTS="${ATTEMPTS:-3}"
BUDGET_S="${BUDGET_S:-1200}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
NAME="${NAME:-ui}"
RAW="$RESULTS/${NAME}_raw.tsv"
LOG="$RESULTS/${NAME}_log.txt"
MACHINE="$RESULTS/${NAME}_machine.txt"
SUMMARY="$RESULTS/${NAME}_summary.md"
START_S=$SECONDS

mkdir -p "$RESULTS"
rm -f "$RAW"
: >"$LOG"
WORK="$(mktemp -d /tmp/argus-bench-ui.XXXXXX)"
SERVER_PID=""

log() { echo "[$((SECONDS - START_S))s] $*" | tee -a "$LOG"; }

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

cleanup() {
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if [[ -z "$(ss -Htln "sport = :$port")" ]]; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# steal_ticks: the machine's total and steal jiffies, from the first line of /proc/stat.
steal_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9}' /proc/stat; }

# ---------------------------------------------------------------- build
cd "$ROOT"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "$CHROMIUM is missing: run scripts/setup.sh (it installs Debian's chromium)." >&2
  exit 1
fi
log "building the web UI and Release"
scripts/build-web.sh --force 2>&1 | tee -a "$LOG"
dotnet build -c Release bench/Argus.Bench -nologo -v q 2>&1 | tail -n 3 | tee -a "$LOG"
dotnet build -c Release src/Argus.Cli -nologo -v q 2>&1 | tail -n 3 | tee -a "$LOG"
BENCH="$ROOT/bench/Argus.Bench/bin/Release/net10.0/Argus.Bench"
ARGUS="${ARGUS:-$ROOT/src/Argus.Cli/bin/Release/net10.0/argus}"
if [[ ! -f "$(dirname "$ARGUS")/wwwroot/index.html" ]]; then
  echo "the Release build has no wwwroot/index.html beside $ARGUS" >&2
  exit 1
fi

{
  machine_facts
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
  echo "node: $(node --version 2>/dev/null || echo none)"
  echo "filesystem_tmp: $(df -T /tmp | awk 'NR==2 {print $2}')"
  echo "git_commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "git_dirty_files: $(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)"
  echo "argus: $ARGUS"
  echo "command: bench/run_ui.sh (NAME=$NAME REPS=$REPS RAW_REPS=$RAW_REPS RUNS=$RUNS HISTORY_POINTS=$HISTORY_POINTS WIDE_RUNS=$WIDE_RUNS WIDE_METRICS=$WIDE_METRICS WIDE_PAGE_SIZES=$WIDE_PAGE_SIZES SCENARIOS=$SCENARIOS QUIET_WAIT=$QUIET_WAIT MAX_NOISE_PCT=$MAX_NOISE_PCT ATTEMPTS=$ATTEMPTS BUDGET_S=$BUDGET_S)"
} >"$MACHINE"
tee -a "$LOG" <"$MACHINE"

# ---------------------------------------------------------------- seed
STORE="sqlite:///$WORK/ui.db"
log "seeding: $RUNS runs, a $HISTORY_POINTS-point history, $WIDE_RUNS runs x $WIDE_METRICS metrics"
timeout --signal=TERM --kill-after=10 300 "$BENCH" populate --store-uri "$STORE" --experiments "ui-runs:$RUNS" --api-runs 500 \
  --out "$RAW" 2>&1 | tee -a "$LOG" | tee "$WORK/populate.txt"
timeout --signal=TERM --kill-after=10 300 "$BENCH" populate-ui --store-uri "$STORE" --history-points "$HISTORY_POINTS" \
  --wide-runs "$WIDE_RUNS" --wide-metrics "$WIDE_METRICS" --out "$RAW" 2>&1 | tee -a "$LOG" | tee -a "$WORK/populate.txt"
RUNS_EXP=$(awk -F'\t' '$1 == "experiment" && $2 == "ui-runs" {print $3}' "$WORK/populate.txt")
HISTORY_RUN=$(awk -F'\t' '$1 == "history-run" {print $2}' "$WORK/populate.txt")
WIDE_EXP=$(awk -F'\t' '$1 == "wide-experiment" {print $2}' "$WORK/populate.txt")
if [[ -z "$RUNS_EXP" || -z "$HISTORY_RUN" || -z "$WIDE_EXP" ]]; then
  echo "seeding did not report its experiments and run" >&2
  exit 1
fi
log "database: $(du -h "$WORK/ui.db" | cut -f1)"

# ---------------------------------------------------------------- server
PORT="$(free_port)"
"$ARGUS" server --host 127.0.0.1 --port "$PORT" --backend-store-uri "$STORE" --artifacts-destination "$WORK/artifacts" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  grep -q "Argus tracking server: $URL" "$WORK/server.log" && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tee -a "$LOG" <"$WORK/server.log"
    echo "server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "Argus tracking server: $URL" "$WORK/server.log" || { echo "server did not report listening within 30 s" >&2; exit 1; }
cat "$WORK/server.log" >>"$LOG"
log "server $URL (pid $SERVER_PID)"

# ---------------------------------------------------------------- measure
read -r TOTAL0 STEAL0 < <(steal_ticks)
rc=0
timeout --signal=TERM --kill-after=10 "$BUDGET_S" "$BENCH" ui --uri "$URL" --runs-experiment "$RUNS_EXP" \
  --history-run "$HISTORY_RUN" --wide-experiment "$WIDE_EXP" --wide-metrics "$WIDE_METRICS" --wide-page-sizes "$WIDE_PAGE_SIZES" \
  --reps "$REPS" --raw-reps "$RAW_REPS" --scenarios "$SCENARIOS" --chromium "$CHROMIUM" --quiet-wait "$QUIET_WAIT" \
  --max-noise-pct "$MAX_NOISE_PCT" --attempts "$ATTEMPTS" --budget-s $((BUDGET_S > 300 ? BUDGET_S - 120 : BUDGET_S / 2)) \
  --server-pids "$SERVER_PID" --md "$SUMMARY" --out "$RAW" 2>&1 | tee -a "$LOG" || rc=$?
read -r TOTAL1 STEAL1 < <(steal_ticks)
STEAL_PCT=$(awk -v s=$((STEAL1 - STEAL0)) -v t=$((TOTAL1 - TOTAL0)) 'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }')
echo "steal_during_measurement: ${STEAL_PCT}% of all CPU time" | tee -a "$MACHINE" "$LOG"
if ((rc != 0)); then
  log "FAILED (exit $rc): ui"
  exit "$rc"
fi
log "done in $((SECONDS - START_S))s; raw results in $RAW, summary in $SUMMARY"
