namespace MonitoringStack.Load.Engine;

/// <summary>
/// Changes the arrival rate of a running open-model phase (the worker's <c>POST /rate</c>, or an
/// experiment that steps load up). An override holds until it is cleared; then the profile's own
/// schedule resumes from the current moment. Closed-model phases ignore it.
/// </summary>
public sealed class RateControl
{
    private readonly Lock _gate = new();
    private double? _override;
    private long _version;

    /// <summary>Requests/s forced on open-model phases, or null when the profile decides.</summary>
    public double? RateOverride
    {
        get { lock (_gate) { return _override; } }
    }

    /// <summary>Changes on every call to <see cref="SetRate"/> or <see cref="ClearRate"/>; the scheduler polls it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void SetRate(double requestsPerSecond)
    {
        if (!double.IsFinite(requestsPerSecond) || requestsPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "rate must be a finite number >= 0");
        }
        lock (_gate)
        {
            _override = requestsPerSecond;
            Interlocked.Increment(ref _version);
        }
    }

    public void ClearRate()
    {
        lock (_gate)
        {
            _override = null;
            Interlocked.Increment(ref _version);
        }
    }
}
