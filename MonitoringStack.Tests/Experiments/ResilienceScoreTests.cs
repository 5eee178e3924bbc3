using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Compare;
using MonitoringStack.Experiments.Results;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Experiments;

/// <summary>The resilience score on a real run (the worked example of docs/experiments.md), in results.json and in a comparison.</summary>
public sealed class ResilienceScoreTests
{
    private static readonly SuiteResult RealRun = ResultsFile.Load(
        Path.Combine(StackTopology.FindRepositoryRoot(), "MonitoringStack.Tests", "Experiments", "Fixtures", "run-20261205-171529.json"));

    private static ResilienceResult Experiment(string name) => RealRun.Resilience.Single(r => r.Name == name);

    [Fact]
    public void Error_injection_loses_only_on_recovery()
    {
        // Availability 99.973 % ≥ 99 %: 1. HighErrorRate notified within its bound: 1/1.
        // MTTR 73 s of 125 − 10.0 = 115.0 s observed: 1 − 73 / 115.0 = 0.365. (1 + 1 + 0.365) / 3 = 78.8.
        var score = ResilienceScore.Of(Experiment("error-injection"))!;

        Assert.Equal(1, score.Availability);
        Assert.Equal(1, score.Detection);
        Assert.Equal(0.365, score.Recovery, 3);
        Assert.Equal(78.8, score.Total, 1);
    }

    [Fact]
    public void An_alert_never_notified_costs_a_third()
    {
        // HighRequestLatency fired but was never notified in this run: detection 0 of 1.
        Assert.Equal(66.7, ResilienceScore.Of(Experiment("latency-injection"))!.Total, 1);
    }

    [Fact]
    public void Availability_below_the_hypothesis_scores_the_allowed_over_the_actual_unavailability()
    {
        // 0.999 required, 0.99 measured: 0.001 / 0.01 = 0.1.
        var crash = Experiment("crash-replica") with { AvailabilityDuringFault = 0.99 };
        Assert.Equal(0.1, ResilienceScore.Of(crash)!.Availability, 6);
        Assert.Null(ResilienceScore.Of(crash with { Skipped = "needs root" }));
    }

    [Fact]
    public void The_run_score_is_the_mean_is_in_results_json_and_in_a_comparison()
    {
        var expected = RealRun.Resilience.Average(r => ResilienceScore.Of(r)!.Total);
        Assert.Equal(expected, RealRun.ResilienceScore);

        // A schema-4 file keeps its version when read; a new run is written with the score (schema 5 and later).
        Assert.Equal(4, RealRun.SchemaVersion);
        var json = (RealRun with { SchemaVersion = SuiteResult.CurrentSchemaVersion }).ToJson();
        Assert.Contains("\"schemaVersion\": 6", json, StringComparison.Ordinal);
        Assert.Contains("\"resilienceScore\":", json, StringComparison.Ordinal);
        Assert.Contains("\"score\": {", json, StringComparison.Ordinal);

        var worse = RealRun with { Resilience = [.. RealRun.Resilience.Select(r => r.Name == "kill-replica" ? r with { Recovery = r.Recovery with { Impacted = true, MttrSeconds = null } } : r)] };
        var comparison = RunComparer.Compare(RealRun, worse, new CompareSettings());
        Assert.Equal(Verdict.Worse, comparison.Figures.Single(f => f.Key == "kill-replica/score").Verdict);
        Assert.Equal(Verdict.Worse, comparison.Figures.Single(f => f.Key == "run/score").Verdict);
        Assert.Contains("resilience score", CompareFigures.Summary(comparison), StringComparison.Ordinal);
    }
}
