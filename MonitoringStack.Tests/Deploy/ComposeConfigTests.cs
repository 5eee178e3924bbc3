using MonitoringStack.Tests.Api;
using MonitoringStack.Tests.Config;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// deploy/compose offline: docker-compose accepts the file, every bind mount exists, one service and
/// one scrape target per API replica, and promtool accepts what the compose Prometheus reads.
/// </summary>
public sealed class ComposeConfigTests
{
    private static string Folder => Path.Combine(RepositoryConfig.Root, "deploy", "compose");
    private static string ComposeFile => Path.Combine(Folder, "compose.yaml");

    [RequiresToolFact("docker-compose", "Debian package docker-compose (scripts/install-prerequisites.sh)")]
    public async Task Docker_compose_accepts_the_file()
    {
        using var folder = new TempFolder("compose-env");
        // The Grafana password is required from the environment; any value does for validation.
        var env = folder.Combine("test.env");
        File.WriteAllText(env, "GRAFANA_ADMIN_PASSWORD=validation-only\n");
        var result = await ToolRun.RunAsync(DeployTools.Find("docker-compose")!, ["--env-file", env, "-f", ComposeFile, "config", "-q"], workingDirectory: Folder);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Every_bind_mount_exists_and_every_replica_is_a_service()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(ComposeFile)));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var names = services.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToHashSet(StringComparer.Ordinal);
        foreach (var replica in RepositoryConfig.Topology.ApiReplicas)
        {
            Assert.Contains(replica.Name, names);
        }
        // Compose-only image, pinned as the AppHost pins it.
        var nodeExporter = MonitoringStack.Hosting.ContainerImage.NodeExporter;
        Assert.Contains($"image: {nodeExporter.Image}:{nodeExporter.Tag}", File.ReadAllText(ComposeFile), StringComparison.Ordinal);
        var mounts = services.Children.Values.Cast<YamlMappingNode>()
            .SelectMany(s => s.Children.TryGetValue(new YamlScalarNode("volumes"), out var v) ? ((YamlSequenceNode)v).Children : [])
            .Select(v => ((YamlScalarNode)v).Value!.Split(':')[0])
            .Where(source => source.StartsWith('.'));
        Assert.All(mounts, source => Assert.True(Path.Exists(Path.Combine(Folder, source)), $"bind mount source {source} does not exist"));
    }

    [Fact]
    public async Task Promtool_accepts_what_the_compose_prometheus_reads()
    {
        using var folder = new TempFolder("compose-prometheus");
        // As mounted: prometheus.yml and targets/ from generated/, rules/ from config/.
        File.Copy(Path.Combine(Folder, "generated", "prometheus", "prometheus.yml"), folder.Combine("prometheus.yml"));
        foreach (var (from, to) in new[] { (Path.Combine(Folder, "generated", "prometheus", "targets"), "targets"), (RepositoryConfig.ConfigPath("prometheus", "rules"), "rules") })
        {
            Directory.CreateDirectory(folder.Combine(to));
            foreach (var file in Directory.EnumerateFiles(from))
            {
                File.Copy(file, folder.Combine(to, Path.GetFileName(file)));
            }
        }
        var check = await ToolRun.RunAsync(HostTools.Promtool, ["check", "config", folder.Combine("prometheus.yml")]);
        Assert.True(check.ExitCode == 0, check.ToString());
    }
}
