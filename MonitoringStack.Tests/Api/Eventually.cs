using System.Diagnostics;

namespace MonitoringStack.Tests.Api;

/// <summary>Bounded polling for effects that show up asynchronously (the exporter caches scrapes briefly).</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it returns true; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task AssertAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe())
            {
                return;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:F0} s: {what}");
            }
            await Task.Delay(150);
        }
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds; returns that scrape.</summary>
    public static async Task<MetricsSnapshot> MetricsAsync(ApiProcess api, Func<MetricsSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        MetricsSnapshot? last = null;
        await AssertAsync(async () =>
        {
            last = await api.ScrapeAsync();
            return condition(last);
        }, what, timeout);
        return last!;
    }
}
