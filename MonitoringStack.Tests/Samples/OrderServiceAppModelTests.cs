using System.Xml.Linq;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Aspire;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Samples;

/// <summary>
/// The sample as a new user writes it, and what the package makes of it where a container runtime exists
/// (read from the application model: containers cannot start here).
/// </summary>
public sealed class OrderServiceAppModelTests : IDisposable
{
    private static readonly string SampleFolder = Path.Combine(RepositoryConfig.Root, "samples", "OrderService");
    private readonly TempFolder _state = new("orders-model");

    public void Dispose() => _state.Dispose();

    [Fact]
    public void The_apphost_is_at_most_15_lines_of_composition_and_knows_nothing_of_our_api()
    {
        var lines = File.ReadAllLines(Path.Combine(SampleFolder, "OrderService.AppHost", "AppHost.cs"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal))
            .ToList();

        Assert.True(lines.Count <= 15, $"{lines.Count} lines:\n{string.Join('\n', lines)}");
        Assert.StartsWith("var builder = DistributedApplication.CreateBuilder(args);", lines[0], StringComparison.Ordinal);
        Assert.Equal("builder.Build().Run();", lines[^1]);
        foreach (var project in Directory.EnumerateFiles(SampleFolder, "*.csproj", SearchOption.AllDirectories))
        {
            var references = XDocument.Load(project).Descendants("ProjectReference").Select(r => (string)r.Attribute("Include")!).ToList();
            Assert.DoesNotContain(references, r => r.Contains("MonitoringStack.Api", StringComparison.Ordinal) || r.Contains("ServiceDefaults", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("prometheus", "prom/prometheus", "/etc/prometheus")]
    [InlineData("alertmanager", "prom/alertmanager", "/etc/alertmanager")]
    [InlineData("grafana", "grafana/grafana", "/etc/grafana/provisioning")]
    [InlineData("nginx", "nginx", "/etc/nginx")]
    public async Task With_a_container_runtime_each_component_is_a_pinned_container_with_its_configuration_mounted_read_only(string name, string image, string configPath)
    {
        await using var builder = await CreateAsync("container");

        var container = Assert.IsAssignableFrom<ContainerResource>(builder.Resources.Single(r => r.Name == name));
        var annotation = Assert.Single(container.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(image, annotation.Image);
        Assert.NotEqual("latest", annotation.Tag);
        var mount = Assert.Single(container.Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == configPath);
        Assert.True(mount.IsReadOnly);
        Assert.Equal(Path.Combine(_state.Path, name, "config"), mount.Source);
    }

    [Fact]
    public async Task Without_one_the_same_calls_give_executables_and_replicas_stay_projects_with_their_own_ports()
    {
        await using var builder = await CreateAsync("executable");

        foreach (var name in new[] { "prometheus", "alertmanager", "grafana", "nginx" })
        {
            Assert.IsAssignableFrom<ExecutableResource>(builder.Resources.Single(r => r.Name == name));
        }
        var set = Assert.Single(builder.Resources.OfType<ReplicaSetResource>());
        Assert.Equal(["orders-0", "orders-1"], set.Replicas.Select(r => r.Name));
        foreach (var replica in set.Replicas)
        {
            var endpoint = Assert.Single(replica.Annotations.OfType<EndpointAnnotation>());
            Assert.False(endpoint.IsProxied);
            Assert.Contains(replica.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == ProcessFaultCommands.Kill);
        }
    }

    [Fact]
    public async Task A_new_run_forgets_the_last_runs_notification_log_and_keeps_its_silences()
    {
        // The last run stopped with an alert firing: its resolved notification was never sent, and the log
        // would hold the same alert back as already notified when it fires again in this run.
        var data = Directory.CreateDirectory(Path.Combine(_state.Path, "alertmanager", "data")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "nflog"), "last run");
        await File.WriteAllTextAsync(Path.Combine(data, "silences"), "kept");

        await using var builder = await CreateAsync("executable");

        Assert.False(File.Exists(Path.Combine(data, "nflog")));
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(data, "silences")));
    }

    private Task<IDistributedApplicationTestingBuilder> CreateAsync(string runAs) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.OrderService_AppHost>(
            [$"--{MonitoringOptions.StateDirectoryKey}={_state.Path}", $"--{MonitoringOptions.RunAsKey}={runAs}"],
            (options, _) => options.DisableDashboard = true,
            TestTimeouts.Token(TimeSpan.FromSeconds(60)));
}
