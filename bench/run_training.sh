#!/usr/bin/env bash
# XGBoost training benchmark: Argus.XGBoost beside the Python training peer
# (shared/bench/peers/training/train_peer.py, python xgboost 1.7.4 on the same libxgboost), in one run:
#   1. bench/training_data.py writes the peer's own make_data arrays as raw float32 files, plus the
#      predictions of a Python model trained with the peer's PARAMS (untimed reference);
#   2. `Argus.Bench training` times DMatrix build, 100 hist rounds and 1M-row batch prediction through
#      Argus (medians of REPS), checks its predictions against Python's, then runs the peer as a child
#      process with the same sizes and reps, and writes the comparison table.
# Every timed phase first waits (at most QUIET_WAIT s) for other processes to use < 10 % of a core; a rep
# during which they used >= 25 % of a core (plus steal) is marked * and left out of the medians.
# Raw results: bench/results/training_raw.tsv; log: training_log.txt; table: training_summary.md;
# machine facts: training_machine.txt.
#
# Environment: REPS (3); ROWS ("100000 1000000"); QUIET_WAIT (20); BUDGET_S (600, the whole
# measurement is killed after it);
#   OMP_RELEASE (no): yes lets go of libgomp's workers on the calling thread after every Argus train and
#     predict, as XGBoostTrainer would if it did so itself (see XGBoostLibrary.ReleaseOpenMpThreads); its
#     files are training_omp_release_* instead of training_*;
#   EXPERIMENT (unset): omp-threads runs the caller-thread experiment (Argus.Bench's TrainingThreadsExperiment)
#     on the first ROWS size instead of the comparison, into training_omp_threads.md and training_omp_threads_*.
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
REPS="${REPS:-3}"
ROWS="${ROWS:-100000 1000000}"
QUIET_WAIT="${QUIET_WAIT:-20}"
BUDGET_S="${BUDGET_S:-600}"
OMP_RELEASE="${OMP_RELEASE:-no}"
EXPERIMENT="${EXPERIMENT:-}"
PYTHON=/usr/bin/python3 # the system python with python3-xgboost 1.7.4, as the peer expects; not pyenv's
PEER="$ROOT/../shared/bench/peers/training/train_peer.py"
NAME=training # the variants below leave the plain comparison's files alone
[[ "$OMP_RELEASE" == yes ]] && NAME=training_omp_release
[[ "$EXPERIMENT" == omp-threads ]] && NAME=training_omp_threads
RAW="$RESULTS/${NAME}_raw.tsv"
LOG="$RESULTS/${NAME}_log.txt"
MACHINE="$RESULTS/${NAME}_machine.txt"
START_S=$SECONDS

mkdir -p "$RESULTS"
rm -f "$RAW"
: >"$LOG"
WORK="$(mktemp -d /tmp/argus-train-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

log() { echo "[$((SECONDS - START_S))s] $*" | tee -a "$LOG"; }

cd "$ROOT"
[[ -f "$PEER" ]] || { echo "training peer not found at $PEER" >&2; exit 1; }
log "building Release"
dotnet build -c Release bench/Argus.Bench -nologo -v q 2>&1 | tail -n 3 | tee -a "$LOG"
BENCH="$ROOT/bench/Argus.Bench/bin/Release/net10.0/Argus.Bench"

{
  machine_facts
  echo "python: $("$PYTHON" --version 2>&1); xgboost $("$PYTHON" -c 'import xgboost; print(xgboost.__version__)'); numpy $("$PYTHON" -c 'import numpy; print(numpy.__version__)')"
  echo "libxgboost: $(dpkg-query -W -f '${Package} ${Version}' libxgboost0 2>/dev/null || echo unknown)"
  echo "git_commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "command: bench/run_training.sh (REPS=$REPS ROWS=\"$ROWS\" QUIET_WAIT=$QUIET_WAIT BUDGET_S=$BUDGET_S OMP_RELEASE=$OMP_RELEASE EXPERIMENT=$EXPERIMENT)"
} >"$MACHINE"
tee -a "$LOG" <"$MACHINE"

# shellcheck disable=SC2086 # ROWS is a list of sizes
log "writing the peer's data and Python reference predictions (untimed)"
left=$((BUDGET_S - (SECONDS - START_S)))
timeout --signal=TERM --kill-after=10 "$left" "$PYTHON" bench/training_data.py --peer "$PEER" --out "$WORK" --rows $ROWS 2>&1 | tee -a "$LOG"

if [[ "$EXPERIMENT" == omp-threads ]]; then
  log "caller-thread experiment: Argus three ways, then the Python peer ($REPS reps each)"
  left=$((BUDGET_S - (SECONDS - START_S)))
  # shellcheck disable=SC2086
  timeout --signal=TERM --kill-after=10 "$left" "$BENCH" training --experiment omp-threads --data-dir "$WORK" --rows $ROWS \
    --reps "$REPS" --peer "$PEER" --python "$PYTHON" --quiet-wait "$QUIET_WAIT" --peer-max-seconds "$left" \
    --md "$RESULTS/training_omp_threads.md" --out "$RAW" 2>&1 | tee -a "$LOG"
  log "done in $((SECONDS - START_S))s"
  exit 0
fi

log "timing Argus, then the Python peer ($REPS reps each, OMP_RELEASE=$OMP_RELEASE)"
left=$((BUDGET_S - (SECONDS - START_S)))
# shellcheck disable=SC2086
timeout --signal=TERM --kill-after=10 "$left" "$BENCH" training --data-dir "$WORK" --rows $ROWS --reps "$REPS" \
  --peer "$PEER" --python "$PYTHON" --quiet-wait "$QUIET_WAIT" --peer-max-seconds "$left" --omp-release "$OMP_RELEASE" \
  --md "$RESULTS/${NAME}_summary.md" --out "$RAW" 2>&1 | tee -a "$LOG"

log "done in $((SECONDS - START_S))s; raw results in $RAW"
echo
cat "$RESULTS/${NAME}_summary.md"
