using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Load.Engine;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// The spike experiment's vocabulary (issue 14, item 2): phased load, variants, kind spike and its
/// thresholds; bad files name their line and field; the shipped traffic-spike and what `all` runs.
/// </summary>
public sealed class SpikeDefinitionTests
{
    private static string ExperimentsDirectory => Path.Combine(StackTopology.FindRepositoryRoot(), "experiments");

    private const string Valid = """
        name: spike
        title: Spike
        kind: spike
        replicas: 1
        load:
          mix: { "POST /process": 1 }
          phases:
            - { rate: 40, durationSeconds: 30 }
            - { rate: 200, durationSeconds: 60 }
            - { rate: 40, durationSeconds: 90 }
        variants:
          - { name: fixed, autoscaling: false }
          - { name: autoscaled, autoscaling: true }
        spike:
          maxBudgetRatio: 0.5
          maxSecondsToP99WithinSlo: 30
          maxScaleDownsInFirst60sAfterSpike: 1
        """;

    [Fact]
    public void A_valid_spike_parses_into_its_plan()
    {
        var plan = ExperimentLoader.Parse(Valid).ToSpikePlan();

        Assert.Equal(30, plan.SpikeStartSecond);
        Assert.Equal(90, plan.SpikeEndSecond);
        Assert.Equal(180, plan.DurationSeconds);
        Assert.Equal([0, 30, 90], plan.Phases.Select(p => p.StartSecond));
        Assert.Equal(0.5, plan.Hypothesis.MaxBudgetRatio);
        Assert.Equal(60, plan.Hypothesis.FlappingWindowSeconds);
    }

    [Theory]
    [InlineData("  phases:", "  rate: 100\n  phases:", "7: load.rate: cannot be given with load.phases")]
    [InlineData("    - { rate: 200, durationSeconds: 60 }", "    - { rate: -1, durationSeconds: 60 }", "9: load.phases[1].rate")]
    [InlineData("    - { rate: 40, durationSeconds: 30 }", "    - { rate: 40, durationSeconds: 0 }", "8: load.phases[0].durationSeconds")]
    [InlineData("    - { rate: 40, durationSeconds: 90 }", "    - { rate: 200, durationSeconds: 90 }", "7: load.phases: kind 'spike' needs a steady phase")]
    [InlineData("    - { rate: 40, durationSeconds: 90 }", "    - { rate: 40, durationSeconds: 59 }", "7: load.phases: the phases after the spike must last at least 60 s")]
    [InlineData("autoscaling: true }", "autoscaling: false }", "11: variants: must list two variants")]
    [InlineData("name: autoscaled,", "name: fixed,", "13: variants[1].name")]
    [InlineData("maxBudgetRatio: 0.5", "maxBudgetRatio: 0", "15: spike.maxBudgetRatio")]
    [InlineData("maxSecondsToP99WithinSlo: 30", "maxSecondsToP99WithinSlo: 61", "16: spike.maxSecondsToP99WithinSlo")]
    [InlineData("maxScaleDownsInFirst60sAfterSpike: 1", "maxScaleDownsInFirst60sAfterSpike: -1", "17: spike.maxScaleDownsInFirst60sAfterSpike")]
    [InlineData("kind: spike", "kind: spiek", "3: kind: must be one of 'resilience', 'scalability', 'spike'")]
    public void Bad_spike_definitions_name_the_line_and_field(string from, string to, string expected)
    {
        Assert.Contains(from, Valid, StringComparison.Ordinal);

        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "x.yaml"));

        Assert.Contains("x.yaml:" + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spike_needs_its_thresholds_and_other_kinds_take_none_of_its_fields()
    {
        var noThresholds = Valid[..Valid.IndexOf("spike:\n", StringComparison.Ordinal)];
        Assert.Contains("spike: is required for kind 'spike'",
            Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(noThresholds, "x.yaml")).Message, StringComparison.Ordinal);

        var resilience = Valid.Replace("kind: spike", "kind: resilience", StringComparison.Ordinal);
        Assert.Contains("x.yaml:11: variants: only kind 'spike' runs variants",
            Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(resilience, "x.yaml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_of_a_phase_names_its_line()
    {
        var error = Assert.Throws<ExperimentDefinitionException>(() =>
            ExperimentLoader.Parse(Valid.Replace("{ rate: 200,", "{ rat: 200,", StringComparison.Ordinal), "x.yaml"));

        Assert.StartsWith("x.yaml:9:", error.Message, StringComparison.Ordinal);
        Assert.Contains("rat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Phases_become_one_arrival_schedule_that_steps_from_rate_to_rate()
    {
        var definition = ExperimentLoader.Parse(Valid);

        var (method, profile) = Assert.Single(ExperimentLoad.ByMethod("spike", definition.Load));
        var schedule = new ArrivalSchedule(Assert.IsType<ArrivalRatePhase>(Assert.Single(profile.Phases)));

        Assert.Equal("POST", method);
        Assert.Equal(180, profile.Duration.TotalSeconds);
        Assert.Equal(1_200, schedule.ArrivalsBefore(30), 6);
        Assert.Equal(1_200 + 12_000, schedule.ArrivalsBefore(90), 6);
        Assert.Equal(16_800, schedule.ArrivalCount);
        Assert.Equal(40, schedule.RateAt(29.9), 6);
        Assert.Equal(200, schedule.RateAt(30.1), 6);
        Assert.Equal(40, schedule.RateAt(90.1), 6);
        Assert.All(Enumerable.Range(0, 16_800).Select(i => schedule.TimeOf(i)), t => Assert.InRange(t, 0, 180));
    }

    [Fact]
    public void A_mixed_load_splits_every_phase_by_the_methods_shares()
    {
        var definition = ExperimentLoader.Parse(Valid.Replace("""{ "POST /process": 1 }""", """{ "POST /process": 1, "GET /": 3 }""", StringComparison.Ordinal));

        var streams = ExperimentLoad.ByMethod("spike", definition.Load);

        var get = new ArrivalSchedule((ArrivalRatePhase)streams.Single(s => s.Method == "GET").Profile.Phases[0]);
        var post = new ArrivalSchedule((ArrivalRatePhase)streams.Single(s => s.Method == "POST").Profile.Phases[0]);
        Assert.Equal(150, get.RateAt(60), 6);
        Assert.Equal(50, post.RateAt(60), 6);
        Assert.Equal(10, post.RateAt(10), 6);
    }

    [Fact]
    public void The_shipped_spike_overloads_one_replica_and_runs_by_name_but_not_in_all()
    {
        var catalog = new ExperimentCatalog(ExperimentsDirectory);

        var spike = Assert.Single(catalog.Select(["traffic-spike"]));
        var plan = spike.ToSpikePlan();

        Assert.Equal(ExperimentKinds.Spike, spike.Kind);
        Assert.False(spike.InAll);
        Assert.Equal(1, spike.Replicas);
        // One replica serves ~75-80 orders/s: the spike must be well beyond it, the steady phases well within.
        Assert.True(plan.Phases.Max(p => p.Rate) >= 2 * 80);
        Assert.All(plan.Phases.Where(p => p.StartSecond != plan.SpikeStartSecond), p => Assert.True(p.Rate <= 0.6 * 80));
        Assert.DoesNotContain(catalog.Select(["all"]), d => d.Name == "traffic-spike");
        Assert.Contains(catalog.Select(["all"]), d => d.Name == "kill-replica");
    }
}
