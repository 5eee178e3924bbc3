namespace MonitoringStack.Api.Chaos;

/// <summary>Fault kinds that stay active for a while (the <c>fault</c> label of <c>monitoringstack_chaos_fault_active</c>).</summary>
public enum FaultKind
{
    Latency,
    Errors,
    Cpu,
    Memory,
    Hang,
}

public static class FaultKinds
{
    public static IReadOnlyList<FaultKind> All { get; } = Enum.GetValues<FaultKind>();

    /// <summary>The label value: lower case, as in the route (<c>/chaos/latency</c> → <c>latency</c>).</summary>
    public static string Label(this FaultKind kind) => kind switch
    {
        FaultKind.Latency => "latency",
        FaultKind.Errors => "errors",
        FaultKind.Cpu => "cpu",
        FaultKind.Memory => "memory",
        FaultKind.Hang => "hang",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
