using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Compare;

/// <summary>What a run holds about a figure beyond its value: what its noise is computed from.</summary>
public abstract record Evidence;

/// <summary>
/// A proportion's counts (requests and failures): compared with a two-proportion z-test. <paramref name="Scale"/>
/// turns a change of the failure rate into a change of the figure (−1 for availability, 1 / (1 − SLO) for the
/// error budget spent).
/// </summary>
public sealed record ProportionEvidence(long Trials, long Failures, double Scale) : Evidence;

/// <summary>Per-second values (e.g. each second's p99 during a fault): compared with a two-sample bootstrap.</summary>
public sealed record SampleEvidence(IReadOnlyList<double> Values) : Evidence;

/// <summary>
/// A percentile of a load step with the step's latency histogram (schema 6): compared with the exact bootstrap
/// of the percentile from both histograms.
/// </summary>
public sealed record HistogramEvidence(IReadOnlyList<LatencyBucket> Buckets, double Quantile) : Evidence;

/// <summary>
/// A time made of stages each somewhere in [min, max] (a detection bound's scrape, evaluation and
/// notification waits): a draw's variance is Σ (max − min)² / 12, assuming independent uniform phases.
/// </summary>
public sealed record TimerEvidence(IReadOnlyList<(double Min, double Max)> Stages) : Evidence
{
    public double Variance => Stages.Sum(s => (s.Max - s.Min) * (s.Max - s.Min) / 12);
}

/// <summary>A figure the run holds as one value: its noise is its resolution (plus the minimum practical difference).</summary>
public sealed record SingleValueEvidence : Evidence
{
    public static readonly SingleValueEvidence Instance = new();
}

/// <summary>
/// One figure of one run. <paramref name="Key"/> matches it across runs; a null <paramref name="Value"/> means
/// "never" (no recovery, never notified, no new replica): worse than any value.
/// </summary>
public sealed record RunFigure(string Key, string Experiment, string Name, FigureKind Kind, double? Value, Evidence Evidence);
