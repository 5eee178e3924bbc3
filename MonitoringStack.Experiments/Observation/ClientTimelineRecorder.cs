using System.Collections.Concurrent;
using HdrHistogram;
using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Experiments.Observation;

/// <summary>
/// Turns every request the load generator finished into per-second client figures (successes,
/// failures, p99), keyed by the second the request was INTENDED to be sent, so a stall shows up in
/// the second that caused it, not in the one where the backlog drained.
/// </summary>
public sealed class ClientTimelineRecorder
{
    // One histogram per second: 1 µs .. 60 s at 3 significant digits is ~30 KB, fine for runs of minutes.
    private const long HighestTrackableMicros = 60_000_000;
    private readonly ConcurrentDictionary<int, Bucket> _seconds = new();

    /// <param name="latency">Null for a request that was never sent (dropped): a failure without a latency.</param>
    /// <param name="shed">A failure answered 503: the API refused it at capacity.</param>
    public void Record(double intendedSecond, TimeSpan? latency, bool ok, bool shed = false)
    {
        if (intendedSecond < 0)
        {
            return;
        }
        var bucket = _seconds.GetOrAdd((int)intendedSecond, _ => new Bucket());
        lock (bucket)
        {
            if (ok)
            {
                bucket.Ok++;
            }
            else
            {
                bucket.Failed++;
                if (shed)
                {
                    bucket.Shed++;
                }
            }
            if (latency is { } l)
            {
                bucket.Latency.RecordValue(Math.Clamp((long)(l.TotalMilliseconds * 1000), 1, HighestTrackableMicros));
            }
        }
    }

    /// <summary>The p99 of every request intended in [from, to) (histograms merged, not an average of per-second p99s).</summary>
    public double? P99Ms(int from, int to)
    {
        var merged = new LongHistogram(HighestTrackableMicros, 3);
        foreach (var (second, bucket) in _seconds.Where(p => p.Key >= from && p.Key < to))
        {
            lock (bucket)
            {
                merged.Add(bucket.Latency);
            }
        }
        return merged.TotalCount == 0 ? null : merged.GetValueAtPercentile(99) / 1000.0;
    }

    public IReadOnlyList<ClientSecond> Snapshot() =>
        _seconds.OrderBy(p => p.Key).Select(p =>
        {
            lock (p.Value)
            {
                var total = p.Value.Ok + p.Value.Failed;
                double? p99 = p.Value.Latency.TotalCount == 0 ? null : p.Value.Latency.GetValueAtPercentile(99) / 1000.0;
                return new ClientSecond(p.Key, p.Value.Ok, p.Value.Failed, p99, p.Value.Shed);
            }
        }).ToArray();

    private sealed class Bucket
    {
        public long Ok;
        public long Failed;
        public long Shed;
        public readonly LongHistogram Latency = new(HighestTrackableMicros, 3);
    }
}
