using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Nginx in front of the replicas of a project: one public port, passive health, reloads on scaling.</summary>
public static class NginxResourceBuilderExtensions
{
    /// <summary>The internal endpoint: <c>/stub_status</c> for the exporter and the health check, never the public port.</summary>
    public const string StatusEndpoint = "status";

    private static readonly ComponentRecipe Recipe = new(
        ContainerImage.Nginx, HostProgram.Nginx, DefaultPort: 8080,
        ConfigMountPath: "/etc/nginx", ContainerDataPath: null, HealthPath: null, DisplayText: "Nginx");

    /// <summary>Adds Nginx as a load balancer on <paramref name="port"/> with its status page on <paramref name="statusPort"/> (both chosen by Aspire when null).</summary>
    public static IResourceBuilder<INginxResource> AddNginxLoadBalancer(this IDistributedApplicationBuilder builder, string name, int? port = null, int? statusPort = null)
    {
        var nginx = MonitoringComponent.Add<INginxResource, NginxContainerResource, NginxExecutableResource>(
            builder, name, port, Recipe,
            layout => new NginxContainerResource(name, layout),
            (command, directory, layout) => new NginxExecutableResource(name, command, directory, layout));
        var resource = nginx.Resource;
        if (resource is ContainerResource)
        {
            nginx.WithHttpEndpoint(port: statusPort, targetPort: statusPort ?? 8081, name: StatusEndpoint);
        }
        else
        {
            nginx.WithHttpEndpoint(port: statusPort, name: StatusEndpoint, isProxied: false);
        }
        return nginx
            .WithArgs(context =>
            {
                var layout = resource.Layout;
                var file = resource.Annotations.OfType<ConfigurationFileAnnotation>().LastOrDefault()?.File ?? NginxConfigWriter.ConfigFile;
                // In a container these replace the image's command; an executable gets its own prefix folder.
                if (resource is ContainerResource)
                {
                    context.Args.Add("nginx");
                }
                else
                {
                    context.Args.Add("-p");
                    context.Args.Add(layout.ConfigDirectory);
                    // Errors before the configuration is read go to stderr too, not to /var/log/nginx.
                    context.Args.Add("-e");
                    context.Args.Add("stderr");
                }
                context.Args.Add("-c");
                context.Args.Add(layout.Inside(Path.Combine(layout.ConfigDirectory, file)));
                context.Args.Add("-g");
                context.Args.Add("daemon off;");
            })
            .WithHttpHealthCheck("/stub_status", endpointName: StatusEndpoint)
            .WithUrlForEndpoint(StatusEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .OnBeforeResourceStarted((n, @event, _) =>
            {
                n.Settings.Services = @event.Services;
                if (!n.Layout.UserConfiguration)
                {
                    NginxConfigWriter.Write(builder, n);
                }
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// Balances requests under <paramref name="pathPrefix"/> over the running replicas of <paramref name="replicas"/>;
    /// nginx starts after the first ones and reloads gracefully (SIGHUP) when replicas are added or removed.
    /// </summary>
    public static IResourceBuilder<INginxResource> WithUpstream(this IResourceBuilder<INginxResource> nginx, IResourceBuilder<ReplicaSetResource> replicas, string pathPrefix = "/")
    {
        ArgumentNullException.ThrowIfNull(nginx);
        ArgumentNullException.ThrowIfNull(replicas);
        var resource = nginx.Resource;
        var builder = nginx.ApplicationBuilder;
        resource.Settings.Upstreams.Add((pathPrefix, replicas.Resource));
        replicas.Resource.OnReplicasChanged(async (_, cancellationToken) =>
        {
            if (!resource.Layout.UserConfiguration)
            {
                NginxConfigWriter.Write(builder, resource);
            }
            await NginxReload.ReloadAsync(resource, cancellationToken).ConfigureAwait(false);
        });
        foreach (var replica in replicas.Resource.Replicas.Take(replicas.Resource.InitialCount))
        {
            nginx.WaitFor(builder.CreateResourceBuilder(replica));
        }
        return nginx;
    }

    /// <summary>Runs Nginx on a configuration folder you render yourself (in a container it is /etc/nginx).</summary>
    public static IResourceBuilder<INginxResource> WithConfigurationFolder(this IResourceBuilder<INginxResource> nginx, string folder, string configFile = NginxConfigWriter.ConfigFile)
    {
        ArgumentNullException.ThrowIfNull(nginx);
        ConfigurationFolders.Use(nginx, folder, configFile);
        return nginx;
    }
}
