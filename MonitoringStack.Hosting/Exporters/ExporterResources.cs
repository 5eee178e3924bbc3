using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>A Prometheus exporter (node, nginx), as a container or an executable; it has no configuration of its own.</summary>
public interface IExporterResource : IMonitoringComponentResource;

/// <summary>An exporter from its image.</summary>
public sealed class ExporterContainerResource(string name, ComponentLayout layout) : ContainerResource(name), IExporterResource
{
    public ComponentLayout Layout { get; } = layout;
}

/// <summary>An exporter from this machine's binary on 127.0.0.1.</summary>
public sealed class ExporterExecutableResource(string name, string command, string workingDirectory, ComponentLayout layout)
    : ExecutableResource(name, command, workingDirectory), IExporterResource
{
    public ComponentLayout Layout { get; } = layout;
}
