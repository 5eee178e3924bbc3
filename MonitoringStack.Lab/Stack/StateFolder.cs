using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MonitoringStack.Lab.Stack;

/// <summary>
/// The state folder (default <c>.state/</c> at the repository root): data that survives
/// <c>down</c>/<c>up</c> (Prometheus TSDB, Alertmanager, Grafana), the registry of running processes,
/// and one folder per run (rendered configs, logs, restarts, alerts, faults).
/// </summary>
public sealed class StateFolder
{
    private const int RunsKept = 20;

    public StateFolder(string root)
    {
        Root = Path.GetFullPath(root);
        // Short and stable per folder: tags iptables rules so one stack never removes another's.
        StackId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..8];
    }

    public string Root { get; }
    public string StackId { get; }
    public string PrometheusData => Path.Combine(Root, "prometheus");
    public string AlertmanagerData => Path.Combine(Root, "alertmanager");
    public string GrafanaData => Path.Combine(Root, "grafana");
    public string RunsDirectory => Path.Combine(Root, "runs");
    public string RegistryFile => Path.Combine(Root, "lab.json");

    /// <summary>Deletes everything (after the leftovers of a previous Lab were stopped).</summary>
    public void Wipe()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, PrometheusData, AlertmanagerData, GrafanaData, RunsDirectory })
        {
            Directory.CreateDirectory(dir);
        }
    }

    /// <summary>A new run folder named by its UTC start time; keeps the newest runs only.</summary>
    public RunFolder CreateRun()
    {
        EnsureCreated();
        var name = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var run = new RunFolder(Path.Combine(RunsDirectory, name));
        run.Create();
        foreach (var old in Directory.GetDirectories(RunsDirectory).Order(StringComparer.Ordinal).SkipLast(RunsKept))
        {
            Directory.Delete(old, recursive: true);
        }
        return run;
    }
}

/// <summary>One run of the stack: what was rendered, logged, restarted, alerted and injected.</summary>
public sealed class RunFolder(string root)
{
    public string Root { get; } = root;
    public string Logs => Path.Combine(Root, "logs");
    /// <summary>Output folder of the config renderer.</summary>
    public string Config => Path.Combine(Root, "config");
    public string RestartsFile => Path.Combine(Root, "restarts.jsonl");
    public string AlertsFile => Path.Combine(Root, "alerts.jsonl");
    public string FaultsFile => Path.Combine(Root, "faults.jsonl");
    public string ScalingFile => Path.Combine(Root, "scaling.jsonl");
    /// <summary>The per-run token the API's chaos endpoints require.</summary>
    public string ChaosTokenFile => Path.Combine(Root, "chaos-token");

    public string LogFile(string resource) => Path.Combine(Logs, resource + ".log");

    public void Create()
    {
        Directory.CreateDirectory(Logs);
        Directory.CreateDirectory(Config);
    }

    /// <summary>Creates the chaos token of this run (readable by the owner only) and returns it.</summary>
    public string WriteChaosToken()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(ChaosTokenFile, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ChaosTokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return token;
    }
}
