using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// The AppHost's own services beside the hosting package's (restarts, faults, scaling, journal): the API
/// set's scaler view, the experiments' driver, the load generator's target list and the startup notes.
/// </summary>
public static class StackServices
{
    public static IDistributedApplicationBuilder AddStackServices(
        this IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config, IResourceBuilder<ReplicaSetResource> api, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(api);
        var services = builder.Services;
        services.AddHttpClient();
        services.AddSingleton(stack);
        services.AddSingleton(config);
        services.AddSingleton(new StartupNotes(notes));
        services.AddSingleton(sp => new ApiReplicaSet(api.Resource, sp.GetRequiredService<ReplicaScaler>()));
        services.AddSingleton<AspireStackDriver>();
        services.AddSingleton<ExperimentRuns>();
        services.AddSingleton<LoadGenTargets>();
        services.AddHostedService(sp => sp.GetRequiredService<LoadGenTargets>());
        services.AddHostedService<StackAnnouncer>();
        services.AddEventingSubscriber<DashboardMarker>();
        return builder;
    }
}
