namespace MonitoringStack.Tests.Api;

/// <summary>
/// Where the API's own build output is: <c>MonitoringStack.Api/bin/&lt;Configuration&gt;/net10.0</c>,
/// built with the same configuration as the tests (the test project references the API). The API
/// runs from there, with its own appsettings.json, not from the test output folder.
/// </summary>
public static class ApiBuildOutput
{
    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        // .../MonitoringStack.Tests/bin/<Configuration>/<tfm>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name
            ?? throw new InvalidOperationException($"unexpected test output folder {testOutput.FullName}");
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "MonitoringStack.Api", "bin", configuration, framework);
            if (File.Exists(Path.Combine(candidate, "MonitoringStack.Api.dll")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            $"MonitoringStack.Api.dll ({configuration}/{framework}) not found above {testOutput.FullName}; build the solution first.");
    }
}
