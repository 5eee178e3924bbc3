namespace MonitoringStack.Experiments.Compare;

/// <summary>Which way a figure improves.</summary>
public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>
/// A kind of figure (every p99 is one kind, every MTTR another): its unit, which way is better, the smallest
/// step the runs record it in, and the default minimum practical difference (a change smaller than that is
/// "same" however sure the statistics are).
/// </summary>
/// <param name="Id">The name a setting uses: <c>--min-difference latency=10%</c>.</param>
/// <param name="Resolution">The recording's own step (a second of the per-second data, a bound's spread for detection).</param>
public sealed record FigureKind(string Id, string Unit, Direction Direction, double Resolution, MinimumDifference Minimum)
{
    public static readonly FigureKind Throughput = new("throughput", "rps", Direction.HigherIsBetter, 0.1, new(5, 0.05));
    public static readonly FigureKind Efficiency = new("efficiency", "", Direction.HigherIsBetter, 0.01, new(0.05, 0));
    public static readonly FigureKind Latency = new("latency", "ms", Direction.LowerIsBetter, 0.1, new(5, 0.10));
    public static readonly FigureKind Availability = new("availability", "%", Direction.HigherIsBetter, 0, new(0.001, 0));
    public static readonly FigureKind ErrorBudget = new("budget", "%", Direction.LowerIsBetter, 0, new(0.10, 0));
    public static readonly FigureKind Mttr = new("mttr", "s", Direction.LowerIsBetter, 1, new(5, 0));
    public static readonly FigureKind DetectionTime = new("detection", "s", Direction.LowerIsBetter, 0, new(5, 0));
    public static readonly FigureKind WithinBound = new("within-bound", "", Direction.HigherIsBetter, 0, new(0, 0));
    public static readonly FigureKind BudgetRatio = new("budget-ratio", "×", Direction.LowerIsBetter, 0.001, new(0.25, 0));
    public static readonly FigureKind FirstReplica = new("first-replica", "s", Direction.LowerIsBetter, 2, new(5, 0));
    public static readonly FigureKind Score = new("score", "points", Direction.HigherIsBetter, 0.1, new(5, 0));

    public static readonly IReadOnlyList<FigureKind> All =
        [Throughput, Efficiency, Latency, Availability, ErrorBudget, Mttr, DetectionTime, WithinBound, BudgetRatio, FirstReplica, Score];
}

/// <summary>
/// The smallest change that matters in practice: the larger of an absolute amount (in the figure's unit;
/// availability and budget as fractions) and a share of the baseline's value.
/// </summary>
public sealed record MinimumDifference(double Absolute, double Relative)
{
    public double For(double baseline) => Math.Max(Absolute, Relative * Math.Abs(baseline));

    /// <summary>Reads <c>5</c> (absolute) or <c>10%</c> (relative to the baseline's value).</summary>
    /// <exception cref="FormatException">Neither a number nor a percentage.</exception>
    public static MinimumDifference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var relative = text.EndsWith('%');
        if (!double.TryParse(relative ? text[..^1] : text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new FormatException($"'{text}' is not a minimum difference: a non-negative number (in the figure's unit) or a percentage of the baseline, e.g. 5 or 10%");
        }
        return relative ? new MinimumDifference(0, value / 100) : new MinimumDifference(value, 0);
    }
}
