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
    /// <summary>One of <see cref="ExperimentKinds"/>: <c>resilience</c>, <c>scalability</c> or <c>spike</c>.</summary>
    public string Kind { get; set; } = ExperimentKinds.Resilience;
    /// <summary>
    /// Whether <c>experiment run all</c> includes it. The spike experiment does not: its two variants take
    /// about 6.5 minutes, and <c>all</c> keeps to its ~15-minute budget; it runs by name.
    /// </summary>
    public bool InAll { get; set; } = true;
    /// <summary>
    /// The replica set the experiment acts on, by its resource name (<c>AddReplicas("orders", …)</c>): its
    /// members <c>&lt;set&gt;-0</c>, <c>&lt;set&gt;-1</c> … are the targets of replica faults, it is what
    /// <see cref="Replicas"/> scales, and its Prometheus scrape job has the same name (as
    /// <c>WithScrapeTarget(set)</c> names it). Definitions that do not say act on <see cref="DefaultReplicaSet"/>.
    /// </summary>
    public string ReplicaSet { get; set; } = DefaultReplicaSet;
    public int Replicas { get; set; } = 3;
    public HypothesisDefinition Hypothesis { get; set; } = new();
    public LoadDefinition Load { get; set; } = new();
    public List<FaultAction> Method { get; set; } = [];
    public List<FaultAction> Rollbacks { get; set; } = [];
    public List<string> ExpectedAlerts { get; set; } = [];
    public ScalabilityDefinition? Scalability { get; set; }
    /// <summary>For kind <c>spike</c>: the same definition run once per variant, in this order, in the same suite.</summary>
    public List<VariantDefinition> Variants { get; set; } = [];
    /// <summary>For kind <c>spike</c>: the hypothesis' thresholds that compare the variants.</summary>
    public SpikeDefinition? Spike { get; set; }

    /// <summary>The set a definition without <c>replicaSet:</c> acts on: this repository's API, as experiments/*.yaml were written before the field.</summary>
    public const string DefaultReplicaSet = "api";

    /// <summary>The name of replica <paramref name="index"/> of <see cref="ReplicaSet"/>, as the hosting package names it.</summary>
    public string ReplicaName(int index) => $"{ReplicaSet}-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
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

/// <summary>
/// Open-model load: <see cref="Rate"/> requests per second for <see cref="DurationSeconds"/>, or the rate
/// over time as <see cref="Phases"/> (one or the other; the loader rejects both).
/// </summary>
public sealed class LoadDefinition
{
    public double Rate { get; set; } = 100;
    public int DurationSeconds { get; set; } = 40;
    /// <summary>The rate over time, phase after phase; when empty, one phase of <see cref="Rate"/> for <see cref="DurationSeconds"/>.</summary>
    public List<LoadPhaseDefinition> Phases { get; set; } = [];
    /// <summary>Weighted request mix, e.g. <c>GET /data?page=1: 3</c>. Empty means the load generator's default mix.</summary>
    public Dictionary<string, int> Mix { get; set; } = [];

    /// <summary>What is offered, phase by phase: <see cref="Phases"/>, or the one constant phase.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public IReadOnlyList<LoadPhaseDefinition> Schedule =>
        Phases.Count > 0 ? Phases : [new LoadPhaseDefinition { Rate = Rate, DurationSeconds = DurationSeconds }];

    /// <summary>How long the load lasts, all phases together.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public int TotalSeconds => Schedule.Sum(p => p.DurationSeconds);

    /// <summary>
    /// The phase of the highest rate (the spike), as seconds from the start of the load: [start, end).
    /// Null when no single phase is higher than all others.
    /// </summary>
    public (int StartSecond, int EndSecond)? Peak()
    {
        var schedule = Schedule;
        var highest = schedule.Max(p => p.Rate);
        if (schedule.Count(p => p.Rate == highest) != 1)
        {
            return null;
        }
        var index = schedule.ToList().FindIndex(p => p.Rate == highest);
        var start = schedule.Take(index).Sum(p => p.DurationSeconds);
        return (start, start + schedule[index].DurationSeconds);
    }
}

/// <summary>One stretch of a phased load: a constant open-model rate for a number of seconds.</summary>
public sealed class LoadPhaseDefinition
{
    public double Rate { get; set; }
    public int DurationSeconds { get; set; }
}

/// <summary>One run of a spike definition: its name in the report, and whether the stack's autoscaler acts during it.</summary>
public sealed class VariantDefinition
{
    public string Name { get; set; } = "";
    public bool Autoscaling { get; set; }
}

/// <summary>
/// The spike experiment's hypothesis, comparing the autoscaled variant with the fixed one: the budget it
/// burns, how soon p99 is back within the SLO, and whether it flaps after the spike.
/// </summary>
public sealed class SpikeDefinition
{
    /// <summary>The autoscaled variant burns at most this share of the error budget the fixed variant burns.</summary>
    public double MaxBudgetRatio { get; set; } = 0.5;
    /// <summary>From the spike's start, p99 is back within <c>hypothesis.maxP99Ms</c> (for <c>stableSeconds</c>) within this.</summary>
    public double MaxSecondsToP99WithinSlo { get; set; } = 30;
    /// <summary>Scale-downs allowed in the 60 s after the spike ends, less the scale-down window's own release at its end (more is flapping; SpikeHypothesis.CountedFlappingSeconds).</summary>
    public int MaxScaleDownsInFirst60sAfterSpike { get; set; } = 1;

    /// <summary>The window after the spike in which scale-downs are counted.</summary>
    public const int FlappingWindowSeconds = 60;
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
    /// <summary>For <c>chaos</c>: the API switch (a fault of <c>FaultCatalogue</c>: <c>latency</c>, <c>errors</c> …) and its parameters.</summary>
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
