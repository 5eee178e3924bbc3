using System.Globalization;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Report;

/// <summary>The report's tables as rows of formatted cells, shared by the HTML and Markdown writers.</summary>
public static class Figures
{
    public static readonly string[] ResilienceHeader =
        ["experiment", "fault", "availability during fault", "p99 during fault", "error budget spent", "MTTR", "detection (notified / bound)", "alerts fired", "alerts missing", "restarts", "resilience score (availability / detection / recovery)", "hypothesis"];

    public static IEnumerable<string[]> ResilienceRows(IEnumerable<ResilienceResult> results) =>
        results.Select(r => new[]
        {
            r.Title,
            r.Target is null ? r.Fault : $"{r.Fault} ({r.Target})",
            Percent(r.AvailabilityDuringFault),
            r.P99DuringFaultMs is { } p99 ? Ms(p99) : "n/a",
            r.ErrorBudgetSpent is { } spent ? $"{spent * 100:0.#} %" : "n/a",
            r.Recovery.MttrSeconds is { } mttr ? $"{mttr:0.#} s" : (r.Recovery.Impacted ? "no recovery" : "n/a"),
            r.Detection.Count == 0 ? "none expected" : string.Join("; ", r.Detection.Select(d =>
                $"{d.AlertName}: {Notified(d)} / {Bound(d)}{(d.WithinBound ? "" : " FAILED")}")),
            r.AlertsFired.Count == 0 ? "none" : string.Join(", ", r.AlertsFired),
            r.AlertsMissing.Count == 0 ? "none" : string.Join(", ", r.AlertsMissing),
            r.Restarts.Count.ToString(CultureInfo.InvariantCulture),
            Score(r.Score),
            r.Skipped is { } why ? "skipped: " + why : r.HypothesisHeld ? "held" : "FAILED: " + string.Join("; ", r.Violations),
        });

    public static readonly string[] DetectionHeader =
        ["experiment", "alert", "fired in Prometheus", "notified", "lower bound", "upper bound + tolerance", "detected", "bound, stage by stage"];

    /// <summary>One row per expected alert: what happened against its bound, and the bound's decomposition.</summary>
    public static IEnumerable<string[]> DetectionRows(IEnumerable<ResilienceResult> results) =>
        results.SelectMany(r => r.Detection.Select(d => new[]
        {
            r.Title,
            d.AlertName,
            d.FiringSeconds is { } f ? $"+{Seconds(f)}" : "never",
            Notified(d),
            Seconds(d.LowerBoundSeconds),
            $"{Seconds(d.UpperBoundSeconds)} + {d.ToleranceSeconds:0.#} s",
            d.Outcome switch
            {
                DetectionOutcome.Notified => "yes",
                DetectionOutcome.Late => "FAILED: late",
                DetectionOutcome.NotNotified => "FAILED: fired, never notified",
                DetectionOutcome.NeverFired => "FAILED: never fired",
                _ => "FAILED: faster than its lower bound (wrong bound)",
            },
            string.Join(" + ", d.Bound.Select(t => $"{t.Name} {t.Range}")),
        }));

    public static readonly string[] ErrorRatesHeader =
        ["experiment", "fault window", "client: failed / requests", "client per method", "replicas: 5xx / requests", "replicas' 5xx per instance", "5xx hidden from users (at least)"];

    /// <summary>
    /// One row per experiment that ran: the clients' error rate beside the replicas' own 5xx rate over the
    /// fault window. The difference is what resilience hid from users and monitoring still counted.
    /// </summary>
    public static IEnumerable<string[]> ErrorRatesRows(IEnumerable<ResilienceResult> results) =>
        results.Where(r => r.ErrorRates is not null).Select(r => ErrorRatesRow(r.Title, r.ErrorRates!));

    private static string[] ErrorRatesRow(string title, ErrorRateComparison e) =>
    [
        title,
        string.Create(CultureInfo.InvariantCulture, $"+{e.FromSecond:0}–+{e.ToSecond:0} s"),
        Count(e.Client),
        PerKey(e.ClientByMethod),
        e.Server is { } server ? Count(server) : "n/a",
        e.Server is null ? "n/a" : PerKey(e.ServerByInstance),
        e.HiddenFromClients is { } hidden ? hidden.ToString(CultureInfo.InvariantCulture) : "n/a",
    ];

    private static string Count(ErrorCount c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Errors} / {c.Requests} ({ErrorRateComparison.Percent(c.Rate)})");

    private static string PerKey(IReadOnlyDictionary<string, ErrorCount> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {Count(c.Value)}"));

    public static readonly string[] ScalingHeader =
        ["replicas", "offered rps", "achieved rps", "error rate", "p50", "p90", "p99", "dropped", "CPU per instance", "memory per instance"];

    public static IEnumerable<string[]> ScalingRows(ScalabilityResult result) =>
        result.Steps.OrderBy(s => s.Replicas).ThenBy(s => s.OfferedRps).Select(s => new[]
        {
            s.Replicas.ToString(CultureInfo.InvariantCulture),
            s.OfferedRps.ToString("0", CultureInfo.InvariantCulture),
            s.AchievedRps.ToString("0.0", CultureInfo.InvariantCulture),
            Percent(s.ErrorRate),
            Ms(s.P50Ms), Ms(s.P90Ms), Ms(s.P99Ms),
            s.Dropped.ToString(CultureInfo.InvariantCulture),
            string.Join(", ", s.CpuByInstance.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value * 100:0.#} %")),
            string.Join(", ", s.MemoryMbByInstance.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:0} MB")),
        });

    public static readonly string[] ScalingSummaryHeader = ["replicas", "max throughput", "efficiency", "p99 at fixed load"];

    public static IEnumerable<string[]> ScalingSummaryRows(ScalabilityResult result) =>
        result.PerReplicaCount.OrderBy(s => s.Replicas).Select(s => new[]
        {
            s.Replicas.ToString(CultureInfo.InvariantCulture),
            $"{s.MaxThroughputRps:0.0} rps",
            s.Efficiency is { } e ? e.ToString("0.00", CultureInfo.InvariantCulture) : "n/a",
            s.P99AtFixedLoadMs is { } p ? Ms(p) : "n/a",
        });

    public static string Score(ResilienceScore? score) => score is null ? "n/a" : string.Create(CultureInfo.InvariantCulture,
        $"{score.Total:0.0} ({score.Availability:0.00} / {(score.Detection is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "none expected")} / {score.Recovery:0.00})");

    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString(v >= 0.99 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Notified(DetectionResult d) => d.NotifiedSeconds is { } n ? $"+{Seconds(n)}" : "never";

    private static string Bound(DetectionResult d) => $"{d.LowerBoundSeconds:0.#}–{d.UpperBoundSeconds:0.#} s";

    private static string Seconds(double? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never";
}
