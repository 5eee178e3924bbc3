using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Compose;

/// <summary>
/// deploy/compose/: the stack for Docker Compose users, one service per API replica (api-0 … each its
/// own scrape target, as locally: file_sd lists them by name) and the configs rendered for containers
/// that reach each other by service name. Rules, dashboards and notification templates are mounted from
/// config/ itself; only rendered files live in generated/. Image versions are the Kubernetes base's
/// (deploy/kubernetes/base/kustomization.yaml), so they are written once under deploy/.
/// </summary>
internal static class ComposeFiles
{
    public const string Folder = "deploy/compose";
    private const string Generated = "./generated";
    private const string Config = "../../config";

    public static IEnumerable<GeneratedFile> Generate(StackTopology topology, string repositoryRoot)
    {
        var rendered = RenderedStack.Render(topology, repositoryRoot, scrapeNodeExporter: true,
            alertReceiverHost: StackEndpoints.WebhookReceiverResource);
        var copied = new[] { "prometheus/rules/", "alertmanager/templates/", "grafana/dashboards/" };
        foreach (var (path, text) in rendered.Files.Where(f => !copied.Any(c => f.Key.StartsWith(c, StringComparison.Ordinal))).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var header = path.EndsWith(".json", StringComparison.Ordinal) || path.Contains("/secrets/", StringComparison.Ordinal) ? "" : GeneratedHeader.For("config/");
            yield return new($"{Folder}/generated/{path}", header + text);
        }
        yield return new($"{Folder}/compose.yaml", GeneratedHeader.For("config/topology.json and deploy/kubernetes/base/kustomization.yaml (images)")
            + "# Run: docker compose -f deploy/compose/compose.yaml up (images: docs/kubernetes.md, \"Build the images\").\n"
            + Print(Compose(topology, Kubernetes.BaseImages.Read(repositoryRoot))));
    }

    private static YamlMappingNode Compose(StackTopology topology, Dictionary<string, string> images)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        // Published on loopback only: the same exposure as the Aspire and local stacks.
        YamlSequenceNode Publish(params int[] ports) => Seq([.. ports.Select(p => (YamlNode)Quoted($"127.0.0.1:{I(p)}:{I(p)}"))]);
        YamlSequenceNode Volumes(params string[] mounts) => Seq([.. mounts.Select(m => (YamlNode)S(m))]);
        var p = topology.Ports;
        var services = new YamlMappingNode();
        foreach (var replica in topology.ApiReplicas)
        {
            services.Add(replica.Name, Map(
                ("image", S(images["monitoringstack/api"])),
                ("restart", S("unless-stopped")),
                ("environment", Map(
                    ("ASPNETCORE_HTTP_PORTS", Quoted(I(replica.Port))),
                    ("Service__InstanceId", S(replica.Name)),
                    ("Service__Name", S(StackTopology.ServiceName)))),
                ("ports", Publish(replica.Port))));
        }
        services.Add("nginx", Map(
            ("image", S(images["nginx"])),
            ("depends_on", Seq([.. topology.ApiReplicas.Select(r => (YamlNode)S(r.Name))])),
            ("volumes", Volumes($"{Generated}/nginx/nginx.conf:/etc/nginx/nginx.conf:ro", $"{Generated}/nginx/conf.d:/etc/nginx/conf.d:ro")),
            ("ports", Publish(p.Nginx))));
        services.Add("nginx-exporter", Map(
            ("image", S(images["nginx/nginx-prometheus-exporter"])),
            ("command", Seq(S($"--nginx.scrape-uri=http://nginx:{I(p.NginxStatus)}/stub_status"), S($"--web.listen-address=:{I(p.NginxExporter)}"))),
            ("depends_on", Seq(S("nginx")))));
        services.Add("node-exporter", Map(
            ("image", S(images["prom/node-exporter"])),
            ("command", Seq(S($"--web.listen-address=:{I(p.NodeExporter)}")))));
        services.Add("prometheus", Map(
            ("image", S(images["prom/prometheus"])),
            ("command", Seq(S("--config.file=/etc/prometheus/prometheus.yml"), S("--storage.tsdb.path=/prometheus"),
                S("--storage.tsdb.retention.time=7d"), S($"--web.listen-address=:{I(p.Prometheus)}"), S("--web.enable-lifecycle"))),
            ("volumes", Volumes($"{Generated}/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                $"{Generated}/prometheus/targets:/etc/prometheus/targets:ro",
                $"{Config}/prometheus/rules:/etc/prometheus/rules:ro",
                "prometheus-data:/prometheus")),
            ("ports", Publish(p.Prometheus))));
        services.Add("alertmanager", Map(
            ("image", S(images["prom/alertmanager"])),
            ("command", Seq(S("--config.file=/etc/alertmanager/alertmanager.yml"), S("--storage.path=/alertmanager"),
                S($"--web.listen-address=:{I(p.Alertmanager)}"), S("--cluster.listen-address="))),
            ("volumes", Volumes($"{Generated}/alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro",
                $"{Generated}/alertmanager/secrets:/etc/alertmanager/secrets:ro",
                $"{Config}/alertmanager/templates:/etc/alertmanager/templates:ro",
                "alertmanager-data:/alertmanager")),
            ("ports", Publish(p.Alertmanager))));
        services.Add("grafana", Map(
            ("image", S(images["grafana/grafana"])),
            ("environment", Map(
                ("GF_SERVER_HTTP_PORT", Quoted(I(p.Grafana))),
                ("GF_SECURITY_ADMIN_USER", S("admin")),
                // From the shell or an .env file next to compose.yaml; never committed.
                ("GF_SECURITY_ADMIN_PASSWORD", S("${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD}")),
                ("GF_USERS_ALLOW_SIGN_UP", Quoted("false")))),
            ("volumes", Volumes($"{Generated}/grafana/provisioning:/etc/grafana/provisioning:ro",
                $"{Config}/grafana/dashboards:/var/lib/grafana/dashboards:ro", "grafana-data:/var/lib/grafana")),
            ("ports", Publish(p.Grafana))));
        services.Add(StackEndpoints.WebhookReceiverResource, Map(
            ("image", S(images["monitoringstack/alert-receiver"])),
            ("environment", Map(("ASPNETCORE_HTTP_PORTS", Quoted(I(p.WebhookReceiver))), ("Service__InstanceId", S(StackEndpoints.WebhookReceiverResource)))),
            ("ports", Publish(p.WebhookReceiver))));
        services.Add(StackEndpoints.LoadGenResource, Map(
            ("image", S(images["monitoringstack/loadgen"])),
            ("command", Seq(S("worker"))),
            ("environment", Map(
                ("LoadGen__Target", S($"http://nginx:{I(p.Nginx)}")),
                ("LoadGen__MetricsPort", Quoted(I(p.LoadGenMetrics))),
                ("LoadGen__Rate", Quoted("10")),
                ("Service__InstanceId", S(StackEndpoints.LoadGenResource)))),
            ("depends_on", Seq(S("nginx"))),
            ("ports", Publish(p.LoadGenMetrics))));
        return Map(
            // docker-compose 1.29 (Debian, what CI validates with) needs a version; Compose v2 ignores it.
            ("version", Quoted("3.8")),
            ("services", services),
            ("volumes", Map(("prometheus-data", Map()), ("alertmanager-data", Map()), ("grafana-data", Map()))));
    }
}
