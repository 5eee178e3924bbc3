namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One series of the replicas' request counter (<c>http_server_request_duration_seconds_count</c>,
/// summed by instance, method and status) at one instant.
/// </summary>
public sealed record CounterSample(string Instance, string Method, string Status, double Value)
{
    public bool IsServerError => Status.StartsWith('5');
}

/// <summary>What the replicas themselves counted over a window: requests and 5xx answers, in all, per instance and per method.</summary>
public sealed record ServerErrors(ErrorCount Total, IReadOnlyDictionary<string, ErrorCount> ByInstance, IReadOnlyDictionary<string, ErrorCount> ByMethod);

/// <summary>
/// The replicas' own request and 5xx counts between two readings of their cumulative counters: exact
/// counts (a difference of counters), not <c>increase()</c>'s extrapolation over a window.
/// </summary>
public static class ServerErrorCounts
{
    /// <summary>
    /// Per series: end − start. A series missing at the start was created in the window (the exporter
    /// creates a status's series at its first request), so all of it counts; one lower at the end than
    /// at the start belongs to a restarted process, so its end value counts (what the old process
    /// counted after the start reading is lost with it).
    /// </summary>
    public static ServerErrors Between(IEnumerable<CounterSample> start, IEnumerable<CounterSample> end)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var before = start.ToDictionary(s => (s.Instance, s.Method, s.Status), s => s.Value);
        var deltas = end.Select(s =>
        {
            var was = before.GetValueOrDefault((s.Instance, s.Method, s.Status));
            var delta = s.Value >= was ? s.Value - was : s.Value;
            var requests = (long)Math.Round(delta);
            return (s.Instance, s.Method, Count: new ErrorCount(requests, s.IsServerError ? requests : 0));
        }).ToArray();
        return new ServerErrors(
            deltas.Aggregate(ErrorCount.None, (sum, d) => sum + d.Count),
            Sum(deltas.Select(d => (d.Instance, d.Count))),
            Sum(deltas.Select(d => (d.Method, d.Count))));
    }

    private static Dictionary<string, ErrorCount> Sum(IEnumerable<(string Key, ErrorCount Count)> counts) =>
        counts.GroupBy(c => c.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(ErrorCount.None, (sum, c) => sum + c.Count), StringComparer.Ordinal);
}
