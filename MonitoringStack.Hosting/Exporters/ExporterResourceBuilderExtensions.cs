using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>The exporters a monitored application usually wants beside its own metrics: the machine's and nginx's.</summary>
public static class ExporterResourceBuilderExtensions
{
    private static readonly ComponentRecipe NodeRecipe = new(
        ContainerImage.NodeExporter, HostProgram.NodeExporter, DefaultPort: 9100,
        ConfigMountPath: null, ContainerDataPath: null, HealthPath: "/metrics", DisplayText: "node exporter");

    private static readonly ComponentRecipe NginxRecipe = new(
        ContainerImage.NginxExporter, HostProgram.NginxExporter, DefaultPort: 9113,
        ConfigMountPath: null, ContainerDataPath: null, HealthPath: "/metrics", DisplayText: "nginx exporter");

    /// <summary>
    /// Adds Prometheus' node exporter: CPU, memory, disk and network of the machine (of the container's kernel
    /// when it runs as a container, which is the Docker Desktop VM on a laptop).
    /// </summary>
    public static IResourceBuilder<IExporterResource> AddNodeExporter(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var exporter = Add(builder, name, port, NodeRecipe);
        var resource = exporter.Resource;
        return exporter
            .WithArgs(context => context.Args.Add(ReferenceExpression.Create($"--web.listen-address={MonitoringComponent.ListenAddress(resource)}")))
            .WithUrlForEndpoint(MonitoringComponent.HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
    }

    /// <summary>Adds nginx's exporter, reading <paramref name="nginx"/>'s <c>/stub_status</c> on its internal status endpoint.</summary>
    public static IResourceBuilder<IExporterResource> AddNginxExporter(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<INginxResource> nginx, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(nginx);
        var exporter = Add(builder, name, port, NginxRecipe);
        var resource = exporter.Resource;
        return exporter
            .WithArgs(context =>
            {
                var status = MonitoringComponent.Address(builder, resource, nginx.Resource, NginxResourceBuilderExtensions.StatusEndpoint);
                // Two dashes: the image's kingpin flags need them, and Debian's older Go-flag build accepts them too.
                context.Args.Add($"--nginx.scrape-uri=http://{status}/stub_status");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address={MonitoringComponent.ListenAddress(resource)}"));
                if (resource.Layout.Runtime == MonitoringRuntime.Executable)
                {
                    // Debian's 0.11 gives up at once when nginx is not up yet; these make it wait.
                    context.Args.Add("--nginx.retries=10");
                    context.Args.Add("--nginx.retry-interval=1s");
                }
            })
            .WaitFor(nginx)
            .WithUrlForEndpoint(MonitoringComponent.HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
    }

    private static IResourceBuilder<IExporterResource> Add(IDistributedApplicationBuilder builder, string name, int? port, ComponentRecipe recipe) =>
        MonitoringComponent.Add<IExporterResource, ExporterContainerResource, ExporterExecutableResource>(
            builder, name, port, recipe,
            layout => new ExporterContainerResource(name, layout),
            (command, directory, layout) => new ExporterExecutableResource(name, command, directory, layout));
}
