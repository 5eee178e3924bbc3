using System.ComponentModel.DataAnnotations;

namespace MonitoringStack.Api.Work;

/// <summary>
/// Simulated work of <c>POST /process</c> and the per-instance capacity limit (section <c>Work</c>;
/// environment form <c>Work__CpuCostMs</c> …). The AppHost and the experiments set these keys.
/// </summary>
/// <remarks>
/// Why these defaults: the build machine has 2 cores shared by every replica, Nginx, Prometheus and
/// the load generator. If a request held its slot mostly on CPU, four replicas would fight for the
/// same two cores and adding replicas would show nothing. So a request holds its slot mostly in
/// I/O wait (a downstream call that costs no local CPU): 2 ms busy CPU + 48 ms wait = 50 ms per
/// slot, 4 slots → 4 / 0.05 s ≈ 80 requests/s per instance, at 80 × 2 ms = 0.16 core. Four
/// replicas give ≈ 320 requests/s for ≈ 0.64 core: throughput scales with replicas, not with the
/// host's cores. The queue (16 deep, 200 ms) absorbs bursts of about 2½ service rounds; beyond
/// that, work is shed with 503 + Retry-After instead of letting latency grow without bound.
/// </remarks>
public sealed class WorkOptions
{
    public const string Section = "Work";

    /// <summary>Busy CPU time per order (a spin, really on CPU).</summary>
    [Range(0, 10_000)]
    public int CpuCostMs { get; set; } = 2;

    /// <summary>Simulated I/O wait per order (<see cref="Task.Delay(int)"/>, no CPU).</summary>
    [Range(0, 60_000)]
    public int IoWaitMs { get; set; } = 48;

    /// <summary>Orders processed at the same time by one instance.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Orders allowed to wait for a slot; beyond this they are shed at once.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 16;

    /// <summary>Longest wait for a slot before the order is shed.</summary>
    [Range(0, 60_000)]
    public int QueueTimeoutMs { get; set; } = 200;
}
