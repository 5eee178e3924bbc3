using System.ComponentModel.DataAnnotations;

namespace MonitoringStack.Faults;

/// <summary>Limits that keep every fault time-bound.</summary>
public static class FaultLimits
{
    /// <summary>Longest a latency, error, CPU or memory fault may last (one hour).</summary>
    public const int MaxDurationSeconds = 3600;

    /// <summary>Longest hang (five minutes): nothing, not even reset, can end a hang early.</summary>
    public const int MaxHangSeconds = 300;
}

/// <summary><c>POST /chaos/latency</c>: every non-chaos request waits <paramref name="DelayMs"/> first.</summary>
public sealed record LatencyFault(
    [property: Range(1, 60_000)] int DelayMs,
    [property: Range(1, FaultLimits.MaxDurationSeconds)] int DurationSeconds);

/// <summary><c>POST /chaos/errors</c>: a share <paramref name="Rate"/> of requests answers <paramref name="Status"/>.</summary>
public sealed record ErrorFault(
    [property: Range(0.0, 1.0)] double Rate,
    [property: Range(500, 599)] int Status,
    [property: Range(1, FaultLimits.MaxDurationSeconds)] int DurationSeconds);

/// <summary><c>POST /chaos/cpu</c>: <paramref name="Threads"/> threads spin on CPU.</summary>
public sealed record CpuFault(
    [property: Range(1, 64)] int Threads,
    [property: Range(1, FaultLimits.MaxDurationSeconds)] int DurationSeconds);

/// <summary><c>POST /chaos/memory</c>: <paramref name="Megabytes"/> MB allocated and touched (they count in the working set).</summary>
public sealed record MemoryFault(
    [property: Range(1, 8192)] int Megabytes,
    [property: Range(1, FaultLimits.MaxDurationSeconds)] int DurationSeconds);

/// <summary><c>POST /chaos/hang</c>: no request (not /health, not /metrics) is answered for <paramref name="Seconds"/>.</summary>
public sealed record HangFault(
    [property: Range(1, FaultLimits.MaxHangSeconds)] int Seconds);

/// <summary><c>POST /chaos/crash</c>: the process exits abruptly with <paramref name="ExitCode"/> once the answer is sent.</summary>
public sealed record CrashFault(
    [property: Range(1, 255)] int ExitCode = 1);
