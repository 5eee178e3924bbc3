using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/overlays/sharded/generated/: the sharded Prometheus of docs/scaling.md in a cluster,
/// from the renderer that runs it locally (MonitoringStack.ScaleHost). One StatefulSet and Service per
/// shard (as prometheus-operator's <c>shards</c> makes them), each with the cluster prometheus.yml plus the
/// shard section (hashmod keep of its share of the discovered api pods, its number as an external label) and
/// the per-instance rules; the global view's config (federation from every shard) and job-wide rules replace
/// the base <c>prometheus</c>'s, so Grafana and KEDA keep their address.
/// The shard count is config/topology.json's <c>scale.shards</c>.
/// </summary>
internal static class ShardedOverlayFiles
{
    public const string Folder = "deploy/kubernetes/overlays/sharded/generated";
    private const string ShardRules = "shard-rules";
    private const string GlobalRules = "global-rules";

    public static IEnumerable<GeneratedFile> Generate(StackTopology topology, string repositoryRoot)
    {
        var shards = topology.Scale.Shards;
        if (shards < 2)
        {
            throw new TopologyException($"scale.shards of config/topology.json must be 2 or more for the sharded overlay, got {shards}");
        }
        var port = topology.Ports.Prometheus;
        string Address(string service) => $"{service}:{I(port)}";
        var names = Enumerable.Range(0, shards).Select(i => $"prometheus-shard-{I(i)}").ToArray();
        var service = new ApiReplica(0, "api", topology.ApiBasePort);

        for (var i = 0; i < shards; i++)
        {
            var rendered = RenderedStack.Render(topology, repositoryRoot, scrapeNodeExporter: false,
                alertReceiverHost: StackEndpoints.WebhookReceiverResource, nginxUpstreams: [service], shard: new PrometheusShard(i, shards));
            var config = PodDiscoveryScrapeConfig.Transform(rendered["prometheus/prometheus.yml"], StackTopology.ServiceName);
            yield return File($"{names[i]}.yml", GeneratedHeader.For("config/prometheus/prometheus.yml (shard section)") + ScrapingItself(config, Address(names[i])));
        }
        var rules = Path.Combine(repositoryRoot, "config", "prometheus", "rules");
        var shardRules = RuleScope.Scoped(rules, RuleScope.Scope.Shard).ToArray();
        var globalRules = RuleScope.Scoped(rules, RuleScope.Scope.Global).ToArray();
        foreach (var (name, content) in shardRules)
        {
            yield return File($"{ShardRules}/{name}", content);
        }
        foreach (var (name, content) in globalRules)
        {
            yield return File($"{GlobalRules}/{name}", content);
        }
        yield return File("global.yml", GlobalView(repositoryRoot, Address(StackEndpoints.PrometheusResource),
            $"{StackEndpoints.AlertmanagerResource}:{I(topology.Ports.Alertmanager)}", [.. names.Select(Address)]));
        yield return File("prometheus-shards.yaml", GeneratedHeader.For("config/topology.json (scale.shards, ports.prometheus)")
            + string.Join("---\n", names.SelectMany(name => new[] { Print(StatefulSet(name, port, BaseImages.Read(repositoryRoot)["prom/prometheus"])), Print(Service(name, port)) })));
        // A Component, not a Kustomization: it works on the overlay's resources, so it can replace the base's
        // Prometheus ConfigMaps (and the Deployment's references follow their new hashed names).
        yield return File("kustomization.yaml", GeneratedHeader.For("config/ (the files it lists)") + Print(Map(
            ("apiVersion", S("kustomize.config.k8s.io/v1alpha1")),
            ("kind", S("Component")),
            ("resources", Seq(S("prometheus-shards.yaml"))),
            ("configMapGenerator", Seq([
                // Each shard's prometheus.yml under the key its StatefulSet mounts.
                .. names.Select(name => (YamlNode)Map(("name", S($"{name}-config")), ("files", Seq(S($"prometheus.yml={name}.yml"))))),
                Map(("name", S("prometheus-shard-rules")), ("files", Seq([.. shardRules.Select(r => (YamlNode)S($"{ShardRules}/{r.FileName}"))]))),
                // The base's Prometheus becomes the global view: its ConfigMaps, replaced.
                Map(("name", S("prometheus-config")), ("behavior", S("replace")), ("files", Seq(S("prometheus.yml=global.yml")))),
                Map(("name", S("prometheus-rules")), ("behavior", S("replace")), ("files", Seq([.. globalRules.Select(r => (YamlNode)S($"{GlobalRules}/{r.FileName}"))]))),
            ])))));
    }

    /// <summary>The shard's <c>prometheus</c> job scrapes the shard itself, not the global view behind the <c>prometheus</c> Service.</summary>
    private static string ScrapingItself(string prometheusYml, string self)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(prometheusYml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var job = ((YamlSequenceNode)root.Children[S("scrape_configs")]).Children.Cast<YamlMappingNode>()
            .Single(j => ((YamlScalarNode)j.Children[S("job_name")]).Value == "prometheus");
        job.Children[S("static_configs")] = Seq(Map(("targets", Seq(Quoted(self)))));
        return Print(root);
    }

    /// <summary>config/prometheus/global.yml through the renderer (which writes files), read back.</summary>
    private static string GlobalView(string repositoryRoot, string self, string alertmanager, IReadOnlyList<string> shards)
    {
        var folder = Directory.CreateTempSubdirectory("monitoringstack-global-");
        try
        {
            return System.IO.File.ReadAllText(StackConfigRenderer.RenderGlobalView(repositoryRoot, folder.FullName, self, alertmanager, shards)).ReplaceLineEndings("\n");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static YamlMappingNode Labels(string name) => Map(
        ("app.kubernetes.io/name", S("prometheus-shard")), ("app.kubernetes.io/instance", S(name)), ("app.kubernetes.io/part-of", S("monitoringstack")));

    /// <summary>The base's Prometheus Deployment, as a StatefulSet: one writer per TSDB volume, its own claim per shard.</summary>
    private static YamlMappingNode StatefulSet(string name, int port, string image)
    {
        var container = Map(
            ("name", S("prometheus")),
            ("image", S(image)),
            ("args", Seq(
                S("--config.file=/etc/prometheus/prometheus.yml"),
                S("--storage.tsdb.path=/prometheus"),
                S("--storage.tsdb.retention.time=7d"),
                S("--storage.tsdb.retention.size=8GB"),
                S($"--web.listen-address=:{I(port)}"),
                S("--web.enable-lifecycle"))),
            ("ports", Seq(Map(("name", S("http")), ("containerPort", N(port))))),
            ("readinessProbe", Map(("httpGet", Map(("path", S("/-/ready")), ("port", S("http")))), ("periodSeconds", N(5)))),
            ("livenessProbe", Map(("httpGet", Map(("path", S("/-/healthy")), ("port", S("http")))), ("periodSeconds", N(10)), ("failureThreshold", N(6)))),
            // Measured (docs/scaling.md): 2.2-2.9 GB and 1.0-1.4 cores per 1,000 targets; a shard sized for ~1,000.
            ("resources", Map(("requests", Map(("cpu", S("1")), ("memory", S("3Gi")))), ("limits", Map(("memory", S("4Gi")))))),
            ("securityContext", Map(("allowPrivilegeEscalation", S("false")), ("readOnlyRootFilesystem", S("true")),
                ("capabilities", Map(("drop", Seq(S("ALL"))))))),
            ("volumeMounts", Seq(
                Map(("name", S("config")), ("mountPath", S("/etc/prometheus/prometheus.yml")), ("subPath", S("prometheus.yml"))),
                Map(("name", S("rules")), ("mountPath", S("/etc/prometheus/rules"))),
                Map(("name", S("data")), ("mountPath", S("/prometheus"))))));
        var pod = Map(
            // The base's account: its Role lets a shard discover the pods of its namespace.
            ("serviceAccountName", S("prometheus")),
            ("securityContext", Map(("runAsNonRoot", S("true")), ("runAsUser", N(65534)), ("runAsGroup", N(65534)), ("fsGroup", N(65534)),
                ("seccompProfile", Map(("type", S("RuntimeDefault")))))),
            ("containers", Seq(container)),
            ("volumes", Seq(
                Map(("name", S("config")), ("configMap", Map(("name", S($"{name}-config"))))),
                Map(("name", S("rules")), ("configMap", Map(("name", S("prometheus-shard-rules"))))))));
        var claim = Map(
            ("metadata", Map(("name", S("data")))),
            ("spec", Map(("accessModes", Seq(S("ReadWriteOnce"))), ("resources", Map(("requests", Map(("storage", S("10Gi")))))))));
        return Map(
            ("apiVersion", S("apps/v1")), ("kind", S("StatefulSet")),
            ("metadata", Map(("name", S(name)), ("labels", Labels(name)))),
            ("spec", Map(
                ("serviceName", S(name)),
                ("replicas", N(1)),
                ("selector", Map(("matchLabels", Map(("app.kubernetes.io/instance", S(name)))))),
                ("template", Map(("metadata", Map(("labels", Labels(name)))), ("spec", pod))),
                ("volumeClaimTemplates", Seq(claim)))));
    }

    /// <summary>The shard's address for the global view's federation (and for you: its own /targets).</summary>
    private static YamlMappingNode Service(string name, int port) => Map(
        ("apiVersion", S("v1")), ("kind", S("Service")),
        ("metadata", Map(("name", S(name)), ("labels", Labels(name)))),
        ("spec", Map(
            ("selector", Map(("app.kubernetes.io/instance", S(name)))),
            ("ports", Seq(Map(("name", S("http")), ("port", N(port)), ("targetPort", S("http"))))))));

    private static string I(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static GeneratedFile File(string path, string content) => new($"{Folder}/{path}", content);
}
