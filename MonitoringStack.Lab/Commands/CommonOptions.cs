using System.CommandLine;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Topology;

namespace MonitoringStack.Lab.Commands;

/// <summary>Options every command shares: where the state folder is and how ports are moved.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> StateDir = new("--state-dir")
    {
        Description = "State folder (Prometheus TSDB, Alertmanager, Grafana data, runs); default .state/ at the repository root",
        Recursive = true,
    };

    public static readonly Option<int> PortOffset = new("--port-offset")
    {
        Description = "Add K to every port of config/topology.json (run a second stack beside the first)",
        Recursive = true,
    };

    public static readonly Option<string[]> Ports = new("--port")
    {
        Description = $"Override one port: name=port ({string.Join(", ", TopologyOverrides.PortNames)}); repeatable",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public static string RepositoryRoot()
    {
        try
        {
            return StackTopology.FindRepositoryRoot(Environment.CurrentDirectory);
        }
        catch (TopologyException)
        {
            return StackTopology.FindRepositoryRoot();
        }
    }

    public static StackTopology Topology(ParseResult parse, string repositoryRoot) =>
        StackTopology.Load(Path.Combine(repositoryRoot, "config", "topology.json"))
            .WithPortOffset(parse.GetValue(PortOffset))
            .WithPorts(parse.GetValue(Ports) ?? []);

    public static StateFolder State(ParseResult parse, string repositoryRoot) =>
        new(parse.GetValue(StateDir) ?? Path.Combine(repositoryRoot, ".state"));

    /// <summary>The control port of the running Lab: from its registry when there is one, else from the topology.</summary>
    public static int ControlPort(ParseResult parse)
    {
        var root = RepositoryRoot();
        if (ProcessRegistry.Read(State(parse, root)) is { } registry && ProcessRegistry.LiveLab(registry) is not null)
        {
            return registry.ControlPort;
        }
        return Topology(parse, root).Ports.LabControl;
    }
}
