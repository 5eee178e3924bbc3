#!/usr/bin/env bash
# Replica MTTR under the AppHost (docs/benchmarks.md, "## Replica MTTR (issue 23)"): SIGKILL to a replica's
# process → its /alive answering 200 again, DCP's exit detection included, KILLS times per variant, with the
# split from the supervisor's journal. scripts/replica-mttr.py does the measuring and prints the table.
#
# A replica is killed again only 32 s after it answered, because RestartBackoff (MonitoringStack.Hosting/
# Replicas/RestartBackoff.cs) restarts at once only a crash after 30 s of stable run (StableAfter) and backs off
# 1 s, 2 s … otherwise; 10 kills of api-1 alone would take over 5 minutes, so the kills go round the starting
# replicas (api-1, api-0, api-1, …: one every ~16 s with 2 replicas), each replica's backoff staying at its first step.
# The table's "backoffs" column counts kills the journal shows delayed anyway (it should be 0).
#
# Usage (it starts the AppHost on the topology's fixed ports: hold the lock; build first):
#   dotnet build MonitoringStack.sln -c Release -warnaserror
#   flock /tmp/monitoringstack-ports.lock scripts/bench-replica-mttr.sh         10 kills, ~4 minutes per variant
#   QUICK=1 flock /tmp/monitoringstack-ports.lock scripts/bench-replica-mttr.sh 3 kills, ~1.5 minutes per variant
# Knobs: KILLS (10; QUICK=1: 3), VARIANTS ("default": no extra argument; any other name v adds
#        --Stack:ReplicaBuild=v, e.g. VARIANTS="assembly native", and the table gives each median's ratio to the
#        first's), APPHOST_ARGS (more AppHost arguments for every variant; with "--Parameters:replicas=3" set
#        REPLICAS=3 too: the replicas waited for, the topology's count by default), TARGETS (replicas killed in
#        turn, default every starting one, api-1 first), STABLE_AFTER (32 s),
#        READY_TIMEOUT (300 s per start), TOTAL_TIMEOUT (1800 s), KEEP=1 keeps the logs and journals.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

if [ "${QUICK:-0}" = 1 ]; then
  export KILLS="${KILLS:-3}"
fi
TOTAL_TIMEOUT="${TOTAL_TIMEOUT:-1800}"
# Whole numbers of kills, replicas and seconds: a bad one is named here, before anything starts.
for knob in KILLS REPLICAS STABLE_AFTER READY_TIMEOUT TOTAL_TIMEOUT; do
  value="${!knob:-}"
  [ -z "$value" ] || [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "$knob must be a whole number above 0, got '$value'" >&2; exit 2; }
done
for tool in dotnet python3 ss flock; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }; done
[ -f MonitoringStack.AppHost/bin/Release/net10.0/MonitoringStack.AppHost.dll ] \
  || { echo "no Release build: run dotnet build MonitoringStack.sln -c Release first" >&2; exit 2; }

WORK="$(mktemp -d /tmp/bench-mttr.XXXXXX)"
# Every process the measurer starts carries BENCH_MTTR_TAG (dotnet run, the AppHost, DCP and the replicas pass
# their environment on): whatever a failure leaves behind is found by it. Not exported under that name, so that
# timeout and the measurer themselves do not carry it.
BENCH_MTTR_TAG="bench-mttr-$$-$(date +%s%N)"
export ROOT WORK TAG_VALUE="$BENCH_MTTR_TAG"
measurer=""

tagged_pids() {
  local p
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [ "$p" != "$$" ] && grep -qa "BENCH_MTTR_TAG=$BENCH_MTTR_TAG" "/proc/$p/environ" 2>/dev/null && echo "$p"
  done
  return 0
}

cleanup() {
  local rc=$? p deadline
  trap - EXIT INT TERM
  # The measurer stops its AppHost on SIGTERM (its finally); then the AppHost's process group, gently, then the rest.
  [ -n "$measurer" ] && kill -TERM "$measurer" 2>/dev/null && wait "$measurer" 2>/dev/null || true
  for p in $(tagged_pids); do
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'MonitoringStack.AppHost' && kill -TERM -- "-$(ps -o pgid= -p "$p" | tr -d ' ')" 2>/dev/null || true
  done
  deadline=$(( $(date +%s) + 30 ))
  while [ -n "$(tagged_pids)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  for p in $(tagged_pids); do kill -KILL "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== replica MTTR: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The measurer runs in the background so that the traps run as soon as a signal comes; timeout bounds the run.
timeout --signal=TERM "$TOTAL_TIMEOUT" python3 -u scripts/replica-mttr.py &
measurer="$!"
wait "$measurer"
measurer=""
