using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// The spike experiment's figures per variant and its verdict: the autoscaled variant against the fixed
/// one (error budget burned), and against the clock (p99 back within the SLO, no flapping after the spike).
/// </summary>
public static class SpikeAnalyzer
{
    public static SpikeResult Analyze(SpikePlan plan, IReadOnlyList<VariantMeasurement> measured)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(measured);
        var variants = measured.Select(m => Variant(plan, m)).ToArray();
        var fixedVariant = variants.FirstOrDefault(v => !v.Autoscaling);
        var autoscaled = variants.FirstOrDefault(v => v.Autoscaling);
        var ratio = BudgetRatio(fixedVariant?.ErrorBudgetSpent, autoscaled?.ErrorBudgetSpent);
        return new SpikeResult
        {
            Name = plan.Name,
            Title = plan.Title,
            Replicas = plan.Replicas,
            Hypothesis = plan.Hypothesis,
            Phases = plan.Phases,
            SpikeStartSecond = plan.SpikeStartSecond,
            SpikeEndSecond = plan.SpikeEndSecond,
            DurationSeconds = plan.DurationSeconds,
            Variants = variants,
            BudgetRatio = ratio,
            Violations = Violations(plan, fixedVariant, autoscaled, ratio),
        };
    }

    /// <summary>The autoscaled variant's burned error budget over the fixed one's; null when either is unknown or the fixed one burned none.</summary>
    public static double? BudgetRatio(double? fixedSpent, double? autoscaledSpent) =>
        fixedSpent is > 0 && autoscaledSpent is { } autoscaled ? autoscaled / fixedSpent.Value : null;

    private static SpikeVariantResult Variant(SpikePlan plan, VariantMeasurement m)
    {
        var end = plan.DurationSeconds;
        var client = m.Client.Where(s => s.Second >= 0 && s.Second < end).OrderBy(s => s.Second).ToArray();
        var changes = m.Changes.Where(c => c.RequestedAt >= m.Origin && c.RequestedAt <= m.Origin.AddSeconds(end)).OrderBy(c => c.RequestedAt).ToArray();
        var decisions = m.Decisions.Where(d => d.At >= m.Origin && d.At <= m.Origin.AddSeconds(end)).OrderBy(d => d.At).ToArray();
        var replicas = ReplicaTimeline.Serving(m.InitialReplicas, changes, m.Origin, end);
        var flappingFrom = plan.SpikeEndSecond;
        double Second(DateTimeOffset at) => Math.Round((at - m.Origin).TotalSeconds, 1);
        return new SpikeVariantResult
        {
            Name = m.Name,
            Autoscaling = m.Autoscaling,
            Requests = client.Sum(s => s.Total),
            Failed = client.Sum(s => s.Failed),
            Shed = client.Sum(s => s.Shed),
            Availability = Availability.Over(client, 0, end),
            ErrorBudgetSpent = Availability.ErrorBudgetSpent(client, 0, end, plan.Hypothesis.Slo),
            P99DuringSpikeMs = m.P99DuringSpikeMs,
            InitialReplicas = m.InitialReplicas,
            PeakReplicas = (int)replicas.Max(p => p.Value),
            FinalReplicas = (int)replicas[^1].Value,
            SecondsToFirstNewReplica = ReplicaTimeline.SecondsToFirstNewReplica(changes, m.Origin, plan.SpikeStartSecond),
            BackWithinSlo = Recovery.Measure(client, plan.SpikeStartSecond, plan.Hypothesis.PerSecond, plan.Hypothesis.StableSeconds, end, impactBeforeSecond: plan.SpikeEndSecond),
            ScaleDownsAfterSpike = ReplicaTimeline.ScaleDownsBetween(changes, m.Origin, flappingFrom, flappingFrom + plan.Hypothesis.CountedFlappingSeconds),
            Scaling = [.. changes.Select(c => new ScalingEvent(Second(c.RequestedAt), Second(c.CompletedAt), c.From, c.To))],
            SignalTarget = decisions.FirstOrDefault()?.Target,
            LogLines = [.. decisions.Where(d => d.Changes)
                .Select(d => (At: d.At, Text: $"autoscaler {d.Action}: {d.Reason}{(d.Outcome is null ? "" : $" ({d.Outcome})")}"))
                .Concat(changes.Select(c => (At: c.RequestedAt, Text: string.Create(CultureInfo.InvariantCulture,
                    $"replicas {c.From} -> {c.To}{(c.JoinedAt is { Count: > 0 } ? $", first serving at +{Second(c.FirstServingAt):0.0} s" : "")}, complete at +{Second(c.CompletedAt):0.0} s"))))
                .OrderBy(l => l.At)
                .Select(l => string.Create(CultureInfo.InvariantCulture, $"+{Second(l.At):0.0} s {l.Text}"))],
            Timeline = new SpikeTimeline
            {
                Client = client,
                Replicas = replicas,
                Signal = [.. decisions.Where(d => d.Average is not null).Select(d => new TimePoint(Second(d.At), d.Average!.Value))],
            },
        };
    }

    private static List<string> Violations(SpikePlan plan, SpikeVariantResult? fixedVariant, SpikeVariantResult? autoscaled, double? ratio)
    {
        var h = plan.Hypothesis;
        var violations = new List<string>();
        if (fixedVariant is null || autoscaled is null)
        {
            violations.Add("the spike needs a fixed variant (autoscaling off) and an autoscaled one to compare");
            return violations;
        }
        if (fixedVariant.Scaling.Count > 0)
        {
            violations.Add($"the {fixedVariant.Name} variant changed the replica count {fixedVariant.Scaling.Count} time(s); it must stay at {plan.Replicas} for the comparison to mean anything");
        }
        if (fixedVariant.ErrorBudgetSpent is not > 0)
        {
            violations.Add($"the spike did not overload the {fixedVariant.Name} variant (it burned no error budget): there was nothing for autoscaling to save; raise the spike's rate");
        }
        else if (autoscaled.ErrorBudgetSpent is not { } spent)
        {
            violations.Add($"the {autoscaled.Name} variant sent no requests");
        }
        else if (ratio > h.MaxBudgetRatio)
        {
            violations.Add(string.Create(CultureInfo.InvariantCulture,
                $"the {autoscaled.Name} variant burned {spent * 100:0.#} % of the error budget, {ratio:0.00} × the {fixedVariant.Name} variant's {fixedVariant.ErrorBudgetSpent * 100:0.#} % (at most {h.MaxBudgetRatio:0.##} ×)"));
        }
        if (autoscaled.BackWithinSlo.MttrSeconds is not { } back)
        {
            violations.Add($"the {autoscaled.Name} variant was never back within the SLO after the spike began: {autoscaled.BackWithinSlo.Explanation}");
        }
        else if (back > h.MaxSecondsToP99WithinSlo)
        {
            violations.Add(string.Create(CultureInfo.InvariantCulture,
                $"the {autoscaled.Name} variant was back within the SLO (p99 ≤ {h.MaxP99Ms:0} ms, availability ≥ {h.MinAvailability * 100:0.#} %) {back:0} s after the spike began, later than {h.MaxSecondsToP99WithinSlo:0} s"));
        }
        if (autoscaled.ScaleDownsAfterSpike > h.MaxScaleDownsAfterSpike)
        {
            violations.Add($"the {autoscaled.Name} variant scaled down {autoscaled.ScaleDownsAfterSpike} times in the {h.CountedFlappingSeconds} s after the spike (at most {h.MaxScaleDownsAfterSpike}): flapping");
        }
        return violations;
    }
}
