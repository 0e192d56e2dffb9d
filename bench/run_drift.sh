#!/usr/bin/env bash
# Drift benchmark (issue 5): Argus beside shared/bench/peers/drift (numpy/SciPy doing what Evidently computes, on data
# already in memory) on the same generated data, in one run.
#   1. bench/drift_data.py data: the peer's own generate() (seed 42) written as ref_N.csv / cur_N.csv (22 columns:
#      10 float, 10 categorical labels, 2 binary), kept in $DATA between runs.
#   2. The peer: drift_peer.py --n N --reps REPS under /usr/bin/time -v (its median compute time, peak RSS), from a
#      copy of the peers' folder; then csv_peer.py (pandas.read_csv of the 1M-row reference) for the reading time.
#   3. Argus: Argus.Bench drift on the two CSVs under /usr/bin/time -v: reading both files and computing the same
#      scores, timed apart, median of REPS; peak RSS of the whole process (reading included).
#   4. bench/drift_data.py compare: the largest difference between the peer's scores and Argus's, per score kind.
# Results in bench/results/drift_raw.tsv, drift_scores_N.txt, drift_log.txt, drift_machine.txt.
# Environment: SIZES ("10000 100000 1000000"), REPS (3), DATA (/tmp/argus-drift-data).
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
PEERS_SRC="$(cd "$ROOT/../shared/bench/peers" && pwd)"
PYTHON=/usr/bin/python3
SIZES="${SIZES:-10000 100000 1000000}"
REPS="${REPS:-3}"
DATA="${DATA:-/tmp/argus-drift-data}"
RAW="$RESULTS/drift_raw.tsv"
LOG="$RESULTS/drift_log.txt"
mkdir -p "$RESULTS" "$DATA"
: >"$LOG"
WORK="$(mktemp -d /tmp/argus-drift-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
log() { echo "[$SECONDS s] $*" | tee -a "$LOG"; }
machine_facts >"$RESULTS/drift_machine.txt"
echo "command: bench/run_drift.sh (SIZES=\"$SIZES\" REPS=$REPS DATA=$DATA)" >>"$RESULTS/drift_machine.txt"
for pkg in python3-pandas python3-scipy; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { log "installing $pkg"; apt-get install -y -qq "$pkg" >/dev/null; }
done

log "building Argus.Bench (Release)"
dotnet build -c Release "$ROOT/bench/Argus.Bench" -nologo -v q 2>&1 | tail -n 1 | tee -a "$LOG"
cp -r "$PEERS_SRC" "$WORK/peers"
BENCH="$ROOT/bench/Argus.Bench/bin/Release/net10.0/Argus.Bench"
printf 'n\tside\tcompute_s\tread_s\tpeak_rss_mib\tdetail\n' >"$RAW"
for n in $SIZES; do
  log "n=$n: data"
  "$PYTHON" "$ROOT/bench/drift_data.py" data --peers "$WORK/peers" --n "$n" --out "$DATA"
  log "n=$n: peer (drift_peer.py --reps $REPS)"
  /usr/bin/time -v "$PYTHON" "$WORK/peers/drift/drift_peer.py" --n "$n" --reps "$REPS" --no-ks >"$WORK/peer.out" 2>"$WORK/peer.time"
  peer_rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2 / 1024}' "$WORK/peer.time")
  peer_s=$(grep '^RESULT' "$WORK/peer.out" | sed 's/^RESULT //' | "$PYTHON" -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["median"]["total_s"])')
  tail -n 1 "$WORK/peer.out" >"$WORK/peer_scores.json"
  printf '%s\tpeer\t%s\t\t%s\t%s\n' "$n" "$peer_s" "$peer_rss" "$(grep '^RESULT' "$WORK/peer.out" | cut -c1-300)" | tee -a "$RAW" "$LOG" >/dev/null
  log "n=$n: argus (Argus.Bench drift --reps $REPS)"
  /usr/bin/time -v "$BENCH" drift --reference "$DATA/ref_$n.csv" --current "$DATA/cur_$n.csv" --out "$WORK/argus_scores.json" --reps "$REPS" \
    >"$WORK/argus.out" 2>"$WORK/argus.time"
  argus_rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2 / 1024}' "$WORK/argus.time")
  line=$(grep '^RESULT' "$WORK/argus.out")
  compute=$(echo "$line" | sed -n 's/.*compute_s=\([0-9.]*\).*/\1/p')
  read_s=$(echo "$line" | sed -n 's/.*read_s=\([0-9.]*\).*/\1/p')
  printf '%s\targus\t%s\t%s\t%s\t%s\n' "$n" "$compute" "$read_s" "$argus_rss" "$line" | tee -a "$RAW" "$LOG" >/dev/null
  "$PYTHON" "$ROOT/bench/drift_data.py" compare --peer "$WORK/peer_scores.json" --argus "$WORK/argus_scores.json" | tee "$RESULTS/drift_scores_$n.txt" | tee -a "$LOG"
  log "n=$n: peer ${peer_s}s / ${peer_rss} MiB; argus compute ${compute}s + read ${read_s}s / ${argus_rss} MiB"
done
if [[ " $SIZES " == *" 1000000 "* ]]; then
  log "pandas.read_csv of the 1M-row reference (the peer's csv_peer.py)"
  mkdir -p "$WORK/peers/drift/data"
  ln -sf "$DATA/ref_1000000.csv" "$WORK/peers/drift/data/ref_1000000.csv"
  "$PYTHON" "$WORK/peers/drift/csv_peer.py" --n 1000000 --reps "$REPS" | tee -a "$LOG" | grep '^RESULT' >"$RESULTS/drift_read_csv.txt" || true
fi
log "done; raw results in $RAW"
