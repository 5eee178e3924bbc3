using System.Diagnostics.Metrics;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// <c>monitoringstack_chaos_fault_active{fault}</c>: 1 while a fault of that kind is in force, else 0,
/// for every lasting fault of the catalogue (a series that exists at 0 lets dashboards shade fault periods
/// without gaps). On the host's meter (<see cref="FaultSwitchesSetup.MeterName"/>), so it is exported with the host's own metrics.
/// </summary>
public sealed class ChaosMetrics
{
    public ChaosMetrics(IMeterFactory meterFactory, ChaosFaults faults, FaultSwitchesSetup setup)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(setup);
        var meter = meterFactory.Create(setup.MeterName);
        meter.CreateObservableGauge("monitoringstack.chaos.fault.active",
            () => ChaosFaults.Lasting.Select(kind => new Measurement<int>(
                faults.IsActive(kind) ? 1 : 0,
                new KeyValuePair<string, object?>("fault", kind.Name))),
            description: "1 while a chaos fault of this kind is in force, else 0. A hang is never seen at 1: /metrics does not answer during it.");
    }
}
