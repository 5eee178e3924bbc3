using System.Diagnostics;

namespace MonitoringStack.Lab.Stack;

/// <summary>Builds a project of the repository once per <c>up</c> and finds its assembly.</summary>
public static class DotnetBuild
{
    public const string Configuration = "Release";

    /// <summary>bin/Release/net10.0/&lt;Project&gt;.dll under the project folder.</summary>
    public static string OutputAssembly(string repositoryRoot, string project) =>
        Path.Combine(repositoryRoot, project, "bin", Configuration, "net10.0", project + ".dll");

    public static async Task<string> BuildAsync(string repositoryRoot, string project, string logFile, CancellationToken cancellationToken)
    {
        var projectFile = Path.Combine(repositoryRoot, project, project + ".csproj");
        var info = new ProcessStartInfo(Dotnet.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", projectFile, "-c", Configuration, "-nologo", "-v", "q" })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new LabException("could not start dotnet build");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await output + await error;
        await File.AppendAllTextAsync(logFile, text, cancellationToken);
        if (process.ExitCode != 0)
        {
            var tail = string.Join('\n', text.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10));
            throw new LabException($"dotnet build of {project} failed (log: {logFile}):\n{tail}");
        }
        return OutputAssembly(repositoryRoot, project);
    }
}

/// <summary>The dotnet host that runs the API and the load generator.</summary>
public static class Dotnet
{
    public static string Path { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Binaries.Find("dotnet") ?? "dotnet";
}
