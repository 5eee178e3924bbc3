using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Alertmanager, as a container or an executable; its routes are in <see cref="Settings"/>.</summary>
public interface IAlertmanagerResource : IMonitoringComponentResource
{
    AlertmanagerSettings Settings { get; }
}

/// <summary>Alertmanager from its image, configuration at /etc/alertmanager, silences and notification log in a named volume.</summary>
public sealed class AlertmanagerContainerResource(string name, ComponentLayout layout) : ContainerResource(name), IAlertmanagerResource
{
    public ComponentLayout Layout { get; } = layout;
    public AlertmanagerSettings Settings { get; } = new();
}

/// <summary>Alertmanager from this machine's binary on 127.0.0.1, silences and notification log in the state folder.</summary>
public sealed class AlertmanagerExecutableResource(string name, string command, string workingDirectory, ComponentLayout layout)
    : ExecutableResource(name, command, workingDirectory), IAlertmanagerResource
{
    public ComponentLayout Layout { get; } = layout;
    public AlertmanagerSettings Settings { get; } = new();
}
