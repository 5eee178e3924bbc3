using MonitoringStack.Lab.Supervision;
using MonitoringStack.Topology;

namespace MonitoringStack.Lab.Stack;

/// <summary>How to bring the stack up: what the <c>up</c> options say, usable from tests and experiments.</summary>
public sealed record LabOptions
{
    public required string RepositoryRoot { get; init; }
    /// <summary>Ports and replica count (config/topology.json with the command line's overrides applied).</summary>
    public required StackTopology Topology { get; init; }
    /// <summary>Survives down/up; default &lt;repo&gt;/.state.</summary>
    public string? StateDirectory { get; init; }
    /// <summary>Wipe the state folder (TSDB, Alertmanager and Grafana data) first.</summary>
    public bool Fresh { get; init; }
    /// <summary>Run <c>dotnet build -c Release</c> of the API (and the load generator) before starting.</summary>
    public bool Build { get; init; } = true;
    /// <summary>Use this MonitoringStack.Api.dll instead of the Release build output (tests pass their own build).</summary>
    public string? ApiAssembly { get; init; }
    /// <summary>Load profile for the load generator; null runs no load.</summary>
    public string? LoadProfile { get; init; }
    /// <summary>Serve the control API (scale/fault/status/down from another terminal).</summary>
    public bool ServeControl { get; init; } = true;
    /// <summary>Start Grafana when a grafana binary is on PATH.</summary>
    public bool StartGrafana { get; init; } = true;
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Default;
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public string StateRoot => StateDirectory ?? Path.Combine(RepositoryRoot, ".state");
}
