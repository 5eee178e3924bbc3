using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// The API as the hosting package's replica set <c>api</c>: api-0 … api-(maxReplicas-1) on the replicas'
/// ports from the topology, those beyond the starting count in reserve for the scale command. What is the
/// stack's own: the API's identity and fault switches (with the chaos token), its URLs, and the rendered
/// targets file and nginx upstream list that scaling rewrites (config/'s renderer, not the package's).
/// </summary>
public static class ApiReplicaResources
{
    public const string EndpointName = "http";
    public const string SetName = "api";
    public const string NamePrefix = SetName + "-";

    public static IResourceBuilder<ReplicaSetResource> AddApiReplicas(
        this IDistributedApplicationBuilder builder, StackSettings stack, StackParameters parameters, RenderedConfig config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(config);
        var topology = stack.Topology;
        var api = builder.AddReplicas<Projects.MonitoringStack_Api>(SetName, topology.Replicas, topology.MaxReplicas, topology.ApiBasePort);
        if (stack.IsPublishMode)
        {
            // Published (azd) the API is one project, PublishedName, without fault switches: Azure Container Apps
            // runs and scales its replicas behind the app's ingress (docs/azd.md).
            return api.WithEachReplica((replica, _) => replica.WithEnvironment("Service__Name", StackTopology.ServiceName));
        }

        // Registered before nginx's reload (WithUpstream), so nginx reloads onto the list written here.
        api.Resource.OnReplicasChanged((active, _) =>
        {
            // By name, not by count: replicas of a scale-up join in the order they become ready.
            var replicas = topology.PossibleApiReplicas.Where(r => active.Any(a => a.Name == r.Name)).ToArray();
            StackConfigRenderer.WriteApiTargets(config, topology, replicas);
            StackConfigRenderer.WriteNginxUpstreams(config, topology, replicas);
            return Task.CompletedTask;
        });
        if (stack.ReplicaBuild == ReplicaBuild.Native)
        {
            api.WithPublishedExecutable(NativeExecutable());
        }
        return api.WithEachReplica((replica, _) =>
        {
            if (BuiltAssemblyLaunch.BuiltAssembly(replica) is null)
            {
                throw new StackConfigurationException(
                    $"{replica.Resource.Name}: the API is not built: build the solution (dotnet build MonitoringStack.sln -c Release), or start the AppHost with dotnet run, which builds it.");
            }
            replica
                .WithEnvironment("Service__InstanceId", replica.Resource.Name)
                .WithEnvironment("Service__Name", StackTopology.ServiceName)
                .WithEnvironment("Chaos__Enabled", "true")
                .WithEnvironment("Chaos__Token", parameters.ChaosToken)
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
                .WithChaosCommands(parameters.ChaosToken, EndpointName);
        });
    }

    /// <summary>The API's Native AOT binary, which the AppHost's build publishes.</summary>
    /// <exception cref="StackConfigurationException">This build publishes none, or it is missing.</exception>
    private static string NativeExecutable()
    {
        const string Instead = $"or run the replicas with dotnet: --{StackSettings.ReplicaBuildKey}=assembly";
        if (ApiNativeExecutable.Path is not { } path)
        {
            throw new StackConfigurationException($"This AppHost was built without the API's Native AOT binary (it is published on Linux x64 unless -p:ApiNativeReplicas=false); {Instead}");
        }
        if (!File.Exists(path))
        {
            throw new StackConfigurationException($"The API's Native AOT binary {path} is missing: build the AppHost (dotnet build MonitoringStack.sln -c Release publishes it), {Instead}");
        }
        return path;
    }

    /// <summary>The API's one project when published.</summary>
    public const string PublishedName = SetName;

    /// <summary>Where Azure Container Apps serves an app's HTTP ingress: the other apps reach it as name:80, which forwards to the port it listens on.</summary>
    public const int PublishedIngressPort = 80;

    /// <summary>The published API as the one scrape target and upstream (reached through its ingress).</summary>
    public static ApiReplica PublishedService(StackTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new(0, PublishedName, topology.ApiBasePort);
    }
}
