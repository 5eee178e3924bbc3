using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Runs the built AppHost as its own process, the way azd and the Aspire CLI run it for publishing
/// (<c>dotnet MonitoringStack.AppHost.dll --publisher manifest ...</c>). Publishing stops the app when it is
/// done, which an in-process testing host does not survive cleanly; a process also tests the real entry point.
/// </summary>
internal static class AppHostProcess
{
    public static async Task<string> RunAsync(TimeSpan limit, params string[] args)
    {
        var result = await RunToExitAsync(limit, null, args);
        Assert.True(result.ExitCode == 0, $"the AppHost exited with {result.ExitCode}:\n{result.Output}");
        return result.Output;
    }

    /// <summary>Runs the AppHost until it exits by itself (within <paramref name="limit"/>), whatever its exit code.</summary>
    public static Task<ToolResult> RunToExitAsync(TimeSpan limit, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        ToolRun.RunAsync("dotnet", [AppHostDll(), .. args], Projects.MonitoringStack_AppHost.ProjectPath, limit, environment: environment);

    /// <summary>
    /// Starts the AppHost as <c>dotnet run</c> would with the http profile (dashboard and DCP on free
    /// loopback ports), for tests that stop it from the outside (kill -9) and start it again. It runs in a
    /// session of its own (setsid, which execs it in place: the child of the test runner leads no group),
    /// so a kill of its whole process group stays inside the AppHost.
    /// </summary>
    public static ManagedProcess Start(string name, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePorts.Next()}",
        };
        return ManagedProcess.Start(name, "setsid", ["dotnet", AppHostDll(), .. args], environment, Projects.MonitoringStack_AppHost.ProjectPath);
    }

    /// <summary>The AppHost build matching this test build (same configuration).</summary>
    private static string AppHostDll() => BuildOutput.Dll(BuildOutput.AppHost);
}
