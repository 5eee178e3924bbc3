// The sharded monitoring plane from one command (issue 22; docs/scaling.md, "Run it"):
//   dotnet run --project MonitoringStack.ScaleHost -- --Scale:Targets=1000 --Scale:Shards=2
// The target simulator serves Targets replicas api-0… (the stack's API exposition, one port each); each
// of Shards Prometheus keeps its hashmod share with the per-instance rules, and the global view federates
// them and evaluates the job-wide rules (Shards=1: one Prometheus with every rule). Configs come from the
// one renderer (MonitoringStack.Deploy's ScaleConfig, as scripts/bench-monitoring-scale.sh runs them);
// Prometheus runs through the hosting package, so every one is a resource of the dashboard with its
// health, logs and URLs. Bad settings exit 2 with one line; nothing is started then.
using MonitoringStack.Deploy;
using MonitoringStack.Hosting;
using MonitoringStack.ScaleHost;
using MonitoringStack.Topology;

try
{
    var builder = DistributedApplication.CreateBuilder(args);
    var root = StackTopology.FindRepositoryRoot(builder.AppHostDirectory);
    var scale = ScaleSettings.Load(builder.Configuration, StackTopology.Load(Path.Combine(root, "config", "topology.json")).Scale);
    var state = Path.GetFullPath(builder.Configuration[MonitoringOptions.StateDirectoryKey] ?? Path.Combine(root, ".state", "scale-host"), builder.AppHostDirectory);
    builder.ConfigureMonitoring(options =>
    {
        // The rendered configs name 127.0.0.1 and host paths (the simulator is a host process), and the
        // benchmark measures host processes: Prometheus runs from this machine's binary.
        options.RunAs = MonitoringRuntime.Executable;
        options.RunAsReason = "the scale host runs Prometheus beside the simulator on loopback";
        options.StateDirectory = state;
        // A measurement starts from empty storage: series of an earlier size would count.
        options.FreshData = true;
    });
    var rendered = Path.Combine(state, "rendered");

    var simulator = builder.AddProject<Projects.MonitoringStack_TargetSimulator>("target-simulator")
        .WithArgs("--targets", Invariant(scale.Targets), "--base-port", Invariant(scale.TargetBasePort),
            "--control-port", Invariant(scale.ControlPort), "--rate", scale.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithHttpEndpoint(port: scale.ControlPort, name: "control", isProxied: false)
        // Answers once every target listens (the control server starts after the targets).
        .WithHttpHealthCheck("/stats", endpointName: "control");

    var topology = ScaleConfig.Render(root, rendered, scale.Targets, scale.TargetBasePort, scale.PrometheusPort, scale.Shards == 1 ? 0 : scale.Shards);
    if (scale.Reference)
    {
        topology = [.. topology, .. ScaleConfig.Render(root, rendered, scale.Targets, scale.TargetBasePort, scale.ReferencePort, 0)];
    }
    var shards = new List<IResourceBuilder<IPrometheusResource>>();
    foreach (var prometheus in topology)
    {
        var resource = builder.AddPrometheus(prometheus.Name, prometheus.Port)
            .WithConfigurationFolder(Path.GetDirectoryName(prometheus.ConfigFile)!, Path.GetFileName(prometheus.ConfigFile))
            .WaitFor(simulator);
        if (prometheus.Name == "global")
        {
            // Federation needs the shards answering; their order in the dashboard is the topology's.
            foreach (var shard in shards)
            {
                resource.WaitFor(shard);
            }
        }
        else
        {
            shards.Add(resource);
        }
    }

    builder.Build().Run();
    return 0;
}
catch (Exception e) when (e is ScaleInputException or TopologyException)
{
    Console.Error.WriteLine($"MonitoringStack.ScaleHost: {e.Message}");
    return 2;
}

static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
