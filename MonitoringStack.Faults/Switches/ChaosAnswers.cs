namespace MonitoringStack.Faults.Switches;

/// <summary>Answer of <c>GET /chaos</c>.</summary>
public sealed record ChaosView(bool Enabled, IReadOnlyList<ActiveFaultView> Active)
{
    public static ChaosView Of(ChaosFaults faults, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return new(true, [.. faults.Snapshot().Select(f => ActiveFaultView.Of(f, time))]);
    }
}

/// <summary>A fault in force, as shown to operators.</summary>
public sealed record ActiveFaultView(string Fault, object Settings, DateTimeOffset StartedAt, DateTimeOffset EndsAt, double RemainingSeconds)
{
    public static ActiveFaultView Of(ActiveFault fault, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentNullException.ThrowIfNull(time);
        return new(fault.Fault.Name, fault.Settings, fault.StartedAt, fault.EndsAt,
            Math.Max(0, (fault.EndsAt - time.GetUtcNow()).TotalSeconds));
    }
}

/// <summary>Answer of <c>POST /chaos/reset</c>: how many faults were in force.</summary>
public sealed record ResetAnswer(int Ended);

/// <summary>Answer (202) of <c>POST /chaos/crash</c>, sent before the process exits.</summary>
public sealed record CrashAnswer(bool Crashing, int ExitCode);
