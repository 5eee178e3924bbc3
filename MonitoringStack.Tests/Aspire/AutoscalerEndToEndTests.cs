using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Api;
using Xunit.Abstractions;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The autoscaler of a real stack: load through nginx makes it add replicas from what Prometheus scraped,
/// and once the load is gone it removes them, but not before its scale-down window has passed.
/// </summary>
[Collection(AutoscalingAppHostGroup.Name)]
public sealed class AutoscalerEndToEndTests(AutoscalingAppHost stack, ITestOutputHelper output)
{
    // A closed model: 8 clients, each sending its next order when the last one is answered, keep at most 8
    // requests in flight whatever the replica count; one replica (4 slots + a queue of 16) holds them without
    // shedding. How many of the 8 are at the API rather than in nginx or the client depends on how busy the
    // machine is (6-7.5 on one replica, 4-8 in all on more), so the autoscaler wants 2 or 3 replicas: the
    // test asserts the rules, not one count.
    private const int Clients = 8;

    [Fact]
    public async Task Load_scales_the_stack_up_within_seconds_and_after_it_back_down_once_the_window_has_passed()
    {
        Assert.Equal("true", stack.StackProperty(AutoscalerStatus.EnabledProperty));
        var clock = Stopwatch.StartNew();
        var loadStarted = DateTimeOffset.UtcNow;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(_ => ClosedLoopAsync(stack.Http, stack.Nginx, stop.Token)).ToArray();
        TimeSpan scaledUpAfter;
        try
        {
            await Eventually.AssertAsync(() => Task.FromResult(Scalings().Any(s => s.To > s.From)),
                "a scale-up by the autoscaler (scaling.jsonl)", TimeSpan.FromSeconds(40));
            scaledUpAfter = clock.Elapsed;
            // Held until the autoscaler has read the load spread over the new replicas, which it must not scale down.
            await Eventually.AssertAsync(() => Task.FromResult(stack.Journal(AutoscalerJournal.File)
                    .Any(d => d.GetProperty("current").GetInt32() > 1 && d.GetProperty("recommendation").ValueKind == JsonValueKind.Number)),
                "a reading of the load on the new replicas", TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stop.CancelAsync();
        }
        var loadStopped = DateTimeOffset.UtcNow;
        var results = await Task.WhenAll(clients);
        var peak = Scalings().Max(s => s.To);

        await Eventually.AssertAsync(() => Task.FromResult(Scalings().Last().To == 1),
            "back to one replica after the load (scaling.jsonl)", TimeSpan.FromSeconds(75));
        var total = clock.Elapsed;

        var decisions = stack.Journal(AutoscalerJournal.File);
        var ups = decisions.Where(d => Action(d) == "scaleUp").ToArray();
        var downs = decisions.Where(d => Action(d) == "scaleDown").ToArray();
        // The decision log from the load's start, one line per change of what it said (as the stack's log has it).
        string? said = null;
        foreach (var line in decisions.Where(d => d.GetProperty("at").GetDateTimeOffset() >= loadStarted))
        {
            var reason = line.GetProperty("reason").GetString()!;
            var gist = $"{Action(line)} {new string(reason.Where(char.IsLetter).ToArray())}";
            if (gist != said || line.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String)
            {
                output.WriteLine($"+{(line.GetProperty("at").GetDateTimeOffset() - loadStarted).TotalSeconds,5:0.0} s {Action(line)}: {reason} {(line.TryGetProperty("outcome", out var outcome) ? outcome.ToString() : "")}");
                said = gist;
            }
        }
        output.WriteLine($"load stopped at +{(loadStopped - loadStarted).TotalSeconds:0.0} s");
        output.WriteLine($"{results.Sum(r => r.Ok)} orders served, {results.Sum(r => r.Failures.Count)} failed; scaled up {scaledUpAfter.TotalSeconds:0.0} s after the load began, to {peak}; back to 1 at {total.TotalSeconds:0.0} s");
        foreach (var failure in results.SelectMany(r => r.Failures))
        {
            output.WriteLine($"failed: {failure}");
        }

        // Up: from the replicas' own signal, with its inputs, to what 8 requests in flight need.
        // Up once (no second step while the first one's replicas settle in), then down.
        var up = Assert.Single(ups);
        Assert.Equal(1, up.GetProperty("current").GetInt32());
        Assert.True(up.GetProperty("readings").GetProperty("api-0").GetDouble() > 2.8 * 1.1, up.GetProperty("reason").GetString());
        Assert.True(peak >= 2, $"scaled up to {peak} only");
        Assert.StartsWith("api 1 -> ", up.GetProperty("outcome").GetString(), StringComparison.Ordinal);

        // Down: never to one replica while the load lasted (it overloads one), and only when no higher count was
        // recommended (or set) within the window before it: the scale-down window as the HPA has it.
        Assert.NotEmpty(downs);
        foreach (var down in downs)
        {
            var at = down.GetProperty("at").GetDateTimeOffset();
            Assert.True(at > loadStopped || down.GetProperty("to").GetInt32() > 1,
                $"scaled down to one replica at {at:HH:mm:ss.f}, while the load lasted (until {loadStopped:HH:mm:ss.f})");
            var higher = decisions.Where(d => d.GetProperty("at").GetDateTimeOffset() > at.AddSeconds(-AutoscalingAppHost.ScaleDownWindowSeconds)
                    && d.GetProperty("at").GetDateTimeOffset() < at
                    && (d.GetProperty("recommendation").ValueKind == JsonValueKind.Number && d.GetProperty("recommendation").GetInt32() > down.GetProperty("to").GetInt32()
                        || Action(d) == "scaleUp" && d.GetProperty("to").GetInt32() > down.GetProperty("to").GetInt32()))
                .ToArray();
            Assert.True(higher.Length == 0, $"scaled down to {down.GetProperty("to").GetInt32()} at {at:HH:mm:ss.f} with {higher.Length} higher recommendations in the {AutoscalingAppHost.ScaleDownWindowSeconds} s before it");
        }
        Assert.Contains(decisions, d => d.GetProperty("reason").GetString()!.Contains("by the scale-down window", StringComparison.Ordinal));

        // Every change went through the scale command, and the load was carried (a reload of nginx can reset
        // a POST on a keep-alive connection at that instant, which this plain client does not retry: a few at most).
        Assert.Equal(Scalings().Count, ups.Length + downs.Length);
        Assert.True(results.Sum(r => r.Failures.Count) <= Clients, $"{results.Sum(r => r.Failures.Count)} orders failed");
        Assert.True(results.Sum(r => r.Ok) > 500, $"too little load to prove anything: {results.Sum(r => r.Ok)} orders");
        Assert.Contains(" -> 1", stack.StackProperty(AutoscalerStatus.DecisionProperty), StringComparison.Ordinal);

        // The experiments' driver reads the same journals (what the spike experiment compares its variants with).
        var driver = stack.App.Services.GetRequiredService<AspireStackDriver>();
        var changes = await driver.ReplicaChangesAsync(ApiReplicaResources.SetName, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(Scalings(), changes.Select(c => (c.From, c.To)));
        Assert.All(changes, c => Assert.True(c.CompletedAt >= c.RequestedAt));
        var seen = await driver.AutoscalerDecisionsAsync(loadStarted, CancellationToken.None);
        Assert.Equal(ups.Length + downs.Length, seen.Count(d => d.Changes));
        Assert.Equal(up.GetProperty("reason").GetString(), seen.First(d => d.Action == "scaleUp").Reason);

        // Switched off through the driver, which uses the stack's command (how one stack is measured with fixed
        // replicas too): it returns once the loop has taken the switch in, so the switch is journaled by then.
        await driver.SetAutoscalingAsync(false, CancellationToken.None);
        Assert.Equal("autoscaler switched off (command)", stack.Journal(AutoscalerJournal.File)[^1].GetProperty("reason").GetString());
        Assert.StartsWith("false", stack.StackProperty(AutoscalerStatus.EnabledProperty), StringComparison.Ordinal);

        // And people see the same decisions in the stack resource's log in the dashboard.
        var logged = new List<string>();
        await foreach (var batch in stack.App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(StackControl.Name))
        {
            logged.AddRange(batch.Select(l => l.Content));
        }
        Assert.Contains(logged, l => l.Contains("Autoscaler ScaleUp", StringComparison.Ordinal) && l.Contains("scale up 1 -> ", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("Autoscaler ScaleDown", StringComparison.Ordinal));
    }

    private static string? Action(JsonElement decision) => decision.GetProperty("action").GetString();

    private List<(int From, int To)> Scalings() =>
        [.. stack.Journal(MonitoringJournal.ScalingFile).Select(s => (s.GetProperty("from").GetInt32(), s.GetProperty("to").GetInt32()))];

    private static async Task<(int Ok, List<string> Failures)> ClosedLoopAsync(HttpClient http, Uri nginx, CancellationToken stop)
    {
        var ok = 0;
        var failures = new List<string>();
        var order = new { category = "books", quantity = 1, unitPrice = 9.99m };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(nginx, "/process"), order, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    ok++;
                }
                else
                {
                    failures.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode}");
                }
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {ex.Message} ({ex.InnerException?.Message})");
            }
        }
        return (ok, failures);
    }
}
