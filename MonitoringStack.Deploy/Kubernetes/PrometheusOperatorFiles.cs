using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/overlays/prometheus-operator/generated/: for clusters that run prometheus-operator
/// (kube-prometheus). A PrometheusRule per rule file of config/prometheus/rules (the groups unchanged),
/// PodMonitors for the pod-discovered jobs and a ServiceMonitor for nginx, with the intervals and
/// relabelling of the cluster prometheus.yml, and a Prometheus that selects them.
/// </summary>
internal static class PrometheusOperatorFiles
{
    public const string Folder = "deploy/kubernetes/overlays/prometheus-operator/generated";
    /// <summary>The label the Prometheus below selects monitors and rules by.</summary>
    private const string SelectorLabel = "monitoringstack.io/prometheus";

    public static IEnumerable<GeneratedFile> Generate(string repositoryRoot, string clusterPrometheusYml)
    {
        var rulesFolder = Path.Combine(repositoryRoot, "config", "prometheus", "rules");
        var rules = Directory.EnumerateFiles(rulesFolder, "*.yml").Order(StringComparer.Ordinal).Select(file =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var groups = ((YamlMappingNode)stream.Documents[0].RootNode).Children[S("groups")];
            var name = "monitoringstack-" + Path.GetFileNameWithoutExtension(file).Replace('.', '-');
            return Print(Map(
                ("apiVersion", S("monitoring.coreos.com/v1")), ("kind", S("PrometheusRule")),
                ("metadata", Map(("name", S(name)), ("labels", Map((SelectorLabel, S("monitoringstack")))))),
                ("spec", Map(("groups", groups)))));
        });
        yield return new($"{Folder}/prometheus-rules.yaml",
            GeneratedHeader.For("config/prometheus/rules/*.yml") + string.Join("---\n", rules));

        var config = new YamlStream();
        config.Load(new StringReader(clusterPrometheusYml));
        var root = (YamlMappingNode)config.Documents[0].RootNode;
        var global = (YamlMappingNode)root.Children[S("global")];
        string Global(string key) => ((YamlScalarNode)global.Children[S(key)]).Value!;
        var jobs = ((YamlSequenceNode)root.Children[S("scrape_configs")]).Children.Cast<YamlMappingNode>()
            .ToDictionary(j => ((YamlScalarNode)j.Children[S("job_name")]).Value!, StringComparer.Ordinal);
        string Interval(string job) => jobs[job].Children.TryGetValue(S("scrape_interval"), out var v) ? ((YamlScalarNode)v).Value! : Global("scrape_interval");

        var monitors = PodDiscoveryScrapeConfig.PodJobs.Select(job => Print(Map(
            ("apiVersion", S("monitoring.coreos.com/v1")), ("kind", S("PodMonitor")),
            ("metadata", Map(("name", S(job.Key)), ("labels", Map((SelectorLabel, S("monitoringstack")))))),
            ("spec", Map(
                ("jobLabel", S("app.kubernetes.io/name")),
                ("selector", Map(("matchLabels", Map(("app.kubernetes.io/name", S(job.Value)))))),
                ("podMetricsEndpoints", Seq(Endpoint(jobs[job.Key], Interval(job.Key), job.Key)))))))).ToList();
        monitors.Add(Print(Map(
            ("apiVersion", S("monitoring.coreos.com/v1")), ("kind", S("ServiceMonitor")),
            ("metadata", Map(("name", S("nginx")), ("labels", Map((SelectorLabel, S("monitoringstack")))))),
            ("spec", Map(
                ("selector", Map(("matchLabels", Map(("app.kubernetes.io/name", S("nginx")))))),
                ("endpoints", Seq(Map(("port", S("metrics")), ("interval", S(Interval("nginx"))),
                    ("relabelings", Seq(Map(("targetLabel", S("job")), ("replacement", S("nginx"))))))))))))); 
        yield return new($"{Folder}/monitors.yaml", GeneratedHeader.For("config/prometheus/prometheus.yml") + string.Join("---\n", monitors));

        var externalLabels = (YamlMappingNode)global.Children[S("external_labels")];
        yield return new($"{Folder}/prometheus.yaml", GeneratedHeader.For("config/prometheus/prometheus.yml") + Print(Map(
            ("apiVersion", S("monitoring.coreos.com/v1")), ("kind", S("Prometheus")),
            ("metadata", Map(("name", S("monitoringstack")))),
            ("spec", Map(
                ("replicas", S("1")),
                ("serviceAccountName", S("prometheus")),
                ("scrapeInterval", S(Global("scrape_interval"))),
                ("scrapeTimeout", S(Global("scrape_timeout"))),
                ("evaluationInterval", S(Global("evaluation_interval"))),
                ("externalLabels", externalLabels),
                ("retention", S("7d")),
                ("podMonitorSelector", Map(("matchLabels", Map((SelectorLabel, S("monitoringstack")))))),
                ("serviceMonitorSelector", Map(("matchLabels", Map((SelectorLabel, S("monitoringstack")))))),
                ("ruleSelector", Map(("matchLabels", Map((SelectorLabel, S("monitoringstack")))))),
                ("alerting", Map(("alertmanagers", Seq(Map(("name", S("alertmanager")), ("port", S("http"))))))),
                ("storage", Map(("volumeClaimTemplate", Map(("spec", Map(
                    ("accessModes", Seq(S("ReadWriteOnce"))),
                    ("resources", Map(("requests", Map(("storage", S("5Gi")))))))))))))))));
    }
    private static YamlMappingNode Endpoint(YamlMappingNode job, string interval, string jobName)
    {
        var endpoint = Map(
            ("port", S("http")), ("path", S("/metrics")), ("interval", S(interval)),
            // instance = the pod name, as with the plain Prometheus (the rules group by instance).
            ("relabelings", Seq(
                Map(("sourceLabels", Seq(S("__meta_kubernetes_pod_name"))), ("targetLabel", S("instance"))),
                Map(("sourceLabels", Seq(S("__meta_kubernetes_pod_name"))), ("targetLabel", S("replica"))),
                Map(("targetLabel", S("job")), ("replacement", S(jobName))))));
        if (job.Children.TryGetValue(S("scrape_timeout"), out var timeout))
        {
            endpoint.Add("scrapeTimeout", timeout);
        }
        // What the job keeps of a scrape (the signal job keeps one metric), in the operator's field names
        // (source_labels → sourceLabels).
        if (job.Children.TryGetValue(S("metric_relabel_configs"), out var kept))
        {
            endpoint.Add("metricRelabelings", new YamlSequenceNode(((YamlSequenceNode)kept).Children.Cast<YamlMappingNode>()
                .Select(rule => (YamlNode)Map([.. rule.Children.Select(entry => (CamelCaseNamingConvention.Instance.Apply(((YamlScalarNode)entry.Key).Value!), entry.Value))]))));
        }
        return endpoint;
    }
}
