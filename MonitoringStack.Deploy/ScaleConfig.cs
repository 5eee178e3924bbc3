using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Deploy;

/// <summary>
/// <c>scale-config --out DIR --targets N --target-base-port B --prometheus-port P [--shards K]</c>: the
/// Prometheus configs of scripts/bench-monitoring-scale.sh (and of the sharding test), from the one
/// renderer. N replicas api-0… on 127.0.0.1:B… in the api job's file_sd list (as the stack writes it).
/// Without --shards: one Prometheus on P with the stack's config and every rule. With K ≥ 2: shard i on
/// P+i (hashmod share, per-instance rules) and the global view on P+K (federation, job-wide rules).
/// Every one sends alerts to an Alertmanager on P+K+1 (P+1 without shards), so nothing points at a stack
/// running on this machine. Prints one line per Prometheus: name, port, config file.
/// MonitoringStack.ScaleHost renders the same way (<see cref="Render"/>) and runs them under Aspire.
/// </summary>
public static class ScaleConfig
{
    public static int Run(string repositoryRoot, string[] args)
    {
        string Arg(string name, string? fallback = null) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? fallback ?? throw new ArgumentException($"scale-config needs {name}");
        int Int(string name, string? fallback = null) => int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
        foreach (var prometheus in Render(repositoryRoot, Path.GetFullPath(Arg("--out")), Int("--targets"), Int("--target-base-port"),
            Int("--prometheus-port"), Int("--shards", "0")))
        {
            Console.WriteLine($"{prometheus.Name} {prometheus.Port} {prometheus.ConfigFile}");
        }
        return 0;
    }

    /// <summary>Writes the configs under <paramref name="output"/>; the global view (when sharded) comes last.</summary>
    public static IReadOnlyList<ScalePrometheus> Render(string repositoryRoot, string output, int targets, int targetBasePort, int prometheusPort, int shards)
    {
        if (shards == 1 || shards < 0)
        {
            throw new ArgumentException("--shards is 0 (one Prometheus) or 2 or more");
        }
        var stack = StackTopology.Load(Path.Combine(repositoryRoot, "config", "topology.json"));
        // The topology holds at most 32 replicas; the target list is written from the simulated ones below.
        var replicas = Enumerable.Range(0, targets).Select(i => new ApiReplica(i, StackTopology.ReplicaName(i), targetBasePort + i)).ToArray();
        var rules = Path.Combine(repositoryRoot, "config", "prometheus", "rules");
        var alertmanagerPort = prometheusPort + shards + 1;

        StackTopology TopologyFor(int port) => stack with
        {
            Replicas = 1,
            MaxReplicas = 1,
            ApiBasePort = targetBasePort,
            // The ports no Prometheus config names are moved with Prometheus' so that they cannot clash.
            Ports = BenchConfig.Offset(stack.Ports, port - stack.Ports.Prometheus) with { Alertmanager = alertmanagerPort },
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
            return [new ScalePrometheus("single", prometheusPort, RenderOne("single", prometheusPort, null).PrometheusConfigFile)];
        }
        var all = new List<ScalePrometheus>();
        for (var i = 0; i < shards; i++)
        {
            var port = prometheusPort + i;
            var shard = RenderOne($"shard-{i}", port, new PrometheusShard(i, shards));
            RuleScope.WriteScoped(rules, shard.PrometheusRulesDirectory, RuleScope.Scope.Shard);
            all.Add(new ScalePrometheus($"shard-{i}", port, shard.PrometheusConfigFile));
        }
        var globalPort = prometheusPort + shards;
        var global = StackConfigRenderer.RenderGlobalView(repositoryRoot, Path.Combine(output, "global"), $"127.0.0.1:{globalPort}",
            $"127.0.0.1:{alertmanagerPort}", all.Select(s => $"127.0.0.1:{s.Port}").ToArray());
        RuleScope.WriteScoped(rules, Path.Combine(Path.GetDirectoryName(global)!, "rules"), RuleScope.Scope.Global);
        all.Add(new ScalePrometheus("global", globalPort, global));
        return all;
    }
}

/// <summary>One Prometheus of a scale run: its name (single, shard-i, global), port and config file.</summary>
public sealed record ScalePrometheus(string Name, int Port, string ConfigFile);
