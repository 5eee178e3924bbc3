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
        // api-0: 14 s of request time every 5 s = 2.8 in flight, and probes beside; api-1: scraped, never
        // asked anything; api-2: its first request was in the last scrape only.
        var test = $$"""
            evaluation_interval: 5s
            tests:
              - interval: 5s
                input_series:
                  - series: 'http_server_request_duration_seconds_sum{job="api", instance="api-0", http_route="/process"}'
                    values: '0+14x6'
                  - series: 'http_server_request_duration_seconds_sum{job="api", instance="api-0", http_route="/health"}'
                    values: '0+100x6'
                  - series: 'up{job="api", instance="api-0"}'
                    values: '1x6'
                  - series: 'up{job="api", instance="api-1"}'
                    values: '1x6'
                  - series: 'up{job="api", instance="api-2"}'
                    values: '1x6'
                  - series: 'http_server_request_duration_seconds_sum{job="api", instance="api-2", http_route="/process"}'
                    values: '_x5 3'
                promql_expr_test:
                  - expr: '{{Quoted(signal.PerReplicaQuery)}}'
                    eval_time: 25s
                    exp_samples:
                      - labels: '{instance="api-0"}'
                        value: 2.8
                      - labels: '{instance="api-1"}'
                        value: 0
                  - expr: '{{Quoted(signal.TotalQuery)}}'
                    eval_time: 25s
                    exp_samples:
                      - labels: '{}'
                        value: 2.8
            """;
        var file = _folder.Combine("signal.test.yml");
        await File.WriteAllTextAsync(file, test);

        var result = await ToolRun.SucceedsAsync("promtool", "test", "rules", file);

        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
        Assert.Equal("api", signal.Job);
    }

    // Single-quoted YAML: a quote is written twice.
    private static string Quoted(string promql) => promql.Replace("'", "''", StringComparison.Ordinal);
}
