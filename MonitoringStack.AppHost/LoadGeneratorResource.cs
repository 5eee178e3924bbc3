using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.AppHost;

/// <summary>
/// The load generator's worker mode as a project resource, aimed at Nginx. It starts only when you
/// press Start in the dashboard (explicit start): load is an experiment, not background noise.
/// </summary>
public static class LoadGeneratorResource
{
    public const string Name = "loadgen";
    public const string MetricsEndpoint = "metrics";

    public static IResourceBuilder<ProjectResource> AddLoadGenerator(
        this IDistributedApplicationBuilder builder, StackSettings stack, IResourceBuilder<IResourceWithEndpoints> nginx)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(nginx);

        var loadgen = builder.AddProject<Projects.MonitoringStack_LoadGen>(Name, options => options.ExcludeLaunchProfile = true)
            // Its Prometheus endpoint, on the topology port Prometheus' rendered config scrapes.
            .WithHttpEndpoint(port: stack.Topology.Ports.LoadGenMetrics, name: MetricsEndpoint, isProxied: false)
            // The project is a CLI; "worker" is its long-running mode (control API and /metrics on ASPNETCORE_URLS).
            .WithArgs("worker")
            .WithEnvironment("LoadGen__Target", nginx.GetEndpoint("http"))
            .WithEnvironment("Service__InstanceId", Name)
            .WithEnvironment("Service__Name", "monitoringstack-loadgen")
            .WithExplicitStart()
            .WithStackMarker(stack)
            .WaitFor(nginx)
            .WithUrlForEndpoint(MetricsEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        if (stack.ApiListenAnyAddress)
        {
            loadgen.WithEndpoint(MetricsEndpoint, endpoint => endpoint.TargetHost = "0.0.0.0");
        }
        if (!stack.IsPublishMode && !loadgen.TryRunBuiltAssembly())
        {
            throw new StackConfigurationException(
                "the load generator is not built: build the solution (dotnet build MonitoringStack.sln -c Release), or start the AppHost with dotnet run, which builds it.");
        }
        return loadgen;
    }
}
