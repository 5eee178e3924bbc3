using System.Globalization;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// Prometheus, Alertmanager, Grafana, Nginx and the two exporters as containers (pinned images,
/// rendered configs mounted read-only, named volumes for data). Every container listens on its
/// topology port inside too, so the rendered configs' "resource:port" addresses hold on Aspire's
/// container network, and the same port is published on the host.
/// </summary>
public static class ContainerInfrastructure
{
    public const string HttpEndpoint = "http";
    public const string StatusEndpoint = "status";

    /// <summary>Adds the containers and returns Nginx, the stack's entry point.</summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddInfrastructureContainers(
        this IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config,
        StackParameters parameters, IReadOnlyList<IResourceBuilder<ProjectResource>> initialApis)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(initialApis);
        var ports = stack.Topology.Ports;

        var alertmanager = builder.AddContainer(StackEndpoints.AlertmanagerResource, ContainerImages.Alertmanager.Image, ContainerImages.Alertmanager.Tag)
            .WithHttpEndpoint(port: ports.Alertmanager, targetPort: ports.Alertmanager, name: HttpEndpoint)
            .WithConfigMounts(ConfigMounts.For(config, StackEndpoints.AlertmanagerResource))
            .WithVolume("monitoringstack-alertmanager-data", "/alertmanager")
            .WithArgs(
                $"--config.file={ConfigMounts.InContainer(config, config.AlertmanagerConfigFile)}",
                "--storage.path=/alertmanager",
                $"--data.maintenance-interval={ExecutableInfrastructure.AlertmanagerMaintenanceInterval}",
                $"--web.listen-address=:{Invariant(ports.Alertmanager)}",
                // A single instance: no gossip cluster.
                "--cluster.listen-address=")
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Alertmanager");

        var prometheus = builder.AddContainer(StackEndpoints.PrometheusResource, ContainerImages.Prometheus.Image, ContainerImages.Prometheus.Tag)
            .WithHttpEndpoint(port: ports.Prometheus, targetPort: ports.Prometheus, name: HttpEndpoint)
            .WithConfigMounts(ConfigMounts.For(config, StackEndpoints.PrometheusResource))
            .WithVolume("monitoringstack-prometheus-data", "/prometheus")
            .WithArgs(
                $"--config.file={ConfigMounts.InContainer(config, config.PrometheusConfigFile)}",
                "--storage.tsdb.path=/prometheus",
                "--storage.tsdb.retention.time=7d",
                $"--web.listen-address=:{Invariant(ports.Prometheus)}",
                // Lets the AppHost (or you) reload the config after a re-render: POST /-/reload.
                "--web.enable-lifecycle")
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WaitFor(alertmanager)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Prometheus")
            .WithUrls(context => AddPaths(context, ("/targets", "targets"), ("/alerts", "alerts")));

        builder.AddContainer(StackEndpoints.GrafanaResource, ContainerImages.Grafana.Image, ContainerImages.Grafana.Tag)
            .WithHttpEndpoint(port: ports.Grafana, targetPort: ports.Grafana, name: HttpEndpoint)
            .WithConfigMounts(ConfigMounts.For(config, StackEndpoints.GrafanaResource))
            .WithVolume("monitoringstack-grafana-data", "/var/lib/grafana")
            .WithEnvironment("GF_SERVER_HTTP_PORT", Invariant(ports.Grafana))
            .WithEnvironment("GF_SECURITY_ADMIN_USER", "admin")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", parameters.GrafanaAdminPassword)
            .WithEnvironment("GF_USERS_ALLOW_SIGN_UP", "false")
            .WithEnvironment("GF_ANALYTICS_REPORTING_ENABLED", "false")
            .WithHttpHealthCheck("/api/health", endpointName: HttpEndpoint)
            .WaitFor(prometheus)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Grafana (admin / grafana-admin-password)");

        var nginx = builder.AddContainer(StackEndpoints.NginxResource, ContainerImages.Nginx.Image, ContainerImages.Nginx.Tag)
            .WithHttpEndpoint(port: ports.Nginx, targetPort: ports.Nginx, name: HttpEndpoint)
            .WithHttpEndpoint(port: ports.NginxStatus, targetPort: ports.NginxStatus, name: StatusEndpoint)
            .WithConfigMounts(ConfigMounts.For(config, StackEndpoints.NginxResource))
            // The image's own command (nginx -g 'daemon off;') reads /etc/nginx/nginx.conf, which is the rendered one.
            .WithHttpHealthCheck("/stub_status", endpointName: StatusEndpoint)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Nginx (load-balanced API)")
            .WithUrlForEndpoint(StatusEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        if (!stack.IsPublishMode)
        {
            // The experiment reports nginx serves on its status port (published deployments run no experiments).
            nginx.WithBindMount(Directory.CreateDirectory(stack.ExperimentsOutput).FullName, Experiments.ExperimentReports.ContainerDirectory, isReadOnly: true);
        }
        foreach (var api in initialApis)
        {
            nginx.WaitFor(api);
        }

        builder.AddContainer(StackEndpoints.NginxExporterResource, ContainerImages.NginxExporter.Image, ContainerImages.NginxExporter.Tag)
            .WithHttpEndpoint(port: ports.NginxExporter, targetPort: ports.NginxExporter, name: HttpEndpoint)
            .WithArgs(
                $"--nginx.scrape-uri=http://{StackEndpoints.NginxResource}:{Invariant(ports.NginxStatus)}/stub_status",
                $"--web.listen-address=:{Invariant(ports.NginxExporter)}")
            .WithHttpHealthCheck("/metrics", endpointName: HttpEndpoint)
            .WaitFor(nginx)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);

        // In a container the node exporter sees the container's (or Docker Desktop VM's) kernel counters:
        // good enough for the demo's CPU/memory panels; local mode runs it on the host itself.
        builder.AddContainer(StackEndpoints.NodeExporterResource, ContainerImages.NodeExporter.Image, ContainerImages.NodeExporter.Tag)
            .WithHttpEndpoint(port: ports.NodeExporter, targetPort: ports.NodeExporter, name: HttpEndpoint)
            .WithArgs($"--web.listen-address=:{Invariant(ports.NodeExporter)}")
            .WithHttpHealthCheck("/metrics", endpointName: HttpEndpoint)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);

        return nginx;
    }

    internal static void AddPaths(ResourceUrlsCallbackContext context, params (string Path, string Text)[] paths)
    {
        var endpoint = context.GetEndpoint(HttpEndpoint);
        if (endpoint is not { IsAllocated: true })
        {
            return;
        }
        foreach (var (path, text) in paths)
        {
            context.Urls.Add(new ResourceUrlAnnotation { Url = endpoint.Url + path, DisplayText = text, DisplayLocation = UrlDisplayLocation.DetailsOnly });
        }
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
