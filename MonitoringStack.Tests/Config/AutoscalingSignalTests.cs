using System.Text.RegularExpressions;
using MonitoringStack.Topology.Rendering;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// The autoscaler's queries from config/autoscaling.json, evaluated by Prometheus' own engine (promtool's
/// rule unit tests) on series shaped like the API's: in flight = rate of the duration sum, probes left out,
/// a replica without requests reads 0, one whose series is too young for irate reads nothing.
/// </summary>
public sealed class AutoscalingSignalTests : IDisposable
{
    private readonly TempFolder _folder = new("autoscaling");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_signal_is_requests_in_flight_per_replica_as_prometheus_computes_it()
    {
        var signal = RepositoryConfig.Autoscaling.Signal;
        // The signal job's 1 s scrapes. api-0: 2.5 s of request time every second = 2.5 in flight, and probes
        // beside; api-1: scraped, never asked anything; api-2: its first request was in the last scrape only.
        var test = $$"""
            evaluation_interval: 1s
            tests:
              - interval: 1s
                input_series:
                  - series: 'http_server_request_duration_seconds_sum{job="{{signal.Job}}", instance="api-0", http_route="/process"}'
                    values: '0+2.5x6'
                  - series: 'http_server_request_duration_seconds_sum{job="{{signal.Job}}", instance="api-0", http_route="/health"}'
                    values: '0+20x6'
                  - series: 'up{job="{{signal.Job}}", instance="api-0"}'
                    values: '1x6'
                  - series: 'up{job="{{signal.Job}}", instance="api-1"}'
                    values: '1x6'
                  - series: 'up{job="{{signal.Job}}", instance="api-2"}'
                    values: '1x6'
                  - series: 'http_server_request_duration_seconds_sum{job="{{signal.Job}}", instance="api-2", http_route="/process"}'
                    values: '_x5 3'
                promql_expr_test:
                  - expr: '{{Quoted(signal.PerReplicaQuery)}}'
                    eval_time: 5s
                    exp_samples:
                      - labels: '{instance="api-0"}'
                        value: 2.5
                      - labels: '{instance="api-1"}'
                        value: 0
                  - expr: '{{Quoted(signal.TotalQuery)}}'
                    eval_time: 5s
                    exp_samples:
                      - labels: '{}'
                        value: 2.5
            """;
        var file = _folder.Combine("signal.test.yml");
        await File.WriteAllTextAsync(file, test);

        var result = await ToolRun.SucceedsAsync("promtool", "test", "rules", file);

        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
        Assert.Equal("api-signal", signal.Job);
    }

    [Fact]
    public void The_signal_job_scrapes_every_replica_each_second_and_keeps_what_the_queries_read()
    {
        var signal = RepositoryConfig.Autoscaling.Signal;
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(rendered.PrometheusConfigFile)));
        var jobs = ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children["scrape_configs"]).Children
            .Cast<YamlMappingNode>().ToDictionary(job => job.Children["job_name"].ToString(), StringComparer.Ordinal);
        var api = jobs["api"];
        var fast = jobs[signal.Job];

        Assert.Equal("1s", fast.Children["scrape_interval"].ToString());
        // The same replicas: the same target lists, so a scale-up reaches both jobs at once.
        Assert.Equal(Files(api), Files(fast));
        var rule = (YamlMappingNode)((YamlSequenceNode)fast.Children["metric_relabel_configs"]).Children.Single();
        Assert.Equal("keep", rule.Children["action"].ToString());
        var kept = new Regex($"^(?:{rule.Children["regex"]})$", RegexOptions.None, TimeSpan.FromSeconds(1));
        var read = Regex.Matches(signal.PerReplicaQuery + " " + signal.TotalQuery, @"([a-z_:]+)\{", RegexOptions.None, TimeSpan.FromSeconds(1))
            .Select(m => m.Groups[1].Value).Where(name => name != "up").Distinct().ToArray();
        Assert.NotEmpty(read);
        Assert.All(read, name => Assert.Matches(kept, name));
        // ...and little else: not the histogram's buckets, which are most of a replica's series.
        Assert.DoesNotMatch(kept, "http_server_request_duration_seconds_bucket");

        static string Files(YamlMappingNode job) =>
            string.Join(",", ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)job.Children["file_sd_configs"]).Children.Single()).Children["files"]).Children);
    }

    // Single-quoted YAML: a quote is written twice.
    private static string Quoted(string promql) => promql.Replace("'", "''", StringComparison.Ordinal);
}
