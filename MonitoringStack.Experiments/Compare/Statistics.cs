namespace MonitoringStack.Experiments.Compare;

/// <summary>
/// The tests behind a verdict: two-proportion z-test with Wilson intervals for availabilities and failure
/// rates, a two-sample bootstrap for per-second latency, and Holm–Bonferroni over all of a comparison's tests.
/// </summary>
public static class Statistics
{
    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf, |error| &lt; 1.5e-7: plenty for a p-value).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>The z of a two-sided interval of confidence 1 − alpha (bisection on <see cref="NormalCdf"/>).</summary>
    public static double ZForTwoSided(double alpha)
    {
        double low = 0, high = 10;
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            if (2 * (1 - NormalCdf(mid)) > alpha)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

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
