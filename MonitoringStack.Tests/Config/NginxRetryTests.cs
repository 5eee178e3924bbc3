using System.Net.Http.Json;
using System.Text.Json;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Issue 15 item 4: nginx retries idempotent requests that got a 5xx from one replica on another one
/// (proxy_next_upstream ... http_500 ..., 2 tries), and never a POST that reached a replica. One replica
/// of three answers every application request with an injected 500.
/// </summary>
[Collection(NginxFrontGroup.Name)]
public sealed class NginxRetryTests(NginxFrontFixture front)
{
    private static readonly string[] Categories = ["books", "garden", "toys"];

    [Fact]
    public async Task Gets_are_retried_on_a_healthy_replica_and_posts_errors_reach_the_client()
    {
        var failing = front.Topology.ApiReplicas[1];
        var failingAddress = $"127.0.0.1:{failing.Port}";
        await front.ChaosAsync(failing, "errors", new { rate = 1.0, status = 500, durationSeconds = 120 });
        try
        {
            // POSTs first: once a GET's 500 has marked the failing replica down (max_fails=1, 5 s), POSTs
            // would not reach it for a while. Sequential, below the replicas' capacity: no 503 shedding.
            var logBefore = front.AccessLog().Length;
            var postStatuses = new List<int>();
            for (var i = 0; i < 30; i++)
            {
                var order = new { category = Categories[i % Categories.Length], quantity = 1 + (i % 3), unitPrice = 10m };
                using var response = await front.Http.PostAsJsonAsync(new Uri(front.NginxUrl, "/process"), order);
                postStatuses.Add((int)response.StatusCode);
            }
            var posts = await LogLinesAsync(logBefore, "POST", 30);

            // Never retried: each POST went to exactly one replica, and every one the failing replica
            // answered reached the client as its 500.
            Assert.All(posts, p => Assert.DoesNotContain(",", p.GetProperty("upstream_addr").GetString(), StringComparison.Ordinal));
            var postsToFailing = posts.Count(p => p.GetProperty("upstream_addr").GetString() == failingAddress);
            Assert.True(postsToFailing > 0, $"no POST reached the failing replica: {string.Join(", ", postStatuses)}");
            Assert.Equal(postsToFailing, postStatuses.Count(s => s == 500));
            Assert.Equal(30 - postsToFailing, postStatuses.Count(s => s == 200));

            logBefore = front.AccessLog().Length;
            var getOk = 0;
            const int gets = 300;
            for (var i = 0; i < gets; i++)
            {
                using var response = await front.Http.GetAsync(new Uri(front.NginxUrl, $"/data/{1 + (i % 1000)}"));
                getOk += response.IsSuccessStatusCode ? 1 : 0;
            }
            var getLines = await LogLinesAsync(logBefore, "GET", gets);

            Assert.True(getOk >= gets * 0.99, $"GET availability {getOk}/{gets} at the client, below 99 %");
            // The failing replica still answered some GETs with 500 (each retried on a healthy one):
            // that is what its own metrics count and what HighErrorRate sees.
            var retried = getLines.Where(l => l.GetProperty("upstream_addr").GetString()!.Contains(',', StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(retried);
            Assert.All(retried, l =>
            {
                Assert.StartsWith(failingAddress, l.GetProperty("upstream_addr").GetString(), StringComparison.Ordinal);
                Assert.Equal("500, 200", l.GetProperty("upstream_status").GetString());
            });
            var failingMetrics = await front.Http.GetStringAsync(new Uri(NginxFrontFixture.ReplicaUrl(failing), "/metrics"));
            Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=\"500\"", failingMetrics);
        }
        finally
        {
            await front.ChaosAsync(failing, "reset");
        }
    }

    /// <summary>The access log lines of the <paramref name="count"/> requests sent since <paramref name="linesBefore"/>.</summary>
    private async Task<JsonElement[]> LogLinesAsync(int linesBefore, string method, int count)
    {
        JsonElement[] lines = [];
        await Eventually.AssertAsync(() =>
        {
            lines = [.. front.AccessLog().Skip(linesBefore).Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .Where(l => l.GetProperty("method").GetString() == method)];
            return Task.FromResult(lines.Length >= count);
        }, $"{count} {method} lines in nginx's access log", TimeSpan.FromSeconds(5));
        return lines;
    }
}
