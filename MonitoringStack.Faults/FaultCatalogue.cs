using System.Globalization;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.Faults;

/// <summary>
/// Every fault the switches inject, once. The API's <c>/chaos</c> routes, the fault gauge, the AppHost's
/// dashboard commands, the experiments' <c>chaos</c> steps and the Chaos Mesh generator all read these
/// entries: a fault exists for all of them or for none. Each entry: its name (route, command, experiment
/// <c>fault:</c>, gauge label), its request record (the parameters, checked by their attributes), the
/// parameter that says how long it lasts (none for an instant fault), the dashboard preset, what it is with
/// Chaos Mesh, and what the switches do (a resource held while it lasts, or an action after the answer).
/// Adding one: docs/experiments.md, "Adding a fault type".
/// </summary>
public static class FaultCatalogue
{
    private static ChaosMeshSpec Http(ChaosMeshPod pod, string target) => new()
    {
        ["target"] = target,
        ["port"] = pod.Port,
        ["path"] = pod.HttpPath,
    };

    /// <summary>Every application request waits first; probes, scrapes and the switches are spared.</summary>
    public static readonly SwitchFault<LatencyFault> Latency = new("latency", FaultJson.Default.LatencyFault,
        preset: new(DelayMs: 500, DurationSeconds: 60),
        durationKey: nameof(LatencyFault.DurationSeconds),
        new("Inject latency (500 ms, 60 s)", "Adds 500 ms to every request for 60 s.", "Timer"),
        chaosMesh: (f, pod) =>
        {
            var spec = Http(pod, "Request");
            spec["delay"] = f.DelayMs.ToString(CultureInfo.InvariantCulture) + "ms";
            spec["duration"] = ChaosMeshSpec.Seconds(f.DurationSeconds);
            return new("HTTPChaos", null, spec,
                $"HTTP requests to {pod.HttpPath} of one pod are delayed (not /health or /metrics, so the probes and scrapes stay as they are; the API's own switch also spares them)");
        });

    /// <summary>A share of application requests answers an injected 5xx.</summary>
    public static readonly SwitchFault<ErrorFault> Errors = new("errors", FaultJson.Default.ErrorFault,
        preset: new(Rate: 0.5, Status: 500, DurationSeconds: 60),
        durationKey: nameof(ErrorFault.DurationSeconds),
        new("Inject errors (50% 500, 60 s)", "Half of the requests answer 500 for 60 s.", "ErrorCircle"),
        chaosMesh: (f, pod) =>
        {
            var spec = Http(pod, "Response");
            spec["replace"] = new ChaosMeshSpec { ["code"] = f.Status };
            spec["duration"] = ChaosMeshSpec.Seconds(f.DurationSeconds);
            return new("HTTPChaos", null, spec,
                $"responses of {pod.HttpPath} on one pod get status {f.Status.ToString(CultureInfo.InvariantCulture)}; HTTPChaos has no rate, so every matching response fails instead of {f.Rate.ToString("P0", CultureInfo.InvariantCulture)}");
        });

    /// <summary>Threads spin on CPU.</summary>
    public static readonly SwitchFault<CpuFault> Cpu = new("cpu", FaultJson.Default.CpuFault,
        preset: new(Threads: 2, DurationSeconds: 30),
        durationKey: nameof(CpuFault.DurationSeconds),
        new("Burn CPU (2 threads, 30 s)", "Two busy threads for 30 s.", "Gauge"),
        chaosMesh: (f, pod) => new("StressChaos", null, new ChaosMeshSpec
        {
            ["containerNames"] = new[] { pod.Container },
            ["stressors"] = new ChaosMeshSpec { ["cpu"] = new ChaosMeshSpec { ["workers"] = f.Threads, ["load"] = 100 } },
            ["duration"] = ChaosMeshSpec.Seconds(f.DurationSeconds),
        }, "CPU burners in the API container's cgroup; HighCPUUsage reads the API process's own CPU, so it does not fire on them: watch cAdvisor's container_cpu_usage_seconds_total, or use the API's cpu switch (Chaos:Enabled) for the alert"))
    {
        Hold = (f, ended) => CpuBurner.Start(f.Threads, ended),
    };

    /// <summary>Memory allocated, touched and held.</summary>
    public static readonly SwitchFault<MemoryFault> Memory = new("memory", FaultJson.Default.MemoryFault,
        preset: new(Megabytes: 256, DurationSeconds: 60),
        durationKey: nameof(MemoryFault.DurationSeconds),
        new("Hold memory (256 MB, 60 s)", "Allocates and holds 256 MB for 60 s.", "Memory16"),
        chaosMesh: (f, pod) => new("StressChaos", null, new ChaosMeshSpec
        {
            ["containerNames"] = new[] { pod.Container },
            ["stressors"] = new ChaosMeshSpec { ["memory"] = new ChaosMeshSpec { ["workers"] = 1, ["size"] = f.Megabytes.ToString(CultureInfo.InvariantCulture) + "MB" } },
            ["duration"] = ChaosMeshSpec.Seconds(f.DurationSeconds),
        }, "memory held in the API container's cgroup by another process; MemoryPressure reads the API process's own memory, so only the container view (cAdvisor's container_memory_working_set_bytes, or an OOM kill at the limit) sees it"))
    {
        Hold = (f, _) => new MemoryHog(f.Megabytes),
    };

    /// <summary>No request is answered, not even /health or /metrics.</summary>
    public static readonly SwitchFault<HangFault> Hang = new("hang", FaultJson.Default.HangFault,
        preset: new(Seconds: 30),
        durationKey: nameof(HangFault.Seconds),
        new("Hang (30 s)", "Requests stop being answered for 30 s; health checks fail.", "Pause", "The replica stops answering for 30 s. Continue?"),
        chaosMesh: (f, _) => new("PodChaos", "pod-failure", new ChaosMeshSpec { ["duration"] = ChaosMeshSpec.Seconds(f.Seconds) },
            "the pod stops answering for the hang's length"));

    /// <summary>The process exits abruptly once the answer has left.</summary>
    public static readonly SwitchFault<CrashFault> Crash = new("crash", FaultJson.Default.CrashFault,
        preset: new(ExitCode: 137),
        durationKey: null,
        new("Crash (exit 137)", "The API exits at once after answering, as a crash would; the AppHost restarts it.", "Delete", "The replica's process will exit. Continue?"),
        chaosMesh: (_, pod) => new("PodChaos", "container-kill", new ChaosMeshSpec { ["containerNames"] = new[] { pod.Container } },
            "the API container is killed and restarted in the same pod (same instance label), so ReplicaRestarted sees its counters reset"))
    {
        AfterAnswer = f => ProcessTerminator.ExitAbruptly(f.ExitCode),
        Answer = f => new CrashAnswer(Crashing: true, f.ExitCode),
    };

    /// <summary>Ends every lasting fault at once (<c>POST /chaos/reset</c>).</summary>
    public static readonly FaultSwitch Reset = new("reset", new("Reset faults", "Clears every active fault.", "ArrowReset"));

    /// <summary>Every fault, in this order (the order of <c>GET /chaos</c>).</summary>
    public static IReadOnlyList<SwitchFault> Faults { get; } = [Latency, Errors, Cpu, Memory, Hang, Crash];

    /// <summary>Every switch the dashboard shows: the faults and reset.</summary>
    public static IReadOnlyList<FaultSwitch> Switches { get; } = [.. Faults, Reset];

    /// <summary>The fault of this name (<c>latency</c> …), or null.</summary>
    public static SwitchFault? Find(string? name) => Faults.FirstOrDefault(f => f.Name == name);
}
