using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Grafana, as a container or an executable; datasources and dashboards are in <see cref="Settings"/>.</summary>
public interface IGrafanaResource : IMonitoringComponentResource
{
    GrafanaSettings Settings { get; }
}

/// <summary>Grafana from its image, provisioning at /etc/grafana/provisioning, dashboards at /var/lib/grafana/dashboards.</summary>
public sealed class GrafanaContainerResource(string name, ComponentLayout layout) : ContainerResource(name), IGrafanaResource
{
    public ComponentLayout Layout { get; } = layout;
    public GrafanaSettings Settings { get; } = new();
}

/// <summary>Grafana from this machine's binary on 127.0.0.1, data in the state folder.</summary>
public sealed class GrafanaExecutableResource(string name, string command, string workingDirectory, ComponentLayout layout)
    : ExecutableResource(name, command, workingDirectory), IGrafanaResource
{
    public ComponentLayout Layout { get; } = layout;
    public GrafanaSettings Settings { get; } = new();
}

/// <summary>What the package provisions: Prometheus datasources and a folder of dashboard JSON files.</summary>
public sealed class GrafanaSettings
{
    internal List<IPrometheusResource> Datasources { get; } = [];

    /// <summary>A host folder of dashboard JSON files, provisioned read-only.</summary>
    public string? DashboardsFolder { get; internal set; }
}
