namespace MonitoringStack.Load.Engine;

/// <summary>
/// One finished (or dropped) request, for callers that need more than the run's aggregates, such as
/// the experiment runner's per-second availability and p99.
/// </summary>
/// <param name="IntendedTimestamp">Stopwatch timestamp the request was due to be sent.</param>
/// <param name="Latency">From the intended send time to the end of the answer; zero when dropped.</param>
/// <param name="Status">HTTP status, or null when no answer came.</param>
/// <param name="Error">Why the request failed; null when it got a status below 400.</param>
public sealed record RequestObservation(long IntendedTimestamp, TimeSpan Latency, int? Status, ErrorKind? Error, bool Dropped)
{
    public bool Succeeded => !Dropped && Error is null && Status is < 400;
}
