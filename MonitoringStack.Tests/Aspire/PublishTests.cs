using System.Text.Json;
using MonitoringStack.AppHost;
using MonitoringStack.Hosting;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Publishing runs the built AppHost's publish pipeline (no container runtime needed): the manifest azd
/// reads holds only resource types and fields of Aspire's manifest format, nothing local-only, one API
/// project, and configuration in folders azd can upload (a bind mount becomes an Azure Files share).
/// </summary>
public sealed class PublishTests : IDisposable
{
    private static readonly TimeSpan PublishLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The fields each resource type of the manifest format has (aspire.dev, "manifest format"; Aspire's
    /// ManifestPublishingContext writes them). Anything else, an "error" entry above all, azd cannot take.
    /// </summary>
    private static readonly Dictionary<string, string[]> DocumentedFields = new(StringComparer.Ordinal)
    {
        ["parameter.v0"] = ["type", "value", "inputs", "connectionString"],
        ["project.v0"] = ["type", "path", "args", "env", "bindings"],
        ["container.v0"] = ["type", "image", "entrypoint", "args", "env", "bindings", "bindMounts", "volumes", "connectionString"],
        ["value.v0"] = ["type", "connectionString", "value"],
    };

    private static readonly string[] BindingFields = ["scheme", "protocol", "transport", "port", "targetPort", "external"];

    private readonly AppHostWorkspace _workspace = new(replicas: 2, maxReplicas: 4);

    public void Dispose() => _workspace.Dispose();

    private string Output => Path.Combine(_workspace.Folder, "publish");

    [Fact]
    public async Task Manifest_holds_only_documented_types_and_fields_one_api_project_and_folder_mounts()
    {
        var manifestPath = Path.Combine(Output, "aspire-manifest.json");
        await PublishAsync("--publisher", "manifest", "--output-path", manifestPath);

        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var resources = manifest.RootElement.GetProperty("resources").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);

        foreach (var (name, resource) in resources)
        {
            var type = resource.TryGetProperty("type", out var t) ? t.GetString() : null;
            Assert.True(type is not null && DocumentedFields.ContainsKey(type), $"'{name}' has type '{type}' (fields: {string.Join(", ", resource.EnumerateObject().Select(p => p.Name))})");
            Assert.All(resource.EnumerateObject(), field => Assert.Contains(field.Name, DocumentedFields[type!]));
            if (resource.TryGetProperty("bindings", out var bindings))
            {
                Assert.All(bindings.EnumerateObject().SelectMany(b => b.Value.EnumerateObject()), field => Assert.Contains(field.Name, BindingFields));
            }
        }

        // Local only: the dashboard's stack control and experiments, the replica count and the fault switches' token.
        Assert.DoesNotContain(StackControl.Name, resources.Keys);
        Assert.DoesNotContain("experiments", resources.Keys);
        Assert.DoesNotContain(StackSettings.ReplicasParameter, resources.Keys);
        Assert.DoesNotContain(StackParameters.ChaosTokenName, resources.Keys);

        // One API project, whose replicas the platform runs; not api-0 … api-N.
        Assert.DoesNotContain(resources.Keys, name => name.StartsWith(ApiReplicaResources.NamePrefix, StringComparison.Ordinal));
        var api = resources[ApiReplicaResources.PublishedName];
        Assert.Equal("project.v0", api.GetProperty("type").GetString());
        Assert.Equal(_workspace.Topology.ApiBasePort, api.GetProperty("bindings").GetProperty("http").GetProperty("targetPort").GetInt32());
        Assert.False(api.GetProperty("env").TryGetProperty("Chaos__Enabled", out _));

        var prometheus = resources["prometheus"];
        Assert.Equal($"{ContainerImage.Prometheus.Image}:{ContainerImage.Prometheus.Tag}", prometheus.GetProperty("image").GetString());
        Assert.Contains(prometheus.GetProperty("volumes").EnumerateArray(), v => v.GetProperty("target").GetString() == "/prometheus");

        // Every bind mount is a read-only folder (azd uploads it to an Azure Files share, which mounts as a folder).
        var mounts = resources.Values.Where(r => r.TryGetProperty("bindMounts", out _)).SelectMany(r => r.GetProperty("bindMounts").EnumerateArray()).ToArray();
        Assert.NotEmpty(mounts);
        foreach (var mount in mounts)
        {
            var source = Path.GetFullPath(Path.Combine(Output, mount.GetProperty("source").GetString()!));
            Assert.True(Directory.Exists(source), $"bind mount source {source} is not a folder");
            Assert.True(mount.GetProperty("readOnly").GetBoolean(), source);
        }

        // The configs in those folders reach the apps by name through their ingress: one target, one upstream.
        var prometheusFolder = MountSource(prometheus, "/etc/prometheus");
        Assert.Contains("\"api:80\"", File.ReadAllText(Path.Combine(prometheusFolder, "targets", "api.json")), StringComparison.Ordinal);
        var nginxFolder = MountSource(resources["nginx"], "/etc/nginx");
        Assert.Contains("server api:80 ", File.ReadAllText(Path.Combine(nginxFolder, "conf.d", "upstreams.conf")), StringComparison.Ordinal);
        Assert.Contains("http://alert-receiver:80/alerts", File.ReadAllText(Path.Combine(MountSource(resources["alertmanager"], "/etc/alertmanager"), "alertmanager.yml")), StringComparison.Ordinal);

        var password = resources[StackParameters.GrafanaAdminPasswordName];
        Assert.True(password.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
        Assert.Equal("{grafana-admin-password.value}", resources["grafana"].GetProperty("env").GetProperty("GF_SECURITY_ADMIN_PASSWORD").GetString());
        // Publishing runs beside a live stack of the same folder: it neither takes the folder's lock nor cleans leftovers.
        Assert.False(File.Exists(Path.Combine(_workspace.StateDirectory, StateFolderLock.FileName)), "publishing took the state folder's lock");
    }

    private string MountSource(JsonElement container, string target) =>
        Path.GetFullPath(Path.Combine(Output, container.GetProperty("bindMounts").EnumerateArray()
            .Single(m => m.GetProperty("target").GetString() == target).GetProperty("source").GetString()!));

    private Task<string> PublishAsync(params string[] args) =>
        AppHostProcess.RunAsync(PublishLimit, [.. args, .. _workspace.Args().Select(a => "--" + a)]);
}
