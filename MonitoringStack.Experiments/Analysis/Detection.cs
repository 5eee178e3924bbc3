namespace MonitoringStack.Experiments.Analysis;

/// <summary>An alert seen in state "firing" in Prometheus (first time the runner saw it).</summary>
public sealed record AlertFiring(string AlertName, DateTimeOffset FiringAt);

/// <summary>A notification the webhook receiver got from Alertmanager.</summary>
public sealed record AlertNotification(string AlertName, string Status, DateTimeOffset ReceivedAt);

/// <summary>
/// The least time an alert can take to reach a person, from the pipeline's settings: a failure is seen
/// at the next scrape, judged at the next rule evaluation, must last <c>for</c>, then waits
/// <c>group_wait</c> in Alertmanager. Each term is a worst case; the sum bounds detection.
/// </summary>
public sealed record DetectionBound(TimeSpan ScrapeInterval, TimeSpan EvaluationInterval, TimeSpan For, TimeSpan GroupWait)
{
    /// <summary>
    /// Time after the fault before the alert's condition can exist at all: zero for most alerts; for one
    /// that watches the replica come back (a counter reset), the replica's downtime.
    /// </summary>
    public TimeSpan Onset { get; init; } = TimeSpan.Zero;

    public TimeSpan Total => Onset + ScrapeInterval + EvaluationInterval + For + GroupWait;

    public string Decomposed =>
        (Onset > TimeSpan.Zero ? $"onset {Onset.TotalSeconds:0.#} s + " : "")
        + $"scrape {ScrapeInterval.TotalSeconds:0.#} s + evaluation {EvaluationInterval.TotalSeconds:0.#} s + for {For.TotalSeconds:0.#} s + group_wait {GroupWait.TotalSeconds:0.#} s = {Total.TotalSeconds:0.#} s";
}

/// <summary>How fast one expected alert followed a fault.</summary>
/// <param name="FiringSeconds">Fault start to the alert firing in Prometheus; null if it never fired.</param>
/// <param name="NotifiedSeconds">Fault start to the webhook receiving it; null if no notification came.</param>
/// <param name="WithinBound">Notification (or, without one, firing) arrived within bound + tolerance.</param>
public sealed record DetectionResult(
    string AlertName, double? FiringSeconds, double? NotifiedSeconds, double BoundSeconds, bool WithinBound, string Explanation);

/// <summary>Detection time per expected alert, and which alerts fired that nobody expected.</summary>
public static class Detection
{
    public static DetectionResult Measure(
        string alertName, DateTimeOffset faultStart, DetectionBound bound,
        IEnumerable<AlertFiring> firings, IEnumerable<AlertNotification> notifications, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var fired = firings.Where(f => f.AlertName == alertName && f.FiringAt >= faultStart)
            .OrderBy(f => f.FiringAt).FirstOrDefault();
        var notified = notifications
            .Where(n => n.AlertName == alertName && n.Status == "firing" && n.ReceivedAt >= faultStart)
            .OrderBy(n => n.ReceivedAt).FirstOrDefault();

        double? firingSeconds = fired is null ? null : (fired.FiringAt - faultStart).TotalSeconds;
        double? notifiedSeconds = notified is null ? null : (notified.ReceivedAt - faultStart).TotalSeconds;
        var limit = (bound.Total + tolerance).TotalSeconds;
        var measured = notifiedSeconds ?? firingSeconds;
        var within = measured is not null && measured <= limit;
        var explanation = (fired, notified) switch
        {
            (null, null) => $"{alertName} never fired after the fault (bound {bound.Decomposed})",
            (_, null) => $"{alertName} fired after {firingSeconds:0.0} s but no notification reached the webhook",
            _ => $"{alertName} fired after {firingSeconds?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s, notified after {notifiedSeconds:0.0} s; bound {bound.Decomposed}",
        };
        return new DetectionResult(alertName, firingSeconds, notifiedSeconds, bound.Total.TotalSeconds, within, explanation);
    }

    /// <summary>Expected alerts that did not fire, and fired alerts nobody expected (Watchdog excluded).</summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) Compare(
        IEnumerable<string> expected, IEnumerable<AlertFiring> firings, DateTimeOffset since)
    {
        var expectedSet = expected.ToHashSet(StringComparer.Ordinal);
        var firedSet = firings.Where(f => f.FiringAt >= since && f.AlertName != "Watchdog")
            .Select(f => f.AlertName).ToHashSet(StringComparer.Ordinal);
        return (expectedSet.Except(firedSet).Order(StringComparer.Ordinal).ToArray(),
            firedSet.Except(expectedSet).Order(StringComparer.Ordinal).ToArray());
    }
}
