using MonitoringStack.AppHost.Faults;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost;

/// <summary>
/// One project resource per possible API replica (api-0 … api-(maxReplicas-1)) on the replica's own port
/// from the topology; those beyond the starting count wait, not started, for the scale command. Not
/// WithReplicas: Aspire's replica proxy hides per-replica ports and Prometheus would scrape a mix of
/// replicas through it (see the architecture notes).
/// </summary>
public static class ApiReplicaResources
{
    public const string EndpointName = "http";
    public const string NamePrefix = "api-";

    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddApiReplicas(
        this IDistributedApplicationBuilder builder, StackSettings stack, StackParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(parameters);

        if (stack.IsPublishMode)
        {
            return [builder.AddPublishedApi(stack)];
        }
        var replicas = new List<IResourceBuilder<ProjectResource>>();
        foreach (var replica in stack.Topology.PossibleApiReplicas)
        {
            // No launch profile: its applicationUrl would fight the topology's port.
            var api = builder.AddProject<Projects.MonitoringStack_Api>(replica.Name, options => options.ExcludeLaunchProfile = true)
                // Not proxied: the replica itself listens on its topology port, so that Prometheus and
                // Nginx (whose configs were rendered from the same topology) reach exactly this process.
                .WithHttpEndpoint(port: replica.Port, name: EndpointName, isProxied: false)
                .WithEnvironment("Service__InstanceId", replica.Name)
                .WithEnvironment("Service__Name", StackTopology.ServiceName)
                .WithEnvironment("Chaos__Enabled", "true")
                .WithEnvironment("Chaos__Token", parameters.ChaosToken)
                .WithHttpHealthCheck("/health", endpointName: EndpointName)
                .WithUrlForEndpoint(EndpointName, url => url.DisplayText = "API")
                .WithUrls(context =>
                {
                    var endpoint = context.GetEndpoint(EndpointName);
                    if (endpoint is { IsAllocated: true })
                    {
                        context.Urls.Add(new ResourceUrlAnnotation { Url = $"{endpoint.Url}/metrics", DisplayText = "metrics", DisplayLocation = UrlDisplayLocation.DetailsOnly });
                        context.Urls.Add(new ResourceUrlAnnotation { Url = $"{endpoint.Url}/health", DisplayText = "health", DisplayLocation = UrlDisplayLocation.DetailsOnly });
                    }
                })
                .WithChaosCommands(parameters.ChaosToken, EndpointName)
                .WithStackMarker(stack);

            api.RunBuiltAssembly(stack, new Projects.MonitoringStack_Api().ProjectPath)
                .WithProcessFaultCommands(replica.Port);
            if (replica.Index >= stack.Topology.Replicas)
            {
                // Capacity in reserve: the scale command starts it.
                api.WithExplicitStart();
            }
            if (stack.ApiListenAnyAddress)
            {
                api.WithEndpoint(EndpointName, endpoint => endpoint.TargetHost = "0.0.0.0");
            }
            replicas.Add(api);
        }
        return replicas;
    }

    /// <summary>
    /// Published (azd), the API is one project, <see cref="PublishedName"/>: Azure Container Apps runs its
    /// replicas behind the app's own ingress and scales them (the manifest has no replica count; see
    /// docs/configuration.md, "Deploy with azd"). No fault switches and no replica commands: experiments run locally.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddPublishedApi(this IDistributedApplicationBuilder builder, StackSettings stack) =>
        builder.AddProject<Projects.MonitoringStack_Api>(PublishedName, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: stack.Topology.ApiBasePort, name: EndpointName, isProxied: false)
            .WithEnvironment("Service__Name", StackTopology.ServiceName)
            .WithHttpHealthCheck("/health", endpointName: EndpointName);

    /// <summary>The API's one project when published.</summary>
    public const string PublishedName = "api";

    /// <summary>Where Azure Container Apps serves an app's HTTP ingress: the other apps reach it as name:80, which forwards to the port it listens on.</summary>
    public const int PublishedIngressPort = 80;

    /// <summary>The published API as the one scrape target and upstream (reached through its ingress).</summary>
    public static ApiReplica PublishedService(StackTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new(0, PublishedName, topology.ApiBasePort);
    }
}
