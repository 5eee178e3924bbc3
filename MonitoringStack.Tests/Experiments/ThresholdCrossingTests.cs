using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

/// <summary>The window analysis on expressions shaped unlike the repository's rules.</summary>
public class ThresholdCrossingTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoRecordings = [];

    [Fact]
    public void An_instant_expression_crosses_at_once()
    {
        var crossing = ThresholdCrossing.Of("up{job=\"api\"} == 0", NoRecordings);

        Assert.Equal((0, 0, 0), (crossing.WindowSeconds, crossing.MinSeconds, crossing.MaxSeconds));
    }

    [Fact]
    public void A_share_averaged_over_a_window_needs_threshold_times_window()
    {
        var crossing = ThresholdCrossing.Of("avg_over_time(x_ratio[2m]) > 0.5", NoRecordings);

        Assert.Equal((120, 60, 120), (crossing.WindowSeconds, crossing.MinSeconds, crossing.MaxSeconds));
    }

    [Fact]
    public void The_window_is_found_through_recording_rules()
    {
        var recordings = new Dictionary<string, IReadOnlyList<string>>
        {
            ["a:ratio"] = ["b:rate / c:rate"],
            ["b:rate"] = ["rate(errors_total[30s])"],
            ["c:rate"] = ["rate(requests_total[90s])"],
        };

        var crossing = ThresholdCrossing.Of("a:ratio > 0.1", recordings);

        Assert.Equal(90, crossing.WindowSeconds);
        Assert.Equal(9, crossing.MinSeconds, precision: 6);
        Assert.True(crossing.ReadsRecordingRule);
    }

    [Fact]
    public void Alternatives_joined_by_or_are_not_modelled_and_get_a_lower_bound_of_zero()
    {
        var crossing = ThresholdCrossing.Of("x_ratio_rate5m > 0.1 or y_ratio_rate1h > (3 * 0.01)",
            new Dictionary<string, IReadOnlyList<string>> { ["x_ratio_rate5m"] = ["rate(a[5m])"], ["y_ratio_rate1h"] = ["rate(a[1h])"] });

        Assert.Equal((3600, 0, 3600), (crossing.WindowSeconds, crossing.MinSeconds, crossing.MaxSeconds));
        Assert.Contains("not modelled", crossing.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unbounded_rate_can_cross_with_one_burst()
    {
        var crossing = ThresholdCrossing.Of("sum(rate(shed_total[1m])) > 0.1", NoRecordings);

        Assert.Equal((0, 60), (crossing.MinSeconds, crossing.MaxSeconds));
    }
}
