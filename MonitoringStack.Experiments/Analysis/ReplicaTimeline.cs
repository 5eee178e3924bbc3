using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>The replica count over a run, and the scaling figures of the spike experiment, from the orchestrator's journal of changes.</summary>
public static class ReplicaTimeline
{
    /// <summary>
    /// Replicas serving traffic over [0, <paramref name="endSecond"/>], seconds from <paramref name="origin"/>,
    /// as steps: each point's value holds until the next point; the last point is at the end. A change counts
    /// as it reaches the traffic (<see cref="ReplicaChange.Steps"/>: a scale-up replica by replica as each joins).
    /// </summary>
    public static IReadOnlyList<TimePoint> Serving(int initial, IEnumerable<ReplicaChange> changes, DateTimeOffset origin, int endSecond)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var points = new List<TimePoint> { new(0, initial) };
        foreach (var (at, replicas) in changes.SelectMany(c => c.Steps()).OrderBy(s => s.At))
        {
            var second = (at - origin).TotalSeconds;
            if (second >= 0 && second <= endSecond)
            {
                points.Add(new TimePoint(Math.Round(second, 1), replicas));
            }
        }
        points.Add(new TimePoint(endSecond, points[^1].Value));
        return points;
    }

    /// <summary>
    /// From the spike's start to the first new replica serving: the first join of a scale-up asked for at or
    /// after the spike's start (<see cref="ReplicaChange.FirstServingAt"/>; its completion in journals without
    /// joins). Null when none came.
    /// </summary>
    public static double? SecondsToFirstNewReplica(IEnumerable<ReplicaChange> changes, DateTimeOffset origin, int spikeStartSecond)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var spikeStart = origin.AddSeconds(spikeStartSecond);
        return changes.Where(c => c.IsUp && c.RequestedAt >= spikeStart)
            .Select(c => (double?)(c.FirstServingAt - spikeStart).TotalSeconds).Min();
    }

    /// <summary>Scale-downs asked for in [<paramref name="fromSecond"/>, <paramref name="toSecond"/>), seconds from <paramref name="origin"/>.</summary>
    public static int ScaleDownsBetween(IEnumerable<ReplicaChange> changes, DateTimeOffset origin, int fromSecond, int toSecond)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count(c => c.IsDown && c.RequestedAt >= origin.AddSeconds(fromSecond) && c.RequestedAt < origin.AddSeconds(toSecond));
    }
}
