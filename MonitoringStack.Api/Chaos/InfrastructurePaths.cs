namespace MonitoringStack.Api.Chaos;

/// <summary>Scrape and probe endpoints: injected latency and errors leave them alone (a hang does not).</summary>
public static class InfrastructurePaths
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments(Extensions.MetricsEndpointPath)
        || path.StartsWithSegments(Extensions.HealthEndpointPath)
        || path.StartsWithSegments(Extensions.AlivenessEndpointPath);
}
