using System.Globalization;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Compare;

/// <summary>Every figure a run holds that another run can be compared on, each with the evidence of its noise.</summary>
public static class RunFigures
{
    public static IReadOnlyList<RunFigure> Of(SuiteResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var figures = new List<RunFigure>();
        if (run.Scalability is { } scaling)
        {
            figures.AddRange(Scalability(scaling));
        }
        foreach (var experiment in run.Resilience.Where(r => r.Skipped is null))
        {
            figures.AddRange(Resilience(experiment));
        }
        foreach (var spike in run.Spike)
        {
            figures.AddRange(Spike(spike));
        }
        return figures;
    }

    /// <summary>
    /// The run's resilience score over only the fault experiments both runs ran, so a longer experiment list
    /// does not pass for a change of resilience; null when they ran none in common.
    /// </summary>
    public static RunFigure? RunScore(SuiteResult run, IReadOnlySet<string> experimentsInBoth)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(experimentsInBoth);
        var common = run.Resilience.Where(r => experimentsInBoth.Contains(r.Name)).ToArray();
        return ResilienceScore.OfRun(common) is { } score
            ? new RunFigure("run/score", "run", $"resilience score (mean of the {common.Count(r => r.Skipped is null)} fault experiments both ran)", FigureKind.Score, score, SingleValueEvidence.Instance)
            : null;
    }

    private static IEnumerable<RunFigure> Scalability(ScalabilityResult result)
    {
        const string experiment = "scalability";
        foreach (var summary in result.PerReplicaCount)
        {
            var n = summary.Replicas.ToString(CultureInfo.InvariantCulture);
            yield return new($"scalability/throughput/{n}", experiment, $"max throughput, {n} replica(s)", FigureKind.Throughput, summary.MaxThroughputRps, SingleValueEvidence.Instance);
            if (summary.Efficiency is { } efficiency)
            {
                yield return new($"scalability/efficiency/{n}", experiment, $"efficiency, {n} replica(s)", FigureKind.Efficiency, efficiency, SingleValueEvidence.Instance);
            }
        }
        // Schema 6 keeps each step's latency histogram: its percentiles get an interval. Older files hold them as
        // single values: resolution plus the minimum difference.
        foreach (var step in result.Steps)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{step.Replicas} replica(s) at {step.OfferedRps:0} rps");
            foreach (var (name, quantile, value) in new[] { ("p50", 0.5, step.P50Ms), ("p90", 0.9, step.P90Ms), ("p99", 0.99, step.P99Ms) })
            {
                Evidence evidence = step.LatencyBuckets is { Count: > 0 } buckets ? new HistogramEvidence(buckets, quantile) : SingleValueEvidence.Instance;
                yield return new(string.Create(CultureInfo.InvariantCulture, $"scalability/{name}/{step.Replicas}/{step.OfferedRps:0}"),
                    experiment, $"{name}, {at}", FigureKind.Latency, value, evidence);
            }
        }
    }

    private static IEnumerable<RunFigure> Resilience(ResilienceResult result)
    {
        var name = result.Name;
        var client = result.Timeline.Client;
        // The window the runner measured "during the fault" in: the one its error-rate comparison records.
        var from = result.ErrorRates is { } e ? (int)e.FromSecond : (int)Math.Floor(result.FaultStartSecond);
        var to = result.ErrorRates is { } e2 ? (int)e2.ToSecond : Math.Max(from + 1, (int)Math.Ceiling(result.FaultEndSecond));
        var during = Availability.Count(client, from, to);
        if (result.AvailabilityDuringFault is { } availability && during.Requests > 0)
        {
            yield return new($"{name}/availability", name, "availability during fault", FigureKind.Availability, availability,
                new ProportionEvidence(during.Requests, during.Errors, -1));
        }
        var overall = Availability.Count(client, 0, (int)Math.Ceiling(result.DurationSeconds));
        if (result.ErrorBudgetSpent is { } spent && overall.Requests > 0)
        {
            yield return new($"{name}/budget", name, "error budget spent", FigureKind.ErrorBudget, spent,
                new ProportionEvidence(overall.Requests, overall.Errors, 1 / (1 - result.SloTarget)));
        }
        if (result.P99DuringFaultMs is { } p99)
        {
            var seconds = client.Where(s => s.Second >= from && s.Second < to && s.P99Ms is not null).Select(s => s.P99Ms!.Value).ToArray();
            yield return new($"{name}/p99", name, "p99 during fault", FigureKind.Latency, p99, new SampleEvidence(seconds));
        }
        yield return new($"{name}/mttr", name, "MTTR", FigureKind.Mttr, result.Recovery.MttrSeconds, SingleValueEvidence.Instance);
        foreach (var detection in result.Detection)
        {
            yield return new($"{name}/detection/{detection.AlertName}", name, $"{detection.AlertName} notified after", FigureKind.DetectionTime,
                detection.NotifiedSeconds, new TimerEvidence([.. detection.Bound.Select(t => (t.MinSeconds, t.MaxSeconds))]));
            yield return new($"{name}/within-bound/{detection.AlertName}", name, $"{detection.AlertName} within its bound", FigureKind.WithinBound,
                detection.WithinBound ? 1 : 0, SingleValueEvidence.Instance);
        }
        if (result.Score is { } score)
        {
            yield return new($"{name}/score", name, "resilience score", FigureKind.Score, score.Total, SingleValueEvidence.Instance);
        }
    }

    private static IEnumerable<RunFigure> Spike(SpikeResult result)
    {
        var name = result.Name;
        if (result.BudgetRatio is { } ratio)
        {
            yield return new($"{name}/budget-ratio", name, "budget ratio (autoscaled / fixed)", FigureKind.BudgetRatio, ratio, SingleValueEvidence.Instance);
        }
        foreach (var variant in result.Variants)
        {
            var key = $"{name}/{variant.Name}";
            if (variant.Availability is { } availability && variant.Requests > 0)
            {
                yield return new($"{key}/availability", name, $"{variant.Name}: availability", FigureKind.Availability, availability,
                    new ProportionEvidence(variant.Requests, variant.Failed, -1));
            }
            if (variant.P99DuringSpikeMs is { } p99)
            {
                var seconds = variant.Timeline.Client
                    .Where(s => s.Second >= result.SpikeStartSecond && s.Second < result.SpikeEndSecond && s.P99Ms is not null)
                    .Select(s => s.P99Ms!.Value).ToArray();
                yield return new($"{key}/p99", name, $"{variant.Name}: p99 during the spike", FigureKind.Latency, p99, new SampleEvidence(seconds));
            }
            if (variant.Autoscaling)
            {
                yield return new($"{key}/first-replica", name, $"{variant.Name}: spike start → first new replica", FigureKind.FirstReplica,
                    variant.SecondsToFirstNewReplica, SingleValueEvidence.Instance);
            }
        }
    }
}
