namespace MonitoringStack.Topology;

/// <summary>
/// The monitoring-at-scale defaults (scripts/bench-monitoring-scale.sh, MonitoringStack.ScaleHost, the
/// Kubernetes <c>sharded</c> overlay): simulated target i on <see cref="TargetBasePort"/>+i (its control
/// port one below), Prometheus from <see cref="PrometheusPort"/> up (one per shard, then the global view),
/// and how many hashmod shards. Apart from the stack's own ports, so a scale run can go on beside a running stack.
/// </summary>
public sealed record ScaleDefaults
{
    public int TargetBasePort { get; init; } = 40000;
    public int PrometheusPort { get; init; } = 19390;
    public int Shards { get; init; } = 2;
}
