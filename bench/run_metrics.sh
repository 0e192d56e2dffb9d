#!/usr/bin/env bash
# /metrics render benchmark (issue 6): Argus's exporter beside Python's prometheus_client on the same series, one run.
#   Argus: Argus.Bench metrics-render (MetricsCollector over one meter; 1k and 10k series; both formats).
#   Peer:  bench/metrics_peer.py (prometheus_client's generate_latest, text and OpenMetrics, the same series shapes).
# Results in bench/results/metrics_raw.txt and metrics_machine.txt. Environment: SERIES ("1000,10000"), RENDERS (50).
set -euo pipefail
source "$(dirname "$0")/machine_facts.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="$ROOT/bench/results"
SERIES="${SERIES:-1000,10000}"
RENDERS="${RENDERS:-50}"
mkdir -p "$RESULTS"
dpkg -s python3-prometheus-client >/dev/null 2>&1 || apt-get install -y -qq python3-prometheus-client >/dev/null
machine_facts >"$RESULTS/metrics_machine.txt"
echo "command: bench/run_metrics.sh (SERIES=$SERIES RENDERS=$RENDERS)" >>"$RESULTS/metrics_machine.txt"
dotnet build -c Release "$ROOT/bench/Argus.Bench" -nologo -v q 2>&1 | tail -n 1
{
  dotnet "$ROOT/bench/Argus.Bench/bin/Release/net10.0/Argus.Bench.dll" metrics-render --series "$SERIES" --renders "$RENDERS"
  /usr/bin/python3 "$ROOT/bench/metrics_peer.py" --series "$SERIES" --renders "$RENDERS"
} | tee "$RESULTS/metrics_raw.txt"
