using MathNet.Numerics.Distributions;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Compare;

/// <summary>
/// The tests behind a verdict: two-proportion z-test with Wilson intervals for availabilities and failure
/// rates, a two-sample bootstrap for per-second latency, the exact bootstrap of a percentile from a step's
/// latency histogram, and Holm–Bonferroni over all of a comparison's tests.
/// </summary>
public static class Statistics
{
    /// <summary>Standard normal CDF.</summary>
    public static double NormalCdf(double z) => Normal.CDF(0, 1, z);

    /// <summary>The z of a two-sided interval of confidence 1 − alpha.</summary>
    public static double ZForTwoSided(double alpha) => Normal.InvCDF(0, 1, 1 - alpha / 2);

    /// <summary>Wilson score interval of a proportion: sound at 0 and 1 successes, where the normal interval collapses.</summary>
    public static (double Low, double High) Wilson(long successes, long trials, double alpha)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }
        var z = ZForTwoSided(alpha);
        var p = (double)successes / trials;
        var denominator = 1 + z * z / trials;
        var centre = (p + z * z / (2.0 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z * z / (4.0 * trials * trials)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Two-sided p-value that two proportions differ (pooled z-test), and the half-width of the difference's
    /// 1 − alpha interval (unpooled). Both 0 or both 1 give p = 1: no evidence of a change.
    /// </summary>
    public static (double P, double HalfWidth) TwoProportions(long x1, long n1, long x2, long n2, double alpha)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return (1, double.PositiveInfinity);
        }
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        var p = se == 0 ? 1 : 2 * (1 - NormalCdf(Math.Abs(p1 - p2) / se));
        var half = ZForTwoSided(alpha) * Math.Sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return (Math.Clamp(p, 0, 1), half);
    }

    /// <summary>
    /// Two-sample percentile bootstrap of the difference of means (candidate − baseline): each run's samples
    /// resampled with replacement, <paramref name="iterations"/> times, from a fixed seed so a comparison
    /// repeats exactly. Returns the two-sided p-value (twice the smaller tail beyond 0) and the half-width of
    /// the 1 − alpha interval of the difference.
    /// </summary>
    public static (double P, double HalfWidth) BootstrapMeanDifference(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double alpha, int iterations, int seed)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.Count == 0 || candidate.Count == 0)
        {
            return (1, double.PositiveInfinity);
        }
        var random = new Random(seed);
        var differences = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            differences[i] = ResampledMean(candidate, random) - ResampledMean(baseline, random);
        }
        Array.Sort(differences);
        var below = differences.Count(d => d <= 0);
        var above = differences.Count(d => d >= 0);
        var p = Math.Min(1, 2.0 * Math.Min(below, above) / iterations);
        var low = differences[(int)Math.Floor(alpha / 2 * (iterations - 1))];
        var high = differences[(int)Math.Ceiling((1 - alpha / 2) * (iterations - 1))];
        return (p, (high - low) / 2);
    }

    private static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[random.Next(values.Count)];
        }
        return sum / values.Count;
    }

    /// <summary>
    /// Two-sample bootstrap of a percentile's difference (candidate − baseline) from two latency histograms,
    /// computed exactly instead of by resampling: a resample of n answers has its q-th percentile at or below
    /// bucket k when at least ⌈q·n⌉ of them fall at or below k, and that count is Binomial(n, F(k)). Each run's
    /// percentile gets its distribution over the buckets (valued at their upper bound); the two are independent.
    /// Returns the two-sided p-value (twice the smaller tail at or beyond 0) and the half-width of the 1 − alpha
    /// interval of the difference.
    /// </summary>
    public static (double P, double HalfWidth) BootstrapPercentileDifference(
        IReadOnlyList<LatencyBucket> baseline, IReadOnlyList<LatencyBucket> candidate, double quantile, double alpha)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var before = PercentileDistribution(baseline, quantile);
        var after = PercentileDistribution(candidate, quantile);
        if (before.Count == 0 || after.Count == 0)
        {
            return (1, double.PositiveInfinity);
        }
        var differences = new List<(double Value, double Probability)>(before.Count * after.Count);
        foreach (var (b, pb) in before)
        {
            foreach (var (c, pc) in after)
            {
                differences.Add((c - b, pb * pc));
            }
        }
        differences.Sort((x, y) => x.Value.CompareTo(y.Value));
        var atOrBelowZero = differences.Where(d => d.Value <= 0).Sum(d => d.Probability);
        var atOrAboveZero = differences.Where(d => d.Value >= 0).Sum(d => d.Probability);
        var p = Math.Min(1, 2 * Math.Min(atOrBelowZero, atOrAboveZero));
        return (p, (Quantile(differences, 1 - alpha / 2) - Quantile(differences, alpha / 2)) / 2);
    }

    /// <summary>P(the bootstrap percentile is bucket k's bound), for each bucket it can be (negligible ones left out).</summary>
    private static List<(double Value, double Probability)> PercentileDistribution(IReadOnlyList<LatencyBucket> buckets, double quantile)
    {
        var n = buckets.Sum(b => b.Count);
        var distribution = new List<(double, double)>();
        if (n == 0)
        {
            return distribution;
        }
        var rank = (int)Math.Max(1, Math.Ceiling(quantile * n));
        long cumulative = 0;
        var atOrBelowPrevious = 0.0;
        foreach (var bucket in buckets.OrderBy(b => b.UpToMs))
        {
            cumulative += bucket.Count;
            // P(at least `rank` of n draws at or below this bucket) = 1 − P(Binomial(n, F) ≤ rank − 1).
            var atOrBelow = cumulative >= n ? 1 : 1 - Binomial.CDF((double)cumulative / n, (int)n, rank - 1);
            if (atOrBelow - atOrBelowPrevious > 1e-12)
            {
                distribution.Add((bucket.UpToMs, atOrBelow - atOrBelowPrevious));
            }
            atOrBelowPrevious = atOrBelow;
        }
        return distribution;
    }

    private static double Quantile(List<(double Value, double Probability)> sorted, double level)
    {
        var total = sorted.Sum(d => d.Probability);
        var running = 0.0;
        foreach (var (value, probability) in sorted)
        {
            running += probability;
            if (running >= level * total)
            {
                return value;
            }
        }
        return sorted[^1].Value;
    }

    /// <summary>
    /// Holm–Bonferroni step-down adjustment: the i-th smallest of m p-values is multiplied by (m − i + 1),
    /// made monotone and capped at 1. Rejecting where the adjusted p &lt; alpha keeps the chance of any false
    /// "worse" or "better" among all the tests at most alpha.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[pValues.Count];
        var running = 0.0;
        for (var rank = 0; rank < order.Length; rank++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
