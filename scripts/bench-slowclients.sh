#!/usr/bin/env bash
# Slow clients (slowloris) against the public nginx, measured (docs/benchmarks.md, "## Slow clients").
#
#  1. Release build of MonitoringStack.Api; three replicas on free loopback ports.
#  2. nginx with config/nginx/nginx.conf + upstreams.conf rendered for those ports: from the working
#     tree, or from git ref NGINX_CONF_REF (NGINX_CONF_REF=main measures the config before a change).
#  3. Baseline: normal requests alone, hey at RATE requests/s for MEASURE seconds, a new connection per
#     request (-disable-keepalive: many distinct users, each needs a free slot in nginx).
#  4. Attack: scripts/slowclients.py keeps CONNECTIONS connections from 127.0.0.1 open, each trickling
#     one header line every INTERVAL seconds (reconnecting when nginx cuts it); after SETTLE seconds the
#     same hey run measures the share of normal requests served and their p99 while the attack goes on.
#  Target (issue 12): >= 99 % served, p99 < 100 ms during the attack.
#
# Loopback only, bounded (CONNECTIONS <= 20,000, every step has a duration), every process it starts is
# stopped on exit, failed or not (trap). Needs hey, nginx, python3 (scripts/install-prerequisites.sh).
#
# Usage: scripts/bench-slowclients.sh     (env: NGINX_CONF_REF= CONNECTIONS=10000 RATE=100 MEASURE=20
#                                           SETTLE=10 INTERVAL=3)
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS="${CONNECTIONS:-10000}"
RATE="${RATE:-100}"
MEASURE="${MEASURE:-20}"
SETTLE="${SETTLE:-10}"
INTERVAL="${INTERVAL:-3}"
NGINX_CONF_REF="${NGINX_CONF_REF:-}"
export PATH="$PATH:/usr/sbin:/sbin"

for tool in hey nginx curl python3 dotnet; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (scripts/install-prerequisites.sh installs it)" >&2; exit 1; }
done
(( CONNECTIONS > 0 && CONNECTIONS <= 20000 )) || { echo "CONNECTIONS must be 1..20000" >&2; exit 2; }

# 10,000 sockets in one process: raise the soft descriptor limit to the hard one (children inherit it).
ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > CONNECTIONS + 100 )) || { echo "ulimit -n $(ulimit -n) is too low for $CONNECTIONS connections" >&2; exit 1; }

echo "== Release build"
dotnet build MonitoringStack.Api/MonitoringStack.Api.csproj -c Release -warnaserror -nologo -v quiet >/dev/null
api_dir="MonitoringStack.Api/bin/Release/net10.0"

# A free loopback port below the ephemeral range (32768+): the attack's 10,000 outgoing connections
# take ephemeral ports, and must not compete with our listeners for them.
free_port() {
  python3 -c '
import random, socket
for _ in range(500):
    p = random.randint(12000, 32000)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()'
}

work_dir="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_api NAME → appends to replica_ports (no command substitution: the pid must reach the trap).
replica_ports=()
start_api() {
  local name="$1" port
  port="$(free_port)"
  (cd "$api_dir" && ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Service__InstanceId="$name" Logging__LogLevel__Default=Warning \
    exec dotnet MonitoringStack.Api.dll >"$work_dir/$name.log" 2>&1) &
  pids+=("$!")
  replica_ports+=("$port")
}
for i in 0 1 2; do start_api "api-$i"; done
for port in "${replica_ports[@]}"; do
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "API on $port did not start:" >&2; cat "$work_dir"/api-*.log >&2; exit 1; }
done

# The nginx templates, rendered the way MonitoringStack.Topology's StackConfigRenderer renders local
# mode (every ${placeholder} replaced; the upstream line repeated per replica).
nginx_port="$(free_port)"; status_port="$(free_port)"
prefix="$work_dir/nginx"; mkdir -p "$prefix/temp" "$prefix/logs"
template() {
  if [ -n "$NGINX_CONF_REF" ]; then git show "$NGINX_CONF_REF:config/nginx/$1"; else cat "config/nginx/$1"; fi
}
template nginx.conf >"$work_dir/nginx.conf.template"
template upstreams.conf >"$work_dir/upstreams.conf.template"
python3 - "$work_dir" "$prefix" "$nginx_port" "$status_port" "${replica_ports[@]}" <<'PY'
import re, sys
work, prefix, port, status, replicas = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
values = {"pid_file": f"{prefix}/nginx.pid", "error_log": f"{prefix}/logs/error.log", "access_log": f"{prefix}/logs/access.log",
          "temp_dir": f"{prefix}/temp", "upstreams_file": f"{prefix}/upstreams.conf",
          "listen_address": f"127.0.0.1:{port}", "status_listen_address": f"127.0.0.1:{status}"}
sub = lambda line, v: re.sub(r"\$\{([a-z_]+)\}", lambda m: v.get(m.group(1), m.group(0)), line)  # ${placeholder} in comments stays
with open(f"{work}/nginx.conf.template") as f, open(f"{prefix}/nginx.conf", "w") as out:
    out.write(sub(f.read(), values))
lines = []
for line in open(f"{work}/upstreams.conf.template"):
    if "${replica_address}" in line:
        lines += [sub(line, {"replica_address": f"127.0.0.1:{p}", "replica_name": f"api-{i}"}) for i, p in enumerate(replicas)]
    else:
        lines.append(line)
open(f"{prefix}/upstreams.conf", "w").write("".join(lines))
PY
nginx -e stderr -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' >"$work_dir/nginx.out" 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$status_port/stub_status" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$nginx_port/data?page=1" >/dev/null || { echo "nginx did not start:" >&2; cat "$work_dir/nginx.out" >&2; exit 1; }

target="http://127.0.0.1:$nginx_port/data?page=1&pageSize=10"
echo "config: config/nginx from ${NGINX_CONF_REF:-the working tree}; nginx 127.0.0.1:$nginx_port -> replicas ${replica_ports[*]}"
echo "machine: $(nproc) cores, ulimit -n $(ulimit -n), load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL → one line: requests sent, share served (2xx), p50/p99 of the answers, errors by kind.
# hey: RATE/10 requests/s on each of 10 workers, 5 s timeout, a new connection per request.
measure() {
  # hey lists each distinct error (they name the local port), so its output can be large: via a file.
  hey -z "${MEASURE}s" -c 10 -q $((RATE / 10)) -t 5 -disable-keepalive "$target" >"$work_dir/hey.out" 2>&1 || true
  python3 - "$1" "$work_dir/hey.out" <<'PY'
import re, sys
label, out = sys.argv[1], open(sys.argv[2]).read()
codes = {int(c): int(n) for c, n in re.findall(r"\[(\d{3})\]\s+(\d+) responses", out)}
errors = re.findall(r"^\s+\[(\d+)\]\s+(.+)$", out.split("Error distribution:")[1], re.M) if "Error distribution:" in out else []
failed = sum(int(n) for n, _ in errors)
total = sum(codes.values()) + failed
ok = sum(n for c, n in codes.items() if 200 <= c < 300)
q = lambda p: (m := re.search(rf"^\s+{p}% in ([\d.]+) secs", out, re.M)) and f"{float(m.group(1)) * 1000:.1f} ms" or "n/a"
kinds = {}
for n, text in errors:
    kind = re.sub(r".*: ", "", text).strip()  # "Get ...: read tcp ...: connection reset by peer" -> the cause
    kinds[kind] = kinds.get(kind, 0) + int(n)
print(f"{label:<16} sent {total:5d}  served {ok / max(total, 1):7.2%}  p50 {q(50)}  p99 {q(99)}  status {codes}  errors {kinds or '{}'}")
PY
}

echo
echo "== Normal requests: ${RATE}/s for ${MEASURE} s (hey -c 10 -q $((RATE / 10)) -t 5 -disable-keepalive)"
measure "no attack"

echo "== Attack: $CONNECTIONS slow connections from 127.0.0.1, one header line every ${INTERVAL} s; measuring after ${SETTLE} s"
python3 scripts/slowclients.py --port "$nginx_port" --connections "$CONNECTIONS" --interval "$INTERVAL" \
  --duration $((SETTLE + MEASURE + 5)) >"$work_dir/slowclients.json" 2>"$work_dir/slowclients.err" &
attack_pid="$!"
pids+=("$attack_pid")
sleep "$SETTLE"
echo "   nginx $(curl -s -m 5 "http://127.0.0.1:$status_port/stub_status" | head -n1 || echo 'status: no answer')"
measure "during attack"
wait "$attack_pid" || true
echo "   attack: $(cat "$work_dir/slowclients.json")"
echo "   nginx error log: $(grep -c 'worker_connections are not enough' "$prefix/logs/error.log" 2>/dev/null || true) x 'worker_connections are not enough'"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
