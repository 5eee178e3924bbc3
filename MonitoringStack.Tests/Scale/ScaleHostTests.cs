using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Aspire;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Scale;

/// <summary>
/// Issue 22 at a small size, from its one command: MonitoringStack.ScaleHost on DCP with 20 simulated
/// targets, 2 hashmod shards, their global view and a reference Prometheus over every target
/// (<c>Scale:Reference</c>). Every target is up on exactly one shard (its hash share), and the global view
/// answers the job-wide queries as the one Prometheus does. Ports come from <see cref="FreePorts"/> (never
/// the topology's), so no lock is needed.
/// </summary>
public sealed class ScaleHostTests : IAsyncLifetime
{
    private const int Targets = 20;
    private const int Shards = 2;
    private static readonly string[] Prometheus = ["shard-0", "shard-1", "global", "single"];
    private TempFolder State { get; } = new("scale-host");
    private HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _targetBasePort = FreePorts.NextBlock(Targets + 1) + 1;
    private IDistributedApplicationTestingBuilder _builder = null!;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        // Shards, the global view, the Alertmanager address they name, the reference and its own.
        var prometheusPort = FreePorts.NextBlock(Shards + 4);
        _builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MonitoringStack_ScaleHost>(
            [
                $"--{MonitoringOptions.StateDirectoryKey}={State.Path}",
                $"--Scale:Targets={Targets}", $"--Scale:Shards={Shards}", "--Scale:Reference=true",
                $"--Scale:TargetBasePort={_targetBasePort}", $"--Scale:PrometheusPort={prometheusPort}",
            ],
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60)));
        // Prometheus' complaints about the Alertmanager no one runs would bury a failure in CI's console.
        AppHostWorkspace.WithoutResourceLogs(_builder, "MonitoringStack.ScaleHost");
        _app = await AppHostWorkspace.StartAsync(_builder, Prometheus.Prepend("target-simulator"), TimeSpan.FromMinutes(2));
    }

    public async Task DisposeAsync()
    {
        await AppHostWorkspace.StopAsync(_app, _builder);
        Http.Dispose();
        State.Dispose();
    }

    [Fact]
    public async Task Every_target_is_up_on_its_hash_shard_and_the_global_view_agrees_with_one_Prometheus()
    {
        await Eventually.AssertAsync(async () => (await InstancesUpAsync("single")).Length == Targets,
            $"all {Targets} simulated targets up in the reference Prometheus", TimeSpan.FromSeconds(30));

        // Prometheus' hashmod: the MD5 of the address, its last 8 bytes as a big-endian integer, modulo the
        // shard count. MD5 spreads targets here; it protects nothing.
#pragma warning disable CA5351
        var expected = Enumerable.Range(0, Targets).GroupBy(i =>
                (int)(BinaryPrimitives.ReadUInt64BigEndian(MD5.HashData(Encoding.UTF8.GetBytes($"127.0.0.1:{_targetBasePort + i}")).AsSpan(8)) % Shards))
            .ToDictionary(g => g.Key, g => g.Select(i => $"api-{i}").Order(StringComparer.Ordinal).ToArray());
#pragma warning restore CA5351
        for (var shard = 0; shard < Shards; shard++)
        {
            var name = $"shard-{shard}";
            var share = expected.GetValueOrDefault(shard, []);
            Assert.True(share.Length > 0, $"{name} gets no target out of {Targets}: the test needs both to work");
            await Eventually.AssertAsync(async () => (await InstancesUpAsync(name)).SequenceEqual(share),
                $"{name} scrapes exactly its hash share ({share.Length} targets)", TimeSpan.FromSeconds(30));
            // Its per-instance rules see only its own replicas.
            await Eventually.AssertAsync(async () => (await LabelValuesAsync(name, "count by (instance) (job_instance:http_server_requests:rate1m)", "instance")).SequenceEqual(share),
                $"{name}'s per-instance recording rules cover exactly its share", TimeSpan.FromSeconds(30));
        }

        // The global view: every replica through federation, and the job-wide rules it evaluates agree with
        // the reference (both read the same simulator; scrape timing is the only difference).
        await Eventually.AssertAsync(async () => (await InstancesUpAsync("global")).Length == Targets,
            $"the global view federates up of all {Targets} targets", TimeSpan.FromSeconds(30));
        string[] sameQueries =
        [
            "sum(job:http_server_requests:rate1m)",
            "sum(rate(http_server_request_duration_seconds_count{job=\"api\"}[30s]))",
            "max(slo:sli_error:ratio_rate90s{slo=\"api-availability\"})",
        ];
        // Federation adds a scrape and a rule evaluation of lag to the global view, and a loaded machine more:
        // a minute and a half to agree (a passing run agrees within seconds).
        foreach (var query in sameQueries)
        {
            var single = double.NaN;
            var global = double.NaN;
            var federated = double.NaN;
            await Eventually.AssertAsync(async () =>
                {
                    single = await ScalarAsync("single", query);
                    global = await ScalarAsync("global", query);
                    federated = await ScalarAsync("global", "count(job_instance:http_server_requests:rate1m)");
                    return single > 0 && Math.Abs(global - single) <= 0.1 * single;
                },
                () => $"{query}: global view {global} against one Prometheus {single} (within 10 %); the global view holds {federated} of {Targets} replicas' job_instance:http_server_requests:rate1m",
                TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        }
        // Job-wide rules stay off the shards, per-instance rules off the global view.
        Assert.True(double.IsNaN(await ScalarAsync("shard-0", "count(job:http_server_requests:rate1m)")), "a shard evaluates job-wide rules");
        Assert.True(double.IsNaN(await ScalarAsync("global", "count(job_instance_route:http_server_request_duration_seconds_bucket:rate1m)")), "the global view evaluates per-instance rules");
    }

    private Task<string[]> InstancesUpAsync(string prometheus) => LabelValuesAsync(prometheus, "up{job=\"api\"} == 1", "instance");

    private async Task<string[]> LabelValuesAsync(string prometheus, string query, string label) =>
        [.. (await QueryAsync(prometheus, query)).Select(r => r.GetProperty("metric").GetProperty(label).GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>The query's one value, NaN when it has no result.</summary>
    private async Task<double> ScalarAsync(string prometheus, string query)
    {
        var result = await QueryAsync(prometheus, query);
        return result.Length == 0 ? double.NaN : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement[]> QueryAsync(string prometheus, string query)
    {
        var endpoint = _app.GetEndpoint(prometheus, "http");
        using var response = await Http.GetAsync(new Uri(endpoint, $"/api/v1/query?query={Uri.EscapeDataString(query)}"));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone())];
    }
}
