using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

public class ResilienceAnalysisTests
{
    private static readonly SteadyStateHypothesis Hypothesis = new(MinAvailability: 0.999, MaxP99Ms: 300);

    /// <summary>100 requests a second; the given seconds fail half their requests.</summary>
    private static List<ClientSecond> Series(int seconds, params int[] badSeconds) =>
        Enumerable.Range(0, seconds)
            .Select(t => badSeconds.Contains(t) ? new ClientSecond(t, 50, 50, 20) : new ClientSecond(t, 100, 0, 20))
            .ToList();

    [Fact]
    public void Availability_counts_requests_not_seconds()
    {
        var series = Series(10, 3);

        Assert.Equal(950.0 / 1000, Availability.Over(series, 0, 10)!.Value, 9);
        Assert.Equal(1.0, Availability.Over(series, 4, 10)!.Value, 9);
    }

    [Fact]
    public void Availability_of_a_window_without_requests_is_unknown_not_perfect()
    {
        Assert.Null(Availability.Over(Series(5), 10, 20));
    }

    [Fact]
    public void Error_budget_spent_relates_failures_to_what_the_slo_allows()
    {
        // 1000 requests at 99.9 % allow 1 failure; 50 failed.
        var spent = Availability.ErrorBudgetSpent(Series(10, 3), 0, 10, 0.999);

        Assert.Equal(50.0, spent!.Value, 6);
    }

    [Fact]
    public void Mttr_runs_from_fault_start_to_the_start_of_a_stable_healthy_run()
    {
        var result = Recovery.Measure(Series(20, 5, 6, 7), faultStartSecond: 5, Hypothesis, stableSeconds: 3);

        Assert.True(result.Impacted);
        Assert.Equal(5, result.ImpactStartSecond);
        Assert.Equal(3, result.MttrSeconds);
    }

    [Fact]
    public void Mttr_ignores_a_short_healthy_blip_inside_the_outage()
    {
        var result = Recovery.Measure(Series(20, 5, 6, 8, 9), faultStartSecond: 5, Hypothesis, stableSeconds: 3);

        Assert.Equal(5, result.MttrSeconds);
    }

    [Fact]
    public void No_recovery_gives_no_mttr()
    {
        var series = Series(20, Enumerable.Range(5, 15).ToArray());

        var result = Recovery.Measure(series, faultStartSecond: 5, Hypothesis);

        Assert.True(result.Impacted);
        Assert.Null(result.MttrSeconds);
        Assert.Contains("no recovery", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_without_impact_has_zero_mttr()
    {
        var result = Recovery.Measure(Series(20), faultStartSecond: 5, Hypothesis);

        Assert.False(result.Impacted);
        Assert.Equal(0, result.MttrSeconds);
    }

    [Fact]
    public void Gaps_in_the_data_count_as_not_recovered()
    {
        // Seconds 8 and 9 are missing: the stable run can only start at 10.
        var series = Series(20, 5, 6, 7).Where(s => s.Second is not (8 or 9)).ToList();

        var result = Recovery.Measure(series, faultStartSecond: 5, Hypothesis, stableSeconds: 3);

        Assert.Equal(5, result.MttrSeconds);
    }

    [Fact]
    public void Slow_seconds_break_the_hypothesis_like_failed_ones()
    {
        var series = Series(20);
        series[6] = series[6] with { P99Ms = 900 };

        var result = Recovery.Measure(series, faultStartSecond: 5, Hypothesis, stableSeconds: 2);

        Assert.Equal(6, result.ImpactStartSecond);
        Assert.Equal(2, result.MttrSeconds);
    }
}
