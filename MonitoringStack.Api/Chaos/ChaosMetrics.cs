using System.Diagnostics.Metrics;

namespace MonitoringStack.Api.Chaos;

/// <summary>
/// <c>monitoringstack_chaos_fault_active{fault}</c>: 1 while a fault of that kind is in force, else 0,
/// for every kind (a series that exists at 0 lets dashboards shade fault periods without gaps).
/// </summary>
public sealed class ChaosMetrics
{
    public ChaosMetrics(IMeterFactory meterFactory, ChaosFaults faults)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(TelemetryMeters.Api);
        meter.CreateObservableGauge("monitoringstack.chaos.fault.active",
            () => FaultKinds.All.Select(kind => new Measurement<int>(
                faults.IsActive(kind) ? 1 : 0,
                new KeyValuePair<string, object?>("fault", kind.Label()))),
            description: "1 while a chaos fault of this kind is in force, else 0. A hang is never seen at 1: /metrics does not answer during it.");
    }
}
