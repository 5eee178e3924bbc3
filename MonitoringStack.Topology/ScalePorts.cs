namespace MonitoringStack.Topology;

/// <summary>
/// Where the monitoring-at-scale runs listen (scripts/bench-monitoring-scale.sh, MonitoringStack.ScaleHost):
/// simulated target i on <see cref="TargetBasePort"/>+i (its control port one below), Prometheus from
/// <see cref="PrometheusPort"/> up (one per shard, then the global view). Apart from the stack's own
/// ports, so a scale run can go on beside a running stack.
/// </summary>
public sealed record ScalePorts
{
    public int TargetBasePort { get; init; } = 40000;
    public int PrometheusPort { get; init; } = 19390;
}
