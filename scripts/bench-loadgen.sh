#!/usr/bin/env bash
# Load generator benchmarks (docs/benchmarks.md, "## Load generator"). Each number is measured
# against a reference in the same run, on the same machine, against the same real API process:
#   1. maximum throughput against GET /: LoadGen closed model (32 users) ÷ wrk -t1 -c32  (target ≥ 0.8)
#   2. rate accuracy: LoadGen open model at 2,000 RPS, as counted by the API's own metrics (target ±1 %)
#   3. memory: RSS of the long-running worker under sustained load, sampled every 10 s (bounded)
#
# Usage: scripts/bench-loadgen.sh [--memory-minutes N (default 2; the issue asks for 10)]
#          [--throughput-seconds S (10)] [--rounds R (2)] [--accuracy-seconds S (30)] [--accuracy-rate R (2000)]
set -euo pipefail
cd "$(dirname "$0")/.."

memory_minutes=2 throughput_seconds=10 rounds=2 accuracy_seconds=30 accuracy_rate=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --memory-minutes) memory_minutes="$2"; shift 2 ;;
    --throughput-seconds) throughput_seconds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --accuracy-seconds) accuracy_seconds="$2"; shift 2 ;;
    --accuracy-rate) accuracy_rate="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in wrk jq curl dotnet; do command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-prerequisites.sh)" >&2; exit 2; }; done

echo "building (Release)..." >&2
dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -v q -nologo >/dev/null
dotnet build MonitoringStack.LoadGen/MonitoringStack.LoadGen.csproj -c Release -v q -nologo >/dev/null
api_dll=MonitoringStack.Api/bin/Release/net10.0/MonitoringStack.Api.dll
loadgen_dll=MonitoringStack.LoadGen/bin/Release/net10.0/MonitoringStack.LoadGen.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

wait_ready() { for _ in $(seq 1 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "not ready: $1" >&2; exit 1; }
# The API's own count of answered GET / requests (its server-side histogram).
server_count() { curl -s "$1/metrics" | awk '/^http_server_request_duration_seconds_count\{/ && /http_route="\/"/ { s += $NF } END { printf "%d\n", s }'; }

api_port=$(free_port); api="http://127.0.0.1:$api_port"
Logging__LogLevel__Default=Warning dotnet "$api_dll" --urls "$api" >"$work/api.log" 2>&1 & pids+=($!)
wait_ready "$api/alive"

echo "## Load generator — $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg) (shared with other jobs: expect noise)."
echo "Target: the real MonitoringStack.Api (Release, telemetry on) on 127.0.0.1, GET /."
echo

# --- 1. maximum throughput: LoadGen vs wrk, interleaved so drift hits both alike -------------------
wrk -t1 -c32 -d3s "$api/" >/dev/null   # warm-up (JIT, connections)
dotnet "$loadgen_dll" run --target "$api" --vus 32 --duration 3s --quiet >/dev/null
wrk_sum=0 lg_sum=0
echo "### Maximum throughput against GET / (${throughput_seconds} s per run, ${rounds} rounds, 32 connections)"
echo
echo "| round | wrk -t1 -c32 (req/s) | loadgen run --vus 32 (req/s) | ratio |"
echo "|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  wrk_rps=$(wrk -t1 -c32 -d"${throughput_seconds}s" "$api/" | awk '/Requests\/sec/ { print $2 }')
  dotnet "$loadgen_dll" run --target "$api" --vus 32 --connections 32 --duration "${throughput_seconds}s" --quiet --out "$work/max.json" >/dev/null
  lg_rps=$(jq '.total.throughput' "$work/max.json")
  echo "| $round | $(printf '%.0f' "$wrk_rps") | $(printf '%.0f' "$lg_rps") | $(jq -n "$lg_rps / $wrk_rps * 100 | round / 100") |"
  wrk_sum=$(jq -n "$wrk_sum + $wrk_rps"); lg_sum=$(jq -n "$lg_sum + $lg_rps")
done
ratio=$(jq -n "$lg_sum / $wrk_sum * 1000 | round / 1000")
echo
echo "**Throughput ratio LoadGen ÷ wrk: $ratio** (target ≥ 0.8)."
echo

# --- 2. rate accuracy at a fixed arrival rate, counted by the server --------------------------------
before=$(server_count "$api")
dotnet "$loadgen_dll" run --target "$api" --rate "$accuracy_rate" --duration "${accuracy_seconds}s" --quiet --out "$work/rate.json" >/dev/null
after=$(server_count "$api")
received=$((after - before))
expected=$(jq -n "$accuracy_rate * $accuracy_seconds")
echo "### Rate accuracy: ${accuracy_rate} RPS for ${accuracy_seconds} s (open model)"
echo
echo "| measure | value | error vs target |"
echo "|---|---|---|"
echo "| requests the API counted | $received (expected $expected) | $(jq -n "($received / $expected - 1) * 10000 | round / 100") % |"
sent=$(jq '.total.sent' "$work/rate.json")
echo "| requests LoadGen sent | $sent | $(jq -n "($sent / $expected - 1) * 10000 | round / 100") % |"
jq -r --argjson rate "$accuracy_rate" --argjson secs "$accuracy_seconds" '
  [.timeline[] | select(.second < $secs) | .sent] as $s
  | "| per-second sent, min / max | \($s | min) / \($s | max) | \((($s | min) / $rate - 1) * 10000 | round / 100) % / +\((($s | max) / $rate - 1) * 10000 | round / 100) % |",
    "| latency p50 / p99 / p99.9 / max (ms, from intended send time) | \(.total.latency.p50Ms) / \(.total.latency.p99Ms) / \(.total.latency.p999Ms) / \(.total.latency.maxMs) | |",
    "| errors / dropped | \(.total.errors.total) / \(.total.dropped) | |"' "$work/rate.json"
echo

# --- 3. memory of the worker under sustained load -------------------------------------------------
metrics_port=$(free_port)
dotnet "$loadgen_dll" worker --target "$api" --rate 1000 --LoadGen:Path=/ --urls "http://127.0.0.1:$metrics_port" \
  --Logging:LogLevel:Default=Warning >"$work/worker.log" 2>&1 & worker_pid=$!; pids+=($worker_pid)
wait_ready "http://127.0.0.1:$metrics_port/alive"
samples=$((memory_minutes * 6))
rss=()
for _ in $(seq 1 "$samples"); do
  sleep 10
  curl -s "http://127.0.0.1:$metrics_port/metrics" >/dev/null   # scrapes are part of the worker's life
  rss+=("$(($(ps -o rss= -p "$worker_pid") / 1024))")
done
sent=$(curl -s "http://127.0.0.1:$metrics_port/status" | jq '.progress.sent')
echo "### Memory: worker at 1,000 RPS for ${memory_minutes} min (RSS every 10 s, MiB)"
echo
echo "RSS samples: ${rss[*]}"
echo
echo "| after 1 min | at end | max | requests sent |"
echo "|---|---|---|---|"
echo "| ${rss[5]:-${rss[-1]}} | ${rss[-1]} | $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) | $sent |"
echo
echo "Reproduce: \`scripts/bench-loadgen.sh --memory-minutes $memory_minutes --throughput-seconds $throughput_seconds --rounds $rounds --accuracy-seconds $accuracy_seconds --accuracy-rate $accuracy_rate\`"
