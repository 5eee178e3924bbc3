namespace MonitoringStack.Experiments.Analysis;

/// <summary>What N replicas achieved at saturation: the input of the scaling analysis.</summary>
public sealed record ScalingPoint(int Replicas, double ThroughputRps)
{
    public void Validate()
    {
        if (Replicas < 1)
        {
            throw new ArgumentException($"replicas must be ≥ 1, got {Replicas}");
        }
        if (!double.IsFinite(ThroughputRps) || ThroughputRps < 0)
        {
            throw new ArgumentException($"throughput for {Replicas} replicas must be a finite non-negative number, got {ThroughputRps}");
        }
    }
}
