namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// The steady state an experiment expects to hold (Chaos Engineering's "steady-state hypothesis"):
/// at least <see cref="MinAvailability"/> of requests succeed and p99 stays under <see cref="MaxP99Ms"/>.
/// </summary>
public sealed record SteadyStateHypothesis(double MinAvailability, double MaxP99Ms)
{
    /// <summary>Whether one second of client data meets the hypothesis. A second without data does not:
    /// missing evidence is never counted as health.</summary>
    public bool HeldIn(ClientSecond? second) =>
        second is { Availability: { } availability }
        && availability >= MinAvailability
        && (second.P99Ms is null || second.P99Ms <= MaxP99Ms);
}
