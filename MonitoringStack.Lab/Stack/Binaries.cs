namespace MonitoringStack.Lab.Stack;

/// <summary>Finds the host tools on PATH (plus the sbin folders, where Debian puts nginx and iptables).</summary>
public static class Binaries
{
    public const string Prometheus = "prometheus";
    public const string Alertmanager = "prometheus-alertmanager";
    public const string Nginx = "nginx";
    public const string NodeExporter = "prometheus-node-exporter";
    public const string NginxExporter = "prometheus-nginx-exporter";
    public const string Iptables = "iptables";

    /// <summary>The Debian package of each binary, for the install hint.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        [Prometheus] = "prometheus",
        [Alertmanager] = "prometheus-alertmanager",
        [Nginx] = "nginx",
        [NodeExporter] = "prometheus-node-exporter",
        [NginxExporter] = "prometheus-nginx-exporter",
        [Iptables] = "iptables",
    };

    private static readonly string[] ExtraFolders = ["/usr/sbin", "/sbin", "/usr/local/sbin"];

    /// <summary>Full path of <paramref name="name"/>, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(ExtraFolders))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Full path, or a <see cref="LabException"/> with the command that installs it.</summary>
    public static string Require(string name) =>
        Find(name) ?? throw new LabException(
            $"'{name}' was not found on PATH. Install it with: sudo apt-get install -y {Packages.GetValueOrDefault(name, name)} " +
            "(or run scripts/install-prerequisites.sh, which installs everything local mode needs).");

    /// <summary>Every required binary at once, so the user sees all that is missing in one message.</summary>
    public static IReadOnlyDictionary<string, string> RequireAll(params string[] names)
    {
        var missing = names.Where(n => Find(n) is null).ToArray();
        if (missing.Length > 0)
        {
            var packages = string.Join(' ', missing.Select(n => Packages.GetValueOrDefault(n, n)).Distinct());
            throw new LabException(
                $"missing host tools: {string.Join(", ", missing)}. Install them with: sudo apt-get install -y {packages} " +
                "(or run scripts/install-prerequisites.sh).");
        }
        return names.ToDictionary(n => n, n => Find(n)!, StringComparer.Ordinal);
    }

    /// <summary>grafana (new single binary) or grafana-server (older packages), when present.</summary>
    public static string? FindGrafana() => Find("grafana") ?? Find("grafana-server");
}
