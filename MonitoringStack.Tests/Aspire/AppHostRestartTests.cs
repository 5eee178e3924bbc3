using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Tests.Api;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The AppHost as a process, killed with SIGKILL and started again with the same state folder: the
/// second start comes up on the first try (whatever the first one left behind is cleaned), Prometheus
/// still has the samples written before the crash, and when the test ends nothing of the stack outlives it.
/// </summary>
[Collection(Name)]
public sealed class AppHostRestartTests : IDisposable
{
    public const string Name = "AppHost restarts";
    private static readonly TimeSpan UpLimit = TimeSpan.FromSeconds(120);
    private readonly AppHostWorkspace _workspace = new(replicas: 1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        _http.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task After_kill_9_of_the_apphost_the_next_start_comes_up_with_prometheus_data_kept()
    {
        string[] args = [.. _workspace.Args(AppHostWorkspace.ExecutablesMode).Select(a => "--" + a)];
        double scrapedAt;
        await using (var first = AppHostProcess.Start("apphost-1", args))
        {
            await WaitUntilStackAnswersAsync(first);
            // A sample of api-0 that the crash must not lose.
            scrapedAt = await WaitForSampleAsync("up{job=\"api\",instance=\"api-0\"} == 1", first);
            // Give Prometheus a few seconds to write the sample to its WAL, as any real crash would.
            await Task.Delay(TimeSpan.FromSeconds(3));
            first.KillProcessOnly();
        }

        await using (var second = AppHostProcess.Start("apphost-2", args))
        {
            await WaitUntilStackAnswersAsync(second);
            var kept = await QueryAtAsync("up{job=\"api\",instance=\"api-0\"}", scrapedAt);
            Assert.True(kept == 1, $"Prometheus lost the samples written before the crash (up at {scrapedAt} = {kept?.ToString(CultureInfo.InvariantCulture) ?? "none"})\n{second.Output}");
            await StopGracefullyAsync(second);
        }

        await Eventually.AssertAsync(() => Task.FromResult(Leftovers.Find(_workspace.StateDirectory).Count == 0),
            "no process of the stack outlives the AppHost", TimeSpan.FromSeconds(30));
    }

    private async Task WaitUntilStackAnswersAsync(ManagedProcess apphost)
    {
        var ports = _workspace.Topology.Ports;
        await apphost.WaitUntilReadyAsync(_http, $"http://127.0.0.1:{ports.Nginx}/", UpLimit);
        await apphost.WaitUntilReadyAsync(_http, $"http://127.0.0.1:{ports.Prometheus}/-/ready", UpLimit);
    }

    private async Task<double> WaitForSampleAsync(string query, ManagedProcess apphost)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < UpLimit)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            if (await QueryAtAsync(query, now) is not null)
            {
                return now;
            }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"no sample for {query} within {UpLimit}\n{apphost.Output}");
    }

    /// <summary>The value of an instant query at a past time, or null when Prometheus has no sample there.</summary>
    private async Task<double?> QueryAtAsync(string query, double unixSeconds)
    {
        var url = $"http://127.0.0.1:{_workspace.Topology.Ports.Prometheus}/api/v1/query?query={Uri.EscapeDataString(query)}&time={unixSeconds.ToString(CultureInfo.InvariantCulture)}";
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(url)));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>SIGTERM, as Ctrl-C or a service manager would stop it; the AppHost then stops every resource.</summary>
    private static async Task StopGracefullyAsync(ManagedProcess apphost)
    {
        using var kill = Process.Start("kill", ["-TERM", apphost.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await apphost.WaitForExitAsync(timeout.Token);
    }
}

/// <summary>A whole stack started twice: alone, like the other end-to-end tests (see <see cref="RunningAppHostGroup"/>).</summary>
[CollectionDefinition(AppHostRestartTests.Name, DisableParallelization = true)]
public sealed class AppHostRestartGroup;
