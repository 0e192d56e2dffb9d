#!/usr/bin/env bash
# The long fuzz run (docs/hardening.md): every test with the Fuzz trait, each with ITERATIONS iterations instead of its
# CI count, from SEED (default: each test's own fixed seed). Each test prints "fuzz seed S: N inputs, …"; a failure
# prints the seed, the iteration and the input.
#   scripts/fuzz.sh [ITERATIONS] [SEED]        e.g. scripts/fuzz.sh 20000 7
set -euo pipefail
cd "$(dirname "$0")/.."
export ARGUS_FUZZ_ITERATIONS="${1:-${ARGUS_FUZZ_ITERATIONS:-20000}}"
if [ -n "${2:-}" ]; then
  export ARGUS_FUZZ_SEED="$2"
fi
dotnet build Argus.slnx -c Release -nologo -v q -clp:ErrorsOnly
dotnet test tests/Argus.Tests -c Release --no-build -nologo --filter "Category=Fuzz" \
  --logger "console;verbosity=detailed" --blame-hang-timeout 30m
