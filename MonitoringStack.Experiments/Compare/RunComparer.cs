using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Compare;

/// <summary>
/// Judges every figure two runs both hold. A figure with evidence of its noise is tested (two-proportion
/// z-test, bootstrap of per-second values or of a step's percentile, or the detection timer model); all the tests' p-values are adjusted together with
/// Holm–Bonferroni, and a figure is better or worse only when its adjusted p is below alpha and the change
/// exceeds the minimum practical difference. A single-valued figure is better or worse when the change exceeds
/// its resolution plus the minimum practical difference. "Never" (null) is worse than any value.
/// </summary>
public static class RunComparer
{
    /// <exception cref="CompareInputException">The runs have no figure in common.</exception>
    public static RunComparison Compare(SuiteResult baseline, SuiteResult candidate, CompareSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(settings);
        var before = RunFigures.Of(baseline).ToDictionary(f => f.Key, StringComparer.Ordinal);
        var after = RunFigures.Of(candidate).ToDictionary(f => f.Key, StringComparer.Ordinal);
        var ranInBoth = baseline.Resilience.Where(r => r.Skipped is null).Select(r => r.Name)
            .Intersect(candidate.Resilience.Where(r => r.Skipped is null).Select(r => r.Name), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (RunFigures.RunScore(baseline, ranInBoth) is { } beforeScore && RunFigures.RunScore(candidate, ranInBoth) is { } afterScore)
        {
            before[beforeScore.Key] = beforeScore;
            after[afterScore.Key] = afterScore;
        }
        var common = before.Keys.Where(after.ContainsKey).ToArray();
        if (common.Length == 0)
        {
            throw new CompareInputException(
                $"runs {baseline.RunId} and {candidate.RunId} have no figure in common (baseline: {Experiments(baseline)}; candidate: {Experiments(candidate)})");
        }

        var tests = common.Select(key => Test(before[key], after[key], settings)).ToArray();
        var tested = Enumerable.Range(0, tests.Length).Where(i => tests[i].P is not null).ToArray();
        var adjusted = Statistics.Holm([.. tested.Select(i => tests[i].P!.Value)]);
        var adjustedByIndex = tested.Select((index, rank) => (index, rank)).ToDictionary(x => x.index, x => adjusted[x.rank]);

        var figures = common.Select((key, i) => Judge(before[key], after[key], tests[i], adjustedByIndex.TryGetValue(i, out var a) ? a : null, settings)).ToArray();
        return new RunComparison(baseline.RunId, candidate.RunId, figures,
            [.. before.Keys.Where(k => !after.ContainsKey(k)).Select(k => before[k])],
            [.. after.Keys.Where(k => !before.ContainsKey(k)).Select(k => after[k])],
            settings);
    }

    private sealed record TestResult(double Noise, string Method, double? P);

    private static TestResult Test(RunFigure baseline, RunFigure candidate, CompareSettings settings)
    {
        var single = new TestResult(baseline.Kind.Resolution, "single value: resolution", null);
        if (baseline.Value is null || candidate.Value is null)
        {
            return new TestResult(0, "never against a value", null);
        }
        switch (baseline.Evidence, candidate.Evidence)
        {
            case (ProportionEvidence b, ProportionEvidence c):
                var (p, half) = Statistics.TwoProportions(b.Failures, b.Trials, c.Failures, c.Trials, settings.Alpha);
                return new TestResult(half * Math.Abs(b.Scale), S($"two-proportion z-test ({b.Failures}/{b.Trials} vs {c.Failures}/{c.Trials} failed)"), p);
            case (SampleEvidence b, SampleEvidence c) when b.Values.Count >= settings.MinSamples && c.Values.Count >= settings.MinSamples:
                var (bp, bootHalf) = Statistics.BootstrapMeanDifference(b.Values, c.Values, settings.Alpha, settings.BootstrapIterations, settings.Seed);
                return new TestResult(bootHalf, S($"bootstrap of per-second p99s ({b.Values.Count} vs {c.Values.Count} s)"), bp);
            case (HistogramEvidence b, HistogramEvidence c):
                var (hp, histogramHalf) = Statistics.BootstrapPercentileDifference(b.Buckets, c.Buckets, b.Quantile, settings.Alpha);
                return new TestResult(histogramHalf, S($"exact bootstrap of the percentile from the step's histograms ({b.Buckets.Sum(x => x.Count)} vs {c.Buckets.Sum(x => x.Count)} answers)"), hp);
            case (TimerEvidence b, TimerEvidence c):
                var sd = Math.Sqrt(b.Variance + c.Variance);
                if (sd == 0)
                {
                    return single;
                }
                var z = Math.Abs(candidate.Value.Value - baseline.Value.Value) / sd;
                return new TestResult(Statistics.ZForTwoSided(settings.Alpha) * sd, S($"detection timer model (σ of the difference {sd:0.0} s)"),
                    2 * (1 - Statistics.NormalCdf(z)));
            default:
                return single;
        }
    }

    private static FigureComparison Judge(RunFigure baseline, RunFigure candidate, TestResult test, double? adjustedP, CompareSettings settings)
    {
        var kind = baseline.Kind;
        double? difference = baseline.Value is { } b && candidate.Value is { } c ? c - b : null;
        var minimum = baseline.Value is { } bv ? settings.MinimumFor(kind).For(bv) : 0;
        Verdict verdict;
        if (baseline.Value is null || candidate.Value is null)
        {
            // Never (no recovery, never notified, no new replica) is worse than any value.
            verdict = (baseline.Value, candidate.Value) switch
            {
                (null, null) => Verdict.Same,
                (null, _) => Verdict.Better,
                _ => Verdict.Worse,
            };
        }
        else
        {
            var d = difference!.Value;
            var beyondNoise = adjustedP is { } ap
                ? ap < settings.Alpha && Math.Abs(d) > Math.Max(minimum, kind.Resolution)
                : Math.Abs(d) > kind.Resolution + minimum;
            var improved = kind.Direction == Direction.HigherIsBetter ? d > 0 : d < 0;
            verdict = !beyondNoise ? Verdict.Same : improved ? Verdict.Better : Verdict.Worse;
        }
        return new FigureComparison(baseline.Key, baseline.Experiment, baseline.Name, kind, baseline.Value, candidate.Value, difference,
            test.Noise, minimum, test.Method, test.P, adjustedP, verdict);
    }

    private static string Experiments(SuiteResult run)
    {
        var names = new List<string>();
        if (run.Scalability is not null)
        {
            names.Add("scalability");
        }
        names.AddRange(run.Resilience.Select(r => r.Skipped is null ? r.Name : r.Name + " (skipped)"));
        names.AddRange(run.Spike.Select(s => s.Name));
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
