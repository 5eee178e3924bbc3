using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MonitoringStack.Hosting;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The AppHost as a process in its own session. While it lives, a second start on its state folder refuses
/// with its PID and touches nothing. Then it is stopped as hard as it can be: SIGKILL to its process group,
/// to DCP (so nothing stops the stack's processes in order) and to nginx's master and Prometheus. What that
/// leaves running (the replicas, Alertmanager, the exporters, the dashboard, an nginx worker that keeps
/// nginx's port) is cleaned by the next start, which comes up on the first try with Prometheus' samples
/// from before the crash; when the test ends nothing of either run outlives it.
/// </summary>
[Collection(Name)]
public sealed class AppHostRestartTests : IDisposable
{
    public const string Name = "AppHost restarts";
    private static readonly TimeSpan UpLimit = TimeSpan.FromSeconds(120);
    private readonly AppHostWorkspace _workspace = new(replicas: 1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private IReadOnlyList<RecordedProcess> _firstRun = [];

    public void Dispose()
    {
        // A failed test may leave the first run's orphans, or the second run's; the folder is deleted below.
        foreach (var pid in _firstRun.Where(p => p.IsAlive).Select(p => p.Pid).Concat(Leftovers.Find(_workspace.StateDirectory)))
        {
            ProcessSignals.Signal(pid, ProcessSignals.SIGKILL);
        }
        _http.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task A_live_apphost_keeps_its_folder_and_after_a_hard_stop_the_next_start_cleans_every_leftover_and_keeps_the_data()
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
            _firstRun = RecordedProcess.TreeOf(first.Id);
            var orphans = new[]
            {
                Assert.Single(_firstRun, p => p.CommandLine.StartsWith("nginx: worker", StringComparison.Ordinal)),
                Assert.Single(_firstRun, p => p.Program == "Aspire.Dashboard"),
            };

            await SecondStartRefusesAndTouchesNothingAsync(first, args);

            await first.KillGroupAsync([.. _firstRun.Where(p => p.IsAlive && (p.Program is "dcp" or "prometheus"
                || p.CommandLine.StartsWith("nginx: master", StringComparison.Ordinal))).Select(p => p.Pid)]);
            // Not the process's own exit wait: that also waits for the end of its output, which orphans may still hold.
            await Eventually.AssertAsync(() => Task.FromResult(!ProcessTable.IsAlive(first.Id)), "the AppHost dies of SIGKILL", TimeSpan.FromSeconds(30));
            Assert.True(orphans.All(p => p.IsAlive), $"the hard stop was meant to leave an nginx worker and the dashboard behind: {string.Join(", ", orphans)}");
        }

        await using (var second = AppHostProcess.Start("apphost-2", args))
        {
            await WaitUntilStackAnswersAsync(second);
            var kept = await QueryAtAsync("up{job=\"api\",instance=\"api-0\"}", scrapedAt);
            Assert.True(kept == 1, $"Prometheus lost the samples written before the crash (up at {scrapedAt} = {kept?.ToString(CultureInfo.InvariantCulture) ?? "none"})\n{second.Output}");
            Assert.True(_firstRun.All(p => !p.IsAlive), $"left running from the first run: {string.Join(", ", _firstRun.Where(p => p.IsAlive))}\n{second.Output}");
            await StopGracefullyAsync(second);
        }

        await Eventually.AssertAsync(() => Task.FromResult(Leftovers.Find(_workspace.StateDirectory).Count == 0),
            "no process of the stack outlives the AppHost", TimeSpan.FromSeconds(30));
    }

    /// <summary>A start on the folder of a live AppHost: exit code 1, one line naming the owner's PID, and the first stack as it was.</summary>
    private async Task SecondStartRefusesAndTouchesNothingAsync(ManagedProcess first, string[] args)
    {
        await using var refused = AppHostProcess.Start("apphost-refused", args);
        Assert.Equal(1, await refused.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("MonitoringStack: ", line, StringComparison.Ordinal);
        Assert.Contains($"PID {first.Id}", line, StringComparison.Ordinal);
        Assert.True(_firstRun.All(p => p.IsAlive), $"the refused start stopped: {string.Join(", ", _firstRun.Where(p => !p.IsAlive))}");
        await WaitUntilStackAnswersAsync(first);
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

/// <summary>A whole stack started twice (and refused once): alone, like the other end-to-end tests (see <see cref="RunningAppHostGroup"/>).</summary>
[CollectionDefinition(AppHostRestartTests.Name, DisableParallelization = true)]
public sealed class AppHostRestartGroup;
