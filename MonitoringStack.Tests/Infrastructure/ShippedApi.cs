using MonitoringStack.AppHost;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The API as it ships: the Native AOT binary the AppHost's build publishes (what the AppHost's replicas run),
/// from its publish folder with its own appsettings.json; <c>dotnet MonitoringStack.Api.dll</c> where the build
/// publishes none (not Linux x64). The black-box API tests start it here, so they test the binary users run.
/// </summary>
public static class ShippedApi
{
    /// <param name="environment">Applied after the defaults (Production), so it can override them.</param>
    public static ManagedProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? name = null)
    {
        if (ApiNativeExecutable.Path is not { } binary)
        {
            return DotnetApp.Start(BuildOutput.Api, arguments, environment, name);
        }
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} not found: build the solution first (the AppHost's build publishes it).");
        }
        // The working directory is the content root: the binary reads the appsettings.json published beside it.
        return ManagedProcess.Start(name ?? BuildOutput.Api, binary, arguments, DotnetApp.Environment(environment), Path.GetDirectoryName(binary)!);
    }
}
