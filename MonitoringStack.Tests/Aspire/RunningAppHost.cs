using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MonitoringStack.AppHost;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Config;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The real AppHost started once on DCP for the end-to-end tests, in executables mode (this machine has
/// no container runtime), with the Aspire dashboard: two API replicas (four possible), Prometheus,
/// Alertmanager, Nginx, both exporters and the alert receiver on free loopback ports and a throw-away
/// state folder.
/// </summary>
public sealed class RunningAppHost : IAsyncLifetime
{
    public const int StartReplicas = 2;
    public const int MaxReplicas = 4;
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    /// <summary>Resources that start with the stack and report health.</summary>
    public static readonly string[] StartedResources =
        ["api-0", "api-1", "prometheus", "alertmanager", "nginx", "node-exporter", "nginx-exporter", "alert-receiver"];

    public AppHostWorkspace Workspace { get; } = new(StartReplicas, MaxReplicas);
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public PrometheusClient Prometheus { get; private set; } = null!;
    public StackTopology Topology => Workspace.Topology;
    public Uri Nginx => new($"http://127.0.0.1:{Topology.Ports.Nginx}");
    private IDistributedApplicationTestingBuilder? _builder;

    public async Task InitializeAsync()
    {
        _builder = await Workspace.CreateBuilderWithDashboardAsync(AppHostWorkspace.ExecutablesMode);
        App = await AppHostWorkspace.StartAsync(_builder, StartedResources, StartLimit);
        // The product's client speaks relative to its HttpClient's base address; every other call here uses absolute URLs.
        Http.BaseAddress = new Uri($"http://127.0.0.1:{Topology.Ports.Prometheus}");
        Prometheus = new PrometheusClient(Http);
    }

    public async Task DisposeAsync()
    {
        await AppHostWorkspace.StopAsync(App, _builder);
        Http.Dispose();
        Workspace.Dispose();
    }

    /// <summary>Runs a resource command as the dashboard would, with named arguments; fails the test when the command fails.</summary>
    public async Task<ExecuteCommandResult> CommandAsync(string resource, string command, params (string Name, string Value)[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var inputs = new InteractionInputCollection(arguments
            .Select(a => new InteractionInput { Name = a.Name, Label = a.Name, InputType = InputType.Text, Value = a.Value })
            .ToArray());
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, inputs, timeout.Token);
        Assert.True(result.Success, $"{resource} {command} failed: {result.Message}");
        return result;
    }

    /// <summary>True when the replica answers /health on its own port with 2xx (false while it is down or starting).</summary>
    public async Task<bool> ReplicaHealthyAsync(ApiReplica replica)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{replica.Port}/health"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>What the stack's alert receiver recorded (its GET /notifications).</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync() =>
        await Http.GetFromJsonAsync<Notification[]>(new Uri($"http://127.0.0.1:{Topology.Ports.WebhookReceiver}/notifications"), Json) ?? [];

    /// <summary>The lines of one of the AppHost's journals (restarts.jsonl, faults.jsonl, scaling.jsonl).</summary>
    public IReadOnlyList<JsonElement> Journal(string file) => Workspace.Journal(file);

    /// <summary>Prometheus' active targets as (job, instance, health).</summary>
    public async Task<IReadOnlyList<(string Job, string Instance, string Health)>> TargetsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"http://127.0.0.1:{Topology.Ports.Prometheus}/api/v1/targets?state=active")));
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!, t.GetProperty("health").GetString()!))
            .ToArray();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Notification(DateTimeOffset ReceivedAt, string Path, string Status, IReadOnlyList<NotifiedAlert> Alerts);

    public sealed record NotifiedAlert(string AlertName, string Status, IReadOnlyDictionary<string, string> Labels);
}

/// <summary>
/// The end-to-end tests share one running stack and run one after another, and not beside other test
/// collections: a whole stack on two cores would starve the timing-sensitive API tests (CPU burn, shedding).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunningAppHostGroup : ICollectionFixture<RunningAppHost>
{
    public const string Name = "running AppHost";
}
