namespace MonitoringStack.Experiments.Analysis;

/// <summary>How the steady state behaved after a fault started.</summary>
/// <param name="Impacted">Whether the hypothesis was broken at any second after the fault started.</param>
/// <param name="MttrSeconds">Fault start to the first second of a stable run that holds the hypothesis
/// again; 0 when the fault had no visible impact; null when the steady state never came back.</param>
/// <param name="ImpactStartSecond">The first second that broke the hypothesis, if any.</param>
public sealed record RecoveryResult(bool Impacted, double? MttrSeconds, int? ImpactStartSecond, string Explanation);

/// <summary>
/// Mean time to recovery for one fault: from fault start until the hypothesis holds again for
/// <c>stableSeconds</c> consecutive seconds. A second with no data breaks a stable run (no evidence
/// of health), so gaps in the data can only make MTTR longer, never shorter.
/// </summary>
public static class Recovery
{
    /// <param name="impactBeforeSecond">When set, only a second before it counts as the impact (a spike's:
    /// a second that breaks the hypothesis after the spike is not the spike's doing); the recovery may come later.</param>
    public static RecoveryResult Measure(
        IReadOnlyList<ClientSecond> series, int faultStartSecond, SteadyStateHypothesis hypothesis,
        int stableSeconds = 3, int? endSecond = null, int? impactBeforeSecond = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(hypothesis);
        if (stableSeconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stableSeconds), stableSeconds, "must be at least 1");
        }
        var bySecond = series.ToDictionary(s => s.Second);
        var last = endSecond ?? (series.Count == 0 ? faultStartSecond : series.Max(s => s.Second) + 1);

        int? impactStart = null;
        for (var t = faultStartSecond; t < Math.Min(last, impactBeforeSecond ?? last); t++)
        {
            if (!hypothesis.HeldIn(bySecond.GetValueOrDefault(t)))
            {
                impactStart = t;
                break;
            }
        }
        if (impactStart is null)
        {
            return new RecoveryResult(false, 0, null, "the hypothesis held in every second after the fault: no visible impact");
        }

        var runStart = -1;
        var runLength = 0;
        for (var t = impactStart.Value + 1; t < last; t++)
        {
            if (hypothesis.HeldIn(bySecond.GetValueOrDefault(t)))
            {
                if (runLength == 0)
                {
                    runStart = t;
                }
                if (++runLength >= stableSeconds)
                {
                    return new RecoveryResult(true, runStart - faultStartSecond, impactStart,
                        $"impact from second {impactStart}; steady state back at second {runStart} and held {stableSeconds} s");
                }
            }
            else
            {
                runLength = 0;
            }
        }
        return new RecoveryResult(true, null, impactStart,
            $"impact from second {impactStart}; the steady state did not hold for {stableSeconds} consecutive seconds before second {last}: no recovery");
    }
}
