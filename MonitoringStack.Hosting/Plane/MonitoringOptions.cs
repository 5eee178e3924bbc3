namespace MonitoringStack.Hosting;

/// <summary>
/// Settings shared by every component of the package in one AppHost. Defaults suit a new user:
/// containers when a container runtime answers, executables otherwise; state (rendered configs,
/// executables' data, the journal) under <c>.monitoring/</c> beside the AppHost project.
/// Set them with <c>builder.ConfigureMonitoring(...)</c> before the first <c>AddXxx</c>, or in
/// configuration: <c>Monitoring:RunAs</c> (container | executable), <c>Monitoring:StateDirectory</c>,
/// <c>Monitoring:Programs:&lt;program&gt;</c> (a binary's path).
/// </summary>
public sealed class MonitoringOptions
{
    public const string RunAsKey = "Monitoring:RunAs";
    public const string StateDirectoryKey = "Monitoring:StateDirectory";
    public const string ProgramsKeyPrefix = "Monitoring:Programs:";

    /// <summary>Container or executable; null decides by probing <c>docker info</c> / <c>podman info</c>.</summary>
    public MonitoringRuntime? RunAs { get; set; }

    /// <summary>Why <see cref="RunAs"/> was set (shown at startup); null when probed or read from configuration.</summary>
    public string? RunAsReason { get; set; }

    /// <summary>Rendered configs, executables' data and the journal; relative paths are under the AppHost's folder.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Where the journal (restarts, faults, scaling as JSON lines) is written; <c>&lt;state&gt;/journal</c> by default.</summary>
    public string? JournalDirectory { get; set; }

    /// <summary>Deletes the executables' data (Prometheus' TSDB, Alertmanager's silences) before they start.</summary>
    public bool FreshData { get; set; }

    /// <summary>The name containers use for the host, where project resources listen.</summary>
    public string ContainerHostName { get; set; } = "host.docker.internal";

    /// <summary>
    /// Replicas and the alert receiver listen on every interface instead of 127.0.0.1: for containers on a Linux
    /// Docker Engine or Podman, which reach the host through a bridge address rather than its loopback.
    /// </summary>
    public bool ListenAnyAddress { get; set; }

    /// <summary>A program's path by its <see cref="HostProgram.Key"/>, before <c>Monitoring:Programs:&lt;Key&gt;</c> and PATH.</summary>
    public IDictionary<string, string> ProgramPaths { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Environment variables added to every process the package starts (replicas included): lets an AppHost
    /// recognise its own processes after a hard stop.
    /// </summary>
    public IDictionary<string, string> ProcessEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Short and stable per state folder: tags an AppHost's iptables rules (and processes) so two checkouts never touch each other's.</summary>
    public static string InstanceIdOf(string stateDirectory) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..10];

    /// <summary>container(s) or executable(s), in any case.</summary>
    public static bool TryParseRuntime(string value, out MonitoringRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Trim().ToUpperInvariant())
        {
            case "CONTAINER" or "CONTAINERS":
                runtime = MonitoringRuntime.Container;
                return true;
            case "EXECUTABLE" or "EXECUTABLES":
                runtime = MonitoringRuntime.Executable;
                return true;
            default:
                runtime = default;
                return false;
        }
    }
}
