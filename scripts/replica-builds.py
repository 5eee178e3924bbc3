#!/usr/bin/env python3
"""Measures each build of the API that scripts/bench-replica-builds.sh prepared and prints a table
with ratios against the first one (the reference: the replica the AppHost ran before, built from git).

Per variant: STARTS cold starts (process start to the first 200 from /alive, and RSS once idle),
then on one instance: /metrics render time, RSS and CPU per request at a fixed load (paced wrk),
the maximum rate of GET /data and POST /process (wrk flat out), and GET /data again on a second
instance with telemetry off (instrumentation overhead). Every process is started in its own
session and killed with its group, even when a measurement fails.
"""
import http.client, json, os, re, signal, statistics, subprocess, sys, time

STARTS = int(os.environ.get("STARTS", "5"))
DURATION = os.environ.get("DURATION", "8s")
WARMUP = os.environ.get("WARMUP", "3s")
IDLE_SECONDS = float(os.environ.get("IDLE_SECONDS", "3"))
PORT = int(os.environ.get("PORT", "47100"))
HZ = os.sysconf("SC_CLK_TCK")
SCRIPTS = os.path.dirname(os.path.abspath(__file__))


def rss_mb(pid, kind="VmRSS"):
    """VmRSS, or RssAnon: the private part (heaps, JIT'd code) that every further replica adds; the rest
    is mostly the runtime's and framework's files, mapped once for all replicas on a machine."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(kind + ":")) / 1024


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def get(path, timeout=1.0):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Api:
    """One instance of a variant on PORT; the context manager kills its process group on exit."""

    def __init__(self, variant, telemetry=True):
        self.variant, self.telemetry = variant, telemetry

    def __enter__(self):
        env = dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{PORT}", ASPNETCORE_ENVIRONMENT="Development",
                   Service__InstanceId=f"bench-{self.variant['name']}", Telemetry__Enabled=str(self.telemetry).lower(),
                   **self.variant.get("env", {}))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(self.variant["command"], cwd=self.variant["cwd"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = self.started + 30
        while time.perf_counter() < deadline:
            try:
                if get("/alive", 0.5) == 200:
                    self.start_ms = (time.perf_counter() - self.started) * 1000
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.005)
        self.__exit__()
        raise RuntimeError(f"{self.variant['name']} did not answer /alive (exit code {self.process.poll()})")

    def __exit__(self, *_):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        # The port must be free before the next start, or that start would time the old process.
        while True:
            try:
                get("/alive", 0.2)
                time.sleep(0.05)
            except OSError:
                return


def wrk(api, path, connections, script=None, duration=None):
    """Runs wrk against the instance; returns (requests/s, CPU microseconds per request, wrk output)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration or DURATION}", f"http://127.0.0.1:{PORT}{path}"]
    if script:
        command[1:1] = ["-s", os.path.join(SCRIPTS, "wrk", script)]
    before = cpu_ticks(api.process.pid)
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = cpu_ticks(api.process.pid)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, (after - before) / HZ * 1e6 / max(requests, 1), out


def measure(variant):
    result = {"starts": [], "idle": [], "idle_anon": []}
    for _ in range(STARTS):
        with Api(variant) as api:
            result["starts"].append(api.start_ms)
            time.sleep(IDLE_SECONDS)
            result["idle"].append(rss_mb(api.process.pid))
            result["idle_anon"].append(rss_mb(api.process.pid, "RssAnon"))
    with Api(variant) as api:
        get("/metrics")  # the first render builds the exporter's buffers: time the steady ones
        renders = []
        for _ in range(20):
            t = time.perf_counter()
            assert get("/metrics", 5) == 200
            renders.append((time.perf_counter() - t) * 1000)
        result["metrics_ms"] = statistics.median(renders)
        wrk(api, "/data", 32, duration=WARMUP)  # warm-up: the JIT's tiers settle before anything is compared
        result["paced_rps"], result["paced_cpu_us"], _ = wrk(api, "/data", 10, "paced.lua")
        result["paced_rss"] = rss_mb(api.process.pid)
        result["data_rps"], result["data_cpu_us"], out = wrk(api, "/data", 32)
        if "Non-2xx" in out:
            raise RuntimeError(f"{variant['name']}: non-2xx answers on GET /data\n{out}")
        _, _, out = wrk(api, "/process", 32, "post-order.lua")
        ok = int(re.search(r"STATUS ok=(\d+)", out).group(1))
        result["process_ok_s"] = ok / float(DURATION.rstrip("s"))
        result["peak_rss"] = rss_mb(api.process.pid)
    with Api(variant, telemetry=False) as api:
        wrk(api, "/data", 32, duration=WARMUP)
        result["data_rps_off"], _, _ = wrk(api, "/data", 32)
    return result


COLUMNS = [  # key, heading, format, lower is better
    ("start_ms", "start→/alive ms", "{:.0f}", True),
    ("idle_rss", "idle RSS MB", "{:.1f}", True),
    ("idle_anon", "idle RssAnon MB", "{:.1f}", True),
    ("paced_rss", "RSS @paced MB", "{:.1f}", True),
    ("paced_cpu_us", "CPU µs/req @paced", "{:.0f}", True),
    ("data_rps", "GET /data max RPS", "{:.0f}", False),
    ("process_ok_s", "POST /process ok/s", "{:.1f}", False),
    ("overhead", "telemetry on/off RPS", "{:.2f}", False),
    ("metrics_ms", "/metrics ms", "{:.2f}", True),
]


def main():
    variants = json.loads(sys.argv[1])
    rows, failures = [], []
    for variant in variants:
        if "failed" in variant:
            failures.append((variant["name"], variant["failed"]))
            continue
        print(f"== {variant['name']}: {' '.join(variant['command'])} {variant.get('env', '')}", flush=True)
        try:
            r = measure(variant)
        except (RuntimeError, subprocess.CalledProcessError, AssertionError) as error:
            failures.append((variant["name"], str(error).splitlines()[0]))
            continue
        r["start_ms"], r["idle_rss"], r["idle_anon"] = (statistics.median(r[k]) for k in ("starts", "idle", "idle_anon"))
        r["overhead"] = r["data_rps"] / r["data_rps_off"]
        print(f"   starts ms {[round(s) for s in r['starts']]}, idle RSS MB {[round(m, 1) for m in r['idle']]}, "
              f"peak RSS {r['peak_rss']:.1f} MB, GET /data telemetry off {r['data_rps_off']:.0f}/s", flush=True)
        rows.append((variant["name"], r))
    if not rows:
        sys.exit("no variant could be measured")
    base = rows[0][1]
    print(f"\n| build | {' | '.join(c[1] for c in COLUMNS)} |")
    print(f"|---|{'---:|' * len(COLUMNS)}")
    for name, r in rows:
        cells = [f"{fmt.format(r[key])} ({r[key] / base[key]:.2f}×)" for key, _, fmt, _ in COLUMNS]
        print(f"| {name} | {' | '.join(cells)} |")
    print("\n(×: ratio to the first row, the reference: the replica the AppHost ran before, built from git)")
    for name, reason in failures:
        print(f"not measured: {name}: {reason}")


if __name__ == "__main__":
    main()
