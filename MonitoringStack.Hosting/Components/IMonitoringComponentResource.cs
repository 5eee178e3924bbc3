using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// What a component (Prometheus, Alertmanager, Grafana, Nginx) is to Aspire whether it runs as a container
/// or as an executable: both are DCP workloads with endpoints, environment, arguments and waits. Each
/// component has its own interface over this and a container and an executable class implementing it.
/// </summary>
public interface IMonitoringComponentResource : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithArgs, IResourceWithWaitSupport
{
    /// <summary>Where this component's configuration and data live, as host paths and as the process sees them.</summary>
    ComponentLayout Layout { get; }
}
