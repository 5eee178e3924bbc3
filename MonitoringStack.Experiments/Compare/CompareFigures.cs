using System.Globalization;

namespace MonitoringStack.Experiments.Compare;

/// <summary>A comparison's tables as rows of formatted cells: the console, the HTML and the Markdown report share them.</summary>
public static class CompareFigures
{
    public static readonly string[] Header =
        ["experiment", "figure", "baseline", "candidate", "difference", "noise (±)", "min. difference", "test (p, Holm p)", "verdict"];

    public static IEnumerable<string[]> Rows(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.Figures.Select(f => new[]
        {
            f.Experiment,
            f.Name,
            Value(f.Kind, f.Baseline),
            Value(f.Kind, f.Candidate),
            f.Difference is { } d ? Difference(f.Kind, d) : "",
            f.Kind == FigureKind.WithinBound ? "" : f.Noise is > 0 and < double.PositiveInfinity ? Amount(f.Kind, f.Noise) : "0",
            f.Kind == FigureKind.WithinBound ? "any change" : Amount(f.Kind, f.MinimumDifference),
            f.P is { } p ? S($"{f.Method}: p {p:0.###}, Holm p {f.AdjustedP:0.###}") : f.Method,
            Word(f.Verdict),
        });
    }

    public static readonly string[] OnlyInOneHeader = ["experiment", "figure", "value", "only in"];

    public static IEnumerable<string[]> OnlyInOneRows(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.OnlyInBaseline.Select(f => new[] { f.Experiment, f.Name, Value(f.Kind, f.Value), "baseline" })
            .Concat(comparison.OnlyInCandidate.Select(f => new[] { f.Experiment, f.Name, Value(f.Kind, f.Value), "candidate" }));
    }

    /// <summary>The one-line outcome: counts of each verdict and what the exit code will be.</summary>
    public static string Summary(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var only = comparison.OnlyInBaseline.Count + comparison.OnlyInCandidate.Count;
        return S($"{comparison.Figures.Count} figures compared: {comparison.Count(Verdict.Worse)} worse, {comparison.Count(Verdict.Better)} better, {comparison.Count(Verdict.Same)} same within noise")
            + (only > 0 ? S($"; {only} in only one run") : "")
            + (comparison.Figures.FirstOrDefault(f => f.Key == "run/score") is { Baseline: { } before, Candidate: { } after }
                ? S($"; resilience score {before:0.0} → {after:0.0} ({after - before:+0.0;−0.0;0.0})")
                : "")
            + (comparison.AnyWorse ? ". REGRESSION." : ". No regression.");
    }

    /// <summary>How the verdicts were reached, in the report's words.</summary>
    public static IReadOnlyList<string> Method(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var s = comparison.Settings;
        var tests = comparison.Figures.Count(f => f.P is not null);
        return
        [
            S($"Availability and error budget: two-proportion z-test on the requests and failures each run counted (the noise is the {1 - s.Alpha:0.##} interval of the difference; Wilson intervals for each run). p99 during a fault or spike: two-sample bootstrap ({s.BootstrapIterations} resamples, seed {s.Seed}) of the per-second p99s in the window (fewer than {s.MinSamples} seconds: judged as a single value). Detection time: each bound stage is a uniform wait between its least and most time, so a detection's variance is Σ (max − min)² / 12."),
            S($"{tests} tests, corrected together with {RunComparison.Correction} at a family-wise α = {s.Alpha:0.###}: a figure is better or worse only when its Holm-adjusted p is below α and the change exceeds the minimum practical difference."),
            "Single-valued figures (throughput, efficiency and percentiles per load step in schema 4, MTTR, time to the first new replica, budget ratio, score, within bound) are better or worse when the change exceeds their resolution plus the minimum practical difference. \"never\" (no recovery, never notified, no new replica) is worse than any value.",
        ];
    }

    public static string Word(Verdict verdict) => verdict switch
    {
        Verdict.Better => "better",
        Verdict.Worse => "WORSE",
        _ => "same within noise",
    };

    public static string Value(FigureKind kind, double? value)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (value is not { } v)
        {
            return "never";
        }
        if (kind == FigureKind.WithinBound)
        {
            return v >= 1 ? "yes" : "no";
        }
        return Amount(kind, v);
    }

    private static string Difference(FigureKind kind, double d)
    {
        if (kind == FigureKind.WithinBound)
        {
            return d == 0 ? "" : d > 0 ? "now within" : "no longer within";
        }
        return (d > 0 ? "+" : d < 0 ? "−" : "") + Amount(kind, Math.Abs(d));
    }

    private static string Amount(FigureKind kind, double v) => kind.Unit switch
    {
        "%" => S($"{v * 100:0.###} %"),
        "ms" => S($"{v:0.0} ms"),
        "s" => S($"{v:0.0} s"),
        "rps" => S($"{v:0.0} rps"),
        "×" => S($"{v:0.000} ×"),
        "points" => S($"{v:0.0}"),
        _ => S($"{v:0.000}"),
    };

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
