using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Tests.Lab;

public class RestartPolicyTests
{
    [Fact]
    public void First_restart_is_fast_enough_for_a_five_second_mttr()
    {
        Assert.True(RestartPolicy.Default.DelayFor(1) <= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Repeated_crashes_back_off_exponentially_up_to_the_cap()
    {
        var policy = new RestartPolicy { FirstDelay = TimeSpan.FromMilliseconds(100), Multiplier = 2, MaxDelay = TimeSpan.FromSeconds(1) };

        Assert.Equal([100, 200, 400, 800, 1000, 1000], Enumerable.Range(1, 6).Select(n => policy.DelayFor(n).TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayFor(10_000));
    }

    [Fact]
    public void A_long_healthy_run_resets_the_crash_streak()
    {
        var policy = new RestartPolicy { StableAfter = TimeSpan.FromSeconds(30) };

        Assert.Equal(3, policy.NextCrashStreak(2, TimeSpan.FromSeconds(1)));
        Assert.Equal(1, policy.NextCrashStreak(7, TimeSpan.FromSeconds(31)));
    }

    [Fact]
    public void Crash_numbers_start_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RestartPolicy.Default.DelayFor(0));
    }
}
