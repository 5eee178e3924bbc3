using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Deploy;

/// <summary>
/// <c>scale-config --out DIR --targets N --target-base-port B --prometheus-port P [--shards K]</c>: the
/// Prometheus configs of scripts/bench-monitoring-scale.sh (and the sharding test), from the one renderer.
/// N replicas api-0… on 127.0.0.1:B… in the api job's file_sd list (as the stack writes it). Without
/// --shards: one Prometheus on P with the stack's config and every rule. With K ≥ 2: shard i on P+i
/// (hashmod share, per-instance rules) and the global view on P+K (federation, job-wide rules).
/// Prints one line per Prometheus: name, port, config file.
/// </summary>
internal static class ScaleConfig
{
    public static int Run(string repositoryRoot, string[] args)
    {
        string Arg(string name, string? fallback = null) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? fallback ?? throw new ArgumentException($"scale-config needs {name}");
        int Int(string name, string? fallback = null) => int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
        var output = Path.GetFullPath(Arg("--out"));
        var targets = Int("--targets");
        var targetBasePort = Int("--target-base-port");
        var prometheusPort = Int("--prometheus-port");
        var shards = Int("--shards", "0");
        if (shards == 1 || shards < 0)
        {
            throw new ArgumentException("--shards is 0 (one Prometheus) or 2 or more");
        }
        var stack = StackTopology.Load(Path.Combine(repositoryRoot, "config", "topology.json"));
        // The topology holds at most 32 replicas; the target list is written from the simulated ones below.
        var replicas = Enumerable.Range(0, targets).Select(i => new ApiReplica(i, StackTopology.ReplicaName(i), targetBasePort + i)).ToArray();
        var rules = Path.Combine(repositoryRoot, "config", "prometheus", "rules");

        StackTopology TopologyFor(int port) => stack with
        {
            Replicas = 1,
            MaxReplicas = 1,
            ApiBasePort = targetBasePort,
            // Every other port moved with Prometheus', so nothing points at a stack running on this machine.
            Ports = BenchConfig.Offset(stack.Ports, port - stack.Ports.Prometheus),
        };
        RenderedConfig RenderOne(string name, int port, PrometheusShard? shard)
        {
            var topology = TopologyFor(port).Validate();
            var rendered = StackConfigRenderer.Render(topology, repositoryRoot, Path.Combine(output, name), new RenderOptions
            {
                Mode = HostingMode.Local,
                ScrapeLoadGen = false,
                ScrapeNodeExporter = false,
                ScrapeNginxExporter = false,
                Shard = shard,
            });
            StackConfigRenderer.WriteApiTargets(rendered, topology, replicas);
            return rendered;
        }

        if (shards == 0)
        {
            var single = RenderOne("single", prometheusPort, null);
            Console.WriteLine($"single {prometheusPort} {single.PrometheusConfigFile}");
            return 0;
        }
        var addresses = new List<string>();
        for (var i = 0; i < shards; i++)
        {
            var port = prometheusPort + i;
            var shard = RenderOne($"shard-{i}", port, new PrometheusShard(i, shards));
            RuleScope.WriteScoped(rules, shard.PrometheusRulesDirectory, RuleScope.Scope.Shard);
            addresses.Add($"127.0.0.1:{port}");
            Console.WriteLine($"shard-{i} {port} {shard.PrometheusConfigFile}");
        }
        var globalPort = prometheusPort + shards;
        var alertmanager = $"127.0.0.1:{TopologyFor(prometheusPort).Ports.Alertmanager}";
        var global = StackConfigRenderer.RenderGlobalView(repositoryRoot, Path.Combine(output, "global"), $"127.0.0.1:{globalPort}", alertmanager, addresses);
        RuleScope.WriteScoped(rules, Path.Combine(Path.GetDirectoryName(global)!, "rules"), RuleScope.Scope.Global);
        Console.WriteLine($"global {globalPort} {global}");
        return 0;
    }
}
