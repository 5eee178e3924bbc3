using Aspire.Hosting;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Hosting;

/// <summary>
/// Renders Grafana's provisioning folder: one datasource per Prometheus (the first is the default, each
/// with uid = its resource name, so dashboards can name it) and a dashboard provider for the dashboards folder.
/// </summary>
internal static class GrafanaProvisioningWriter
{
    /// <summary>Where a container finds the dashboards folder.</summary>
    public const string ContainerDashboardsPath = "/var/lib/grafana/dashboards";

    public static void Write(IDistributedApplicationBuilder builder, IGrafanaResource grafana)
    {
        var settings = grafana.Settings;
        var folder = grafana.Layout.ConfigDirectory;
        var datasources = settings.Datasources.Select((prometheus, index) => (object)new Dictionary<string, object>
        {
            ["name"] = prometheus.Name,
            ["uid"] = prometheus.Name,
            ["type"] = "prometheus",
            ["access"] = "proxy",
            ["url"] = "http://" + MonitoringComponent.Address(builder, grafana, prometheus, MonitoringComponent.HttpEndpoint),
            ["isDefault"] = index == 0,
            ["editable"] = false,
        }).ToArray();
        AtomicFile.WriteAllText(Path.Combine(folder, "datasources", "datasources.yml"),
            Yaml.Serialize(new Dictionary<string, object> { ["apiVersion"] = 1, ["datasources"] = datasources }));

        var providers = new List<object>();
        if (settings.DashboardsFolder is { } dashboards)
        {
            providers.Add(new Dictionary<string, object>
            {
                ["name"] = "dashboards",
                ["type"] = "file",
                ["disableDeletion"] = true,
                ["allowUiUpdates"] = false,
                ["options"] = new Dictionary<string, object>
                {
                    ["path"] = grafana is Aspire.Hosting.ApplicationModel.ContainerResource ? ContainerDashboardsPath : dashboards,
                    ["foldersFromFilesStructure"] = true,
                },
            });
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "dashboards", "dashboards.yml"),
            Yaml.Serialize(new Dictionary<string, object> { ["apiVersion"] = 1, ["providers"] = providers }));
        // Grafana refuses to start when a provisioning folder it scans is missing.
        foreach (var other in new[] { "plugins", "alerting", "notifiers" })
        {
            Directory.CreateDirectory(Path.Combine(folder, other));
        }
    }
}
