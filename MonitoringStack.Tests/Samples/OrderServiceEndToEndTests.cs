using System.Collections.Concurrent;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Hosting;
using MonitoringStack.Hosting.Experiments;
using MonitoringStack.Tests.Aspire;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Samples;

/// <summary>
/// The hosting package on a service that is not ours: samples/OrderService's own AppHost started on DCP
/// (executables here: no container runtime), in a throw-away state folder on ports Aspire chooses.
/// </summary>
[Collection(SampleAppHostGroup.Name)]
public sealed class OrderServiceEndToEndTests : IAsyncLifetime
{
    private static readonly string SampleFolder = Path.Combine(RepositoryConfig.Root, "samples", "OrderService");
    private static readonly string[] Started = ["orders-0", "orders-1", "alert-receiver", "alertmanager", "prometheus", "nginx"];
    private TempFolder State { get; } = new("orders-sample");
    private HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };
    private IDistributedApplicationTestingBuilder _builder = null!;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        _builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OrderService_AppHost>(
            [$"--{MonitoringOptions.StateDirectoryKey}={State.Path}", $"--{MonitoringOptions.RunAsKey}=executable"],
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60)));
        // The replicas' request logs would bury a failure in CI's console.
        AppHostWorkspace.WithoutResourceLogs(_builder, "OrderService.AppHost");
        _app = await AppHostWorkspace.StartAsync(_builder, Started, TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        await AppHostWorkspace.StopAsync(_app, _builder);
        Http.Dispose();
        State.Dispose();
    }

    /// <summary>
    /// The sample's own kill experiment (samples/OrderService/experiments/kill-replica.yaml), run by the
    /// experiment engine through the driver over the package's model: orders-1 is killed through the package's
    /// command (the dashboard's), nginx keeps serving (the availability hypothesis), the sample's own
    /// OrdersReplicaDown reaches the receiver within its detection bound, and the package restarts the replica.
    /// </summary>
    [Fact]
    public async Task Kill_experiment_through_the_engine_fires_the_samples_own_alert_at_the_receiver_while_nginx_keeps_serving()
    {
        var prometheus = _app.GetEndpoint("prometheus", "http");
        var receiver = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<AlertReceiverResource>().Single();

        await Eventually.AssertAsync(async () =>
        {
            var targets = await TargetsAsync(prometheus);
            return targets.Contains(("orders", "orders-0", "up")) && targets.Contains(("orders", "orders-1", "up"));
        }, "both replicas are up targets of job orders, each with its own instance label", TimeSpan.FromSeconds(30));
        using (var rules = JsonDocument.Parse(await Http.GetStringAsync(new Uri(prometheus, "/api/v1/rules"))))
        {
            var groups = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
            Assert.Contains("orders", groups);
        }

        var definition = ExperimentLoader.LoadFile(Path.Combine(SampleFolder, "experiments", "kill-replica.yaml"));
        var log = new ConcurrentQueue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var (suite, files) = await new SuiteRunner(new AspireExperimentDriver(_app.Services), log.Enqueue)
            .RunAsync([definition], State.Combine("reports"), timeout.Token);

        var result = Assert.Single(suite.Resilience);
        var story = string.Join('\n', log);
        Assert.True(result.HypothesisHeld, $"{string.Join("; ", result.Violations)}\n{story}");
        Assert.True(result.Timeline.Client.Sum(s => s.Ok) >= 600, $"too little load went through nginx to prove anything\n{story}");
        var detection = Assert.Single(result.Detection);
        Assert.Equal("OrdersReplicaDown", detection.AlertName);
        Assert.True(detection.WithinBound, detection.Explanation);
        Assert.Contains("orders-1", await FiringAsync(receiver.Url, "OrdersReplicaDown"));
        Assert.Contains(result.Restarts, r => r.Resource == "orders-1");
        // The kill went through the package's command, which journals it as the dashboard's does.
        Assert.Contains(_app.Services.GetRequiredService<MonitoringJournal>().Read<FaultRecord>(MonitoringJournal.FaultsFile),
            f => f.Kind == "kill" && f.Target == "orders-1");
        // The package's Prometheus scrapes the AppHost's fault board: the kill's window, tagged with the experiment,
        // and the experiment's own, for the dashboards to annotate.
        using (var prometheusHttp = new HttpClient { BaseAddress = prometheus, Timeout = TimeSpan.FromSeconds(10) })
        {
            var query = new PrometheusClient(prometheusHttp);
            string[] windows =
            [
                $"max_over_time(monitoringstack_fault_active{{job=\"faults\", experiment=\"{definition.Name}\", fault=\"kill\", target=\"orders-1\"}}[10m])",
                $"max_over_time(monitoringstack_experiment_running{{job=\"faults\", experiment=\"{definition.Name}\"}}[10m])",
            ];
            foreach (var window in windows)
            {
                await Eventually.AssertAsync(async () => (await query.QueryAsync(window)).Any(s => s.Value == 1), $"{window} == 1", TimeSpan.FromSeconds(30));
            }
        }
        // The sample exports none of our API's process gauges: the report leaves those charts out instead of failing.
        Assert.Empty(result.Timeline.CpuByInstance);
        Assert.True(File.Exists(files.Html), files.Html);
    }

    private async Task<IReadOnlyList<(string Job, string Instance, string Health)>> TargetsAsync(Uri prometheus)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets?state=active")));
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!, t.GetProperty("health").GetString()!))
            .ToArray();
    }

    /// <summary>The instances of the firing alerts named <paramref name="alertName"/> the receiver recorded.</summary>
    private async Task<IReadOnlyList<string>> FiringAsync(Uri receiver, string alertName)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(receiver, "/notifications")));
        return document.RootElement.EnumerateArray()
            .SelectMany(n => n.GetProperty("alerts").EnumerateArray())
            .Where(a => a.GetProperty("alertName").GetString() == alertName && a.GetProperty("status").GetString() == "firing")
            .Select(a => a.GetProperty("labels").TryGetProperty("instance", out var instance) ? instance.GetString()! : "")
            .ToArray();
    }
}

/// <summary>The sample's AppHost runs alone: a second application on DCP beside the stack's would starve both on two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleAppHostGroup
{
    public const string Name = "sample AppHost";
}
