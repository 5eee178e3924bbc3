using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// Between experiments the runner waits only for earlier alerts that could interfere with this
/// experiment's expected ones, and only as long as their resolving needs (issue 15, honest durations).
/// </summary>
public sealed class QuietWaitTests : IDisposable
{
    private readonly TempFolder _folder = new("quiet");
    private readonly AlertPipelineSettings _settings;

    public QuietWaitTests() => _settings = RepositoryAlertPipeline.Load(_folder);

    public void Dispose() => _folder.Dispose();

    private static PrometheusAlert Alert(string name, string state, string instance = "api-1") =>
        new(name, state, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["alertname"] = name, ["instance"] = instance });

    [Fact]
    public void Only_active_alerts_of_an_expected_name_interfere()
    {
        PrometheusAlert[] active =
        [
            Alert("Watchdog", "firing"),
            Alert("LoadShedding", "firing"),          // the scalability run's overload: not this experiment's business
            Alert("HighRequestLatency", "pending"),
            Alert("HighErrorRate", "pending", "api-0"),
            Alert("HighErrorRate", "firing", "api-2"),
            Alert("AppDown", "inactive"),
        ];

        Assert.Equal(["HighErrorRate"], QuietWait.Interfering(active, ["HighErrorRate"]));
        Assert.Empty(QuietWait.Interfering(active, ["AppDown", "ReplicaRestarted"]));
        Assert.Empty(QuietWait.Interfering(active, []));
    }

    [Fact]
    public void Nothing_active_means_no_wait_at_all()
    {
        Assert.Equal(TimeSpan.Zero, QuietWait.Limit([], _settings.ResolveWithin));
    }

    /// <summary>
    /// Resolving needs the next scrape (5 + 4 s), the rule's whole window to drop the fault's samples and the
    /// next evaluation (two through a recording rule): the old fixed 75 s was too short for a 1-minute window
    /// read through a recording rule, and far too long for AppDown.
    /// </summary>
    [Theory]
    [InlineData("AppDown", 14)]                // up == 0: no window
    [InlineData("ReplicaRestarted", 74)]       // resets(...[1m]) crosses with one sample but holds for the whole minute
    [InlineData("HighErrorRate", 79)]          // ratio_rate1m, a recording rule of another group
    [InlineData("HighCPUUsage", 74)]           // avg_over_time(...[1m])
    public void The_wait_is_what_the_alert_needs_to_resolve(string alert, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), _settings.ResolveWithin(alert));
    }

    [Fact]
    public void Several_interfering_alerts_wait_for_the_slowest()
    {
        Assert.Equal(TimeSpan.FromSeconds(74), QuietWait.Limit(["AppDown", "ReplicaRestarted"], _settings.ResolveWithin));
    }
}
