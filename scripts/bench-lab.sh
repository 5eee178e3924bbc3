#!/usr/bin/env bash
# Local mode benchmark: how long the supervisor takes to bring a killed replica back (MTTR as the
# supervisor sees it: process death -> /health ready), against a reference measured in the same run:
# a cold start of the same API build by hand (start -> /health ready). Ratio ~1 means the supervisor
# adds little beyond the API's own start time. Also prints the time `up` takes to a ready stack.
# Noisy on a shared 2-core machine: compare ratios, not absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS="${KILLS:-4}"
# Kills further apart than RestartPolicy.StableAfter (10 s), so each is a first crash (no backoff).
GAP="${GAP:-11}"
OFFSET="${OFFSET:-31000}"
STATE="$(mktemp -d /tmp/bench-lab-state.XXXXXX)"
LAB="MonitoringStack.Lab/bin/Release/net10.0/MonitoringStack.Lab.dll"
API="MonitoringStack.Api/bin/Release/net10.0/MonitoringStack.Api.dll"

dotnet build MonitoringStack.Lab/MonitoringStack.Lab.csproj -c Release -nologo -v q >/dev/null
dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -nologo -v q >/dev/null

wait_ready() { # url timeout_s
  local deadline=$(( $(date +%s) + $2 ))
  until curl -fs -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}

# Reference: cold starts of the API by hand.
ref_port=$((5101 + OFFSET + 50))
ref_ms=()
for _ in $(seq 1 "$KILLS"); do
  start=$(date +%s%N)
  Service__InstanceId=bench dotnet "$API" --urls "http://127.0.0.1:$ref_port" >/dev/null 2>&1 &
  pid=$!
  wait_ready "http://127.0.0.1:$ref_port/health" 30
  ref_ms+=($(( ($(date +%s%N) - start) / 1000000 )))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

# The stack.
up_start=$(date +%s%N)
dotnet "$LAB" --state-dir "$STATE" --port-offset "$OFFSET" up --no-build --no-grafana >"$STATE/up.out" 2>&1 &
lab=$!
trap 'dotnet "$LAB" --state-dir "$STATE" down >/dev/null 2>&1 || kill $lab 2>/dev/null; rm -rf "$STATE"' EXIT
until grep -q "stack ready" "$STATE/up.out"; do
  kill -0 $lab 2>/dev/null || { cat "$STATE/up.out"; exit 1; }
  sleep 0.1
done
up_ms=$(( ($(date +%s%N) - up_start) / 1000000 ))

for _ in $(seq 1 "$KILLS"); do
  dotnet "$LAB" --state-dir "$STATE" --port-offset "$OFFSET" fault kill api-1 >/dev/null
  sleep "$GAP"
done
run_dir=$(ls -d "$STATE"/runs/* | tail -1)
dotnet "$LAB" --state-dir "$STATE" down >/dev/null

python3 - "$run_dir/restarts.jsonl" "${ref_ms[*]}" "$up_ms" <<'PY'
import json, sys, statistics, datetime
def ts(s):
    head, _, frac = s.replace("Z", "+00:00").partition(".")
    digits = "".join(c for c in frac if c.isdigit())
    zone = frac[len(digits):]
    return datetime.datetime.fromisoformat(f"{head}.{digits[:6].ljust(6, '0')}{zone}")
rows = [json.loads(l) for l in open(sys.argv[1])]
mttr = [(ts(r["readyAt"]) - ts(r["exitedAt"])).total_seconds() * 1000 for r in rows if r.get("readyAt")]
def span(t):
    h, m, s = t.split(":")
    return (int(h) * 3600 + int(m) * 60 + float(s)) * 1000
delay = [span(r["delay"]) for r in rows if r.get("readyAt")]
ref = [float(x) for x in sys.argv[2].split()]
print(f"kills recorded: {len(mttr)}")
print(f"supervisor MTTR (exit -> /health ready), median ms: {statistics.median(mttr):.0f}  (all: {', '.join(f'{m:.0f}' for m in mttr)})")
print(f"  of which restart delay (policy), ms:                {', '.join(f'{d:.0f}' for d in delay)}")
print(f"reference cold start by hand, median ms:            {statistics.median(ref):.0f}  (all: {', '.join(f'{m:.0f}' for m in ref)})")
print(f"ratio MTTR / cold start: {statistics.median(mttr) / statistics.median(ref):.2f}")
print(f"up to a ready stack (2 replicas, nginx, prometheus, alertmanager, exporters), ms: {sys.argv[3]}")
PY
