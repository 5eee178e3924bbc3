using System.Net.Http.Json;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// The public front as the stack runs it: a real nginx with the repository's rendered local-mode config
/// (config/nginx/nginx.conf + upstreams.conf) in front of three real API replicas (chaos switches on),
/// all on free loopback ports. Shared by the nginx tests of <see cref="NginxFrontGroup"/>, which run
/// one after another: a test that injects a fault resets it before it ends.
/// </summary>
public sealed class NginxFrontFixture : IAsyncLifetime, IDisposable
{
    public const string ChaosToken = "nginx-front-test-token";
    private readonly TempFolder _folder = new("nginx");
    private readonly List<ManagedProcess> _replicas = [];
    private ManagedProcess _nginx = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public StackTopology Topology { get; private set; } = null!;
    public RenderedConfig Rendered { get; private set; } = null!;

    /// <summary>The public port: what clients and the load generator use.</summary>
    public Uri NginxUrl => new($"http://127.0.0.1:{Topology.Ports.Nginx}");

    public static Uri ReplicaUrl(ApiReplica replica) => new($"http://127.0.0.1:{replica.Port}");

    public async Task InitializeAsync()
    {
        Topology = new StackTopology
        {
            Replicas = 3,
            ApiBasePort = FreePorts.NextBlock(3),
            Ports = new ComponentPorts
            {
                Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(),
                Alertmanager = FreePorts.Next(), Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(),
                NginxExporter = FreePorts.Next(), LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(), FaultMetrics = FreePorts.Next(),
            },
        }.Validate();
        Rendered = StackConfigRenderer.Render(Topology, RepositoryConfig.Root, _folder.Combine("config"), new RenderOptions());

        foreach (var replica in Topology.ApiReplicas)
        {
            _replicas.Add(ShippedApi.Start(["--urls", ReplicaUrl(replica).ToString()],
                new Dictionary<string, string>
                {
                    ["Service__InstanceId"] = replica.Name,
                    ["Chaos__Enabled"] = "true",
                    ["Chaos__Token"] = ChaosToken,
                    ["Logging__LogLevel__Default"] = "Warning",
                }, replica.Name));
        }
        _nginx = ManagedProcess.Start("nginx", HostTools.Nginx,
            ["-e", "stderr", "-p", Rendered.NginxPrefixDirectory, "-c", Rendered.NginxConfigFile, "-g", "daemon off;"]);

        foreach (var (replica, process) in Topology.ApiReplicas.Zip(_replicas))
        {
            await process.WaitUntilReadyAsync(Http, $"{ReplicaUrl(replica)}health", TimeSpan.FromSeconds(30));
        }
        await _nginx.WaitUntilReadyAsync(Http, $"http://127.0.0.1:{Topology.Ports.NginxStatus}/stub_status", TimeSpan.FromSeconds(20));
    }

    /// <summary>POST /chaos/{fault} on one replica's own port (the only way faults are injected).</summary>
    public async Task ChaosAsync(ApiReplica replica, string fault, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ReplicaUrl(replica), $"/chaos/{fault}"))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Add("X-Chaos-Token", ChaosToken);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"POST /chaos/{fault} on {replica.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>nginx's JSON access log, one line per request (upstream_addr lists every attempt).</summary>
    public string[] AccessLog() => File.Exists(Rendered.NginxAccessLogFile) ? File.ReadAllLines(Rendered.NginxAccessLogFile) : [];

    public string Diagnostics => string.Join("\n", _replicas.Append(_nginx).Select(p => $"--- {p.Name} (exited: {p.HasExited})\n{p.Output[^Math.Min(p.Output.Length, 3000)..]}"));

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        Dispose();
    }

    /// <summary>The parts that need no waiting; safe to call twice.</summary>
    public void Dispose()
    {
        Http.Dispose();
        _folder.Dispose();
    }
}

/// <summary>The nginx tests share one front (three replicas are costly on two cores) and run in sequence.</summary>
[CollectionDefinition(Name)]
public sealed class NginxFrontGroup : ICollectionFixture<NginxFrontFixture>
{
    public const string Name = "nginx front";
}
