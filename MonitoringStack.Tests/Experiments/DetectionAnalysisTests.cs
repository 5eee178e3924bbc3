using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

public class DetectionAnalysisTests
{
    private static readonly DateTimeOffset FaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // AppDown's shape: no window, no `for`; 4..16 s in all.
    private static readonly DetectionBound Bound = new(
    [
        new BoundTerm("scrape", 0, 9, "next scrape"),
        new BoundTerm("evaluation", 0, 5, "next evaluation"),
        new BoundTerm("send", 0, 0, "right after"),
        new BoundTerm("alertmanager", 4, 2 + 4, "group_wait"),
    ]);

    [Fact]
    public void The_bound_adds_up_its_stages_and_says_so()
    {
        Assert.Equal(4, Bound.LowerSeconds);
        Assert.Equal(20, Bound.UpperSeconds);
        Assert.Equal("scrape 0–9 s + evaluation 0–5 s + send 0 s + alertmanager 4–6 s = 4–20 s", Bound.Decomposed);
    }

    [Fact]
    public void An_onset_delay_starts_the_bound_and_says_so()
    {
        var bound = Bound.WithOnset(TimeSpan.FromSeconds(7));

        Assert.Equal(11, bound.LowerSeconds);
        Assert.Equal(27, bound.UpperSeconds);
        Assert.StartsWith("onset 7 s + scrape 0–9 s", bound.Decomposed, StringComparison.Ordinal);
        Assert.Equal(4, bound.WithOnset(TimeSpan.Zero).LowerSeconds);
    }

    [Fact]
    public void Detected_means_the_firing_notification_arrived_within_the_bound()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(7))],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(9.5))]);

        Assert.Equal(7, result.FiringSeconds);
        Assert.Equal(9.5, result.NotifiedSeconds);
        Assert.Equal(DetectionOutcome.Notified, result.Outcome);
        Assert.True(result.WithinBound);
        Assert.Equal(4, result.LowerBoundSeconds);
        Assert.Equal(20, result.UpperBoundSeconds);
        Assert.Equal(5, result.ToleranceSeconds);
        Assert.Equal(4, result.Bound.Count);
    }

    [Fact]
    public void Fired_in_Prometheus_but_never_notified_is_not_detected_and_says_what_happened()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(6.3))],
            [new AlertNotification("AppDown", "resolved", FaultStart.AddSeconds(40))]);

        Assert.Equal(DetectionOutcome.NotNotified, result.Outcome);
        Assert.False(result.WithinBound);
        Assert.Contains("fired in Prometheus at +6.3 s, never notified (only a resolved notification arrived, at +40.0 s)", result.Explanation, StringComparison.Ordinal);
        Assert.Equal(["expected alert not detected: " + result.Explanation], Detection.Violations([result]));
    }

    [Fact]
    public void An_alert_that_never_fired_is_not_detected()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound, [], []);

        Assert.Null(result.FiringSeconds);
        Assert.Null(result.NotifiedSeconds);
        Assert.Equal(DetectionOutcome.NeverFired, result.Outcome);
        Assert.Contains("never fired", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Firings_and_notifications_from_before_the_fault_do_not_count()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(-30))],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(-29))]);

        Assert.Null(result.FiringSeconds);
        Assert.Equal(DetectionOutcome.NeverFired, result.Outcome);
    }

    [Fact]
    public void A_notification_later_than_the_upper_bound_plus_tolerance_is_late()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound,
            [new AlertFiring("AppDown", FaultStart.AddSeconds(8))],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(25.5))]);

        Assert.Equal(DetectionOutcome.Late, result.Outcome);
        Assert.False(result.WithinBound);
    }

    [Fact]
    public void A_notification_at_the_upper_bound_plus_tolerance_still_counts()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound, [],
            [new AlertNotification("AppDown", "firing", FaultStart.AddSeconds(25))]);

        Assert.True(result.WithinBound);
    }

    /// <summary>A detection faster than physics allows means the bound is wrong: it must fail, not pass quietly.</summary>
    [Fact]
    public void A_notification_sooner_than_the_lower_bound_exposes_a_wrong_bound()
    {
        var cpuLike = new DetectionBound([new BoundTerm("threshold", 48, 60, "avg over 1m"), new BoundTerm("for", 30, 30, "for")]);

        var result = Detection.Measure("HighCPUUsage", FaultStart, cpuLike,
            [new AlertFiring("HighCPUUsage", FaultStart.AddSeconds(40))],
            [new AlertNotification("HighCPUUsage", "firing", FaultStart.AddSeconds(41))]);

        Assert.Equal(DetectionOutcome.FasterThanBound, result.Outcome);
        Assert.False(result.WithinBound);
        Assert.Contains("the bound is wrong", result.Explanation, StringComparison.Ordinal);
        // Within the measurement error (1 s) it is still a detection.
        Assert.True(Detection.Measure("HighCPUUsage", FaultStart, cpuLike, [],
            [new AlertNotification("HighCPUUsage", "firing", FaultStart.AddSeconds(77.5))]).WithinBound);
    }

    [Fact]
    public void Resolved_notifications_are_not_detections()
    {
        var result = Detection.Measure("AppDown", FaultStart, Bound, [],
            [new AlertNotification("AppDown", "resolved", FaultStart.AddSeconds(3))]);

        Assert.Null(result.NotifiedSeconds);
        Assert.False(result.WithinBound);
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
