using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/base/generated/: what the hand-written base manifests need from config/ and the
/// topology. Files that need no rendering (rules, dashboards, notification templates) are copied byte for
/// byte to their config/ path under <see cref="Folder"/>: kustomize's default load restrictor reads only
/// files inside the kustomization's own folder, and Argo CD and Flux keep that default.
/// </summary>
internal static class KubernetesBaseFiles
{
    public const string Folder = "deploy/kubernetes/base/generated";

    public static IEnumerable<GeneratedFile> Generate(StackTopology topology, string repositoryRoot)
    {
        // nginx's one upstream is the api Service: kube-proxy spreads connections over the ready pods,
        // so scaling changes nothing in nginx (with one server nginx never marks it failed).
        var service = new ApiReplica(0, "api", topology.ApiBasePort);
        var rendered = RenderedStack.Render(topology, repositoryRoot, scrapeNodeExporter: false,
            alertReceiverHost: StackEndpoints.WebhookReceiverResource, nginxUpstreams: [service]);

        var prometheus = PodDiscoveryScrapeConfig.Transform(rendered["prometheus/prometheus.yml"], StackTopology.ServiceName);
        yield return File("prometheus.yml", GeneratedHeader.For("config/prometheus/prometheus.yml") + prometheus);
        yield return File("alertmanager.yml", GeneratedHeader.For("config/alertmanager/alertmanager.yml") + rendered["alertmanager/alertmanager.yml"]);
        // A secret's content is the value itself: no header line.
        yield return File("alertmanager-secrets/slack_api_url", rendered["alertmanager/secrets/slack_api_url"]);
        yield return File("nginx.conf", GeneratedHeader.For("config/nginx/nginx.conf") + rendered["nginx/nginx.conf"]);
        yield return File("upstreams.conf", GeneratedHeader.For("config/nginx/upstreams.conf") + rendered["nginx/conf.d/upstreams.conf"]);
        foreach (var (path, text) in rendered.Files.Where(f => f.Key.StartsWith("grafana/provisioning/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            yield return File(path, GeneratedHeader.For("config/" + path) + text);
        }
        yield return File("topology.env", TopologyEnv(topology));

        var rules = FromConfig(repositoryRoot, "prometheus/rules", "*.yml");
        var templates = FromConfig(repositoryRoot, "alertmanager/templates", "*.tmpl");
        var dashboards = FromConfig(repositoryRoot, "grafana/dashboards", "*.json");
        foreach (var path in rules.Concat(templates).Concat(dashboards))
        {
            // No header line: a copy is its source byte for byte (and a dashboard is JSON, which has no
            // comments). The kustomization's header says where they come from; the golden test keeps them current.
            yield return File(path, System.IO.File.ReadAllText(Path.Combine(repositoryRoot, "config", path)));
        }
        yield return File("kustomization.yaml", Kustomization(rendered, rules, templates, dashboards));
    }

    /// <summary>The values the base's replacements put into ports, probes and the replica count (the HPA's bounds are config/autoscaling.json's: <see cref="ApiHpaPatch"/>).</summary>
    public static string TopologyEnv(StackTopology topology)
    {
        var p = topology.Ports;
        var values = new (string, int)[]
        {
            ("replicas", topology.Replicas), ("apiPort", topology.ApiBasePort),
            ("nginxPort", p.Nginx), ("nginxStatusPort", p.NginxStatus), ("nginxExporterPort", p.NginxExporter),
            ("prometheusPort", p.Prometheus), ("alertmanagerPort", p.Alertmanager), ("grafanaPort", p.Grafana),
            ("loadGenMetricsPort", p.LoadGenMetrics), ("webhookReceiverPort", p.WebhookReceiver),
        };
        return GeneratedHeader.For("config/topology.json")
            + string.Concat(values.Select(v => $"{v.Item1}={v.Item2.ToString(CultureInfo.InvariantCulture)}\n"));
    }

    /// <summary>The files of config/&lt;folder&gt; matching the pattern, as paths relative to config/ (and to <see cref="Folder"/>, where they are copied).</summary>
    private static string[] FromConfig(string repositoryRoot, string folder, string pattern) =>
        [.. Directory.EnumerateFiles(Path.Combine(repositoryRoot, "config", folder), pattern)
            .Select(file => $"{folder}/{Path.GetFileName(file)}").Order(StringComparer.Ordinal)];

    private static string Kustomization(RenderedStack rendered, string[] rules, string[] templates, string[] dashboards)
    {
        // A ConfigMap key is the file's name, so the keys are the ones the Deployments mount whatever the folder.
        YamlDotNet.RepresentationModel.YamlMappingNode Generator(string name, IEnumerable<string> files) =>
            Map(("name", S(name)), ("files", Seq([.. files.Select(f => (YamlDotNet.RepresentationModel.YamlNode)S(f))])));

        IEnumerable<string> Provisioning(string kind) =>
            rendered.Files.Keys.Where(k => k.StartsWith($"grafana/provisioning/{kind}/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        var root = Map(
            ("apiVersion", S("kustomize.config.k8s.io/v1beta1")),
            ("kind", S("Kustomization")),
            ("configMapGenerator", Seq(
                // The replacements' source. local-config: read during the build, never applied.
                Map(("name", S("topology")), ("envs", Seq(S("topology.env"))),
                    ("options", Map(("disableNameSuffixHash", S("true")),
                        ("annotations", Map(("config.kubernetes.io/local-config", Quoted("true"))))))),
                Generator("prometheus-config", ["prometheus.yml"]),
                Generator("prometheus-rules", rules),
                Generator("alertmanager-config", ["alertmanager.yml"]),
                Generator("alertmanager-templates", templates),
                Generator("nginx-config", ["nginx.conf", "upstreams.conf"]),
                Generator("grafana-datasources", Provisioning("datasources")),
                Generator("grafana-dashboard-providers", Provisioning("dashboards")),
                Generator("grafana-dashboards", dashboards))),
            ("secretGenerator", Seq(
                Generator("alertmanager-secrets", ["alertmanager-secrets/slack_api_url"]))));
        return GeneratedHeader.For("config/ (the files it lists: rendered, or copied byte for byte under their config/ path)") + Print(root);
    }

    private static GeneratedFile File(string path, string content) => new($"{Folder}/{path}", content);
}
