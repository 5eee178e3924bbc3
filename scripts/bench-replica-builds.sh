#!/usr/bin/env bash
# Builds of the API replica compared in one run (docs/benchmarks.md, "## Replica builds (issue 23)").
#
#  1. The reference: the previous design, built from git ($REFERENCE, before the API shipped as Native AOT):
#     `dotnet bin/Debug/net10.0/MonitoringStack.Api.dll`, what `dotnet run --project MonitoringStack.AppHost`
#     ran until then. Against it, this tree's builds: Debug and Release (`--Stack:ReplicaBuild=assembly`),
#     ReadyToRun (framework-dependent, linux-x64) and Native AOT (what the AppHost's build publishes and the
#     replicas run; reported as "not measured" with the compiler's first error when it does not compile).
#     Everything is built into a temporary folder (a git worktree for the reference, --artifacts-path for the
#     publishes), so the repository's bin/ and obj/ stay as they were.
#  2. Runtime settings on the Release build: workstation GC, GCConserveMemory, DATAS off, TieredPGO off,
#     and R2R with the settings that helped.
#  3. scripts/replica-builds.py measures each one on 127.0.0.1:$PORT (start→/alive, idle RSS,
#     private RSS, RSS and CPU per request at a paced load, max RPS of GET /data and POST /process, telemetry
#     on/off, /metrics render time) and prints the table with ratios against the reference.
#
# Usage: scripts/bench-replica-builds.sh          about 12 minutes on 2 cores
#        QUICK=1 scripts/bench-replica-builds.sh  about 6 minutes (3 starts, 3 s runs)
#        env: STARTS=5 DURATION=8s WARMUP=3s IDLE_SECONDS=3 PORT=47100 AOT=1 (AOT=0 skips the AOT publish)
#             REFERENCE=c789984~1 (a git revision)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${QUICK:-0}" = 1 ]; then
  export STARTS="${STARTS:-3}" DURATION="${DURATION:-3s}" WARMUP="${WARMUP:-2s}" IDLE_SECONDS="${IDLE_SECONDS:-2}"
fi
export PORT="${PORT:-47100}"
AOT="${AOT:-1}"
# The last commit before the API shipped as a Native AOT binary.
REFERENCE="${REFERENCE:-c789984~1}"
git rev-parse --verify -q "$REFERENCE^{commit}" >/dev/null || { echo "REFERENCE=$REFERENCE is not a commit of this repository" >&2; exit 2; }

# Debian packages the run needs: wrk always, clang and zlib1g-dev for the Native AOT linker.
packages=()
command -v wrk >/dev/null || packages+=(wrk)
if [ "$AOT" = 1 ]; then
  command -v clang >/dev/null || packages+=(clang)
  dpkg -s zlib1g-dev >/dev/null 2>&1 || packages+=(zlib1g-dev)
fi
if [ ${#packages[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "== installing ${packages[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
for tool in wrk python3 dotnet; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }; done
if python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
  echo "port $PORT is in use: set PORT to a free one" >&2; exit 1
fi

work_dir="$(mktemp -d)"
measurer=""
cleanup() {
  # The measurer starts each API in its own session and kills it; if the measurer itself dies
  # mid-run, its current API is found by the port it holds.
  [ -n "$measurer" ] && kill "$measurer" 2>/dev/null || true
  for pid in $(ss -Htlnp "sport = :$PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  git worktree remove --force "$work_dir/reference" 2>/dev/null || true
  rm -rf "$work_dir"
}
trap cleanup EXIT

project=MonitoringStack.Api/MonitoringStack.Api.csproj
echo "== builds (machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
git worktree add -q --detach "$work_dir/reference" "$REFERENCE"
dotnet build "$work_dir/reference/$project" -c Debug -nologo -v quiet >/dev/null
dotnet build "$project" -c Debug -warnaserror -nologo -v quiet >/dev/null
dotnet build "$project" -c Release -warnaserror -nologo -v quiet >/dev/null
dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true \
  --artifacts-path "$work_dir/r2r" -nologo -v quiet >/dev/null
r2r_dir="$(dirname "$(find "$work_dir/r2r/publish" -name MonitoringStack.Api.dll | head -1)")"
aot_variant=""
if [ "$AOT" = 1 ]; then
  # The AppHost's publish (MonitoringStack.AppHost.csproj, PublishApiNative): PublishAot and its settings are the project's.
  if dotnet publish "$project" -c Release -r linux-x64 --self-contained --artifacts-path "$work_dir/aot" \
      -nologo >"$work_dir/aot.log" 2>&1; then
    aot_bin="$(find "$work_dir/aot/publish" -name MonitoringStack.Api -type f -perm -u+x | head -1)"
    aot_variant=",{\"name\": \"native AOT\", \"cwd\": \"$(dirname "$aot_bin")\", \"command\": [\"$aot_bin\"]}"
  else
    reason="$(grep -m1 -o 'error [A-Z]*[0-9]*:.*' "$work_dir/aot.log" | sed 's/ \[.*//; s/["\\]//g' | cut -c1-200)"
    errors="$(grep -c ' error ' "$work_dir/aot.log" || true)"
    aot_variant=",{\"name\": \"native AOT\", \"failed\": \"does not compile ($errors error lines), first: $reason\"}"
  fi
fi

reference="$work_dir/reference/MonitoringStack.Api/bin/Debug/net10.0"
debug="$PWD/MonitoringStack.Api/bin/Debug/net10.0"
release="$PWD/MonitoringStack.Api/bin/Release/net10.0"
dll='"dotnet", "MonitoringStack.Api.dll"'
variants="[
  {\"name\": \"before ($REFERENCE): Debug dll\", \"cwd\": \"$reference\", \"command\": [$dll]},
  {\"name\": \"Debug dll\", \"cwd\": \"$debug\", \"command\": [$dll]},
  {\"name\": \"Release\", \"cwd\": \"$release\", \"command\": [$dll]},
  {\"name\": \"Release, workstation GC\", \"cwd\": \"$release\", \"command\": [$dll], \"env\": {\"DOTNET_gcServer\": \"0\"}},
  {\"name\": \"Release, GCConserveMemory=5\", \"cwd\": \"$release\", \"command\": [$dll], \"env\": {\"DOTNET_GCConserveMemory\": \"5\"}},
  {\"name\": \"Release, DATAS off\", \"cwd\": \"$release\", \"command\": [$dll], \"env\": {\"DOTNET_GCDynamicAdaptationMode\": \"0\"}},
  {\"name\": \"Release, TieredPGO off\", \"cwd\": \"$release\", \"command\": [$dll], \"env\": {\"DOTNET_TieredPGO\": \"0\"}},
  {\"name\": \"ReadyToRun\", \"cwd\": \"$r2r_dir\", \"command\": [$dll]},
  {\"name\": \"ReadyToRun, workstation GC, TieredPGO off\", \"cwd\": \"$r2r_dir\", \"command\": [$dll], \"env\": {\"DOTNET_gcServer\": \"0\", \"DOTNET_TieredPGO\": \"0\"}}
  $aot_variant
]"

echo "== measuring: STARTS=${STARTS:-5} DURATION=${DURATION:-8s} WARMUP=${WARMUP:-3s} IDLE_SECONDS=${IDLE_SECONDS:-3} on 127.0.0.1:$PORT"
python3 scripts/replica-builds.py "$variants" &
measurer="$!"
wait "$measurer"
measurer=""
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
