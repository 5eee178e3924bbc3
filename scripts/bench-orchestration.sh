#!/usr/bin/env bash
# Orchestration benchmark: the Aspire AppHost (executables mode, under DCP) against the previous
# design, the Lab's own supervisor (removed from the tree; built from git history at LAB_REF into a
# temporary worktree), side by side in the same run, on loopback only. For each of RUNS rounds (the order of
# the two alternates from round to round) each stack is started on its own offset ports, then:
#   1. time from the command to every resource healthy, checked from outside: nginx answers /health
#      through its port, every API replica's /health is 200, Prometheus and Alertmanager /-/ready,
#      the alert receiver answers on the webhookReceiver port (/health for the AppHost's receiver;
#      the Lab's receiver lives inside the Lab and serves only POST, so any HTTP answer counts),
#      node and nginx exporter /metrics;
#   2. idle cost of the orchestration itself after IDLE seconds with no load: CPU % of one core over
#      a WINDOW-second window (utime+stime deltas from /proc/<pid>/stat) and memory (VmRSS, plus PSS,
#      which does not count shared pages twice). AppHost side = the AppHost process + every DCP
#      process (argv[0] is .../dcp: apiserver, controllers and one `dcp monitor-process` per
#      resource) + the Aspire dashboard; Lab side = the Lab process. Managed infrastructure
#      (Prometheus, Nginx, APIs, exporters, the AppHost's alert receiver) is excluded from both;
#   3. MTTR of a killed replica: kill -9 of api-1's process (found by /proc/<pid>/environ:
#      Service__InstanceId=api-1 and this run's tag; for the AppHost also MONITORINGSTACK_STACK_ID)
#      -> api-1 /health 200 again, from a new process. KILLS kills per stack and round, GAP seconds
#      apart after recovery (the AppHost's restart backoff resets after 30 s of stable run, the
#      Lab's after 10 s), and a fresh stack each round.
# Prints a table of medians (and every sample) and the ratios AppHost / Lab.
# Every process this script starts carries BENCH_ORCH_TAG=<unique> in its environment (DCP and the Lab
# pass their environment on); on exit, failure or Ctrl-C the trap stops the orchestrators and then
# kills every process, and process group, that carries the tag.
# Noisy on a shared 2-core machine: compare within a run, read ratios rather than absolute numbers.
#
# Usage: scripts/bench-orchestration.sh           (build first: dotnet build MonitoringStack.sln -c Release)
# Knobs: RUNS (3), KILLS (2), GAP (32 s), IDLE (60 s), WINDOW (30 s), APPHOST_OFFSET (23000),
#        LAB_OFFSET (24000), READY_TIMEOUT (240 s), TOTAL_TIMEOUT (3000 s), BUILD=1 builds first,
#        KEEP=1 keeps the temporary folder (logs, journals, per-sample JSON),
#        LAB_REF (81c5925, the last commit with the Lab) is what the reference is built from.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export RUNS="${RUNS:-3}" KILLS="${KILLS:-2}" GAP="${GAP:-32}" IDLE="${IDLE:-60}" WINDOW="${WINDOW:-30}"
export APPHOST_OFFSET="${APPHOST_OFFSET:-23000}" LAB_OFFSET="${LAB_OFFSET:-24000}"
export READY_TIMEOUT="${READY_TIMEOUT:-240}"
TOTAL_TIMEOUT="${TOTAL_TIMEOUT:-3000}"
APPHOST_DLL="MonitoringStack.AppHost/bin/Release/net10.0/MonitoringStack.AppHost.dll"
LAB_REF="${LAB_REF:-81c5925}"

if [ "${BUILD:-0}" = 1 ]; then
  dotnet build MonitoringStack.sln -c Release -warnaserror -nologo -v q
fi
for f in "$APPHOST_DLL" MonitoringStack.Api/bin/Release/net10.0/MonitoringStack.Api.dll; do
  [ -f "$f" ] || { echo "missing $f: run dotnet build MonitoringStack.sln -c Release first (or BUILD=1)" >&2; exit 2; }
done

WORK="$(mktemp -d /tmp/bench-orch.XXXXXX)"
export WORK ROOT APPHOST_DLL
# Not exported: only the processes the driver starts carry it (not this shell, timeout or the driver).
BENCH_ORCH_TAG="bench-orch-$$-$(date +%s%N)"
driver_pid=""

# Every process carrying the tag: the orchestrators, DCP (which detaches into its own session) and
# everything they started.
tagged_pids() {
  local p
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    [ "$p" != "$$" ] || continue
    grep -qa "BENCH_ORCH_TAG=$BENCH_ORCH_TAG" "/proc/$p/environ" 2>/dev/null && echo "$p"
  done
  return 0
}

cleanup() {
  local rc=$? p pg deadline left
  trap - EXIT INT TERM
  [ -n "$driver_pid" ] && kill -TERM "$driver_pid" 2>/dev/null || true
  # Orchestrators first, gently (SIGTERM: background jobs ignore SIGINT), so they stop what they run.
  for p in $(tagged_pids); do
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -Eq 'MonitoringStack\.(AppHost|Lab)\.dll'; then
      kill -TERM "$p" 2>/dev/null || true
    fi
  done
  deadline=$(( $(date +%s) + 20 ))
  while left="$(tagged_pids)"; [ -n "$left" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  # Then whatever is left, by process group and by pid.
  for p in $(tagged_pids); do
    pg="$(ps -o pgid= -p "$p" 2>/dev/null | tr -d ' ')"
    [ -n "$pg" ] && [ "$pg" != "$(ps -o pgid= -p $$ | tr -d ' ')" ] && kill -KILL -- "-$pg" 2>/dev/null || true
    kill -KILL "$p" 2>/dev/null || true
  done
  left="$(tagged_pids)"
  [ -z "$left" ] || echo "warning: processes still carrying the tag: $left" >&2
  git -C "$ROOT" worktree remove --force "$WORK/lab-src" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ] || [ "$rc" != 0 ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The reference: the Lab as it was at LAB_REF, in a worktree of its own (removed by the trap).
git worktree add --detach -q "$WORK/lab-src" "$LAB_REF"
for project in Lab Api; do
  dotnet build "$WORK/lab-src/MonitoringStack.$project/MonitoringStack.$project.csproj" -c Release -nologo -v q >/dev/null
done
LAB_DLL="$WORK/lab-src/MonitoringStack.Lab/bin/Release/net10.0/MonitoringStack.Lab.dll"
export LAB_DLL

cat >"$WORK/driver.py" <<'PY'
import json, os, signal, socket, statistics, subprocess, sys, time, urllib.request, urllib.error, hashlib

E = os.environ
ROOT, WORK, TAG = E["ROOT"], E["WORK"], E["BENCH_TAG_VALUE"]
E = dict(E, BENCH_ORCH_TAG=TAG)  # the environment of every process started below
RUNS, KILLS, GAP = int(E["RUNS"]), int(E["KILLS"]), float(E["GAP"])
IDLE, WINDOW, READY_TIMEOUT = float(E["IDLE"]), float(E["WINDOW"]), float(E["READY_TIMEOUT"])
HZ = os.sysconf("SC_CLK_TCK")
TOPOLOGY = json.load(open(os.path.join(ROOT, "config", "topology.json")))

def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

def topology(offset):
    t = dict(TOPOLOGY)
    t["apiBasePort"] = TOPOLOGY["apiBasePort"] + offset
    t["ports"] = {k: v + offset for k, v in TOPOLOGY["ports"].items()}
    return t

def port_free(port):
    with socket.socket() as s:
        # As a server binds: connections of the last stack left in TIME_WAIT do not make a port busy.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port)); return True
        except OSError:
            return False

def all_ports(t):
    return list(t["ports"].values()) + [t["apiBasePort"] + i for i in range(t["maxReplicas"])]

def wait_ports_free(t, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        busy = [p for p in all_ports(t) if not port_free(p)]
        if not busy: return
        time.sleep(0.5)
    owners = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
    owners = [l for l in owners.splitlines() if any(f":{p} " in l for p in busy)]
    raise SystemExit(f"ports still busy: {busy} {owners} (another stack on this offset? set APPHOST_OFFSET / LAB_OFFSET)")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def http_status(url, timeout=0.5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r: return r.status
    except urllib.error.HTTPError as e: return e.code
    except Exception: return 0

def checks(kind, t):
    p, base = t["ports"], t["apiBasePort"]
    c = {"nginx": (f"http://127.0.0.1:{p['nginx']}/health", 200)}
    for i in range(t["replicas"]):
        c[f"api-{i}"] = (f"http://127.0.0.1:{base + i}/health", 200)
    c["prometheus"] = (f"http://127.0.0.1:{p['prometheus']}/-/ready", 200)
    c["alertmanager"] = (f"http://127.0.0.1:{p['alertmanager']}/-/ready", 200)
    # The Lab's receiver is inside the Lab and serves only POST: any HTTP answer means it listens.
    c["alert-receiver"] = (f"http://127.0.0.1:{p['webhookReceiver']}/health", 200 if kind == "apphost" else None)
    c["node-exporter"] = (f"http://127.0.0.1:{p['nodeExporter']}/metrics", 200)
    c["nginx-exporter"] = (f"http://127.0.0.1:{p['nginxExporter']}/metrics", 200)
    return c

def ok(status, want):
    return status == want if want is not None else status > 0

def procs():
    for d in os.listdir("/proc"):
        if d.isdigit(): yield int(d)

def environ(pid):
    try:
        with open(f"/proc/{pid}/environ", "rb") as f: return f.read().split(b"\0")
    except OSError: return []

def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f: return [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError: return []

def tagged():
    mark = f"BENCH_ORCH_TAG={TAG}".encode()
    return [p for p in procs() if mark in environ(p)]

def cpu_ticks(pid):
    try:
        s = open(f"/proc/{pid}/stat").read()
        f = s[s.rindex(")") + 2:].split()
        return int(f[11]) + int(f[12])  # utime, stime (fields 14, 15)
    except (OSError, ValueError): return None

def mem_kb(pid):
    rss = pss = None
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"): rss = int(line.split()[1])
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"): pss = int(line.split()[1])
    except OSError: pass
    return rss or 0, pss or 0

def classify(kind, orchestrator_pid, pid):
    argv = cmdline(pid)
    if not argv: return None
    if pid == orchestrator_pid: return "apphost" if kind == "apphost" else "lab"
    if kind == "apphost":
        if os.path.basename(argv[0]) == "dcp": return "dcp"
        if any("Aspire.Dashboard" in a for a in argv): return "dashboard"
        if any("MonitoringStack.AlertReceiver" in a for a in argv): return "alert-receiver"  # reported apart, not summed
    return None

class Stack:
    def __init__(self, kind, run):
        self.kind, self.run = kind, run
        self.offset = int(E["APPHOST_OFFSET"] if kind == "apphost" else E["LAB_OFFSET"])
        self.t = topology(self.offset)
        self.dir = os.path.join(WORK, f"{kind}-{run}")
        os.makedirs(self.dir)
        self.state = os.path.join(self.dir, "state")
        self.proc = None
        self.kills = []  # (wall time of the kill, wall time /health answered 200 again)

    def command(self):
        if self.kind == "apphost":
            topo = os.path.join(self.dir, "topology.json")
            json.dump(self.t, open(topo, "w"), indent=2)
            env = dict(E, ASPNETCORE_ENVIRONMENT="Development", DOTNET_ENVIRONMENT="Development",
                       ASPIRE_ALLOW_UNSECURED_TRANSPORT="true",
                       ASPNETCORE_URLS=f"http://127.0.0.1:{free_port()}",
                       ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
                       ASPIRE_DASHBOARD_MCP_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
                       ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}")
            argv = ["dotnet", E["APPHOST_DLL"], "--Stack:InfrastructureAs=executables",
                    f"--Stack:StateDirectory={self.state}", f"--Stack:TopologyFile={topo}"]
        else:
            env = dict(E)
            argv = ["dotnet", E["LAB_DLL"], "--state-dir", self.state, "up", "--no-build", "--no-grafana",
                    "--port-offset", str(self.offset)]
        return argv, env

    def start(self):
        wait_ports_free(self.t)
        argv, env = self.command()
        self.argv = argv
        out = open(os.path.join(self.dir, "out.log"), "w")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        pending = checks(self.kind, self.t)
        deadline = t0 + READY_TIMEOUT
        while pending:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.kind} exited with {self.proc.returncode} before healthy; see {self.dir}/out.log")
            if time.monotonic() > deadline:
                raise SystemExit(f"{self.kind} not healthy after {READY_TIMEOUT:.0f} s: {sorted(pending)}; see {self.dir}/out.log")
            for name, (url, want) in list(pending.items()):
                if ok(http_status(url), want): del pending[name]
            if pending: time.sleep(0.05)
        self.healthy_at = time.monotonic()
        ready = self.healthy_at - t0
        # Confirm with one full sweep (nothing went down again meanwhile).
        bad = [n for n, (u, w) in checks(self.kind, self.t).items() if not ok(http_status(u, 2), w)]
        if bad: log(f"  note: {bad} not healthy on the confirming sweep")
        return ready

    def idle(self):
        time.sleep(max(0, self.healthy_at + IDLE - time.monotonic()))
        def snapshot():
            s = {}
            for p in tagged():
                c = classify(self.kind, self.proc.pid, p)
                if c: s[p] = (c, cpu_ticks(p))
            return s
        a = snapshot(); t_a = time.monotonic()
        time.sleep(WINDOW)
        b = snapshot(); t_b = time.monotonic()
        out = {}
        for p, (c, ticks) in b.items():
            o = out.setdefault(c, {"cpu": 0.0, "rss": 0, "pss": 0, "n": 0})
            rss, pss = mem_kb(p)
            o["rss"] += rss; o["pss"] += pss; o["n"] += 1
            if p in a and ticks is not None and a[p][1] is not None:
                o["cpu"] += (ticks - a[p][1]) / HZ / (t_b - t_a) * 100
        return out

    def api1(self):
        want = [b"Service__InstanceId=api-1", f"BENCH_ORCH_TAG={TAG}".encode()]
        if self.kind == "apphost":
            sid = hashlib.sha256(os.path.abspath(self.state).encode()).hexdigest()[:10]
            want.append(f"MONITORINGSTACK_STACK_ID={sid}".encode())
        found = [p for p in procs() if all(w in environ(p) for w in want)
                 and any("MonitoringStack.Api.dll" in a for a in cmdline(p))]
        if len(found) != 1: raise SystemExit(f"{self.kind}: expected one api-1 process, found {found}")
        return found[0]

    def kill_api1(self):
        pid = self.api1()
        url = f"http://127.0.0.1:{self.t['apiBasePort'] + 1}/health"
        t0, wall = time.monotonic(), time.time()
        os.kill(pid, signal.SIGKILL)
        while http_status(url, 0.2) == 200 and time.monotonic() - t0 < 2: time.sleep(0.005)  # seen down
        while http_status(url, 0.5) != 200:
            if time.monotonic() - t0 > 60: raise SystemExit(f"{self.kind}: api-1 not back within 60 s")
            time.sleep(0.02)
        mttr = time.monotonic() - t0
        new = self.api1()
        if new == pid: raise SystemExit(f"{self.kind}: api-1 still pid {pid}: the kill did not take")
        self.kills.append((wall, wall + mttr))
        return mttr

    def stop(self):
        t0 = time.monotonic()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try: self.proc.wait(30)
            except subprocess.TimeoutExpired: log(f"  {self.kind} still running 30 s after SIGTERM")
        # Whatever is left (DCP stops the resources a few seconds after the AppHost exits): wait, then kill.
        # One stack runs at a time, so every tagged process is this stack's.
        deadline = time.monotonic() + 20
        while tagged() and time.monotonic() < deadline: time.sleep(0.5)
        left = tagged()
        if left: log(f"  killing what is left of {self.kind}: " + "; ".join(f"{p} {' '.join(cmdline(p))[:60]}" for p in left))
        for p in left:
            try: os.killpg(os.getpgid(p), signal.SIGKILL)
            except OSError: pass
            try: os.kill(p, signal.SIGKILL)
            except OSError: pass
        wait_ports_free(self.t)
        log(f"  {self.kind} stopped in {time.monotonic() - t0:.1f} s")

def journal_mttr(stack):
    """The orchestrator's own restart journal, matched in order with our kills: where the MTTR goes.
    detect = kill -> exit recorded by the orchestrator; restart = exit recorded -> restart done (AppHost:
    its Start command returned; Lab: the new process spawned, after its 0.2 s policy delay);
    start = restart done -> /health 200 seen from outside."""
    import glob, datetime
    def ts(s):
        head, _, frac = s.replace("Z", "+00:00").partition(".")
        digits = "".join(c for c in frac if c.isdigit()); zone = frac[len(digits):]
        return datetime.datetime.fromisoformat(f"{head}.{digits[:6].ljust(6, '0')}{zone}").timestamp()
    pattern = ("journal", "restarts.jsonl") if stack.kind == "apphost" else ("runs", "*", "restarts.jsonl")
    rows = [json.loads(l) for f in sorted(glob.glob(os.path.join(stack.state, *pattern))) for l in open(f) if l.strip()]
    rows = [r for r in rows if r.get("resource") == "api-1"]
    out = []
    for (kill, ready), r in zip(stack.kills, rows):
        exited, restarted = ts(r["exitedAt"]), ts(r["restartedAt"])
        out.append({"detect": exited - kill, "restart": restarted - exited, "start": ready - restarted,
                    "backoff": r.get("backoffSeconds", r.get("delay"))})
    return out

results = {k: {"ready": [], "mttr": [], "idle": [], "journal": []} for k in ("apphost", "lab")}
for run in range(1, RUNS + 1):
    order = ("apphost", "lab") if run % 2 else ("lab", "apphost")
    for kind in order:
        s = Stack(kind, run)
        try:
            log(f"run {run}/{RUNS} {kind}: {' '.join(s.command()[0]) if kind == 'lab' else 'dotnet ' + E['APPHOST_DLL']} (ports +{s.offset})")
            ready = s.start(); results[kind]["ready"].append(ready)
            log(f"  every resource healthy after {ready:.2f} s; idle {IDLE:.0f} s, then {WINDOW:.0f} s of measurement")
            idle = s.idle(); results[kind]["idle"].append(idle)
            log("  idle: " + ", ".join(f"{c} x{v['n']} {v['cpu']:.2f}% CPU {v['rss']/1024:.0f} MB RSS" for c, v in sorted(idle.items())))
            for k in range(KILLS):
                if k: time.sleep(GAP)
                m = s.kill_api1(); results[kind]["mttr"].append(m)
                log(f"  kill -9 api-1 -> /health 200 in {m*1000:.0f} ms")
            time.sleep(3)  # the orchestrators' own readiness probes finish writing their journals
            results[kind]["journal"] += journal_mttr(s)
        finally:
            log(f"  stopping {kind}")
            s.stop()
json.dump(results, open(os.path.join(WORK, "results.json"), "w"), indent=1)

med = statistics.median
def idle_total(kind, field):
    parts = ("apphost", "dcp", "dashboard") if kind == "apphost" else ("lab",)
    return [sum(i.get(p, {}).get(field, 0) for p in parts) for i in results[kind]["idle"]]
def part(kind, p, field):
    return [i.get(p, {}).get(field, 0) for i in results[kind]["idle"]]
def fmt(xs, f): return ", ".join(f(x) for x in xs)
A, L = results["apphost"], results["lab"]
rows = [
    ("time to every resource healthy (s)", A["ready"], L["ready"], lambda x: f"{x:.2f}"),
    ("MTTR kill -9 api-1 -> /health 200 (s)", A["mttr"], L["mttr"], lambda x: f"{x:.2f}"),
    ("idle CPU, % of one core", idle_total("apphost", "cpu"), idle_total("lab", "cpu"), lambda x: f"{x:.2f}"),
    ("idle RSS (MB, VmRSS sum)", [x / 1024 for x in idle_total("apphost", "rss")], [x / 1024 for x in idle_total("lab", "rss")], lambda x: f"{x:.0f}"),
    ("idle PSS (MB, shared pages split)", [x / 1024 for x in idle_total("apphost", "pss")], [x / 1024 for x in idle_total("lab", "pss")], lambda x: f"{x:.0f}"),
]
print()
print(f"Orchestration: Aspire AppHost vs the Lab — RUNS={RUNS} KILLS={KILLS} GAP={GAP:.0f}s IDLE={IDLE:.0f}s WINDOW={WINDOW:.0f}s, "
      f"load average at end {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
print()
print("| figure | AppHost median | Lab median | ratio AppHost/Lab | AppHost samples | Lab samples |")
print("|---|---|---|---|---|---|")
for name, a, l, f in rows:
    ratio = f"{med(a) / med(l):.2f}" if med(l) else "n/a (Lab below the 1-tick resolution)"
    print(f"| {name} | **{f(med(a))}** | **{f(med(l))}** | **{ratio}** | {fmt(a, f)} | {fmt(l, f)} |")
print()
print("AppHost side, idle, by part (median over runs):")
print("| part | processes | CPU % | RSS MB | PSS MB |")
print("|---|---|---|---|---|")
for p in ("apphost", "dcp", "dashboard", "alert-receiver"):
    n = med(part("apphost", p, "n"))
    note = " (managed resource, not summed; the Lab has its receiver in-process)" if p == "alert-receiver" else ""
    print(f"| {p}{note} | {n:.0f} | {med(part('apphost', p, 'cpu')):.2f} | {med(part('apphost', p, 'rss'))/1024:.0f} | {med(part('apphost', p, 'pss'))/1024:.0f} |")
print()
print("Where the MTTR goes (medians; from each orchestrator's restarts.jsonl, clocks of the same machine):")
print("| stack | kill -> exit recorded | exit recorded -> restart done | restart done -> /health 200 | samples |")
print("|---|---|---|---|---|")
for kind, label in (("apphost", "AppHost"), ("lab", "Lab")):
    j = results[kind]["journal"]
    if j:
        print(f"| {label} | {med([x['detect'] for x in j]):.2f} s | {med([x['restart'] for x in j]):.2f} s | {med([x['start'] for x in j]):.2f} s | {len(j)} |")
PY

BENCH_TAG_VALUE="$BENCH_ORCH_TAG" timeout --signal=TERM "$TOTAL_TIMEOUT" python3 -u "$WORK/driver.py" &
driver_pid=$!
wait "$driver_pid"
