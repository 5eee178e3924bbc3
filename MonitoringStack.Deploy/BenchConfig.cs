using System.Globalization;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Deploy;

/// <summary>
/// <c>bench-config --out DIR --replicas N --port-offset K</c>: the local-mode configs (the one renderer)
/// for N replicas with every topology port moved by K, so scripts/bench-scale-cost.sh measures the
/// Prometheus and nginx configs the stack really runs, up to 16 replicas, beside a running stack.
/// Only the API, nginx and Prometheus jobs are rendered: the benchmark runs nothing else.
/// </summary>
internal static class BenchConfig
{
    public static int Run(string repositoryRoot, string[] args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"bench-config needs {name}");
        var output = Path.GetFullPath(Arg("--out"));
        var replicas = int.Parse(Arg("--replicas"), CultureInfo.InvariantCulture);
        var offset = int.Parse(Arg("--port-offset"), CultureInfo.InvariantCulture);
        var topology = StackTopology.Load(Path.Combine(repositoryRoot, "config", "topology.json"));
        topology = topology with
        {
            Replicas = replicas,
            MaxReplicas = Math.Max(replicas, topology.MaxReplicas),
            ApiBasePort = topology.ApiBasePort + offset,
            Ports = Offset(topology.Ports, offset),
        };
        StackConfigRenderer.Render(topology.Validate(), repositoryRoot, output, new RenderOptions
        {
            Mode = HostingMode.Local,
            ScrapeLoadGen = false,
            ScrapeNodeExporter = false,
            ScrapeNginxExporter = false,
        });
        Console.WriteLine(string.Join(' ', topology.ApiReplicas.Select(r => r.Port.ToString(CultureInfo.InvariantCulture))));
        return 0;
    }

    /// <summary>
    /// Every port of the record moved by <paramref name="offset"/>, by reflection so that a port added to
    /// (or removed from) the topology is moved too without touching this file.
    /// </summary>
    internal static ComponentPorts Offset(ComponentPorts ports, int offset)
    {
        var moved = ports with { };
        foreach (var property in typeof(ComponentPorts).GetProperties().Where(p => p.PropertyType == typeof(int) && p.CanWrite))
        {
            property.SetValue(moved, (int)property.GetValue(ports)! + offset);
        }
        return moved;
    }
}
