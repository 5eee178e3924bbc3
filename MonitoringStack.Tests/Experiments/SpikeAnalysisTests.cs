using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// The spike experiment's figures from made-up runs: 180 s of load, the spike at +30–+90 s; the fixed
/// variant sheds through the spike, the autoscaled one scales up and is back within the SLO.
/// </summary>
public sealed class SpikeAnalysisTests
{
    private static readonly DateTimeOffset Origin = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SpikePlan Plan = new("traffic-spike", "Traffic spike", 1,
        new SpikeHypothesis(MaxP99Ms: 250, MinAvailability: 0.99, Slo: 0.999, StableSeconds: 3,
            MaxBudgetRatio: 0.5, MaxSecondsToP99WithinSlo: 30, MaxScaleDownsAfterSpike: 1, FlappingWindowSeconds: 60),
        [new OfferedPhase(0, 30, 40), new OfferedPhase(30, 60, 200), new OfferedPhase(90, 90, 40)],
        SpikeStartSecond: 30, SpikeEndSecond: 90);

    /// <summary>Every second of the plan: 40 or 200 requests; the seconds in [badFrom, badTo) lose <paramref name="shed"/> of them to 503 with a slow p99.</summary>
    private static List<ClientSecond> Client(int badFrom = 0, int badTo = 0, int shed = 0) =>
        [.. Enumerable.Range(0, Plan.DurationSeconds).Select(t =>
        {
            var total = t is >= 30 and < 90 ? 200 : 40;
            return t >= badFrom && t < badTo
                ? new ClientSecond(t, total - shed, shed, 260, shed)
                : new ClientSecond(t, total, 0, 60);
        })];

    private static ReplicaChange Change(double requested, double completed, int from, int to) =>
        new(Origin.AddSeconds(requested), Origin.AddSeconds(completed), from, to);

    private static VariantMeasurement Fixed(List<ClientSecond> client) => new("fixed", false, Origin, 1, client, 270, [], []);

    private static VariantMeasurement Autoscaled(List<ClientSecond> client, params ReplicaChange[] changes) =>
        new("autoscaled", true, Origin, 1, client, 180, changes, []);

    /// <summary>A whole spike result as the runner gives it: the fixed variant sheds through the spike, the autoscaled one for 12 s.</summary>
    internal static MonitoringStack.Experiments.Results.SpikeResult SampleResult() =>
        SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 42, 120), Change(37, 45, 1, 5), Change(152, 160, 5, 1))]);

    [Fact]
    public void The_budget_ratio_is_the_autoscaled_variants_burned_budget_over_the_fixed_ones()
    {
        // Fixed: 60 s × 120 shed of 16,800 requests; autoscaled: 12 s × 120 shed.
        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 42, 120), Change(37, 45, 1, 5))]);

        var fixedVariant = result.Variants[0];
        Assert.Equal(16_800, fixedVariant.Requests);
        Assert.Equal(7_200, fixedVariant.Failed);
        Assert.Equal(7_200, fixedVariant.Shed);
        Assert.Equal(7_200 / (0.001 * 16_800), fixedVariant.ErrorBudgetSpent!.Value, 6);
        Assert.Equal(0.2, result.BudgetRatio!.Value, 6);
        Assert.True(result.HypothesisHeld, string.Join("; ", result.Violations));
    }

    [Fact]
    public void An_autoscaled_variant_that_burns_more_than_the_allowed_share_fails()
    {
        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 60, 120), Change(37, 45, 1, 5))]);

        Assert.Equal(0.5, result.BudgetRatio!.Value, 6);
        Assert.True(result.HypothesisHeld, "exactly the allowed share holds");

        var worse = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 61, 120), Change(37, 45, 1, 5))]);
        Assert.Contains(worse.Violations, v => v.Contains("× the fixed variant's", StringComparison.Ordinal));
    }

    [Fact]
    public void A_spike_that_does_not_overload_the_fixed_replicas_proves_nothing()
    {
        Assert.Null(SpikeAnalyzer.BudgetRatio(0, 0));

        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client()), Autoscaled(Client())]);

        Assert.Contains(result.Violations, v => v.Contains("did not overload the fixed variant", StringComparison.Ordinal));
    }

    private static ReplicaChange Joined(double requested, double completed, int from, params double[] joins) =>
        new(Origin.AddSeconds(requested), Origin.AddSeconds(completed), from, from + joins.Length, [.. joins.Select(j => Origin.AddSeconds(j))]);

    [Fact]
    public void Time_to_the_first_new_replica_is_from_the_spikes_start_to_the_first_join_of_a_scale_up_asked_for_after_it()
    {
        // The joins in the order the scaler journals them, which need not be the order of the replicas.
        ReplicaChange[] changes = [Joined(10, 12, 1, 11.5), Change(20, 22, 2, 1), Joined(37, 44.5, 1, 44.5, 40.2, 41, 42), Joined(60, 63, 5, 62)];

        Assert.Equal(10.2, ReplicaTimeline.SecondsToFirstNewReplica(changes, Origin, 30)!.Value, 6);
        Assert.Null(ReplicaTimeline.SecondsToFirstNewReplica([Joined(20, 22, 1, 21)], Origin, 30));
    }

    [Fact]
    public void Without_joins_in_the_journal_time_to_the_first_new_replica_falls_back_to_the_scale_ups_completion()
    {
        // Journals written before joins were recorded.
        ReplicaChange[] changes = [Change(10, 12, 1, 2), Change(20, 22, 2, 1), Change(37, 44.5, 1, 5), Change(60, 63, 5, 6)];

        Assert.Equal(14.5, ReplicaTimeline.SecondsToFirstNewReplica(changes, Origin, 30));
        Assert.Equal(12, ReplicaTimeline.SecondsToFirstNewReplica([Change(37, 44.5, 1, 5), Joined(38, 42, 5, 42)], Origin, 30));
    }

    [Fact]
    public void The_analyzer_reports_the_first_join_and_logs_it()
    {
        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 42, 120), Joined(37, 45, 1, 45, 39.5, 41, 43))]);

        var autoscaled = result.Variants[1];
        Assert.Equal(9.5, autoscaled.SecondsToFirstNewReplica!.Value, 6);
        Assert.Contains("+37.0 s replicas 1 -> 5, first serving at +39.5 s, complete at +45.0 s", autoscaled.LogLines);
    }

    [Fact]
    public void Replicas_serve_from_a_scale_ups_completion_and_stop_at_a_scale_downs_request()
    {
        var replicas = ReplicaTimeline.Serving(1, [Change(37, 44.5, 1, 5), Change(150, 168, 5, 1)], Origin, 180);

        Assert.Equal([(0.0, 1.0), (44.5, 5.0), (150.0, 1.0), (180.0, 1.0)], replicas.Select(p => (p.Second, p.Value)));
    }

    [Fact]
    public void A_scale_ups_replicas_serve_one_by_one_as_each_joins()
    {
        var replicas = ReplicaTimeline.Serving(1, [Joined(37, 44.5, 1, 44.5, 40.2, 41), Change(150, 168, 4, 1)], Origin, 180);

        Assert.Equal([(0.0, 1.0), (40.2, 2.0), (41.0, 3.0), (44.5, 4.0), (150.0, 1.0), (180.0, 1.0)], replicas.Select(p => (p.Second, p.Value)));
    }

    [Fact]
    public void Back_within_the_slo_counts_from_the_spike_start_to_a_stable_run_after_the_first_bad_second()
    {
        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(31, 45, 120), Change(37, 44, 1, 5))]);

        var autoscaled = result.Variants[1];
        Assert.True(autoscaled.BackWithinSlo.Impacted);
        Assert.Equal(31, autoscaled.BackWithinSlo.ImpactStartSecond);
        Assert.Equal(15, autoscaled.BackWithinSlo.MttrSeconds);
        Assert.Equal(14, autoscaled.SecondsToFirstNewReplica);
        // The fixed variant is back only once the spike is over.
        Assert.Equal(60, result.Variants[0].BackWithinSlo.MttrSeconds);
    }

    [Fact]
    public void Fast_refusals_are_not_within_the_slo_even_when_p99_is()
    {
        // At capacity the excess is refused in about a millisecond: p99 looks fine, most requests fail.
        var fastRefusals = Client().Select(s => s.Second is >= 30 and < 90 ? new ClientSecond(s.Second, 80, 120, 5, 120) : s).ToList();

        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(fastRefusals), Autoscaled(Client())]);

        Assert.Equal(30, result.Variants[0].BackWithinSlo.ImpactStartSecond);
        Assert.Equal(60, result.Variants[0].BackWithinSlo.MttrSeconds);
    }

    [Fact]
    public void Back_within_the_slo_later_than_allowed_or_never_fails_the_hypothesis()
    {
        var late = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 65, 60), Change(37, 60, 1, 5))]);
        Assert.Equal(35, late.Variants[1].BackWithinSlo.MttrSeconds);
        Assert.Contains(late.Violations, v => v.Contains("35 s after the spike began, later than 30 s", StringComparison.Ordinal));

        var never = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 180, 1))]);
        Assert.Null(never.Variants[1].BackWithinSlo.MttrSeconds);
        Assert.Contains(never.Violations, v => v.Contains("never back within the SLO", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_second_after_the_spike_is_not_the_spikes()
    {
        // A reset at a scale-down reload long after the spike: the spike itself never broke the SLO.
        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(150, 151, 2))]);

        Assert.False(result.Variants[1].BackWithinSlo.Impacted);
        Assert.Equal(0, result.Variants[1].BackWithinSlo.MttrSeconds);
    }

    [Fact]
    public void Scale_downs_count_as_flapping_only_in_the_window_after_the_spike()
    {
        // 3 → 2 at +149: the scale-down window releasing the spike's last recommendations 60 s after them, not flapping.
        ReplicaChange[] changes = [Change(37, 44, 1, 5), Change(70, 72, 5, 4), Change(105, 112, 4, 3), Change(130, 135, 3, 4), Change(140, 146, 4, 3), Change(149, 150, 3, 2), Change(152, 160, 2, 1)];

        Assert.Equal(3, ReplicaTimeline.ScaleDownsBetween(changes, Origin, 90, 150));

        var result = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), Autoscaled(Client(30, 40, 120), changes)]);
        Assert.Equal(2, result.Variants[1].ScaleDownsAfterSpike);
        Assert.Contains(result.Violations, v => v.Contains("scaled down 2 times in the 58 s after the spike (at most 1): flapping", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fixed_variant_whose_replicas_changed_is_no_baseline()
    {
        var result = SpikeAnalyzer.Analyze(Plan, [new VariantMeasurement("fixed", false, Origin, 1, Client(30, 90, 120), 270, [Change(40, 45, 1, 2)], []),
            Autoscaled(Client(30, 40, 120), Change(37, 44, 1, 5))]);

        Assert.Contains(result.Violations, v => v.Contains("the fixed variant changed the replica count", StringComparison.Ordinal));
    }

    [Fact]
    public void The_autoscalers_decisions_become_its_signal_and_log_lines_in_time_order()
    {
        ScalingDecision[] decisions =
        [
            new(Origin.AddSeconds(34), "none", 1, 1, 2.1, 2.8, "within tolerance", null),
            new(Origin.AddSeconds(36), "scaleUp", 1, 5, 19.5, 2.8, "in-flight 19.5 vs 2.8: desired 7; scale up 1 -> 5", "API replicas 1 -> 5 in 8.0 s"),
            new(Origin.AddSeconds(46), "hold", 5, 5, null, 2.8, "settling", null),
        ];
        var measured = new VariantMeasurement("autoscaled", true, Origin, 1, Client(30, 40, 120), 180, [Change(36.1, 44.1, 1, 5)], decisions);

        var variant = SpikeAnalyzer.Analyze(Plan, [Fixed(Client(30, 90, 120)), measured]).Variants[1];

        Assert.Equal([(34.0, 2.1), (36.0, 19.5)], variant.Timeline.Signal.Select(p => (p.Second, p.Value)));
        Assert.Equal(2.8, variant.SignalTarget);
        Assert.Equal(2, variant.LogLines.Count);
        Assert.StartsWith("+36.0 s autoscaler scaleUp:", variant.LogLines[0], StringComparison.Ordinal);
        Assert.StartsWith("+36.1 s replicas 1 -> 5, complete at +44.1 s", variant.LogLines[1], StringComparison.Ordinal);
        Assert.Equal(5, variant.PeakReplicas);
    }
}
