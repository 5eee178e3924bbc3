#!/usr/bin/env bash
# The autoscaler's reaction to a traffic spike (docs/benchmarks.md, "Spike detection"): experiments/traffic-spike.yaml
# RUNS times with the signal as config/autoscaling.json has it (job api-signal, scraped every second, a decision
# every second) and RUNS times with the previous design as the reference (the api job's 5 s scrape, a decision
# every 2 s, samples up to 12 s old, 10 s of settling after a change), alternating so that both see the same machine. scripts/spike-detection.py
# prints each run, the medians and their ratio. The detection depends on where the spike falls between scrapes,
# so one run says little: take the medians.
#
# Usage (it starts the AppHost on the topology's fixed ports: hold the lock; build first):
#   dotnet build MonitoringStack.sln -c Release -warnaserror
#   flock /tmp/monitoringstack-ports.lock scripts/bench-spike-detection.sh   3 runs each, ~6.5 minutes a run (~40 minutes)
# Knobs: RUNS (3), SIGNALS ("reference signal"; one of them alone skips the other), RUN_TIMEOUT (900 s per run),
#        KEEP=1 keeps the runs' folders and logs.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-3}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
SIGNALS="${SIGNALS:-reference signal}"
for knob in RUNS RUN_TIMEOUT; do
  [[ "${!knob}" =~ ^[1-9][0-9]*$ ]] || { echo "$knob must be a whole number above 0, got '${!knob}'" >&2; exit 2; }
done
for signal in $SIGNALS; do
  case "$signal" in reference|signal) ;; *) echo "SIGNALS lists reference and/or signal, got '$signal'" >&2; exit 2 ;; esac
done
for tool in dotnet python3 setsid; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }; done
[ -f MonitoringStack.AppHost/bin/Release/net10.0/MonitoringStack.AppHost.dll ] \
  || { echo "no Release build: run dotnet build MonitoringStack.sln -c Release first" >&2; exit 2; }

# The previous design, as Stack:Autoscaling settings over config/autoscaling.json (the api job is still scraped
# every 5 s, so its series are there to read).
REFERENCE_QUERY='sum by (instance) (irate(http_server_request_duration_seconds_sum{job="api", http_route!~"/metrics|/health|/alive"}[20s])) or sum by (instance) (up{job="api"}) * 0 unless on (instance) group by (instance) (http_server_request_duration_seconds_sum{job="api", http_route!~"/metrics|/health|/alive"})'
REFERENCE_ARGS=(--Stack:Autoscaling:Signal:Job=api "--Stack:Autoscaling:Signal:PerReplicaQuery=$REFERENCE_QUERY"
  --Stack:Autoscaling:IntervalSeconds=2 --Stack:Autoscaling:MetricMaxAgeSeconds=12 --Stack:Autoscaling:SettleSeconds=10)

WORK="$(mktemp -d /tmp/bench-spike.XXXXXX)"
apphost=""
cleanup() {
  local rc=$? deadline
  trap - EXIT INT TERM
  # Each run's AppHost leads its own process group (setsid): SIGTERM to the group stops it and what it started.
  if [ -n "$apphost" ] && kill -0 "$apphost" 2>/dev/null; then
    kill -TERM -- "-$apphost" 2>/dev/null || true
    deadline=$(( $(date +%s) + 30 ))
    while kill -0 -- "-$apphost" 2>/dev/null && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
    kill -KILL -- "-$apphost" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then echo "runs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== spike detection: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $RUNS run(s) of: $SIGNALS"
folders=()
for run in $(seq 1 "$RUNS"); do
  for signal in $SIGNALS; do
    folder="$WORK/$signal-$run"
    mkdir -p "$folder"
    extra=()
    [ "$signal" = reference ] && extra=("${REFERENCE_ARGS[@]}")
    echo "-- $(date -u +%H:%M:%S) run $run, $signal (log: $folder.log)"
    setsid timeout --signal=TERM "$RUN_TIMEOUT" dotnet run --project MonitoringStack.AppHost -c Release --no-build -- \
      experiment run traffic-spike "--Experiments:Out=$folder" "${extra[@]}" >"$folder.log" 2>&1 &
    apphost="$!"
    # A run whose hypothesis fails exits 1 and still wrote its figures; the table says which.
    wait "$apphost" || echo "   exit $? (see $folder.log)"
    apphost=""
    folders+=("$folder")
  done
done
echo "== $(date -u +%H:%M:%S) load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 scripts/spike-detection.py "${folders[@]}"
