namespace Microsoft.Extensions.Hosting;

/// <summary>The project's own meters; every one listed here is exported by the service defaults.</summary>
public static class TelemetryMeters
{
    public const string Api = "MonitoringStack.Api";
    public const string LoadGen = "MonitoringStack.LoadGen";

    public static IReadOnlyList<string> Names { get; } = [Api, LoadGen];
}
