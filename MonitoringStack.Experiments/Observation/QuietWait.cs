namespace MonitoringStack.Experiments.Observation;

/// <summary>
/// Which alerts still active from an earlier experiment can interfere with this one's detection, and the
/// longest wait their resolving can need.
/// </summary>
public static class QuietWait
{
    /// <summary>The names, among <paramref name="expected"/>, of alerts pending or firing now, sorted.</summary>
    public static IReadOnlyList<string> Interfering(IEnumerable<PrometheusAlert> alerts, IReadOnlyCollection<string> expected)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(expected);
        return alerts.Where(a => a.State is "pending" or "firing" && expected.Contains(a.AlertName))
            .Select(a => a.AlertName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The longest of the active alerts' resolve times; zero when none is active.</summary>
    public static TimeSpan Limit(IReadOnlyCollection<string> active, Func<string, TimeSpan> resolveWithin)
    {
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(resolveWithin);
        return active.Count == 0 ? TimeSpan.Zero : active.Max(resolveWithin);
    }
}
