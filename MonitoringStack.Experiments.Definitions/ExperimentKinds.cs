namespace MonitoringStack.Experiments.Definitions;

/// <summary>The values of an experiment's <c>kind</c>: which runner carries it out and what its result holds.</summary>
public static class ExperimentKinds
{
    /// <summary>A fault under steady load (the default).</summary>
    public const string Resilience = "resilience";

    /// <summary>Stepped load per replica count.</summary>
    public const string Scalability = "scalability";

    /// <summary>Steady load, a spike beyond one replica's capacity, back; run once per variant (autoscaler off and on).</summary>
    public const string Spike = "spike";

    public static readonly IReadOnlyList<string> All = [Resilience, Scalability, Spike];
}
