using System.Diagnostics;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Aspire;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Samples;

/// <summary>
/// The hosting package on a service that is not ours: samples/OrderService's own AppHost started on DCP
/// (executables here: no container runtime), in a throw-away state folder on ports Aspire chooses.
/// </summary>
[Collection(SampleAppHostGroup.Name)]
public sealed class OrderServiceEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Started = ["orders-0", "orders-1", "alert-receiver", "alertmanager", "prometheus", "nginx"];
    private TempFolder State { get; } = new("orders-sample");
    private HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };
    private IDistributedApplicationTestingBuilder _builder = null!;
    private DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        _builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OrderService_AppHost>(
            [$"--{MonitoringOptions.StateDirectoryKey}={State.Path}", $"--{MonitoringOptions.RunAsKey}=executable"],
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60)));
        // The replicas' request logs and the health checks failing by design until a resource is up would bury a failure in CI's console.
        _builder.Services.AddLogging(logging => logging
            .AddFilter("OrderService.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _app = await _builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var name in Started)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        await _builder.DisposeAsync();
        Http.Dispose();
        State.Dispose();
    }

    [Fact]
    public async Task Killed_replica_fires_the_samples_own_alert_at_the_receiver_while_nginx_keeps_serving()
    {
        var prometheus = _app.GetEndpoint("prometheus", "http");
        var nginx = _app.GetEndpoint("nginx", "http");
        var receiver = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<AlertReceiverResource>().Single();

        await Eventually.AssertAsync(async () =>
        {
            var targets = await TargetsAsync(prometheus);
            return targets.Contains(("orders", "orders-0", "up")) && targets.Contains(("orders", "orders-1", "up"));
        }, "both replicas are up targets of job orders, each with its own instance label", TimeSpan.FromSeconds(30));
        using (var rules = JsonDocument.Parse(await Http.GetStringAsync(new Uri(prometheus, "/api/v1/rules"))))
        {
            var groups = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
            Assert.Contains("orders", groups);
        }

        using var traffic = new CancellationTokenSource();
        var load = KeepRequestingAsync(new Uri(nginx, "/orders"), traffic.Token);
        var killedAt = DateTimeOffset.UtcNow;
        var kill = await _app.ResourceCommands.ExecuteCommandAsync("orders-1", ProcessFaultCommands.Kill,
            new InteractionInputCollection([new InteractionInput { Name = ProcessFaultCommands.KeepDownArgument, Label = "keep down", InputType = InputType.Text, Value = "30" }]));
        Assert.True(kill.Success, kill.Message);

        await Eventually.AssertAsync(async () => (await FiringAsync(receiver.Url, "OrdersReplicaDown")).Contains("orders-1"),
            () => "OrdersReplicaDown for orders-1 reaches the alert receiver", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
        var notifiedAfter = DateTimeOffset.UtcNow - killedAt;

        await traffic.CancelAsync();
        var (served, failed) = await load;
        Assert.True(served > 20, $"only {served} requests went through nginx during the fault");
        Assert.True(failed == 0, $"{failed} of {served + failed} requests through nginx failed while orders-1 was down (notified after {notifiedAfter.TotalSeconds:0.0} s)");
    }

    private async Task<(int Served, int Failed)> KeepRequestingAsync(Uri url, CancellationToken stop)
    {
        var (served, failed) = (0, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await Http.GetAsync(url, CancellationToken.None);
                (served, failed) = response.IsSuccessStatusCode ? (served + 1, failed) : (served, failed + 1);
            }
            catch (HttpRequestException)
            {
                failed++;
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return (served, failed);
    }

    private async Task<IReadOnlyList<(string Job, string Instance, string Health)>> TargetsAsync(Uri prometheus)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(prometheus, "/api/v1/targets?state=active")));
        return document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("labels").GetProperty("instance").GetString()!, t.GetProperty("health").GetString()!))
            .ToArray();
    }

    /// <summary>The instances of the firing alerts named <paramref name="alertName"/> the receiver recorded.</summary>
    private async Task<IReadOnlyList<string>> FiringAsync(Uri receiver, string alertName)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(receiver, "/notifications")));
        return document.RootElement.EnumerateArray()
            .SelectMany(n => n.GetProperty("alerts").EnumerateArray())
            .Where(a => a.GetProperty("alertName").GetString() == alertName && a.GetProperty("status").GetString() == "firing")
            .Select(a => a.GetProperty("labels").TryGetProperty("instance", out var instance) ? instance.GetString()! : "")
            .ToArray();
    }
}

/// <summary>The sample's AppHost runs alone: a second application on DCP beside the stack's would starve both on two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleAppHostGroup
{
    public const string Name = "sample AppHost";
}
