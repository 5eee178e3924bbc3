namespace MonitoringStack.Lab.Supervision;

/// <summary>
/// When a crashed process comes back. The first restart is fast (MTTR after a kill must stay within a
/// few seconds); repeated crashes back off exponentially so a process that cannot start does not spin
/// the CPU. A process that stayed up for <see cref="StableAfter"/> counts as healthy again, so its next
/// crash is treated as a first one.
/// </summary>
public sealed record RestartPolicy
{
    public bool Enabled { get; init; } = true;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public double Multiplier { get; init; } = 2.0;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    public static RestartPolicy Default { get; } = new();
    public static RestartPolicy Never { get; } = new() { Enabled = false };

    /// <summary>Delay before restart number <paramref name="consecutiveCrashes"/> (1 = first crash in a row).</summary>
    public TimeSpan DelayFor(int consecutiveCrashes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveCrashes, 1);
        // Cap the exponent so the double never overflows for a process that crashes for days.
        var exponent = Math.Min(consecutiveCrashes - 1, 62);
        var ms = FirstDelay.TotalMilliseconds * Math.Pow(Multiplier, exponent);
        return ms >= MaxDelay.TotalMilliseconds ? MaxDelay : TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>
    /// The crash count after a crash that ended a run of <paramref name="uptime"/>: a long healthy run
    /// resets the streak.
    /// </summary>
    public int NextCrashStreak(int previousStreak, TimeSpan uptime) =>
        uptime >= StableAfter ? 1 : previousStreak + 1;
}
