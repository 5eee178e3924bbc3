using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Experiments.Results;

/// <summary>
/// What the spike experiment measured: the same phased load run once per variant (fixed replicas,
/// autoscaled), side by side, and whether the autoscaled variant held the hypothesis against the fixed one.
/// </summary>
public sealed record SpikeResult
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    /// <summary>The replica count every variant starts at (and the fixed one keeps).</summary>
    public required int Replicas { get; init; }
    public required SpikeHypothesis Hypothesis { get; init; }
    public required IReadOnlyList<OfferedPhase> Phases { get; init; }
    public required int SpikeStartSecond { get; init; }
    public required int SpikeEndSecond { get; init; }
    public required int DurationSeconds { get; init; }
    public required IReadOnlyList<SpikeVariantResult> Variants { get; init; }
    /// <summary>Error budget the autoscaled variant burned over the fixed one's; null when the fixed one burned none.</summary>
    public double? BudgetRatio { get; init; }
    /// <summary>Why the hypothesis failed, in plain words; empty when it held.</summary>
    public IReadOnlyList<string> Violations { get; init; } = [];
    public bool HypothesisHeld => Violations.Count == 0;
}

/// <summary>One variant's run of the spike: its client figures, its replicas and, when autoscaled, what the autoscaler read and did.</summary>
public sealed record SpikeVariantResult
{
    public required string Name { get; init; }
    public required bool Autoscaling { get; init; }
    /// <summary>Every request intended over the run, how many failed (any cause), and how many of those were refused at capacity (503).</summary>
    public required long Requests { get; init; }
    public required long Failed { get; init; }
    public required long Shed { get; init; }
    public double? Availability { get; init; }
    /// <summary>Failed requests over the failures the SLO allows for as many requests (1.0 = the whole budget).</summary>
    public double? ErrorBudgetSpent { get; init; }
    /// <summary>p99 of every request intended during the spike (histograms merged).</summary>
    public double? P99DuringSpikeMs { get; init; }
    public required int InitialReplicas { get; init; }
    public required int PeakReplicas { get; init; }
    public required int FinalReplicas { get; init; }
    /// <summary>Spike start to the first new replica joining the load balancer (the scale-up's completion in journals without joins); null when none came.</summary>
    public double? SecondsToFirstNewReplica { get; init; }
    /// <summary>
    /// From the spike's start: the first second that broke the SLO (p99 or availability) during the spike,
    /// and how long until it held again for stableSeconds (<see cref="RecoveryResult.MttrSeconds"/>; 0 when
    /// no second of the spike broke it, null when it never held again).
    /// </summary>
    public required RecoveryResult BackWithinSlo { get; init; }
    /// <summary>Scale-downs asked for in the flapping window after the spike.</summary>
    public required int ScaleDownsAfterSpike { get; init; }
    public IReadOnlyList<ScalingEvent> Scaling { get; init; } = [];
    /// <summary>The autoscaler's target per replica, when it acted in this variant.</summary>
    public double? SignalTarget { get; init; }
    public IReadOnlyList<string> LogLines { get; init; } = [];
    public required SpikeTimeline Timeline { get; init; }
}

/// <summary>A change of the replica count, seconds from the start of the variant's load.</summary>
public sealed record ScalingEvent(double RequestedSecond, double CompletedSecond, int From, int To);

/// <summary>A variant's time series on one axis (seconds from the start of its load), so variants overlay.</summary>
public sealed record SpikeTimeline
{
    public required IReadOnlyList<ClientSecond> Client { get; init; }
    /// <summary>Replicas serving, as steps (each value holds until the next point).</summary>
    public required IReadOnlyList<TimePoint> Replicas { get; init; }
    /// <summary>The autoscaler's signal per replica at each decision (empty with the autoscaler off).</summary>
    public IReadOnlyList<TimePoint> Signal { get; init; } = [];
}
