namespace MonitoringStack.Load.Engine;

/// <summary>
/// When each request of an open-model phase is due. The rate is piecewise linear, so the expected
/// number of arrivals N(t) is piecewise quadratic; arrival k is due when N(t) = k + ½. Computing each
/// time from its index (instead of adding 1/rate to the previous time) means rounding errors never
/// accumulate: a 2,000 RPS phase of 30 s schedules exactly 60,000 requests.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly Segment[] _segments;

    public ArrivalSchedule(ArrivalRatePhase phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var segments = new List<Segment>(phase.Stages.Count);
        double start = 0, cumulative = 0, rate = phase.StartRate;
        foreach (var stage in phase.Stages)
        {
            var length = stage.Duration.TotalSeconds;
            var segment = new Segment(start, length, rate, stage.TargetRate, cumulative);
            segments.Add(segment);
            start += length;
            cumulative += segment.Arrivals;
            rate = stage.TargetRate;
        }
        _segments = [.. segments];
        Duration = start;
        TotalArrivals = cumulative;
    }

    /// <summary>Phase length in seconds.</summary>
    public double Duration { get; }

    /// <summary>Expected arrivals over the whole phase (the integral of the rate).</summary>
    public double TotalArrivals { get; }

    /// <summary>Number of requests the phase sends: arrivals whose due time falls inside it.</summary>
    public long ArrivalCount => (long)Math.Max(0, Math.Ceiling(TotalArrivals - 0.5));

    /// <summary>Seconds after phase start at which arrival <paramref name="index"/> is due; +∞ when the phase has no such arrival.</summary>
    public double TimeOf(long index)
    {
        var target = index + 0.5;
        if (target >= TotalArrivals)
        {
            return double.PositiveInfinity;
        }
        foreach (var segment in _segments)
        {
            if (target < segment.CumulativeAtStart + segment.Arrivals)
            {
                return segment.Start + segment.TimeFor(target - segment.CumulativeAtStart);
            }
        }
        return double.PositiveInfinity;
    }

    /// <summary>Index of the first arrival due at or after <paramref name="seconds"/> (used when a rate override ends).</summary>
    public long FirstIndexAtOrAfter(double seconds) => (long)Math.Max(0, Math.Ceiling(ArrivalsBefore(seconds) - 0.5));

    /// <summary>Expected arrivals in [0, <paramref name="seconds"/>).</summary>
    public double ArrivalsBefore(double seconds)
    {
        foreach (var segment in _segments)
        {
            if (seconds < segment.Start + segment.Length)
            {
                return segment.CumulativeAtStart + segment.ArrivalsWithin(Math.Max(0, seconds - segment.Start));
            }
        }
        return TotalArrivals;
    }

    /// <summary>Scheduled rate (requests/s) at <paramref name="seconds"/> after phase start.</summary>
    public double RateAt(double seconds)
    {
        foreach (var segment in _segments)
        {
            if (seconds < segment.Start + segment.Length)
            {
                return segment.RateAt(Math.Max(0, seconds - segment.Start));
            }
        }
        return _segments.Length == 0 ? 0 : _segments[^1].EndRate;
    }

    private readonly record struct Segment(double Start, double Length, double StartRate, double EndRate, double CumulativeAtStart)
    {
        public double Arrivals => (StartRate + EndRate) / 2 * Length;

        public double RateAt(double tau) => Length <= 0 ? EndRate : StartRate + (EndRate - StartRate) * tau / Length;

        public double ArrivalsWithin(double tau) => StartRate * tau + (EndRate - StartRate) * tau * tau / (2 * Length);

        /// <summary>Solves StartRate·τ + slope·τ²/2 = <paramref name="arrivals"/> in the form that stays stable when the slope is tiny.</summary>
        public double TimeFor(double arrivals)
        {
            if (arrivals <= 0)
            {
                return 0;
            }
            var halfSlope = (EndRate - StartRate) / (2 * Length);
            var root = Math.Sqrt(Math.Max(0, StartRate * StartRate + 4 * halfSlope * arrivals));
            return 2 * arrivals / (StartRate + root);
        }
    }
}
