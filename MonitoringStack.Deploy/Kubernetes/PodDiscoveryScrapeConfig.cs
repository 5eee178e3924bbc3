using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// Turns the rendered prometheus.yml into the cluster's: the jobs that read file_sd target lists
/// (api, api-signal, loadgen) discover pods instead (kubernetes_sd_configs, role pod, own namespace), keep the
/// pods that carry the job's app label and the prometheus.io/scrape annotation, and take
/// <c>instance</c> from the pod name. Everything else (intervals, rules, alerting, the static jobs
/// that name Services) stays as config/prometheus/prometheus.yml says.
/// </summary>
internal static class PodDiscoveryScrapeConfig
{
    /// <summary>file_sd job name → the pods' <c>app.kubernetes.io/name</c> label.</summary>
    public static readonly IReadOnlyDictionary<string, string> PodJobs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["api"] = "api",
        // The autoscaler's 1 s signal: the same pods as api, only the request-duration sums kept.
        ["api-signal"] = "api",
        ["loadgen"] = "loadgen",
    };

    public static string Transform(string renderedPrometheusYml, string serviceName)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(renderedPrometheusYml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var jobs = (YamlSequenceNode)root.Children[S("scrape_configs")];
        var converted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs.Children.Cast<YamlMappingNode>())
        {
            var name = ((YamlScalarNode)job.Children[S("job_name")]).Value!;
            if (!job.Children.ContainsKey(S("file_sd_configs")))
            {
                continue;
            }
            if (!PodJobs.TryGetValue(name, out var app))
            {
                throw new InvalidOperationException($"job '{name}' reads file_sd targets and has no pod label to discover in a cluster; add it to PodJobs");
            }
            job.Children.Remove(S("file_sd_configs"));
            job.Add("kubernetes_sd_configs", Seq(Map(("role", S("pod")), ("namespaces", Map(("own_namespace", S("true")))))));
            var relabelling = Relabelling(app, app == "api" ? serviceName : null);
            // The job's own relabelling (a shard's hashmod keep) runs after discovery has set the pod's address.
            if (job.Children.TryGetValue(S("relabel_configs"), out var own))
            {
                foreach (var rule in ((YamlSequenceNode)own).Children)
                {
                    relabelling.Add(rule);
                }
                job.Children.Remove(S("relabel_configs"));
            }
            job.Add("relabel_configs", relabelling);
            converted.Add(name);
        }
        foreach (var expected in PodJobs.Keys.Where(k => !converted.Contains(k)))
        {
            throw new InvalidOperationException($"config/prometheus/prometheus.yml has no file_sd job '{expected}' to turn into pod discovery");
        }
        return Print(root);
    }

    private static YamlSequenceNode Relabelling(string app, string? serviceLabel)
    {
        var rules = Seq(
            // Only this job's pods, only those that ask to be scraped, only running ones.
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_label_app_kubernetes_io_name"))), ("regex", Quoted(app)), ("action", S("keep"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_annotation_prometheus_io_scrape"))), ("regex", Quoted("true")), ("action", S("keep"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_phase"))), ("regex", Quoted("Pending|Succeeded|Failed")), ("action", S("drop"))),
            // Role pod yields one target per declared container port: keep the one named http, so a pod is one target.
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_container_port_name"))), ("regex", Quoted("http")), ("action", S("keep"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_annotation_prometheus_io_path"))), ("regex", Quoted("(.+)")), ("target_label", S("__metrics_path__"))),
            Map(("source_labels", Seq(S("__address__"), S("__meta_kubernetes_pod_annotation_prometheus_io_port"))),
                ("regex", Quoted(@"([^:]+)(?::\d+)?;(\d+)")), ("replacement", Quoted("$1:$2")), ("target_label", S("__address__"))),
            // instance = replica = the pod name, as instance = replica = api-N locally: the rules, alerts and
            // dashboards group by instance and never see an address.
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_name"))), ("target_label", S("instance"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_name"))), ("target_label", S("replica"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_namespace"))), ("target_label", S("namespace"))),
            Map(("source_labels", Seq(S("__meta_kubernetes_pod_node_name"))), ("target_label", S("node"))));
        if (serviceLabel is not null)
        {
            rules.Add(Map(("target_label", S("service")), ("replacement", Quoted(serviceLabel))));
        }
        return rules;
    }
}
