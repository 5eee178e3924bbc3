#!/usr/bin/env bash
# The project's test command (README "Quick start"; .ci/run calls exactly this).
# Installs missing host tools, builds everything (the Aspire AppHost included) with warnings as
# errors, packs MonitoringStack.Hosting, and runs every test. The whole console goes to artifacts/test-results/console.log too;
# when a test fails, its name and message are printed again last, where a CI log's tail shows them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

configuration="${CONFIGURATION:-Release}"
results=artifacts/test-results
mkdir -p "$results"

dotnet build MonitoringStack.sln -c "$configuration" -warnaserror

# The hosting integration is a NuGet package: it must pack (README, metadata) from the build just made.
dotnet pack MonitoringStack.Hosting -c "$configuration" --no-build -o artifacts/packages

status=0
dotnet test MonitoringStack.sln -c "$configuration" --no-build \
  --logger "console;verbosity=normal" --blame-hang-timeout 5m 2>&1 | tee "$results/console.log" \
  || status=$?

if [ "$status" -ne 0 ]; then
  echo
  echo "==== failed tests (full output: $results/console.log) ===="
  # vstest prints "  Failed <test> [time]" then "  Error Message:" and "  Stack Trace:"; keep the name
  # and the message, which say what went wrong, and leave the stack to the log.
  awk '/^  Failed /{show=1} /^  Stack Trace:/{show=0} show' "$results/console.log" | head -200
  exit "$status"
fi
