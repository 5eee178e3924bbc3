using System.Diagnostics;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The one wait-until of the tests: bounded polling for effects that show up asynchronously (a process
/// starting to listen, a scrape, a notification). An exception the probe throws ends the wait at once,
/// so a probe can fail fast (e.g. when the process it waits for has exited).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>Polls <paramref name="probe"/> until it returns true; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task AssertAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        AssertAsync(probe, () => what, timeout);

    /// <param name="what">Evaluated only on failure, so it can carry diagnostics gathered at that moment (a process's output).</param>
    public static async Task AssertAsync(Func<Task<bool>> probe, Func<string> what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(what);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe())
            {
                return;
            }
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:F0} s: {what()}");
            }
            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx (refused connections and slow answers are retried).</summary>
    /// <param name="alive">Checked before each attempt; throws to stop waiting for something that cannot come up any more.</param>
    public static Task HttpOkAsync(HttpClient http, string url, TimeSpan timeout, Func<string> what, Action? alive = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        return AssertAsync(async () =>
        {
            alive?.Invoke();
            try
            {
                using var response = await http.GetAsync(new Uri(url));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                return false; // Listening but slow to answer on a busy machine.
            }
        }, what, timeout, TimeSpan.FromMilliseconds(100));
    }
}
