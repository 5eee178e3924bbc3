namespace MonitoringStack.Load.Engine;

/// <summary>Per-second counters of a run (what a chart of "requests per second" needs), lock-free.</summary>
internal sealed class RunTimeline
{
    private readonly long[] _sent, _completed, _errors, _dropped;
    private readonly double[] _targetRate;
    private long _startTimestamp;
    private int _lastSecond;

    public RunTimeline(long startTimestamp, TimeSpan expectedLength)
    {
        _startTimestamp = startTimestamp;
        // Room for the drain after the last phase; events beyond it are still counted in the totals.
        var seconds = (int)Math.Min(7 * 24 * 3600, Math.Ceiling(expectedLength.TotalSeconds) + 120);
        _sent = new long[seconds];
        _completed = new long[seconds];
        _errors = new long[seconds];
        _dropped = new long[seconds];
        _targetRate = new double[seconds];
    }

    /// <summary>Second 0 begins when the first phase does (not when the run was set up).</summary>
    public void Restart(long startTimestamp) => _startTimestamp = startTimestamp;

    public void Sent(long timestamp) => Add(_sent, timestamp);
    public void Completed(long timestamp, bool isError)
    {
        Add(_completed, timestamp);
        if (isError)
        {
            Add(_errors, timestamp);
        }
    }

    public void Failed(long timestamp) => Add(_errors, timestamp);
    public void Dropped(long timestamp) => Add(_dropped, timestamp);

    public void TargetRate(long timestamp, double rate)
    {
        var second = SecondOf(timestamp);
        if (second >= 0 && second < _targetRate.Length)
        {
            _targetRate[second] = rate;
        }
    }

    public IReadOnlyList<TimelinePoint> Snapshot(long endTimestamp)
    {
        var last = Math.Min(_sent.Length - 1, Math.Max(Volatile.Read(ref _lastSecond), SecondOf(endTimestamp) - 1));
        return Enumerable.Range(0, last + 1)
            .Select(s => new TimelinePoint(s, Interlocked.Read(ref _sent[s]), Interlocked.Read(ref _completed[s]),
                Interlocked.Read(ref _errors[s]), Interlocked.Read(ref _dropped[s]), _targetRate[s]))
            .ToArray();
    }

    private int SecondOf(long timestamp) => (int)((timestamp - _startTimestamp) / System.Diagnostics.Stopwatch.Frequency);

    private void Add(long[] counters, long timestamp)
    {
        var second = SecondOf(timestamp);
        if (second >= 0 && second < counters.Length)
        {
            Interlocked.Increment(ref counters[second]);
            if (second > Volatile.Read(ref _lastSecond))
            {
                Volatile.Write(ref _lastSecond, second);
            }
        }
    }
}
