using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>A rendered host file or folder and where a container reads it (always read-only).</summary>
public sealed record ConfigMount(string HostPath, string ContainerPath);

/// <summary>
/// Where each container finds its rendered configuration. Folders are mounted whole, so the renderer's
/// atomic rewrites (scaling rewrites targets and upstreams) are seen inside the container.
/// </summary>
public static class ConfigMounts
{
    public const string PrometheusDirectory = "/etc/prometheus";
    public const string AlertmanagerDirectory = "/etc/alertmanager";
    public const string NginxDirectory = "/etc/nginx/monitoringstack";
    public const string GrafanaProvisioningDirectory = "/etc/grafana/provisioning";
    public const string GrafanaDashboardsDirectory = "/var/lib/grafana/dashboards";

    public static IReadOnlyList<ConfigMount> Prometheus(RenderedConfig config) =>
        [new(FolderOf(config.PrometheusConfigFile), PrometheusDirectory)];

    public static IReadOnlyList<ConfigMount> Alertmanager(RenderedConfig config) =>
        [new(FolderOf(config.AlertmanagerConfigFile), AlertmanagerDirectory)];

    public static IReadOnlyList<ConfigMount> Nginx(RenderedConfig config) =>
        [new(FolderOf(config.NginxConfigFile), NginxDirectory)];

    public static IReadOnlyList<ConfigMount> Grafana(RenderedConfig config) =>
    [
        new(config.GrafanaProvisioningDirectory, GrafanaProvisioningDirectory),
        new(config.GrafanaDashboardsDirectory, GrafanaDashboardsDirectory),
    ];

    public static string InContainer(string directory, string hostFile) => $"{directory}/{Path.GetFileName(hostFile)}";

    private static string FolderOf(string file) =>
        Path.GetDirectoryName(Path.GetFullPath(file)) ?? throw new InvalidOperationException($"no folder for {file}");
}
