using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Builds the real AppHost (its Program, via Aspire.Hosting.Testing) against a throw-away topology with
/// free ports and a temporary state folder, so the model tests never touch the repository's .state/
/// and never clash with a running stack or another test.
/// </summary>
public sealed class AppHostWorkspace : IDisposable
{
    public const string ChaosToken = "test-chaos-token";
    public const string GrafanaPassword = "test-grafana-password";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>The infrastructure setting the container-mode model tests pass (this machine would choose executables).</summary>
    public const string ContainersMode = "Stack:InfrastructureAs=containers";

    /// <summary>The setting the end-to-end tests pass: host executables under DCP.</summary>
    public const string ExecutablesMode = "Stack:InfrastructureAs=executables";

    public AppHostWorkspace(int replicas = 2, int? maxReplicas = null)
    {
        Directory.CreateDirectory(Folder);
        var ports = FreePorts.NextBlock(10);
        var max = maxReplicas ?? replicas;
        Topology = new StackTopology
        {
            Replicas = replicas,
            MaxReplicas = max,
            ApiBasePort = FreePorts.NextBlock(max),
            Ports = new ComponentPorts
            {
                Nginx = ports,
                NginxStatus = ports + 1,
                Prometheus = ports + 2,
                Alertmanager = ports + 3,
                Grafana = ports + 4,
                NodeExporter = ports + 5,
                NginxExporter = ports + 6,
                LoadGenMetrics = ports + 7,
                WebhookReceiver = ports + 8,
                FaultMetrics = ports + 9,
            },
        }.Validate();
        File.WriteAllText(TopologyFile, JsonSerializer.Serialize(Topology, WebJson));
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "monitoringstack-apphost-" + Guid.NewGuid().ToString("N"));
    public string TopologyFile => Path.Combine(Folder, "topology.json");
    public string StateDirectory => Path.Combine(Folder, "state");
    public string ExperimentsOutput => Path.Combine(Folder, "experiments");
    public StackTopology Topology { get; }

    /// <summary>The configuration every test passes: topology, state folder and fixed secret values.</summary>
    public string[] Args(params string[] extra) =>
    [
        $"Stack:TopologyFile={TopologyFile}",
        $"Stack:StateDirectory={StateDirectory}",
        $"Parameters:chaos-token={ChaosToken}",
        $"Parameters:grafana-admin-password={GrafanaPassword}",
        $"Experiments:Out={ExperimentsOutput}",
        .. extra,
    ];

    /// <summary>The application model, not started (dashboard off).</summary>
    public async Task<IDistributedApplicationTestingBuilder> CreateBuilderAsync(params string[] extra) =>
        WithReadableLogs(await DistributedApplicationTestingBuilder.CreateAsync<Projects.MonitoringStack_AppHost>(
            Args(extra),
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60))));

    /// <summary>The application model with the Aspire dashboard, to be started on DCP.</summary>
    public async Task<IDistributedApplicationTestingBuilder> CreateBuilderWithDashboardAsync(params string[] extra) =>
        WithReadableLogs(await DistributedApplicationTestingBuilder.CreateAsync<Projects.MonitoringStack_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true },
            Args(extra),
            TestTimeouts.Token(TimeSpan.FromSeconds(60))));

    /// <summary>
    /// Keeps the test run's console to what explains a failure: the AppHost's own decisions (the `stack`
    /// resource's log: scaling, autoscaling, commands) stay; the other resources' output (Prometheus logs
    /// everything on stderr, so it reads as errors) and the health checks that fail by design until a
    /// resource has started are left out. Both are in the Aspire dashboard when a person runs the stack;
    /// in CI they buried the one failed test.
    /// </summary>
    private static IDistributedApplicationTestingBuilder WithReadableLogs(IDistributedApplicationTestingBuilder builder)
    {
        WithoutResourceLogs(builder, "MonitoringStack.AppHost");
        builder.Services.AddLogging(logging => logging.AddFilter("MonitoringStack.AppHost.Resources.stack", LogLevel.Information));
        return builder;
    }

    /// <summary>
    /// Leaves the resources' output of the AppHost named <paramref name="appHost"/> and the health checks that
    /// fail by design until a resource is up out of the test console (any AppHost: ours, the sample's, the scale host).
    /// </summary>
    public static IDistributedApplicationTestingBuilder WithoutResourceLogs(IDistributedApplicationTestingBuilder builder, string appHost)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter($"{appHost}.Resources", LogLevel.None));
        return builder;
    }

    /// <summary>
    /// Builds and starts the app on DCP and waits until every named resource is healthy: the one way the
    /// end-to-end fixtures bring a stack up.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder, IEnumerable<string> healthy, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(healthy);
        using var timeout = new CancellationTokenSource(limit);
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        foreach (var name in healthy)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
        return app;
    }

    /// <summary>Stops what <see cref="StartAsync"/> started (the AppHost stops every resource) and releases the builder.</summary>
    public static async Task StopAsync(DistributedApplication? app, IDistributedApplicationTestingBuilder? builder)
    {
        if (app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
        if (builder is not null)
        {
            await builder.DisposeAsync();
        }
    }

    /// <summary>The lines of one of the AppHost's journals (restarts.jsonl, faults.jsonl, scaling.jsonl, autoscaling.jsonl).</summary>
    public IReadOnlyList<JsonElement> Journal(string file)
    {
        var path = Path.Combine(StateDirectory, "journal", file);
        if (!File.Exists(path))
        {
            return [];
        }
        // Shared read: the AppHost appends while the test reads.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // Only whole lines: one may be half written at this instant.
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n').Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }
}

internal static class TestTimeouts
{
    public static CancellationToken Token(TimeSpan limit) => new CancellationTokenSource(limit).Token;
}
