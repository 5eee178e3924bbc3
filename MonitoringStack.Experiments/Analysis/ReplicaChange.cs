namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One change of the number of running API replicas, as the orchestrator journaled it: asked for at
/// <paramref name="RequestedAt"/>, complete (new replicas healthy and in the load balancer, or leaving
/// ones drained and stopped) at <paramref name="CompletedAt"/>. <paramref name="JoinedAt"/>: when each new
/// replica of a scale-up joined the load balancer, in order; null for a scale-down and in journals written
/// before joins were recorded.
/// </summary>
public sealed record ReplicaChange(DateTimeOffset RequestedAt, DateTimeOffset CompletedAt, int From, int To, IReadOnlyList<DateTimeOffset>? JoinedAt = null)
{
    public bool IsUp => To > From;

    public bool IsDown => To < From;

    /// <summary>
    /// When a scale-up's first new replica began to serve: its join, or the completion when joins were not
    /// recorded (the last replica's join, a later bound).
    /// </summary>
    public DateTimeOffset FirstServingAt => JoinedAt is { Count: > 0 } joins ? joins.Min() : CompletedAt;

    /// <summary>
    /// The replicas serving as the change reaches the traffic. A scale-up's replicas join the load balancer one
    /// by one as each answers its health check (all at completion when joins were not recorded); a scale-down
    /// takes the leaving replicas out of the load balancer first and drains them after, so they stop getting
    /// new requests when it is asked for.
    /// </summary>
    public IEnumerable<(DateTimeOffset At, int Replicas)> Steps()
    {
        if (IsUp && JoinedAt is { Count: > 0 } joins)
        {
            return joins.Order().Select((at, i) => (at, From + i + 1));
        }
        return [(IsUp ? CompletedAt : RequestedAt, To)];
    }
}
