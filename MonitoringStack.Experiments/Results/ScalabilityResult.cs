using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Results;

/// <summary>Throughput and latency for each replica count, and what they say about scaling.</summary>
public sealed record ScalabilityResult
{
    public required string Endpoint { get; init; }
    public required IReadOnlyList<ScalingStep> Steps { get; init; }
    /// <summary>Best sustained throughput per replica count (the input of efficiency and USL).</summary>
    public required IReadOnlyList<ScalingSummary> PerReplicaCount { get; init; }
    public UslFit? Usl { get; init; }
    /// <summary>Latency at the same offered load for each replica count.</summary>
    public double? FixedOfferedLoadRps { get; init; }
    public double MinEfficiencyTarget { get; init; } = 0.9;
    public IReadOnlyList<string> Findings { get; init; } = [];
    public bool HypothesisHeld => PerReplicaCount.All(s => s.Efficiency is null || s.Efficiency >= MinEfficiencyTarget);
}

/// <summary>
/// One load step at one replica count. <paramref name="LatencyBuckets"/> is the step's latency distribution
/// (schema 6; empty in older files), from which a comparison puts an interval on the percentiles.
/// </summary>
public sealed record ScalingStep(
    int Replicas, double OfferedRps, double AchievedRps, double ErrorRate,
    double P50Ms, double P90Ms, double P99Ms, long Dropped,
    IReadOnlyDictionary<string, double> CpuByInstance, IReadOnlyDictionary<string, double> MemoryMbByInstance,
    IReadOnlyList<LatencyBucket>? LatencyBuckets = null);

public sealed record ScalingSummary(int Replicas, double MaxThroughputRps, double? Efficiency, double? P99AtFixedLoadMs);
