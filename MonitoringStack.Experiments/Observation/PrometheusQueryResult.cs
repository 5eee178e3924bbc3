namespace MonitoringStack.Experiments.Observation;

/// <summary>One series of an instant query: its labels and value (NaN and ±Inf as Prometheus reports them).</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// An instant query's answer with a query error kept as data rather than thrown, for callers that check
/// many expressions (every dashboard panel) and report all the invalid ones at once.
/// </summary>
public sealed record PrometheusQueryResult(string Query, string? Error, IReadOnlyList<PrometheusSample> Samples)
{
    public bool IsInvalid => Error is not null;

    /// <summary>Empty, or only NaN (e.g. a quantile of a window without requests): nothing to draw.</summary>
    public bool HasNoData => Samples.Count == 0 || Samples.All(s => double.IsNaN(s.Value));

    public override string ToString() => Error is not null ? $"{Query}\n  -> error: {Error}" : $"{Query}\n  -> {Samples.Count} series";
}
