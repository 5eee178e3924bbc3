using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Prometheus, as a container or an executable; what it scrapes, evaluates and alerts to is in <see cref="Settings"/>.</summary>
public interface IPrometheusResource : IMonitoringComponentResource
{
    PrometheusSettings Settings { get; }
}

/// <summary>Prometheus from its image, configuration at /etc/prometheus, data in a named volume.</summary>
public sealed class PrometheusContainerResource(string name, ComponentLayout layout) : ContainerResource(name), IPrometheusResource
{
    public ComponentLayout Layout { get; } = layout;
    public PrometheusSettings Settings { get; } = new();
}

/// <summary>Prometheus from this machine's binary on 127.0.0.1, data in the state folder.</summary>
public sealed class PrometheusExecutableResource(string name, string command, string workingDirectory, ComponentLayout layout)
    : ExecutableResource(name, command, workingDirectory), IPrometheusResource
{
    public ComponentLayout Layout { get; } = layout;
    public PrometheusSettings Settings { get; } = new();
}
