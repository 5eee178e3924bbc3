using System.Globalization;
using HdrHistogram;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// Thread-safe counters plus an HdrHistogram of latencies (microseconds, 3 significant digits, up to
/// one hour) for one phase, one endpoint or the whole run. Recording is lock-free.
/// </summary>
internal sealed class StatsRecorder
{
    private const long HighestMicroseconds = 3_600_000_000;
    private readonly LongConcurrentHistogram _latency = new(1, HighestMicroseconds, 3);
    private readonly long[] _statusCodes = new long[600];
    private long _sent, _completed, _succeeded, _aborted, _dropped, _status, _timeout, _connection;

    /// <summary>
    /// The sum of several recorders (the run's total from its phases), built once at the end so each
    /// request is recorded once, not once per level.
    /// </summary>
    public static StatsRecorder Combine(IEnumerable<StatsRecorder> parts)
    {
        var sum = new StatsRecorder();
        foreach (var part in parts)
        {
            sum._latency.Add(part._latency.Copy());
            for (var code = 0; code < sum._statusCodes.Length; code++)
            {
                sum._statusCodes[code] += Interlocked.Read(ref part._statusCodes[code]);
            }
            sum._sent += Interlocked.Read(ref part._sent);
            sum._completed += Interlocked.Read(ref part._completed);
            sum._succeeded += Interlocked.Read(ref part._succeeded);
            sum._aborted += Interlocked.Read(ref part._aborted);
            sum._dropped += Interlocked.Read(ref part._dropped);
            sum._status += Interlocked.Read(ref part._status);
            sum._timeout += Interlocked.Read(ref part._timeout);
            sum._connection += Interlocked.Read(ref part._connection);
        }
        return sum;
    }

    /// <summary>Cheap counters for progress reports (no histogram copy).</summary>
    public (long Sent, long Completed, long Errors, long Dropped) Counts() => (
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _status) + Interlocked.Read(ref _timeout) + Interlocked.Read(ref _connection),
        Interlocked.Read(ref _dropped));

    public void Sent() => Interlocked.Increment(ref _sent);

    public void Dropped() => Interlocked.Increment(ref _dropped);

    public void Aborted() => Interlocked.Increment(ref _aborted);

    public void Answered(int statusCode, long latencyMicroseconds)
    {
        Interlocked.Increment(ref _completed);
        if ((uint)statusCode < (uint)_statusCodes.Length)
        {
            Interlocked.Increment(ref _statusCodes[statusCode]);
        }
        _latency.RecordValue(Math.Clamp(latencyMicroseconds, 1, HighestMicroseconds));
        if (statusCode >= 400)
        {
            Interlocked.Increment(ref _status);
        }
        else
        {
            Interlocked.Increment(ref _succeeded);
        }
    }

    public void Failed(ErrorKind kind)
    {
        switch (kind)
        {
            case ErrorKind.Timeout: Interlocked.Increment(ref _timeout); break;
            case ErrorKind.Connection: Interlocked.Increment(ref _connection); break;
            default: Interlocked.Increment(ref _status); break;
        }
    }

    public PhaseResult Snapshot(string name, string model, double durationSeconds, long? scheduled = null)
    {
        var sent = Interlocked.Read(ref _sent);
        var completed = Interlocked.Read(ref _completed);
        var histogram = _latency.Copy();
        var safeDuration = durationSeconds > 0 ? durationSeconds : 1;
        return new PhaseResult
        {
            Name = name,
            Model = model,
            DurationSeconds = durationSeconds,
            Scheduled = scheduled,
            TargetRate = scheduled is null ? null : scheduled.Value / safeDuration,
            Sent = sent,
            Completed = completed,
            Succeeded = Interlocked.Read(ref _succeeded),
            Aborted = Interlocked.Read(ref _aborted),
            Dropped = Interlocked.Read(ref _dropped),
            Errors = new ErrorCounts(Interlocked.Read(ref _status), Interlocked.Read(ref _timeout), Interlocked.Read(ref _connection)),
            StatusCodes = Enumerable.Range(0, _statusCodes.Length)
                .Where(code => Interlocked.Read(ref _statusCodes[code]) > 0)
                .ToDictionary(code => code.ToString(CultureInfo.InvariantCulture), code => Interlocked.Read(ref _statusCodes[code])),
            SentRate = sent / safeDuration,
            Throughput = completed / safeDuration,
            Latency = Summarise(histogram),
        };
    }

    private static LatencySummary Summarise(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        static double Ms(long microseconds) => microseconds / 1000.0;
        return new LatencySummary(
            histogram.TotalCount,
            Math.Round(histogram.GetMean() / 1000.0, 3),
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()))
        {
            Buckets = Buckets(histogram),
        };
    }

    /// <summary>
    /// The histogram's recorded values regrouped into buckets from 0.1 ms, each 5 % wider than the one before
    /// (HdrHistogram.NET has no logarithmic iterator): a percentile read from them is off by at most 5 %.
    /// </summary>
    private static List<LatencyBucket> Buckets(HistogramBase histogram) =>
        [.. histogram.RecordedValues()
            // The iterator reuses one value object: copy what is needed before grouping.
            .Select(v => (Bucket: BucketIndex(v.ValueIteratedTo), Count: v.CountAtValueIteratedTo))
            .GroupBy(v => v.Bucket)
            .OrderBy(g => g.Key)
            .Select(g => new LatencyBucket(Math.Round(FirstBucketMicroseconds * Math.Pow(BucketGrowth, g.Key) / 1000.0, 3), g.Sum(v => v.Count)))];

    private const double FirstBucketMicroseconds = 100, BucketGrowth = 1.05;

    private static int BucketIndex(long microseconds) =>
        microseconds <= FirstBucketMicroseconds ? 0 : (int)Math.Ceiling(Math.Log(microseconds / FirstBucketMicroseconds) / Math.Log(BucketGrowth) - 1e-9);
}
