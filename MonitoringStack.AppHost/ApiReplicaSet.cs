namespace MonitoringStack.AppHost;

/// <summary>
/// The API's replica set with the package's scaler: what the autoscaler and the experiments scale (through
/// the same scaler the set's dashboard command uses), with the limit named as the topology names it.
/// </summary>
public sealed class ApiReplicaSet(ReplicaSetResource set, ReplicaScaler scaler)
{
    public int Running => set.Running;

    public int Maximum => set.Replicas.Count;

    /// <summary>Raised after every completed change, with the new count.</summary>
    public event Action<int>? Scaled
    {
        add => set.Scaled += value;
        remove => set.Scaled -= value;
    }

    /// <exception cref="ArgumentOutOfRangeException">Outside 1..maxReplicas.</exception>
    public Task<ScalingRecord> ScaleAsync(int replicas, CancellationToken cancellationToken) =>
        replicas < 1 || replicas > Maximum
            ? throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"replicas must be between 1 and {Maximum} (maxReplicas in config/topology.json)")
            : scaler.ScaleAsync(set, replicas, cancellationToken);
}
