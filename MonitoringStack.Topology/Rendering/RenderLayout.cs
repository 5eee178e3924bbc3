namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// The output folder's layout: one folder per component, mirroring what each image expects under
/// /etc, so containers mode bind-mounts whole folders (atomic renames inside them stay visible).
/// </summary>
internal static class RenderLayout
{
    public static RenderedConfig Create(string output, string configSource, RenderOptions options)
    {
        var prometheus = Path.Combine(output, "prometheus");
        var alertmanager = Path.Combine(output, "alertmanager");
        var nginx = Path.Combine(output, "nginx");
        var grafana = Path.Combine(output, "grafana");
        var rendered = new RenderedConfig
        {
            Mode = options.Mode,
            OutputDirectory = output,
            ConfigSourceDirectory = configSource,
            ContainerHostName = options.ContainerHostName,
            ServicesByResourceName = options.ServicesByResourceName,
            IngressPort = options.IngressPort,
            PrometheusConfigFile = Path.Combine(prometheus, "prometheus.yml"),
            PrometheusRulesDirectory = Path.Combine(prometheus, "rules"),
            ApiTargetsFile = Path.Combine(prometheus, "targets", "api.json"),
            LoadGenTargetsFile = Path.Combine(prometheus, "targets", "loadgen.json"),
            AlertmanagerConfigFile = Path.Combine(alertmanager, "alertmanager.yml"),
            AlertmanagerTemplatesDirectory = Path.Combine(alertmanager, "templates"),
            AlertmanagerSecretsDirectory = Path.Combine(alertmanager, "secrets"),
            NginxPrefixDirectory = nginx,
            NginxConfigFile = Path.Combine(nginx, "nginx.conf"),
            NginxUpstreamsFile = Path.Combine(nginx, "conf.d", "upstreams.conf"),
            NginxAccessLogFile = Path.Combine(nginx, "logs", "access.log"),
            GrafanaProvisioningDirectory = Path.Combine(grafana, "provisioning"),
            GrafanaDashboardsDirectory = Path.Combine(grafana, "dashboards"),
        };
        return options.Mode == HostingMode.Local ? rendered : rendered with
        {
            ContainerBindMounts =
            [
                new(StackEndpoints.PrometheusResource, prometheus, "/etc/prometheus", IsDirectory: true),
                new(StackEndpoints.AlertmanagerResource, alertmanager, "/etc/alertmanager", IsDirectory: true),
                // All of /etc/nginx, not nginx.conf as a file: azd deploys each bind mount as an Azure Files share,
                // which mounts as a folder. The rendered nginx.conf includes nothing else of the image's /etc/nginx.
                new(StackEndpoints.NginxResource, nginx, "/etc/nginx", IsDirectory: true),
                new(StackEndpoints.GrafanaResource, rendered.GrafanaProvisioningDirectory, "/etc/grafana/provisioning", IsDirectory: true),
                new(StackEndpoints.GrafanaResource, rendered.GrafanaDashboardsDirectory, "/var/lib/grafana/dashboards", IsDirectory: true),
            ],
        };
    }

    /// <summary>Where a rendered file appears inside its container (the same path in local mode).</summary>
    public static string InContainer(RenderedConfig rendered, string hostPath)
    {
        if (rendered.Mode == HostingMode.Local)
        {
            return hostPath;
        }
        foreach (var mount in rendered.ContainerBindMounts.Where(m => m.IsDirectory))
        {
            var relative = Path.GetRelativePath(mount.HostPath, hostPath);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return mount.ContainerPath + "/" + relative.Replace('\\', '/');
            }
        }
        throw new InvalidOperationException($"{hostPath} is not inside any folder mounted into a container");
    }
}
