using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.AppHost.Faults;
using MonitoringStack.AppHost.Scaling;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>The AppHost's own services: restart policy, scaling, faults, journal and the load generator's target list.</summary>
public static class StackServices
{
    public static IDistributedApplicationBuilder AddStackServices(this IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpClient();
        services.AddSingleton(stack);
        services.AddSingleton(config);
        services.AddSingleton(new StackJournal(stack.JournalDirectory));
        services.AddSingleton(new NetworkPartition(Leftovers.StackId(stack.StateDirectory)));
        services.AddSingleton<NginxReloader>();
        services.AddSingleton<ReplicaScaler>();
        services.AddSingleton<AspireStackDriver>();
        services.AddSingleton<ExperimentRuns>();
        AddHosted<ResourceSnapshots>(services);
        AddHosted<ReplicaSupervisor>(services);
        AddHosted<LoadGenTargets>(services);
        services.AddHostedService<StackAnnouncer>();
        services.AddEventingSubscriber<DashboardMarker>();
        return builder;
    }

    // One instance that is both a hosted service and injectable (commands and the scaler use it).
    private static void AddHosted<T>(IServiceCollection services) where T : class, Microsoft.Extensions.Hosting.IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
