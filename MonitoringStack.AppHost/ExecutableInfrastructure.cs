using System.Globalization;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// The infrastructure on a machine without a container runtime: Prometheus, Alertmanager, Nginx, the
/// node and nginx exporters and (when installed) Grafana as Aspire executables from the host, every one
/// on 127.0.0.1 at its topology port with the Local-mode configs. Prometheus' and Alertmanager's data
/// live in the state folder and survive restarts of the AppHost (<c>Stack:FreshData=true</c> wipes them).
/// </summary>
public static class ExecutableInfrastructure
{
    public const string HttpEndpoint = "http";
    public const string StatusEndpoint = "status";

    /// <summary>
    /// How often Alertmanager snapshots silences and its notification log to disk (default 15 min). A crash
    /// loses what changed since the last snapshot: at most 30 s of silence changes and notification records,
    /// i.e. at worst one duplicate page, never a missed one (docs/configuration.md).
    /// </summary>
    public const string AlertmanagerMaintenanceInterval = "30s";

    public static IResourceBuilder<IResourceWithEndpoints> AddInfrastructureExecutables(
        this IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config, HostBinaries binaries,
        StackParameters parameters, IReadOnlyList<IResourceBuilder<ProjectResource>> initialApis)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(binaries);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(initialApis);
        var ports = stack.Topology.Ports;
        var data = stack.DataDirectory;
        if (stack.FreshData && Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
        Directory.CreateDirectory(data);

        var alertmanager = builder.AddExecutable(StackEndpoints.AlertmanagerResource, binaries.Alertmanager, data,
                $"--config.file={config.AlertmanagerConfigFile}",
                $"--storage.path={Path.Combine(data, "alertmanager")}",
                $"--data.maintenance-interval={AlertmanagerMaintenanceInterval}",
                $"--web.listen-address={Local(ports.Alertmanager)}",
                // Links in notifications point here rather than at the machine's host name.
                $"--web.external-url=http://{Local(ports.Alertmanager)}",
                // Empty: a single instance, no gossip cluster listening beyond the web port.
                "--cluster.listen-address=")
            // Not proxied: the process binds the topology port itself, which the rendered configs name.
            .WithHttpEndpoint(port: ports.Alertmanager, name: HttpEndpoint, isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WithStackMarker(stack)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Alertmanager");

        var prometheus = builder.AddExecutable(StackEndpoints.PrometheusResource, binaries.Prometheus, data,
                $"--config.file={config.PrometheusConfigFile}",
                $"--storage.tsdb.path={Path.Combine(data, "prometheus")}",
                "--storage.tsdb.retention.time=7d",
                $"--web.listen-address={Local(ports.Prometheus)}",
                "--web.enable-lifecycle")
            .WithHttpEndpoint(port: ports.Prometheus, name: HttpEndpoint, isProxied: false)
            .WithHttpHealthCheck("/-/ready", endpointName: HttpEndpoint)
            .WithStackMarker(stack)
            .WaitFor(alertmanager)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Prometheus")
            .WithUrls(context => ContainerInfrastructure.AddPaths(context, ("/targets", "targets"), ("/alerts", "alerts")));

        // The Local-mode nginx.conf keeps pid, temp folders and logs under the prefix folder, so nginx runs unprivileged.
        var nginx = builder.AddExecutable(StackEndpoints.NginxResource, binaries.Nginx, config.NginxPrefixDirectory,
                "-p", config.NginxPrefixDirectory, "-c", config.NginxConfigFile, "-g", "daemon off;")
            .WithHttpEndpoint(port: ports.Nginx, name: HttpEndpoint, isProxied: false)
            .WithHttpEndpoint(port: ports.NginxStatus, name: StatusEndpoint, isProxied: false)
            .WithHttpHealthCheck("/stub_status", endpointName: StatusEndpoint)
            .WithStackMarker(stack)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Nginx (load-balanced API)")
            .WithUrlForEndpoint(StatusEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        foreach (var api in initialApis)
        {
            nginx.WaitFor(api);
        }

        if (binaries.NodeExporter is { } nodeExporter)
        {
            builder.AddExecutable(StackEndpoints.NodeExporterResource, nodeExporter, data, $"--web.listen-address={Local(ports.NodeExporter)}")
                .WithHttpEndpoint(port: ports.NodeExporter, name: HttpEndpoint, isProxied: false)
                .WithHttpHealthCheck("/metrics", endpointName: HttpEndpoint)
                .WithStackMarker(stack)
                .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        }
        if (binaries.NginxExporter is { } nginxExporter)
        {
            // Debian's 0.11 takes single-dash flags (newer releases accept both).
            builder.AddExecutable(StackEndpoints.NginxExporterResource, nginxExporter, data,
                    "-nginx.scrape-uri", $"http://{Local(ports.NginxStatus)}/stub_status",
                    "-web.listen-address", Local(ports.NginxExporter),
                    "-nginx.retries", "10", "-nginx.retry-interval", "1s")
                .WithHttpEndpoint(port: ports.NginxExporter, name: HttpEndpoint, isProxied: false)
                .WithHttpHealthCheck("/metrics", endpointName: HttpEndpoint)
                .WithStackMarker(stack)
                .WaitFor(nginx)
                .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
        }
        if (binaries.Grafana is { } grafana)
        {
            AddGrafana(builder, stack, config, parameters, grafana, data).WaitFor(prometheus);
        }
        return nginx;
    }

    private static IResourceBuilder<ExecutableResource> AddGrafana(
        IDistributedApplicationBuilder builder, StackSettings stack, RenderedConfig config, StackParameters parameters, string binary, string data)
    {
        var parent = Directory.GetParent(Path.GetDirectoryName(binary)!)?.FullName;
        var home = parent is not null && Directory.Exists(Path.Combine(parent, "conf")) ? parent : "/usr/share/grafana";
        // "grafana server" is the current CLI; "grafana-server" the older one.
        string[] args = Path.GetFileName(binary) == "grafana" ? ["server", "--homepath", home] : ["--homepath", home];
        return builder.AddExecutable(StackEndpoints.GrafanaResource, binary, data, args)
            .WithHttpEndpoint(port: stack.Topology.Ports.Grafana, name: HttpEndpoint, isProxied: false)
            .WithEnvironment("GF_PATHS_DATA", Path.Combine(data, "grafana"))
            .WithEnvironment("GF_PATHS_PROVISIONING", config.GrafanaProvisioningDirectory)
            .WithEnvironment("GF_SERVER_HTTP_ADDR", "127.0.0.1")
            .WithEnvironment("GF_SERVER_HTTP_PORT", Invariant(stack.Topology.Ports.Grafana))
            .WithEnvironment("GF_SECURITY_ADMIN_USER", "admin")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", parameters.GrafanaAdminPassword)
            .WithEnvironment("GF_ANALYTICS_REPORTING_ENABLED", "false")
            .WithEnvironment("GF_ANALYTICS_CHECK_FOR_UPDATES", "false")
            .WithHttpHealthCheck("/api/health", endpointName: HttpEndpoint)
            .WithStackMarker(stack)
            .WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = "Grafana (admin / grafana-admin-password)");
    }

    private static string Local(int port) => "127.0.0.1:" + Invariant(port);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
