#!/usr/bin/env bash
# The cost of scale (docs/benchmarks.md, "## Cost of scale"; docs/scaling.md uses the figures).
#
# For N in SIZES (1 2 4 8 16) API replicas, on loopback, with the stack's own configs (rendered by the
# one renderer for N replicas with every port moved by PORT_OFFSET, so a running stack is not touched):
#  1. N Release API processes, nginx in front, Prometheus scraping each replica (file_sd, 5 s) with
#     the repository's rules; wait until every replica is up in Prometheus.
#  2. Idle: API RSS per replica.
#  3. Load: hey at RATE_PER_REPLICA x N requests/s on GET /data?page=1 through nginx for LOAD_SECONDS:
#     nginx CPU (master + worker, /proc) per 1,000 requests/s answered, API RSS per replica under load.
#  4. From Prometheus: series per replica, head series, samples appended/s, Prometheus CPU and RSS,
#     scrape duration p99, rule evaluation time per cycle.
#  5. AppDown detection: SIGSTOP api-0, time until Prometheus shows AppDown firing for it (bound:
#     scrape interval 5 s + scrape timeout 4 s + evaluation interval 5 s = 14 s; for: 0s), SIGCONT.
#  6. Bytes per sample: a TSDB snapshot of the head (admin API) = compressed chunks / samples.
# Then a table, linear fits (per-replica slope) and an SVG chart (scripts/scale-cost-report.py, which
# also redraws them from a saved results.csv).
#
# Usage: scripts/bench-scale-cost.sh   (env: SIZES="1 2 4 8 16" LOAD_SECONDS=60 RATE_PER_REPLICA=50
#        PORT_OFFSET=10000 OUT=.state/bench-scale-cost CHART=docs/images/scale-cost.svg)
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-1 2 4 8 16}"
LOAD_SECONDS="${LOAD_SECONDS:-60}"
RATE_PER_REPLICA="${RATE_PER_REPLICA:-50}"
PORT_OFFSET="${PORT_OFFSET:-10000}"
OUT="${OUT:-.state/bench-scale-cost}"
CHART="${CHART:-docs/images/scale-cost.svg}"

for tool in prometheus nginx hey curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (scripts/install-prerequisites.sh installs it)" >&2; exit 1; }
done

echo "== Release builds"
dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
dotnet build MonitoringStack.Deploy/MonitoringStack.Deploy.csproj -c Release -nologo -v quiet >/dev/null
api_dir="MonitoringStack.Api/bin/Release/net10.0"
deploy_dll="$PWD/MonitoringStack.Deploy/bin/Release/net10.0/MonitoringStack.Deploy.dll"

mkdir -p "$OUT"
work_dir="$(mktemp -d)"
results="$OUT/results.csv"
pids=()
stop_all() {
  # SIGCONT first: a stopped process does not act on SIGTERM.
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() { stop_all; rm -rf "$work_dir"; }
trap cleanup EXIT INT TERM

prom_port=$((9090 + PORT_OFFSET)); nginx_port=$((5080 + PORT_OFFSET))
for port in "$prom_port" "$nginx_port"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken: choose another PORT_OFFSET" >&2; exit 1; fi
done
prom="http://127.0.0.1:$prom_port"

# q PROMQL → the first value of an instant query (NaN when empty).
q() {
  curl -fsS --max-time 5 "$prom/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "NaN")'
}
ticks() { local sum=0 p; for p in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$sum"; }
rss_mb() { local sum=0 p; for p in "$@"; do sum=$((sum + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$((sum / 1024 / $#))"; }
hz="$(getconf CLK_TCK)"

echo "replicas,series_per_replica,head_series,samples_per_s,prom_cpu_cores,prom_rss_mb,scrape_p99_ms,rule_eval_ms,bytes_per_sample,api_rss_idle_mb,api_rss_load_mb,rps,nginx_cpu_per_1k_rps,appdown_detection_s" >"$results"
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for n in $SIZES; do
  echo "== $n replica(s)"
  cfg="$work_dir/$n"
  read -r -a api_ports < <(dotnet "$deploy_dll" bench-config --out "$cfg" --replicas "$n" --port-offset "$PORT_OFFSET")
  api_pids=()
  for i in "${!api_ports[@]}"; do
    (cd "$api_dir" && ASPNETCORE_URLS="http://127.0.0.1:${api_ports[$i]}" ASPNETCORE_ENVIRONMENT=Production \
      Service__InstanceId="api-$i" Service__Name=monitoringstack-api exec dotnet MonitoringStack.Api.dll >"$work_dir/api-$n-$i.log" 2>&1) &
    api_pids+=("$!"); pids+=("$!")
  done
  nginx -e stderr -p "$cfg/nginx" -c "$cfg/nginx/nginx.conf" -g 'daemon off;' 2>"$work_dir/nginx-$n.log" &
  nginx_pid="$!"; pids+=("$nginx_pid")
  prometheus --config.file="$cfg/prometheus/prometheus.yml" --storage.tsdb.path="$cfg/data" \
    --web.listen-address="127.0.0.1:$prom_port" --web.enable-admin-api >"$work_dir/prometheus-$n.log" 2>&1 &
  prom_pid="$!"; pids+=("$prom_pid")

  up=0
  for _ in $(seq 1 240); do
    up="$(q 'count(up{job="api"} == 1)' 2>/dev/null || echo 0)"
    [ "${up%.*}" = "$n" ] && break
    sleep 0.5
  done
  [ "${up%.*}" = "$n" ] || { echo "only $up of $n replicas up in Prometheus" >&2; tail -5 "$work_dir"/api-"$n"-0.log >&2; exit 1; }
  sleep 10
  rss_idle="$(rss_mb "${api_pids[@]}")"

  nginx_all=("$nginx_pid" $(pgrep -P "$nginx_pid"))
  before="$(ticks "${nginx_all[@]}")"
  workers=$((2 * n)); per_worker=$((RATE_PER_REPLICA / 2))
  hey_out="$(hey -z "${LOAD_SECONDS}s" -c "$workers" -q "$per_worker" "http://127.0.0.1:$nginx_port/data?page=1")"
  after="$(ticks "${nginx_all[@]}")"
  rss_load="$(rss_mb "${api_pids[@]}")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$hey_out")"
  non200="$(awk '/\[[0-9]+\]/ && !/\[200\]/ {s += $2} END {print s + 0}' <<<"$hey_out")"
  [ "$non200" = 0 ] || echo "   warning: $non200 non-200 answers"
  nginx_per_1k="$(python3 -c "print(round(($after - $before) / $hz / $LOAD_SECONDS / ($rps / 1000), 4))")"

  series="$(q 'count({job="api"})')"
  head="$(q 'prometheus_tsdb_head_series')"
  samples="$(q 'rate(prometheus_tsdb_head_samples_appended_total[1m])')"
  cpu="$(q 'rate(process_cpu_seconds_total{job="prometheus"}[1m])')"
  prom_rss="$(q 'process_resident_memory_bytes{job="prometheus"}')"
  scrape_p99="$(q 'quantile(0.99, quantile_over_time(0.99, scrape_duration_seconds{job="api"}[1m]))')"
  rule_eval="$(q 'sum(avg_over_time(prometheus_rule_group_last_duration_seconds[1m]))')"

  # AppDown: from SIGSTOP of api-0 to the alert firing in Prometheus.
  kill -STOP "${api_pids[0]}"
  t0="$(date +%s.%N)"; detected="NaN"
  for _ in $(seq 1 160); do
    if curl -fsS --max-time 2 "$prom/api/v1/alerts" | python3 -c 'import json,sys; a=json.load(sys.stdin)["data"]["alerts"]; sys.exit(0 if any(x["labels"].get("alertname")=="AppDown" and x["labels"].get("instance")=="api-0" and x["state"]=="firing" for x in a) else 1)'; then
      detected="$(python3 -c "print(round($(date +%s.%N) - $t0, 2))")"; break
    fi
    sleep 0.25
  done
  kill -CONT "${api_pids[0]}"

  snap="$(curl -fsS -X POST "$prom/api/v1/admin/tsdb/snapshot" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["name"])')"
  bps="$(python3 - "$cfg/data/snapshots/$snap" <<'PY'
import json, os, sys
root = sys.argv[1]; size = samples = 0
for block in os.listdir(root):
    meta = json.load(open(os.path.join(root, block, "meta.json")))
    samples += meta["stats"]["numSamples"]
    chunks = os.path.join(root, block, "chunks")
    size += sum(os.path.getsize(os.path.join(chunks, f)) for f in os.listdir(chunks))
print(round(size / samples, 3) if samples else "NaN")
PY
)"
  stop_all

  line="$n,$(python3 -c "print(round(float('$series') / $n, 1))"),${head%.*},$(python3 -c "print(round(float('$samples'), 1))"),$(python3 -c "print(round(float('$cpu'), 4))"),$(python3 -c "print(round(float('$prom_rss') / 1048576, 1))"),$(python3 -c "print(round(float('$scrape_p99') * 1000, 2))"),$(python3 -c "print(round(float('$rule_eval') * 1000, 2))"),$bps,$rss_idle,$rss_load,$rps,$nginx_per_1k,$detected"
  echo "   $line"
  echo "$line" >>"$results"
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$CHART")"
python3 scripts/scale-cost-report.py "$results" "$CHART"
echo "results: $results"
