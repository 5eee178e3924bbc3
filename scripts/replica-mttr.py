#!/usr/bin/env python3
"""Measures the MTTR of a SIGKILLed API replica under the AppHost, once per variant, for
scripts/bench-replica-mttr.sh (which sets the environment, the tag and the cleanup).

Per variant: starts `dotnet run --project MonitoringStack.AppHost -c Release --no-build` with the variant's
arguments and a state folder of its own (a fresh journal), waits until every starting replica answers /alive,
then KILLS times: SIGKILL to the process listening on a replica's port, /alive polled every 10 ms until it
answers 200 again (kill→200 is the MTTR), and the split from the supervisor's journal (restarts.jsonl:
exitedAt, when the AppHost saw the exit) and /proc (when the new process started):
  exit detection (DCP)             kill → exitedAt
  restart issued → process start  exitedAt → the new process' start (backoff, Start command, DCP creating it)
  start → /alive                   the new process' start → the first 200
and, before the first kill, every replica's resident memory at rest (VmRSS).
The AppHost is stopped by SIGTERM to its process group after each variant, even when a measurement fails.
"""
import datetime, json, os, re, shlex, signal, statistics, subprocess, sys, time, urllib.error, urllib.request

E = os.environ
ROOT, WORK, TAG = E["ROOT"], E["WORK"], E["TAG_VALUE"]
KILLS = int(E.get("KILLS", "10"))
VARIANTS = E.get("VARIANTS", "default").split()
APPHOST_ARGS = shlex.split(E.get("APPHOST_ARGS", ""))
READY_TIMEOUT = float(E.get("READY_TIMEOUT", "300"))
RECOVERY_TIMEOUT = 30.0
# RestartBackoff (MonitoringStack.Hosting/Replicas/RestartBackoff.cs) restarts the first crash at once and
# backs off each further one unless the replica ran for StableAfter = 30 s (counted from DCP's Running, which
# comes before /alive, but is seen late on a busy machine): a replica is killed again only 32 s after it answered,
# so every kill is a first crash.
STABLE_AFTER = float(E.get("STABLE_AFTER", "32"))
TOPOLOGY = json.load(open(E.get("TOPOLOGY", os.path.join(ROOT, "config", "topology.json"))))
BASE_PORT = TOPOLOGY["apiBasePort"]
REPLICAS = int(E.get("REPLICAS", TOPOLOGY["replicas"]))
# api-1 first, then the others in turn: with 2 replicas a kill every ~16 s instead of every 32 s.
TARGETS = E.get("TARGETS", " ".join([f"api-{i}" for i in range(1, REPLICAS)] + ["api-0"])).split()
HZ = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def port_of(replica):
    return BASE_PORT + int(replica.rsplit("-", 1)[1])


def alive(port, timeout=0.5):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/alive", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def listener(port):
    """The pid listening on 127.0.0.1:port (the replica itself: the set's endpoints are not proxied)."""
    out = subprocess.run(["ss", "-Htlnp", f"sport = :{port}"], capture_output=True, text=True).stdout
    pids = {int(pid) for pid in re.findall(r"pid=(\d+)", out)}
    return pids.pop() if len(pids) == 1 else None


def started_wall(pid):
    """When the process started, on the wall clock (its start in boot-clock ticks, against /proc/uptime now); 10 ms resolution."""
    with open(f"/proc/{pid}/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return time.time() - (uptime - start_ticks / HZ)


def parse_time(text):
    head, _, frac = text.replace("Z", "+00:00").partition(".")
    digits = "".join(c for c in frac if c.isdigit())
    return datetime.datetime.fromisoformat(f"{head}.{digits[:6].ljust(6, '0')}{frac[len(digits):]}").timestamp()


def tagged():
    mark = f"BENCH_MTTR_TAG={TAG}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    if mark in f.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                pass
    return found


class Stack:
    """One AppHost run; stop() sends SIGTERM to its process group, waits, then kills whatever carries the tag."""

    def __init__(self, variant):
        self.dir = os.path.join(WORK, variant)
        self.state = os.path.join(self.dir, "state")
        os.makedirs(self.dir)
        extra = [] if variant == "default" else [f"--Stack:ReplicaBuild={variant}"]
        self.argv = ["dotnet", "run", "--project", "MonitoringStack.AppHost", "-c", "Release", "--no-build", "--",
                     f"--Stack:StateDirectory={self.state}", *APPHOST_ARGS, *extra]
        self.process = None
        self.idle_rss = []

    def start(self):
        busy = [p for p in [TOPOLOGY["ports"]["nginx"]] + [BASE_PORT + i for i in range(TOPOLOGY["maxReplicas"])] if listener(p) or alive(p, 0.2)]
        if busy:
            raise SystemExit(f"ports {busy} are in use: another stack runs (run under flock /tmp/monitoringstack-ports.lock)")
        log(" ".join(self.argv))
        out = open(os.path.join(self.dir, "apphost.log"), "w")
        started = time.monotonic()
        self.process = subprocess.Popen(self.argv, cwd=ROOT, env=dict(E, BENCH_MTTR_TAG=TAG), stdout=out,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        waiting = set(range(REPLICAS))
        while waiting:
            if self.process.poll() is not None:
                out.close()
                last = [line.strip() for line in open(out.name) if line.strip()][-1:] or ["no output"]
                raise SystemExit(f"the AppHost exited with {self.process.returncode} before the replicas answered: {last[0][:200]}")
            if time.monotonic() - started > READY_TIMEOUT:
                raise SystemExit(f"api-{sorted(waiting)} did not answer /alive within {READY_TIMEOUT:.0f} s; see {out.name}")
            waiting = {i for i in waiting if not alive(BASE_PORT + i)}
            time.sleep(0.1)
        log(f"  {REPLICAS} replicas answer /alive after {time.monotonic() - started:.1f} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                log("  the AppHost still runs 60 s after SIGTERM")
        # DCP stops the resources a few seconds after the AppHost exits; whatever is left after 30 s is killed.
        deadline = time.monotonic() + 30
        while tagged() and time.monotonic() < deadline:
            time.sleep(0.5)
        for pid in tagged():
            log(f"  killing leftover {pid}")
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def idle_rss(replicas):
    """Each replica's resident memory, at rest (no traffic but the stack's own: scrapes, probes, OTLP export)."""
    return [rss_mb(pid) for pid in (listener(port_of(replica)) for replica in replicas) if pid]


def kill_once(replica):
    port = port_of(replica)
    pid = listener(port)
    if pid is None:
        raise SystemExit(f"no single process listens on {replica}'s port {port}")
    killed_wall, killed = time.time(), time.monotonic()
    os.kill(pid, signal.SIGKILL)
    while not alive(port, 0.5):
        if time.monotonic() - killed > RECOVERY_TIMEOUT:
            raise SystemExit(f"{replica} did not answer /alive within {RECOVERY_TIMEOUT:.0f} s of the kill")
        time.sleep(0.01)
    mttr = time.monotonic() - killed
    new_pid = listener(port)
    if new_pid in (None, pid):
        raise SystemExit(f"{replica} answers from pid {new_pid}, killed {pid}: the kill did not take")
    return {"replica": replica, "killed": killed_wall, "alive": killed_wall + mttr, "mttr": mttr,
            "processStart": started_wall(new_pid)}


def with_journal(stack, kills):
    """Matches each kill with the supervisor's restart of that replica, in order."""
    path = os.path.join(stack.state, "journal", "restarts.jsonl")
    rows = [json.loads(line) for line in open(path) if line.strip()] if os.path.exists(path) else []
    by_replica = {}
    for row in rows:
        by_replica.setdefault(row["resource"], []).append(row)
    for kill in kills:
        row = by_replica.get(kill["replica"], []).pop(0) if by_replica.get(kill["replica"]) else None
        if row is None:
            continue
        exited = parse_time(row["exitedAt"])
        kill.update(detect=exited - kill["killed"], restart=kill["processStart"] - exited,
                    start=kill["alive"] - kill["processStart"], backoff=row["backoffSeconds"], attempt=row["attempt"])
    return kills


def measure(variant):
    stack = Stack(variant)
    kills = []
    try:
        stack.start()
        # Every replica has run since before the stack answered; a kill once it has answered for STABLE_AFTER is a
        # first crash. The kills are spread evenly over that time, so that one replica's start does not overlap another's.
        ready_at = {replica: time.monotonic() for replica in TARGETS}
        last_ready = time.monotonic()
        for k in range(KILLS):
            replica = TARGETS[k % len(TARGETS)]
            due = max(ready_at[replica] + STABLE_AFTER, last_ready + STABLE_AFTER / len(TARGETS))
            time.sleep(max(0.0, due - time.monotonic()))
            if k == 0:
                # Before the first kill, STABLE_AFTER after the stack answered: the replicas at rest.
                stack.idle_rss = idle_rss(sorted(set(TARGETS)))
                log(f"  idle RSS: {', '.join(f'{mb:.1f}' for mb in stack.idle_rss)} MB")
            kill = kill_once(replica)
            ready_at[replica] = last_ready = time.monotonic()
            kills.append(kill)
            log(f"  kill {k + 1}/{KILLS} {replica}: /alive 200 after {kill['mttr'] * 1000:.0f} ms (load {os.getloadavg()[0]:.1f})")
        time.sleep(2)  # the supervisor journals a restart once its own readiness poll sees the replica
        return {"kills": with_journal(stack, kills), "idleRss": stack.idle_rss}
    finally:
        stack.stop()


def p90(values):
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)]


def main():
    # timeout and the wrapper's trap stop the run with SIGTERM: exit through the finally blocks that stop the AppHost.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load_before = os.getloadavg()
    results = {}
    for variant in VARIANTS:
        log(f"variant {variant}: KILLS={KILLS}, in turn on {' '.join(TARGETS)}, STABLE_AFTER={STABLE_AFTER:.0f} s")
        try:
            results[variant] = measure(variant)
        except SystemExit as failure:
            # One variant that cannot run (a setting this AppHost refuses, a replica that never answers) leaves the others' figures.
            if not isinstance(failure.code, str):
                raise
            log(f"  variant {variant} failed: {failure.code}")
            results[variant] = failure.code
    json.dump(results, open(os.path.join(WORK, "results.json"), "w"), indent=1)

    print()
    print(f"Replica MTTR: SIGKILL → /alive 200, KILLS={KILLS} per variant; {os.cpu_count()} cores, "
          f"load average before {' '.join(f'{x:.1f}' for x in load_before)}, after {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| variant | median ms | p90 ms | min ms | max ms | ratio to first | exit detection (DCP) | restart issued → process start | start → /alive | backoffs | idle RSS MB | samples ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    first = None
    for variant, result in results.items():
        if isinstance(result, str):
            print(f"| {variant} | failed: {result} ||||||||||")
            continue
        kills = result["kills"]
        rss = ", ".join(f"{mb:.1f}" for mb in result["idleRss"]) or "n/a"
        mttr = [k["mttr"] * 1000 for k in kills]
        median = statistics.median(mttr)
        first = first or median
        split = [k for k in kills if "detect" in k]

        def part(name):
            return f"{statistics.median(k[name] for k in split) * 1000:.0f} ms" if split else "n/a"
        backoffs = sum(1 for k in split if k["backoff"] > 0)
        unmatched = len(kills) - len(split)
        note = f"{backoffs}" + (f" ({unmatched} kills not in the journal)" if unmatched else "")
        print(f"| {variant} | **{median:.0f}** | {p90(mttr):.0f} | {min(mttr):.0f} | {max(mttr):.0f} | {median / first:.2f}× | "
              f"{part('detect')} | {part('restart')} | {part('start')} | {note} | {rss} | {', '.join(f'{x:.0f}' for x in mttr)} |")
    if not any(isinstance(result, dict) for result in results.values()):
        sys.exit(1)
    print()
    print("Split: medians of each part (they need not add up to the median MTTR). The split's clocks: the kill and /alive "
          "on this script's wall clock, exitedAt from the journal, the process start from /proc (10 ms ticks).")


if __name__ == "__main__":
    main()
