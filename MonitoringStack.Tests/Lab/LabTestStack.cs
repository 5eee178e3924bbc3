using System.Text.Json;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Lab.Supervision;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Lab;

/// <summary>Builds LabOptions for tests: free ports only, a temporary state folder, the API the tests built.</summary>
internal static class LabTestStack
{
    public static LabOptions Options(int replicas, int replicaPortBlock, string stateDirectory) => new()
    {
        RepositoryRoot = StackTopology.FindRepositoryRoot(),
        Topology = new StackTopology
        {
            Replicas = replicas,
            ApiBasePort = FreePorts.NextBlock(replicaPortBlock),
            MaxReplicas = replicaPortBlock,
            Ports = new ComponentPorts
            {
                Nginx = FreePorts.Next(),
                NginxStatus = FreePorts.Next(),
                Prometheus = FreePorts.Next(),
                Alertmanager = FreePorts.Next(),
                Grafana = FreePorts.Next(),
                NodeExporter = FreePorts.Next(),
                NginxExporter = FreePorts.Next(),
                LoadGenMetrics = FreePorts.Next(),
                WebhookReceiver = FreePorts.Next(),
                LabControl = FreePorts.Next(),
            },
        },
        StateDirectory = stateDirectory,
        Build = false,
        ApiAssembly = ApiAssembly(),
        StartGrafana = false,
        ReadyTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The API build of the same configuration as this test run (the test project references the API).</summary>
    public static string ApiAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        return Path.Combine(StackTopology.FindRepositoryRoot(), "MonitoringStack.Api", "bin", configuration, "net10.0", "MonitoringStack.Api.dll");
    }

    /// <summary>Every pid of the stack's process groups (nginx workers included).</summary>
    public static IReadOnlyList<int> AllPids(LocalStack stack) =>
        stack.Resources.Where(p => p.Pid is not null).SelectMany(p => ProcFs.GroupMembers(p.Pid!.Value).Append(p.Pid!.Value)).Distinct().ToArray();
}

/// <summary>Minimal Prometheus HTTP API client for assertions.</summary>
internal sealed class PrometheusApi(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };

    public async Task<JsonElement> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").Clone();
    }

    /// <summary>Active targets as (job, instance, health).</summary>
    public async Task<IReadOnlyList<(string Job, string Instance, string Health)>> TargetsAsync()
    {
        var data = await GetAsync("/api/v1/targets?state=active");
        return data.GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!, t.GetProperty("health").GetString()!))
            .ToArray();
    }

    /// <summary>Instant query; each result as (labels, value).</summary>
    public async Task<IReadOnlyList<(JsonElement Metric, double Value)>> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var time = at is { } t ? $"&time={t.ToUnixTimeMilliseconds() / 1000.0:0.###}" : "";
        var data = await GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}{time}");
        return data.GetProperty("result").EnumerateArray()
            .Select(r => (r.GetProperty("metric"), double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    public void Dispose() => _http.Dispose();
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true or the timeout; returns the last result.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, int pollMs = 250)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet: keep polling.
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(pollMs);
        }
    }
}
