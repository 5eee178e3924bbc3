using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// Whether the autoscaler acts: from <c>Stack:Autoscaling:Enabled</c> at start, then the stack resource's
/// autoscaler-on/off commands, so one running stack can be measured with fixed replicas and autoscaled.
/// </summary>
public sealed class AutoscalerSwitch(AutoscalingPolicy policy)
{
    private volatile bool _enabled = policy.Enabled;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
