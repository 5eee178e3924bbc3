using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// An experiment definition in its analysis' terms. Here, not on <see cref="ExperimentDefinition"/>, so the
/// definitions stay a library of their own (MonitoringStack.Experiments.Definitions) without the analysis.
/// </summary>
public static class DefinitionTerms
{
    public static SteadyStateHypothesis ToHypothesis(this ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition.Hypothesis.MinAvailability, definition.Hypothesis.MaxP99Ms);
    }

    /// <summary>A spike experiment in its analysis' terms (a loaded definition of kind <c>spike</c> always has one).</summary>
    /// <exception cref="ExperimentDefinitionException">Not a valid spike definition.</exception>
    public static SpikePlan ToSpikePlan(this ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var (load, hypothesis) = (definition.Load, definition.Hypothesis);
        if (definition.Spike is not { } spike || load.Peak() is not { } peak)
        {
            throw new ExperimentDefinitionException($"{definition.Name}: not a spike experiment (needs a spike section and one phase of the highest rate)");
        }
        var phases = load.Schedule.Select((p, i) => new OfferedPhase(load.Schedule.Take(i).Sum(q => q.DurationSeconds), p.DurationSeconds, p.Rate)).ToArray();
        return new SpikePlan(definition.Name, definition.Title, definition.Replicas,
            new SpikeHypothesis(hypothesis.MaxP99Ms, hypothesis.MinAvailability, hypothesis.Slo, hypothesis.StableSeconds,
                spike.MaxBudgetRatio, spike.MaxSecondsToP99WithinSlo, spike.MaxScaleDownsInFirst60sAfterSpike, SpikeDefinition.FlappingWindowSeconds),
            phases, peak.StartSecond, peak.EndSecond);
    }
}
