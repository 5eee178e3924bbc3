namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// The spike experiment's hypothesis: the autoscaled variant burns at most <paramref name="MaxBudgetRatio"/>
/// of the error budget the fixed one burns (<paramref name="Slo"/>); from the spike's start it is back within
/// the SLO within <paramref name="MaxSecondsToP99WithinSlo"/>: p99 within <paramref name="MaxP99Ms"/> and
/// the requests served (<paramref name="MinAvailability"/>), for <paramref name="StableSeconds"/> seconds in
/// a row; and it scales down at most <paramref name="MaxScaleDownsAfterSpike"/> times in the
/// <paramref name="FlappingWindowSeconds"/> after the spike ends.
/// </summary>
public sealed record SpikeHypothesis(
    double MaxP99Ms, double MinAvailability, double Slo, int StableSeconds,
    double MaxBudgetRatio, double MaxSecondsToP99WithinSlo, int MaxScaleDownsAfterSpike, int FlappingWindowSeconds)
{
    /// <summary>
    /// A second within the SLO. Availability counts with p99: at capacity the API refuses the excess at once
    /// (503 in about a millisecond), so a second of fast refusals would pass for good latency on p99 alone.
    /// </summary>
    public SteadyStateHypothesis PerSecond => new(MinAvailability, MaxP99Ms);
}

/// <summary>One phase of the offered load: <paramref name="Rate"/> requests/s from <paramref name="StartSecond"/> for <paramref name="DurationSeconds"/>.</summary>
public sealed record OfferedPhase(int StartSecond, int DurationSeconds, double Rate);

/// <summary>
/// What a spike experiment is, in the terms its analysis needs: the hypothesis, the offered load phase
/// by phase, and the spike (the phase of the highest rate) as seconds from the start of the load.
/// </summary>
public sealed record SpikePlan(
    string Name, string Title, int Replicas, SpikeHypothesis Hypothesis, IReadOnlyList<OfferedPhase> Phases,
    int SpikeStartSecond, int SpikeEndSecond)
{
    public int DurationSeconds => Phases.Sum(p => p.DurationSeconds);
}
