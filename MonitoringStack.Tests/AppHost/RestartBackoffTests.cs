using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.AppHost;

public sealed class RestartBackoffTests
{
    [Fact]
    public void First_crash_after_a_stable_run_restarts_at_once()
    {
        var backoff = new RestartBackoff();

        Assert.Equal(TimeSpan.Zero, backoff.NextDelay(TimeSpan.FromMinutes(5)));
        Assert.Equal(1, backoff.Attempt);
    }

    [Fact]
    public void Crashes_in_a_row_double_the_wait_up_to_the_cap()
    {
        var backoff = new RestartBackoff();
        var quick = TimeSpan.FromSeconds(2);

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.NextDelay(quick).TotalSeconds).ToArray();

        Assert.Equal([0, 1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void A_stable_run_resets_the_backoff()
    {
        var backoff = new RestartBackoff();
        backoff.NextDelay(null);
        backoff.NextDelay(TimeSpan.FromSeconds(1));
        backoff.NextDelay(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, backoff.NextDelay(RestartBackoff.StableAfter));
        Assert.Equal(1, backoff.Attempt);
    }
}
