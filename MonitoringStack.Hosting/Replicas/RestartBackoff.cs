namespace MonitoringStack.Hosting;

/// <summary>
/// How long to wait before starting a crashed replica again, like Kubernetes' CrashLoopBackOff: the
/// first crash after a stable run restarts at once, each further crash doubles the wait (1 s, 2 s, 4 s …
/// up to <see cref="Cap"/>), and a replica that then runs for <see cref="StableAfter"/> starts afresh.
/// </summary>
public sealed class RestartBackoff
{
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    private int _consecutiveCrashes;

    /// <summary>Crashes since the last stable run, this one included (after <see cref="NextDelay"/>).</summary>
    public int Attempt => _consecutiveCrashes;

    /// <param name="ranFor">How long the process ran before it exited (null when unknown: it counts as unstable).</param>
    public TimeSpan NextDelay(TimeSpan? ranFor)
    {
        if (ranFor is { } run && run >= StableAfter)
        {
            _consecutiveCrashes = 0;
        }
        _consecutiveCrashes++;
        if (_consecutiveCrashes == 1)
        {
            return TimeSpan.Zero;
        }
        var seconds = Math.Pow(2, Math.Min(_consecutiveCrashes - 2, 10));
        return TimeSpan.FromSeconds(Math.Min(seconds, Cap.TotalSeconds));
    }
}
