using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/base/generated/: what the hand-written base manifests need from config/ and the
/// topology. Files that need no rendering (rules, dashboards, notification templates) are not copied:
/// the generated kustomization's configMapGenerator reads them from config/ where they are.
/// </summary>
internal static class KubernetesBaseFiles
{
    public const string Folder = "deploy/kubernetes/base/generated";
    /// <summary>From <see cref="Folder"/> back to the repository root (kustomize paths are relative).</summary>
    private const string ToRoot = "../../../..";

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
        yield return File("kustomization.yaml", Kustomization(repositoryRoot, rendered));
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

    private static string Kustomization(string repositoryRoot, RenderedStack rendered)
    {
        YamlDotNet.RepresentationModel.YamlSequenceNode FromConfig(string folder, string pattern) =>
            Seq(Directory.EnumerateFiles(Path.Combine(repositoryRoot, "config", folder), pattern)
                .Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .Select(name => (YamlDotNet.RepresentationModel.YamlNode)S($"{ToRoot}/config/{folder}/{name}")).ToArray());

        YamlDotNet.RepresentationModel.YamlMappingNode Generator(string name, YamlDotNet.RepresentationModel.YamlSequenceNode files) =>
            Map(("name", S(name)), ("files", files));

        var grafana = rendered.Files.Keys.Where(k => k.StartsWith("grafana/provisioning/", StringComparison.Ordinal)).ToArray();
        YamlDotNet.RepresentationModel.YamlSequenceNode Provisioning(string kind) =>
            Seq(grafana.Where(k => k.StartsWith($"grafana/provisioning/{kind}/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(k => (YamlDotNet.RepresentationModel.YamlNode)S(k)).ToArray());

        var root = Map(
            ("apiVersion", S("kustomize.config.k8s.io/v1beta1")),
            ("kind", S("Kustomization")),
            ("configMapGenerator", Seq(
                // The replacements' source. local-config: read during the build, never applied.
                Map(("name", S("topology")), ("envs", Seq(S("topology.env"))),
                    ("options", Map(("disableNameSuffixHash", S("true")),
                        ("annotations", Map(("config.kubernetes.io/local-config", Quoted("true"))))))),
                Generator("prometheus-config", Seq(S("prometheus.yml"))),
                Generator("prometheus-rules", FromConfig("prometheus/rules", "*.yml")),
                Generator("alertmanager-config", Seq(S("alertmanager.yml"))),
                Generator("alertmanager-templates", FromConfig("alertmanager/templates", "*.tmpl")),
                Generator("nginx-config", Seq(S("nginx.conf"), S("upstreams.conf"))),
                Generator("grafana-datasources", Provisioning("datasources")),
                Generator("grafana-dashboard-providers", Provisioning("dashboards")),
                Generator("grafana-dashboards", FromConfig("grafana/dashboards", "*.json")))),
            ("secretGenerator", Seq(
                Generator("alertmanager-secrets", Seq(S("alertmanager-secrets/slack_api_url"))))));
        return GeneratedHeader.For("config/ (the files it lists)") + Print(root);
    }

    private static GeneratedFile File(string path, string content) => new($"{Folder}/{path}", content);
}
