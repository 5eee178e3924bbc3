#!/usr/bin/env bash
# Instrumentation overhead of the API, measured in one run with wrk (docs/benchmarks.md,
# "## Instrumentation overhead (API)").
#
#  1. Release build of MonitoringStack.Api.
#  2. The same build started twice on free loopback ports: Telemetry__Enabled=true (A) and
#     Telemetry__Enabled=false (B). Both are scraped once a second, as Prometheus would.
#  3. For GET /data and GET /: warm-up, then ROUNDS interleaved pairs of wrk -t1 -c32 -d10s
#     (A B, B A, A B, ...); ratio = median over pairs of RPS(A) / RPS(B).
#     Targets: >= 0.95 on /data, >= 0.90 on /.
#  4. Capacity of one instance at default Work settings on POST /process (wrk + scripts/wrk/post-order.lua):
#     completed orders/s and the share of 503s, below the queue limit (-c8) and far above it (-c32).
#
# Usage: scripts/bench-instrumentation.sh     (env: ROUNDS=4 DURATION=10s CONNECTIONS=32 WARMUP=5s)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-4}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-5s}"

for tool in wrk curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (scripts/install-prerequisites.sh installs wrk)" >&2; exit 1; }
done

echo "== Release build"
dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
api_dir="MonitoringStack.Api/bin/Release/net10.0"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

work_dir="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work_dir"
}
trap cleanup EXIT

# start_api NAME TELEMETRY → sets api_port and api_pid (no command substitution: the pid must
# reach the cleanup trap of this shell). The API runs from its own build folder.
start_api() {
  local name="$1" telemetry="$2" port
  port="$(free_port)"
  (cd "$api_dir" && ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Service__InstanceId="bench-$name" Telemetry__Enabled="$telemetry" \
    exec dotnet MonitoringStack.Api.dll >"$work_dir/$name.log" 2>&1) &
  api_pid="$!"
  pids+=("$api_pid")
  for _ in $(seq 1 150); do
    if curl -fs "http://127.0.0.1:$port/alive" >/dev/null 2>&1; then api_port="$port"; return 0; fi
    sleep 0.2
  done
  echo "API $name did not start:" >&2; cat "$work_dir/$name.log" >&2; return 1
}

# A scraper per instance, once a second (the uninstrumented one answers 404: same request load).
scrape_loop() { while true; do curl -s -o /dev/null "http://127.0.0.1:$1/metrics" || true; sleep 1; done; }

start_api on true;  port_on="$api_port";  pid_on="$api_pid"
start_api off false; port_off="$api_port"; pid_off="$api_pid"
scrape_loop "$port_on" & pids+=("$!")
scrape_loop "$port_off" & pids+=("$!")
echo "instrumented (A): 127.0.0.1:$port_on   uninstrumented (B): 127.0.0.1:$port_off"
echo "machine: $(nproc) cores, load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

ticks_per_second="$(getconf CLK_TCK)"
# cpu_ticks PID → user+system CPU time of the process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run_wrk PORT PID PATH → prints "RPS CPU-microseconds-per-request"; fails on any non-2xx answer
# (a broken run must not look fast).
run_wrk() {
  local out before after
  before="$(cpu_ticks "$2")"
  out="$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$1$3")"
  after="$(cpu_ticks "$2")"
  if grep -q 'Non-2xx' <<<"$out"; then echo "non-2xx answers on :$1$3:" >&2; echo "$out" >&2; return 1; fi
  awk -v cpu="$((after - before))" -v hz="$ticks_per_second" '
    /requests in/ {n = $1} /Requests\/sec/ {rps = $2}
    END {printf "%s %.2f\n", rps, cpu / hz * 1e6 / n}' <<<"$out"
}

# measure PATH → median over pairs of RPS(A)/RPS(B) and of CPU-per-request(B)/CPU-per-request(A).
# Runs are interleaved in pairs, alternating the order (A B, B A, A B, ...) so a load change on the
# shared machine hits both sides alike; the median of pair ratios resists the odd disturbed pair.
# CPU per request is the steadier figure on a busy machine: RPS depends on the CPU share the
# process gets, CPU time per request much less so.
measure() {
  local path="$1" a=() b=() i
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port_on$path" >/dev/null
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$port_off$path" >/dev/null
  for i in $(seq 1 "$ROUNDS"); do
    if (( i % 2 )); then
      a+=("$(run_wrk "$port_on" "$pid_on" "$path")"); b+=("$(run_wrk "$port_off" "$pid_off" "$path")")
    else
      b+=("$(run_wrk "$port_off" "$pid_off" "$path")"); a+=("$(run_wrk "$port_on" "$pid_on" "$path")")
    fi
  done
  python3 - "$path" "$(IFS=,; echo "${a[*]}")" "$(IFS=,; echo "${b[*]}")" <<'PY'
import sys, statistics
path = sys.argv[1]
a = [tuple(map(float, run.split())) for run in sys.argv[2].split(",")]
b = [tuple(map(float, run.split())) for run in sys.argv[3].split(",")]
rps = [x[0] / y[0] for x, y in zip(a, b)]
cpu = [y[1] / x[1] for x, y in zip(a, b)]
print(f"GET {path:<6} RPS ratio A/B median {statistics.median(rps):5.3f} (pairs {[round(r, 2) for r in rps]}); "
      f"mean RPS A {statistics.mean(x[0] for x in a):6.0f} B {statistics.mean(y[0] for y in b):6.0f}")
print(f"{'':10} CPU-cost ratio B/A median {statistics.median(cpu):5.3f} (pairs {[round(r, 2) for r in cpu]}); "
      f"CPU per request A {statistics.median(x[1] for x in a):5.1f} us, B {statistics.median(y[1] for y in b):5.1f} us")
PY
}

echo
echo "== Instrumentation overhead: wrk -t1 -c$CONNECTIONS -d$DURATION, warm-up $WARMUP, $ROUNDS interleaved pairs (A=on, B=off)"
measure "/data"
measure "/"

echo
echo "== Capacity of one instance on POST /process (defaults: Work:CpuCostMs=2 IoWaitMs=48 MaxConcurrency=4 QueueLimit=16 QueueTimeoutMs=200)"
seconds="${DURATION%s}"
for c in 8 32; do
  out="$(wrk -t1 -c"$c" -d"$DURATION" --latency -s scripts/wrk/post-order.lua "http://127.0.0.1:$port_on/process")"
  python3 - "$c" "$seconds" "$out" <<'PY'
import re, sys
c, seconds, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
ok, shed, other = map(int, re.search(r"STATUS ok=(\d+) shed=(\d+) other=(\d+)", out).groups())
total = ok + shed + other
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1); p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)
print(f"-c{c:<3} answers {rps:7.0f}/s  completed orders {ok/seconds:6.1f}/s  503 share {shed/max(total,1):6.1%}  other {other}  latency (all answers) p50 {p50} p99 {p99}")
PY
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
