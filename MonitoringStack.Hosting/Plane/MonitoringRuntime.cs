namespace MonitoringStack.Hosting;

/// <summary>How the package runs Prometheus, Alertmanager, Grafana and Nginx: one choice per AppHost.</summary>
public enum MonitoringRuntime
{
    /// <summary>Pinned images with the rendered configuration bind-mounted read-only (needs Docker or Podman).</summary>
    Container,

    /// <summary>The programs installed on this machine, on 127.0.0.1, with data in the state folder.</summary>
    Executable,
}
