using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Api.Telemetry;

/// <summary>
/// CPU and memory utilisation as gauges, so dashboards and alerts can compare against 1 (all cores)
/// and against the memory budget without knowing the core count. The standard
/// <c>dotnet_process_cpu_time_seconds_total</c> counter stays exported beside them.
/// </summary>
public sealed class ProcessMetrics
{
    private readonly Lock _sampleLock = new();
    private readonly long _memoryLimitBytes;
    private TimeSpan _lastCpuTime;
    private long _lastTimestamp;

    public ProcessMetrics(IMeterFactory meterFactory, IOptions<ResourceOptions> resources)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(resources);
        _memoryLimitBytes = resources.Value.MemoryLimitMegabytes * 1024L * 1024L;
        _lastCpuTime = Environment.CpuUsage.TotalTime;
        _lastTimestamp = Stopwatch.GetTimestamp();

        var meter = meterFactory.Create(TelemetryMeters.Api);
        // monitoringstack_process_cpu_utilization_ratio. The exporter adds no suffix for unit "1",
        // so the name carries "ratio" itself (Prometheus naming: unitless 0..1 gauges end in _ratio).
        meter.CreateObservableGauge("monitoringstack.process.cpu.utilization.ratio", SampleCpuUtilization, unit: "1",
            description: "Process CPU time used since the previous collection divided by (elapsed wall time × processor count); 0..1.");
        // monitoringstack_process_memory_usage_bytes
        meter.CreateObservableGauge("monitoringstack.process.memory.usage", () => Environment.WorkingSet, unit: "By",
            description: "Working set of the process.");
        // monitoringstack_process_memory_limit_bytes
        meter.CreateObservableGauge("monitoringstack.process.memory.limit", () => _memoryLimitBytes, unit: "By",
            description: "Memory budget of the instance (Resources:MemoryLimitMegabytes); the memory-pressure alert compares usage against it.");
    }

    /// <summary>
    /// Utilisation over the window since the previous collection. With one scraper that window is
    /// the scrape interval; a second reader (e.g. OTLP) only shortens the windows, it never skews them.
    /// </summary>
    private double SampleCpuUtilization()
    {
        lock (_sampleLock)
        {
            var cpuTime = Environment.CpuUsage.TotalTime;
            var now = Stopwatch.GetTimestamp();
            var wall = Stopwatch.GetElapsedTime(_lastTimestamp, now);
            var used = cpuTime - _lastCpuTime;
            _lastCpuTime = cpuTime;
            _lastTimestamp = now;
            if (wall <= TimeSpan.Zero)
            {
                return 0;
            }
            var ratio = used / (wall * Environment.ProcessorCount);
            return Math.Clamp(ratio, 0, 1);
        }
    }
}
