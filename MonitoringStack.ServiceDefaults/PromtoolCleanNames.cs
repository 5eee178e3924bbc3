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

    /// <summary>
    /// Series one metric stream may hold (OpenTelemetry's default is 2,000). Each stream allocates room for all
    /// of them up front, once per reader (Prometheus and OTLP): about 100 streams × 2,000 points was 14 MB of the
    /// API's large-object heap at rest. The API's labels are bounded far below this (routes are templates, status
    /// codes and categories are few; SeriesBoundTests); beyond it, new label sets go to OpenTelemetry's overflow series.
    /// </summary>
    public const int CardinalityLimit = 200;

    /// <summary>The renames above and <see cref="CardinalityLimit"/> on every stream, as one view (two matching views would export an instrument twice).</summary>
    public static MeterProviderBuilder AddPromtoolCleanNames(this MeterProviderBuilder metrics) =>
        metrics.AddView(instrument => new MetricStreamConfiguration
        {
            Name = Renames.GetValueOrDefault(instrument.Name),
            CardinalityLimit = CardinalityLimit,
        });
}
