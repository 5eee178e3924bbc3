namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One change of the number of running API replicas, as the orchestrator journaled it: asked for at
/// <paramref name="RequestedAt"/>, complete (new replicas healthy and in the load balancer, or leaving
/// ones drained and stopped) at <paramref name="CompletedAt"/>.
/// </summary>
public sealed record ReplicaChange(DateTimeOffset RequestedAt, DateTimeOffset CompletedAt, int From, int To)
{
    public bool IsUp => To > From;

    public bool IsDown => To < From;

    /// <summary>
    /// When the change reaches the traffic. A scale-up's replicas join the load balancer together once all
    /// answer their health check, at completion; a scale-down takes the leaving replicas out of the load
    /// balancer first and drains them after, so they stop getting new requests when it is asked for.
    /// </summary>
    public DateTimeOffset ServingFrom => IsUp ? CompletedAt : RequestedAt;
}
