using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Experiments.Definitions;

/// <summary>
/// One experiment as data (a YAML file under <c>experiments/</c>), in the Chaos Toolkit's shape:
/// a steady-state hypothesis, a method (load plus a fault timeline) and rollbacks.
/// </summary>
public sealed class ExperimentDefinition
{
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary><c>resilience</c> (a fault under steady load) or <c>scalability</c> (stepped load per replica count).</summary>
    public string Kind { get; set; } = "resilience";
    public int Replicas { get; set; } = 3;
    public HypothesisDefinition Hypothesis { get; set; } = new();
    public LoadDefinition Load { get; set; } = new();
    public List<FaultAction> Method { get; set; } = [];
    public List<FaultAction> Rollbacks { get; set; } = [];
    public List<string> ExpectedAlerts { get; set; } = [];
    public ScalabilityDefinition? Scalability { get; set; }

    public SteadyStateHypothesis ToHypothesis() => new(Hypothesis.MinAvailability, Hypothesis.MaxP99Ms);
}

public sealed class HypothesisDefinition
{
    public double MinAvailability { get; set; } = 0.999;
    /// <summary>
    /// Availability during the fault per HTTP method, beside <see cref="MinAvailability"/> for all requests,
    /// e.g. <c>{ GET: 0.99 }</c>: retries may protect one method and not another.
    /// </summary>
    public Dictionary<string, double> MinAvailabilityByMethod { get; set; } = [];
    public double MaxP99Ms { get; set; } = 300;
    public double Slo { get; set; } = 0.999;
    /// <summary>Consecutive seconds the hypothesis must hold again before the system counts as recovered.</summary>
    public int StableSeconds { get; set; } = 3;
}

/// <summary>Steady open-model load: <see cref="Rate"/> requests per second for <see cref="DurationSeconds"/>.</summary>
public sealed class LoadDefinition
{
    public double Rate { get; set; } = 100;
    public int DurationSeconds { get; set; } = 40;
    /// <summary>Weighted request mix, e.g. <c>GET /data?page=1: 3</c>. Empty means the load generator's default mix.</summary>
    public Dictionary<string, int> Mix { get; set; } = [];
}

/// <summary>One step of the method or of the rollbacks.</summary>
public sealed class FaultAction
{
    /// <summary>Seconds from the start of the load when this action runs.</summary>
    public double At { get; set; }
    /// <summary>The YAML name: kill | pause | resume | partition | heal | chaos | chaos-reset | restart-prometheus | restart-alertmanager.</summary>
    public string Action { get; set; } = "";

    /// <summary>The action, typed (the loader has rejected unknown names, so this never throws on a loaded definition).</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public ActionKind Kind => ExperimentActions.TryParse(Action, out var kind)
        ? kind
        : throw new ExperimentDefinitionException($"unknown experiment action '{Action}'");
    public string? Target { get; set; }
    /// <summary>For faults that last (pause, partition, chaos): when the matching rollback runs by itself.</summary>
    public double? DurationSeconds { get; set; }
    /// <summary>
    /// For <c>kill</c>: the supervisor holds the restart this long, as for a process that is slow to come
    /// back. Without it a replica is back in about a second, faster than the 5 s scrape, and whether
    /// Prometheus ever sees it down is chance.
    /// </summary>
    public double? KeepDownSeconds { get; set; }
    /// <summary>For <c>chaos</c>: the API switch (<c>latency</c>, <c>errors</c>, <c>cpu</c>, <c>memory</c>, <c>hang</c>, <c>crash</c>) and its JSON body.</summary>
    public string? Fault { get; set; }
    public Dictionary<string, object> Body { get; set; } = [];
}

public sealed class ScalabilityDefinition
{
    public List<int> ReplicaCounts { get; set; } = [1, 2, 4];
    /// <summary>The endpoint whose capacity is measured, e.g. <c>POST /process</c>.</summary>
    public string Endpoint { get; set; } = "POST /process";
    /// <summary>Offered load per step, as a multiple of one replica's nominal capacity.</summary>
    public List<double> StepRates { get; set; } = [];
    public int StepSeconds { get; set; } = 10;
    /// <summary>The offered load at which latency is compared across replica counts.</summary>
    public double FixedOfferedLoadRps { get; set; } = 60;
    public double MinEfficiency { get; set; } = 0.9;
}
