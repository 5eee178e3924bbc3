using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MonitoringStack.Deploy;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Scale;

/// <summary>
/// Issue 22 at a small size: the target simulator's 50 replicas scraped by one Prometheus (the stack's
/// config and rules) and, at the same time, by two hashmod shards with a global view (MonitoringStack.Deploy
/// scale-config, as scripts/bench-monitoring-scale.sh runs them). Every target is up, each shard holds
/// exactly its hash share, and the global view answers the job-wide queries as the single Prometheus does.
/// Ports come from <see cref="FreePorts"/> (never the topology's), so no lock is needed.
/// </summary>
public sealed class ShardedPrometheusTests : IAsyncLifetime, IDisposable
{
    private const int Targets = 50;
    private const int Shards = 2;
    private readonly TempFolder _folder = new("sharded");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<ManagedProcess> _processes = [];
    private int _targetBasePort;
    private ScalePrometheus _single = null!;
    private ScalePrometheus[] _shards = [];
    private ScalePrometheus _global = null!;

    public async Task InitializeAsync()
    {
        _targetBasePort = FreePorts.NextBlock(Targets + 1) + 1;
        var singlePort = FreePorts.NextBlock(2);
        var shardedPort = FreePorts.NextBlock(Shards + 2);
        _single = ScaleConfig.Render(RepositoryConfig.Root, _folder.Combine("single"), Targets, _targetBasePort, singlePort, 0).Single();
        var sharded = ScaleConfig.Render(RepositoryConfig.Root, _folder.Combine("sharded"), Targets, _targetBasePort, shardedPort, Shards);
        _shards = sharded.Take(Shards).ToArray();
        _global = sharded[^1];

        _processes.Add(DotnetApp.Start("MonitoringStack.TargetSimulator",
            ["--targets", $"{Targets}", "--base-port", $"{_targetBasePort}", "--control-port", $"{_targetBasePort - 1}", "--rate", "10"], name: "simulator"));
        foreach (var prometheus in sharded.Prepend(_single))
        {
            var process = ManagedProcess.Start(prometheus.Name, HostTools.Prometheus,
            [
                $"--config.file={prometheus.ConfigFile}",
                $"--storage.tsdb.path={_folder.Combine("tsdb", prometheus.Name)}",
                $"--web.listen-address=127.0.0.1:{prometheus.Port}",
            ]);
            _processes.Add(process);
            await process.WaitUntilReadyAsync(_http, $"{Url(prometheus)}/-/ready", TimeSpan.FromSeconds(30));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Every_target_is_up_each_shard_holds_its_hash_share_and_the_global_view_agrees_with_one_Prometheus()
    {
        await Eventually.AssertAsync(async () => (await InstancesUpAsync(_single)).Length == Targets,
            () => $"all {Targets} simulated targets up in one Prometheus\n{Outputs()}", TimeSpan.FromSeconds(45));

        // Prometheus' hashmod: the MD5 of the address, its last 8 bytes as a big-endian integer, modulo the
        // shard count. MD5 spreads targets here; it protects nothing.
#pragma warning disable CA5351
        var expected = Enumerable.Range(0, Targets).GroupBy(i =>
                (int)(BinaryPrimitives.ReadUInt64BigEndian(MD5.HashData(Encoding.UTF8.GetBytes($"127.0.0.1:{_targetBasePort + i}")).AsSpan(8)) % Shards))
            .ToDictionary(g => g.Key, g => g.Select(i => $"api-{i}").Order(StringComparer.Ordinal).ToArray());
#pragma warning restore CA5351
        for (var shard = 0; shard < Shards; shard++)
        {
            var index = shard;
            Assert.True(expected.ContainsKey(index) && expected[index].Length > 0, $"shard {index} gets no target out of {Targets}: the test needs both to work");
            await Eventually.AssertAsync(async () => (await InstancesUpAsync(_shards[index])).SequenceEqual(expected[index]),
                () => $"shard-{index} scrapes exactly its hash share ({expected[index].Length} targets)\n{Outputs()}", TimeSpan.FromSeconds(45));
            // Its per-instance rules see only its own replicas.
            await Eventually.AssertAsync(async () => (await LabelValuesAsync(_shards[index], "count by (instance) (job_instance:http_server_requests:rate1m)", "instance")).SequenceEqual(expected[index]),
                $"shard-{index}'s per-instance recording rules cover exactly its share", TimeSpan.FromSeconds(45));
        }

        // The global view: every replica through federation, and the job-wide rules it evaluates agree with
        // the single Prometheus (both scrape the same simulator; scrape timing is the only difference).
        await Eventually.AssertAsync(async () => (await InstancesUpAsync(_global)).Length == Targets,
            () => $"the global view federates up of all {Targets} targets\n{Outputs()}", TimeSpan.FromSeconds(30));
        string[] sameQueries =
        [
            "sum(job:http_server_requests:rate1m)",
            "sum(rate(http_server_request_duration_seconds_count{job=\"api\"}[30s]))",
            "max(slo:sli_error:ratio_rate90s{slo=\"api-availability\"})",
        ];
        foreach (var query in sameQueries)
        {
            var single = double.NaN;
            var global = double.NaN;
            await Eventually.AssertAsync(async () =>
                {
                    single = await ScalarAsync(_single, query);
                    global = await ScalarAsync(_global, query);
                    return single > 0 && Math.Abs(global - single) <= 0.1 * single;
                },
                () => $"{query}: global view {global} against one Prometheus {single} (within 10 %)", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        }
        // Job-wide rules stay off the shards, per-instance rules off the global view.
        Assert.True(double.IsNaN(await ScalarAsync(_shards[0], "count(job:http_server_requests:rate1m)")), "a shard evaluates job-wide rules");
        Assert.True(double.IsNaN(await ScalarAsync(_global, "count(job_instance_route:http_server_request_duration_seconds_bucket:rate1m)")), "the global view evaluates per-instance rules");
    }

    private static string Url(ScalePrometheus prometheus) => $"http://127.0.0.1:{prometheus.Port}";

    private string Outputs() => string.Join("\n", _processes.Select(p => $"--- {p.Name}:\n{p.Output[^Math.Min(p.Output.Length, 1500)..]}"));

    private Task<string[]> InstancesUpAsync(ScalePrometheus prometheus) => LabelValuesAsync(prometheus, "up{job=\"api\"} == 1", "instance");

    private async Task<string[]> LabelValuesAsync(ScalePrometheus prometheus, string query, string label) =>
        [.. (await QueryAsync(prometheus, query)).Select(r => r.GetProperty("metric").GetProperty(label).GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>The query's one value, NaN when it has no result.</summary>
    private async Task<double> ScalarAsync(ScalePrometheus prometheus, string query)
    {
        var result = await QueryAsync(prometheus, query);
        return result.Length == 0 ? double.NaN : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement[]> QueryAsync(ScalePrometheus prometheus, string query)
    {
        using var response = await _http.GetAsync(new Uri($"{Url(prometheus)}/api/v1/query?query={Uri.EscapeDataString(query)}"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone())];
    }
}
