namespace MonitoringStack.Topology;

/// <summary>One API replica: its own name and port, so Prometheus scrapes it as its own target.</summary>
public sealed record ApiReplica(int Index, string Name, int Port)
{
    /// <summary>The address clients on the same host use.</summary>
    public string Address(string host) => $"{host}:{Port}";
}
