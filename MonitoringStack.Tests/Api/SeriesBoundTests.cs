using System.Globalization;

namespace MonitoringStack.Tests.Api;

/// <summary>
/// Label cardinality stays bounded: once every kind of answer has been seen, a burst of random
/// paths, ids and query strings adds no series at all (routes are templates, never raw paths).
/// Its own instance: no other test's traffic can add series in between.
/// </summary>
public sealed class SeriesBoundTests : IAsyncLifetime
{
    /// <summary>The families whose labels come from requests (route, status, method, category...).</summary>
    private static readonly string[] RequestDrivenPrefixes = ["http_", "monitoringstack_", "aspnetcore_", "kestrel_"];

    private ApiProcess _api = null!;

    public async Task InitializeAsync() => _api = await ApiProcess.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Random_paths_ids_and_query_strings_add_no_series()
    {
        // Warm-up: one request of every (route, status) kind the burst will produce.
        string[] warmUp =
        [
            "/", "/?q=1", "/data", "/data?x=1", "/data?page=abc", "/data?pageSize=500",
            "/data/5", "/data/5000", "/data/abc", "/data/0", "/unknown", "/unknown/deeper/path",
        ];
        foreach (var path in warmUp)
        {
            await GetAsync(path);
        }
        // The scrapes themselves are requests too: make the /metrics series exist before counting.
        await _api.ScrapeAsync();
        var before = await SettledSeriesAsync();

        var random = new Random(7);
        var tokens = new List<string>();
        var requests = new List<Task>();
        for (var i = 0; i < 300; i++)
        {
            var token = Guid.NewGuid().ToString("N")[..12];
            tokens.Add(token);
            var number = random.Next(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture);
            var path = (i % 6) switch
            {
                0 => $"/{token}",
                1 => $"/{token}/{number}/{token}",
                2 => $"/data/{number}",
                3 => $"/data/{token}",
                4 => $"/data?{token}={token}&page={random.Next(1, 5)}",
                _ => $"/?{token}={number}&utm_{token}=x",
            };
            requests.Add(GetAsync(path));
            if (requests.Count == 16)
            {
                await Task.WhenAll(requests);
                requests.Clear();
            }
        }
        await Task.WhenAll(requests);
        var after = await SettledSeriesAsync();

        var added = after.Keys.Except(before.Keys).ToList();
        Assert.True(added.Count == 0, $"{added.Count} new series after the burst:\n{string.Join('\n', added.Take(20))}");
        Assert.Equal(before.Count, after.Count);
        // And no raw path or query value leaked into any label.
        var leaked = after.Values.Where(s => s.Labels.Values.Any(v => tokens.Any(t => v.Contains(t, StringComparison.Ordinal)))).ToList();
        Assert.Empty(leaked);
        // The burst did reach the server (the unmatched 404s were counted, under no route label).
        Assert.True(after.Values.Where(s => s.Name == "http_server_request_duration_seconds_count").Sum(s => s.Value)
            >= before.Values.Where(s => s.Name == "http_server_request_duration_seconds_count").Sum(s => s.Value) + 300);
    }

    private async Task GetAsync(string path)
    {
        using var response = await _api.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
    }

    /// <summary>Request-driven series after the exporter's 300 ms scrape cache has expired.</summary>
    private async Task<Dictionary<string, MetricSample>> SettledSeriesAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var snapshot = await _api.ScrapeAsync();
        return snapshot.Samples
            .Where(s => RequestDrivenPrefixes.Any(p => s.Name.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(s => s.SeriesKey);
    }
}
