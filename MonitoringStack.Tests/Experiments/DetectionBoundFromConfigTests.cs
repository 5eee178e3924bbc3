using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// The detection bounds the repository's own configuration gives (rendered configs, rule files): the
/// stages, and the rule windows that the old bound left out.
/// </summary>
public sealed class DetectionBoundFromConfigTests : IDisposable
{
    private readonly TempFolder _folder = new("bounds");
    private readonly AlertPipelineSettings _settings;

    public DetectionBoundFromConfigTests() => _settings = RepositoryAlertPipeline.Load(_folder);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Pipeline_timing_comes_from_the_rendered_configs()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), _settings.ServiceScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), _settings.ServiceScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), _settings.EvaluationInterval);
        Assert.Equal(new GroupTiming(TimeSpan.Zero, TimeSpan.FromSeconds(2)), _settings.Alertmanager.For("critical"));
        Assert.Equal(new GroupTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), _settings.Alertmanager.For("warning"));
    }

    /// <summary>The cpu-exhaustion run fired after 89.7 s against a "bound" of 45 s that left out the 1-minute average.</summary>
    [Fact]
    public void HighCPUUsage_bound_counts_the_rules_one_minute_average()
    {
        var bound = _settings.BoundFor("HighCPUUsage", groupMayExist: false);

        var threshold = Assert.Single(bound.Terms, t => t.Name == "threshold");
        Assert.Equal((30, 60), (threshold.MinSeconds, threshold.MaxSeconds));
        Assert.Equal(30 + 30 + 1, bound.LowerSeconds);
        Assert.Equal(9 + 60 + 5 + 30 + 1, bound.UpperSeconds);
        Assert.InRange(89.7, bound.LowerSeconds, bound.UpperSeconds);
        Assert.Contains("threshold 30–60 s", bound.Decomposed, StringComparison.Ordinal);
    }

    [Fact]
    public void HighErrorRate_is_bounded_by_its_warning_rule_and_the_recording_rule_it_reads()
    {
        var bound = _settings.BoundFor("HighErrorRate", groupMayExist: false);

        Assert.Equal((3, 60), Range(bound, "threshold"));
        Assert.Equal((0, 10), Range(bound, "evaluation"));
        Assert.Equal((1, 1), Range(bound, "alertmanager"));
    }

    [Fact]
    public void HighRequestLatency_p99_crosses_once_one_percent_of_the_window_is_slow()
    {
        var (min, max) = Range(_settings.BoundFor("HighRequestLatency"), "threshold");

        Assert.Equal(0.6, min, precision: 6);
        Assert.Equal(60, max);
    }

    /// <summary>The partition run notified AppDown after 11.3 s "against a bound of 10 s": the scrape timeout was missing.</summary>
    [Fact]
    public void AppDown_bound_includes_the_scrape_timeout_and_the_group_it_may_join()
    {
        var fresh = _settings.BoundFor("AppDown", groupMayExist: false);
        var joining = _settings.BoundFor("AppDown", groupMayExist: true);

        Assert.DoesNotContain(fresh.Terms, t => t.Name == "threshold");
        Assert.Equal((0, 14), (fresh.LowerSeconds, fresh.UpperSeconds));
        Assert.Equal((0, 16), (joining.LowerSeconds, joining.UpperSeconds));
        Assert.InRange(11.3, fresh.LowerSeconds, fresh.UpperSeconds);
    }

    [Fact]
    public void ReplicaRestarted_crosses_with_the_first_sample_after_the_reset()
    {
        Assert.Equal((0, 0), Range(_settings.BoundFor("ReplicaRestarted"), "threshold"));
    }

    [Fact]
    public void Every_alert_has_a_bound_whose_stages_are_ordered_ranges()
    {
        foreach (var alert in RuleFiles.Alerts.Select(a => a.Alert!).Distinct())
        {
            var bound = _settings.BoundFor(alert);
            Assert.All(bound.Terms, t => Assert.True(t.MinSeconds >= 0 && t.MinSeconds <= t.MaxSeconds, $"{alert}: {t}"));
            Assert.True(_settings.Rules.ContainsKey(alert), alert);
        }
    }

    [Fact]
    public void A_group_may_exist_while_its_alert_fires_and_until_Alertmanager_cleans_it_up()
    {
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.False(_settings.GroupMayExist("AppDown", at, []));
        Assert.True(_settings.GroupMayExist("AppDown", at, [new AlertNotification("AppDown", "firing", at.AddMinutes(-10))]));
        Assert.True(_settings.GroupMayExist("AppDown", at, [new AlertNotification("AppDown", "resolved", at.AddSeconds(-20))]));
        Assert.False(_settings.GroupMayExist("AppDown", at, [new AlertNotification("AppDown", "resolved", at.AddSeconds(-40))]));
    }

    private static (double Min, double Max) Range(DetectionBound bound, string term)
    {
        var t = Assert.Single(bound.Terms, t => t.Name == term);
        return (t.MinSeconds, t.MaxSeconds);
    }
}
