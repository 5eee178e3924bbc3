using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Nginx as a load balancer, as a container or an executable; its upstreams are in <see cref="Settings"/>.</summary>
public interface INginxResource : IMonitoringComponentResource
{
    NginxSettings Settings { get; }
}

/// <summary>Nginx from its image, configuration folder at /etc/nginx.</summary>
public sealed class NginxContainerResource(string name, ComponentLayout layout) : ContainerResource(name), INginxResource
{
    public ComponentLayout Layout { get; } = layout;
    public NginxSettings Settings { get; } = new();
}

/// <summary>Nginx from this machine's binary, unprivileged: pid, temp files and logs in the state folder.</summary>
public sealed class NginxExecutableResource(string name, string command, string workingDirectory, ComponentLayout layout)
    : ExecutableResource(name, command, workingDirectory), INginxResource
{
    public ComponentLayout Layout { get; } = layout;
    public NginxSettings Settings { get; } = new();
}

/// <summary>The replica sets nginx balances, each under a path prefix, and how it treats a failing replica.</summary>
public sealed class NginxSettings
{
    /// <summary>A replica that failed this many times in <see cref="FailTimeout"/> is left out for <see cref="FailTimeout"/> (passive health).</summary>
    public int MaxFails { get; set; } = 1;

    public TimeSpan FailTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal List<(string PathPrefix, ReplicaSetResource Replicas)> Upstreams { get; } = [];

    /// <summary>The application's services, once it runs (for reloads when replicas come and go).</summary>
    internal IServiceProvider? Services { get; set; }
}
