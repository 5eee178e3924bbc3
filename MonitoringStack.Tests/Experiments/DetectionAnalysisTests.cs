using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

public class DetectionAnalysisTests
{
    private static readonly DateTimeOffset FaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DetectionBound Bound = new(
        ScrapeInterval: TimeSpan.FromSeconds(5), EvaluationInterval: TimeSpan.FromSeconds(5),
        For: TimeSpan.Zero, GroupWait: TimeSpan.FromSeconds(2));

    [Fact]
    public void The_bound_is_the_sum_of_the_pipeline_delays_and_says_so()
    {
        Assert.Equal(12, Bound.Total.TotalSeconds);
        Assert.Equal("scrape 5 s + evaluation 5 s + for 0 s + group_wait 2 s = 12 s", Bound.Decomposed);
    }

    [Fact]
    public void An_onset_delay_is_part_of_the_bound_and_says_so()
    {
        var bound = Bound with { Onset = TimeSpan.FromSeconds(7) };

        Assert.Equal(19, bound.Total.TotalSeconds);
        Assert.StartsWith("onset 7 s + scrape 5 s", bound.Decomposed, StringComparison.Ordinal);
    }

    [Fact]
    public void Detection_measures_firing_and_notification_from_fault_start()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(7))],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(9.5))],
            tolerance: TimeSpan.FromSeconds(5));

        Assert.Equal(7, result.FiringSeconds);
        Assert.Equal(9.5, result.NotifiedSeconds);
        Assert.True(result.WithinBound);
    }

    [Fact]
    public void An_alert_that_never_fired_has_no_detection_time_and_is_not_within_bound()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound, [], [], TimeSpan.FromSeconds(5));

        Assert.Null(result.FiringSeconds);
        Assert.Null(result.NotifiedSeconds);
        Assert.False(result.WithinBound);
        Assert.Contains("never fired", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Firings_from_before_the_fault_do_not_count()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(-30))], [], TimeSpan.FromSeconds(5));

        Assert.Null(result.FiringSeconds);
    }

    [Fact]
    public void Late_notification_is_outside_the_bound()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(8))],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(40))],
            tolerance: TimeSpan.FromSeconds(5));

        Assert.False(result.WithinBound);
    }

    [Fact]
    public void Resolved_notifications_are_not_detections()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound, [],
            [new AlertNotification("AppDown", "resolved", FaultStart.AddSeconds(3))], TimeSpan.FromSeconds(5));

        Assert.Null(result.NotifiedSeconds);
    }

    [Fact]
    public void Compare_lists_missing_and_unexpected_alerts_but_not_watchdog()
    {
        var (missing, unexpected) = Detection.Compare(["AppDown", "HighErrorRate"],
            [new AlertFiring("AppDown", FaultStart.AddSeconds(5)), new AlertFiring("HighCPUUsage", FaultStart.AddSeconds(6)),
             new AlertFiring("Watchdog", FaultStart.AddSeconds(1))],
            FaultStart);

        Assert.Equal(["HighErrorRate"], missing);
        Assert.Equal(["HighCPUUsage"], unexpected);
    }
}
