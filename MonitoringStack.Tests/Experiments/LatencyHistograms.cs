using MonitoringStack.Load.Engine;

namespace MonitoringStack.Tests.Experiments;

/// <summary>Latency histograms for the comparison tests, in the load engine's buckets (5 % wide from 0.1 ms).</summary>
internal static class LatencyHistograms
{
    /// <summary>
    /// <paramref name="count"/> answers from a log-normal around 50 ms (a served request's usual shape), every
    /// one <paramref name="factor"/> times slower.
    /// </summary>
    public static IReadOnlyList<LatencyBucket> Draw(Random random, int count, double factor) =>
        [.. Enumerable.Range(0, count)
            .Select(_ => factor * 50 * Math.Exp(0.3 * Gaussian(random)))
            .GroupBy(ms => (int)Math.Ceiling(Math.Log(ms / 0.1) / Math.Log(1.05)))
            .OrderBy(g => g.Key)
            .Select(g => new LatencyBucket(Math.Round(0.1 * Math.Pow(1.05, g.Key), 3), g.Count()))];

    /// <summary>The upper bound of the bucket holding the <paramref name="quantile"/>-th answer.</summary>
    public static double Percentile(IReadOnlyList<LatencyBucket> buckets, double quantile)
    {
        var rank = Math.Ceiling(quantile * buckets.Sum(b => b.Count));
        long seen = 0;
        return buckets.First(b => (seen += b.Count) >= rank).UpToMs;
    }

    /// <summary>Box–Muller: one standard normal draw.</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
