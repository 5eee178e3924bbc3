namespace MonitoringStack.Experiments.Compare;

public enum Verdict
{
    Better,
    Same,
    Worse,
}

/// <summary>
/// One figure both runs hold: their values, the difference (candidate − baseline), the noise band it was judged
/// against and how that band was computed, the test's p-value before and after the multiple-comparison
/// correction (null for single-valued figures, judged by resolution), and the verdict.
/// </summary>
public sealed record FigureComparison(
    string Key, string Experiment, string Name, FigureKind Kind,
    double? Baseline, double? Candidate, double? Difference,
    double Noise, double MinimumDifference, string Method, double? P, double? AdjustedP, Verdict Verdict);
