using k8s.Models;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Deploy.Crd;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// The rules, alerts and dashboards group by <c>instance</c> and expect one target per replica. On a
/// cluster that label must come from the pod name, for the plain Prometheus and for the operator's
/// PodMonitors alike, and the pods must carry what the relabelling keeps them by.
/// </summary>
public sealed class PodDiscoveryLabelTests
{
    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Api_pods_are_kept_by_label_and_annotation_and_named_by_their_pod()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.StartsWith("prometheus-config-", StringComparison.Ordinal));
        var stream = new YamlStream();
        stream.Load(new StringReader(config.Data["prometheus.yml"]));
        var jobs = ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("scrape_configs")]).Children.Cast<YamlMappingNode>();
        var api = jobs.Single(j => j.Children[new YamlScalarNode("job_name")].ToString() == "api");
        var rules = ((YamlSequenceNode)api.Children[new YamlScalarNode("relabel_configs")]).Children.Cast<YamlMappingNode>()
            .Select(r => (Source: r.Children.TryGetValue(new YamlScalarNode("source_labels"), out var s) ? string.Join(',', ((YamlSequenceNode)s).Children) : "",
                Target: r.Children.TryGetValue(new YamlScalarNode("target_label"), out var t) ? t.ToString() : "",
                Regex: r.Children.TryGetValue(new YamlScalarNode("regex"), out var x) ? x.ToString() : "",
                Action: r.Children.TryGetValue(new YamlScalarNode("action"), out var a) ? a.ToString() : "replace"))
            .ToArray();
        Assert.Contains(("__meta_kubernetes_pod_name", "instance", "", "replace"), rules);

        // Every keep rule matches what the api pod template carries.
        var pod = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api").Spec.Template;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__meta_kubernetes_pod_label_app_kubernetes_io_name"] = pod.Metadata.Labels["app.kubernetes.io/name"],
            ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"] = pod.Metadata.Annotations["prometheus.io/scrape"],
            ["__meta_kubernetes_pod_container_port_name"] = pod.Spec.Containers.Single().Ports.Single().Name,
        };
        foreach (var keep in rules.Where(r => r.Action == "keep"))
        {
            Assert.True(meta.ContainsKey(keep.Source), $"keep rule on {keep.Source} has no counterpart in the pod template");
            Assert.Matches($"^(?:{keep.Regex})$", meta[keep.Source]);
        }
    }

    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task PodMonitors_name_targets_by_pod_and_keep_the_job_names_the_rules_use()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/prometheus-operator"), "prometheus-operator");
        var monitors = objects.OfType<CustomObject<PodMonitorSpec>>().ToDictionary(m => m.Metadata.Name, StringComparer.Ordinal);
        Assert.Equal(["api", "api-signal", "loadgen"], monitors.Keys.Order(StringComparer.Ordinal));
        foreach (var (job, monitor) in monitors)
        {
            var relabelings = monitor.Spec!.PodMetricsEndpoints.Single().Relabelings!;
            Assert.Contains(relabelings, r => r.TargetLabel == "instance" && r.SourceLabels is ["__meta_kubernetes_pod_name"]);
            Assert.Contains(relabelings, r => r.TargetLabel == "job" && r.Replacement == job);
        }
        Assert.Contains("job=\"api\"", File.ReadAllText(RepositoryConfig.ConfigPath("prometheus", "rules", "api.alerts.yml")), StringComparison.Ordinal);
        // The autoscaler's signal: every second, only what KEDA's query reads.
        var signal = monitors[RepositoryConfig.Autoscaling.Signal.Job].Spec!.PodMetricsEndpoints.Single();
        Assert.Equal(("1s", "1s"), (signal.Interval, signal.ScrapeTimeout));
        Assert.Contains(signal.MetricRelabelings!, r => r.Action == "keep" && r.SourceLabels is ["__name__"]
            && RepositoryConfig.Autoscaling.Signal.TotalQuery.Contains(r.Regex + "{", StringComparison.Ordinal));
    }
}
