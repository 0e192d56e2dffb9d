#!/usr/bin/env bash
# Sets up what is missing and runs every test. Prints a closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
dotnet build Argus.slnx -c Release -nologo -v q -clp:ErrorsOnly || exit 1
log=$(mktemp)
dotnet test tests/Argus.Tests -c Release --no-build -nologo \
  --logger "console;verbosity=minimal" --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -1)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
rm -f "$log"
if [ -z "$passed" ]; then
  echo "tests: no test summary found (exit $status)"
  exit $(( status == 0 ? 1 : status ))
fi
echo "tests: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
