using Microsoft.Extensions.Configuration;

namespace MonitoringStack.AppHost;

/// <summary>One host program executables mode can run: the names it goes by and the Debian package that ships it.</summary>
public sealed record HostProgram(string Setting, string Package, params string[] Names);

/// <summary>
/// The host programs of executables mode, found once: <c>Stack:Executables:&lt;Setting&gt;</c> when set,
/// else the first name on PATH (plus /usr/sbin and /sbin, where Debian puts nginx). Prometheus,
/// Alertmanager and Nginx are required; the exporters and Grafana are started when present (Grafana is
/// not packaged by Debian), and their scrape jobs are rendered only then.
/// </summary>
public sealed record HostBinaries(string Prometheus, string Alertmanager, string Nginx, string? NodeExporter, string? NginxExporter, string? Grafana)
{
    public static readonly HostProgram PrometheusProgram = new("Prometheus", "prometheus", "prometheus");
    public static readonly HostProgram AlertmanagerProgram = new("Alertmanager", "prometheus-alertmanager", "prometheus-alertmanager", "alertmanager");
    public static readonly HostProgram NginxProgram = new("Nginx", "nginx", "nginx");
    public static readonly HostProgram NodeExporterProgram = new("NodeExporter", "prometheus-node-exporter", "prometheus-node-exporter", "node_exporter");
    public static readonly HostProgram NginxExporterProgram = new("NginxExporter", "prometheus-nginx-exporter", "prometheus-nginx-exporter", "nginx-prometheus-exporter");
    public static readonly HostProgram GrafanaProgram = new("Grafana", "grafana (not in Debian; from Grafana's own packages)", "grafana", "grafana-server");

    /// <summary>Every program's path can be set as <c>Stack:Executables:&lt;Setting&gt;</c>.</summary>
    public const string SettingPrefix = "Stack:Executables:";

    public static IReadOnlyList<HostProgram> Programs { get; } =
        [PrometheusProgram, AlertmanagerProgram, NginxProgram, NodeExporterProgram, NginxExporterProgram, GrafanaProgram];

    /// <exception cref="StackConfigurationException">A required program is missing: the message names every missing one and how to install it.</exception>
    public static HostBinaries Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var required = new[] { PrometheusProgram, AlertmanagerProgram, NginxProgram };
        var missing = required.Where(p => Locate(configuration, p) is null).ToArray();
        if (missing.Length > 0)
        {
            throw new StackConfigurationException(
                $"Executables mode (no container runtime) runs the infrastructure from this machine, but {string.Join(", ", missing.Select(p => $"'{p.Names[0]}'"))} " +
                $"{(missing.Length == 1 ? "is" : "are")} not installed. On Debian/Ubuntu run scripts/install-prerequisites.sh " +
                $"(packages: {string.Join(" ", missing.Select(p => p.Package))}); elsewhere install {(missing.Length == 1 ? "it" : "them")} and put {(missing.Length == 1 ? "it" : "them")} on PATH, " +
                $"or set {string.Join(", ", missing.Select(p => SettingPrefix + p.Setting))} to the binary's path.");
        }
        return new HostBinaries(
            Locate(configuration, PrometheusProgram)!, Locate(configuration, AlertmanagerProgram)!, Locate(configuration, NginxProgram)!,
            Locate(configuration, NodeExporterProgram), Locate(configuration, NginxExporterProgram), Locate(configuration, GrafanaProgram));
    }

    /// <summary>What executables mode will not start, and why (logged at startup).</summary>
    public IEnumerable<string> Absent()
    {
        if (NodeExporter is null)
        {
            yield return $"node exporter not found ({Describe(NodeExporterProgram)}): its scrape job is left out";
        }
        if (NginxExporter is null)
        {
            yield return $"nginx exporter not found ({Describe(NginxExporterProgram)}): its scrape job is left out";
        }
        if (Grafana is null)
        {
            yield return $"Grafana not found ({Describe(GrafanaProgram)}): dashboards are not served; config/grafana is still rendered";
        }
    }

    private static string Describe(HostProgram program) =>
        $"{string.Join(" or ", program.Names)} on PATH, or {SettingPrefix}{program.Setting}; package {program.Package}";

    private static string? Locate(IConfiguration configuration, HostProgram program)
    {
        var configured = configuration[SettingPrefix + program.Setting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }
        return FindOnPath(program.Names);
    }

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
