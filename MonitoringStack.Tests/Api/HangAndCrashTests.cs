using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>Hang and crash need a process of their own: one stops answering, the other dies.</summary>
public sealed class HangAndCrashTests
{
    [Fact]
    public async Task Hang_stops_answering_everything_then_recovers()
    {
        await using var api = await ApiProcess.StartAsync(ApiProcess.ChaosEnabled());
        const int hangSeconds = 3;

        var clock = Stopwatch.StartNew();
        await api.ActivateAsync("/chaos/hang", new { seconds = hangSeconds });

        using var impatient = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(1.5) };
        string[] paths = ["/health", "/alive", "/metrics", "/data/1", "/"];
        var attempts = paths.Select(async path =>
        {
            try
            {
                using var response = await impatient.GetAsync(new Uri(path, UriKind.Relative));
                return $"{path} answered {(int)response.StatusCode} during the hang";
            }
            catch (TaskCanceledException)
            {
                return null; // timed out: what a hang looks like
            }
        });
        var answered = (await Task.WhenAll(attempts)).Where(a => a is not null).ToList();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(hangSeconds), "the silence check itself took longer than the hang");
        Assert.Empty(answered);

        // A hang is not a crash: the process lives and answers again once the time is up.
        Assert.False(api.HasExited);
        await Eventually.AssertAsync(async () =>
        {
            try
            {
                using var health = await impatient.GetAsync(new Uri("/health", UriKind.Relative));
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "/health answers again after the hang", TimeSpan.FromSeconds(hangSeconds + 10));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(hangSeconds - 0.2), $"answered after {clock.Elapsed.TotalSeconds:F1} s");
        var metrics = await api.ScrapeAsync();
        Assert.Equal(0, metrics.Sum("monitoringstack_chaos_fault_active", ("fault", "hang")));
    }

    [Fact]
    public async Task Crash_answers_then_exits_abruptly_with_the_exit_code()
    {
        await using var api = await ApiProcess.StartAsync(ApiProcess.ChaosEnabled());

        using var response = await api.ChaosAsync(HttpMethod.Post, "/chaos/crash", new { exitCode = 42 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(42, body.GetProperty("exitCode").GetInt32());

        Assert.True(await api.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the process did not exit");
        Assert.Equal(42, api.ExitCode);
        // Abrupt: no graceful host shutdown ran.
        Assert.DoesNotContain(api.Output, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
    }
}
