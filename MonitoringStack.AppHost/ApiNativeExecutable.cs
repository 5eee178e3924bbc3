using System.Reflection;

namespace MonitoringStack.AppHost;

/// <summary>Where the AppHost's build published the API's Native AOT binary.</summary>
public static class ApiNativeExecutable
{
    /// <summary>The binary's path (assembly metadata written by the AppHost's build), or null where the build publishes none (not Linux x64, or -p:ApiNativeReplicas=false).</summary>
    public static string? Path { get; } = typeof(ApiNativeExecutable).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ApiNativeExecutable")?.Value;
}
