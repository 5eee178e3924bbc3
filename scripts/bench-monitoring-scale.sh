#!/usr/bin/env bash
# The monitoring plane at 100 … 5,000 targets (docs/benchmarks.md, "Monitoring at 1,000-5,000 targets";
# docs/scaling.md uses the figures).
#
# For N in SIZES and each topology in TOPOLOGIES, on loopback, with the stack's own Prometheus config
# and rules (rendered by the one renderer: MonitoringStack.Deploy scale-config):
#  - the target simulator serves N replicas api-0 … on TARGET_PORT … (one port each, the exposition of a
#    real replica recorded under the experiments' mix, RATE requests/s per target);
#  - single:  one Prometheus (the stack's prometheus.yml, every rule) scrapes all N (file_sd, 5 s);
#    sharded: SHARDS Prometheus, each keeping its hashmod share and the per-instance rules, and a global
#    view federating what the job-wide rules read and evaluating them;
#  - once every target is up: WARMUP s (the 1m rates fill), then MEASURE s during which CPU is read
#    from /proc for each Prometheus and for the simulator; then, per Prometheus: head series, samples/s,
#    RSS, scrape duration p99, the scrape interval's p99 (a late scrape = not keeping up), rule
#    evaluation per cycle (sum of groups) and the slowest group against its interval, iterations missed;
#  - AppDown detection: target api-0 is taken away (its port refuses, as after a crash); time until
#    the Prometheus that scrapes it shows AppDown firing (bound 14 s: scrape interval 5 + scrape
#    timeout 4 + evaluation interval 5, for: 0s), then it comes back;
#  - the global query sum(job:http_server_requests:rate1m) (single: itself; sharded: the global view),
#    which both topologies must agree on: the simulator's rate is deterministic.
# A Prometheus whose RSS passes MAX_RSS_MB is stopped and its row marked (this machine is shared).
# The load average is recorded at the start and end of each measurement (the machine is shared).
#
# Usage: scripts/bench-monitoring-scale.sh
#   env: SIZES="100 500 1000 2000 5000" TOPOLOGIES="single sharded" SHARDS=2 WARMUP=60 MEASURE=60
#        RATE=10 PROM_PORT, TARGET_PORT (config/topology.json's scale: 19390, 40000) MAX_RSS_MB=9000
#        OUT=.state/bench-monitoring-scale
#        CHART=$OUT/monitoring-scale.svg
#   a quick run: SIZES=50 TOPOLOGIES="single sharded" WARMUP=20 MEASURE=15
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-100 500 1000 2000 5000}"
TOPOLOGIES="${TOPOLOGIES:-single sharded}"
SHARDS="${SHARDS:-2}"
WARMUP="${WARMUP:-60}"
MEASURE="${MEASURE:-60}"
RATE="${RATE:-10}"
# Default ports: the "scale" section of config/topology.json (the ports' one source).
scale_port() { python3 -c "import json,sys; print(json.load(open('config/topology.json'))['scale'][sys.argv[1]])" "$1"; }
PROM_PORT="${PROM_PORT:-$(scale_port prometheusPort)}"
TARGET_PORT="${TARGET_PORT:-$(scale_port targetBasePort)}"
MAX_RSS_MB="${MAX_RSS_MB:-9000}"
OUT="${OUT:-.state/bench-monitoring-scale}"

for tool in prometheus curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (scripts/install-prerequisites.sh installs it)" >&2; exit 1; }
done
# Each target is a listening socket plus Prometheus' connection to it, in two processes.
ulimit -n "$(ulimit -Hn)"
max_size="$(tr ' ' '\n' <<<"$SIZES" | sort -n | tail -1)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((2 * max_size + 256)) ]; then
  echo "open-file limit $(ulimit -n) is too low for $max_size targets: raise the hard limit (ulimit -Hn)" >&2; exit 1
fi

echo "== Release builds"
dotnet build MonitoringStack.TargetSimulator/MonitoringStack.TargetSimulator.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
dotnet build MonitoringStack.Deploy/MonitoringStack.Deploy.csproj -c Release -nologo -v quiet >/dev/null
simulator_dll="$PWD/MonitoringStack.TargetSimulator/bin/Release/net10.0/MonitoringStack.TargetSimulator.dll"
deploy_dll="$PWD/MonitoringStack.Deploy/bin/Release/net10.0/MonitoringStack.Deploy.dll"
control_port=$((TARGET_PORT - 1))

mkdir -p "$OUT"
work_dir="$(mktemp -d)"
results="$OUT/results.csv"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
# Target ports from 40000 lie in Linux' ephemeral range: reserve them for the run (restored at exit), so
# no outgoing connection on this machine (Prometheus' scrapes included) takes one as its local port.
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
reserved_before="$(cat "$reserved" 2>/dev/null || true)"
restore_reserved() { if [ -w "$reserved" ]; then echo "$reserved_before" >"$reserved"; fi; }
if [ -w "$reserved" ]; then
  echo "${reserved_before:+$reserved_before,}$control_port-$((TARGET_PORT + max_size - 1))" >"$reserved"
else
  echo "warning: cannot reserve ports $control_port-$((TARGET_PORT + max_size - 1)) ($reserved is not writable): the simulator retries ports other programs hold" >&2
fi
cleanup() { stop_all; restore_reserved; rm -rf "$work_dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$control_port" $(seq "$PROM_PORT" $((PROM_PORT + SHARDS))); do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken: choose another PROM_PORT/TARGET_PORT" >&2; exit 1; fi
done

# q PORT PROMQL → the first value of an instant query (NaN when empty).
q() {
  curl -fsS --max-time 20 "http://127.0.0.1:$1/api/v1/query" --data-urlencode "query=$2" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "NaN")'
}
ticks() { local sum=0 p; for p in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$sum"; }
rss_mb() { echo $(($(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024)); }
hz="$(getconf CLK_TCK)"
num() { python3 -c "import math,sys; v=float(sys.argv[1]); print('NaN' if math.isnan(v) else round(v * float(sys.argv[2]), int(sys.argv[3])))" "$1" "$2" "$3"; }

# over_budget → non-zero when every Prometheus is within MAX_RSS_MB; names the first one over it.
over_budget() {
  local name
  for name in "${!prom_pid[@]}"; do
    if [ "$(rss_mb "${prom_pid[$name]}")" -gt "$MAX_RSS_MB" ]; then echo "$name"; return 0; fi
  done
  return 1
}
# sleep_watching SECONDS → sleeps, checking the memory budget every 2 s.
sleep_watching() {
  local end=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$end" ]; do
    if over=$(over_budget); then echo "   $over passed ${MAX_RSS_MB} MB RSS: stopped" >&2; return 1; fi
    sleep 2
  done
}

echo "topology,targets,prometheus,head_series,samples_per_s,cpu_cores,rss_mb,scrape_p99_ms,interval_p99_s,rule_eval_ms,slowest_group_ms,slowest_group_interval_s,missed_iterations,appdown_s,global_job_rps,simulator_cpu_cores,load_start,load_end,note" >"$results"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

for n in $SIZES; do
  for topology in $TOPOLOGIES; do
    echo "== $n targets, $topology"
    cfg="$work_dir/$topology-$n"
    shards=0; [ "$topology" = sharded ] && shards="$SHARDS"
    # The simulator first: its ports must be bound before anything connects (see the reservation above).
    sim_log="$work_dir/simulator-$topology-$n.log"
    dotnet "$simulator_dll" --targets "$n" --base-port "$TARGET_PORT" --control-port "$control_port" --rate "$RATE" >"$sim_log" 2>&1 &
    sim_pid="$!"; pids+=("$sim_pid")
    for _ in $(seq 1 180); do grep -q '^ready' "$sim_log" && break; kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.5; done
    grep -q '^ready' "$sim_log" || { cat "$sim_log" >&2; exit 1; }
    declare -A prom_pid=() prom_port=()
    names=()
    while read -r name port file; do
      prometheus --config.file="$file" --storage.tsdb.path="$cfg/$name/data" \
        --web.listen-address="127.0.0.1:$port" >"$work_dir/$topology-$n-$name.log" 2>&1 &
      prom_pid[$name]="$!"; prom_port[$name]="$port"; pids+=("$!"); names+=("$name")
    done < <(dotnet "$deploy_dll" scale-config --out "$cfg" --targets "$n" --target-base-port "$TARGET_PORT" --prometheus-port "$PROM_PORT" --shards "$shards")
    scrapers=("${names[@]}"); [ "$topology" = sharded ] && scrapers=("${names[@]:0:$SHARDS}")
    global="${names[-1]}"

    # Every target up, counted over the Prometheus that scrape (each exactly once when sharded).
    up=0; started="$SECONDS"
    while [ $((SECONDS - started)) -lt $((120 + n / 25)) ]; do
      up=0
      for name in "${scrapers[@]}"; do
        v="$(q "${prom_port[$name]}" 'count(up{job="api"} == 1)' 2>/dev/null || echo 0)"; [ "$v" = NaN ] && v=0
        up=$((up + ${v%.*}))
      done
      [ "$up" = "$n" ] && break
      sleep 2
    done
    [ "$up" = "$n" ] || { echo "only $up of $n targets up" >&2; tail -3 "$work_dir"/*.log >&2; exit 1; }
    echo "   every target up after $((SECONDS - started)) s"

    note=""
    sleep_watching "$WARMUP" || note="over ${MAX_RSS_MB} MB"
    load_start="$(cut -d' ' -f1 /proc/loadavg)"
    declare -A t0=()
    for name in "${names[@]}"; do t0[$name]="$(ticks "${prom_pid[$name]}")"; done
    sim0="$(ticks "$sim_pid")"
    [ -n "$note" ] || sleep_watching "$MEASURE" || note="over ${MAX_RSS_MB} MB"
    declare -A cpu=()
    for name in "${names[@]}"; do cpu[$name]="$(python3 -c "print(round(($(ticks "${prom_pid[$name]}") - ${t0[$name]}) / $hz / $MEASURE, 3))")"; done
    sim_cpu="$(python3 -c "print(round(($(ticks "$sim_pid") - $sim0) / $hz / $MEASURE, 3))")"
    load_end="$(cut -d' ' -f1 /proc/loadavg)"
    job_rps="$(num "$(q "${prom_port[$global]}" 'sum(job:http_server_requests:rate1m)' || echo NaN)" 1 2)"

    # AppDown: take api-0 away at the simulator; time until its scraper shows the alert firing.
    appdown="NaN"; owner=""
    if [ -z "$note" ]; then
      owner=""
      for name in "${scrapers[@]}"; do [ "$(q "${prom_port[$name]}" 'count(up{instance="api-0"})')" = 1 ] && owner="$name"; done
      curl -fsS -X POST "http://127.0.0.1:$control_port/targets/0/stop" >/dev/null
      t_stop="$(date +%s.%N)"
      for _ in $(seq 1 240); do
        if curl -fsS --max-time 5 "http://127.0.0.1:${prom_port[$owner]}/api/v1/alerts" | python3 -c 'import json,sys; a=json.load(sys.stdin)["data"]["alerts"]; sys.exit(0 if any(x["labels"].get("alertname")=="AppDown" and x["labels"].get("instance")=="api-0" and x["state"]=="firing" for x in a) else 1)'; then
          appdown="$(python3 -c "print(round($(date +%s.%N) - $t_stop, 1))")"; break
        fi
        sleep 0.25
      done
      curl -fsS -X POST "http://127.0.0.1:$control_port/targets/0/start" >/dev/null
    fi

    for name in "${names[@]}"; do
      p="${prom_port[$name]}"
      scraped_job='job="api"'; [ "$topology" = sharded ] && [ "$name" = "$global" ] && scraped_job='job="federate"'
      head="$(q "$p" 'prometheus_tsdb_head_series' || echo NaN)"
      samples="$(q "$p" 'rate(prometheus_tsdb_head_samples_appended_total[1m])' || echo NaN)"
      scrape_p99="$(q "$p" "quantile(0.99, max_over_time(scrape_duration_seconds{$scraped_job}[1m]))" || echo NaN)"
      interval_p99="$(q "$p" 'max(prometheus_target_interval_length_seconds{interval="5s",quantile="0.99"})' || echo NaN)"
      rule_eval="$(q "$p" 'sum(avg_over_time(prometheus_rule_group_last_duration_seconds[1m]))' || echo NaN)"
      slowest="$(q "$p" 'max(max_over_time(prometheus_rule_group_last_duration_seconds[1m]))' || echo NaN)"
      slowest_interval="$(q "$p" 'max(prometheus_rule_group_interval_seconds)' || echo NaN)"
      missed="$(q "$p" 'sum(prometheus_rule_group_iterations_missed_total)' || echo NaN)"
      rss="$(rss_mb "${prom_pid[$name]}" 2>/dev/null || echo NaN)"
      down="NaN"; [ "$name" = "${owner:-}" ] && down="$appdown"
      rps="NaN"; [ "$name" = "$global" ] && rps="$job_rps"
      sim="NaN"; [ "$name" = "${names[0]}" ] && sim="$sim_cpu"
      line="$topology,$n,$name,${head%.*},$(num "$samples" 1 0),${cpu[$name]},$rss,$(num "$scrape_p99" 1000 1),$(num "$interval_p99" 1 2),$(num "$rule_eval" 1000 1),$(num "$slowest" 1000 1),${slowest_interval%.*},${missed%.*},$down,$rps,$sim,$load_start,$load_end,$note"
      echo "   $line"
      echo "$line" >>"$results"
    done
    stop_all
    rm -rf "$cfg"
    unset prom_pid prom_port t0 cpu
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 scripts/monitoring-scale-report.py "$results" "${CHART:-$OUT/monitoring-scale.svg}"
echo "results: $results"
