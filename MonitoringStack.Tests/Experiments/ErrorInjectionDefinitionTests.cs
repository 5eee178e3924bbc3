using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Load.Engine;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// error-injection measures GET (retried by nginx) and POST (never retried once sent) apart, and holds GET
/// to 99 % at the client (issue 15, item 4).
/// </summary>
public sealed class ErrorInjectionDefinitionTests
{
    private static ExperimentDefinition ErrorInjection() =>
        ExperimentLoader.LoadFile(Path.Combine(StackTopology.FindRepositoryRoot(), "experiments", "error-injection.yaml"));

    [Fact]
    public void Get_must_stay_available_at_the_client_and_post_is_part_of_the_load()
    {
        var definition = ErrorInjection();

        Assert.Equal(0.99, definition.Hypothesis.MinAvailabilityByMethod["GET"]);
        Assert.True(definition.Hypothesis.MinAvailability >= 0.99);
        Assert.Contains(definition.Load.Mix.Keys, k => k.StartsWith("POST ", StringComparison.Ordinal));
    }

    /// <summary>
    /// Retries starve the faulty replica, so its 1-minute error ratio crosses 5 % only after about a window;
    /// the fault must last to HighErrorRate's upper bound (110 s) or the alert cannot fire before it ends.
    /// </summary>
    [Fact]
    public void The_fault_lasts_to_the_alerts_upper_bound_and_the_load_outlasts_the_fault()
    {
        var definition = ErrorInjection();
        var fault = definition.Method.Single();

        Assert.True(ExperimentActions.FaultEnd(fault) - fault.At >= 110);
        Assert.True(definition.Load.DurationSeconds > ExperimentActions.FaultEnd(fault));
    }

    [Fact]
    public void The_load_splits_by_method_at_the_mixs_shares_of_the_rate()
    {
        var definition = ErrorInjection();

        var streams = ExperimentLoad.ByMethod("error-injection", definition.Load);

        Assert.Equal(["GET", "POST"], streams.Select(s => s.Method));
        Assert.Equal(75, Rate(streams[0].Profile));
        Assert.Equal(25, Rate(streams[1].Profile));
        Assert.All(streams[1].Profile.Mix, m => Assert.Equal("POST", m.Method));
        Assert.Equal(definition.Load.DurationSeconds, streams[0].Profile.Duration.TotalSeconds);
    }

    [Fact]
    public void A_get_only_mix_is_one_stream_with_the_whole_rate()
    {
        var streams = ExperimentLoad.ByMethod("kill", new LoadDefinition { Rate = 150 });

        Assert.Equal("GET", Assert.Single(streams).Method);
        Assert.Equal(150, Rate(streams[0].Profile));
    }

    private static double Rate(LoadProfile profile) => Assert.IsType<ArrivalRatePhase>(profile.Phases.Single()).StartRate;

    [Theory]
    [InlineData("{ get: 0.99 }", "must name an HTTP method")]
    [InlineData("{ GET: 1.5 }", "must be in (0, 1]")]
    [InlineData("{ POST: 0.99 }", "the load mix sends no request of that method")]
    public void Bad_per_method_availability_is_rejected_with_its_field(string value, string expected)
    {
        var yaml = $"""
            name: x
            hypothesis:
              minAvailabilityByMethod: {value}
            load:
              mix: {"{"} "GET /": 1 {"}"}
            """;

        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(yaml, "x.yaml"));

        Assert.Contains("hypothesis.minAvailabilityByMethod", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
