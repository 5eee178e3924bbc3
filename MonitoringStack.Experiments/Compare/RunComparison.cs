namespace MonitoringStack.Experiments.Compare;

/// <summary>The outcome of comparing two runs: every common figure judged, and the figures only one run holds.</summary>
public sealed record RunComparison(
    string BaselineRunId, string CandidateRunId,
    IReadOnlyList<FigureComparison> Figures,
    IReadOnlyList<RunFigure> OnlyInBaseline, IReadOnlyList<RunFigure> OnlyInCandidate,
    CompareSettings Settings)
{
    /// <summary>Exit code when at least one figure is worse (0 when none is; 2 is bad input, 3 a failed hypothesis).</summary>
    public const int RegressionExitCode = 4;

    public const string Correction = "Holm–Bonferroni";

    public bool AnyWorse => Figures.Any(f => f.Verdict == Verdict.Worse);

    public int ExitCode => AnyWorse ? RegressionExitCode : 0;

    public int Count(Verdict verdict) => Figures.Count(f => f.Verdict == verdict);
}
