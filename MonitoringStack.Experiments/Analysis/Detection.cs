using System.Globalization;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>An alert seen in state "firing" in Prometheus (first time the runner saw it).</summary>
public sealed record AlertFiring(string AlertName, DateTimeOffset FiringAt);

/// <summary>A notification the webhook receiver got from Alertmanager.</summary>
public sealed record AlertNotification(string AlertName, string Status, DateTimeOffset ReceivedAt);

/// <summary>What became of one expected alert.</summary>
public enum DetectionOutcome
{
    /// <summary>Its firing notification reached the receiver within the bound (plus tolerance).</summary>
    Notified,
    /// <summary>Notified, but later than the bound plus tolerance: the pipeline held it.</summary>
    Late,
    /// <summary>Fired in Prometheus, but no firing notification ever reached the receiver.</summary>
    NotNotified,
    /// <summary>Never fired in Prometheus after the fault.</summary>
    NeverFired,
    /// <summary>Notified sooner than the lower bound allows: the bound is wrong, so the figure proves nothing.</summary>
    FasterThanBound,
}

/// <summary>How fast one expected alert followed a fault, and whether that counts as detected.</summary>
/// <param name="FiringSeconds">Fault start to the alert firing in Prometheus; null if it never fired.</param>
/// <param name="NotifiedSeconds">Fault start to the receiver getting its firing notification; null if none came.</param>
/// <param name="LowerBoundSeconds">No notification can arrive sooner (every stage at its fastest).</param>
/// <param name="UpperBoundSeconds">Every stage at its slowest; with the tolerance, the limit for "detected".</param>
/// <param name="Bound">The stages the bounds add up, each with its least and most time.</param>
public sealed record DetectionResult(
    string AlertName, double? FiringSeconds, double? NotifiedSeconds,
    double LowerBoundSeconds, double UpperBoundSeconds, double ToleranceSeconds,
    IReadOnlyList<BoundTerm> Bound, DetectionOutcome Outcome, string Explanation)
{
    /// <summary>Detected means notified, no sooner than physics allows and no later than the bound plus tolerance.</summary>
    public bool WithinBound => Outcome == DetectionOutcome.Notified;
}

/// <summary>Detection time per expected alert, and which alerts fired that nobody expected.</summary>
public static class Detection
{
    /// <summary>
    /// Added to the upper bound: HTTP between Prometheus, Alertmanager and the receiver, and a loaded
    /// 2-core machine answering late. Stated in docs/experiments.md.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A notification this much before the lower bound still counts as measurement error (the runner
    /// stamps fault and arrival times itself, and a restarted process may serve metrics before the
    /// supervisor sees it ready), not as a wrong bound.
    /// </summary>
    public static readonly TimeSpan MeasurementError = TimeSpan.FromSeconds(1);

    public static DetectionResult Measure(
        string alertName, DateTimeOffset faultStart, DetectionBound bound,
        IEnumerable<AlertFiring> firings, IEnumerable<AlertNotification> notifications, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var allowed = tolerance ?? Tolerance;
        var fired = firings.Where(f => f.AlertName == alertName && f.FiringAt >= faultStart)
            .OrderBy(f => f.FiringAt).FirstOrDefault();
        var afterFault = notifications.Where(n => n.AlertName == alertName && n.ReceivedAt >= faultStart).ToArray();
        var notified = afterFault.Where(n => n.Status == "firing").OrderBy(n => n.ReceivedAt).FirstOrDefault();
        var resolved = afterFault.Where(n => n.Status == "resolved").OrderBy(n => n.ReceivedAt).FirstOrDefault();

        double? firingSeconds = fired is null ? null : (fired.FiringAt - faultStart).TotalSeconds;
        double? notifiedSeconds = notified is null ? null : (notified.ReceivedAt - faultStart).TotalSeconds;
        var lower = bound.LowerSeconds;
        var limit = bound.UpperSeconds + allowed.TotalSeconds;
        var outcome = (firingSeconds, notifiedSeconds) switch
        {
            (_, { } n) when n < lower - MeasurementError.TotalSeconds => DetectionOutcome.FasterThanBound,
            (_, { } n) when n > limit => DetectionOutcome.Late,
            (_, not null) => DetectionOutcome.Notified,
            (not null, null) => DetectionOutcome.NotNotified,
            _ => DetectionOutcome.NeverFired,
        };
        var range = S($"{lower:0.#}–{bound.UpperSeconds:0.#} s (+{allowed.TotalSeconds:0.#} s tolerance)");
        var firedText = firingSeconds is { } f ? S($"fired in Prometheus at +{f:0.0} s") : "never fired in Prometheus";
        var explanation = outcome switch
        {
            DetectionOutcome.Notified => S($"{alertName}: {firedText}, notified at +{notifiedSeconds:0.0} s, within its bound {range}"),
            DetectionOutcome.Late => S($"{alertName}: {firedText}, notified only at +{notifiedSeconds:0.0} s, later than its bound {range}"),
            DetectionOutcome.FasterThanBound => S($"{alertName}: notified at +{notifiedSeconds:0.0} s, sooner than its lower bound {lower:0.#} s allows: the bound is wrong"),
            DetectionOutcome.NotNotified => S($"{alertName}: {firedText}, never notified")
                + (resolved is null ? "" : S($" (only a resolved notification arrived, at +{(resolved.ReceivedAt - faultStart).TotalSeconds:0.0} s)")),
            _ => $"{alertName}: never fired after the fault",
        };
        return new DetectionResult(alertName, firingSeconds, notifiedSeconds, lower, bound.UpperSeconds, allowed.TotalSeconds,
            bound.Terms, outcome, explanation + "; bound " + bound.Decomposed);
    }

    /// <summary>The hypothesis violations: every expected alert that was not detected, with what did happen.</summary>
    public static IEnumerable<string> Violations(IEnumerable<DetectionResult> detection) =>
        detection.Where(d => !d.WithinBound).Select(d => "expected alert not detected: " + d.Explanation);

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

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
