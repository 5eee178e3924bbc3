namespace MonitoringStack.Topology.Rendering;

/// <summary>Where the stack's infrastructure runs; decides addresses and file paths in rendered configs.</summary>
public enum HostingMode
{
    /// <summary>Host processes on 127.0.0.1 (MonitoringStack.Lab, or the AppHost's executables option).</summary>
    Local,

    /// <summary>
    /// Containers with bind-mounted configs (Aspire AppHost). API replicas and the load generator run on
    /// the host; containers reach each other by resource name.
    /// </summary>
    Containers,
}
