#!/usr/bin/env bash
# The project's test command (README "Quick start"; .ci/run calls exactly this).
# Installs missing host tools, builds with warnings as errors, runs every test.
# MonitoringStack.AppHost and its Aspire tests need Aspire packages from nuget.org: when the configured
# NuGet sources cannot restore them, everything else is built and tested and one SKIPPED line says why.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

configuration="${CONFIGURATION:-Release}"
target=MonitoringStack.sln
aspire=(-p:WithAspire=true)

set +e
reason=$(scripts/aspire-probe.sh)
probe=$?
set -e
if [ $probe -eq 2 ]; then
  echo "MonitoringStack.AppHost failed to restore for a reason other than missing Aspire packages (see above)" >&2
  exit 1
fi
if [ $probe -ne 0 ]; then
  # A solution filter of every project in the solution but the AppHost, generated so that it never
  # drifts from MonitoringStack.sln (artifacts/ is git-ignored).
  mkdir -p artifacts
  target=artifacts/MonitoringStack.Local.slnf
  {
    echo '{ "solution": { "path": "../MonitoringStack.sln", "projects": ['
    grep -E '^Project\(' MonitoringStack.sln | grep -oE '"[^"]+\.csproj"' | grep -v 'MonitoringStack.AppHost' \
      | sed 's#\\#\\\\#g' | paste -sd, -
    echo '] } }'
  } > "$target"
  aspire=()
  echo "SKIPPED: MonitoringStack.AppHost and its Aspire tests — Aspire packages not restorable from configured NuGet sources ($reason)"
fi

dotnet build "$target" -c "$configuration" -warnaserror "${aspire[@]}"
dotnet test "$target" -c "$configuration" --no-build "${aspire[@]}" \
  --logger "console;verbosity=normal" --blame-hang-timeout 5m
