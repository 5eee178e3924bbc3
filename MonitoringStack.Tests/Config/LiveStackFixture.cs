using System.Net.Http.Json;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Two real API replicas (the shipped binary, <see cref="ShippedApi"/>) and a real Prometheus
/// with the repository's rendered local-mode config, all on free loopback ports, with traffic running
/// in the background until the fixture is disposed: 2xx, 400 and 404 answers, injected 5xx (an error
/// fault on api-1, which also sets the chaos gauge) and a burst that makes api-0 shed load. A real
/// load generator worker (MonitoringStack.LoadGen.dll) sends a small constant rate to api-1 and is
/// scraped as job "loadgen". The AppHost's fault board is served as job "faults" (from this process, as the
/// AppHost serves it from its own): the experiment "live-queries" runs and the error fault on api-1 is in force,
/// as the AppHost's chaos command would show them. Alertmanager and the exporters are not started: their
/// targets are simply down.
/// </summary>
public sealed class LiveStackFixture : IAsyncLifetime, IDisposable
{
    public const string ChaosToken = "live-stack-test-token";

    /// <summary>Requests/s of the load generator worker: enough for every loadgen series, small next to the API's capacity.</summary>
    public const int LoadGenRate = 20;

    /// <summary>The experiment the fault board shows running for the fixture's life.</summary>
    public const string Experiment = "live-queries";
    private readonly TempFolder _folder = new("live");
    private readonly List<ManagedProcess> _processes = [];
    private MixedTraffic? _traffic;
    private Microsoft.AspNetCore.Builder.WebApplication? _faultMetrics;

    /// <summary>The fault board Prometheus scrapes as job "faults".</summary>
    public FaultBoard Faults { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    private HttpClient? _prometheusHttp;
    public PrometheusClient Prometheus { get; private set; } = null!;
    public RenderedConfig Rendered { get; private set; } = null!;
    public StackTopology Topology { get; private set; } = null!;
    public int RequestsSent => _traffic?.RequestsSent ?? 0;

    public async Task InitializeAsync()
    {
        Topology = new StackTopology
        {
            Replicas = 2,
            ApiBasePort = FreePorts.NextBlock(2),
            MaxReplicas = 2,
            Ports = new ComponentPorts
            {
                Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(),
                Alertmanager = FreePorts.Next(), Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(),
                NginxExporter = FreePorts.Next(), LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(), FaultMetrics = FreePorts.Next(),
            },
        }.Validate();
        Rendered = StackConfigRenderer.Render(Topology, RepositoryConfig.Root, _folder.Combine("config"), new RenderOptions { ScrapeFaultMetrics = true });

        foreach (var replica in Topology.ApiReplicas)
        {
            _processes.Add(ShippedApi.Start(["--urls", $"http://127.0.0.1:{replica.Port}"],
                new Dictionary<string, string>
                {
                    ["Service__InstanceId"] = replica.Name,
                    ["Chaos__Enabled"] = "true",
                    ["Chaos__Token"] = ChaosToken,
                    ["Logging__LogLevel__Default"] = "Warning",
                }, replica.Name));
        }
        // Against api-1, whose injected 500s give the worker's error series real (not only zero) values.
        var loadGen = DotnetApp.Start(BuildOutput.LoadGen,
        [
            "worker",
            "--target", ApiUrl(Topology.ApiReplicas[1]),
            "--rate", LoadGenRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--metrics-port", Topology.Ports.LoadGenMetrics.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, "loadgen");
        _processes.Add(loadGen);
        _faultMetrics = FaultMetricsServer.Build(Topology.Ports.FaultMetrics, Faults, listenAnyAddress: false);
        await _faultMetrics.StartAsync();
        var prometheusUrl = $"http://127.0.0.1:{Topology.Ports.Prometheus}";
        var prometheus = ManagedProcess.Start("prometheus", HostTools.Prometheus,
        [
            $"--config.file={Rendered.PrometheusConfigFile}",
            $"--storage.tsdb.path={_folder.Combine("tsdb")}",
            $"--web.listen-address=127.0.0.1:{Topology.Ports.Prometheus}",
            "--web.enable-lifecycle",
        ]);
        _processes.Add(prometheus);
        _prometheusHttp = new HttpClient { BaseAddress = new Uri(prometheusUrl), Timeout = TimeSpan.FromSeconds(10) };
        Prometheus = new PrometheusClient(_prometheusHttp);

        foreach (var (replica, process) in Topology.ApiReplicas.Zip(_processes))
        {
            await process.WaitUntilReadyAsync(Http, $"{ApiUrl(replica)}/health", TimeSpan.FromSeconds(30));
        }
        await prometheus.WaitUntilReadyAsync(Http, $"{prometheusUrl}/-/ready", TimeSpan.FromSeconds(30));
        await loadGen.WaitUntilReadyAsync(Http, $"http://127.0.0.1:{Topology.Ports.LoadGenMetrics}/health", TimeSpan.FromSeconds(30));

        // 30 % of api-1's requests fail with 500 for the whole test: 5xx series, failed-request
        // counters and monitoringstack_chaos_fault_active{fault="errors"} == 1.
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{ApiUrl(Topology.ApiReplicas[1])}/chaos/errors"))
        {
            Content = JsonContent.Create(new { rate = 0.3, status = 500, durationSeconds = 600 }),
        })
        {
            request.Headers.Add("X-Chaos-Token", ChaosToken);
            using var response = await Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"POST /chaos/errors: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // What the AppHost's board shows for the same command inside an experiment.
        Faults.ExperimentStarted(Experiment);
        Faults.Started("errors", Topology.ApiReplicas[1].Name, TimeSpan.FromSeconds(600));
        _traffic = MixedTraffic.Start(Http, [.. Topology.ApiReplicas.Select(r => new Uri(ApiUrl(r)))]);
        await _traffic.ShedBurstAsync(new Uri(ApiUrl(Topology.ApiReplicas[0])));
    }

    public static string ApiUrl(ApiReplica replica) => $"http://127.0.0.1:{replica.Port}";

    /// <summary>Polls until every API target has been scraped successfully.</summary>
    public Task WaitForApiTargetsUpAsync(TimeSpan timeout) => WaitForTargetsUpAsync("api", Topology.Replicas, timeout);

    /// <summary>Polls until the load generator worker's target has been scraped successfully.</summary>
    public Task WaitForLoadGenTargetUpAsync(TimeSpan timeout) => WaitForTargetsUpAsync("loadgen", 1, timeout);

    /// <summary>Polls until the fault board's target has been scraped successfully.</summary>
    public Task WaitForFaultsTargetUpAsync(TimeSpan timeout) => WaitForTargetsUpAsync("faults", 1, timeout);

    private async Task WaitForTargetsUpAsync(string job, int count, TimeSpan timeout)
    {
        PrometheusQueryResult? up = null;
        await Eventually.AssertAsync(async () =>
        {
            up = await Prometheus.EvaluateAsync($"up{{job=\"{job}\"}}");
            return up.Samples.Count == count && up.Samples.All(s => s.Value == 1);
        }, () => $"all {count} {job} targets up: {up}\n{string.Join("\n", _processes.Select(p => $"--- {p.Name}\n{p.Output}"))}", timeout, TimeSpan.FromMilliseconds(500));
    }

    public string Diagnostics => string.Join("\n", _processes.Select(p => $"--- {p.Name} (exited: {p.HasExited})\n{p.Output[^Math.Min(p.Output.Length, 3000)..]}"));

    public async Task DisposeAsync()
    {
        if (_traffic is not null)
        {
            await _traffic.DisposeAsync();
        }
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        if (_faultMetrics is not null)
        {
            await _faultMetrics.StopAsync();
            await _faultMetrics.DisposeAsync();
        }
        Dispose();
    }

    /// <summary>The parts that need no waiting; safe to call twice (xunit calls both).</summary>
    public void Dispose()
    {
        Http.Dispose();
        _prometheusHttp?.Dispose();
        _folder.Dispose();
    }
}
