namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// What the load generator's clients saw in one second of the run: the unit of every resilience
/// figure. <paramref name="Second"/> counts from the start of the run. <paramref name="Shed"/> is the
/// part of <paramref name="Failed"/> answered 503: refused at capacity (the API's admission control),
/// not broken.
/// </summary>
public sealed record ClientSecond(int Second, long Ok, long Failed, double? P99Ms, long Shed = 0)
{
    public long Total => Ok + Failed;

    /// <summary>Share of requests answered successfully; null when no request was sent that second.</summary>
    public double? Availability => Total == 0 ? null : (double)Ok / Total;
}
