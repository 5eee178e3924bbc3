namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// One replica's value of the signal, or why there is none. <paramref name="SampledAt"/> is the time of
/// its newest successful scrape, which says how stale the value is.
/// </summary>
public sealed record ReplicaReading(string Replica, double? Value, DateTimeOffset? SampledAt, string? Problem = null);

/// <summary>What a decision does.</summary>
public enum AutoscalerAction
{
    /// <summary>The stabilised recommendation is the current count.</summary>
    None,
    ScaleUp,
    ScaleDown,

    /// <summary>No recommendation could be made (metric missing or stale, settling after a change): the count stays.</summary>
    Hold,
}

/// <summary>
/// One decision of the autoscaler with every input it used: a line of autoscaling.jsonl, and what the
/// dashboard shows. <see cref="Desired"/> is HPA's ceil(current × metric / target) before tolerance and
/// bounds, <see cref="Recommendation"/> after them, <see cref="To"/> after the stabilisation windows and
/// the scale-up step limit.
/// </summary>
public sealed record AutoscalerDecision
{
    public required DateTimeOffset At { get; init; }
    public required string Signal { get; init; }
    public required double Target { get; init; }
    public required int Current { get; init; }
    public required IReadOnlyDictionary<string, double?> Readings { get; init; }
    public double? Average { get; init; }
    public double? Ratio { get; init; }
    public int? Desired { get; init; }
    public int? Recommendation { get; init; }
    public required int To { get; init; }
    public required AutoscalerAction Action { get; init; }
    public required string Reason { get; init; }

    /// <summary>What carrying it out gave (scale duration, or the error), filled in by the loop.</summary>
    public string? Outcome { get; init; }
}
