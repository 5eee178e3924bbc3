using System.Text.Json;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Publishing runs the built AppHost's publish pipeline (no container runtime needed): the manifest
/// azd reads.
/// </summary>
public sealed class PublishTests : IDisposable
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromSeconds(90);
    private readonly AppHostWorkspace _workspace = new(replicas: 2);

    public void Dispose() => _workspace.Dispose();

    private string Output => Path.Combine(_workspace.Folder, "publish");

    [Fact]
    public async Task Manifest_lists_every_resource_with_images_bind_mounts_and_secret_inputs()
    {
        var manifestPath = Path.Combine(Output, "aspire-manifest.json");
        await PublishAsync("--publisher", "manifest", "--output-path", manifestPath);

        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var resources = manifest.RootElement.GetProperty("resources");

        foreach (var replica in _workspace.Topology.ApiReplicas)
        {
            var api = resources.GetProperty(replica.Name);
            Assert.StartsWith("project.", api.GetProperty("type").GetString(), StringComparison.Ordinal);
            // Not proxied: the replica itself listens on its topology port.
            Assert.Equal(replica.Port, api.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").GetInt32());
            Assert.Equal("{chaos-token.value}", api.GetProperty("env").GetProperty("Chaos__Token").GetString());
        }

        var prometheus = resources.GetProperty("prometheus");
        Assert.StartsWith("container.", prometheus.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{ContainerImages.Prometheus.Image}:{ContainerImages.Prometheus.Tag}", prometheus.GetProperty("image").GetString());
        var bindMount = Assert.Single(prometheus.GetProperty("bindMounts").EnumerateArray());
        Assert.Equal("/etc/prometheus", bindMount.GetProperty("target").GetString());
        Assert.True(bindMount.GetProperty("readOnly").GetBoolean());
        Assert.Contains(prometheus.GetProperty("volumes").EnumerateArray(), v => v.GetProperty("target").GetString() == "/prometheus");

        var password = resources.GetProperty(StackParameters.GrafanaAdminPasswordName);
        Assert.True(password.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
        Assert.Equal("{grafana-admin-password.value}", resources.GetProperty("grafana").GetProperty("env").GetProperty("GF_SECURITY_ADMIN_PASSWORD").GetString());
        // Publishing runs beside a live stack of the same folder: it neither takes the folder's lock nor cleans leftovers.
        Assert.False(File.Exists(Path.Combine(_workspace.StateDirectory, StateFolderLock.FileName)), "publishing took the state folder's lock");
    }

    private Task<string> PublishAsync(params string[] args) =>
        AppHostProcess.RunAsync(PublishLimit, [.. args, .. _workspace.Args().Select(a => "--" + a)]);
}
