using Microsoft.Extensions.Configuration;

namespace MonitoringStack.AppHost;

/// <summary>
/// Finds an infrastructure binary for the executables option: <c>Stack:Executables:&lt;Name&gt;</c> if set,
/// else the first candidate on PATH (plus /usr/sbin and /sbin, where Debian puts nginx).
/// </summary>
public static class HostBinaries
{
    public static string Find(IConfiguration configuration, string name, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(candidates);
        var configured = configuration[$"Stack:Executables:{name}"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"]);
        foreach (var candidate in candidates)
        {
            foreach (var folder in folders)
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        throw new InvalidOperationException(
            $"Stack:InfrastructureAs=executables needs {string.Join(" or ", candidates)} on PATH " +
            $"(Debian/Ubuntu: scripts/install-prerequisites.sh), or Stack:Executables:{name} set to its path.");
    }
}
