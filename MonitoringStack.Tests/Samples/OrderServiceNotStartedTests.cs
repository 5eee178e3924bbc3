using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Aspire;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Samples;

/// <summary>
/// What a new user's first mistakes do to the sample's AppHost, started on DCP: a component that cannot run
/// as configured is not started and its log says why in one line; nothing throws, and the service's
/// replicas still run.
/// </summary>
[Collection(SampleAppHostGroup.Name)]
public sealed class OrderServiceNotStartedTests : IAsyncLifetime
{
    private static readonly string[] Components = ["prometheus", "alertmanager", "grafana", "nginx"];
    private TempFolder State { get; } = new("orders-not-started");
    private IDistributedApplicationTestingBuilder? _builder;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_builder is not null)
        {
            await _builder.DisposeAsync();
        }
        State.Dispose();
    }

    [Fact]
    public async Task An_unknown_runtime_setting_leaves_every_component_not_started_with_one_line_and_the_service_running()
    {
        await using var app = await StartAsync($"--{MonitoringOptions.RunAsKey}=vm");

        foreach (var name in Components)
        {
            Assert.Equal(
                $"{name} is not started: Monitoring:RunAs must be 'container' or 'executable', got 'vm'; fix the setting (appsettings.json, --Monitoring:RunAs=…) or remove it to let the package probe for a container runtime",
                Assert.Single(await ErrorLinesAsync(app, name)));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("orders-0", timeout.Token);
    }

    [Fact]
    public async Task A_program_path_that_does_not_exist_is_named_and_only_that_component_waits()
    {
        await using var app = await StartAsync($"--{MonitoringOptions.RunAsKey}=executable", "--Monitoring:Programs:Prometheus=/nowhere/prometheus");

        Assert.Equal(
            "prometheus is not started: Monitoring:Programs:Prometheus is '/nowhere/prometheus', which does not exist; fix the path, or remove the setting to use prometheus from PATH",
            Assert.Single(await ErrorLinesAsync(app, "prometheus")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.ResourceNotifications.WaitForResourceHealthyAsync("alertmanager", timeout.Token);
    }

    private async Task<DistributedApplication> StartAsync(params string[] settings)
    {
        var builder = _builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OrderService_AppHost>(
            [$"--{MonitoringOptions.StateDirectoryKey}={State.Path}", .. settings],
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60)));
        AppHostWorkspace.WithoutResourceLogs(builder, "OrderService.AppHost");
        return await AppHostWorkspace.StartAsync(builder, [], TimeSpan.FromMinutes(2));
    }

    /// <summary>The error lines of a resource's log (in the dashboard's console view), once it shows as not started, without their timestamps.</summary>
    private static async Task<List<string>> ErrorLinesAsync(DistributedApplication app, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.NotStarted, timeout.Token);
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(timeout.Token))
        {
            // A line's content starts with its timestamp; the reason follows the first space.
            lines.AddRange(batch.Where(l => l.IsErrorMessage).Select(l => l.Content[(l.Content.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
            if (lines.Count > 0)
            {
                return lines;
            }
        }
        return lines;
    }
}
