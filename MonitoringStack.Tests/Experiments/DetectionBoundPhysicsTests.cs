using System.Globalization;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// A detection faster than its lower bound is a bug in the bound. Real Prometheus rule evaluation
/// (promtool test rules, the repository's rule files, the real evaluation interval) gets the fastest
/// input each rule's metric allows, a step from healthy to the worst at once, sampled at the real scrape
/// interval; the alert must not fire before the rule's part of the lower bound (threshold + for), and
/// must fire by the rule's part of the upper bound (threshold + evaluation + for).
/// </summary>
public sealed class DetectionBoundPhysicsTests : IDisposable
{
    private const int HealthySamples = 120; // 10 minutes at 5 s: every window is full of healthy samples
    private readonly TempFolder _folder = new("physics");
    private readonly AlertPipelineSettings _settings;

    public DetectionBoundPhysicsTests() => _settings = RepositoryAlertPipeline.Load(_folder);

    public void Dispose() => _folder.Dispose();

    /// <summary>The fastest input per alert: series name and labels, its healthy values, then its values under the fault.</summary>
    public static TheoryData<string, string> Alerts => new()
    {
        // CPU share of the machine: 0 then 1 (the most a share can be).
        { "HighCPUUsage", Series("monitoringstack_process_cpu_utilization_ratio", "", "0x{h}", "1x60") },
        // 10 requests/s, all answered 200, then all answered 500.
        { "HighErrorRate",
            Series("http_server_request_duration_seconds_count", "http_route=\"/data\",http_response_status_code=\"200\"", "0+50x{h}", "{end}x60")
            + Series("http_server_request_duration_seconds_count", "http_route=\"/data\",http_response_status_code=\"500\"", "_x{h1}", "50+50x60") },
        // 10 requests/s, all under 0.5 s, then all between 0.5 s and 1 s.
        { "HighRequestLatency",
            Series("http_server_request_duration_seconds_bucket", "http_route=\"/data\",le=\"0.5\"", "0+50x{h}", "{end}x60")
            + Series("http_server_request_duration_seconds_bucket", "http_route=\"/data\",le=\"1\"", "0+50x{h}", "{end1}+50x60")
            + Series("http_server_request_duration_seconds_bucket", "http_route=\"/data\",le=\"+Inf\"", "0+50x{h}", "{end1}+50x60")
            + Series("http_server_request_duration_seconds_count", "http_route=\"/data\"", "0+50x{h}", "{end1}+50x60") },
    };

    [Theory]
    [MemberData(nameof(Alerts))]
    public async Task The_fastest_input_does_not_fire_before_the_lower_bound_and_fires_by_the_upper(string alert, string inputSeries)
    {
        var interval = _settings.ServiceScrapeInterval.TotalSeconds;
        var evaluation = _settings.EvaluationInterval.TotalSeconds;
        var bound = _settings.BoundFor(alert);
        var terms = bound.Terms.Where(t => t.Name is "threshold" or "evaluation" or "for").ToArray();
        // The first sample showing the fault; the fault may have begun right after the sample before it
        // (a counter's or a share's sample covers the interval before it): that is the fault start.
        var firstFaultySample = (HealthySamples + 1) * interval;
        var faultStart = firstFaultySample - interval;
        var notBefore = faultStart + terms.Sum(t => t.MinSeconds);
        var lastQuiet = Math.Ceiling(notBefore / evaluation) * evaluation - evaluation;
        var firingBy = firstFaultySample + terms.Sum(t => t.MaxSeconds);

        var file = Path.Combine(_folder.Path, $"{alert}.test.yml");
        await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $$"""
            rule_files: [{{string.Join(", ", RuleFiles.RulePaths)}}]
            evaluation_interval: {{evaluation}}s
            tests:
              - interval: {{interval}}s
                input_series:
            {{inputSeries}}
                promql_expr_test:
                  - expr: max(ALERTS{alertname="{{alert}}",alertstate="firing"})
                    eval_time: {{lastQuiet}}s
                    exp_samples: []
                  - expr: max(ALERTS{alertname="{{alert}}",alertstate="firing"})
                    eval_time: {{firingBy}}s
                    exp_samples:
                      - labels: '{}'
                        value: 1
            """));

        var result = await ToolRun.RunAsync(HostTools.Promtool, ["test", "rules", file]);

        Assert.True(result.ExitCode == 0,
            $"{alert}: bound {bound.Decomposed}; fault at {faultStart} s, expected quiet at {lastQuiet} s and firing at {firingBy} s\n{result}");
    }

    private static string Series(string name, string labels, string healthy, string faulty)
    {
        var all = $"job=\"api\",instance=\"api-0\"" + (labels.Length > 0 ? "," + labels : "");
        var values = (healthy + " " + faulty)
            .Replace("{h1}", (HealthySamples + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{h}", HealthySamples.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{end1}", (50 * (HealthySamples + 1)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{end}", (50 * HealthySamples).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return $"          - series: '{name}{{{all}}}'\n            values: '{values}'\n";
    }
}
