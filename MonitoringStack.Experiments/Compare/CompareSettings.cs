namespace MonitoringStack.Experiments.Compare;

/// <summary>
/// How sure and how large a change must be to count: the family-wise error rate of the tests (Holm–Bonferroni),
/// the bootstrap's iterations and seed, and a minimum practical difference per figure kind.
/// </summary>
public sealed record CompareSettings
{
    public double Alpha { get; init; } = 0.05;
    public int BootstrapIterations { get; init; } = 2000;
    public int Seed { get; init; } = 24;
    /// <summary>Fewer per-second samples than this and a latency figure is judged as a single value (a bootstrap of two seconds says nothing).</summary>
    public int MinSamples { get; init; } = 5;
    public IReadOnlyDictionary<string, MinimumDifference> MinimumDifferences { get; init; } = new Dictionary<string, MinimumDifference>();

    public MinimumDifference MinimumFor(FigureKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return MinimumDifferences.TryGetValue(kind.Id, out var set) ? set : kind.Minimum;
    }
}
