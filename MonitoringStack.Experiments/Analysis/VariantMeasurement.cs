namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// What one variant's run of the spike measured, before analysis: the clients' seconds and the p99 of the
/// spike (merged histograms, which the seconds alone cannot give), and the orchestrator's journals from
/// the start of the load (<paramref name="Origin"/>), where the count was <paramref name="InitialReplicas"/>.
/// </summary>
public sealed record VariantMeasurement(
    string Name, bool Autoscaling, DateTimeOffset Origin, int InitialReplicas,
    IReadOnlyList<ClientSecond> Client, double? P99DuringSpikeMs,
    IReadOnlyList<ReplicaChange> Changes, IReadOnlyList<ScalingDecision> Decisions);
