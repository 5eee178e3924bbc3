#!/usr/bin/env bash
# The project's test command (README "Quick start"; .ci/run calls exactly this).
# Installs missing host tools, builds everything (the Aspire AppHost included) with warnings as
# errors, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

configuration="${CONFIGURATION:-Release}"
dotnet build MonitoringStack.sln -c "$configuration" -warnaserror
dotnet test MonitoringStack.sln -c "$configuration" --no-build \
  --logger "console;verbosity=normal" --blame-hang-timeout 5m
