using Microsoft.Extensions.Configuration;
using MonitoringStack.Hosting;

namespace MonitoringStack.AppHost;

/// <summary>
/// The host programs executables mode runs (the package's <see cref="HostProgram"/>s), found once:
/// <c>Stack:Executables:&lt;Key&gt;</c> when set, else PATH (plus /usr/sbin and /sbin). The stack cannot run
/// its experiments without Prometheus, Alertmanager and Nginx, so their absence stops the start (exit 1);
/// the exporters and Grafana are started when present, and their scrape jobs are rendered only then.
/// </summary>
public sealed class HostBinaries
{
    /// <summary>Every program's path can be set as <c>Stack:Executables:&lt;Key&gt;</c>.</summary>
    public const string SettingPrefix = "Stack:Executables:";

    private static readonly HostProgram[] Required = [HostProgram.Prometheus, HostProgram.Alertmanager, HostProgram.Nginx];

    private readonly Dictionary<HostProgram, string?> _paths;

    private HostBinaries(Dictionary<HostProgram, string?> paths) => _paths = paths;

    public static IReadOnlyList<HostProgram> Programs => HostProgram.All;

    /// <summary>True when the program was found (always true for a container runtime, which brings its images).</summary>
    public bool Has(HostProgram program) => _paths.GetValueOrDefault(program) is not null;

    /// <exception cref="StackConfigurationException">A required program is missing: the message names every missing one and how to install it.</exception>
    public static HostBinaries Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var paths = Programs.ToDictionary(p => p, p => Locate(configuration, p));
        var missing = Required.Where(p => paths[p] is null).ToArray();
        if (missing.Length > 0)
        {
            var one = missing.Length == 1;
            throw new StackConfigurationException(
                $"Executables mode (no container runtime) runs the infrastructure from this machine, but {string.Join(", ", missing.Select(p => $"'{p.Names[0]}'"))} " +
                $"{(one ? "is" : "are")} not installed. On Debian/Ubuntu run scripts/install-prerequisites.sh " +
                $"({string.Join("; ", missing.Select(p => p.Package))}); elsewhere install {(one ? "it" : "them")} and put {(one ? "it" : "them")} on PATH, " +
                $"or set {string.Join(", ", missing.Select(p => SettingPrefix + p.Key))} to the binary's path.");
        }
        return new HostBinaries(paths);
    }

    /// <summary>Hands the paths found to the hosting package, which runs the programs.</summary>
    public void ApplyTo(MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (program, path) in _paths)
        {
            if (path is not null)
            {
                options.ProgramPaths[program.Key] = path;
            }
        }
    }

    /// <summary>What executables mode will not start, and why (logged at startup).</summary>
    public IEnumerable<string> Absent() =>
        Programs.Where(p => !Has(p)).Select(p => $"{p.Names[0]} not found ({string.Join(" or ", p.Names)} on PATH, or {SettingPrefix}{p.Key}; {p.Package}): it is not started" +
            (p == HostProgram.Grafana ? "; config/grafana is still rendered" : "; its scrape job is left out"));

    private static string? Locate(IConfiguration configuration, HostProgram program)
    {
        var configured = configuration[SettingPrefix + program.Key];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        return HostProgram.FindOnPath(program.Names);
    }
}
