using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Observation;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Reads the replicas' own request counter from Prometheus at the two ends of a window, for
/// <see cref="ServerErrorCounts"/>: the server side of what an experiment's clients saw.
/// </summary>
public static class ServerErrorQuery
{
    /// <summary>
    /// ASP.NET Core's request counter of a job per instance, method and status, without the infrastructure
    /// routes (Prometheus' scrapes, health probes), as the recording rules of config/prometheus/rules count them.
    /// Any ASP.NET Core service with OpenTelemetry's metrics has it; for one without, the query finds no series.
    /// </summary>
    public static string Expression(string job) =>
        $"sum by (instance, http_request_method, http_response_status_code) (http_server_request_duration_seconds_count{{job=\"{job}\", http_route!~\"/metrics|/health|/alive\"}})";

    /// <summary>
    /// The counts between <paramref name="from"/> and <paramref name="until"/>: each reading is every
    /// series' last scrape at or before that instant. Null when Prometheus cannot answer.
    /// </summary>
    public static async Task<ServerErrors?> BetweenAsync(PrometheusClient prometheus, string job, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        try
        {
            var start = await prometheus.QueryAtAsync(Expression(job), from, cancellationToken);
            var end = await prometheus.QueryAtAsync(Expression(job), until, cancellationToken);
            return ServerErrorCounts.Between(start.Select(Sample), end.Select(Sample));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static CounterSample Sample((IReadOnlyDictionary<string, string> Labels, double Value) series) => new(
        series.Labels.GetValueOrDefault("instance", "?"),
        series.Labels.GetValueOrDefault("http_request_method", "?"),
        series.Labels.GetValueOrDefault("http_response_status_code", "?"),
        series.Value);
}
