using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Report;

/// <summary>The report's tables as rows of formatted cells, shared by the HTML and Markdown writers.</summary>
public static class Figures
{
    public static readonly string[] ResilienceHeader =
        ["experiment", "fault", "availability during fault", "p99 during fault", "error budget spent", "MTTR", "detection (firing / notified / bound)", "alerts fired", "alerts missing", "restarts", "hypothesis"];

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
                $"{d.AlertName}: {Seconds(d.FiringSeconds)} / {Seconds(d.NotifiedSeconds)} / {d.BoundSeconds:0.#} s")),
            r.AlertsFired.Count == 0 ? "none" : string.Join(", ", r.AlertsFired),
            r.AlertsMissing.Count == 0 ? "none" : string.Join(", ", r.AlertsMissing),
            r.Restarts.Count.ToString(CultureInfo.InvariantCulture),
            r.Skipped is { } why ? "skipped: " + why : r.HypothesisHeld ? "held" : "FAILED: " + string.Join("; ", r.Violations),
        });

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

    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString(v >= 0.99 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Seconds(double? value) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never";
}
