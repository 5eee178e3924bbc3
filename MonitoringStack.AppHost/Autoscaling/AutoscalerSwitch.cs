using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// Whether the autoscaler acts: from <c>Stack:Autoscaling:Enabled</c> at start, then the stack resource's
/// autoscaler-on/off commands, so one running stack can be measured with fixed replicas and autoscaled.
/// </summary>
public sealed class AutoscalerSwitch(AutoscalingPolicy policy)
{
    private volatile bool _enabled = policy.Enabled;
    private volatile bool _acting;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>
    /// Whether the loop acts: set by the loop at the start of each tick, when no decision of an earlier
    /// tick is still being carried out. After switching off, this turning false means no scale the
    /// autoscaler decided while it was on can still land (an experiment's own scale would be undone).
    /// </summary>
    public bool Acting
    {
        get => _acting;
        set => _acting = value;
    }
}
