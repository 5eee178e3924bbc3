using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Tests.Lab;

/// <summary>End-to-end: the real stack of <see cref="LabStackFixture"/>, observed through Prometheus, nginx and the webhook receiver.</summary>
[Collection(LabStackGroup.Name)]
public sealed partial class LabStackTests(LabStackFixture fixture)
{
    private LocalStack Stack => fixture.Stack;
    private PrometheusApi Prometheus => fixture.Prometheus;

    [Fact]
    public async Task Every_prometheus_target_is_up()
    {
        (string Job, string Instance, string Health)[] targets = [];
        // Without --load there is no load generator, and its job is not rendered at all (asserted below).
        var allUp = await Eventually.TrueAsync(async () =>
        {
            targets = (await Prometheus.TargetsAsync()).ToArray();
            return targets.Length > 0 && targets.All(t => t.Health == "up");
        }, TimeSpan.FromSeconds(45));

        Assert.True(allUp, string.Join(", ", targets.Select(t => $"{t.Job}/{t.Instance}={t.Health}")));
        Assert.Equal(["alertmanager", "api", "nginx", "node", "prometheus"], targets.Select(t => t.Job).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Stack.ApiReplicas.Select(r => r.Name).Order(StringComparer.Ordinal),
            targets.Where(t => t.Job == "api").Select(t => t.Instance).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_alert_rule_of_the_rendered_config_is_loaded()
    {
        var expected = Directory.GetFiles(Stack.Config.PrometheusRulesDirectory, "*.yml")
            .SelectMany(f => AlertLine().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("AppDown", expected);

        string[] loaded = [];
        await Eventually.TrueAsync(async () =>
        {
            var data = await Prometheus.GetAsync("/api/v1/rules?type=alert");
            loaded = data.GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()!))
                .Order(StringComparer.Ordinal).ToArray();
            return loaded.SequenceEqual(expected);
        }, TimeSpan.FromSeconds(20));

        Assert.Equal(expected, loaded);
    }

    [Fact]
    public async Task Nginx_spreads_requests_evenly_over_all_replicas()
    {
        await WaitUntilCalmAsync();
        using var http = new HttpClient();
        var before = await RootRequestCountsAsync(http);

        const int requests = 400;
        for (var i = 0; i < requests; i++)
        {
            using var response = await http.GetAsync(Stack.NginxUrl + "/");
            response.EnsureSuccessStatusCode();
        }

        // The exporter caches its scrape answer briefly (ScrapeResponseCacheDurationMilliseconds), so
        // 400 fast requests can finish before /metrics shows them: read until the counts catch up.
        var served = new Dictionary<string, double>(StringComparer.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            var after = await RootRequestCountsAsync(http);
            served = after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));
            return served.Values.Sum() >= requests;
        }, TimeSpan.FromSeconds(10));
        Assert.Equal(requests, served.Values.Sum(), 0);
        var mean = served.Values.Average();
        Assert.All(served, kv => Assert.InRange(kv.Value, mean * 0.8, mean * 1.2));
    }

    [Fact]
    public async Task A_killed_replica_fires_AppDown_at_the_webhook_and_is_restarted()
    {
        var victim = Stack.ApiReplicas[1];
        // Prometheus applies discovered targets only every 5 s after it starts: a replica killed before its
        // first scrape is never seen up, and an "up == 0" it never had cannot fire. Wait until it is scraped.
        Assert.True(await Eventually.TrueAsync(async () =>
            (await Prometheus.TargetsAsync()).Any(t => t.Job == "api" && t.Instance == victim.Name && t.Health == "up"),
            TimeSpan.FromSeconds(45)), $"{victim.Name} never became an up target");
        var oldPid = victim.Pid;
        // Restarts take ~1 s, less than the 5 s scrape interval: keep it down long enough for a scrape to see it.
        var fault = Stack.Faults.Kill(victim.Name, keepDown: TimeSpan.FromSeconds(8));

        var alert = await Stack.Alerts.WaitForAsync(
            a => a.AlertName == "AppDown" && a.Status == "firing" && a.Labels.GetValueOrDefault("instance") == victim.Name,
            TimeSpan.FromSeconds(60));
        Assert.NotNull(alert);
        Assert.True(alert.Value.Notification.ReceivedAt > fault.At);
        Assert.Contains(File.ReadLines(Stack.Run.AlertsFile), line => line.Contains("AppDown", StringComparison.Ordinal));

        Assert.True(await Eventually.TrueAsync(
            () => Task.FromResult(Stack.Restarts.Records.Any(r => r.Resource == victim.Name && r.OldPid == oldPid && r.ReadyAt is not null)),
            TimeSpan.FromSeconds(30)));
        var restart = Stack.Restarts.Records.Single(r => r.Resource == victim.Name && r.OldPid == oldPid);
        Assert.Equal(137, restart.ExitCode);
        Assert.Equal(victim.Pid, restart.NewPid);
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(victim.Spec.Url + "/health")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Scaling_from_2_to_4_adds_targets_without_restarting_prometheus()
    {
        var prometheusPid = Stack.Find(StackResources.Prometheus)!.Pid;
        // Prometheus scrapes itself every 15 s: wait for its first sample.
        double startTime = 0;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var result = await Prometheus.QueryAsync("process_start_time_seconds{job=\"prometheus\"}");
            startTime = result.Count == 1 ? result[0].Value : 0;
            return startTime > 0;
        }, TimeSpan.FromSeconds(30)));

        // Through the control API, as `scale 4` does.
        using var control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Stack.Topology.Ports.LabControl}"), Timeout = TimeSpan.FromMinutes(2) };
        using (var response = await control.PostAsync("/scale/4", null))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        try
        {
            Assert.Equal(4, Stack.ApiReplicas.Count);
            var upFour = await Eventually.TrueAsync(async () =>
                (await Prometheus.TargetsAsync()).Count(t => t.Job == "api" && t.Health == "up") == 4, TimeSpan.FromSeconds(45));
            Assert.True(upFour, "api-2 and api-3 did not become up targets");

            Assert.Equal(prometheusPid, Stack.Find(StackResources.Prometheus)!.Pid);
            Assert.Equal(startTime, (await Prometheus.QueryAsync("process_start_time_seconds{job=\"prometheus\"}")).Single().Value);
            // The new replicas get traffic through nginx too.
            using var http = new HttpClient();
            var instances = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 40; i++)
            {
                var body = await http.GetFromJsonAsync<Dictionary<string, object>>(Stack.NginxUrl + "/");
                instances.Add(body!["instance"].ToString()!);
            }
            Assert.Equal(["api-0", "api-1", "api-2", "api-3"], instances.Order(StringComparer.Ordinal));
        }
        finally
        {
            await Stack.ScaleAsync(2);
        }

        Assert.Equal(2, Stack.ApiReplicas.Count);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await Prometheus.TargetsAsync()).Count(t => t.Job == "api") == 2, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Samples_written_before_a_prometheus_restart_are_queryable_after_it()
    {
        const string query = "count_over_time(up{job=\"api\",instance=\"api-0\"}[2m])";
        var at = DateTimeOffset.UtcNow;
        double before = 0;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            at = DateTimeOffset.UtcNow;
            var result = await Prometheus.QueryAsync(query, at);
            before = result.Count == 1 ? result[0].Value : 0;
            return before >= 2;
        }, TimeSpan.FromSeconds(30)), "Prometheus has no api-0 samples yet");

        var oldPid = Stack.Find(StackResources.Prometheus)!.Pid;
        Assert.True(await Stack.RestartAsync(StackResources.Prometheus));
        Assert.NotEqual(oldPid, Stack.Find(StackResources.Prometheus)!.Pid);

        var after = await Prometheus.QueryAsync(query, at);
        Assert.Equal(before, Assert.Single(after).Value);
    }

    /// <summary>Per-replica count of GET / as each replica's own /metrics reports it.</summary>
    private async Task<Dictionary<string, double>> RootRequestCountsAsync(HttpClient http)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var replica in Stack.ApiReplicas)
        {
            var text = await http.GetStringAsync(replica.Spec.Url + "/metrics");
            counts[replica.Name] = RootCountLine().Matches(text)
                .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        return counts;
    }

    /// <summary>Nginx benches a replica for 5 s after a failure (max_fails=1 fail_timeout=5s): wait that out after kills and scaling.</summary>
    private async Task WaitUntilCalmAsync()
    {
        await Eventually.TrueAsync(() => Task.FromResult(Stack.ApiReplicas.All(r => r.State == MonitoringStack.Lab.Supervision.ResourceState.Ready)), TimeSpan.FromSeconds(30));
        var lastChange = Stack.Restarts.Records.Select(r => r.ReadyAt ?? r.ExitedAt)
            .Concat(Stack.ScalingHistory.Select(s => s.CompletedAt)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var calmAt = lastChange + TimeSpan.FromSeconds(6);
        if (calmAt > DateTimeOffset.UtcNow)
        {
            await Task.Delay(calmAt - DateTimeOffset.UtcNow);
        }
    }

    [GeneratedRegex(@"^\s*-\s*alert:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex AlertLine();

    // http_server_request_duration_seconds_count{...http_route="/"...} 123
    [GeneratedRegex(@"^http_server_request_duration_seconds_count\{[^}]*http_route=""/""[^}]*\}\s+([0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex RootCountLine();
}
