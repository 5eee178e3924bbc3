#!/usr/bin/env bash
# Records the target simulator's fixture (MonitoringStack.TargetSimulator/Fixtures/api-exposition.txt):
# the /metrics of one real Release API replica after the experiments' request mix, so every series a
# replica exposes in the experiments (every route x status code, the runtime and process metrics) is in
# it. Re-run it when the API's metrics change; the simulator reads the file as it is.
#
# The mix: the browse/sustained profiles' routes (/, /data?page=, /data/{id}, POST /process), invalid
# orders (400), unknown paths (404 without a route) and a burst of orders beyond the replica's work
# slots (503, load shedding), plus the /health and /metrics calls the stack makes.
#
# Usage: scripts/record-exposition.sh   (env: PORT=40000+free, OUT=the fixture path)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-MonitoringStack.TargetSimulator/Fixtures/api-exposition.txt}"
for tool in dotnet hey curl; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (scripts/install-prerequisites.sh installs it)" >&2; exit 1; }
done

free_port() {
  local port
  for port in $(seq 40000 40999); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port in 40000-40999" >&2; exit 1
}
PORT="${PORT:-$(free_port)}"
base="http://127.0.0.1:$PORT"

dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
log="$(mktemp)"
(cd MonitoringStack.Api/bin/Release/net10.0 && ASPNETCORE_URLS="$base" ASPNETCORE_ENVIRONMENT=Production \
  Service__InstanceId=api-0 Service__Name=monitoringstack-api exec dotnet MonitoringStack.Api.dll >"$log" 2>&1) &
api_pid="$!"
trap 'kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; rm -f "$log"' EXIT INT TERM

for _ in $(seq 1 120); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$base/health" >/dev/null || { echo "the API did not answer /health on $base" >&2; cat "$log" >&2; exit 1; }

order='{"category":"books","quantity":2,"unitPrice":12.5}'
invalid='{"category":"no-such-category","quantity":0}'
hey -n 200 -c 4 "$base/" >/dev/null
hey -n 300 -c 4 "$base/data?page=3" >/dev/null
hey -n 400 -c 4 "$base/data/17" >/dev/null
hey -n 100 -c 2 -m POST -T application/json -d "$order" "$base/process" >/dev/null
hey -n 40 -c 2 -m POST -T application/json -d "$invalid" "$base/process" >/dev/null
hey -n 40 -c 2 "$base/no-such-path" >/dev/null
hey -n 120 -c 60 -m POST -T application/json -d "$order" "$base/process" >/dev/null
for _ in $(seq 1 5); do curl -fsS "$base/health" >/dev/null; curl -fsS "$base/alive" >/dev/null || true; curl -fsS "$base/metrics" >/dev/null; done
sleep 2
mkdir -p "$(dirname "$OUT")"
curl -fsS "$base/metrics" >"$OUT"
codes="$(grep -o 'http_response_status_code="[0-9]*"' "$OUT" | sort -u | tr '\n' ' ')"
echo "recorded $(grep -vc '^#' "$OUT") samples from $base into $OUT ($codes)"
