namespace MonitoringStack.Tests.Infrastructure;

/// <summary>Starts one of the repository's programs as users run it: <c>dotnet &lt;Project&gt;.dll</c> from its own build output.</summary>
public static class DotnetApp
{
    /// <param name="project">A project name, e.g. <see cref="BuildOutput.Api"/>.</param>
    /// <param name="environment">Applied after the defaults (Production, no CLI telemetry), so it can override them.</param>
    public static ManagedProcess Start(string project, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? name = null)
    {
        // The working directory is the content root: the program reads its own appsettings.json.
        return ManagedProcess.Start(name ?? project, "dotnet", [BuildOutput.Dll(project), .. arguments], Environment(environment), BuildOutput.Directory(project));
    }

    /// <summary>Quiet, predictable children: production settings, no telemetry prompts; <paramref name="environment"/> over them.</summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return settings;
    }
}
