#!/usr/bin/env bash
# Can this machine build the Aspire AppHost? Restores MonitoringStack.AppHost (its SDK, Aspire.Hosting.*
# packages, dashboard and DCP) from the configured NuGet sources, with a time limit.
# Exit 0: restorable. Exit 1: prints the reason (the first Aspire-related NuGet/SDK error) on stdout.
# Exit 2: the restore failed for a reason that is NOT a missing Aspire package (a real error to show).
set -uo pipefail
cd "$(dirname "$0")/.."

limit="${ASPIRE_PROBE_TIMEOUT:-180}"
output=$(timeout "$limit" dotnet restore MonitoringStack.AppHost/MonitoringStack.AppHost.csproj -nologo 2>&1)
status=$?
if [ $status -eq 0 ]; then
  exit 0
fi
if [ $status -eq 124 ]; then
  echo "restore of MonitoringStack.AppHost did not finish within ${limit}s"
  exit 1
fi
# MSB4236: the project SDK (Aspire.AppHost.Sdk) cannot be resolved; NU1101/NU1102: a package or version is missing.
reason=$(grep -m1 -E "(MSB4236|NU1101|NU1102|NU1103).*Aspire|Aspire.*(could not be found|Unable to find package)" <<<"$output" \
  | sed -E 's#^[^:]*\.csproj[^:]*: ##; s#^ *##; s# *\[[^]]*\]$##')
if [ -n "$reason" ]; then
  echo "$reason"
  exit 1
fi
echo "$output" >&2
exit 2
