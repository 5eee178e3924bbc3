using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// The option for machines without Docker or Podman (<c>Stack:InfrastructureAs=executables</c>):
/// Prometheus, Alertmanager and Nginx run as Aspire executables from the host's PATH with the
/// Local-mode configs (everything on 127.0.0.1 at its topology port), exactly as MonitoringStack.Lab
/// runs them. Grafana and the exporters have no executable form here; use local mode or containers.
/// </summary>
public static class ExecutableInfrastructure
{
    public const string HttpEndpoint = "http";
    public const string StatusEndpoint = "status";

    /// <summary>Binary names tried in order (Debian's package names first, then upstream's).</summary>
    public static IReadOnlyList<string> PrometheusBinaries { get; } = ["prometheus"];
    public static IReadOnlyList<string> AlertmanagerBinaries { get; } = ["prometheus-alertmanager", "alertmanager"];
    public static IReadOnlyList<string> NginxBinaries { get; } = ["nginx"];

    public static IResourceBuilder<IResourceWithEndpoints> AddInfrastructureExecutables(
        this IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config,
        IReadOnlyList<IResourceBuilder<ProjectResource>> apis)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(apis);
        var ports = stack.Topology.Ports;
        var data = Path.Combine(stack.StateDirectory, "data");
        Directory.CreateDirectory(data);

        var alertmanager = builder.AddExecutable(StackEndpoints.AlertmanagerResource,
                HostBinaries.Find(builder.Configuration, "Alertmanager", AlertmanagerBinaries), data,
                $"--config.file={config.AlertmanagerConfigFile}",
                $"--storage.path={Path.Combine(data, "alertmanager")}",
                $"--web.listen-address=127.0.0.1:{ContainerInfrastructure.Invariant(ports.Alertmanager)}",
                "--cluster.listen-address=")
            // Not proxied: the process binds the topology port itself, which the rendered configs name.
            .WithHttpEndpoint(port: ports.Alertmanager, name: HttpEndpoint, isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Alertmanager");

        builder.AddExecutable(StackEndpoints.PrometheusResource,
                HostBinaries.Find(builder.Configuration, "Prometheus", PrometheusBinaries), data,
                $"--config.file={config.PrometheusConfigFile}",
                $"--storage.tsdb.path={Path.Combine(data, "prometheus")}",
                "--storage.tsdb.retention.time=7d",
                $"--web.listen-address=127.0.0.1:{ContainerInfrastructure.Invariant(ports.Prometheus)}",
                "--web.enable-lifecycle")
            .WithHttpEndpoint(port: ports.Prometheus, name: HttpEndpoint, isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WaitFor(alertmanager)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Prometheus")
            .WithUrls(context => ContainerInfrastructure.AddPaths(context, ("/targets", "targets"), ("/alerts", "alerts")));

        // The Local-mode nginx.conf keeps pid, temp folders and logs under the prefix folder, so nginx runs unprivileged.
        var nginx = builder.AddExecutable(StackEndpoints.NginxResource,
                HostBinaries.Find(builder.Configuration, "Nginx", NginxBinaries), config.NginxPrefixDirectory,
                "-p", config.NginxPrefixDirectory, "-c", config.NginxConfigFile, "-g", "daemon off;")
            .WithHttpEndpoint(port: ports.Nginx, name: HttpEndpoint, isProxied: false)
            .WithHttpEndpoint(port: ports.NginxStatus, name: StatusEndpoint, isProxied: false)
            .WithHttpHealthCheck("/stub_status", endpointName: StatusEndpoint)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Nginx (load-balanced API)")
            .WithUrlForEndpoint(StatusEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        foreach (var api in apis)
        {
            nginx.WaitFor(api);
        }
        return nginx;
    }
}
