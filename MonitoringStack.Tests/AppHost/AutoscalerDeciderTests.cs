using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.AppHost;

/// <summary>
/// The autoscaler's rules, with the signal of the repository (in-flight requests per replica, target 2.8)
/// and the clock in the test's hands.
/// </summary>
public sealed class AutoscalerDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static AutoscalingPolicy Policy(int min = 1, int max = 4, double downWindow = 60, int pods = 4, int percent = 100) => new()
    {
        Enabled = true,
        Signal = new AutoscalingSignal { Name = "in-flight requests per replica", PerReplicaQuery = "q", Target = 2.8 },
        MinReplicas = min,
        MaxReplicas = max,
        Tolerance = 0.1,
        MetricMaxAgeSeconds = 12,
        SettleSeconds = 10,
        ScaleUp = new ScaleUpBehavior { StabilizationWindowSeconds = 0, Pods = pods, Percent = percent },
        ScaleDown = new ScaleDownBehavior { StabilizationWindowSeconds = downWindow },
    };

    /// <summary>Fresh readings (sampled 2 s before <paramref name="at"/>) for api-0, api-1, … in order.</summary>
    private static ReplicaReading[] Readings(DateTimeOffset at, params double[] values) =>
        [.. values.Select((v, i) => new ReplicaReading($"api-{i}", v, at.AddSeconds(-2)))];

    private static AutoscalerDecision At(AutoscalerDecider decider, double seconds, params double[] values)
    {
        var now = T0.AddSeconds(seconds);
        return decider.Decide(now, values.Length, Readings(now, values));
    }

    [Fact]
    public void Load_above_the_target_scales_up_to_current_times_metric_over_target_at_once()
    {
        var decision = At(new AutoscalerDecider(Policy()), 0, 4.2, 4.2);

        Assert.Equal(AutoscalerAction.ScaleUp, decision.Action);
        Assert.Equal(4.2, decision.Average);
        Assert.Equal(3, decision.Desired); // ceil(2 × 4.2 / 2.8) = ceil(3.0)
        Assert.Equal(3, decision.To);
        Assert.Contains("scale up 2 -> 3", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Overload_scales_up_no_further_than_max_replicas()
    {
        // One replica with a full queue: 4 slots + 16 waiting.
        var decision = At(new AutoscalerDecider(Policy(max: 4)), 0, 20);

        Assert.Equal(8, decision.Desired);
        Assert.Equal(4, decision.Recommendation);
        Assert.Equal(4, decision.To);
        Assert.Contains("bounded to 4 (min 1, max 4)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_step_adds_at_most_the_larger_of_percent_and_pods()
    {
        var decision = At(new AutoscalerDecider(Policy(max: 6, pods: 1, percent: 100)), 0, 20);

        Assert.Equal(6, decision.Recommendation);
        Assert.Equal(2, decision.To); // 1 + max(100 % of 1, 1)
        Assert.Contains("this step", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_load_scales_down_no_further_than_min_replicas_once_the_window_has_passed()
    {
        var decider = new AutoscalerDecider(Policy(min: 2, downWindow: 0));

        var decision = At(decider, 0, 0, 0, 0, 0);

        Assert.Equal(0, decision.Desired);
        Assert.Equal(2, decision.To);
        Assert.Equal(AutoscalerAction.ScaleDown, decision.Action);
    }

    [Fact]
    public void A_count_above_max_replicas_is_brought_back_within_bounds()
    {
        // Scaled to 6 by hand, exactly at the target: within tolerance, but 6 is above the autoscaler's max.
        var decision = At(new AutoscalerDecider(Policy(max: 4, downWindow: 0)), 0, 2.8, 2.8, 2.8, 2.8, 2.8, 2.8);

        Assert.Equal(AutoscalerAction.ScaleDown, decision.Action);
        Assert.Equal(4, decision.To);
    }

    [Fact]
    public void Scale_down_waits_for_the_highest_recommendation_over_the_window()
    {
        var decider = new AutoscalerDecider(Policy(downWindow: 60));

        Assert.Equal(AutoscalerAction.None, At(decider, 0, 2.8, 2.8, 2.8, 2.8).Action); // recommends 4

        // The load stops: the recommendation is 1, but 4 was recommended within the last 60 s.
        var dip = At(decider, 10, 0, 0, 0, 0);
        Assert.Equal(1, dip.Recommendation);
        Assert.Equal(AutoscalerAction.None, dip.Action);
        Assert.Equal(4, dip.To);
        Assert.Contains("kept at 4 by the scale-down window", dip.Reason, StringComparison.Ordinal);

        // A little load comes back: it recommends 2.
        Assert.Equal(2, At(decider, 30, 1.2, 1.2, 1.2, 1.2).Recommendation);

        // 60 s after the last 4: the highest left in the window is the 2.
        var down = At(decider, 61, 0, 0, 0, 0);
        Assert.Equal(AutoscalerAction.ScaleDown, down.Action);
        Assert.Equal(2, down.To);

        // And once the 2 has left the window too, down to 1.
        Assert.Equal(1, At(decider, 91, 0, 0).To);
    }

    [Fact]
    public void A_short_dip_removes_nothing()
    {
        var decider = new AutoscalerDecider(Policy(downWindow: 60));
        At(decider, 0, 3, 3, 3);

        for (var second = 2; second < 60; second += 2)
        {
            var load = second is > 20 and < 30 ? 0.5 : 3;
            Assert.Equal(3, At(decider, second, load, load, load).To);
        }
    }

    [Theory]
    [InlineData(3.05, AutoscalerAction.None)] // x1.09: within 10 %
    [InlineData(2.55, AutoscalerAction.None)] // x0.91: within 10 %
    [InlineData(3.15, AutoscalerAction.ScaleUp)] // x1.125: ceil(4 × 1.125) = 5
    public void Within_the_tolerance_nothing_changes(double perReplica, AutoscalerAction expected)
    {
        var decision = At(new AutoscalerDecider(Policy(max: 6, downWindow: 0)), 0, perReplica, perReplica, perReplica, perReplica);

        Assert.Equal(expected, decision.Action);
        if (expected == AutoscalerAction.None)
        {
            Assert.Contains("within the 10 % tolerance", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_replica_without_a_value_means_no_change_and_says_which()
    {
        var decider = new AutoscalerDecider(Policy());
        var now = T0;

        var decision = decider.Decide(now, 2, [new ReplicaReading("api-0", 20, now), new ReplicaReading("api-1", null, now)]);

        Assert.Equal(AutoscalerAction.Hold, decision.Action);
        Assert.Equal(2, decision.To);
        Assert.Null(decision.Desired);
        Assert.Contains("api-1: no sample", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_reading_means_no_change_and_says_how_old()
    {
        var decider = new AutoscalerDecider(Policy());
        var now = T0;

        var decision = decider.Decide(now, 2, [new ReplicaReading("api-0", 0, now.AddSeconds(-30)), new ReplicaReading("api-1", 0, now.AddSeconds(-1))]);

        Assert.Equal(AutoscalerAction.Hold, decision.Action);
        Assert.Contains("api-0: newest sample 30 s old (limit 12 s)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_unreachable_means_no_change()
    {
        var decision = new AutoscalerDecider(Policy()).Decide(T0, 1, [new ReplicaReading("api-0", null, null, "Prometheus did not answer: connection refused")]);

        Assert.Equal(AutoscalerAction.Hold, decision.Action);
        Assert.Contains("connection refused", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_metric_adds_no_recommendation_to_the_window()
    {
        var decider = new AutoscalerDecider(Policy(downWindow: 60));
        At(decider, 0, 0, 0, 0); // recommends 1, the only recommendation in the window
        // Were "missing" counted as a recommendation of the current count, it would hold the next scale-down.
        decider.Decide(T0.AddSeconds(1), 3, [new ReplicaReading("api-0", null, null, "down")]);

        Assert.Equal(1, At(decider, 2, 0, 0, 0).To);
    }

    [Fact]
    public void After_a_change_decisions_wait_until_the_signal_has_settled()
    {
        var decider = new AutoscalerDecider(Policy());
        decider.Changed(T0);

        var settling = At(decider, 5, 20, 20);
        Assert.Equal(AutoscalerAction.Hold, settling.Action);
        Assert.Contains("settling", settling.Reason, StringComparison.Ordinal);

        Assert.Equal(AutoscalerAction.ScaleUp, At(decider, 11, 20, 20).Action);
    }

    [Fact]
    public void A_count_just_set_is_not_removed_before_its_replicas_have_had_a_window()
    {
        var decider = new AutoscalerDecider(Policy(downWindow: 15));
        decider.Changed(T0, to: 3); // scaled up; the new replicas are not scraped yet

        Assert.Equal(AutoscalerAction.None, At(decider, 12, 0, 0, 0).Action);
        Assert.Equal(AutoscalerAction.ScaleDown, At(decider, 16, 0, 0, 0).Action);
    }

    [Fact]
    public void Load_seen_while_settling_holds_the_scale_down_window_open()
    {
        var decider = new AutoscalerDecider(Policy(downWindow: 15));
        decider.Changed(T0); // scaled up to 3 just now; the load goes on for 8 s, then stops
        At(decider, 8, 2.8, 2.8, 2.8);

        Assert.Equal(AutoscalerAction.None, At(decider, 12, 0, 0, 0).Action);
        Assert.Equal(AutoscalerAction.ScaleDown, At(decider, 24, 0, 0, 0).Action);
    }
}
