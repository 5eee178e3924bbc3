using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MonitoringStack.AppHost;
using MonitoringStack.Hosting;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Faults;
using MonitoringStack.Faults.Switches;
using MonitoringStack.Tests.Api;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The AppHost started for real on DCP (executables mode) and used as a person would: through nginx,
/// Prometheus, the alert receiver, and the resource commands the dashboard shows.
/// </summary>
[Collection(RunningAppHostGroup.Name)]
public sealed class StackEndToEndTests(RunningAppHost stack, ITestOutputHelper output)
{
    private static readonly TimeSpan ScrapeSettle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_started_resource_is_healthy_every_target_up_and_every_rule_group_loaded()
    {
        // Healthy was awaited by the fixture; the stack resource tells how the infrastructure runs.
        var stackState = stack.App.ResourceNotifications.TryGetCurrentState(StackControl.Name, out var stackEvent) ? stackEvent : null;
        Assert.NotNull(stackState);
        Assert.Contains(stackState.Snapshot.Properties, p => p.Name == "stack.infrastructure" && Equals(p.Value, "executables"));

        IReadOnlyList<(string Job, string Instance, string Health)> targets = [];
        await Eventually.AssertAsync(async () =>
        {
            targets = await stack.TargetsAsync();
            return targets.Count > 0 && targets.All(t => t.Health == "up");
        }, "every Prometheus target up", ScrapeSettle);
        Assert.Equal(["alertmanager", "api", "api-signal", "faults", "nginx", "node", "prometheus"], targets.Select(t => t.Job).Distinct().Order(StringComparer.Ordinal));
        // Every replica twice: the api job (every metric, 5 s) and the autoscaler's signal job (1 s).
        Assert.Equal(["api-0", "api-1"], targets.Where(t => t.Job == "api").Select(t => t.Instance).Order(StringComparer.Ordinal));
        Assert.Equal(["api-0", "api-1"], targets.Where(t => t.Job == "api-signal").Select(t => t.Instance).Order(StringComparer.Ordinal));

        using var rules = JsonDocument.Parse(await stack.Http.GetStringAsync(new Uri($"http://127.0.0.1:{stack.Topology.Ports.Prometheus}/api/v1/rules")));
        var loaded = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(RuleFiles.AllRules.Select(r => (r.File, r.Group)).Distinct().Select(g => g.Group).Order(StringComparer.Ordinal), loaded);
    }

    [Fact]
    public async Task Requests_through_nginx_are_spread_over_every_replica()
    {
        // Within a few seconds: nginx keeps a replica that just failed (another test's kill) out for 5 s.
        var instances = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.AssertAsync(async () =>
        {
            instances.Add((await stack.Http.GetFromJsonAsync<JsonElement>(stack.Nginx)).GetProperty("instance").GetString()!);
            return instances.Count == 2;
        }, "answers from api-0 and api-1 through nginx", TimeSpan.FromSeconds(20));
        Assert.Equal(["api-0", "api-1"], instances.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Killed_replica_is_notified_restarted_by_the_apphost_and_resolved()
    {
        var start = DateTimeOffset.UtcNow;
        // Held down 8 s: longer than the 5 s scrape interval, so Prometheus sees it down for certain.
        await stack.CommandAsync("api-1", ProcessFaultCommands.Kill, (ProcessFaultCommands.KeepDownArgument, "8"));
        // The dashboards' annotation shows the kill while the replica is down (8 s and more: longer than a scrape).
        await Eventually.AssertAsync(async () => await KillAnnotationAsync("api-1") == 1, "the stack faults annotation returns kill on api-1", TimeSpan.FromSeconds(20));

        await Eventually.AssertAsync(async () => (await stack.NotificationsAsync()).Any(n => n.ReceivedAt >= start && n.Path == "/alerts"
                && n.Alerts.Any(a => a.AlertName == "AppDown" && a.Status == "firing" && a.Labels.GetValueOrDefault("instance") == "api-1")),
            "AppDown (api-1) firing notified at the alert receiver", TimeSpan.FromSeconds(60));
        await Eventually.AssertAsync(() => Task.FromResult(stack.Journal(MonitoringJournal.RestartsFile)
                .Any(r => r.GetProperty("resource").GetString() == "api-1" && r.GetProperty("restartedAt").GetDateTimeOffset() >= start)),
            "api-1 restarted by the AppHost (restarts.jsonl)", TimeSpan.FromSeconds(30));
        await Eventually.AssertAsync(() => stack.ReplicaHealthyAsync(stack.Topology.ApiReplicas[1]), "api-1 healthy again", TimeSpan.FromSeconds(30));
        await Eventually.AssertAsync(async () => (await stack.NotificationsAsync()).Any(n => n.ReceivedAt >= start && n.Path == "/alerts"
                && n.Alerts.Any(a => a.AlertName == "AppDown" && a.Status == "resolved" && a.Labels.GetValueOrDefault("instance") == "api-1")),
            "AppDown (api-1) resolved notified", TimeSpan.FromSeconds(90));

        var fault = Assert.Single(stack.Journal(MonitoringJournal.FaultsFile), f => f.GetProperty("kind").GetString() == "kill" && f.GetProperty("at").GetDateTimeOffset() >= start);
        Assert.Equal("api-1", fault.GetProperty("target").GetString());
        // Serving again: the window is closed (the series stays, at 0). The faults job is scraped on its own
        // schedule, so Prometheus may still hold the last 1 when AppDown's resolution has already arrived.
        await Eventually.AssertAsync(async () => (await stack.Prometheus.QueryAsync("monitoringstack_fault_active{fault=\"kill\", target=\"api-1\"}")).Any(s => s.Value == 0),
            "the kill window on api-1 closed (0) at a later scrape", ScrapeSettle);
        Assert.Null(await KillAnnotationAsync("api-1"));
        // The exit was this kill's, not a crash (the kill's window opens before the signal).
        Assert.Empty(await stack.Prometheus.QueryAsync("monitoringstack_fault_active{fault=\"crash\", target=\"api-1\"}"));
    }

    /// <summary>
    /// Prometheus cannot scrape during its own restart: the fault board holds the restart at 1 until a scrape has
    /// seen it, so the window is recorded (by the restarted Prometheus) and then closes.
    /// </summary>
    [Fact]
    public async Task A_prometheus_restart_is_recorded_by_the_restarted_prometheus_and_then_closes()
    {
        var driver = stack.App.Services.GetRequiredService<AspireStackDriver>();
        const string Restart = "monitoringstack_fault_active{fault=\"restart\", target=\"prometheus\"}";

        var detail = await driver.ExecuteAsync(new FaultAction { At = 0, Action = "restart-prometheus" }, CancellationToken.None);

        Assert.Contains("ready after", detail, StringComparison.Ordinal);
        await Eventually.AssertAsync(async () => (await stack.Prometheus.QueryAsync($"max_over_time({Restart}[5m])")).Any(s => s.Value == 1),
            "the restart recorded at 1 by the restarted Prometheus", ScrapeSettle);
        await Eventually.AssertAsync(async () => (await stack.Prometheus.QueryAsync(Restart)).Any(s => s.Value == 0),
            "the restart window closed (0) at a later scrape", ScrapeSettle);
    }

    private async Task<double?> KillAnnotationAsync(string replica) => (await stack.Prometheus.QueryAsync(DashboardQueries.StackFaultsAnnotation))
        .Where(s => s.Labels.GetValueOrDefault("fault") == "kill" && s.Labels.GetValueOrDefault("target") == replica)
        .Select(s => (double?)s.Value).SingleOrDefault();

    [Fact]
    public async Task Pause_and_partition_cut_a_replica_off_until_resumed_and_healed()
    {
        var replica = stack.Topology.ApiReplicas[1];
        using var quick = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        await stack.CommandAsync(replica.Name, ProcessFaultCommands.Pause);
        try
        {
            // SIGSTOP: the kernel still accepts the connection, nothing answers.
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => quick.GetAsync(new Uri($"http://127.0.0.1:{replica.Port}/health")));
        }
        finally
        {
            await stack.CommandAsync(replica.Name, ProcessFaultCommands.Resume);
        }
        await Eventually.AssertAsync(() => stack.ReplicaHealthyAsync(replica), $"{replica.Name} answers after resume", TimeSpan.FromSeconds(10));

        if (NetworkPartition.WhyNot() is { } reason)
        {
            // Without root the command must refuse, saying why.
            var refused = await stack.App.ResourceCommands.ExecuteCommandAsync(replica.Name, ProcessFaultCommands.Partition);
            Assert.False(refused.Success);
            Assert.Equal(reason, refused.Message);
            return;
        }
        await stack.CommandAsync(replica.Name, ProcessFaultCommands.Partition);
        try
        {
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => quick.GetAsync(new Uri($"http://127.0.0.1:{replica.Port}/health")));
            // Requests through nginx still succeed: the other replica takes them.
            using var through = await stack.Http.GetAsync(new Uri(stack.Nginx, "/data?page=1"));
            Assert.True(through.IsSuccessStatusCode, $"nginx answered {(int)through.StatusCode} while one replica was partitioned");
        }
        finally
        {
            await stack.CommandAsync(replica.Name, ProcessFaultCommands.Heal);
        }
        await Eventually.AssertAsync(() => stack.ReplicaHealthyAsync(replica), $"{replica.Name} answers after heal", TimeSpan.FromSeconds(10));
        Assert.Equal(["pause", "resume", "partition", "heal"], stack.Journal(MonitoringJournal.FaultsFile)
            .Where(f => f.GetProperty("target").GetString() == replica.Name).Select(f => f.GetProperty("kind").GetString()).TakeLast(4));
    }

    [Fact]
    public async Task Scaling_2_to_4_to_2_under_load_fails_no_request_and_new_replicas_are_scraped()
    {
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => SteadyLoadAsync(stack.Nginx, stop.Token)).ToArray();
        try
        {
            using (var watching = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                var events = WatchRunningAndHealthyAsync(["api-2", "api-3"], watching.Token);
                await stack.CommandAsync(ApiReplicaResources.SetName, ReplicaResourceBuilderExtensions.ScaleCommand, (ReplicaResourceBuilderExtensions.ReplicasArgument, "4"));
                // Until Aspire reports both healthy: its health checks lag the scaler's own readiness poll, by which the
                // command completes (a native replica answers within a second, before Aspire's first check).
                var order = await events;
                output.WriteLine($"scale-up events: {string.Join(", ", order)}");
                // Started together: both new replicas run before either is healthy (one after another, the
                // second would start only once the first answered its health path).
                var firstHealthy = order.FindIndex(e => e.EndsWith(" healthy", StringComparison.Ordinal));
                Assert.True(firstHealthy >= 2 && order.Take(firstHealthy).Count(e => e.EndsWith(" running", StringComparison.Ordinal)) == 2,
                    $"both new replicas should be running before the first is healthy: {string.Join(", ", order)}");
            }
            await Eventually.AssertAsync(async () => (await stack.TargetsAsync()).Count(t => t.Job == "api" && t.Health == "up") == 4,
                "four api targets up in Prometheus", ScrapeSettle);
            var served = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.AssertAsync(async () =>
            {
                served.Add((await stack.Http.GetFromJsonAsync<JsonElement>(stack.Nginx)).GetProperty("instance").GetString()!);
                return served.Count == 4;
            }, "answers from all four replicas through nginx", TimeSpan.FromSeconds(20));

            await stack.CommandAsync(ApiReplicaResources.SetName, ReplicaResourceBuilderExtensions.ScaleCommand, (ReplicaResourceBuilderExtensions.ReplicasArgument, "2"));
            await Eventually.AssertAsync(async () => (await stack.TargetsAsync()).Count(t => t.Job == "api") == 2,
                "api-2 and api-3 gone from Prometheus' targets", ScrapeSettle);
            // A little more load on the two that remain.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await stop.CancelAsync();
            // Back to the fixture's two replicas when an assertion failed before, so the other tests see the stack they expect.
            var api = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ReplicaSetResource>().Single(r => r.Name == ApiReplicaResources.SetName);
            if (api.Running != 2)
            {
                await stack.CommandAsync(ApiReplicaResources.SetName, ReplicaResourceBuilderExtensions.ScaleCommand, (ReplicaResourceBuilderExtensions.ReplicasArgument, "2"));
            }
        }
        var results = await Task.WhenAll(load);
        Assert.True(results.Sum(r => r.Ok) > 200, $"too little load to prove anything: {results.Sum(r => r.Ok)} requests");
        var failures = results.SelectMany(r => r.Failures).ToArray();
        Assert.True(failures.Length == 0, $"{failures.Length} failed requests while scaling:\n{string.Join("\n", failures)}");
        // Resets by a reload are a race with at most the few connections idle at that instant: rare, not routine.
        var retried = results.Sum(r => r.Retried);
        output.WriteLine($"{results.Sum(r => r.Ok)} requests served, {retried} retried once after a reload closed their keep-alive connection");
        Assert.True(retried <= results.Length * 2, $"{retried} requests needed a retry: more than the connections a reload can catch idle");
        var scalings = stack.Journal(MonitoringJournal.ScalingFile).TakeLast(2).ToArray();
        Assert.Equal([(2, 4), (4, 2)], scalings.Select(s => (s.GetProperty("from").GetInt32(), s.GetProperty("to").GetInt32())));
        // Each new replica's join, what the spike's "time to first new replica" counts to, within the scale-up.
        var up = scalings[0];
        var joins = up.GetProperty("joined").EnumerateArray().Select(j => (Replica: j.GetProperty("replica").GetString(), At: j.GetProperty("joinedAt").GetDateTimeOffset())).ToArray();
        Assert.Equal(["api-2", "api-3"], joins.Select(j => j.Replica).Order());
        Assert.All(joins, j => Assert.InRange(j.At, up.GetProperty("requestedAt").GetDateTimeOffset(), up.GetProperty("completedAt").GetDateTimeOffset()));
    }

    /// <summary>The first Running state and the first Healthy status of each of <paramref name="names"/>, in the order they happened.</summary>
    private async Task<List<string>> WatchRunningAndHealthyAsync(string[] names, CancellationToken cancellationToken)
    {
        var seen = new List<string>();
        try
        {
            await foreach (var e in stack.App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (!names.Contains(e.Resource.Name))
                {
                    continue;
                }
                var running = $"{e.Resource.Name} running";
                var healthy = $"{e.Resource.Name} healthy";
                if (e.Snapshot.State?.Text == KnownResourceStates.Running && !seen.Contains(running))
                {
                    seen.Add(running);
                }
                if (e.Snapshot.HealthStatus == HealthStatus.Healthy && !seen.Contains(healthy))
                {
                    seen.Add(healthy);
                }
                if (names.All(name => seen.Contains($"{name} healthy")))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not all healthy in time: what was seen so far is the answer (the assertion names it).
        }
        return seen;
    }

    /// <summary>
    /// One path runs a fault: an experiment's chaos step goes through the replica's dashboard command (the
    /// catalogue's command, with the step's parameters as its arguments), which sends it with the token and
    /// journals it; the command refuses parameters the catalogue refuses before anything is sent.
    /// </summary>
    [Fact]
    public async Task Experiments_run_a_chaos_fault_through_the_replicas_dashboard_command()
    {
        var driver = stack.App.Services.GetRequiredService<AspireStackDriver>();
        var replica = stack.Topology.ApiReplicas[1];
        var step = new FaultAction { At = 0, Action = "chaos", Target = replica.Name, Fault = "latency", Body = new() { ["delayMs"] = "250", ["durationSeconds"] = "30" } };
        try
        {
            var detail = await driver.ExecuteAsync(step, CancellationToken.None);

            const string sent = """POST /chaos/latency {"delayMs":250,"durationSeconds":30}""";
            Assert.StartsWith($"{sent} on {replica.Name}: 200", detail, StringComparison.Ordinal);
            var journaled = stack.Journal(MonitoringJournal.FaultsFile)[^1];
            Assert.Equal(FaultCatalogue.Latency.CommandName, journaled.GetProperty("kind").GetString());
            Assert.Equal(replica.Name, journaled.GetProperty("target").GetString());
            Assert.Equal(sent, journaled.GetProperty("detail").GetString());
            using (var view = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{replica.Port}/chaos")))
            {
                view.Headers.Add(ChaosOptions.TokenHeader, AppHostWorkspace.ChaosToken);
                using var response = await stack.Http.SendAsync(view);
                var active = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").EnumerateArray().Single();
                Assert.Equal("latency", active.GetProperty("fault").GetString());
                Assert.Equal(250, active.GetProperty("settings").GetProperty("delayMs").GetInt32());
            }

            var refused = await stack.App.ResourceCommands.ExecuteCommandAsync(replica.Name, FaultCatalogue.Latency.CommandName,
                new InteractionInputCollection([new InteractionInput { Name = "delayMs", Label = "delayMs", InputType = InputType.Number, Value = "0" }]));
            Assert.False(refused.Success, "delayMs 0 must be refused by the command's argument check");
        }
        finally
        {
            await driver.ExecuteAsync(new FaultAction { Action = "chaos-reset", Target = replica.Name }, CancellationToken.None);
        }
        Assert.Equal(FaultCatalogue.Reset.CommandName, stack.Journal(MonitoringJournal.FaultsFile)[^1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Every_dashboard_panel_query_returns_data_against_the_stacks_prometheus()
    {
        await stack.CommandAsync("loadgen", "resource-start");
        // The experiment annotation needs one running; the stack faults one gets the error fault from the command.
        using var experiment = stack.App.Services.GetRequiredService<AspireStackDriver>().ExperimentRunning("dashboard-queries");
        await stack.CommandAsync("api-1", "chaos-errors");
        var traffic = MixedTraffic.Start(stack.Http, [.. stack.Topology.ApiReplicas.Select(r => new Uri($"http://127.0.0.1:{r.Port}"))]);
        try
        {
            await traffic.ShedBurstAsync(new Uri($"http://127.0.0.1:{stack.Topology.ApiReplicas[0].Port}"));
            foreach (var file in DashboardQueries.DashboardFiles)
            {
                var variables = await DashboardQueries.ResolveVariablesWithRetryAsync(file, stack.Prometheus, TimeSpan.FromSeconds(90));
                var queries = DashboardQueries.Queries(file).Select(q => (Name: $"{Path.GetFileName(file)}: {q.Panel}", Query: DashboardQueries.Substitute(q.Expression, variables))).ToArray();
                Assert.NotEmpty(queries);
                await DashboardQueries.AssertAllHaveDataAsync(stack.Prometheus, queries, TimeSpan.FromSeconds(90), () => $"{traffic.RequestsSent} requests sent");
            }
        }
        finally
        {
            await traffic.DisposeAsync();
            await stack.CommandAsync("api-1", "chaos-reset");
            await stack.CommandAsync("loadgen", "resource-stop");
        }
    }

    /// <summary>
    /// Back-to-back GETs through nginx on keep-alive connections until stopped. A graceful reload closes
    /// nginx's idle keep-alive connections; a GET sent on one at that very moment is reset before any
    /// answer, and HTTP clients retry such a request once on a new connection (RFC 9112 §9.3.1: a
    /// client may retransmit idempotent requests aborted by a closed persistent connection), as
    /// browsers do. This client does the same and counts it; anything else (an error status, a second
    /// failure, a reset after an answer began) is a failed request.
    /// </summary>
    /// <summary>
    /// One client on one keep-alive connection, sending GETs until stopped. A reload can close that
    /// connection just as a request goes out (the server's close races the client's send, RFC 9112
    /// §9.6); the request is then retried once, as §9.3.1 allows for idempotent ones. With a single
    /// connection the retry is sure to go out on a new one: through a shared pool it could take another
    /// connection the same reload is closing, and fail again.
    /// </summary>
    private static async Task<(int Ok, int Retried, List<string> Failures)> SteadyLoadAsync(Uri nginx, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { Timeout = TimeSpan.FromSeconds(10) };
        var ok = 0;
        var retried = 0;
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(nginx, "/data?page=1"), CancellationToken.None);
                    if (response.IsSuccessStatusCode)
                    {
                        ok++;
                    }
                    else
                    {
                        failures.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode}");
                    }
                    break;
                }
                catch (HttpRequestException ex) when (attempt == 1 && ex.InnerException is IOException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset } })
                {
                    retried++;
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {ex.Message} ({ex.InnerException?.GetType().Name}: {ex.InnerException?.Message})");
                    break;
                }
            }
            await Task.Delay(20, CancellationToken.None);
        }
        return (ok, retried, failures);
    }
}
