using System.Net;
using System.Text.Json;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Issue 12 item 2: the public port serves the API only. /metrics, /alive and /chaos/* answer 404 from
/// nginx itself and never reach a replica; each replica's own port still serves them (Prometheus and
/// the fault injection use that port). /health stays public (see config/nginx/nginx.conf for why).
/// </summary>
[Collection(NginxFrontGroup.Name)]
public sealed class NginxPublicSideTests(NginxFrontFixture front)
{
    public static TheoryData<string, string> InternalPaths => new()
    {
        { "GET", "/metrics" },
        { "GET", "/METRICS" },
        { "GET", "/metrics/" },
        { "GET", "/%6Detrics" },
        { "GET", "/alive" },
        { "GET", "/chaos" },
        { "POST", "/chaos/reset" },
        { "POST", "/Chaos/errors" },
    };

    [Theory]
    [MemberData(nameof(InternalPaths))]
    public async Task Internal_endpoints_answer_404_through_nginx_and_never_reach_a_replica(string method, string path)
    {
        var before = front.AccessLog().Length;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(front.NginxUrl, path));
        request.Headers.Add("X-Chaos-Token", NginxFrontFixture.ChaosToken);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"rate":1,"status":500,"durationSeconds":30}""", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await front.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // nginx answered by itself: the access log line of this request names no upstream.
        var line = await LastAccessLogLineAsync(before);
        Assert.Equal("", line.GetProperty("upstream_addr").GetString());
    }

    [Fact]
    public async Task A_valid_fault_request_through_nginx_changes_nothing_on_any_replica()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(front.NginxUrl, "/chaos/errors"))
        {
            Content = new StringContent("""{"rate":1,"status":500,"durationSeconds":30}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Chaos-Token", NginxFrontFixture.ChaosToken);
        using var response = await front.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        foreach (var replica in front.Topology.ApiReplicas)
        {
            using var status = new HttpRequestMessage(HttpMethod.Get, new Uri(NginxFrontFixture.ReplicaUrl(replica), "/chaos"));
            status.Headers.Add("X-Chaos-Token", NginxFrontFixture.ChaosToken);
            using var answer = await front.Http.SendAsync(status);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode, body);
            using var view = JsonDocument.Parse(body);
            Assert.Equal(0, view.RootElement.GetProperty("active").GetArrayLength());
        }
    }

    [Fact]
    public async Task Each_replica_still_serves_metrics_and_chaos_on_its_own_port()
    {
        foreach (var replica in front.Topology.ApiReplicas)
        {
            var metrics = await front.Http.GetStringAsync(new Uri(NginxFrontFixture.ReplicaUrl(replica), "/metrics"));
            Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
            using var alive = await front.Http.GetAsync(new Uri(NginxFrontFixture.ReplicaUrl(replica), "/alive"));
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/data?page=1&pageSize=5")]
    [InlineData("/data/42")]
    [InlineData("/health")]
    [InlineData("/metricsx")] // only the exact segment is internal: other paths go to the API (its own 404)
    public async Task The_api_and_health_are_served_through_nginx(string path)
    {
        var before = front.AccessLog().Length;
        using var response = await front.Http.GetAsync(new Uri(front.NginxUrl, path));

        var line = await LastAccessLogLineAsync(before);
        Assert.NotEqual("", line.GetProperty("upstream_addr").GetString());
        Assert.Equal(path == "/metricsx" ? HttpStatusCode.NotFound : HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> LastAccessLogLineAsync(int linesBefore)
    {
        string[] lines = [];
        await Eventually.AssertAsync(() =>
        {
            lines = front.AccessLog();
            return Task.FromResult(lines.Length > linesBefore);
        }, "nginx wrote the access log line of the request", TimeSpan.FromSeconds(5));
        using var document = JsonDocument.Parse(lines[^1]);
        return document.RootElement.Clone();
    }
}
