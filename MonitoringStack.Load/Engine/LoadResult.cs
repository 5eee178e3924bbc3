using MonitoringStack.Load.Thresholds;

namespace MonitoringStack.Load.Engine;

/// <summary>Everything a run measured; serialised as the JSON result file.</summary>
public sealed record LoadResult
{
    public required string Profile { get; init; }
    public required string Target { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationSeconds { get; init; }
    /// <summary>True when the run was stopped before its profile ended.</summary>
    public bool Interrupted { get; init; }
    public required IReadOnlyList<PhaseResult> Phases { get; init; }
    /// <summary>All phases together.</summary>
    public required PhaseResult Total { get; init; }
    public required IReadOnlyList<PhaseResult> Endpoints { get; init; }
    /// <summary>Per second of the run: what was sent, answered, failed and dropped.</summary>
    public required IReadOnlyList<TimelinePoint> Timeline { get; init; }
    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];
    public bool Passed => Thresholds.All(t => t.Passed);
}

/// <summary>Counts and latencies of one phase, one endpoint, or the whole run.</summary>
public sealed record PhaseResult
{
    public required string Name { get; init; }
    /// <summary><c>open</c> (arrival rate), <c>closed</c> (virtual users) or <c>mixed</c>.</summary>
    public required string Model { get; init; }
    public required double DurationSeconds { get; init; }
    /// <summary>Open model: arrivals the schedule asked for (sent + dropped when the rate was not overridden).</summary>
    public long? Scheduled { get; init; }
    /// <summary>Open model: scheduled arrivals per second of phase.</summary>
    public double? TargetRate { get; init; }
    public required long Sent { get; init; }
    /// <summary>Requests that got an HTTP answer (including 4xx/5xx).</summary>
    public required long Completed { get; init; }
    public required long Succeeded { get; init; }
    /// <summary>Cut short because the run was stopped; not counted as errors.</summary>
    public required long Aborted { get; init; }
    public required long Dropped { get; init; }
    public required ErrorCounts Errors { get; init; }
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }
    /// <summary>Sent requests per second of phase.</summary>
    public required double SentRate { get; init; }
    /// <summary>Answered requests per second of phase.</summary>
    public required double Throughput { get; init; }
    /// <summary>Failed share of the requests that finished (0..1).</summary>
    public double ErrorRate => Sent - Aborted <= 0 ? 0 : (double)Errors.Total / (Sent - Aborted);
    /// <summary>From the intended send time to the last byte of the answer, for every answered request.</summary>
    public required LatencySummary Latency { get; init; }
}

public sealed record ErrorCounts(long Status, long Timeout, long Connection)
{
    public long Total => Status + Timeout + Connection;
}

/// <summary>HdrHistogram percentiles in milliseconds (3 significant digits).</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>
    /// The distribution behind the percentiles, in logarithmic buckets 5 % wide (empty ones left out): what a
    /// comparison of two runs needs to put an interval on a percentile.
    /// </summary>
    public IReadOnlyList<LatencyBucket> Buckets { get; init; } = [];
}

/// <summary>How many answers took at most <paramref name="UpToMs"/> and more than the previous bucket's bound.</summary>
public sealed record LatencyBucket(double UpToMs, long Count);

public sealed record TimelinePoint(int Second, long Sent, long Completed, long Errors, long Dropped, double TargetRate);
