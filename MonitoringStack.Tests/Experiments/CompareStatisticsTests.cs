using MonitoringStack.Experiments.Compare;

namespace MonitoringStack.Tests.Experiments;

/// <summary>The statistics behind a verdict, against values computed by hand (or published tables).</summary>
public sealed class CompareStatisticsTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1.644854, 0.05)]
    public void Normal_cdf_matches_the_table(double z, double expected) =>
        Assert.Equal(expected, Statistics.NormalCdf(z), 5);

    [Fact]
    public void Two_sided_z_for_alpha_005_is_196() => Assert.Equal(1.96, Statistics.ZForTwoSided(0.05), 2);

    [Fact]
    public void Wilson_interval_of_no_failures_is_not_a_point()
    {
        // 0 of 100: Wilson gives [0, 0.037] (z = 1.96), where the normal interval collapses to [0, 0].
        var (low, high) = Statistics.Wilson(0, 100, 0.05);
        Assert.Equal(0, low, 6);
        Assert.Equal(0.037, high, 3);
    }

    [Fact]
    public void Holm_multiplies_the_smallest_by_m_and_stays_monotone()
    {
        // p = 0.01, 0.04, 0.03 (m = 3): sorted 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 → max(0.06, 0.04) = 0.06.
        Assert.Equal([0.03, 0.06, 0.06], Statistics.Holm([0.01, 0.04, 0.03]).Select(p => Math.Round(p, 10)));
    }

    [Fact]
    public void Equal_proportions_have_p_1_and_a_clear_drop_a_tiny_p()
    {
        Assert.Equal(1, Statistics.TwoProportions(0, 5000, 0, 5000, 0.05).P);
        // 2 of 5000 against 100 of 5000 failed.
        Assert.True(Statistics.TwoProportions(2, 5000, 100, 5000, 0.05).P < 1e-10);
    }

    [Fact]
    public void Bootstrap_sees_a_shift_and_not_the_same_samples()
    {
        double[] baseline = [50, 52, 49, 51, 55, 48, 50, 53, 52, 50];
        Assert.True(Statistics.BootstrapMeanDifference(baseline, baseline, 0.05, 2000, 1).P > 0.5);
        Assert.True(Statistics.BootstrapMeanDifference(baseline, [.. baseline.Select(v => v + 20)], 0.05, 2000, 1).P < 0.01);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Percentile_bootstrap_from_histograms_sees_a_20_percent_shift_and_not_a_second_draw(double quantile)
    {
        var random = new Random(7);
        var baseline = LatencyHistograms.Draw(random, 3000, 1.0);
        var again = LatencyHistograms.Draw(random, 3000, 1.0);
        var slower = LatencyHistograms.Draw(random, 3000, 1.2);

        Assert.True(Statistics.BootstrapPercentileDifference(baseline, again, quantile, 0.05).P > 0.05);
        var (p, halfWidth) = Statistics.BootstrapPercentileDifference(baseline, slower, quantile, 0.05);
        Assert.True(p < 0.001, $"p = {p}");
        Assert.True(halfWidth > 0);
    }

    [Fact]
    public void Percentile_bootstrap_of_a_histogram_against_itself_is_p_1()
    {
        var histogram = LatencyHistograms.Draw(new Random(3), 500, 1.0);
        Assert.Equal(1, Statistics.BootstrapPercentileDifference(histogram, histogram, 0.99, 0.05).P, 6);
    }
}
