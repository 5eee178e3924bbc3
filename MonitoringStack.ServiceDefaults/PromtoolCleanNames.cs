using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Renames the three <c>System.Runtime</c> gauges whose exposed names end in <c>_count</c>
/// (<c>dotnet_process_cpu_count</c>, <c>dotnet_assembly_count</c>, <c>dotnet_timer_count</c>).
/// </summary>
/// <remarks>
/// <c>promtool check metrics</c> rejects a non-histogram metric ending in <c>_count</c> (Prometheus
/// reserves that suffix for histogram/summary series), and a query such as
/// <c>sum(rate({__name__=~".*_count"}[1m]))</c> would mistake them for request counts. The values
/// are unchanged; only the names move (see docs/metrics.md).
/// </remarks>
public static class PromtoolCleanNames
{
    /// <summary>Instrument name in <c>System.Runtime</c> → the name it is exposed under instead.</summary>
    public static IReadOnlyDictionary<string, string> Renames { get; } = new Dictionary<string, string>
    {
        ["dotnet.process.cpu.count"] = "dotnet.process.cpu.processors", // dotnet_process_cpu_processors
        ["dotnet.assembly.count"] = "dotnet.assembly.loaded",           // dotnet_assembly_loaded
        ["dotnet.timer.count"] = "dotnet.timer.active",                 // dotnet_timer_active
    };

    public static MeterProviderBuilder AddPromtoolCleanNames(this MeterProviderBuilder metrics)
    {
        foreach (var (instrument, exposedAs) in Renames)
        {
            metrics.AddView(instrument, new MetricStreamConfiguration { Name = exposedAs });
        }
        return metrics;
    }
}
