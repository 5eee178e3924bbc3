using System.Text.Json;
using MonitoringStack.AppHost;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Publishing runs the built AppHost's publish pipeline (no container runtime needed): the manifest
/// azd reads, Docker Compose, and Kubernetes (where bind mounts must become ConfigMaps).
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
    }

    [Fact]
    public async Task Docker_compose_publishing_writes_services_for_the_whole_stack()
    {
        await PublishAsync("--operation", "publish", "--step", "publish", "--output-path", Output);

        var compose = File.ReadAllText(Path.Combine(Output, "docker-compose.yaml"));
        foreach (var service in new[] { "prometheus", "alertmanager", "grafana", "nginx", "api-0", "api-1" })
        {
            Assert.Contains($"  {service}:", compose, StringComparison.Ordinal);
        }
        Assert.Contains($"{ContainerImages.Grafana.Image}:{ContainerImages.Grafana.Tag}", compose, StringComparison.Ordinal);
        // Host paths of bind mounts become .env placeholders rather than this machine's paths.
        Assert.Contains("PROMETHEUS_BINDMOUNT_0", compose, StringComparison.Ordinal);
        Assert.Contains("/etc/prometheus", compose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubernetes_publishing_turns_config_folders_into_config_maps_instead_of_failing()
    {
        await PublishAsync("--operation", "publish", "--step", "publish", "--output-path", Output, "--Stack:PublishTarget=kubernetes");

        var yaml = string.Join("\n---\n", Directory.EnumerateFiles(Output, "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("kind: \"ConfigMap\"", yaml.Replace("kind: ConfigMap", "kind: \"ConfigMap\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("prometheus-config-0", yaml, StringComparison.Ordinal);
        Assert.Contains("/etc/prometheus", yaml, StringComparison.Ordinal);
        // The rule files travel inside the ConfigMap, under keys without '/'.
        Assert.Contains("rules_", yaml, StringComparison.Ordinal);
    }

    private Task<string> PublishAsync(params string[] args) =>
        AppHostProcess.RunAsync(PublishLimit, [.. args, .. _workspace.Args().Select(a => "--" + a)]);
}
