using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Report;

/// <summary>The spike experiment's table (one column per variant, side by side) and its summary lines, for the report and the run's log.</summary>
public static class SpikeFigures
{
    public static string[] Header(SpikeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ["", .. result.Variants.Select(v => $"{v.Name} (autoscaler {(v.Autoscaling ? "on" : "off")})")];
    }

    public static IEnumerable<string[]> Rows(SpikeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var h = result.Hypothesis;
        string[] Row(string figure, Func<SpikeVariantResult, string> cell) => [figure, .. result.Variants.Select(cell)];
        yield return Row("replicas: start / peak / end", v => $"{v.InitialReplicas} / {v.PeakReplicas} / {v.FinalReplicas}");
        yield return Row("requests", v => v.Requests.ToString(CultureInfo.InvariantCulture));
        yield return Row("failed (of them shed with 503)", v => $"{v.Failed} ({v.Shed})");
        yield return Row("availability", v => Figures.Percent(v.Availability));
        yield return Row($"error budget burned (SLO {h.Slo * 100:0.###} %)", v => v.ErrorBudgetSpent is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b * 100:0.#} %") : "n/a");
        yield return Row("p99 during the spike", v => v.P99DuringSpikeMs is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0} ms") : "n/a");
        yield return Row("spike start → first new replica serving", v => Seconds(v.SecondsToFirstNewReplica, "none"));
        yield return Row(string.Create(CultureInfo.InvariantCulture, $"spike start → within the SLO for {h.StableSeconds} s (p99 ≤ {h.MaxP99Ms:0} ms, availability ≥ {h.MinAvailability * 100:0.#} %)"),
            v => v.BackWithinSlo.Impacted ? Seconds(v.BackWithinSlo.MttrSeconds, "never") : "0 s (never left it)");
        yield return Row($"scale-downs in the {h.CountedFlappingSeconds} s after the spike", v => v.ScaleDownsAfterSpike.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The hypothesis in words, the budget ratio, then each violation: the text above the table, and the run's log.</summary>
    public static IEnumerable<string> Summary(SpikeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var h = result.Hypothesis;
        var phases = string.Join(", ", result.Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Rate:0.#}/s for {p.DurationSeconds} s")));
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Offered: {phases}; the spike is +{result.SpikeStartSecond}–+{result.SpikeEndSecond} s. Every variant starts at {result.Replicas} replica(s).");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Hypothesis: autoscaled burns at most {h.MaxBudgetRatio:0.##} × the fixed variant's error budget; within {h.MaxSecondsToP99WithinSlo:0} s of the spike's start it is back within the SLO (p99 ≤ {h.MaxP99Ms:0} ms and availability ≥ {h.MinAvailability * 100:0.#} % for {h.StableSeconds} s in a row: fast 503 refusals must not pass for good latency); at most {h.MaxScaleDownsAfterSpike} scale-down(s) in the {h.CountedFlappingSeconds} s after the spike (the scale-down window releases the spike's last recommendations at {h.FlappingWindowSeconds} s: that step is not flapping).");
        yield return result.BudgetRatio is { } ratio
            ? string.Create(CultureInfo.InvariantCulture, $"Budget ratio (autoscaled / fixed): {ratio:0.000}.")
            : "Budget ratio: n/a (the fixed variant burned no budget).";
        foreach (var variant in result.Variants)
        {
            yield return $"{variant.Name}: {variant.BackWithinSlo.Explanation}.";
        }
        yield return result.HypothesisHeld ? "Hypothesis held." : "Hypothesis FAILED: " + string.Join("; ", result.Violations);
    }

    private static string Seconds(double? value, string none) =>
        value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : none;
}
