using k8s.Models;
using MonitoringStack.Tests.Api;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Deploy.Crd;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// promtool and amtool on exactly what the cluster's Prometheus and Alertmanager read: the ConfigMaps
/// of the rendered overlay, written out as they are mounted (/etc/prometheus/prometheus.yml + rules/,
/// /etc/alertmanager/alertmanager.yml + templates/), and the PrometheusRule groups of the operator overlay.
/// </summary>
public sealed class ClusterPrometheusConfigTests
{
    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Promtool_accepts_the_cluster_prometheus_config_and_its_rules()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");
        using var folder = new TempFolder("k8s-prometheus");
        WriteConfigMap(objects, "prometheus-config", folder.Path);
        WriteConfigMap(objects, "prometheus-rules", folder.Combine("rules"));

        var mounted = folder.Combine("prometheus.yml");
        File.WriteAllText(mounted, KubernetesSdForPromtool.Replace(File.ReadAllText(mounted), out var podJobs));
        Assert.Equal(3, podJobs); // api, api-signal and loadgen discover pods
        var config = await ToolRun.RunAsync(HostTools.Promtool, ["check", "config", mounted]);
        Assert.True(config.ExitCode == 0, config.ToString());
        // Every rule file of config/ is found through rule_files: rules/*.yml and checked.
        foreach (var ruleFile in Directory.EnumerateFiles(RepositoryConfig.ConfigPath("prometheus", "rules"), "*.yml"))
        {
            Assert.Contains($"rules/{Path.GetFileName(ruleFile)}", config.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The sharded overlay: scale.shards StatefulSets, each a Prometheus config promtool accepts that keeps its
    /// hashmod share of the discovered api pods and loads only per-instance rules; the base's Prometheus is the
    /// global view, federating every shard's Service and evaluating the job-wide rules.
    /// </summary>
    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Promtool_accepts_every_shard_and_the_global_view_of_the_sharded_overlay()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/sharded"), "sharded");
        var topology = RepositoryConfig.Topology;
        var shards = Enumerable.Range(0, topology.Scale.Shards).Select(i => $"prometheus-shard-{i}").ToArray();
        Assert.Equal(shards, objects.OfType<V1StatefulSet>().Select(s => s.Metadata.Name).Where(n => n.StartsWith("prometheus-shard-", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var services = objects.OfType<V1Service>().Select(s => s.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var prometheusImage = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "prometheus").Spec.Template.Spec.Containers.Single().Image;

        for (var i = 0; i < shards.Length; i++)
        {
            Assert.Contains(shards[i], services);
            Assert.Equal(prometheusImage, objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == shards[i]).Spec.Template.Spec.Containers.Single().Image);
            using var folder = new TempFolder("k8s-shard");
            WriteConfigMap(objects, $"{shards[i]}-config", folder.Path);
            WriteConfigMap(objects, "prometheus-shard-rules", folder.Combine("rules"));
            var config = File.ReadAllText(folder.Combine("prometheus.yml"));
            Assert.Contains($"modulus: {shards.Length}", config, StringComparison.Ordinal);
            Assert.Contains($"regex: '{i}'", config, StringComparison.Ordinal);
            File.WriteAllText(folder.Combine("prometheus.yml"), KubernetesSdForPromtool.Replace(config, out _));
            var check = await ToolRun.RunAsync(HostTools.Promtool, ["check", "config", folder.Combine("prometheus.yml")]);
            Assert.True(check.ExitCode == 0, check.ToString());
            // Per-instance rules only: the job-wide aggregates need every replica, which no shard has.
            Assert.DoesNotContain("record: job:", File.ReadAllText(folder.Combine("rules", "api-red.recording.yml")), StringComparison.Ordinal);
        }

        using var global = new TempFolder("k8s-global");
        WriteConfigMap(objects, "prometheus-config", global.Path);
        WriteConfigMap(objects, "prometheus-rules", global.Combine("rules"));
        var globalConfig = File.ReadAllText(global.Combine("prometheus.yml"));
        foreach (var shard in shards)
        {
            Assert.Contains($"'{shard}:{topology.Ports.Prometheus}'", globalConfig, StringComparison.Ordinal);
        }
        var globalCheck = await ToolRun.RunAsync(HostTools.Promtool, ["check", "config", global.Combine("prometheus.yml")]);
        Assert.True(globalCheck.ExitCode == 0, globalCheck.ToString());
        Assert.Contains("record: job:http_server_requests:rate1m", File.ReadAllText(global.Combine("rules", "api-red.recording.yml")), StringComparison.Ordinal);
    }

    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Promtool_accepts_every_PrometheusRule_of_the_operator_overlay()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/prometheus-operator"), "prometheus-operator");
        var rules = objects.OfType<CustomObject<PrometheusRuleSpec>>().ToArray();
        Assert.Equal(Directory.EnumerateFiles(RepositoryConfig.ConfigPath("prometheus", "rules"), "*.yml").Count(), rules.Length);
        using var folder = new TempFolder("k8s-prometheusrule");
        foreach (var rule in rules)
        {
            // The spec of a PrometheusRule is a Prometheus rule file; print it back and let promtool judge.
            var path = folder.Combine(rule.Metadata.Name + ".yml");
            File.WriteAllText(path, k8s.KubernetesYaml.Serialize(rule.Spec));
            var check = await ToolRun.RunAsync(HostTools.Promtool, ["check", "rules", path]);
            Assert.True(check.ExitCode == 0, check.ToString());
        }
    }

    [RequiresToolFact("amtool", "Debian package prometheus-alertmanager (scripts/install-prerequisites.sh)")]
    public async Task Amtool_accepts_the_cluster_alertmanager_config_with_its_templates()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");
        using var folder = new TempFolder("k8s-alertmanager");
        WriteConfigMap(objects, "alertmanager-config", folder.Path);
        WriteConfigMap(objects, "alertmanager-templates", folder.Combine("templates"));
        var check = await ToolRun.RunAsync(DeployTools.Find("amtool")!, ["check-config", folder.Combine("alertmanager.yml")]);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("receivers", check.Output, StringComparison.Ordinal);
        Assert.Contains("templates", check.Output, StringComparison.Ordinal);
    }

    /// <summary>Writes a rendered ConfigMap's keys as files, as a volume mount would show them.</summary>
    private static void WriteConfigMap(IEnumerable<object> objects, string name, string folder)
    {
        // Generated ConfigMaps carry a content hash suffix: name-<10 chars>.
        var map = objects.OfType<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name.StartsWith(name + "-", StringComparison.Ordinal) && c.Metadata.Name.Length == name.Length + 11)
            ?? throw new InvalidOperationException($"no ConfigMap {name} in the rendered overlay");
        Directory.CreateDirectory(folder);
        foreach (var (key, value) in map.Data)
        {
            File.WriteAllText(Path.Combine(folder, key), value);
        }
    }
}
