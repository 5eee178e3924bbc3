using Microsoft.Extensions.Configuration;

namespace MonitoringStack.Hosting;

/// <summary>
/// A program a component runs as a host executable: the key of its path setting
/// (<c>Monitoring:Programs:&lt;Key&gt;</c>), where to get it, and the names it goes by on PATH.
/// </summary>
public sealed record HostProgram(string Key, string Package, params string[] Names)
{
    public static readonly HostProgram Prometheus = new("Prometheus", "Debian/Ubuntu package prometheus", "prometheus");
    public static readonly HostProgram Alertmanager = new("Alertmanager", "Debian/Ubuntu package prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    public static readonly HostProgram Nginx = new("Nginx", "Debian/Ubuntu package nginx", "nginx");
    public static readonly HostProgram Grafana = new("Grafana", "from Grafana's own packages, not in Debian", "grafana", "grafana-server");
    public static readonly HostProgram NodeExporter = new("NodeExporter", "Debian/Ubuntu package prometheus-node-exporter", "prometheus-node-exporter", "node_exporter");
    public static readonly HostProgram NginxExporter = new("NginxExporter", "Debian/Ubuntu package prometheus-nginx-exporter", "prometheus-nginx-exporter", "nginx-prometheus-exporter");

    /// <summary>Every program the package can run, for settings checks.</summary>
    public static IReadOnlyList<HostProgram> All { get; } = [Prometheus, Alertmanager, Nginx, Grafana, NodeExporter, NginxExporter];

    /// <summary>The path setting of this program.</summary>
    public string SettingKey => MonitoringOptions.ProgramsKeyPrefix + Key;

    /// <summary>The configured path when it is set (and exists), else the first name found on PATH, /usr/sbin or /sbin; null when absent.</summary>
    public string? Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[SettingKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        return FindOnPath(Names);
    }

    /// <summary>What to do when the program is absent: one sentence naming both remedies.</summary>
    public string Remedy =>
        $"install it ({Package}) and put it on PATH, or set {SettingKey} to the binary's path";

    /// <summary>
    /// The first of <paramref name="names"/> that exists, in order: an absolute name as it is, a bare name on
    /// PATH plus /usr/sbin and /sbin (where Debian puts nginx, and which a non-root PATH often lacks).
    /// </summary>
    public static string? FindOnPath(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .ToArray();
        return names.SelectMany(name => Path.IsPathRooted(name) ? [name] : folders.Select(folder => Path.Combine(folder, name))).FirstOrDefault(File.Exists);
    }
}
