using System.Net;
using MonitoringStack.Experiments.Observation;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// A starting Prometheus answers 503 "Service Unavailable" as plain text. The alert watcher treats
/// HttpRequestException as "Prometheus restarting, keep polling"; a JsonException used to stop the whole
/// suite in the prometheus-restart experiment.
/// </summary>
public sealed class PrometheusClientTests
{
    private sealed class Answer(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType) });
    }

    [Fact]
    public async Task A_starting_prometheus_is_unreachable_not_a_broken_run()
    {
        using var http = new HttpClient(new Answer(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "text/plain"))
        {
            BaseAddress = new Uri("http://127.0.0.1:1/"),
        };
        var client = new PrometheusClient(http);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.AlertsAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instant_query_at_a_time_reads_the_vector()
    {
        const string body = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"instance":"api-0"},"value":[1700000000,"12"]}]}}""";
        using var http = new HttpClient(new Answer(HttpStatusCode.OK, body, "application/json")) { BaseAddress = new Uri("http://127.0.0.1:1/") };

        var result = await new PrometheusClient(http).QueryAtAsync("up", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), CancellationToken.None);

        Assert.Equal(12, Assert.Single(result).Value);
        Assert.Equal("api-0", result[0].Labels["instance"]);
    }
}
