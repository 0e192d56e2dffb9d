#!/usr/bin/env bash
# Tracking-server benchmarks, all in one run: builds Release, then measures
#   1. the raw SQLite insert ceiling and log-batch over HTTP on SQLite (interleaved, REPS times),
#   2. run creation, 3. idle server RSS, 4. runs/search over 100,000 (and 5,000) runs,
#   5. metrics/get-history of 100,000 (and 40,000) points, 6. log-batch and run creation on a
#   throwaway PostgreSQL 15 cluster, 7. in-process breakdowns (store calls and JSON without HTTP).
# Raw results: bench/results/tracking_raw.tsv (one line per figure); log: tracking_log.txt;
# summary table: tracking_summary.md; machine facts: machine.txt. Servers listen on 127.0.0.1
# only and are stopped by PID; every load loop is bounded by count and time.
#
# Environment: REPS (3) repetitions of the throughput phases; BUDGET_S (600) skips the remaining
# phases once the run has taken that long; QUIET_WAIT (10) seconds each phase may wait for other
# processes to go quiet; PG_BIN (/usr/lib/postgresql/15/bin); SERVER (auto|argus|bench).
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
REPS="${REPS:-3}"
BUDGET_S="${BUDGET_S:-600}"
QUIET_WAIT="${QUIET_WAIT:-10}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SERVER="${SERVER:-auto}"
RAW="$RESULTS/tracking_raw.tsv"
LOG="$RESULTS/tracking_log.txt"
START_S=$SECONDS

mkdir -p "$RESULTS"
rm -f "$RAW"
: >"$LOG"
WORK="$(mktemp -d /tmp/argus-bench.XXXXXX)"
SERVER_PID=""
PG_DIR=""
PG_PORT=""
PG_PID=""

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

stop_pg() {
  if [[ -n "$PG_DIR" ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >>"$LOG" 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
  fi
}

cleanup() {
  stop_server
  stop_pg
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

within_budget() {
  if ((SECONDS - START_S >= BUDGET_S)); then
    log "SKIPPED (time budget of ${BUDGET_S}s used): $*"
    return 1
  fi
}

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

# bench LIMIT_S COMMAND [options]: one Argus.Bench subcommand, bounded by `timeout`; a failure is logged, and the run goes on.
bench() {
  local limit=$1
  shift
  local rc=0
  timeout --signal=TERM --kill-after=10 "$limit" "$BENCH" "$@" --out "$RAW" 2>&1 | tee -a "$LOG" || rc=$?
  if ((rc != 0)); then
    log "FAILED (exit $rc): $1"
  fi
}

# start_server BACKEND_URI: a fresh server process on a free loopback port; sets SERVER_PID, SERVER_URL.
start_server() {
  local port
  port="$(free_port)"
  "${SERVER_CMD[@]}" --host 127.0.0.1 --port "$port" --backend-store-uri "$1" \
    --artifacts-destination "$WORK/artifacts" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    if grep -q "Argus tracking server: $SERVER_URL" "$WORK/server.log"; then
      cat "$WORK/server.log" >>"$LOG"
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$WORK/server.log" | tee -a "$LOG"
      echo "server exited before listening" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "server did not report listening within 30 s" >&2
  return 1
}

start_pg() {
  PG_DIR="$(mktemp -d /tmp/argus-pg.XXXXXX)"
  chown postgres:postgres "$PG_DIR"
  PG_PORT="$(free_port)"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >>"$LOG" 2>&1
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >>"$LOG" 2>&1
  PG_PID="$(head -1 "$PG_DIR/data/postmaster.pid")"
}

pg_createdb() {
  runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$1"
}

# ---------------------------------------------------------------- build and machine facts
cd "$ROOT"
log "building Release"
dotnet build -c Release bench/Argus.Bench -nologo -v q 2>&1 | tail -n 3 | tee -a "$LOG"
BENCH="$ROOT/bench/Argus.Bench/bin/Release/net10.0/Argus.Bench"
ARGUS="$ROOT/src/Argus.Cli/bin/Release/net10.0/argus"
SERVER_KIND=bench
if [[ "$SERVER" != bench ]] && compgen -G "$ROOT/src/Argus.Cli/*.cs" >/dev/null &&
  dotnet build -c Release src/Argus.Cli -nologo -v q >>"$LOG" 2>&1 && "$ARGUS" server --help >/dev/null 2>&1; then
  SERVER_KIND=argus
elif [[ "$SERVER" == argus ]]; then
  echo "SERVER=argus but the argus executable does not build or has no 'server' command" >&2
  exit 1
fi
if [[ "$SERVER_KIND" == argus ]]; then
  SERVER_CMD=("$ARGUS" server)
else
  SERVER_CMD=("$BENCH" serve)
fi
log "server process: ${SERVER_CMD[*]}"

{
  machine_facts
  echo "postgresql: $("$PG_BIN/postgres" --version)"
  echo "filesystem_tmp: $(df -T /tmp | awk 'NR==2 {print $2}')"
  echo "server_process: $SERVER_KIND (${SERVER_CMD[*]})"
  echo "git_commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "command: bench/run_tracking.sh (REPS=$REPS BUDGET_S=$BUDGET_S QUIET_WAIT=$QUIET_WAIT)"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" | tee -a "$LOG"

# ---------------------------------------------------------------- 1. SQLite: ceiling and log-batch, interleaved
for rep in $(seq 1 "$REPS"); do
  within_budget "sqlite rep $rep" || break
  log "rep $rep: raw SQLite ceiling"
  bench 120 ceiling-sqlite --db "$WORK/ceiling.db" --variant plain --batches 200 --rep "$rep" --quiet-wait "$QUIET_WAIT"
  bench 120 ceiling-sqlite --db "$WORK/ceiling.db" --variant store-sql --batches 200 --rep "$rep" --quiet-wait "$QUIET_WAIT"
  rm -f "$WORK"/ceiling.db*
  log "rep $rep: log-batch over HTTP, SQLite"
  rm -f "$WORK"/logbatch.db*
  start_server "sqlite:///$WORK/logbatch.db"
  bench 180 logbatch --uri "$SERVER_URL" --label sqlite --clients 4 --batches 200 --max-seconds 60 \
    --server-pids "$SERVER_PID" --rep "$rep" --quiet-wait "$QUIET_WAIT"
  stop_server
  rm -f "$WORK"/logbatch.db*
done

# ---------------------------------------------------------------- 2. run creation, 3. idle RSS (fresh servers)
if within_budget "create-runs sqlite"; then
  log "runs/create, SQLite"
  start_server "sqlite:///$WORK/runs.db"
  bench 90 create-runs --uri "$SERVER_URL" --label sqlite --clients 1 --runs 2000 --max-seconds 20 --server-pids "$SERVER_PID" --quiet-wait "$QUIET_WAIT"
  bench 90 create-runs --uri "$SERVER_URL" --label sqlite --clients 4 --runs 4000 --max-seconds 20 --server-pids "$SERVER_PID" --quiet-wait "$QUIET_WAIT"
  stop_server
fi
if within_budget "idle rss"; then
  log "idle RSS, fresh server"
  start_server "sqlite:///$WORK/rss.db"
  bench 60 idle-rss --uri "$SERVER_URL" --server-pid "$SERVER_PID" --label fresh --wait 5
  stop_server
fi

# ---------------------------------------------------------------- 4. search, 5. history
SEARCH_URI="sqlite:///$WORK/search.db"
if within_budget "populate"; then
  log "populating 100,000 + 5,000 runs"
  bench 180 populate --store-uri "$SEARCH_URI" --experiments search-100k:100000,search-5k:5000 --api-runs 500 | tee "$WORK/populate.txt"
  EXP100K=$(awk -F'\t' '$1 == "experiment" && $2 == "search-100k" {print $3}' "$WORK/populate.txt")
  MATCH100K=$(awk -F'\t' '$1 == "experiment" && $2 == "search-100k" {print $4}' "$WORK/populate.txt")
  EXP5K=$(awk -F'\t' '$1 == "experiment" && $2 == "search-5k" {print $3}' "$WORK/populate.txt")
  MATCH5K=$(awk -F'\t' '$1 == "experiment" && $2 == "search-5k" {print $4}' "$WORK/populate.txt")

  start_server "$SEARCH_URI"
  search() { # LABEL EXPERIMENT EXPECT MAX [filter/order options...]
    local label=$1 experiment=$2 expect=$3 max=$4
    shift 4
    within_budget "search $label" || return 0
    log "runs/search $label"
    bench 240 search --uri "$SERVER_URL" --experiment-id "$experiment" --max-results "$max" --expect "$expect" \
      --label "$label" --warmup 50 --requests 200 --max-seconds 90 --server-pids "$SERVER_PID" --quiet-wait "$QUIET_WAIT" "$@"
  }
  FILTER=(--filter "metrics.rmse < 1" --order-by "metrics.rmse ASC")
  search 100k.filter_order.max100 "$EXP100K" "$MATCH100K" 100 "${FILTER[@]}"
  search 100k.filter_order.max1000 "$EXP100K" "$MATCH100K" 1000 "${FILTER[@]}"
  search 5k.filter_order.max1000 "$EXP5K" "$MATCH5K" 1000 "${FILTER[@]}"
  # Informational variants (which part of the query costs what): fewer requests, to stay within the budget.
  LIGHT=(--warmup 10 --requests 50)
  search 100k.nofilter.max100 "$EXP100K" 100000 100 "${LIGHT[@]}"
  search 100k.filter_only.max100 "$EXP100K" "$MATCH100K" 100 --filter "metrics.rmse < 1" "${LIGHT[@]}"
  search 100k.order_only.max100 "$EXP100K" 100000 100 --order-by "metrics.rmse ASC" "${LIGHT[@]}"

  if within_budget "history"; then
    log "metrics/get-history"
    bench 240 history --uri "$SERVER_URL" --steps 100000,40000 --warmup 5 --requests 30 --max-seconds 60 \
      --server-pids "$SERVER_PID" --quiet-wait "$QUIET_WAIT" | tee "$WORK/history.txt"
  fi
  if within_budget "rss after reads"; then
    bench 60 idle-rss --uri "$SERVER_URL" --server-pid "$SERVER_PID" --label after_reads --wait 5
  fi
  stop_server
fi

# ---------------------------------------------------------------- 6. PostgreSQL
if within_budget "postgresql"; then
  log "starting a throwaway PostgreSQL cluster"
  start_pg
  for rep in $(seq 1 "$REPS"); do
    within_budget "postgres rep $rep" || break
    log "rep $rep: log-batch over HTTP, PostgreSQL"
    pg_createdb "bench_$rep"
    start_server "postgresql://postgres@127.0.0.1:$PG_PORT/bench_$rep"
    bench 180 logbatch --uri "$SERVER_URL" --label postgres --clients 4 --batches 200 --max-seconds 60 \
      --server-pids "$SERVER_PID,$PG_PID" --rep "$rep" --quiet-wait "$QUIET_WAIT"
    stop_server
  done
  if within_budget "create-runs postgres"; then
    pg_createdb bench_runs
    start_server "postgresql://postgres@127.0.0.1:$PG_PORT/bench_runs"
    bench 90 create-runs --uri "$SERVER_URL" --label postgres --clients 4 --runs 4000 --max-seconds 20 \
      --server-pids "$SERVER_PID,$PG_PID" --quiet-wait "$QUIET_WAIT"
    stop_server
  fi
  if within_budget "profile-logbatch postgres"; then
    log "in-process store, PostgreSQL"
    pg_createdb bench_profile
    bench 120 profile-logbatch --store-uri "postgresql://postgres@127.0.0.1:$PG_PORT/bench_profile" --label postgres \
      --clients 1,4 --batches 100 --server-pids "$PG_PID"
  fi
  stop_pg
fi

# ---------------------------------------------------------------- 7. in-process breakdowns (no server running)
# 30 warm-up calls each, so the timed calls run tiered-up (optimized) JIT code, as the server's do after its warm-up.
if within_budget "profile-logbatch sqlite"; then
  log "in-process store and JSON, SQLite"
  bench 120 profile-logbatch --store-uri "sqlite:///$WORK/profile.db" --label sqlite --clients 1,4 --batches 100
fi
if [[ -n "${EXP100K:-}" ]]; then
  profile_search() { # LABEL EXPERIMENT MAX [filter/order options...]
    local label=$1 experiment=$2 max=$3
    shift 3
    within_budget "profile-search $label" || return 0
    bench 120 profile-search --store-uri "$SEARCH_URI" --experiment-id "$experiment" --max-results "$max" \
      --label "$label" --warmup 30 --iterations 20 "$@"
  }
  profile_search 100k.filter_order.max100 "$EXP100K" 100 "${FILTER[@]}"
  profile_search 100k.filter_order.max1000 "$EXP100K" 1000 "${FILTER[@]}"
  profile_search 5k.filter_order.max1000 "$EXP5K" 1000 "${FILTER[@]}"
  profile_search 100k.filter_only.max100 "$EXP100K" 100 --filter "metrics.rmse < 1"
  if [[ -f "$WORK/history.txt" ]]; then
    for steps in 100000 40000; do
      run_id=$(awk -F'\t' -v s="$steps" '$1 == "history-run" && $2 == s {print $3}' "$WORK/history.txt")
      within_budget "profile-history $steps" || break
      bench 120 profile-history --store-uri "$SEARCH_URI" --run-id "$run_id" --label "$steps" --warmup 30 --iterations 20
    done
  fi
fi

# ---------------------------------------------------------------- summary
"$BENCH" summarize --raw "$RAW" | tee "$RESULTS/tracking_summary.md"
log "done in $((SECONDS - START_S))s; raw results in $RAW"
