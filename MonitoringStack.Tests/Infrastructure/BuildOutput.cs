using System.Collections.Concurrent;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// Where a project's own build output is: <c>&lt;Project&gt;/bin/&lt;Configuration&gt;/net10.0</c>, built with
/// the same configuration as the tests (the test project references it). A program runs from there, with
/// its own appsettings.json, not from the test output folder: every referenced project copies its
/// appsettings.json into that one folder, and the last copy wins.
/// </summary>
public static class BuildOutput
{
    public const string Api = "MonitoringStack.Api";
    public const string LoadGen = "MonitoringStack.LoadGen";
    public const string AlertReceiver = "MonitoringStack.AlertReceiver";
    public const string AppHost = "MonitoringStack.AppHost";

    private static readonly ConcurrentDictionary<string, string> Found = new(StringComparer.Ordinal);

    /// <summary>The folder holding <paramref name="project"/>'s build output.</summary>
    public static string Directory(string project) => Found.GetOrAdd(project, Locate);

    /// <summary>The project's entry assembly, for <c>dotnet &lt;dll&gt;</c>.</summary>
    public static string Dll(string project) => Path.Combine(Directory(project), $"{project}.dll");

    private static string Locate(string project)
    {
        // .../MonitoringStack.Tests/bin/<Configuration>/<tfm>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name
            ?? throw new InvalidOperationException($"unexpected test output folder {testOutput.FullName}");
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, project, "bin", configuration, framework);
            if (File.Exists(Path.Combine(candidate, $"{project}.dll")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"{project}.dll ({configuration}/{framework}) not found above {testOutput.FullName}; build the solution first.");
    }
}
