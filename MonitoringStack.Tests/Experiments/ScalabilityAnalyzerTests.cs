using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Tests.Experiments;

public class ScalabilityAnalyzerTests
{
    private static ScalingStep Step(int replicas, double offered, double achieved, double p99) =>
        new(replicas, offered, achieved, 0, p99 / 2, p99 * 0.8, p99, 0, new Dictionary<string, double>(), new Dictionary<string, double>());

    [Fact]
    public void Capacity_per_replica_count_is_the_best_step_and_findings_say_it_plainly()
    {
        ScalingStep[] steps =
        [
            Step(1, 60, 60, 55), Step(1, 120, 80, 900),
            Step(2, 60, 60, 50), Step(2, 240, 156, 700),
            Step(4, 60, 60, 49), Step(4, 400, 300, 600),
        ];

        var result = ScalabilityAnalyzer.Analyze("POST /process", steps, fixedOfferedLoadRps: 60, minEfficiency: 0.9);

        Assert.Equal([80.0, 156, 300], result.PerReplicaCount.Select(s => s.MaxThroughputRps));
        Assert.Equal(300 / (4 * 80.0), result.PerReplicaCount[2].Efficiency!.Value, 9);
        Assert.Equal(55, result.PerReplicaCount[0].P99AtFixedLoadMs);
        Assert.NotNull(result.Usl);
        Assert.True(result.HypothesisHeld);
        Assert.StartsWith("With 1 replica the API served 80 requests/s at p99 900 ms", result.Findings[0], StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.Contains("at 4 replicas is 0.94, which meets", StringComparison.Ordinal));
    }

    [Fact]
    public void Poor_scaling_fails_the_hypothesis()
    {
        var result = ScalabilityAnalyzer.Analyze("POST /process", [Step(1, 100, 80, 50), Step(4, 400, 160, 50)], 100, 0.9);

        Assert.False(result.HypothesisHeld);
        Assert.Contains(result.Findings, f => f.Contains("misses", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_single_replica_run_there_is_no_efficiency_or_usl()
    {
        var result = ScalabilityAnalyzer.Analyze("POST /process", [Step(2, 100, 150, 50), Step(4, 400, 300, 50)], 100, 0.9);

        Assert.All(result.PerReplicaCount, s => Assert.Null(s.Efficiency));
        Assert.Null(result.Usl);
    }
}
