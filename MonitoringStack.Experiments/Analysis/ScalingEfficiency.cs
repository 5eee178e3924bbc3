namespace MonitoringStack.Experiments.Analysis;

/// <summary>Scaling efficiency E(N) = T(N) / (N · T(1)): 1 is linear scaling, below 1 is loss.</summary>
public static class ScalingEfficiency
{
    public static double Of(ScalingPoint point, ScalingPoint baseline)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(baseline);
        point.Validate();
        baseline.Validate();
        if (baseline.ThroughputRps <= 0)
        {
            throw new ArgumentException("the baseline throughput is zero: efficiency is undefined");
        }
        // Normalise the baseline to one replica so a baseline at N > 1 still gives a per-replica figure.
        var perReplicaBaseline = baseline.ThroughputRps / baseline.Replicas;
        return point.ThroughputRps / (point.Replicas * perReplicaBaseline);
    }

    /// <summary>Efficiency of every point against the smallest replica count measured.</summary>
    public static IReadOnlyList<(int Replicas, double Efficiency)> Series(IReadOnlyList<ScalingPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return [];
        }
        var baseline = points.MinBy(p => p.Replicas)!;
        return points.OrderBy(p => p.Replicas).Select(p => (p.Replicas, Of(p, baseline))).ToArray();
    }
}
