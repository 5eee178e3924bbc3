using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// A second real AppHost on DCP (executables mode, no dashboard), with the autoscaler switched on: one API
/// replica to start, at most three, and windows shortened so that a scale-up and the stabilised
/// scale-down after it fit in a test (scale-down window 12 s instead of 60 s).
/// </summary>
public sealed class AutoscalingAppHost : IAsyncLifetime
{
    public const int MaxReplicas = 3;
    public const double ScaleDownWindowSeconds = 12;
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly string[] StartedResources =
        ["api-0", "prometheus", "alertmanager", "nginx", "node-exporter", "nginx-exporter", "alert-receiver"];

    public AppHostWorkspace Workspace { get; } = new(replicas: 1, maxReplicas: MaxReplicas);
    public DistributedApplication App { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public StackTopology Topology => Workspace.Topology;
    public Uri Nginx => new($"http://127.0.0.1:{Topology.Ports.Nginx}");
    private IDistributedApplicationTestingBuilder? _builder;

    public async Task InitializeAsync()
    {
        _builder = await Workspace.CreateBuilderAsync(
            AppHostWorkspace.ExecutablesMode,
            $"{AutoscalingSettings.EnabledKey}=true",
            $"{AutoscalingSettings.SectionKey}:MaxReplicas={MaxReplicas}",
            $"{AutoscalingSettings.SectionKey}:ScaleDown:StabilizationWindowSeconds={ScaleDownWindowSeconds}");
        App = await AppHostWorkspace.StartAsync(_builder, StartedResources, StartLimit);
    }

    public async Task DisposeAsync()
    {
        await AppHostWorkspace.StopAsync(App, _builder);
        Http.Dispose();
        Workspace.Dispose();
    }

    /// <summary>The lines of one of the AppHost's journals (autoscaling.jsonl, scaling.jsonl, …).</summary>
    public IReadOnlyList<JsonElement> Journal(string file) => Workspace.Journal(file);

    /// <summary>A property of the dashboard's stack resource, as the dashboard shows it.</summary>
    public string? StackProperty(string name) =>
        App.ResourceNotifications.TryGetCurrentState(global::MonitoringStack.AppHost.StackControl.Name, out var state)
            ? state.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString()
            : null;
}

/// <summary>The autoscaling stack runs alone, after the other collections: a second stack beside anything on two cores would starve both.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AutoscalingAppHostGroup : ICollectionFixture<AutoscalingAppHost>
{
    public const string Name = "autoscaling AppHost";
}
